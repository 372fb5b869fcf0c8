//! Shared by the TUI tests: the demo portfolio on a fixed day, the app on
//! it, and a renderer into a test terminal.
#![allow(dead_code)]

pub mod binary;
pub mod config;
pub mod faces;
pub mod pty;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orienteer::clock::{AsOf, Clock, Zone};
use orienteer::domain::portfolio::Portfolio;
use orienteer::domain::{Account, Engine, Model};
use orienteer::keymap::Keymap;
use orienteer::source::demo::Demo;
use orienteer::tui::state::{App, Data};
use orienteer::tui::theme::Theme;
use orienteer::tui::update::{update, Msg, Outcome};
use orienteer::tui::views;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::sync::Arc;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

pub fn clock() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap()
}

/// Days counted in UTC, so the tests do not depend on the machine's zone.
pub fn utc_clock() -> Clock {
    Clock::new(Zone::Named(chrono_tz::UTC), None)
}

/// The demo portfolio evaluated as of `now` (in UTC), fetched at `now`.
pub fn demo_data(engine: &Arc<Engine>, now: DateTime<Utc>) -> Data {
    let as_of = AsOf::at(now, utc_clock().zone);
    Data {
        engine: engine.clone(),
        portfolio: Portfolio::new(engine, Demo::new(300, as_of.day).accounts(), as_of.day).into(),
        origin: orienteer::source::Origin::live("demo data"),
        fetched_at: now,
        as_of,
        warnings: Vec::new(),
        mapping: Vec::new(),
    }
}

pub struct Harness {
    pub app: App,
    pub terminal: Terminal<TestBackend>,
    /// Draw with colours (the theme without `NO_COLOR`).
    pub color: bool,
    /// Draw ASCII marks (a terminal whose locale is not UTF-8).
    pub ascii: bool,
}

impl Harness {
    /// The app on 300 demo accounts, data fetched 5 minutes before `clock()`.
    pub fn new(width: u16, height: u16) -> Harness {
        let engine = Arc::new(Engine::new(Model::default()).unwrap());
        let data = demo_data(&engine, clock() - chrono::Duration::minutes(5));
        Harness::on(engine, data, clock(), width, height, false)
    }

    /// The app on `accounts`, evaluated as of `today()`, fetched 5 minutes
    /// before `clock()`.
    pub fn with_accounts(accounts: Vec<Account>, width: u16, height: u16, color: bool) -> Harness {
        Harness::at(accounts, clock(), width, height, color)
    }

    /// The app at `now` on `accounts`, evaluated as of `now`'s day (in
    /// UTC), fetched 5 minutes before `now`.
    pub fn at(
        accounts: Vec<Account>,
        now: DateTime<Utc>,
        width: u16,
        height: u16,
        color: bool,
    ) -> Harness {
        let engine = Arc::new(Engine::new(Model::default()).unwrap());
        let fetched = now - chrono::Duration::minutes(5);
        let as_of = AsOf::at(fetched, utc_clock().zone);
        let data = Data {
            engine: engine.clone(),
            portfolio: Portfolio::new(&engine, accounts, as_of.day).into(),
            origin: orienteer::source::Origin::live("fixture"),
            fetched_at: fetched,
            as_of,
            warnings: Vec::new(),
            mapping: Vec::new(),
        };
        Harness::on(engine, data, now, width, height, color)
    }

    fn on(
        engine: Arc<Engine>,
        data: Data,
        now: DateTime<Utc>,
        width: u16,
        height: u16,
        color: bool,
    ) -> Harness {
        let mut app = App::new(engine, Keymap::new(&Default::default()), utc_clock(), now);
        app.set_data(data);
        let mut h = Harness {
            app,
            terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
            color,
            ascii: false,
        };
        h.draw();
        h
    }

    /// The screen with its styles: each line's text, then the runs of cells
    /// that share a style other than the default, as `from-to style`.
    pub fn styled_screen(&self) -> String {
        let buf = self.terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..buf.area.height {
            let mut runs: Vec<(u16, u16, String)> = Vec::new();
            for x in 0..buf.area.width {
                let cell = &buf[(x, y)];
                out.push_str(cell.symbol());
                let style = describe(cell);
                match runs.last_mut() {
                    Some((_, end, s)) if *s == style && *end + 1 == x => *end = x,
                    _ => runs.push((x, x, style)),
                }
            }
            out.push('\n');
            let runs: Vec<String> = runs
                .into_iter()
                .filter(|(_, _, s)| !s.is_empty())
                .map(|(a, b, s)| format!("{a}-{b} {s}"))
                .collect();
            if !runs.is_empty() {
                out.push_str(&format!("    {}\n", runs.join(" | ")));
            }
        }
        out
    }

    pub fn draw(&mut self) -> String {
        let theme = Theme {
            color: self.color,
            ascii: self.ascii,
        };
        let app = &self.app;
        let mut drawn = Default::default();
        self.terminal
            .draw(|f| drawn = views::render(app, &theme, f))
            .unwrap();
        update(&mut self.app, Msg::Drawn(drawn));
        self.screen()
    }

    pub fn screen(&self) -> String {
        let buf = self.terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                out.push_str(buf[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }

    pub fn key(&mut self, code: KeyCode) -> Outcome {
        let out = update(
            &mut self.app,
            Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        );
        let out = store_answers(&mut self.app, out);
        self.draw();
        out
    }

    pub fn chars(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    pub fn selected_name(&self) -> String {
        let p = self.app.portfolio().unwrap();
        p.accounts[self.app.selected_account().unwrap()]
            .name
            .clone()
    }
}

/// Does what the event loop's store thread does with an
/// [`Effect::Queue`](orienteer::tui::update::Effect::Queue), an
/// `Effect::QueueAll` (each log in turn) or an `Effect::Snooze`: writes the log or the snooze
/// through the app's sink and hands the answer to `update`. Other outcomes
/// pass through.
pub fn store_answers(app: &mut App, out: Outcome) -> Outcome {
    use orienteer::tui::update::Effect;
    match (out.effect, app.play_sink.clone()) {
        (Some(Effect::Queue(drafted)), Some(sink)) => {
            let msg = orienteer::tui::plays::carry_out(sink.as_ref(), *drafted);
            update(app, msg)
        }
        (Some(Effect::QueueAll(drafted)), Some(sink)) => {
            let mut last = Outcome::default();
            for d in drafted {
                let msg = orienteer::tui::plays::carry_out(sink.as_ref(), d);
                last = update(app, msg);
            }
            last
        }
        (Some(Effect::Snooze(job)), Some(sink)) => {
            let msg = orienteer::tui::snoozer::flow::carry_out_snooze(sink.as_ref(), *job);
            update(app, msg)
        }
        (effect, _) => Outcome { effect, ..out },
    }
}

/// A cell's style in a few words; empty for the default.
fn describe(cell: &ratatui::buffer::Cell) -> String {
    use ratatui::style::Color;
    let mut parts = Vec::new();
    if cell.fg != Color::Reset {
        parts.push(format!("fg:{:?}", cell.fg));
    }
    if cell.bg != Color::Reset {
        parts.push(format!("bg:{:?}", cell.bg));
    }
    if !cell.modifier.is_empty() {
        parts.push(format!("{:?}", cell.modifier));
    }
    parts.join(" ")
}

/// Carries out what the journey job asks of the event loop after a step:
/// the next step (as `Msg::JourneyStep`) or the review (made here at once,
/// on the blocking pool in the app). Returns the last outcome: its effect
/// is `None` once the job is done or its steps were stale.
pub fn run_journey(app: &mut App, generation: u64) -> Outcome {
    use orienteer::tui::update::Effect;
    let mut out = update(app, Msg::JourneyStep(generation));
    loop {
        match out.effect {
            Some(Effect::JourneyStep(g)) => out = update(app, Msg::JourneyStep(g)),
            Some(Effect::Review(..)) => out = made_review(app, out),
            _ => return out,
        }
    }
}

/// The review a step asked for, made and handed back, as the event loop
/// does; any other outcome is returned as it is.
pub fn made_review(app: &mut App, out: Outcome) -> Outcome {
    use orienteer::tui::update::Effect;
    match out.effect {
        Some(Effect::Review(generation, looks)) => {
            let review = Box::new(looks.review(&app.engine));
            update(app, Msg::Reviewed { generation, review })
        }
        _ => out,
    }
}

/// Logs play `play` on the account at portfolio index `i` as done today
/// with a follow-up in `follow_up_days`, the way the store thread answers
/// the logger: through `update` and so `App::apply`.
pub fn log_play(app: &mut App, i: usize, play: &str, follow_up_days: u64) {
    use orienteer::domain::account::{Delivery, PlayLog, PlayOutcome};
    let p = app.shown().unwrap();
    let (id, now) = (p.account(i).id.clone(), p.now());
    let log = PlayLog {
        id: format!("morning-{id}-{play}").as_str().into(),
        play_id: play.into(),
        outcome: PlayOutcome::Done,
        at: now,
        note: "called".into(),
        follow_up: now.checked_add_days(chrono::Days::new(follow_up_days)),
        prompted_by: None,
        state: Some(Delivery::Queued),
        error: None,
    };
    update(
        app,
        Msg::Queued {
            account: id,
            title: play.into(),
            result: Ok(log),
        },
    );
}
