//! The schema, as migrations applied in order. The file's version is
//! SQLite's `user_version`: 0 for a new file, then the number of the last
//! migration applied. A migration is never edited once released; a change
//! is a new migration at the end of [`MIGRATIONS`].

use super::StoreError;
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;

/// Migration `i + 1` is `MIGRATIONS[i]`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: accounts, score history, sync metadata and cursors.
    "CREATE TABLE accounts (
         source     TEXT NOT NULL,
         id         TEXT NOT NULL,
         data       TEXT NOT NULL,  -- the domain::Account as JSON
         updated_at TEXT NOT NULL,  -- RFC 3339, UTC
         PRIMARY KEY (source, id)
     );
     CREATE TABLE score_history (
         account_id TEXT NOT NULL,
         day        TEXT NOT NULL,  -- YYYY-MM-DD
         score      REAL,           -- NULL: no data that day
         band       TEXT NOT NULL,  -- a Band id
         PRIMARY KEY (account_id, day)
     ) WITHOUT ROWID;
     CREATE TABLE sync_source (
         source       TEXT PRIMARY KEY,
         description  TEXT NOT NULL,
         last_success TEXT           -- RFC 3339, UTC
     );
     CREATE TABLE sync_cursor (
         source TEXT NOT NULL,
         key    TEXT NOT NULL,
         value  TEXT NOT NULL,
         PRIMARY KEY (source, key)
     ) WITHOUT ROWID;",
    // 2: the last failed sync of each source, cleared by a success.
    "CREATE TABLE sync_error (
         source  TEXT PRIMARY KEY,
         kind    TEXT NOT NULL,  -- a word or two: auth, network, rate limited, ...
         message TEXT NOT NULL,
         at      TEXT NOT NULL   -- RFC 3339, UTC
     );",
    // 3: the play outbox: logged plays waiting to be written back.
    "CREATE TABLE outbox (
         seq         INTEGER PRIMARY KEY AUTOINCREMENT,  -- queue order
         id          TEXT NOT NULL UNIQUE,  -- the LogId, the idempotency key
         source      TEXT NOT NULL,         -- the source's store key
         account_id  TEXT NOT NULL,
         log         TEXT NOT NULL,         -- the domain::PlayLog as JSON
         play_title  TEXT NOT NULL,
         at          TEXT NOT NULL,         -- the exact instant, RFC 3339 UTC
         state       TEXT NOT NULL,         -- queued, sent or failed
         attempts    INTEGER NOT NULL DEFAULT 0,
         next_at     TEXT NOT NULL,         -- not sent before (RFC 3339 UTC)
         error       TEXT,
         uncertain   INTEGER NOT NULL DEFAULT 0,  -- an attempt may have landed
         lease_owner TEXT,
         lease_pid   INTEGER,
         lease_until TEXT,
         created_at  TEXT NOT NULL,
         sent_at     TEXT
     );
     CREATE INDEX outbox_by_source ON outbox (source, state, account_id, seq);",
    // 4: the CSM's snoozes of alerts, kept apart from the cached accounts
    // (a sync never touches them).
    "CREATE TABLE snoozes (
         source     TEXT NOT NULL,  -- the source's store key
         account_id TEXT NOT NULL,
         alert      TEXT NOT NULL,  -- an AlertKind id
         at         TEXT NOT NULL,  -- the day it was snoozed, YYYY-MM-DD
         until      TEXT NOT NULL,  -- it holds until (not on) this day
         reason     TEXT NOT NULL,
         severity   TEXT NOT NULL,  -- the alert's Severity id when snoozed
         depth      REAL,           -- how bad its facts were (AlertFacts::depth)
         PRIMARY KEY (source, account_id, alert)
     ) WITHOUT ROWID;",
    // 5: what an outbox row carries: a logged play, or a plain note on the
    // account (a snooze's, with `[snooze] write_back`).
    "ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'play';  -- play or note",
];

/// The version this build writes.
pub const LATEST: u32 = MIGRATIONS.len() as u32;

/// The file's schema version.
pub(crate) fn version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Applies the migrations the file lacks, in order, in one transaction
/// that takes the write lock first: a second process opening the file at
/// the same time waits, then finds the work done.
pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let err = |e| StoreError::sqlite(path, e);
    let found = version(conn).map_err(err)?;
    if found > LATEST {
        return Err(too_new(path, found));
    }
    if found == LATEST {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(err)?;
    // Read again under the lock: another process may have migrated.
    let found = version(&tx).map_err(err)?;
    if found > LATEST {
        return Err(too_new(path, found));
    }
    for (n, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.execute_batch(sql).map_err(err)?;
        tx.pragma_update(None, "user_version", n as u32 + 1)
            .map_err(err)?;
    }
    tx.commit().map_err(err)
}

fn too_new(path: &Path, found: u32) -> StoreError {
    StoreError::TooNew {
        path: path.to_path_buf(),
        found,
        supported: LATEST,
    }
}
