//! Sync metadata per source: its description, the as-of of its last
//! successful sync and its cursors (free-form keys and values, e.g.
//! HubSpot's paging `after` or the last `hs_lastmodifieddate` seen).
//! No token ever goes here: see the module documentation of the store.

use super::accounts::time_text;
use super::{Store, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;
use std::path::Path;

/// What the store knows about one source's syncs.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncState {
    pub source: String,
    /// What the header shows, e.g. "HubSpot (portal 1234)".
    pub description: String,
    /// The as-of of the last successful sync; `None` before the first.
    pub last_success: Option<DateTime<Utc>>,
    pub cursors: BTreeMap<String, String>,
}

impl Store {
    /// Sets the description of `source` (adding the source if new).
    pub fn set_description(&mut self, source: &str, description: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO sync_source (source, description) VALUES (?1, ?2)
                 ON CONFLICT (source) DO UPDATE SET description = excluded.description",
                params![source, description],
            )
            .map(drop)
            .map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// Records a successful sync of `source` as of `at`. [`Store::commit_sync`]
    /// does this together with the accounts; this is for a sync that wrote
    /// them separately.
    pub fn record_success(
        &mut self,
        source: &str,
        description: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.in_write(|tx, path| {
            succeeded(tx, source, description, at).map_err(|e| StoreError::sqlite(path, e))
        })
    }

    /// Sets one cursor of `source`.
    pub fn set_cursor(&mut self, source: &str, key: &str, value: &str) -> Result<(), StoreError> {
        put_cursor(&self.conn, source, key, value).map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// One cursor of `source`.
    pub fn cursor(&self, source: &str, key: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row(
                "SELECT value FROM sync_cursor WHERE source = ?1 AND key = ?2",
                params![source, key],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// Forgets every cursor of `source` (the next sync starts from scratch).
    pub fn clear_cursors(&mut self, source: &str) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM sync_cursor WHERE source = ?1", [source])
            .map(drop)
            .map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// What is known of `source`'s syncs; `None` for a source never seen.
    pub fn sync_state(&self, source: &str) -> Result<Option<SyncState>, StoreError> {
        let err = |e| StoreError::sqlite(&self.path, e);
        let Some((description, last_success)) = self
            .conn
            .query_row(
                "SELECT description, last_success FROM sync_source WHERE source = ?1",
                [source],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
            )
            .optional()
            .map_err(err)?
        else {
            return Ok(None);
        };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, value FROM sync_cursor WHERE source = ?1")
            .map_err(err)?;
        let cursors = stmt
            .query_map([source], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(err)?
            .collect::<Result<_, _>>()
            .map_err(err)?;
        Ok(Some(SyncState {
            source: source.to_string(),
            description,
            last_success: last_success
                .map(|t| parse_time(&self.path, &t))
                .transpose()?,
            cursors,
        }))
    }
}

pub(super) fn succeeded(
    conn: &Connection,
    source: &str,
    description: &str,
    at: DateTime<Utc>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO sync_source (source, description, last_success) VALUES (?1, ?2, ?3)
         ON CONFLICT (source) DO UPDATE SET description = excluded.description,
                                            last_success = excluded.last_success",
        params![source, description, time_text(at)],
    )?;
    Ok(())
}

pub(super) fn put_cursor(
    conn: &Connection,
    source: &str,
    key: &str,
    value: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO sync_cursor (source, key, value) VALUES (?1, ?2, ?3)
         ON CONFLICT (source, key) DO UPDATE SET value = excluded.value",
        params![source, key, value],
    )?;
    Ok(())
}

pub(super) fn parse_time(path: &Path, text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: format!("bad time {text:?} in the sync metadata: {e}"),
        })
}
