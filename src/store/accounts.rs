//! The last snapshot of every account: one row per account and source,
//! the account as JSON.

use super::{Store, StoreError};
use crate::domain::{Account, AccountId};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::path::Path;

/// Accounts per chunk of a parallel load.
const CHUNK: usize = 256;

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
    /// Writes `change` to the accounts of `source` in one transaction,
    /// without sync metadata (what [`Store::commit_sync`] writes along);
    /// returns how many accounts it added, changed or removed.
    pub fn write_accounts(
        &mut self,
        source: &str,
        change: Change<'_>,
        at: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        self.in_write(|tx, path| apply(tx, path, source, change, at, None))
    }

    /// The accounts, their metadata and the sync's cursors, all in one
    /// transaction; clears the source's last error (it synced). Returns
    /// how many accounts it added, changed or removed.
    pub fn commit_sync(&mut self, sync: &SyncWrite<'_>) -> Result<usize, StoreError> {
        self.commit_sync_within(sync, None)
    }

    /// [`Store::commit_sync`], except that a full sync that would delete
    /// more than `max_delete_share` (0 to 1) of the cached accounts of the
    /// source writes nothing and fails with [`StoreError::TooManyDeletes`]
    /// (`None`: any share). The accounts are counted inside the write's
    /// transaction.
    pub(crate) fn commit_sync_within(
        &mut self,
        sync: &SyncWrite<'_>,
        max_delete_share: Option<f64>,
    ) -> Result<usize, StoreError> {
        self.in_write(|tx, path| {
            let (source, change, at) = (sync.source, sync.change, sync.fetched_at);
            let changed = apply(tx, path, source, change, at, max_delete_share)?;
            let err = |e| StoreError::sqlite(path, e);
            super::meta::succeeded(tx, sync.source, sync.description, sync.fetched_at)
                .map_err(err)?;
            for (key, value) in sync.cursors {
                super::meta::put_cursor(tx, sync.source, key, value).map_err(err)?;
            }
            Ok(changed)
        })
    }

    /// Every cached account of `source`, in id order. Parsing the JSON is
    /// most of the work, so a big snapshot is parsed on every core while
    /// this thread reads the rows, a chunk at a time (memory stays the
    /// accounts plus a few chunks of JSON).
    ///
    /// Strict: the first account that cannot be read back is the error
    /// (see [`Store::load_accounts_keeping`] for the lenient read).
    pub fn load_accounts(&self, source: &str) -> Result<Vec<Account>, StoreError> {
        let (accounts, mut bad) = self.load_accounts_keeping(source)?;
        match bad.is_empty() {
            true => Ok(accounts),
            false => Err(bad.swap_remove(0)),
        }
    }

    /// Every cached account of `source` that can be read back, in id
    /// order, and an error naming each one that cannot: one bad row costs
    /// that account, not the cache.
    pub(crate) fn load_accounts_keeping(
        &self,
        source: &str,
    ) -> Result<(Vec<Account>, Vec<StoreError>), StoreError> {
        // The chunked read, every chunk kept: one reader for the whole book
        // and for the faces that fold over it.
        let kept = self.for_each_account_chunk(source, CHUNK, None, Vec::new, |got, chunk| {
            got.push(chunk);
            true
        })?;
        let mut chunks: Vec<_> = kept.into_iter().flatten().collect();
        chunks.sort_unstable_by_key(|c| c.start);
        let mut accounts = Vec::with_capacity(chunks.iter().map(|c| c.accounts.len()).sum());
        let mut bad = Vec::new();
        for chunk in chunks {
            accounts.extend(chunk.accounts);
            bad.extend(chunk.bad);
        }
        Ok((accounts, bad))
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

    /// The owner of cached account `id` of `source`, as its last sync
    /// mapped it; `None` for an account not cached or with no owner.
    /// Reads that one field, not the whole account.
    pub(crate) fn account_owner(
        &self,
        source: &str,
        id: &AccountId,
    ) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row(
                "SELECT json_extract(data, '$.owner') FROM accounts \
                 WHERE source = ?1 AND id = ?2",
                params![source, id.as_str()],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()
            .map(Option::flatten)
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

/// Writes `change` to the accounts of `source`; returns how many rows it
/// added, changed or removed.
fn apply(
    conn: &Connection,
    path: &Path,
    source: &str,
    change: Change<'_>,
    at: DateTime<Utc>,
    max_delete_share: Option<f64>,
) -> Result<usize, StoreError> {
    match change {
        Change::Full(accounts) => replace(conn, path, source, accounts, at, max_delete_share),
        Change::Incremental {
            upsert: up,
            delete: del,
        } => Ok(upsert(conn, path, source, up, at)? + delete(conn, path, source, del)?),
    }
}

/// Makes `accounts` the whole snapshot of `source`; returns how many rows
/// it added, changed or removed. Refused, before anything is written, when
/// it would remove more than `max_delete_share` of the cached accounts.
fn replace(
    conn: &Connection,
    path: &Path,
    source: &str,
    accounts: &[Account],
    at: DateTime<Utc>,
    max_delete_share: Option<f64>,
) -> Result<usize, StoreError> {
    let err = |e| StoreError::sqlite(path, e);
    // The ids kept, to count and remove the rest in one statement each.
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS kept (id TEXT PRIMARY KEY); DELETE FROM temp.kept;",
    )
    .map_err(err)?;
    let mut keep = conn
        .prepare_cached("INSERT OR IGNORE INTO temp.kept (id) VALUES (?1)")
        .map_err(err)?;
    for a in accounts {
        keep.execute([a.id.as_str()]).map_err(err)?;
    }
    if let Some(max_share) = max_delete_share {
        let (cached, gone) = conn
            .query_row(
                "SELECT count(*), count(*) FILTER (WHERE id NOT IN (SELECT id FROM temp.kept)) \
                 FROM accounts WHERE source = ?1",
                [source],
                |r| Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize)),
            )
            .map_err(err)?;
        if cached > 0 && gone as f64 / cached as f64 > max_share {
            return Err(StoreError::TooManyDeletes {
                path: path.to_path_buf(),
                listed: accounts.len(),
                gone,
                cached,
                max_share,
            });
        }
    }
    let changed = upsert(conn, path, source, accounts, at)?;
    let removed = conn
        .execute(
            "DELETE FROM accounts WHERE source = ?1 AND id NOT IN (SELECT id FROM temp.kept)",
            [source],
        )
        .map_err(err)?;
    conn.execute("DELETE FROM temp.kept", []).map_err(err)?;
    Ok(changed + removed)
}

/// Adds or changes `accounts`; returns how many rows were new or
/// different (a row that is the same is not written, and keeps the time it
/// last changed).
fn upsert(
    conn: &Connection,
    path: &Path,
    source: &str,
    accounts: &[Account],
    at: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let err = |e| StoreError::sqlite(path, e);
    let at = time_text(at);
    let mut changed = 0;
    let mut stmt = conn
        .prepare_cached(
            "INSERT INTO accounts (source, id, data, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (source, id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at
             WHERE accounts.data IS NOT excluded.data",
        )
        .map_err(err)?;
    for a in accounts {
        let json = serde_json::to_string(a).map_err(|e| StoreError::Account {
            path: path.to_path_buf(),
            id: a.id.to_string(),
            detail: format!("cannot be written: {e}"),
        })?;
        changed += stmt
            .execute(params![source, a.id.as_str(), json, at])
            .map_err(err)?;
    }
    Ok(changed)
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
