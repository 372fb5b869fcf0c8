//! One flush: claim what is due, send it, record how each attempt ended.

use super::{Outbox, OutboxError};
use crate::domain::account::Delivery;
use crate::domain::{AccountId, LogId};
use crate::source::http::retry::{again, Again, Backoff, Jitter};
use crate::source::writeback::{Outgoing, Receipt, WriteBack};
use crate::source::SourceError;
use crate::store::{Lease, OutboxRow, Settle, Store, StoreError};
use chrono::{DateTime, TimeDelta, Utc};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

/// The first wait after an attempt that did not get through; each further
/// one doubles it, up to [`RETRY_MAX`].
pub const RETRY_FIRST: Duration = Duration::from_secs(5);
/// The longest wait between two attempts at one log.
pub const RETRY_MAX: Duration = Duration::from_secs(15 * 60);
/// The outbox's curve: the HTTP layer's policy, over minutes.
const OUTBOX: Backoff = Backoff {
    first: RETRY_FIRST,
    max: RETRY_MAX,
};
/// How long a claim holds a log. One delivery attempt (a check and two
/// requests) is cut off at a third of it, and the lease is renewed right
/// before it starts, so an attempt never outlives its lease.
pub const LEASE: TimeDelta = TimeDelta::minutes(3);
/// The longest error text kept on a log, in characters.
const ERROR_CHARS: usize = 400;
/// Logs claimed at once (per account, only the oldest is claimable).
const BATCH: usize = 64;

/// How an attempt ended, for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The source has it.
    Sent,
    /// Refused for a reason sending again cannot fix: the server's message.
    Failed(String),
    /// Not through; try again later. Why, and what to do about it.
    Later(String),
}

/// Sorts an attempt's result: success is sent; a status the HTTP layer
/// would not try again either ([`again`]: a 4xx other than 401, 403, 408
/// and 429, and 501) is failed, with the server's message; a rejected
/// token, the network, a 5xx or an unreadable answer is "later" (the
/// token's message says which token to fix).
pub fn classify(result: &Result<Receipt, SourceError>) -> Outcome {
    match result {
        Ok(_) => Outcome::Sent,
        Err(SourceError::Auth(m)) => Outcome::Later(format!(
            "{m}; the log stays queued and is sent once the token is fixed"
        )),
        Err(SourceError::Api { status, message }) if again(*status) == Again::Never => {
            Outcome::Failed(cut(&format!(
                "the source refused it ({status}, {}): {message}",
                result.as_ref().err().map_or("", SourceError::kind)
            )))
        }
        Err(e) => Outcome::Later(cut(&format!("{} ({}); will try again", e, e.kind()))),
    }
}

/// An error as the outbox keeps it: already masked and cleaned by the
/// HTTP layer, cut to [`ERROR_CHARS`].
fn cut(text: &str) -> String {
    crate::domain::text::shorten(text, ERROR_CHARS).into_owned()
}

/// When to try again after `result`: the server's own wait for a rate
/// limit (already capped by `[http] max_wait`), else the backoff.
fn retry_in(result: &Result<Receipt, SourceError>, attempts: u32) -> TimeDelta {
    match result {
        Err(SourceError::RateLimited {
            retry_after: Some(wait),
            ..
        }) => TimeDelta::from_std(*wait).unwrap_or(TimeDelta::MAX),
        _ => backoff(attempts),
    }
}

/// What one flush did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlushReport {
    pub sent: usize,
    pub failed: usize,
    /// Attempts that did not get through and will be tried again.
    pub later: usize,
    /// Each log whose state this flush settled, in the order it did.
    pub updates: Vec<DeliveryUpdate>,
    /// Logs of this source still queued after the flush.
    pub waiting: usize,
}

/// A log's delivery changed (or was tried and stays queued, with why):
/// what the TUI shows on the account and in the status line.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryUpdate {
    pub account_id: AccountId,
    pub log_id: LogId,
    pub state: Delivery,
    /// Why it failed or waits.
    pub error: Option<String>,
    /// Logs of the source still queued once this one was settled.
    pub waiting: usize,
}

impl Outbox {
    /// Sends every log that is due, in order per account, through
    /// `writer`, and records each result. A log whose earlier attempt may
    /// have landed is checked with the source first. Stops early when a
    /// whole batch got nowhere (the source is down: no use hammering it).
    /// Cancelling it (a deadline) is safe: a log being sent stays leased
    /// and uncertain, and the next flush checks it.
    pub async fn flush_once(&self, writer: &dyn WriteBack) -> Result<FlushReport, OutboxError> {
        self.flush_due(writer, None).await
    }

    /// "Send now" (`orienteer outbox flush`): every queued log is due at
    /// once, backoff or not, then [`Outbox::flush_once`]. A log that does
    /// not get through backs off again, as long as it would have.
    pub async fn flush_now(&self, writer: &dyn WriteBack) -> Result<FlushReport, OutboxError> {
        if self.store.exists() {
            let (path, source) = (self.store.clone(), self.source.clone());
            blocking(move || Store::open(&path)?.outbox_due_now(&source, Utc::now())).await?;
        }
        self.flush_once(writer).await
    }

    /// [`Outbox::flush_once`], counting as due what is due by `by`
    /// (`None`: now), e.g. to send at once what waits out a backoff.
    pub async fn flush_due(
        &self,
        writer: &dyn WriteBack,
        by: Option<DateTime<Utc>>,
    ) -> Result<FlushReport, OutboxError> {
        let mut report = FlushReport::default();
        if !self.store.exists() {
            return Ok(report);
        }
        let owner = lease_owner();
        writer.flush_started();
        let lease_for = self.lease;
        // An attempt ends well inside the lease renewed just before it.
        let attempt_for = (lease_for / 3).to_std().unwrap_or(Duration::from_secs(1));
        loop {
            let lease = Lease {
                owner: owner.clone(),
                pid: std::process::id(),
                until: Utc::now() + lease_for,
            };
            let (path, source) = (self.store.clone(), self.source.clone());
            let claimed = blocking(move || {
                let now = Utc::now();
                let due_by = by.unwrap_or(now).max(now);
                let mut store = Store::open(&path)?;
                let rows = store.claim_logs(&source, &lease, now, due_by, BATCH)?;
                // Each account's owner as the cache has it, for the source
                // to assign the follow-up to (unknown: left unassigned;
                // the claim is made, the logs go out regardless).
                Ok(rows
                    .into_iter()
                    .map(|row| {
                        let owner = store.account_owner(&source, &row.account_id);
                        (row, owner.ok().flatten())
                    })
                    .collect::<Vec<_>>())
            })
            .await?;
            if claimed.is_empty() {
                break;
            }
            let mut progress = false;
            for (row, account_owner) in claimed {
                let item = outgoing(&row, account_owner);
                if !self.fence(&item.log.id, &owner, lease_for).await? {
                    // The lease ran out (a slow batch) or was taken over:
                    // the log is its new holder's; send nothing.
                    continue;
                }
                let result =
                    match tokio::time::timeout(attempt_for, writer.deliver(&item, row.uncertain))
                        .await
                    {
                        Ok(result) => result,
                        Err(_) => Err(SourceError::Transport(format!(
                            "the attempt took longer than {} s and was stopped; it is \
                             checked with the source before the log is sent again",
                            attempt_for.as_secs()
                        ))),
                    };
                let outcome = classify(&result);
                let settle = match &outcome {
                    Outcome::Sent => Settle::Sent,
                    Outcome::Failed(m) => Settle::Failed(m.clone()),
                    Outcome::Later(m) => Settle::Later {
                        error: m.clone(),
                        next_at: Utc::now() + retry_in(&result, row.attempts),
                    },
                };
                let (path, source, id) = (self.store.clone(), self.source.clone(), item.log.id);
                let owner = owner.clone();
                let (settled, waiting) = blocking(move || {
                    let mut store = Store::open(&path)?;
                    let settled = store.settle_log(&id, &owner, &settle, Utc::now())?;
                    Ok((settled.then_some(id), store.outbox_waiting(&source)?))
                })
                .await?;
                let Some(log_id) = settled else { continue };
                let (state, error) = match outcome {
                    Outcome::Sent => {
                        report.sent += 1;
                        progress = true;
                        (Delivery::Sent, None)
                    }
                    Outcome::Failed(m) => {
                        report.failed += 1;
                        progress = true;
                        (Delivery::Failed, Some(m))
                    }
                    Outcome::Later(m) => {
                        report.later += 1;
                        (Delivery::Queued, Some(m))
                    }
                };
                report.updates.push(DeliveryUpdate {
                    account_id: row.account_id,
                    log_id,
                    state,
                    error,
                    waiting,
                });
            }
            if !progress {
                break;
            }
        }
        report.waiting = self.waiting()?;
        if report.sent + report.failed + report.later > 0 {
            tracing::info!(
                sent = report.sent,
                failed = report.failed,
                later = report.later,
                waiting = report.waiting,
                "outbox flushed"
            );
        }
        Ok(report)
    }

    /// Renews `owner`'s lease on `id` if it still holds it (the fence
    /// before a send).
    async fn fence(
        &self,
        id: &LogId,
        owner: &str,
        lease_for: TimeDelta,
    ) -> Result<bool, OutboxError> {
        let (path, id, owner) = (self.store.clone(), id.clone(), owner.to_string());
        blocking(move || {
            let now = Utc::now();
            Store::open(&path)?.fence_log(&id, &owner, now, now + lease_for)
        })
        .await
    }

    /// When the next queued log may be tried, if any waits.
    pub(crate) fn next_due(&self) -> Result<Option<DateTime<Utc>>, OutboxError> {
        if !self.store.exists() {
            return Ok(None);
        }
        Ok(Store::open(&self.store)?.outbox_next_due(&self.source)?)
    }
}

/// What the source is sent: the log without its delivery state, and the
/// account's owner.
fn outgoing(row: &OutboxRow, owner: Option<String>) -> Outgoing {
    let mut log = row.log.clone();
    log.state = None;
    log.error = None;
    Outgoing {
        account_id: row.account_id.clone(),
        kind: row.kind,
        log,
        at: row.at,
        play_title: row.play_title.clone(),
        owner,
    }
}

/// A name for this flush's lease, unique among the process's flushes.
fn lease_owner() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "pid {} flush {} at {}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        Utc::now().timestamp_millis()
    )
}

/// The wait after `attempts` earlier attempts failed: doubling from
/// [`RETRY_FIRST`], capped at [`RETRY_MAX`], somewhere in its upper half.
pub fn backoff(attempts: u32) -> TimeDelta {
    static JITTER: OnceLock<Jitter> = OnceLock::new();
    let jitter = JITTER.get_or_init(Jitter::from_time);
    let wait = OUTBOX.wait(attempts, jitter);
    TimeDelta::from_std(wait).unwrap_or(TimeDelta::MAX)
}

/// A store call on the blocking pool ([`crate::observe::blocking`]: its
/// panic is this task's), its error the outbox's.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, OutboxError> {
    Ok(crate::observe::blocking(f).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_sort_into_sent_failed_and_later() {
        let api = |status| {
            Err(SourceError::Api {
                status,
                message: "bad property".into(),
            })
        };
        let ok = Ok(Receipt {
            remote_id: None,
            found: false,
        });
        assert_eq!(classify(&ok), Outcome::Sent);
        for status in [400, 404, 409, 422] {
            assert!(
                matches!(classify(&api(status)), Outcome::Failed(m) if m.contains("bad property")),
                "{status}"
            );
        }
        for status in [408, 429, 500, 502, 503] {
            assert!(
                matches!(classify(&api(status)), Outcome::Later(_)),
                "{status}"
            );
        }
        let auth = classify(&Err(SourceError::Auth("401: the token from env X".into())));
        assert!(
            matches!(&auth, Outcome::Later(m) if m.contains("env X") && m.contains("stays queued")),
            "{auth:?}"
        );
        let net = Err(SourceError::Transport("could not connect".into()));
        assert!(matches!(classify(&net), Outcome::Later(_)));
    }

    /// One policy, written down here rather than derived from itself: what
    /// the HTTP layer does with each status and whether the outbox gives
    /// the log up (only where the HTTP layer gives up too).
    #[test]
    fn the_outbox_and_the_http_layer_follow_one_table_of_statuses() {
        use crate::source::http::retry::{again, Again};
        #[derive(Debug, PartialEq)]
        enum Decision {
            /// After a backoff.
            Retry,
            /// After the source's own wait (429) or a fixed token (401, 403).
            RetryAfter,
            GiveUp,
        }
        use Decision::*;
        let table = [
            (400, GiveUp),
            (401, RetryAfter),
            (403, RetryAfter),
            (404, GiveUp),
            (405, GiveUp),
            (408, Retry),
            (409, GiveUp),
            (410, GiveUp),
            (422, GiveUp),
            (429, RetryAfter),
            (451, GiveUp),
            (500, Retry),
            (501, GiveUp),
            (502, Retry),
            (503, Retry),
            (504, Retry),
            (599, Retry),
        ];
        for (status, want) in table {
            let http = match again(status) {
                Again::Soon => Retry,
                Again::WaitOut | Again::AfterFix => RetryAfter,
                Again::Never => GiveUp,
            };
            assert_eq!(http, want, "the HTTP layer on {status}");
            let outbox = classify(&Err(SourceError::Api {
                status,
                message: "m".into(),
            }));
            assert_eq!(
                matches!(outbox, Outcome::Failed(_)),
                want == GiveUp,
                "the outbox on {status}: {outbox:?}"
            );
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_up_to_the_cap() {
        for attempts in 0..30 {
            let full = RETRY_FIRST
                .saturating_mul(1u32.checked_shl(attempts.min(16)).unwrap_or(u32::MAX))
                .min(RETRY_MAX);
            let got = backoff(attempts).to_std().unwrap();
            assert!(got >= full / 2 && got <= full, "{attempts}: {got:?}");
        }
        assert!(backoff(40).to_std().unwrap() <= RETRY_MAX);
    }
}
