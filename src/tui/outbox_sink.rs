//! The TUI's [`PlaySink`] over the real outbox: `p` queues a log durably in
//! the local store (on the store thread: the fsync never waits a key), and the background
//! flusher sends it, reporting each change back as a
//! [`crate::outbox::DeliveryUpdate`], and its restarts after a crash.

use super::plays::{Deliveries, PlaySink, QueueError};
use crate::domain::account::{Delivery, PlayLog, Snooze};
use crate::domain::logging::LogDraft;
use crate::domain::vocab::{AccountId, AlertKind};
use crate::domain::Engine;
use crate::outbox::{spawn_flusher, Flusher, FlusherEvent, Outbox};
use crate::source::writeback::{check_note, WriteBack};
use chrono::NaiveDate;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedReceiver;

/// Queues into `outbox`; wakes the flusher it started.
pub struct OutboxSink {
    outbox: Outbox,
    engine: Arc<Engine>,
    flusher: Flusher,
    /// Where the logs go: its limit on a note is checked before queueing.
    writer: Arc<dyn WriteBack>,
    /// `[snooze] write_back`: a snooze also queues a note on the account.
    snooze_write_back: bool,
}

impl OutboxSink {
    /// Starts the flusher for `outbox` (it sends what an earlier run left
    /// queued at once) and returns the sink, the flusher's updates, and
    /// what the outbox holds now: logs waiting, and logs that failed
    /// earlier (the status line names them until they are retried).
    /// Runs on the tokio runtime.
    pub fn start(
        outbox: Outbox,
        writer: Arc<dyn WriteBack>,
        engine: Arc<Engine>,
    ) -> (OutboxSink, UnboundedReceiver<FlusherEvent>, Deliveries) {
        let mut now = Deliveries::default();
        // A store that cannot be read now is read again by each flush.
        for row in outbox.list().unwrap_or_default() {
            match row.state() {
                Delivery::Queued => now.waiting += 1,
                Delivery::Failed => now.failed.push((row.account_id, row.log.id)),
                Delivery::Sent => {}
            }
        }
        let (flusher, updates) = spawn_flusher(outbox.clone(), writer.clone());
        let sink = OutboxSink {
            outbox,
            engine,
            flusher,
            writer,
            snooze_write_back: false,
        };
        (sink, updates, now)
    }

    /// This sink, a snooze also queueing a note on the account when `on`
    /// (`[snooze] write_back`).
    pub fn snooze_write_back(self, on: bool) -> OutboxSink {
        OutboxSink {
            snooze_write_back: on,
            ..self
        }
    }
}

impl PlaySink for OutboxSink {
    fn check(&self, draft: &LogDraft) -> Result<(), QueueError> {
        Ok(check_note(self.writer.as_ref(), &draft.note)?)
    }

    fn queue(&self, draft: &LogDraft, day: NaiveDate) -> Result<PlayLog, QueueError> {
        // Checked at entry too; again here, as the last word before the disk.
        check_note(self.writer.as_ref(), &draft.note)?;
        let title = self
            .engine
            .model
            .plays
            .iter()
            .find(|p| p.id == draft.play_id)
            .map_or_else(|| draft.play_id.to_string(), |p| p.title.clone());
        Ok(self.outbox.queue(draft, day, &title)?)
    }

    fn wake(&self) {
        self.flusher.wake();
    }

    fn snooze(&self, account: &AccountId, snooze: &Snooze) -> Result<(), QueueError> {
        let note = self
            .outbox
            .snooze(account, snooze, self.snooze_write_back)
            .map_err(QueueError::Snooze)?;
        // The note, when one was queued, goes like a logged play.
        if note.is_some() {
            self.flusher.wake();
        }
        Ok(())
    }

    fn unsnooze(&self, account: &AccountId, alert: Option<AlertKind>) -> Result<(), QueueError> {
        self.outbox
            .unsnooze(account, alert)
            .map(drop)
            .map_err(QueueError::Snooze)
    }
}
