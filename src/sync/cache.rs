//! What the store holds for a source, read back: its last sync's accounts
//! with the scores recorded for them, the whole book at once or a chunk
//! at a time.

use super::Cached;
use crate::domain::account::{Point, Series};
use crate::domain::calendar::days_before;
use crate::domain::Account;
use crate::source::{Origin, Snapshot};
use crate::store::{AccountChunk, ScoreMap, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use std::path::PathBuf;

pub(super) fn read_cache(
    path: &PathBuf,
    key: &str,
    origin: &str,
    day: NaiveDate,
) -> Result<Option<Cached>, StoreError> {
    if !path.exists() {
        return Ok(None);
    }
    // One read transaction: the sync's state, its accounts and their
    // scores are of one sync, whatever another process writes meanwhile.
    Store::open(path)?.in_read(|store| {
        let Some(state) = store.sync_state(key)? else {
            return Ok(None);
        };
        let Some(fetched_at) = state.last_success else {
            return Ok(None);
        };
        // One bad row costs its account, with a warning naming it.
        let (mut accounts, bad) = store.load_accounts_keeping(key)?;
        let warnings = bad.iter().map(unreadable).collect();
        attach_scores(store, &mut accounts, day)?;
        Ok(Some(Cached {
            snapshot: Snapshot {
                accounts,
                fetched_at,
                origin: Origin::Cached {
                    source: origin.to_string(),
                    last_error: None,
                },
                warnings,
            },
            last_error: state.last_error,
        }))
    })
}

/// The warning for a cached account that cannot be read back.
fn unreadable(e: &StoreError) -> String {
    match e {
        StoreError::Account { id, detail, .. } => format!(
            "account {id}: the cached copy {detail}; it is left out until the next sync \
             reads it again"
        ),
        other => other.to_string(),
    }
}

/// How far back the recorded scores are read: enough for the 30-day trend.
const SCORE_DAYS: u64 = 40;
/// How long recorded scores are kept.
pub(super) const SCORE_KEEP_DAYS: u64 = 730;

/// Gives each account the scores recorded for it (see
/// `Account::recorded_scores`).
pub(super) fn attach_scores(
    store: &Store,
    accounts: &mut [Account],
    day: NaiveDate,
) -> Result<(), StoreError> {
    let since = days_before(day, SCORE_DAYS);
    let mut all = store.score_histories(since)?;
    for a in accounts {
        attach_one(a, &mut all);
    }
    Ok(())
}

/// Gives `a` its scores from `all` (read for the whole book, or for its
/// chunk of a chunked read), taking them out.
fn attach_one(a: &mut Account, all: &mut ScoreMap) {
    if let Some(points) = all.remove(a.id.as_str()) {
        let points = points
            .into_iter()
            .map(|(at, score)| Point {
                at,
                value: score as f32,
            })
            .collect();
        a.recorded_scores = Series::new(points);
    }
}

/// One chunk of the cache, read back as [`read_cache`] reads the whole:
/// its accounts with their recorded scores, and the warning naming each
/// row that cannot be read back.
pub(crate) struct CachedChunk {
    /// Where its first row is among the cache's rows (id order): `start`
    /// plus a position in `accounts` orders the book.
    pub start: usize,
    pub accounts: Vec<Account>,
    pub unreadable: Vec<String>,
}

/// The store's last sync of one source, open for chunked reads that all
/// see the same snapshot (see [`super::Synced::read_cache_with`]).
pub(crate) struct CacheReader<'a> {
    store: &'a Store,
    key: &'a str,
    /// When the cached accounts were fetched.
    pub fetched_at: DateTime<Utc>,
}

impl CacheReader<'_> {
    /// Every cached account in chunks of `size`, handed to `each` on the
    /// worker threads (see [`Store::for_each_account_chunk`]); with
    /// `scores_for`, each account carries the scores recorded for it up
    /// to that day, as [`read_cache`] gives them. `each` returning `false`
    /// stops the read.
    pub(crate) fn chunks<S: Send>(
        &self,
        size: usize,
        scores_for: Option<NaiveDate>,
        init: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, CachedChunk) -> bool + Sync,
    ) -> Result<Vec<S>, StoreError> {
        let since = scores_for.map(|day| days_before(day, SCORE_DAYS));
        self.store
            .for_each_account_chunk(self.key, size, since, init, |state, chunk| {
                let AccountChunk {
                    start,
                    mut accounts,
                    bad,
                    mut scores,
                } = chunk;
                for a in &mut accounts {
                    attach_one(a, &mut scores);
                }
                let unreadable = bad.iter().map(unreadable).collect();
                each(
                    state,
                    CachedChunk {
                        start,
                        accounts,
                        unreadable,
                    },
                )
            })
    }
}

/// `f` on the store's last sync of source `key`, in one read transaction;
/// `None` when nothing is cached (as [`read_cache`]).
pub(super) fn read_cache_with<T>(
    path: &PathBuf,
    key: &str,
    f: impl FnOnce(&CacheReader<'_>) -> Result<T, StoreError>,
) -> Result<Option<T>, StoreError> {
    if !path.exists() {
        return Ok(None);
    }
    let store = Store::open(path)?;
    store.in_read(|store| {
        let Some(state) = store.sync_state(key)? else {
            return Ok(None);
        };
        let Some(fetched_at) = state.last_success else {
            return Ok(None);
        };
        let reader = CacheReader {
            store,
            key,
            fetched_at,
        };
        f(&reader).map(Some)
    })
}
