//! Sync metadata per source: its description, the as-of of its last
//! successful sync and its cursors (free-form keys and values, e.g.
//! HubSpot's paging `after` or the last `hs_lastmodifieddate` seen) and
//! its last error, so the TUI can say "stale: last sync failed 10 min ago
//! (auth)".
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
    pub(crate) source: String,
    /// What the header shows, e.g. "HubSpot (portal 1234)".
    pub description: String,
    /// The as-of of the last successful sync; `None` before the first.
    pub last_success: Option<DateTime<Utc>>,
    pub cursors: BTreeMap<String, String>,
    /// Why the last sync failed, if it did: a success clears it, so while
    /// it is here the cached accounts are as of `last_success`.
    pub last_error: Option<SyncError>,
}

/// A failed sync. The message is shown to the user and kept in the file:
/// like [`crate::source::SourceError`]'s, it must never contain a token.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncError {
    /// A word or two, as `LoadError::kind` gives it: `auth`, `network`,
    /// `rate limited`, `source error`, `bad data`, `setup`, `crash`,
    /// `timeout`. Kept as text, so a kind added later still reads back.
    pub kind: String,
    pub message: String,
    pub at: DateTime<Utc>,
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

    /// Records a successful sync of `source` as of `at` and clears its
    /// last error. [`Store::commit_sync`]
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

    /// Records that a sync of `source` failed (replacing the error before
    /// it); the cached accounts and cursors stay as they were.
    pub fn record_error(
        &mut self,
        source: &str,
        description: &str,
        error: &SyncError,
    ) -> Result<(), StoreError> {
        self.in_write(|tx, path| {
            let err = |e| StoreError::sqlite(path, e);
            tx.execute(
                "INSERT INTO sync_source (source, description) VALUES (?1, ?2)
                 ON CONFLICT (source) DO UPDATE SET description = excluded.description",
                params![source, description],
            )
            .map_err(err)?;
            tx.execute(
                "INSERT INTO sync_error (source, kind, message, at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (source) DO UPDATE SET kind = excluded.kind,
                     message = excluded.message, at = excluded.at",
                params![source, error.kind, cut(&error.message), time_text(error.at)],
            )
            .map_err(err)?;
            Ok(())
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
        let last_error = self
            .conn
            .query_row(
                "SELECT kind, message, at FROM sync_error WHERE source = ?1",
                [source],
                |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?)),
            )
            .optional()
            .map_err(err)?
            .map(|(kind, message, at)| {
                Ok::<_, StoreError>(SyncError {
                    kind,
                    message,
                    at: parse_time(&self.path, &at)?,
                })
            })
            .transpose()?;
        Ok(Some(SyncState {
            source: source.to_string(),
            description,
            last_success: last_success
                .map(|t| parse_time(&self.path, &t))
                .transpose()?,
            cursors,
            last_error,
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
    conn.execute("DELETE FROM sync_error WHERE source = ?1", [source])?;
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

/// The most of a sync's error message the store keeps: a message, never a
/// server's whole body (messages are masked before they get here).
pub(crate) const MESSAGE_MAX: usize = 500;

/// `message` cut to [`MESSAGE_MAX`] columns.
fn cut(message: &str) -> std::borrow::Cow<'_, str> {
    crate::domain::text::shorten(message, MESSAGE_MAX)
}
