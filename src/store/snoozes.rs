//! The CSM's snoozes of alerts ([`crate::domain::snooze::Snooze`]), one
//! per source, account and alert kind: snoozing an alert again replaces
//! its snooze. Kept apart from the cached accounts, so a sync (even a full
//! one that deletes accounts) never touches them; a restart finds them as
//! they were. An ended snooze is forgotten 30 days after its day
//! ([`Store::forget_snoozes`]).

use super::outbox::insert_log;
use super::{LogKind, NewLog, Store, StoreError};
use crate::domain::snooze::{forgotten_through, Snooze};
use crate::domain::{AccountId, AlertKind, Severity};
use chrono::NaiveDate;
use rusqlite::{params, Transaction};
use std::path::Path;

/// A stored snooze with the account it is on.
#[derive(Debug, Clone, PartialEq)]
pub struct SnoozeRow {
    pub account_id: AccountId,
    pub snooze: Snooze,
}

impl Store {
    /// Puts `snooze` on `account` of `source`, replacing that alert's
    /// snooze if it had one. One transaction.
    pub fn put_snooze(
        &mut self,
        source: &str,
        account: &AccountId,
        snooze: &Snooze,
    ) -> Result<(), StoreError> {
        self.in_write(|tx, path| upsert(tx, path, source, account, snooze))
    }

    /// [`Store::put_snooze`] and, in the same transaction, `note` queued
    /// in the outbox as a plain note ([`LogKind::Note`]), durably as a
    /// logged play is: both are kept, or neither.
    pub fn put_snooze_with_note(
        &mut self,
        account: &AccountId,
        snooze: &Snooze,
        note: &NewLog<'_>,
    ) -> Result<(), StoreError> {
        let json = self.log_json(note)?;
        self.durably(|store| {
            store.in_write(|tx, path| {
                upsert(tx, path, note.source, account, snooze)?;
                insert_log(tx, path, note, &json, LogKind::Note)
            })
        })
    }

    /// Every snooze of `source`, by account then alert id. A row this build
    /// cannot read (an alert kind or severity it does not know, from a
    /// newer Orienteer) is left out.
    pub fn snoozes(&self, source: &str) -> Result<Vec<SnoozeRow>, StoreError> {
        let err = |e| StoreError::sqlite(&self.path, e);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT account_id, alert, at, until, reason, severity, depth FROM snoozes
                 WHERE source = ?1 ORDER BY account_id, alert",
            )
            .map_err(err)?;
        let rows = stmt
            .query_map([source], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<f64>>(6)?,
                ))
            })
            .map_err(err)?;
        let mut out = Vec::new();
        for row in rows {
            let (account, alert, at, until, reason, severity, depth) = row.map_err(err)?;
            let (Some(alert), Some(severity), Ok(at), Ok(until)) = (
                AlertKind::from_id(&alert),
                Severity::from_id(&severity),
                at.parse::<NaiveDate>(),
                until.parse::<NaiveDate>(),
            ) else {
                continue;
            };
            out.push(SnoozeRow {
                account_id: account.into(),
                snooze: Snooze {
                    alert,
                    at,
                    until,
                    reason,
                    severity,
                    depth,
                },
            });
        }
        Ok(out)
    }

    /// Forgets the snoozes of `source` that ended
    /// [`KEEP_ENDED_DAYS`](crate::domain::snooze::KEEP_ENDED_DAYS) or more
    /// days before `today` (the one rule, [`forgotten_through`]); returns
    /// how many. Reads first: a store with none to forget is not written.
    pub fn forget_snoozes(&mut self, source: &str, today: NaiveDate) -> Result<usize, StoreError> {
        let through = day_text(forgotten_through(today));
        let any: bool = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM snoozes WHERE source = ?1 AND until <= ?2)",
                params![source, through],
                |r| r.get(0),
            )
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        if !any {
            return Ok(0);
        }
        self.in_write(|tx, path| {
            tx.execute(
                "DELETE FROM snoozes WHERE source = ?1 AND until <= ?2",
                params![source, through],
            )
            .map_err(|e| StoreError::sqlite(path, e))
        })
    }

    /// Removes the snoozes of `account` of `source`: of `alert` only, or
    /// all. Returns the alerts whose snooze was removed, in id order.
    pub fn delete_snoozes(
        &mut self,
        source: &str,
        account: &AccountId,
        alert: Option<AlertKind>,
    ) -> Result<Vec<AlertKind>, StoreError> {
        self.in_write(|tx, path| {
            let err = |e| StoreError::sqlite(path, e);
            let mut stmt = tx
                .prepare(
                    "DELETE FROM snoozes WHERE source = ?1 AND account_id = ?2
                     AND (?3 IS NULL OR alert = ?3) RETURNING alert",
                )
                .map_err(err)?;
            let rows = stmt
                .query_map(
                    params![source, account.as_str(), alert.map(|a| a.id())],
                    |r| r.get::<_, String>(0),
                )
                .map_err(err)?;
            let mut gone = Vec::new();
            for row in rows {
                gone.extend(AlertKind::from_id(&row.map_err(err)?));
            }
            gone.sort();
            Ok(gone)
        })
    }
}

/// Puts `snooze` on `account` of `source`, replacing that alert's.
fn upsert(
    tx: &Transaction<'_>,
    path: &Path,
    source: &str,
    account: &AccountId,
    snooze: &Snooze,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO snoozes (source, account_id, alert, at, until, reason, severity, depth)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (source, account_id, alert) DO UPDATE SET
             at = excluded.at, until = excluded.until, reason = excluded.reason,
             severity = excluded.severity, depth = excluded.depth",
        params![
            source,
            account.as_str(),
            snooze.alert.id(),
            day_text(snooze.at),
            day_text(snooze.until),
            snooze.reason,
            snooze.severity.id(),
            snooze.depth.filter(|d| d.is_finite()),
        ],
    )
    .map_err(|e| StoreError::sqlite(path, e))?;
    Ok(())
}

fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}
