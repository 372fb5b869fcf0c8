//! Speed of logging a play: from the keys to the list again, with 100,000
//! demo accounts, the sink answering at once (its disk write, fsync
//! included, is measured by the outbox's own benchmark: `cargo bench
//! --bench outbox -- queue_one`). The budget is 50 ms for the whole sequence,
//! and 2 ms for the key that queues: it hands the log to the store thread
//! and never waits on the disk.
//!
//! cargo bench --bench logger

use chrono::{NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use divan::Bencher;
use orienteer::app::load::evaluate_portfolio;
use orienteer::clock::{Clock, Zone};
use orienteer::domain::account::{Delivery, PlayLog};
use orienteer::domain::logging::LogDraft;
use orienteer::domain::vocab::LogId;
use orienteer::domain::{Engine, Model};
use orienteer::keymap::Keymap;
use orienteer::source::demo::Demo;
use orienteer::tui::plays::carry_out;
use orienteer::tui::plays::{PlaySink, QueueError};
use orienteer::tui::state::{App, Data};
use orienteer::tui::update::{update, Effect, Msg, Outcome};
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const SIZE: usize = 100_000;

fn main() {
    divan::main();
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// Answers at once, as a disk write that took no time would.
#[derive(Default)]
struct InstantSink(AtomicUsize);

impl PlaySink for InstantSink {
    fn queue(&self, draft: &LogDraft, _day: NaiveDate) -> Result<PlayLog, QueueError> {
        let n = self.0.fetch_add(1, Ordering::Relaxed);
        Ok(PlayLog {
            id: LogId::from(format!("bench-{n}")),
            play_id: draft.play_id.clone(),
            outcome: draft.outcome,
            at: draft.at.date_naive(),
            note: draft.note.clone(),
            follow_up: draft.follow_up,
            prompted_by: draft.prompted_by.clone(),
            state: Some(Delivery::Queued),
            error: None,
        })
    }

    fn wake(&self) {}
}

fn app() -> App {
    let engine = Arc::new(Engine::new(Model::default()).unwrap());
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let clock = Clock::new(Zone::Named(chrono_tz::UTC), None);
    let mut app = App::new(engine.clone(), Keymap::new(&Default::default()), clock, now);
    let accounts = Demo::new(SIZE, today()).accounts();
    app.set_data(Data {
        engine: engine.clone(),
        portfolio: evaluate_portfolio(&engine, accounts, today()).into(),
        origin: orienteer::source::Origin::live("demo data"),
        fetched_at: now,
        as_of: clock.as_of(now),
        warnings: Vec::new(),
        mapping: Vec::new(),
    });
    app.play_sink = Some(Arc::new(InstantSink::default()));
    app
}

fn key(app: &mut App, code: KeyCode) -> Outcome {
    update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// What the store thread does with the log, at once (no disk), and the
/// answer taken in.
fn answer(app: &mut App, out: Outcome) {
    let Some(Effect::Queue(drafted)) = out.effect else {
        panic!("the key hands the log to the store thread");
    };
    let sink = app.play_sink.clone().unwrap();
    let msg = carry_out(sink.as_ref(), *drafted);
    update(app, msg);
}

/// `p`, Enter and a short note: the form ready to submit.
fn fill(app: &mut App) {
    key(app, KeyCode::Char('p'));
    key(app, KeyCode::Enter);
    for c in "called".chars() {
        key(app, KeyCode::Char(c));
    }
}

/// `p`, Enter, a short note, Enter and the store's answer: from the watch
/// list to queued and back.
#[divan::bench(sample_count = 50)]
fn log_a_play_100k(bencher: Bencher) {
    let mut app = app();
    bencher.bench_local(|| {
        fill(&mut app);
        let out = key(&mut app, KeyCode::Enter);
        answer(&mut app, out);
        assert!(app.logger().is_none(), "queued and closed");
    });
}

/// The key that queues a play, alone: it checks the note and hands the log
/// over. The form is filled, and the previous answer taken in, untimed.
#[divan::bench(sample_count = 100, sample_size = 1)]
fn queue_key_100k(bencher: Bencher) {
    let app = RefCell::new(app());
    let pending = RefCell::new(None);
    bencher
        .with_inputs(|| {
            let mut app = app.borrow_mut();
            if let Some(out) = pending.borrow_mut().take() {
                answer(&mut app, out);
            }
            fill(&mut app);
        })
        .bench_local_values(|()| {
            let out = key(&mut app.borrow_mut(), KeyCode::Enter);
            *pending.borrow_mut() = Some(out);
        });
}
