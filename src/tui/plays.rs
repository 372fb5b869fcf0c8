//! The seam between the play logger and the outbox: the TUI is given a
//! [`PlaySink`] that queues a log durably, and is told through
//! [`DeliveryUpdate`]s how its write-back goes. `update` never waits on the
//! disk: submitting the form returns [`Effect::Queue`], the store thread
//! ([`super::store_thread`]) writes the log and posts [`Msg::Queued`] back;
//! only then does the form close and the status line say "queued". Queued
//! logs show on their account at once; the status line counts the logs
//! still waiting.

use super::logger::{Field, Logger, Step};
use super::state::{App, Mode};
use super::update::{Effect, Msg, Outcome};
use crate::domain::account::{Delivery, PlayLog, Snooze};
use crate::domain::draft::Drafted;
use crate::domain::logging::LogDraft;
use crate::domain::portfolio::Change;
use crate::domain::vocab::{AccountId, AlertKind, LogId};
use chrono::NaiveDate;
use crossterm::event::KeyEvent;

/// Where logged plays go: the durable outbox.
pub trait PlaySink: Send + Sync {
    /// What can be said about the draft without the disk (the source's
    /// limit on a note): checked by `update` as the form is submitted.
    fn check(&self, _draft: &LogDraft) -> Result<(), QueueError> {
        Ok(())
    }
    /// Durably queues the log (on disk when this returns Ok) and returns it
    /// as a [`PlayLog`] with its id and `state: Some(Delivery::Queued)`.
    /// `day` is the play's day in the configured zone (the log's `at` day).
    /// It waits on the disk: only the store thread calls it, never `update`.
    fn queue(&self, draft: &LogDraft, day: NaiveDate) -> Result<PlayLog, QueueError>;
    /// Asks the background flusher to send now.
    fn wake(&self);
    /// Durably puts `snooze` on `account` in the local store (replacing
    /// that alert's). Waits on the disk: the store thread calls it.
    fn snooze(&self, _account: &AccountId, _snooze: &Snooze) -> Result<(), QueueError> {
        Err(QueueError::NoStore("snoozes are not kept here"))
    }
    /// Durably removes `account`'s snooze of `alert` (all, for `None`).
    fn unsnooze(&self, _account: &AccountId, _alert: Option<AlertKind>) -> Result<(), QueueError> {
        Err(QueueError::NoStore("snoozes are not kept here"))
    }
}

/// Why a logged play was not queued. The logger's form stays open and
/// says it; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    /// The source would refuse the note (its limit on a note's length).
    #[error(transparent)]
    NoteTooLong(#[from] crate::source::writeback::NoteTooLong),
    /// The outbox could not write it (the store is busy, full, damaged).
    #[error("could not queue the log: {0}")]
    Outbox(#[from] crate::outbox::OutboxError),
    /// The local store could not keep a snooze (busy, full, damaged).
    #[error("could not keep the snooze: {0}")]
    Snooze(crate::outbox::OutboxError),
    /// No store to write to: none opened, or its thread has stopped.
    #[error("{0}")]
    NoStore(&'static str),
    /// The write panicked (the store thread goes on with the next log).
    #[error("the store failed while writing it")]
    Panicked,
}

/// Queues `drafted` through `sink` (the disk write, with its fsync), wakes
/// the flusher when it is queued, and says how it went as the message
/// `update` takes. What the store thread does for [`Effect::Queue`].
pub fn carry_out(sink: &dyn PlaySink, drafted: Drafted) -> Msg {
    let result = sink.queue(&drafted.draft, drafted.day);
    if result.is_ok() {
        sink.wake();
    }
    Msg::Queued {
        account: drafted.draft.account_id,
        title: drafted.play_title,
        result,
    }
}

pub use crate::outbox::DeliveryUpdate;

/// What the status line says about logged plays.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Deliveries {
    /// Logs queued and not yet sent (the outbox's count).
    pub waiting: usize,
    /// Logs whose write-back failed: the account and log, for the status
    /// line (the reason shows on the account's Plays section).
    pub(crate) failed: Vec<(AccountId, LogId)>,
    /// The flusher crashed and was started again (why), until a log goes
    /// out.
    pub(crate) restarted: Option<String>,
}

impl Deliveries {
    /// The status line's words, or `None` when nothing waits or failed;
    /// `name_of` names an account (its id when it has no name).
    pub(crate) fn summary(&self, name_of: impl Fn(&AccountId) -> Option<String>) -> Option<String> {
        let mut parts = Vec::new();
        match self.waiting {
            0 => {}
            1 => parts.push("1 log waiting".to_string()),
            n => parts.push(format!("{n} logs waiting")),
        }
        if let Some((account, _)) = self.failed.first() {
            let name = name_of(account).unwrap_or_else(|| account.to_string());
            let name = crate::domain::text::clean(&name).into_owned();
            parts.push(match self.failed.len() {
                1 => format!("1 log failed ({name}: see its Plays)"),
                n => format!("{n} logs failed (first {name}: see its Plays)"),
            });
        }
        if let Some(why) = &self.restarted {
            let why = crate::domain::text::clean(why).into_owned();
            parts.push(format!("delivery restarted after a crash ({why})"));
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

/// A key while the play logger is open: the form has the keyboard.
pub(super) fn logger_key(app: &mut App, key: KeyEvent) -> Outcome {
    let (now, zone) = (app.typed_now(), app.clock.zone);
    let Some(logger) = app.logger_mut() else {
        return Outcome::default();
    };
    if logger.editing || logger.queuing {
        // `$EDITOR` has the terminal, or the log is being written: keys
        // that slipped through wait.
        return Outcome::default();
    }
    match logger.key(key, now, zone) {
        Step::Stay | Step::Ignored => {}
        Step::Cancel => app.mode = Mode::Normal,
        Step::Submit(drafted) => return submit(app, drafted),
        Step::SubmitAll(drafted) => return super::marks::log::submit(app, drafted),
        Step::EditNote(note) => {
            return Outcome {
                redraw: true,
                effect: Some(Effect::EditNote(note)),
            }
        }
    }
    Outcome {
        redraw: true,
        effect: None,
    }
}

/// `$EDITOR` gave the note back, or could not (the note stays as it was).
pub(super) fn note_edited(app: &mut App, result: Result<String, String>) {
    if let Some(l) = app.logger_mut() {
        match result {
            Ok(note) => l.edited(Some(note)),
            Err(why) => {
                l.edited(None);
                l.error = Some((Field::Note, crate::domain::text::clean(&why).into_owned()));
            }
        }
    }
}

/// Why `p` cannot log when the app was given no sink.
pub const NO_SINK: &str =
    "logging plays is unavailable: no outbox to queue them in (the local store did not open)";

/// `p`: opens the play logger on the open account (account view) or the
/// selected one (list). Without a sink, or an account, it says why.
pub(crate) fn open_logger(app: &mut App) {
    if !app.marks.is_empty() && matches!(app.screen, super::state::Screen::List) {
        return super::marks::log::open(app);
    }
    if app.play_sink.is_none() {
        app.notice = Some(NO_SINK.into());
        return;
    }
    let index = super::form::target(app);
    let (Some(i), Some(p)) = (index, app.shown()) else {
        app.notice = Some("no account selected to log a play on".into());
        return;
    };
    // The account as shown, its plays logged here included: what it is
    // recommended now.
    let (account, eval) = (p.account(i), p.eval(i));
    let choices = crate::domain::draft::offered(&app.engine, account, eval);
    if choices.is_empty() {
        let stage = &app.engine.stage(eval.stage).title;
        app.notice = Some(format!("the model has no plays for {stage}"));
        return;
    }
    app.mode = Mode::Logging(Box::new(Logger::new(account, choices)));
}

/// Submits the form: what needs no disk (the note's length) is checked
/// here, and the log goes to the store thread as [`Effect::Queue`]. The
/// form stays open, waiting, until [`Msg::Queued`] says it is on disk.
/// On an error the form stays open, as typed, with the reason.
pub(crate) fn submit(app: &mut App, drafted: Drafted) -> Outcome {
    let Some(sink) = app.play_sink.clone() else {
        app.notice = Some(NO_SINK.into());
        return Outcome {
            redraw: true,
            effect: None,
        };
    };
    let checked = sink.check(&drafted.draft);
    let Some(l) = app.logger_mut() else {
        return Outcome::default();
    };
    let effect = match checked {
        Ok(()) => {
            l.queuing = true;
            Some(Effect::Queue(Box::new(drafted)))
        }
        Err(why) => {
            l.error = Some((l.focus, super::form::refused("queued", &why)));
            None
        }
    };
    Outcome {
        redraw: true,
        effect,
    }
}

/// The store thread's answer: the log is on disk (the form closes, the log
/// shows on its account, the status line says "queued"), or why not (the
/// form stays open, as typed, with the reason).
pub(crate) fn queued(
    app: &mut App,
    account: AccountId,
    title: &str,
    result: Result<PlayLog, QueueError>,
) -> Outcome {
    if app.logger().is_some_and(|l| l.bulk.is_some()) {
        super::marks::log::queued(app, account, result);
        return Outcome {
            redraw: true,
            effect: None,
        };
    }
    match result {
        Ok(log) => {
            let name = match app.close_logger() {
                Some(l) => l.account_name,
                None => account.to_string(),
            };
            app.deliveries.waiting += 1;
            insert_log(app, &account, log);
            app.notice = Some(
                crate::domain::text::clean(&format!("queued: {title} on {name}")).into_owned(),
            );
        }
        Err(why) => {
            if let Some(l) = app.logger_mut() {
                l.queuing = false;
                l.error = Some((l.focus, super::form::refused("queued", &why)));
            }
        }
    }
    Outcome {
        redraw: true,
        effect: None,
    }
}

/// Adds a just-queued `log` to account `account` (through the overlay,
/// [`App::apply`]: that one account evaluated again and moved to its
/// place, the snapshot untouched): the list reads as the next load will
/// show it. False when the account is not in the data.
pub(crate) fn insert_log(app: &mut App, account: &AccountId, log: PlayLog) -> bool {
    app.apply(account, Change::Logged(log))
}

/// Applies a delivery change to its log (through the overlay) and the
/// waiting count.
/// True when the screen changes.
pub(crate) fn apply_delivery(app: &mut App, update: DeliveryUpdate) -> bool {
    let d = &mut app.deliveries;
    d.waiting = update.waiting;
    if update.state == Delivery::Sent {
        d.restarted = None;
    }
    d.failed
        .retain(|(a, l)| !(*a == update.account_id && *l == update.log_id));
    if update.state == Delivery::Failed {
        d.failed
            .push((update.account_id.clone(), update.log_id.clone()));
    }
    // Only a log the account shows (loaded, or logged here) takes it.
    let shown = app.shown().is_some_and(|p| {
        p.find(update.account_id.as_str()).is_some_and(|i| {
            p.account(i)
                .plays_logged
                .iter()
                .any(|l| l.id == update.log_id)
        })
    });
    if shown {
        let change = Change::Delivery {
            log: update.log_id,
            state: update.state,
            error: update.error,
        };
        app.apply(&update.account_id, change);
    }
    true
}
