//! Background jobs, supervised: each runs as a task of its own whose end
//! is watched, so that a panic comes back to the app as a message (the
//! screen says what failed and how to retry) instead of a job that never
//! answers. Each job's start, end and failure is logged.

use super::update::Msg;
use std::future::Future;
use std::time::Instant;
use tokio::sync::mpsc::UnboundedSender;

/// Runs `job` (named `name` in the log) and posts the message it ends
/// with; if it panics, posts `failed(why)` instead.
pub fn spawn_job<F, E>(name: &'static str, tx: &UnboundedSender<Msg>, job: F, failed: E)
where
    F: Future<Output = Msg> + Send + 'static,
    E: FnOnce(String) -> Msg + Send + 'static,
{
    let tx = tx.clone();
    tokio::spawn(async move {
        let started = Instant::now();
        tracing::debug!(job = name, "job started");
        let result = tokio::spawn(job).await;
        let ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let msg = match result {
            Ok(msg) => {
                tracing::info!(job = name, ms, "job ended");
                msg
            }
            Err(e) => {
                let why = match e.try_into_panic() {
                    Ok(payload) => crate::observe::crash::payload_text(&*payload),
                    Err(e) => e.to_string(),
                };
                tracing::error!(job = name, ms, why, "job failed");
                failed(why)
            }
        };
        let _ = tx.send(msg);
    });
}

/// The result of `work` on the blocking pool, a panic there carried on as
/// this task's own (so [`spawn_job`] reports it).
pub use crate::observe::blocking;
