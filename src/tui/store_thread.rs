//! The one thread that writes logged plays to the store for the TUI: the
//! event loop hands it each [`super::update::Effect::Queue`] and goes back
//! to the keys; it writes the log (the fsync included) and posts
//! [`Msg::Queued`] back; the snooze form's writes ([`super::update::Effect::Snooze`])
//! go the same way and come back as [`Msg::Snoozed`]. One thread, so
//! writes land in the order they were submitted, and no key waits on the disk.

use super::plays::{carry_out, PlaySink, QueueError};
use super::snoozer::flow::carry_out_snooze;
use super::snoozer::SnoozeJob;
use super::update::Msg;
use crate::domain::draft::Drafted;
use std::sync::mpsc::{channel, Sender};
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;

/// The store thread's end of the channel; dropping it ends the thread once
/// the logs already handed over are written.
pub struct StoreThread {
    jobs: Sender<Job>,
}

/// One write for the thread.
enum Job {
    Log(Box<Drafted>),
    Snooze(Box<SnoozeJob>),
}

impl StoreThread {
    /// Starts the thread over `sink`; its answers go to `tx`.
    pub fn spawn(sink: Arc<dyn PlaySink>, tx: UnboundedSender<Msg>) -> StoreThread {
        let (jobs, rx) = channel::<Job>();
        std::thread::Builder::new()
            // A supervised thread: its panic is caught below, so the panic
            // hook must leave the terminal to the app (see
            // `observe::on_load_thread`).
            .name(crate::observe::THREAD_NAME.into())
            .spawn(move || {
                for job in rx {
                    let drafted = match job {
                        Job::Log(drafted) => *drafted,
                        Job::Snooze(job) => {
                            if tx.send(snooze(sink.as_ref(), *job)).is_err() {
                                break;
                            }
                            continue;
                        }
                    };
                    let account = drafted.draft.account_id.clone();
                    let title = drafted.play_title.clone();
                    // A panic in the write is the log's failure, said on
                    // the form: the thread goes on with the next one.
                    let msg = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        carry_out(sink.as_ref(), drafted)
                    }))
                    .unwrap_or_else(|_| {
                        tracing::error!(job = "store", "queueing a log panicked");
                        Msg::Queued {
                            account,
                            title,
                            result: Err(QueueError::Panicked),
                        }
                    });
                    if tx.send(msg).is_err() {
                        break;
                    }
                }
            })
            .expect("the store thread starts");
        StoreThread { jobs }
    }

    /// Hands `drafted` to the thread; returns at once.
    pub fn queue(&self, drafted: Drafted) -> Result<(), QueueError> {
        self.jobs
            .send(Job::Log(Box::new(drafted)))
            .map_err(|_| QueueError::NoStore("the store thread has stopped"))
    }

    /// Hands the snooze form's `job` to the thread; returns at once.
    pub fn snooze(&self, job: SnoozeJob) -> Result<(), QueueError> {
        self.jobs
            .send(Job::Snooze(Box::new(job)))
            .map_err(|_| QueueError::NoStore("the store thread has stopped"))
    }
}

/// Writes a snooze; a panic in the write is its failure, said on the form.
fn snooze(sink: &dyn PlaySink, job: SnoozeJob) -> Msg {
    let kept = job.clone();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| carry_out_snooze(sink, job)))
        .unwrap_or_else(|_| {
            tracing::error!(job = "store", "writing a snooze panicked");
            Msg::Snoozed {
                job: Box::new(kept),
                result: Err(QueueError::Panicked),
            }
        })
}
