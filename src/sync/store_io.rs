//! How the sync uses the store: on the blocking pool, with its errors said
//! the way the sync reports them, and a file found damaged mid-sync moved
//! aside.
//!
//! A store can open cleanly and still be damaged in a page that only a
//! read of the accounts reaches. The sync notes such an error
//! ([`Damage::said`]); once the sync has failed, [`Synced::run`] moves the
//! file aside (its readable outbox rows carried into the new one, see
//! [`crate::store::recover`]) and reads everything again into the new
//! file.
//!
//! [`Synced::run`]: super::Synced

use crate::source::SourceError;
use crate::store::StoreError;
use std::path::PathBuf;
use std::sync::Mutex;

/// What a sync learnt of damage in the store file: the detail of the
/// first corrupt read or write, until taken.
#[derive(Debug, Default)]
pub(super) struct Damage(Mutex<Option<String>>);

impl Damage {
    /// The store error as the sync reports it; a corrupt file is noted
    /// first, to be moved aside.
    pub(super) fn said(&self, e: StoreError) -> SourceError {
        if let StoreError::Corrupt { detail, .. } = &e {
            self.0
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get_or_insert_with(|| detail.clone());
        }
        SourceError::Store {
            error: e,
            note: None,
        }
    }

    /// The damage noted since the last take.
    pub(super) fn take(&self) -> Option<String> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

/// [`crate::store::recover::move_aside`] on the blocking pool: the damaged
/// store moved aside, a new one started with the outbox rows that still
/// read, and the one line that says so.
pub(super) async fn move_aside(path: PathBuf, detail: String) -> String {
    let moved = blocking(move || Ok(crate::store::recover::move_aside(&path, &detail)));
    moved.await.unwrap_or_else(|e| e.to_string())
}

/// Runs a store call on the blocking pool ([`crate::observe::blocking`]:
/// its panic is this task's), typed for the `?` inside it.
pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    crate::observe::blocking(f).await
}
