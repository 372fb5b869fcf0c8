//! Shared by the play logger's tests: an in-memory outbox standing in for
//! the real one (which has its own tests), and helpers to drive the form.
#![allow(dead_code)]

use crate::common::Harness;
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orienteer::domain::account::{Delivery, PlayLog, Snooze};
use orienteer::domain::logging::LogDraft;
use orienteer::domain::report::{watch_item, PlayRow};
use orienteer::domain::vocab::{AccountId, AlertKind, LogId};
use orienteer::tui::plays::{PlaySink, QueueError};
use orienteer::tui::update::{update, Msg, Outcome};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};

/// An outbox in memory: keeps each draft and the day it is dated (as the
/// real outbox dates its log), or refuses with `refuse`.
#[derive(Default)]
pub struct MemorySink {
    pub drafts: Mutex<Vec<LogDraft>>,
    pub days: Mutex<Vec<NaiveDate>>,
    /// Refuse every log with this reason (as `QueueError::NoStore`).
    pub refuse: Mutex<Option<&'static str>>,
    /// Refuse the logs of this one account (as `QueueError::NoStore`).
    pub refuse_account: Mutex<Option<(AccountId, &'static str)>>,
    pub wakes: AtomicUsize,
    /// The snoozes kept, by account, as the store keeps them.
    pub snoozes: Mutex<Vec<(AccountId, Snooze)>>,
}

impl PlaySink for MemorySink {
    fn queue(&self, draft: &LogDraft, day: NaiveDate) -> Result<PlayLog, QueueError> {
        if let Some(why) = *self.refuse.lock().unwrap() {
            return Err(QueueError::NoStore(why));
        }
        if let Some((_, why)) = self
            .refuse_account
            .lock()
            .unwrap()
            .as_ref()
            .filter(|(a, _)| *a == draft.account_id)
        {
            return Err(QueueError::NoStore(why));
        }
        self.days.lock().unwrap().push(day);
        let mut drafts = self.drafts.lock().unwrap();
        drafts.push(draft.clone());
        Ok(PlayLog {
            id: LogId::from(format!("log-{}", drafts.len())),
            play_id: draft.play_id.clone(),
            outcome: draft.outcome,
            at: day,
            note: draft.note.clone(),
            follow_up: draft.follow_up,
            prompted_by: draft.prompted_by.clone(),
            state: Some(Delivery::Queued),
            error: None,
        })
    }

    fn wake(&self) {
        self.wakes.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    fn snooze(&self, account: &AccountId, snooze: &Snooze) -> Result<(), QueueError> {
        if let Some(why) = *self.refuse.lock().unwrap() {
            return Err(QueueError::NoStore(why));
        }
        let mut kept = self.snoozes.lock().unwrap();
        kept.retain(|(a, s)| !(a == account && s.alert == snooze.alert));
        kept.push((account.clone(), snooze.clone()));
        Ok(())
    }

    fn unsnooze(&self, account: &AccountId, alert: Option<AlertKind>) -> Result<(), QueueError> {
        if let Some(why) = *self.refuse.lock().unwrap() {
            return Err(QueueError::NoStore(why));
        }
        let mut kept = self.snoozes.lock().unwrap();
        kept.retain(|(a, s)| !(a == account && alert.is_none_or(|k| s.alert == k)));
        Ok(())
    }
}

/// The demo app at `width`x`height` with a memory sink.
pub fn harness(width: u16, height: u16) -> (Harness, Arc<MemorySink>) {
    with_sink(Harness::new(width, height))
}

/// `h` with a memory sink.
pub fn with_sink(mut h: Harness) -> (Harness, Arc<MemorySink>) {
    let sink = Arc::new(MemorySink::default());
    h.app.play_sink = Some(sink.clone());
    h.draw();
    (h, sink)
}

pub fn press(h: &mut Harness, code: KeyCode, modifiers: KeyModifiers) -> Outcome {
    let out = update(&mut h.app, Msg::Key(KeyEvent::new(code, modifiers)));
    let out = crate::common::store_answers(&mut h.app, out);
    h.draw();
    out
}

pub fn ctrl(h: &mut Harness, c: char) -> Outcome {
    press(h, KeyCode::Char(c), KeyModifiers::CONTROL)
}

pub fn selected_id(h: &Harness) -> AccountId {
    let p = h.app.portfolio().unwrap();
    p.accounts[h.app.selected_account().unwrap()].id.clone()
}

/// The recommended plays of the selected account, as the report has them.
pub fn recommended(h: &Harness) -> Vec<PlayRow> {
    let p = h.app.shown().unwrap();
    let i = h.app.selected_account().unwrap();
    watch_item(&h.app.engine, p.account(i), p.eval(i), p.now()).recommended_plays
}

pub fn logger(h: &Harness) -> &orienteer::tui::logger::Logger {
    h.app.logger().expect("the logger is open")
}

/// Scrolls the account view down until `text` shows; the screen then.
pub fn scroll_to(h: &mut Harness, text: &str) -> String {
    for _ in 0..60 {
        let screen = h.screen();
        if screen.contains(text) {
            return screen;
        }
        h.key(KeyCode::Char('j'));
    }
    panic!("{text} never shows in\n{}", h.screen());
}
