//! Shared by the TUI tests: the demo portfolio on a fixed day, the app on
//! it, and a renderer into a test terminal.
#![allow(dead_code)]

pub mod config;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orienteer::clock::{AsOf, Clock, Zone};
use orienteer::domain::portfolio::Portfolio;
use orienteer::domain::{Engine, Model};
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
pub fn demo_data(engine: &Engine, now: DateTime<Utc>) -> Data {
    let as_of = AsOf::at(now, utc_clock().zone);
    Data {
        portfolio: Portfolio::new(engine, Demo::new(300, as_of.day).accounts(), as_of.day),
        origin: "demo data".into(),
        fetched_at: now,
        as_of,
    }
}

pub struct Harness {
    pub app: App,
    pub terminal: Terminal<TestBackend>,
}

impl Harness {
    /// The app on 300 demo accounts, data fetched 5 minutes before `clock()`.
    pub fn new(width: u16, height: u16) -> Harness {
        let engine = Arc::new(Engine::new(Model::default()).unwrap());
        let mut app = App::new(
            engine.clone(),
            Keymap::new(&Default::default()),
            utc_clock(),
            clock(),
        );
        app.set_data(demo_data(&engine, clock() - chrono::Duration::minutes(5)));
        let mut h = Harness {
            app,
            terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
        };
        h.draw();
        h
    }

    pub fn draw(&mut self) -> String {
        let theme = Theme { color: false };
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
