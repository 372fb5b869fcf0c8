//! The background flusher of the TUI: a tokio task that flushes the outbox
//! when woken (a play was just queued) and when the next queued log comes
//! due, and reports every change on a channel.
//!
//! ```text
//! let (flusher, mut updates) = spawn_flusher(outbox, writer);
//! flusher.wake();                       // after Outbox::queue
//! while let Some(u) = updates.recv().await { /* u: DeliveryUpdate */ }
//! ```
//!
//! Updates come on a tokio `mpsc::UnboundedReceiver<DeliveryUpdate>`: one
//! per attempt that settled something (sent, failed, or still queued with
//! why), each carrying how many logs still wait. A flush that fails on the
//! store (busy, unreadable) is reported as nothing and tried again on the
//! next turn. The task ends when the [`Flusher`] is dropped or the
//! receiver is.

use super::flush::DeliveryUpdate;
use super::Outbox;
use crate::source::writeback::WriteBack;
use chrono::Utc;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, Notify};
use tokio::task::JoinHandle;

/// The longest the flusher sleeps without looking at the outbox (another
/// process may have queued a log, or a lease may have run out).
pub const IDLE: Duration = Duration::from_secs(60);

/// The handle of a running flusher; dropping it stops the task.
pub struct Flusher {
    wake: Arc<Notify>,
    task: JoinHandle<()>,
}

impl Flusher {
    /// Flush now (a log was just queued, or the user asked).
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

impl Drop for Flusher {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts the flusher on the current tokio runtime. It flushes once at
/// start (logs left over from an earlier run go out with no action from
/// the user).
pub fn spawn_flusher(
    outbox: Outbox,
    writer: Arc<dyn WriteBack>,
) -> (Flusher, mpsc::UnboundedReceiver<DeliveryUpdate>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let wake = Arc::new(Notify::new());
    let woken = wake.clone();
    let task = tokio::spawn(async move {
        loop {
            if let Ok(report) = outbox.flush_once(writer.as_ref()).await {
                for update in report.updates {
                    if tx.send(update).is_err() {
                        return;
                    }
                }
            }
            let next = outbox.clone();
            let next = tokio::task::spawn_blocking(move || next.next_due()).await;
            let wait = match next {
                Ok(Ok(Some(due))) => (due - Utc::now()).to_std().unwrap_or(Duration::ZERO),
                _ => IDLE,
            };
            // A due time already past (a lease held by another process):
            // look again shortly rather than spin.
            let wait = wait.clamp(Duration::from_millis(500), IDLE);
            tokio::select! {
                _ = woken.notified() => {}
                _ = tokio::time::sleep(wait) => {}
                _ = tx.closed() => return,
            }
        }
    });
    (Flusher { wake, task }, rx)
}
