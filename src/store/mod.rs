//! The local store: one SQLite file holding the last snapshot of every
//! account, a daily history of health scores, and what each source's sync
//! needs to carry on (its description, the as-of of its last successful
//! sync, its cursors and its last error), the play outbox, and the CSM's
//! snoozes of alerts (no sync touches them).
//!
//! **What goes in.** Accounts (as the JSON of [`crate::domain::Account`])
//! and sync metadata. Never a token, an API key or an authorization
//! header: credentials stay in the config or the environment, a source's
//! description is the text its `describe()` shows, and error messages come
//! from [`crate::source::SourceError`], whose messages never carry one.
//! The file is still created with mode 0600 (owner only) on Unix, because
//! accounts are customer data.
//!
//! **Where.** `$ORIENTEER_DATA/orienteer.db` when `ORIENTEER_DATA` names a
//! directory, else `orienteer.db` in the platform data dir
//! (`~/.local/share/orienteer/` on Linux): see [`Store::default_path`].
//!
//! **Synchronous.** rusqlite blocks; callers in async code run the store
//! from `tokio::task::spawn_blocking` (loading 100,000 accounts takes a
//! noticeable fraction of a second). A [`Store`] is `Send`, not `Sync`:
//! move it into the blocking task, or open one per task.
//!
//! **Several processes.** The TUI and a command may open the same file at
//! once: the journal is in WAL mode (readers never block the writer) and a
//! write waits up to [`BUSY_TIMEOUT`] for another writer before it fails
//! with [`StoreError::Busy`]. Every write is one transaction, so a crash
//! leaves the store as it was before that write or after it, never between.
//!
//! **Versions.** The schema version is SQLite's `user_version`; opening
//! applies the missing migrations of [`schema`] in order, in one
//! transaction.
//!
//! **When it fails** (the sync layer decides; this is the advice):
//! - [`StoreError::Corrupt`]: the file is not a database or is damaged.
//!   The store is only a cache of the source (score history aside), but
//!   its outbox holds plays not yet sent: [`recover::open_or_recover`]
//!   (every command calls it first) moves the file aside
//!   (`orienteer.db.corrupt-<time>`), starts a new one with the outbox rows
//!   that still read, and says so in one line; never delete it silently.
//! - [`StoreError::Busy`]: another process held the write lock for longer
//!   than the timeout. Keep what is shown, say the cache is busy, and try
//!   again on the next sync.
//! - [`StoreError::TooNew`]: a newer Orienteer wrote the file. Do not touch
//!   it; run from the source without a cache and say why.
//! - [`StoreError::Account`]: one cached account cannot be read back (say,
//!   written by a version with a different account shape). It costs that
//!   account: [`Store::load_accounts_keeping`] reads the others and names
//!   it, and the next sync writes it again.
//! - [`StoreError::DiskFull`]: say "disk full" and what was not saved.
//! - [`StoreError::Io`], [`StoreError::Sqlite`], [`StoreError::NoDataDir`]:
//!   report them with their path and run without a cache.

mod accounts;
mod chunks;
mod history;
mod meta;
mod outbox;
mod outbox_row;
pub(crate) mod recover;
pub mod schema;
mod snoozes;

pub use accounts::Change;
pub use accounts::SyncWrite;
pub(crate) use chunks::{AccountChunk, ScoreMap};
pub use meta::{SyncError, SyncState};
pub use outbox::{Lease, NewLog, Settle};
pub(crate) use outbox_row::LogState;
pub use outbox_row::{LogKind, OutboxRow};
pub use snoozes::SnoozeRow;

use rusqlite::{Connection, ErrorCode};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The environment variable naming the directory the store lives in.
pub(crate) const ENV_VAR: &str = "ORIENTEER_DATA";

/// The file name of the store inside its directory.
pub(crate) const FILE_NAME: &str = "orienteer.db";

/// How long a write waits for another process's write to finish.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Why the store could not do what was asked. Every variant but
/// [`StoreError::NoDataDir`] names the file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Neither `ORIENTEER_DATA` nor a home directory says where to put it.
    #[error("no place for the local store: set {ENV_VAR} to a directory")]
    NoDataDir,
    /// The file or its directory could not be created.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not an SQLite database, or it is damaged.
    #[error("{} is not a readable Orienteer store (corrupt or not a database): {detail}", path.display())]
    Corrupt { path: PathBuf, detail: String },
    /// Another process held the file's write lock for too long.
    #[error("{} is busy: another Orienteer process is writing to it", path.display())]
    Busy { path: PathBuf },
    /// A newer Orienteer wrote the file.
    #[error("{} has schema version {found}; this Orienteer knows up to {supported}", path.display())]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    /// One account could not be written or read back as JSON.
    #[error("{}: account {id}: {detail}", path.display())]
    Account {
        path: PathBuf,
        id: String,
        detail: String,
    },
    /// The disk (or the file system's quota) is full: what was being
    /// written was not saved.
    #[error("disk full: {} could not be written; free some space and try again", path.display())]
    DiskFull { path: PathBuf },
    /// A full sync would delete more than the share of the cached
    /// accounts it was allowed: nothing was written. Counted inside the
    /// write's transaction, so no other writer comes between the count and
    /// the write.
    #[error(
        "{}: the source listed {listed} accounts; replacing the cache would delete {gone} of \
         the {cached} cached, more than the allowed share, so the cache is unchanged",
        path.display()
    )]
    TooManyDeletes {
        path: PathBuf,
        /// The accounts the source listed.
        listed: usize,
        /// The cached accounts the listing does not hold.
        gone: usize,
        /// The cached accounts before the sync.
        cached: usize,
        /// The share (0 to 1) that was allowed.
        max_share: f64,
    },
    /// Any other SQLite failure.
    #[error("{}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

impl StoreError {
    /// Sorts an SQLite error into corrupt, busy or other, naming `path`.
    pub(crate) fn sqlite(path: &Path, e: rusqlite::Error) -> StoreError {
        let path = path.to_path_buf();
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
                path,
                detail: e.to_string(),
            },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path },
            Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
            _ => StoreError::Sqlite { path, source: e },
        }
    }
}

/// An open store. See the module documentation.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// `$ORIENTEER_DATA/orienteer.db` when the variable is set and not
    /// empty, else `orienteer.db` in the platform data dir.
    pub fn default_path() -> Result<PathBuf, StoreError> {
        if let Some(dir) = Store::dir_from_env() {
            return Ok(dir.join(FILE_NAME));
        }
        let dirs =
            directories::ProjectDirs::from("", "", "orienteer").ok_or(StoreError::NoDataDir)?;
        Ok(dirs.data_dir().join(FILE_NAME))
    }

    /// The data dir `$ORIENTEER_DATA` names, when set and not empty (the
    /// log goes there too).
    pub(crate) fn dir_from_env() -> Option<PathBuf> {
        std::env::var_os(ENV_VAR)
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
    }

    /// Opens the store at [`Store::default_path`], creating it if needed.
    pub fn open_default() -> Result<Store, StoreError> {
        Store::open(Store::default_path()?)
    }

    /// Opens the store at `path`, creating the file (mode 0600 on Unix) and
    /// its directory if needed, and brings its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        create_file(&path)?;
        let conn = Connection::open(&path).map_err(|e| StoreError::sqlite(&path, e))?;
        let mut store = Store { conn, path };
        store.set_busy_timeout(BUSY_TIMEOUT)?;
        store.configure()?;
        schema::migrate(&mut store.conn, &store.path)?;
        Ok(store)
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How long a write waits for another process's write (default
    /// [`BUSY_TIMEOUT`]).
    pub fn set_busy_timeout(&self, timeout: Duration) -> Result<(), StoreError> {
        self.conn.busy_timeout(timeout).map_err(|e| self.err(e))
    }

    /// The schema version of the file (SQLite's `user_version`).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        schema::version(&self.conn).map_err(|e| self.err(e))
    }

    /// WAL (persistent in the file), and `synchronous = NORMAL`, which in
    /// WAL mode loses at most the last commits on a power cut, never the
    /// file. The first statement that reads the file: a file that is not a
    /// database fails here.
    fn configure(&self) -> Result<(), StoreError> {
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail: format!("cannot use WAL mode (journal mode is {mode})"),
            });
        }
        self.conn
            .execute_batch("PRAGMA synchronous = NORMAL")
            .map_err(|e| self.err(e))
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::sqlite(&self.path, e)
    }
}

/// Creates the directory and an empty file, owner-only on Unix. An empty
/// file is an empty SQLite database; an existing file is left as it is.
fn create_file(path: &Path) -> Result<(), StoreError> {
    let io = |e| StoreError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    if path.exists() {
        return Ok(());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).map_err(io)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        // Another process created it between the check and the open.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_says_disk_full_and_names_the_file() {
        let full = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            Some("database or disk is full".into()),
        );
        let e = StoreError::sqlite(Path::new("/data/orienteer.db"), full);
        assert!(matches!(e, StoreError::DiskFull { .. }), "{e:?}");
        let said = e.to_string();
        assert!(said.starts_with("disk full: /data/orienteer.db"), "{said}");
        assert!(!said.contains("I/O error"), "{said}");
    }
}
