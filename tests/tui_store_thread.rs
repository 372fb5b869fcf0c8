//! No key waits on the disk: submitting the play logger hands the log to
//! the store thread ([`Effect::Queue`]) and returns; the form says
//! "queuing…" and "queued" shows only once the store answers that the log
//! is on disk. The store thread writes a real SQLite outbox, in order.

mod common;
mod tui_logger_support;

use crossterm::event::{KeyCode, KeyModifiers};
use orienteer::domain::account::PlayLog;
use orienteer::domain::account::{Delivery, PlayOutcome};
use orienteer::domain::draft::Drafted;
use orienteer::domain::logging::LogDraft;
use orienteer::outbox::Outbox;
use orienteer::source::http::{Http, Token};
use orienteer::source::hubspot::HubSpot;
use orienteer::source::mapping::FieldMap;
use orienteer::tui::plays::{carry_out, PlaySink, QueueError};
use orienteer::tui::store_thread::StoreThread;
use orienteer::tui::update::{update, Effect, Msg};
use std::sync::Arc;
use std::time::Duration;
use tui_logger_support::*;

/// `p`, Enter, a note, and the submitting Enter without the store's answer.
fn submit_without_answer(h: &mut common::Harness, note: &str) -> Option<Effect> {
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Enter);
    h.chars(note);
    let out = update(
        &mut h.app,
        Msg::Key(crossterm::event::KeyEvent::new(
            KeyCode::Enter,
            KeyModifiers::NONE,
        )),
    );
    h.draw();
    out.effect
}

#[test]
fn the_key_that_queues_hands_the_log_over_and_queued_shows_once_it_is_on_disk() {
    let (mut h, sink) = harness(80, 24);
    let Some(Effect::Queue(drafted)) = submit_without_answer(&mut h, "called") else {
        panic!("the submitting key hands the log to the store thread");
    };
    assert!(
        sink.drafts.lock().unwrap().is_empty(),
        "update did not write the log itself"
    );
    // The form waits, saying so; the status line does not say "queued".
    assert!(logger(&h).queuing);
    let screen = h.screen();
    assert!(screen.contains("queuing…"), "{screen}");
    assert!(!screen.contains("queued: "), "{screen}");
    assert_eq!(h.app.deliveries.waiting, 0);
    // Keys wait while it is written: Esc does not close the form.
    press(&mut h, KeyCode::Esc, KeyModifiers::NONE);
    press(&mut h, KeyCode::Esc, KeyModifiers::NONE);
    assert!(h.app.logger().is_some(), "the form waits for the store");

    // The store answers: on disk.
    let msg = carry_out(sink.as_ref(), *drafted);
    update(&mut h.app, msg);
    let screen = h.draw();
    assert!(h.app.logger().is_none());
    assert!(screen.contains("queued: "), "{screen}");
    assert_eq!(sink.drafts.lock().unwrap().len(), 1);
}

#[test]
fn a_write_that_fails_keeps_the_form_open_with_the_reason() {
    let (mut h, sink) = harness(80, 24);
    *sink.refuse.lock().unwrap() = Some("disk full");
    let Some(Effect::Queue(drafted)) = submit_without_answer(&mut h, "keep me") else {
        panic!("handed over");
    };
    update(&mut h.app, carry_out(sink.as_ref(), *drafted));
    let screen = h.draw();
    let l = logger(&h);
    assert!(!l.queuing, "the form takes keys again");
    assert_eq!(l.note, "keep me");
    assert!(screen.contains("not queued: disk full"), "{screen}");
    assert_eq!(h.app.notice, None, "the status line does not say queued");
    assert_eq!(sink.wakes.load(std::sync::atomic::Ordering::SeqCst), 0);
}

/// The outbox alone: what the TUI's sink writes, without a flusher.
struct Store(Outbox);

impl PlaySink for Store {
    fn queue(&self, draft: &LogDraft, day: chrono::NaiveDate) -> Result<PlayLog, QueueError> {
        Ok(self.0.queue(draft, day, "Check-in call")?)
    }
    fn wake(&self) {}
}

fn drafted(n: usize) -> Drafted {
    Drafted {
        draft: LogDraft {
            account_id: format!("A{n}").as_str().into(),
            play_id: "check-in".into(),
            outcome: PlayOutcome::Done,
            note: format!("note {n}"),
            at: "2026-11-23T09:30:00Z".parse().unwrap(),
            follow_up: None,
            prompted_by: None,
        },
        day: "2026-11-23".parse().unwrap(),
        play_title: "Check-in call".into(),
    }
}

#[tokio::test]
async fn the_store_thread_writes_a_real_store_in_order_and_answers_each() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::new(dir.path().join("orienteer.db"), "test");
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let store = StoreThread::spawn(Arc::new(Store(outbox.clone())), tx);
    for n in 1..=3 {
        store.queue(drafted(n)).unwrap();
    }
    for n in 1..=3 {
        let msg = tokio::time::timeout(Duration::from_secs(20), rx.recv())
            .await
            .expect("the store answers")
            .unwrap();
        let Msg::Queued {
            account, result, ..
        } = msg
        else {
            panic!("not a queued answer");
        };
        assert_eq!(account.as_str(), format!("A{n}"));
        assert_eq!(result.unwrap().state, Some(Delivery::Queued));
    }
    let rows = outbox.list().unwrap();
    let notes: Vec<_> = rows.iter().map(|r| r.log.note.as_str()).collect();
    assert_eq!(notes, ["note 1", "note 2", "note 3"], "on disk, in order");
}

/// A HubSpot writer whose address is never used (nothing is sent).
fn hubspot_writer() -> Arc<HubSpot> {
    let config = HubSpot::http_config("http://127.0.0.1:9", Token::new("t"));
    Arc::new(HubSpot::new(
        Http::new(config).unwrap(),
        FieldMap::default(),
    ))
}

#[tokio::test]
async fn a_note_past_the_source_limit_is_refused_at_entry_without_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::new(dir.path().join("orienteer.db"), "hubspot test");
    let writer = hubspot_writer();
    let engine = Arc::new(orienteer::domain::Engine::new(Default::default()).unwrap());
    let (sink, _updates, _now) =
        orienteer::tui::outbox_sink::OutboxSink::start(outbox.clone(), writer, engine);
    let mut h = common::Harness::new(80, 24);
    h.app.play_sink = Some(Arc::new(sink));
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Enter);
    update(&mut h.app, Msg::NoteEdited(Ok("x".repeat(200_000))));
    let out = update(
        &mut h.app,
        Msg::Key(crossterm::event::KeyEvent::new(
            KeyCode::Enter,
            KeyModifiers::NONE,
        )),
    );
    assert_eq!(out.effect, None, "nothing goes to the store");
    let l = h.app.logger().expect("the form stays open");
    assert!(!l.queuing);
    let why = &l.error.as_ref().unwrap().1;
    assert!(why.contains("keeps at most"), "{why}");
    assert!(outbox.list().unwrap_or_default().is_empty());
}

#[tokio::test]
async fn a_store_that_cannot_be_written_answers_with_the_outboxs_error_kind() {
    let dir = tempfile::tempdir().unwrap();
    // The store's path is a directory: SQLite cannot open it.
    let outbox = Outbox::new(dir.path(), "test");
    // The app's own sink over it (its flusher finds nothing to send).
    let writer = hubspot_writer();
    let engine = Arc::new(orienteer::domain::Engine::new(Default::default()).unwrap());
    let (sink, _updates, _now) =
        orienteer::tui::outbox_sink::OutboxSink::start(outbox, writer, engine);
    let msg = carry_out(&sink, drafted(1));
    let Msg::Queued { result, .. } = msg else {
        panic!("not a queued answer");
    };
    let err = result.expect_err("nothing was written");
    assert!(
        matches!(err, QueueError::Outbox(_)),
        "the store's failure keeps its kind: {err:?}"
    );
    assert!(
        err.to_string().starts_with("could not queue the log: "),
        "{err}"
    );
}

#[tokio::test]
async fn a_snooze_from_the_tui_queues_its_note_only_with_write_back() {
    use orienteer::domain::account::Snooze;
    use orienteer::domain::{AlertKind, Severity};
    let snooze = Snooze {
        alert: AlertKind::UsageDecline,
        at: common::today(),
        until: common::today() + chrono::TimeDelta::days(14),
        reason: "customer on vacation".into(),
        severity: Severity::Critical,
        depth: Some(40.0),
    };
    let engine = Arc::new(orienteer::domain::Engine::new(Default::default()).unwrap());
    for on in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::new(dir.path().join("orienteer.db"), "hubspot test");
        let (sink, _updates, _now) = orienteer::tui::outbox_sink::OutboxSink::start(
            outbox.clone(),
            hubspot_writer(),
            engine.clone(),
        );
        let sink = sink.snooze_write_back(on);
        sink.snooze(&"101".into(), &snooze).unwrap();
        let rows = outbox.list().unwrap();
        assert_eq!(rows.len(), usize::from(on), "write_back = {on}");
        if on {
            assert!(
                rows[0].log.note.contains("customer on vacation"),
                "{}",
                rows[0].log.note
            );
        }
    }
}

/// A TUI started with `--as-of` logs on that morning, as `log-play
/// --as-of` does: a replayed morning's log is handled from that day.
#[test]
fn under_as_of_the_logger_logs_on_the_as_of_day() {
    let (mut h, _sink) = harness(80, 24);
    let day = common::today() - chrono::TimeDelta::days(2);
    h.app.clock =
        orienteer::clock::Clock::new(h.app.clock.zone, Some(orienteer::clock::Pin::Day(day)));
    let Some(Effect::Queue(drafted)) = submit_without_answer(&mut h, "called") else {
        panic!("the submitting key hands the log to the store thread");
    };
    assert_eq!(
        drafted.day,
        day,
        "the wall clock's day is {}",
        common::today()
    );
}
