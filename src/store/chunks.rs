//! The cached accounts of a source read a chunk at a time, for a face
//! that needs only a fold over the book (the JSON twin with `--limit`):
//! this thread reads the rows, every core parses them and hands each
//! chunk to the caller's function, and no more than a few chunks are
//! held at once. [`Store::load_accounts_keeping`] is the whole-book read.

use super::{Store, StoreError};
use crate::domain::Account;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// Recorded scores by account id, oldest first (what
/// [`Store::score_histories`] gives for the whole book).
pub(crate) type ScoreMap = HashMap<String, Vec<(NaiveDate, f64)>>;

/// One chunk of cached accounts, in id order.
pub(crate) struct AccountChunk {
    /// The position of the chunk's first row among the source's rows (id
    /// order): `start` plus a position in `accounts` orders the accounts
    /// of all chunks as the whole-book read does.
    pub start: usize,
    /// The accounts that read back.
    pub accounts: Vec<Account>,
    /// An error naming each row that did not ([`StoreError::Account`]).
    pub bad: Vec<StoreError>,
    /// The scores recorded for the chunk's accounts since the day asked
    /// for; empty when none was.
    pub scores: ScoreMap,
}

/// The raw rows of one chunk, and their recorded scores.
struct Raw {
    start: usize,
    rows: Vec<(String, String)>,
    scores: ScoreMap,
}

impl Store {
    /// Every cached account of `source`, in chunks of `size` rows: each
    /// worker thread starts from `init()` and passes its state and every
    /// chunk it parsed to `each`; returns the workers' states, for the
    /// caller to merge. With `scores_since`, each chunk carries its
    /// accounts' scores recorded since that day. `each` returning `false`
    /// stops the read (what was already sent is still handed over). Run
    /// it inside [`Store::in_read`] when two reads must see one snapshot.
    pub(crate) fn for_each_account_chunk<S: Send>(
        &self,
        source: &str,
        size: usize,
        scores_since: Option<NaiveDate>,
        init: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, AccountChunk) -> bool + Sync,
    ) -> Result<Vec<S>, StoreError> {
        let size = size.max(1);
        // No more threads than chunks: a small book is not worth eight.
        let chunks = self.account_count(source)?.div_ceil(size).max(1);
        let workers =
            std::thread::available_parallelism().map_or(1, |n| n.get().min(8).min(chunks));
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, data FROM accounts WHERE source = ?1 ORDER BY id")
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([source]).map_err(|e| self.err(e))?;
        let stop = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let mut inboxes = Vec::with_capacity(workers);
            let mut handles = Vec::with_capacity(workers);
            for _ in 0..workers {
                let (tx, rx) = std::sync::mpsc::sync_channel::<Raw>(1);
                inboxes.push(tx);
                let (init, each, stop, path) = (&init, &each, &stop, self.path.as_path());
                handles.push(scope.spawn(move || {
                    let mut state = init();
                    for raw in rx {
                        let chunk = parse_chunk(path, raw);
                        if !each(&mut state, chunk) {
                            stop.store(true, Ordering::Relaxed);
                        }
                    }
                    state
                }));
            }
            let mut read = || -> Result<(), StoreError> {
                let mut chunk = Vec::with_capacity(size);
                let (mut start, mut sent) = (0, 0);
                loop {
                    let row = rows.next().map_err(|e| self.err(e))?;
                    let last = row.is_none();
                    if let Some(row) = row {
                        let id: String = row.get(0).map_err(|e| self.err(e))?;
                        let data: String = row.get(1).map_err(|e| self.err(e))?;
                        chunk.push((id, data));
                    }
                    if chunk.len() == size || (last && !chunk.is_empty()) {
                        if stop.load(Ordering::Relaxed) {
                            return Ok(());
                        }
                        let scores = match scores_since {
                            Some(since) => {
                                let (first, end) = (&chunk[0].0, &chunk[chunk.len() - 1].0);
                                self.score_histories_of(Some((first, end)), since)?
                            }
                            None => ScoreMap::new(),
                        };
                        let rows = std::mem::replace(&mut chunk, Vec::with_capacity(size));
                        let n = rows.len();
                        let raw = Raw {
                            start,
                            rows,
                            scores,
                        };
                        // A worker that stopped has crashed: the join says so.
                        if inboxes[sent % workers].send(raw).is_err() {
                            return Ok(());
                        }
                        start += n;
                        sent += 1;
                    }
                    if last {
                        return Ok(());
                    }
                }
            };
            let read = read();
            drop(inboxes);
            let mut states = Vec::with_capacity(workers);
            for handle in handles {
                match handle.join() {
                    Ok(state) => states.push(state),
                    Err(p) => std::panic::resume_unwind(p),
                }
            }
            read.map(|()| states)
        })
    }

    /// Runs `f` in one read transaction: every read inside it sees the
    /// same snapshot of the file, whatever another process writes
    /// meanwhile (the journal is in WAL mode: nobody waits).
    pub(crate) fn in_read<T>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.conn.execute_batch("BEGIN").map_err(|e| self.err(e))?;
        let out = f(self);
        // Nothing was written: ending it cannot lose anything.
        let _ = self.conn.execute_batch("COMMIT");
        out
    }
}

/// The accounts of one chunk's rows; a row that does not read back is
/// named, as [`Store::load_accounts_keeping`] names it.
fn parse_chunk(path: &Path, raw: Raw) -> AccountChunk {
    let mut accounts = Vec::with_capacity(raw.rows.len());
    let mut bad = Vec::new();
    for (id, data) in raw.rows {
        match serde_json::from_str::<Account>(&data) {
            Ok(account) => accounts.push(account),
            Err(e) => bad.push(StoreError::Account {
                path: path.to_path_buf(),
                id,
                detail: format!("cannot be read back: {e}"),
            }),
        }
    }
    AccountChunk {
        start: raw.start,
        accounts,
        bad,
        scores: raw.scores,
    }
}
