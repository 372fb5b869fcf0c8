//! [`Synced`] as a [`Source`]: fetching syncs (or reads the cache
//! offline, or falls back on it), and fresh scores are recorded.

use super::cache::SCORE_KEEP_DAYS;
use super::{ago, store_io, Synced};
use crate::domain::calendar::days_before;
use crate::domain::portfolio::Portfolio;
use crate::domain::Account;
use crate::source::{CachedFuture, FetchFuture, Progress, Source, SourceError};
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use std::sync::atomic::Ordering;

impl Source for Synced {
    fn describe(&self) -> String {
        self.inner.describe()
    }

    fn progress(&self) -> Option<&Progress> {
        self.inner.progress()
    }

    fn recordable(&self) -> crate::domain::tracking::Recordable {
        self.inner.recordable()
    }

    fn mapping_notes(&self, accounts: &[Account]) -> crate::source::MappingNotes {
        self.inner.mapping_notes(accounts)
    }

    /// Offline, the source is never asked, not even for its mapping.
    fn check_mapping<'a>(&'a self, accounts: &'a [Account]) -> crate::source::CheckFuture<'a> {
        match self.offline {
            true => Box::pin(async {}),
            false => self.inner.check_mapping(accounts),
        }
    }

    fn fetch(&self, as_of: NaiveDate) -> FetchFuture<'_> {
        Box::pin(async move {
            if self.offline {
                let cached = match self.read_cache(as_of).await {
                    Ok(cached) => cached,
                    // Damaged: moved aside, so the next sync starts afresh.
                    Err(StoreError::Corrupt { detail, .. }) => {
                        let line = store_io::move_aside(self.store.clone(), detail).await;
                        return Err(SourceError::Config(format!(
                            "offline, and {line}: run `orienteer sync` to fill the new one"
                        )));
                    }
                    Err(e) => return Err(SourceError::Config(format!("the local cache: {e}"))),
                };
                return cached.map(|c| c.snapshot).ok_or_else(|| {
                    SourceError::Config(
                        "offline, and nothing is cached yet: run `orienteer sync` first".into(),
                    )
                });
            }
            match self.sync(as_of).await {
                Ok(snapshot) => {
                    self.fresh.store(true, Ordering::Relaxed);
                    Ok(snapshot)
                }
                Err(e) => {
                    let Ok(Some(cached)) = self.read_cache(as_of).await else {
                        return Err(e);
                    };
                    let mut snapshot = cached.snapshot;
                    // Why first: at 80 columns the source's name may be cut.
                    snapshot.origin = format!(
                        "cached, sync failed ({}) · {}",
                        e.kind(),
                        self.inner.describe()
                    );
                    snapshot.warnings.insert(
                        0,
                        format!(
                            "could not sync ({}): {e}; showing the cache from {}",
                            e.kind(),
                            ago(snapshot.fetched_at)
                        ),
                    );
                    Ok(snapshot)
                }
            }
        })
    }

    fn evaluated(&self, portfolio: &Portfolio) {
        if !self.fresh.swap(false, Ordering::Relaxed) {
            return;
        }
        let scores: Vec<_> = portfolio
            .accounts
            .iter()
            .zip(&portfolio.evals)
            .map(|(a, e)| (a.id.clone(), e.health.score(), e.health.band))
            .collect();
        // Best effort: a trend with a day missing is still a trend.
        if let Ok(mut store) = Store::open(&self.store) {
            let _ = store.record_scores(portfolio.now, &scores);
            // Two years of history is plenty for trends and for looking
            // back on renewals; older days go, so the file stays small.
            let _ = store.prune_scores(days_before(portfolio.now, SCORE_KEEP_DAYS));
        }
    }

    fn cached(&self, as_of: NaiveDate) -> CachedFuture<'_> {
        Box::pin(async move {
            let cached = self.read_cache(as_of).await.ok()??;
            let mut snapshot = cached.snapshot;
            if let Some(err) = cached.last_error {
                snapshot.origin = format!(
                    "cached, last sync failed ({}) · {}",
                    err.kind,
                    self.inner.describe()
                );
            }
            Some(snapshot)
        })
    }
}
