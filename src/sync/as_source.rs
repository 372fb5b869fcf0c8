//! [`Synced`] as a [`Source`]: fetching syncs (or reads the cache
//! offline, or falls back on it), incrementally when it can (see
//! [`Synced::sync`]); nobody asks it for changes alone. Scores are not
//! recorded here: the load does it (see [`Synced::scores`]).

use super::{store_io, Synced};
use crate::domain::Account;
use crate::source::{CachedFuture, FetchFuture, LastError, Origin, Progress, Source, SourceError};
use crate::store::StoreError;
use chrono::{NaiveDate, Utc};

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
                    Err(StoreError::Corrupt { path, detail }) => {
                        let line = store_io::move_aside(self.store.clone(), detail.clone()).await;
                        return Err(SourceError::Store {
                            error: StoreError::Corrupt { path, detail },
                            note: Some(format!(
                                "offline, and {line}: run `orienteer sync` to fill the new one"
                            )),
                        });
                    }
                    Err(error) => return Err(SourceError::Store { error, note: None }),
                };
                return cached.map(|c| c.snapshot).ok_or(SourceError::NothingCached);
            }
            match self.sync(as_of).await {
                Ok(snapshot) => Ok(snapshot),
                Err(e) => {
                    let Ok(Some(cached)) = self.read_cache(as_of).await else {
                        return Err(e);
                    };
                    Ok(cached.snapshot.standing_in(
                        self.inner.describe(),
                        e.kind(),
                        e.to_string(),
                        Utc::now(),
                    ))
                }
            }
        })
    }

    fn cached(&self, as_of: NaiveDate) -> CachedFuture<'_> {
        Box::pin(async move {
            let cached = self.read_cache(as_of).await.ok()??;
            let mut snapshot = cached.snapshot;
            if let Some(err) = cached.last_error {
                snapshot.origin = Origin::Cached {
                    source: self.inner.describe(),
                    last_error: Some(LastError {
                        kind: err.kind,
                        message: err.message,
                        this_load: false,
                    }),
                };
            }
            Some(snapshot)
        })
    }
}
