//! A store file that will not open (not a database, or damaged where
//! SQLite reads first) is moved aside, never deleted: the cache is only a
//! copy of the source, but the outbox holds plays not yet sent and the
//! snoozes are the CSM's own. Whatever outbox and snooze rows can still be
//! read are copied into the new file first.

use super::{Store, StoreError};
use chrono::Utc;
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// Opens the store at `path`; if it is corrupt, moves it aside, starts a
/// new one with the outbox rows that could be read, and says so in one
/// line. Any other failure is left to the caller's first use of the store.
pub(crate) fn open_or_recover(path: &Path) -> Option<String> {
    match Store::open(path) {
        Err(StoreError::Corrupt { detail, .. }) => Some(move_aside(path, &detail)),
        _ => None,
    }
}

/// [`recover`] for every caller (start-up, a sync that met damage, an
/// offline read): the one line that says what happened, moved aside or
/// not.
pub(crate) fn move_aside(path: &Path, detail: &str) -> String {
    recover(path, detail).unwrap_or_else(|e| {
        format!(
            "the local store {} is damaged ({detail}) and could not be moved aside: {e}",
            path.display()
        )
    })
}

/// Moves the damaged file at `path` aside (with its WAL and shared-memory
/// files), starts a new store there, and copies into it the outbox and
/// snooze rows the old file still gives up. The line says where the old
/// file is.
pub(crate) fn recover(path: &Path, detail: &str) -> Result<String, StoreError> {
    let outbox = read_rows(path, "outbox", "ORDER BY seq").unwrap_or_default();
    let snoozes = read_rows(path, "snoozes", "").unwrap_or_default();
    let aside = aside_name(path);
    for suffix in ["", "-wal", "-shm"] {
        let from = with_suffix(path, suffix);
        if from.exists() {
            std::fs::rename(&from, with_suffix(&aside, suffix)).map_err(|source| {
                StoreError::Io {
                    path: from.clone(),
                    source,
                }
            })?;
        }
    }
    let store = Store::open(path)?;
    let carried = copy_rows(&store, "outbox", &outbox).unwrap_or(0);
    let mut queued = match carried {
        0 => "no logged play could be read from it".to_string(),
        1 => "1 logged play was carried over".to_string(),
        n => format!("{n} logged plays were carried over"),
    };
    match copy_rows(&store, "snoozes", &snoozes).unwrap_or(0) {
        0 => {}
        1 => queued.push_str(", and 1 snooze"),
        n => queued.push_str(&format!(", and {n} snoozes")),
    }
    Ok(format!(
        "the local store {} was damaged ({detail}); it is now {}, a new one was started \
         (the next sync fills it again), and {queued}",
        path.display(),
        aside.display()
    ))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// `orienteer.db.corrupt-20261203T101500Z`.
fn aside_name(path: &Path) -> PathBuf {
    with_suffix(
        path,
        &format!(".corrupt-{}", Utc::now().format("%Y%m%dT%H%M%SZ")),
    )
}

type Rows = (Vec<String>, Vec<Vec<Value>>);

/// The rows of `table` in the damaged file (`order` its ORDER BY clause, or
/// empty), read only, as far as they read.
fn read_rows(path: &Path, table: &str, order: &str) -> rusqlite::Result<Rows> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut stmt = conn.prepare(&format!("SELECT * FROM {table} {order}"))?;
    let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    let n = columns.len();
    let rows = stmt
        .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())?
        .filter_map(Result::ok)
        .collect();
    Ok((columns, rows))
}

/// Inserts `rows` into the new store's `table`, by the columns both share
/// (a row the new file already has is kept as it is).
fn copy_rows(store: &Store, table: &str, (columns, rows): &Rows) -> rusqlite::Result<usize> {
    if rows.is_empty() {
        return Ok(0);
    }
    let known: Vec<String> = {
        let stmt = store
            .conn
            .prepare(&format!("SELECT * FROM {table} LIMIT 0"))?;
        stmt.column_names().iter().map(|c| c.to_string()).collect()
    };
    let shared: Vec<usize> = (0..columns.len())
        .filter(|&i| known.contains(&columns[i]))
        .collect();
    let names: Vec<&str> = shared.iter().map(|&i| columns[i].as_str()).collect();
    let marks = vec!["?"; names.len()].join(", ");
    let sql = format!(
        "INSERT OR IGNORE INTO {table} ({}) VALUES ({marks})",
        names.join(", ")
    );
    let mut stmt = store.conn.prepare(&sql)?;
    let mut carried = 0;
    for row in rows {
        let values = shared.iter().map(|&i| &row[i]);
        carried += stmt.execute(rusqlite::params_from_iter(values))?;
    }
    Ok(carried)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_a_database_is_moved_aside_and_a_new_store_starts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("orienteer.db");
        std::fs::write(&path, vec![0x5a; 8192]).unwrap();
        let line = open_or_recover(&path).expect("said");
        assert!(line.contains("was damaged"), "{line}");
        assert!(line.contains("no logged play could be read"), "{line}");
        let aside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
            .collect();
        assert_eq!(aside.len(), 1, "the old file is kept");
        assert_eq!(std::fs::read(aside[0].path()).unwrap(), vec![0x5a; 8192]);
        assert!(Store::open(&path).is_ok(), "a new store opens");
        assert_eq!(open_or_recover(&path), None, "and needs nothing more");
    }

    #[test]
    fn a_store_that_cannot_be_moved_aside_says_so_in_its_one_line() {
        let dir = tempfile::tempdir().unwrap();
        // No new store can be made under a file.
        std::fs::write(dir.path().join("file"), "x").unwrap();
        let path = dir.path().join("file").join("orienteer.db");
        let line = move_aside(&path, "damaged at page 7");
        assert!(
            line.contains("is damaged (damaged at page 7) and could not be moved aside: "),
            "{line}"
        );
    }

    #[test]
    fn the_outbox_rows_that_read_are_carried_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("orienteer.db");
        let store = Store::open(&path).unwrap();
        store
            .conn
            .execute_batch(
                "INSERT INTO outbox (id, source, account_id, log, play_title, at, state, \
                 next_at, created_at) VALUES ('L1', 'hubspot x', 'A1', '{}', 'Check-in', \
                 '2026-11-23T09:00:00Z', 'queued', '2026-11-23T09:00:00Z', \
                 '2026-11-23T09:00:00Z');",
            )
            .unwrap();
        drop(store);
        let line = recover(&path, "damaged at page 7").unwrap();
        assert!(line.contains("1 logged play was carried over"), "{line}");
        let store = Store::open(&path).unwrap();
        let id: String = store
            .conn
            .query_row("SELECT id FROM outbox WHERE state = 'queued'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(id, "L1");
    }
}
