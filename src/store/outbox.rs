//! The play outbox: each logged play, durably on disk from the moment it is
//! queued until the source has it (and after: a sent log stays, so that it
//! shows on its account whatever the source gives back).
//!
//! **Durable.** [`Store::queue_log`] commits with `synchronous = FULL`: when
//! it returns, the log is in the WAL on disk and survives a crash or a
//! power cut.
//!
//! **One sender at a time.** A sender claims logs with a lease (an owner, its
//! process id and an expiry) in a write transaction, so two processes (the
//! TUI and `orienteer outbox flush`) never hold the same log. A lease is free
//! again when it expires, or at once when the process that took it is gone
//! (on systems with `/proc`). Only the owner of a lease can settle it.
//!
//! **In order.** Per account, only the oldest queued log may be claimed: a
//! later log waits while an earlier one is queued (a failed one does not
//! hold the others back).
//!
//! **Fenced sends.** Right before each send the sender renews its lease
//! with a compare-and-set on the row ([`Store::fence_log`]): a sender
//! whose lease ran out, or was taken over, sends nothing.
//!
//! **Uncertain attempts.** Claiming marks the log `uncertain` before anything
//! is sent; only a success or a refusal clears it. A claim hands out the
//! flag as it was, so the sender knows to ask the source whether an earlier
//! attempt landed (a timeout, a lost connection, a crash mid-request) before
//! sending again.

use super::accounts::time_text;
use super::outbox_row::{bare, delivery, parse_time, read_row};
use super::{LogKind, LogState, OutboxRow, Store, StoreError};
use crate::domain::account::PlayLog;
use crate::domain::{AccountId, LogId};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use std::path::Path;

/// A log to queue: the log itself (its `state` and `error` are the row's,
/// not the JSON's), where it goes, and the instant it happened.
#[derive(Debug, Clone)]
pub struct NewLog<'a> {
    /// The source's store key: a log queued for one source is only ever
    /// claimed by a sender for that source.
    pub source: &'a str,
    pub account_id: &'a AccountId,
    pub log: &'a PlayLog,
    pub play_title: &'a str,
    /// When the play happened, exactly (the log keeps only the day).
    pub at: DateTime<Utc>,
    /// Now: when it was queued, and the first time it may be sent.
    pub now: DateTime<Utc>,
}

/// Who holds a lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// Unique per sender (several may run in one process).
    pub owner: String,
    pub pid: u32,
    pub until: DateTime<Utc>,
}

/// How an attempt ended, as the store records it.
#[derive(Debug, Clone, PartialEq)]
pub enum Settle {
    /// The source has it.
    Sent,
    /// The source refused it for good: kept with the reason, not retried.
    Failed(String),
    /// Not delivered (yet): try again at `next_at`, saying why meanwhile.
    Later {
        error: String,
        next_at: DateTime<Utc>,
    },
}

const COLUMNS: &str = "source, account_id, log, play_title, at, state, attempts, next_at, \
                       error, uncertain, created_at, sent_at, kind";

impl Store {
    /// Queues a log, durably (see the module documentation). Its id must
    /// be new.
    pub fn queue_log(&mut self, new: &NewLog<'_>) -> Result<(), StoreError> {
        let json = self.log_json(new)?;
        self.durably(|store| {
            store.in_write(|tx, path| insert_log(tx, path, new, &json, LogKind::Play))
        })
    }

    /// The log as the `log` column keeps it.
    pub(super) fn log_json(&self, new: &NewLog<'_>) -> Result<String, StoreError> {
        serde_json::to_string(&bare(new.log)).map_err(|e| StoreError::Account {
            path: self.path.clone(),
            id: new.account_id.to_string(),
            detail: format!("log {} cannot be written: {e}", new.log.id),
        })
    }

    /// Queues many logs in one durable transaction (imports, benchmarks).
    pub fn queue_logs(&mut self, all: &[NewLog<'_>]) -> Result<(), StoreError> {
        let rows = all
            .iter()
            .map(|new| self.log_json(new))
            .collect::<Result<Vec<_>, _>>()?;
        self.durably(|store| {
            store.in_write(|tx, path| {
                for (new, json) in all.iter().zip(&rows) {
                    insert_log(tx, path, new, json, LogKind::Play)?;
                }
                Ok(())
            })
        })
    }

    /// Every log of `source` (all of them with `None`), oldest first.
    pub fn outbox(&self, source: Option<&str>) -> Result<Vec<OutboxRow>, StoreError> {
        let sql =
            format!("SELECT {COLUMNS} FROM outbox WHERE ?1 IS NULL OR source = ?1 ORDER BY seq");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([source], read_row)
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row.map_err(|e| self.err(e))?.map_err(|d| self.bad(d))?);
        }
        Ok(out)
    }

    /// One log by id.
    pub fn outbox_row(&self, id: &LogId) -> Result<Option<OutboxRow>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1");
        let row = self
            .conn
            .query_row(&sql, [id.as_str()], read_row)
            .optional()
            .map_err(|e| self.err(e))?;
        row.transpose().map_err(|d| self.bad(d))
    }

    /// Where the logs of `source` not yet sent stand, and the logs of
    /// `also` whatever their state (to see which of them went): ids,
    /// accounts, states and errors, never the logs themselves, and never a
    /// sent log that was not asked for (the outbox keeps every log it
    /// sent, so that is most of it).
    pub(crate) fn outbox_states(
        &self,
        source: &str,
        also: &[LogId],
    ) -> Result<Vec<LogState>, StoreError> {
        let read = |r: &rusqlite::Row<'_>| {
            Ok(LogState {
                id: r.get::<_, String>(0)?.into(),
                account_id: r.get::<_, String>(1)?.into(),
                state: delivery(&r.get::<_, String>(2)?),
                error: r.get(3)?,
            })
        };
        let mut open = self
            .conn
            .prepare_cached(
                "SELECT id, account_id, state, error FROM outbox \
                 WHERE source = ?1 AND state != 'sent' ORDER BY seq",
            )
            .map_err(|e| self.err(e))?;
        let mut out = open
            .query_map([source], read)
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        let mut one = self
            .conn
            .prepare_cached(
                "SELECT id, account_id, state, error FROM outbox \
                 WHERE source = ?1 AND id = ?2 AND state = 'sent'",
            )
            .map_err(|e| self.err(e))?;
        for id in also {
            let sent = one
                .query_row(params![source, id.as_str()], read)
                .optional()
                .map_err(|e| self.err(e))?;
            out.extend(sent);
        }
        Ok(out)
    }

    /// How many logs of `source` are queued.
    pub fn outbox_waiting(&self, source: &str) -> Result<usize, StoreError> {
        self.conn
            .query_row(
                "SELECT count(*) FROM outbox WHERE source = ?1 AND state = 'queued'",
                [source],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as usize)
            .map_err(|e| self.err(e))
    }

    /// The earliest time a queued log of `source` may be tried, if any is
    /// queued (a leased one counts from its lease's end).
    pub fn outbox_next_due(&self, source: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT min(max(next_at, coalesce(lease_until, ''))) FROM outbox \
                 WHERE source = ?1 AND state = 'queued'",
                [source],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        Ok(text.and_then(|t| parse_time(&t)))
    }

    /// Claims, under `lease`, the logs of `source` that may be sent: per
    /// account the oldest queued log, when it is due by `due_by` and no one
    /// else holds it at `now`. Each claimed log is marked uncertain in the file
    /// (an attempt is about to start); the rows come back as they were
    /// before, so `uncertain` says whether an earlier attempt may have
    /// landed.
    pub fn claim_logs(
        &mut self,
        source: &str,
        lease: &Lease,
        now: DateTime<Utc>,
        due_by: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<OutboxRow>, StoreError> {
        let now_text = time_text(now);
        let due_text = time_text(due_by);
        self.in_write(|tx, path| {
            let err = |e| StoreError::sqlite(path, e);
            let sql = format!(
                "SELECT {COLUMNS}, id, lease_owner, lease_pid, lease_until FROM outbox \
                 WHERE source = ?1 AND state = 'queued' ORDER BY account_id, seq"
            );
            let mut stmt = tx.prepare_cached(&sql).map_err(err)?;
            let mut rows = stmt.query([source]).map_err(err)?;
            let mut claimed = Vec::new();
            let mut ids = Vec::new();
            let mut bad: Vec<(String, String)> = Vec::new();
            let mut last_account: Option<String> = None;
            while let Some(r) = rows.next().map_err(err)? {
                let account: String = r.get(1).map_err(err)?;
                if last_account.as_deref() == Some(account.as_str()) {
                    continue; // not the account's oldest
                }
                last_account = Some(account);
                let next_at: String = r.get(7).map_err(err)?;
                let owner: Option<String> = r.get(14).map_err(err)?;
                let pid: Option<u32> = r.get(15).map_err(err)?;
                let until: Option<String> = r.get(16).map_err(err)?;
                let held = match (owner, until) {
                    (Some(o), Some(u)) => {
                        o != lease.owner && u > now_text && pid.is_none_or(process_alive)
                    }
                    _ => false,
                };
                if held || next_at > due_text {
                    continue;
                }
                let id = r.get::<_, String>(13).map_err(err)?;
                match read_row(r).map_err(err)? {
                    Ok(row) => {
                        ids.push(id);
                        claimed.push(row);
                    }
                    // One log that cannot be read back costs that log, not
                    // the outbox: it is failed with why, the rest go on.
                    Err(detail) => bad.push((id, detail)),
                }
                if claimed.len() >= limit {
                    break;
                }
            }
            drop(rows);
            let mut update = tx
                .prepare_cached(
                    "UPDATE outbox SET lease_owner = ?2, lease_pid = ?3, lease_until = ?4, \
                     uncertain = 1 WHERE id = ?1",
                )
                .map_err(err)?;
            for id in &ids {
                update
                    .execute(params![id, lease.owner, lease.pid, time_text(lease.until)])
                    .map_err(err)?;
            }
            let mut fail = tx
                .prepare_cached(
                    "UPDATE outbox SET state = 'failed', error = ?2, lease_owner = NULL, \
                     lease_pid = NULL, lease_until = NULL WHERE id = ?1",
                )
                .map_err(err)?;
            for (id, detail) in &bad {
                let why = format!("{detail}; it was not sent (`orienteer outbox discard {id}`)");
                fail.execute(params![id, why]).map_err(err)?;
            }
            Ok(claimed)
        })
    }

    /// The fence before a send: renews `owner`'s lease on the log to
    /// `until` if it still holds it at `now` (not expired, not taken over,
    /// still queued); returns whether it did. A sender that lost its lease
    /// sends nothing: the log is the new holder's.
    pub fn fence_log(
        &mut self,
        id: &LogId,
        owner: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let (now, until) = (time_text(now), time_text(until));
        self.in_write(|tx, path| {
            let n = tx
                .execute(
                    "UPDATE outbox SET lease_until = ?4 WHERE id = ?1 AND lease_owner = ?2 \
                     AND lease_until > ?3 AND state = 'queued'",
                    params![id.as_str(), owner, now, until],
                )
                .map_err(|e| StoreError::sqlite(path, e))?;
            Ok(n == 1)
        })
    }

    /// Records how an attempt ended, if `owner` still holds the log's
    /// lease; returns whether it did (a lease taken over after it expired
    /// is the new owner's to settle).
    pub fn settle_log(
        &mut self,
        id: &LogId,
        owner: &str,
        outcome: &Settle,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let now = time_text(now);
        self.in_write(|tx, path| {
            let err = |e| StoreError::sqlite(path, e);
            let n = match outcome {
                Settle::Sent => tx.execute(
                    "UPDATE outbox SET state = 'sent', error = NULL, uncertain = 0, \
                     attempts = attempts + 1, sent_at = ?3, lease_owner = NULL, \
                     lease_pid = NULL, lease_until = NULL WHERE id = ?1 AND lease_owner = ?2",
                    params![id.as_str(), owner, now],
                ),
                Settle::Failed(reason) => tx.execute(
                    "UPDATE outbox SET state = 'failed', error = ?3, uncertain = 0, \
                     attempts = attempts + 1, lease_owner = NULL, lease_pid = NULL, \
                     lease_until = NULL WHERE id = ?1 AND lease_owner = ?2",
                    params![id.as_str(), owner, reason],
                ),
                Settle::Later { error, next_at } => tx.execute(
                    "UPDATE outbox SET error = ?3, next_at = ?4, attempts = attempts + 1, \
                     lease_owner = NULL, lease_pid = NULL, lease_until = NULL \
                     WHERE id = ?1 AND lease_owner = ?2",
                    params![id.as_str(), owner, error, time_text(*next_at)],
                ),
            }
            .map_err(err)?;
            Ok(n == 1)
        })
    }

    /// Puts a failed (or waiting) log back in the queue, due at `now`.
    /// A log tried before stays uncertain: part of it may have landed.
    /// Returns false when there is no such log, or it was sent.
    pub fn requeue_log(&mut self, id: &LogId, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let now = time_text(now);
        self.durably(|store| {
            store.in_write(|tx, path| {
                tx.execute(
                    "UPDATE outbox SET state = 'queued', next_at = ?2, \
                     uncertain = (attempts > 0 OR uncertain) \
                     WHERE id = ?1 AND state != 'sent'",
                    params![id.as_str(), now],
                )
                .map(|n| n == 1)
                .map_err(|e| StoreError::sqlite(path, e))
            })
        })
    }

    /// Makes every queued log of `source` due at `now`, backoff or not
    /// (the user said "send now"); the count of attempts stays, so the
    /// next backoff is as long as it would have been. Returns how many
    /// logs were waiting out a backoff.
    pub(crate) fn outbox_due_now(
        &mut self,
        source: &str,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let now = time_text(now);
        self.in_write(|tx, path| {
            tx.execute(
                "UPDATE outbox SET next_at = ?2 \
                 WHERE source = ?1 AND state = 'queued' AND next_at > ?2",
                params![source, now],
            )
            .map_err(|e| StoreError::sqlite(path, e))
        })
    }

    /// Removes a log that was not sent (queued or failed) and that no one
    /// is sending right now. Returns false when there is no such log.
    pub fn discard_log(&mut self, id: &LogId, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let now = time_text(now);
        self.durably(|store| {
            store.in_write(|tx, path| {
                tx.execute(
                    "DELETE FROM outbox WHERE id = ?1 AND state != 'sent' \
                     AND (lease_until IS NULL OR lease_until <= ?2)",
                    params![id.as_str(), now],
                )
                .map(|n| n == 1)
                .map_err(|e| StoreError::sqlite(path, e))
            })
        })
    }

    /// Runs `f` with `synchronous = FULL`: its commit is on disk when it
    /// returns.
    pub(super) fn durably<T>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.conn
            .execute_batch("PRAGMA synchronous = FULL")
            .map_err(|e| self.err(e))?;
        let out = f(self);
        self.conn
            .execute_batch("PRAGMA synchronous = NORMAL")
            .map_err(|e| self.err(e))?;
        out
    }

    fn bad(&self, detail: String) -> StoreError {
        StoreError::Account {
            path: self.path.clone(),
            id: String::new(),
            detail,
        }
    }
}

/// Inserts a new log of `kind` (its JSON already written), queued and due
/// now, inside the caller's write transaction.
pub(super) fn insert_log(
    tx: &Transaction<'_>,
    path: &Path,
    new: &NewLog<'_>,
    json: &str,
    kind: LogKind,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO outbox (id, source, account_id, log, play_title, at, state, next_at, \
         created_at, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued', ?7, ?7, ?8)",
    )
    .and_then(|mut stmt| {
        stmt.execute(params![
            new.log.id.as_str(),
            new.source,
            new.account_id.as_str(),
            json,
            new.play_title,
            time_text(new.at),
            time_text(new.now),
            kind.id(),
        ])
    })
    .map_err(|e| StoreError::sqlite(path, e))?;
    Ok(())
}

/// Whether process `pid` is running, where the system can tell (`/proc`);
/// elsewhere every holder is taken to be alive and its lease runs out.
fn process_alive(pid: u32) -> bool {
    let proc_dir = Path::new("/proc");
    if !proc_dir.join("self").exists() {
        return true;
    }
    proc_dir.join(pid.to_string()).exists()
}
