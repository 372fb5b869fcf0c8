//! The last snapshot of every account: one row per account and source,
//! the account as JSON.

use super::{Store, StoreError};
use crate::domain::{Account, AccountId};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, Transaction};
use std::path::Path;

/// What one sync brings, written in one transaction with the sync's
/// metadata (see [`Store::commit_sync`]): after a crash the store holds
/// either all of it or none of it, so a cursor never runs ahead of the
/// accounts it stands for.
#[derive(Debug, Clone, Copy)]
pub struct SyncWrite<'a> {
    /// The source's name (its config key, e.g. `hubspot`).
    pub source: &'a str,
    /// What the header shows, e.g. "HubSpot (portal 1234)". Never a token.
    pub description: &'a str,
    /// When the data was fetched: the as-of of this sync.
    pub fetched_at: DateTime<Utc>,
    /// A full sync replaces the source's whole snapshot; an incremental
    /// one upserts and deletes single accounts.
    pub change: Change<'a>,
    /// Cursors to set (key, value); keys not named keep their value.
    pub cursors: &'a [(&'a str, &'a str)],
}

/// The accounts a sync changes.
#[derive(Debug, Clone, Copy)]
pub enum Change<'a> {
    /// Every account of the source; the ones not in it are removed.
    Full(&'a [Account]),
    /// Accounts added or changed, and the ids of accounts removed.
    Incremental {
        upsert: &'a [Account],
        delete: &'a [AccountId],
    },
}

impl Store {
    /// Replaces the whole snapshot of `source` with `accounts`, in one
    /// transaction (a full sync without metadata).
    pub fn replace_accounts(
        &mut self,
        source: &str,
        accounts: &[Account],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.in_write(|tx, path| replace(tx, path, source, accounts, at))
    }

    /// Adds or replaces single accounts of `source`, in one transaction.
    pub fn upsert_accounts(
        &mut self,
        source: &str,
        accounts: &[Account],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.in_write(|tx, path| upsert(tx, path, source, accounts, at))
    }

    /// Removes accounts of `source` by id; returns how many were there.
    pub fn delete_accounts(
        &mut self,
        source: &str,
        ids: &[AccountId],
    ) -> Result<usize, StoreError> {
        self.in_write(|tx, path| delete(tx, path, source, ids))
    }

    /// The accounts, their metadata and the sync's cursors, all in one
    /// transaction; clears the source's last error (it synced).
    pub fn commit_sync(&mut self, sync: &SyncWrite<'_>) -> Result<(), StoreError> {
        self.in_write(|tx, path| {
            match sync.change {
                Change::Full(accounts) => {
                    replace(tx, path, sync.source, accounts, sync.fetched_at)?
                }
                Change::Incremental {
                    upsert: up,
                    delete: del,
                } => {
                    upsert(tx, path, sync.source, up, sync.fetched_at)?;
                    delete(tx, path, sync.source, del)?;
                }
            }
            let err = |e| StoreError::sqlite(path, e);
            super::meta::succeeded(tx, sync.source, sync.description, sync.fetched_at)
                .map_err(err)?;
            for (key, value) in sync.cursors {
                super::meta::put_cursor(tx, sync.source, key, value).map_err(err)?;
            }
            Ok(())
        })
    }

    /// Every cached account of `source`, in id order.
    pub fn load_accounts(&self, source: &str) -> Result<Vec<Account>, StoreError> {
        let err = |e| StoreError::sqlite(&self.path, e);
        let count = self.account_count(source)?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, data FROM accounts WHERE source = ?1 ORDER BY id")
            .map_err(err)?;
        let mut rows = stmt.query([source]).map_err(err)?;
        let mut accounts = Vec::with_capacity(count);
        while let Some(row) = rows.next().map_err(err)? {
            // Borrowed straight from SQLite's buffer: no copy of the JSON.
            let data = row.get_ref(1).and_then(|v| Ok(v.as_str()?)).map_err(err)?;
            let account =
                serde_json::from_str::<Account>(data).map_err(|e| StoreError::Account {
                    path: self.path.clone(),
                    id: row.get::<_, String>(0).unwrap_or_default(),
                    detail: format!("cannot be read back: {e}"),
                })?;
            accounts.push(account);
        }
        Ok(accounts)
    }

    /// How many accounts of `source` are cached.
    pub fn account_count(&self, source: &str) -> Result<usize, StoreError> {
        self.conn
            .query_row(
                "SELECT count(*) FROM accounts WHERE source = ?1",
                [source],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as usize)
            .map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// Runs `f` in a write transaction that takes the lock at once
    /// (waiting up to the busy timeout), so it never fails half-way on
    /// another writer; commits if `f` succeeds, rolls back if not.
    pub(super) fn in_write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let Store { conn, path } = self;
        let err = |e| StoreError::sqlite(path, e);
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err)?;
        let out = f(&tx, path)?;
        tx.commit().map_err(err)?;
        Ok(out)
    }
}

fn replace(
    conn: &Connection,
    path: &Path,
    source: &str,
    accounts: &[Account],
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    conn.execute("DELETE FROM accounts WHERE source = ?1", [source])
        .map_err(|e| StoreError::sqlite(path, e))?;
    upsert(conn, path, source, accounts, at)
}

fn upsert(
    conn: &Connection,
    path: &Path,
    source: &str,
    accounts: &[Account],
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let err = |e| StoreError::sqlite(path, e);
    let at = time_text(at);
    let mut stmt = conn
        .prepare_cached(
            "INSERT INTO accounts (source, id, data, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (source, id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
        )
        .map_err(err)?;
    for a in accounts {
        let json = serde_json::to_string(a).map_err(|e| StoreError::Account {
            path: path.to_path_buf(),
            id: a.id.to_string(),
            detail: format!("cannot be written: {e}"),
        })?;
        stmt.execute(params![source, a.id.as_str(), json, at])
            .map_err(err)?;
    }
    Ok(())
}

fn delete(
    conn: &Connection,
    path: &Path,
    source: &str,
    ids: &[AccountId],
) -> Result<usize, StoreError> {
    let err = |e| StoreError::sqlite(path, e);
    let mut stmt = conn
        .prepare_cached("DELETE FROM accounts WHERE source = ?1 AND id = ?2")
        .map_err(err)?;
    let mut n = 0;
    for id in ids {
        n += stmt.execute(params![source, id.as_str()]).map_err(err)?;
    }
    Ok(n)
}

/// Instants are stored as RFC 3339 in UTC, to the millisecond.
pub(super) fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}
