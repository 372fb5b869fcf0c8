//! What the store holds for a source, read back: its last sync's accounts
//! with the scores recorded for them.

use super::Cached;
use crate::domain::account::{Point, Series};
use crate::domain::calendar::days_before;
use crate::domain::Account;
use crate::source::{Origin, Snapshot};
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
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
    let store = Store::open(path)?;
    let Some(state) = store.sync_state(key)? else {
        return Ok(None);
    };
    let Some(fetched_at) = state.last_success else {
        return Ok(None);
    };
    // One bad row costs its account, with a warning naming it.
    let (mut accounts, bad) = store.load_accounts_keeping(key)?;
    let warnings = bad.iter().map(unreadable).collect();
    attach_scores(&store, &mut accounts, day)?;
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
    Ok(())
}
