//! The one thread that writes logged plays to the store for the TUI: the
//! event loop hands it each [`super::update::Effect::Queue`] and goes back
//! to the keys; it writes the log (the fsync included) and posts
//! [`Msg::Queued`] back. One thread, so logs are written in the order they
//! were submitted, and no key waits on the disk.

use super::plays::{carry_out, PlaySink, QueueError};
use super::update::Msg;
use crate::domain::draft::Drafted;
use std::sync::mpsc::{channel, Sender};
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;

/// The store thread's end of the channel; dropping it ends the thread once
/// the logs already handed over are written.
pub struct StoreThread {
    jobs: Sender<Drafted>,
}

impl StoreThread {
    /// Starts the thread over `sink`; its answers go to `tx`.
    pub fn spawn(sink: Arc<dyn PlaySink>, tx: UnboundedSender<Msg>) -> StoreThread {
        let (jobs, rx) = channel::<Drafted>();
        std::thread::Builder::new()
            // A supervised thread: its panic is caught below, so the panic
            // hook must leave the terminal to the app (see
            // `observe::on_load_thread`).
            .name(crate::observe::THREAD_NAME.into())
            .spawn(move || {
                for drafted in rx {
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
            .send(drafted)
            .map_err(|_| QueueError::NoStore("the store thread has stopped"))
    }
}
