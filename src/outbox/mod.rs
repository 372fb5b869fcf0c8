//! The outbox: a play logged in Orienteer is durably queued in the local
//! store, then written back to its source exactly once, whatever happens
//! to the network, the API or the process in between.
//!
//! - [`Outbox::queue`] commits the log to disk (`synchronous = FULL`)
//!   before it returns: once it says "queued", the log survives a crash.
//! - [`Outbox::flush_once`] sends what is due, in order per account, under
//!   a lease (two processes never send the same log), and sorts each result
//!   into sent, failed (a refusal retrying cannot fix, with the server's
//!   message) or later (network, 5xx, an expired token: with backoff, and
//!   a message saying what to fix). An attempt that may have landed is
//!   checked with the source before the log is sent again, whoever sends
//!   it. Right before each delivery the flush renews its lease with a
//!   compare-and-set (a flush that lost it sends nothing), and the
//!   delivery is cut off at a third of the lease, so it never outlives
//!   the lease. A write is sent once per attempt: a 429 comes back as
//!   "later", due when the server's `Retry-After` (capped) says. Each log goes
//!   with its account's owner as the cache holds it, for the source to
//!   assign it. [`Outbox::flush_now`] is the user's "send now": backoff
//!   or not, every queued log is due.
//! - [`spawn_flusher`] runs it in the background for the TUI and reports
//!   each change on a channel.
//! - [`Local`] puts the logs on their accounts, so a load shows them
//!   with their delivery state ([`merge_one`]), and the CSM's snoozes
//!   (kept in the same store, per source).
//! - [`Outbox::snooze`] keeps a snooze and, with `[snooze] write_back`,
//!   queues its note for the source: a row of kind note, sent as a log is.
//!
//! The store is synchronous: the async functions run it on the blocking pool.

mod flush;
mod flusher;
pub mod id;
mod snoozes;

pub use flush::RETRY_MAX;
pub use flush::{backoff, classify, DeliveryUpdate, FlushReport, Outcome, LEASE, RETRY_FIRST};
pub use flusher::{spawn_flusher, Flusher, FlusherEvent, RESTART_FIRST};

use crate::domain::account::{Delivery, PlayLog};
use crate::domain::logging::LogDraft;
use crate::domain::snooze::Snooze;
use crate::domain::{Account, AccountId, LogId};
use crate::store::{LogKind, NewLog, OutboxRow, Store, StoreError};
use chrono::{NaiveDate, Utc};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Why the outbox could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error("the play outbox: {0}")]
    Store(#[from] StoreError),
    /// No log with this id in the outbox (of this source).
    #[error("no log `{0}` in the outbox")]
    Unknown(String),
    /// The log was already sent: there is nothing to retry or discard.
    #[error("log `{0}` was already sent")]
    AlreadySent(String),
    /// The log is being sent right now by another process.
    #[error("log `{0}` is being sent right now; try again in a minute")]
    Busy(String),
}

/// The outbox of one source, in one store file.
#[derive(Debug, Clone)]
pub struct Outbox {
    store: PathBuf,
    /// The source's store key (e.g. `hubspot https://api.hubapi.com`, or
    /// `demo`): logs go only to the source they were queued for.
    source: String,
    /// How long a claim holds a log ([`LEASE`] unless set).
    lease: chrono::TimeDelta,
}

impl Outbox {
    pub fn new(store: impl Into<PathBuf>, source: impl Into<String>) -> Outbox {
        Outbox {
            store: store.into(),
            source: source.into(),
            lease: LEASE,
        }
    }

    /// The same outbox claiming logs for `lease` (at least a second): a
    /// delivery attempt is bounded by a third of it.
    pub fn with_lease(mut self, lease: chrono::TimeDelta) -> Outbox {
        self.lease = lease.max(chrono::TimeDelta::seconds(1));
        self
    }

    /// The store file.
    pub fn path(&self) -> &Path {
        &self.store
    }

    /// Queues `draft`, durably, and returns its log: a fresh id (the
    /// idempotency key), `day` (the day it happened, in the configured
    /// zone), `state: Some(Queued)`. The exact instant is kept for the
    /// write-back; `play_title` is what the source's record is titled.
    pub fn queue(
        &self,
        draft: &LogDraft,
        day: NaiveDate,
        play_title: &str,
    ) -> Result<PlayLog, OutboxError> {
        let log = log_of(draft, day);
        let mut store = Store::open(&self.store)?;
        store.queue_log(&NewLog {
            source: &self.source,
            account_id: &draft.account_id,
            log: &log,
            play_title,
            at: draft.at,
            now: Utc::now(),
        })?;
        Ok(log)
    }

    /// Every log of this source, oldest first.
    pub fn list(&self) -> Result<Vec<OutboxRow>, OutboxError> {
        if !self.store.exists() {
            return Ok(Vec::new());
        }
        Ok(Store::open(&self.store)?.outbox(Some(&self.source))?)
    }

    /// Where the logs not yet sent stand, and which of `also` were sent
    /// (see [`Store::outbox_states`]): the flusher's look at what another
    /// process did, which reads no log it had already seen sent.
    pub(crate) fn states(
        &self,
        also: &[LogId],
    ) -> Result<Vec<crate::store::LogState>, OutboxError> {
        if !self.store.exists() {
            return Ok(Vec::new());
        }
        Ok(Store::open(&self.store)?.outbox_states(&self.source, also)?)
    }

    /// How many logs wait to be sent.
    pub fn waiting(&self) -> Result<usize, OutboxError> {
        if !self.store.exists() {
            return Ok(0);
        }
        Ok(Store::open(&self.store)?.outbox_waiting(&self.source)?)
    }

    /// Puts a failed log back in the queue, to be sent on the next flush.
    pub fn retry(&self, id: &LogId) -> Result<OutboxRow, OutboxError> {
        let mut store = Store::open(&self.store)?;
        let row = self.find(&store, id)?;
        if row.state() == Delivery::Sent {
            return Err(OutboxError::AlreadySent(id.to_string()));
        }
        store.requeue_log(id, Utc::now())?;
        self.find(&store, id)
    }

    /// Removes a log that was not sent; it will never be sent.
    pub(crate) fn discard(&self, id: &LogId) -> Result<OutboxRow, OutboxError> {
        let mut store = Store::open(&self.store)?;
        let row = self.find(&store, id)?;
        if row.state() == Delivery::Sent {
            return Err(OutboxError::AlreadySent(id.to_string()));
        }
        if !store.discard_log(id, Utc::now())? {
            return Err(OutboxError::Busy(id.to_string()));
        }
        Ok(row)
    }

    fn find(&self, store: &Store, id: &LogId) -> Result<OutboxRow, OutboxError> {
        store
            .outbox_row(id)?
            .filter(|r| r.source == self.source)
            .ok_or_else(|| OutboxError::Unknown(id.to_string()))
    }

    /// Every logged play of this source by account, with its delivery
    /// state, for [`Local`] (a snooze's note is no play: it marks nothing
    /// as handled). An absent store file holds none.
    pub(crate) fn logs_by_account(&self) -> Result<HashMap<AccountId, Vec<PlayLog>>, OutboxError> {
        let mut out: HashMap<AccountId, Vec<PlayLog>> = HashMap::new();
        for row in self.list()? {
            if row.kind == LogKind::Note {
                continue;
            }
            out.entry(row.account_id).or_default().push(row.log);
        }
        Ok(out)
    }
}

/// What the local store adds to the accounts of a source: its logged
/// plays and the CSM's snoozes, by account. Both faces put them on the
/// accounts through [`Local::put_on`] before evaluating.
#[derive(Debug, Default)]
pub(crate) struct Local {
    logs: HashMap<AccountId, Vec<PlayLog>>,
    snoozes: HashMap<AccountId, Vec<Snooze>>,
}

impl Local {
    /// Puts `a`'s logs ([`merge_one`]) and snoozes on it.
    pub(crate) fn put_on(&self, a: &mut Account) {
        if let Some(mine) = self.logs.get(&a.id) {
            merge_one(a, mine.iter().cloned());
        }
        if let Some(mine) = self.snoozes.get(&a.id) {
            a.snoozes.clone_from(mine);
        }
    }

    /// [`Local::put_on`] for every account.
    pub(crate) fn put_on_all(&self, accounts: &mut [Account]) {
        if self.logs.is_empty() && self.snoozes.is_empty() {
            return;
        }
        for a in accounts {
            self.put_on(a);
        }
    }
}

impl Outbox {
    /// The logs and snoozes of this source ([`Local`]), and a line for
    /// each that could not be read (the load shows the rest without it).
    /// The snoozes that ended 30 days or more before `today` are forgotten
    /// first ([`Outbox::forget_snoozes`]; a failure to is only logged).
    pub(crate) fn local(&self, today: NaiveDate) -> (Local, Vec<String>) {
        if let Err(e) = self.forget_snoozes(today) {
            tracing::warn!("ended snoozes not forgotten: {e}");
        }
        let mut warnings = Vec::new();
        let logs = self.logs_by_account().unwrap_or_else(|e| {
            warnings.push(format!("logged plays not shown: {e}"));
            HashMap::new()
        });
        let snoozes = self.snoozes_by_account().unwrap_or_else(|e| {
            warnings.push(format!("snoozes not applied: {e}"));
            HashMap::new()
        });
        (Local { logs, snoozes }, warnings)
    }
}

/// The log a draft becomes (before it has a place in the outbox).
fn log_of(draft: &LogDraft, day: NaiveDate) -> PlayLog {
    PlayLog {
        id: id::new_log_id(),
        play_id: draft.play_id.clone(),
        outcome: draft.outcome,
        at: day,
        note: draft.note.clone(),
        follow_up: draft.follow_up,
        prompted_by: draft.prompted_by.clone(),
        state: Some(Delivery::Queued),
        error: None,
    }
}

/// Puts the outbox's logs on account `a`: a log the source already gave
/// back (same id) takes the outbox's state and error; the others are
/// added.
pub(crate) fn merge_one(a: &mut Account, logs: impl IntoIterator<Item = PlayLog>) {
    for log in logs {
        match a.plays_logged.iter_mut().find(|l| l.id == log.id) {
            Some(known) => {
                known.state = log.state;
                known.error = log.error;
            }
            None => a.plays_logged.push(log),
        }
    }
}
