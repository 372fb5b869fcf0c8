//! The background flusher of the TUI: a tokio task that flushes the outbox
//! when woken (a play was just queued) and when the next queued log comes
//! due, and reports every change on a channel.
//!
//! ```text
//! let (flusher, mut events) = spawn_flusher(outbox, writer);
//! flusher.wake();                       // after Outbox::queue
//! while let Some(e) = events.recv().await { /* e: FlusherEvent */ }
//! ```
//!
//! Events come on a tokio `mpsc::UnboundedReceiver<FlusherEvent>`: a
//! [`DeliveryUpdate`] per attempt that settled something (sent, failed, or
//! still queued with why), each carrying how many logs still wait, and a
//! restart after a panic. A flush that fails on the store (busy,
//! unreadable) is reported as nothing and tried again on the next turn.
//! The task ends when the [`Flusher`] is dropped or the receiver is.

use super::flush::DeliveryUpdate;
use super::{Outbox, OutboxError};
use crate::domain::account::Delivery;
use crate::domain::{AccountId, LogId};
use crate::source::writeback::WriteBack;
use chrono::Utc;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, Notify};
use tokio::task::JoinHandle;

/// The longest the flusher sleeps without looking at the outbox: another
/// process may have queued a log or sent one (the store is the truth, and
/// the app's counts follow it), or a lease may have run out.
pub(crate) const IDLE: Duration = Duration::from_secs(10);

/// The first wait before a flusher that panicked starts again; each
/// panic in a row doubles it, up to [`RESTART_MAX`].
pub const RESTART_FIRST: Duration = Duration::from_secs(1);
/// The longest wait before a restart.
pub(crate) const RESTART_MAX: Duration = Duration::from_secs(5 * 60);

/// What the flusher reports.
#[derive(Debug, Clone, PartialEq)]
pub enum FlusherEvent {
    /// A log's delivery changed (or was tried and stays queued, with why).
    Delivery(DeliveryUpdate),
    /// The flusher crashed (why) and starts again after `after`: logs
    /// still go out, later.
    Restarted { why: String, after: Duration },
}

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

/// Aborts its task when dropped (the supervisor's, with it).
struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Starts the flusher on the current tokio runtime. It flushes once at
/// start (logs left over from an earlier run go out with no action from
/// the user). It is supervised: a panic (in the source's write-back, in
/// the store) is reported as [`FlusherEvent::Restarted`] and the flusher
/// starts again after a backoff; a log the crashed run had claimed is
/// checked with the source once its lease runs out, as after any crash.
pub fn spawn_flusher(
    outbox: Outbox,
    writer: Arc<dyn WriteBack>,
) -> (Flusher, mpsc::UnboundedReceiver<FlusherEvent>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let wake = Arc::new(Notify::new());
    let woken = wake.clone();
    let task = tokio::spawn(async move {
        let mut wait = RESTART_FIRST;
        loop {
            tracing::debug!(job = "flusher", "job started");
            let run = tokio::spawn(run(
                outbox.clone(),
                writer.clone(),
                tx.clone(),
                woken.clone(),
            ));
            let _abort = AbortOnDrop(run.abort_handle());
            let why = match run.await {
                // The app is gone: nobody to deliver for.
                Ok(()) => return,
                Err(e) if e.is_panic() => crate::observe::crash::payload_text(&*e.into_panic()),
                Err(e) => e.to_string(),
            };
            tracing::error!(
                job = "flusher",
                why,
                restart_in_s = wait.as_secs(),
                "job failed"
            );
            let event = FlusherEvent::Restarted {
                why: crate::domain::text::clean(&why).into_owned(),
                after: wait,
            };
            if tx.send(event).is_err() {
                return;
            }
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = tx.closed() => return,
            }
            wait = (wait * 2).min(RESTART_MAX);
        }
    });
    (Flusher { wake, task }, rx)
}

/// The flusher's loop; ends when the receiver is gone.
async fn run(
    outbox: Outbox,
    writer: Arc<dyn WriteBack>,
    tx: mpsc::UnboundedSender<FlusherEvent>,
    woken: Arc<Notify>,
) {
    let send = |update| tx.send(FlusherEvent::Delivery(update)).is_ok();
    let mut known: Option<HashMap<LogId, Delivery>> = None;
    loop {
        if let Ok(report) = outbox.flush_once(writer.as_ref()).await {
            for update in report.updates {
                // Said already: not a change another process made.
                if let Some(known) = known.as_mut() {
                    known.insert(update.log_id.clone(), update.state);
                }
                if !send(update) {
                    return;
                }
            }
        }
        // What another process did since the last look (an `outbox
        // flush` that sent a log, a `retry`), as if this one had.
        let look = outbox.clone();
        // The logs not sent yet, and which of the known ones went: never
        // the whole outbox (most of it sent long ago) on every tick.
        let unsent: Vec<LogId> = known
            .iter()
            .flatten()
            .filter(|(_, state)| **state != Delivery::Sent)
            .map(|(id, _)| id.clone())
            .collect();
        // A panic here is the flusher's: its supervisor restarts it.
        if let Ok(now) = crate::observe::blocking(move || states(&look, &unsent)).await {
            for update in changes(known.as_ref(), &now) {
                if !send(update) {
                    return;
                }
            }
            known = Some(now.into_iter().map(|(k, (_, s, _))| (k, s)).collect());
        }
        let next = outbox.clone();
        let next = crate::observe::blocking(move || next.next_due()).await;
        let wait = match next {
            Ok(Some(due)) => (due - Utc::now()).to_std().unwrap_or(Duration::ZERO),
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
}

/// The logs the flusher looked at (not sent yet, or sent since its last
/// look): account, state and error.
type States = HashMap<LogId, (AccountId, Delivery, Option<String>)>;

fn states(outbox: &Outbox, unsent: &[LogId]) -> Result<States, OutboxError> {
    let states = outbox.states(unsent)?;
    Ok(states
        .into_iter()
        .map(|s| (s.id, (s.account_id, s.state, s.error)))
        .collect())
}

/// The updates that bring a view that knew `known` up to `now`: one per
/// log whose state changed. Nothing on the first look (the app read the
/// outbox when it started).
fn changes(known: Option<&HashMap<LogId, Delivery>>, now: &States) -> Vec<DeliveryUpdate> {
    let Some(known) = known else {
        return Vec::new();
    };
    let waiting = now
        .values()
        .filter(|(_, s, _)| *s == Delivery::Queued)
        .count();
    now.iter()
        .filter(|(id, (_, state, _))| known.get(*id).is_some_and(|was| was != state))
        .map(|(id, (account, state, error))| DeliveryUpdate {
            account_id: account.clone(),
            log_id: id.clone(),
            state: *state,
            error: error.clone(),
            waiting,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_another_process_sent_comes_back_as_an_update() {
        let entry = |s| (AccountId::from("A1"), s, None);
        let mut now: States = HashMap::new();
        now.insert("L1".into(), entry(Delivery::Queued));
        now.insert("L2".into(), entry(Delivery::Queued));
        assert!(
            changes(None, &now).is_empty(),
            "the first look is the start"
        );
        let known = now.iter().map(|(k, (_, s, _))| (k.clone(), *s)).collect();
        now.insert("L1".into(), entry(Delivery::Sent));
        let updates = changes(Some(&known), &now);
        assert_eq!(updates.len(), 1);
        assert_eq!(updates[0].log_id, LogId::from("L1"));
        assert_eq!((updates[0].state, updates[0].waiting), (Delivery::Sent, 1));
    }
}
