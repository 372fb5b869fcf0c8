//! Sync: pull a live source into the local store, and fall back on the
//! store when the source cannot be reached.
//!
//! [`Synced`] wraps a live [`Source`]. Its `fetch` fetches from the source,
//! commits the accounts to the store in one transaction with the time of
//! the sync, and returns them; when the source fails and the store holds an
//! earlier sync, it returns that instead, with a warning saying why and how
//! old it is, and records the failure so the next run can say the data is
//! stale. Its `cached` reads the store alone, so the TUI can show the last
//! sync at once and sync in the background. Offline, it never calls the
//! source. The store is synchronous: every call runs on the blocking pool.
//!
//! **Full or incremental.** After a full sync, a source that can tell what
//! changed (HubSpot) is asked only for that, from the cursor the store
//! keeps. A full sync runs instead when asked ([`Synced::sync_full`],
//! `orienteer sync --full`), every [`FULL_EVERY`], and when the mapping
//! changed since the last full sync: the store keeps a fingerprint of it
//! ([`Synced::mapping`]), and records mapped the old way are read again.

mod as_source;
mod cache;
mod guard;
mod scores;
mod store_io;
use crate::domain::Account;
use crate::source::{ChangedSnapshot, Origin, Snapshot, Source, SourceError};
use crate::store::{Change, Store, StoreError, SyncError, SyncWrite};
pub(crate) use cache::CacheReader;
use cache::{attach_scores, read_cache};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
pub(crate) use guard::DeleteGuard;
pub(crate) use scores::Scores;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use store_io::{blocking, Damage};

/// A live source with the local store behind it.
pub struct Synced {
    inner: Arc<dyn Source>,
    /// The source's key in the store, e.g. `hubspot https://api.hubapi.com/`.
    key: String,
    store: PathBuf,
    /// Use the store only (`--offline`).
    offline: bool,
    /// How many accounts the last sync added, changed or removed.
    changed: AtomicUsize,
    /// The fingerprint of the mapping (see [`Synced::mapping`]).
    mapping: Option<String>,
    /// How much of the cache a full sync may delete.
    deletes: DeleteGuard,
    /// `--allow-delete`, for this process's syncs: the one flag.
    allow_delete: AtomicBool,
    /// A corrupt store met by this sync, to be moved aside.
    damage: Damage,
}

/// Said once when a changed mapping makes a sync read everything.
pub(crate) const MAPPING_CHANGED: &str =
    "the mapping changed since the last sync: reading everything again";

/// How the next sync reads the source.
enum Plan {
    /// Everything; with what to say about why, if anything.
    Full(Option<&'static str>),
    /// What changed since the cursor.
    Since(DateTime<Utc>),
}

/// What the store held for a source.
#[derive(Debug, Clone)]
pub struct Cached {
    pub snapshot: Snapshot,
    /// The last failed sync since the last good one: kind and message.
    pub(crate) last_error: Option<SyncError>,
}

impl Synced {
    pub fn new(inner: Arc<dyn Source>, key: impl Into<String>, store: PathBuf) -> Synced {
        Synced {
            inner,
            key: key.into(),
            store,
            offline: false,
            changed: AtomicUsize::new(0),
            mapping: None,
            deletes: DeleteGuard::default(),
            allow_delete: AtomicBool::new(false),
            damage: Damage::default(),
        }
    }

    /// How much of the cache a full sync may delete (`[sync]
    /// max_delete_share`, `--allow-delete`): more is refused, the cache
    /// unchanged.
    pub(crate) fn deletes(mut self, guard: DeleteGuard) -> Synced {
        self.deletes = guard;
        self
    }

    /// From now on, a full sync may delete any share of the cache
    /// (`orienteer sync --allow-delete`).
    pub(crate) fn allow_delete(&self) {
        self.allow_delete.store(true, Ordering::Relaxed);
    }

    /// The fingerprint of how the source's records map into accounts
    /// (`SourceConfig::mapping_fingerprint`): kept with every full sync; a
    /// sync that finds another one stored reads everything again.
    pub(crate) fn mapping(mut self, fingerprint: impl Into<String>) -> Synced {
        self.mapping = Some(fingerprint.into());
        self
    }

    /// Never call the source: the store's last sync, or an error.
    pub(crate) fn offline(mut self, offline: bool) -> Synced {
        self.offline = offline;
        self
    }

    /// Where a load records the scores it evaluated from a live sync
    /// ([`crate::app::load::Loader::with_scores`]).
    pub fn scores(&self) -> Scores {
        Scores::new(self.store.clone())
    }

    /// The store's last sync of this source, if any, with the scores
    /// recorded up to `day`.
    pub async fn read_cache(&self, day: NaiveDate) -> Result<Option<Cached>, StoreError> {
        let (path, key) = (self.store.clone(), self.key.clone());
        let origin = self.inner.describe();
        blocking(move || read_cache(&path, &key, &origin, day)).await
    }

    /// `f` on the store's last sync of this source, read a chunk at a time
    /// ([`CacheReader::chunks`]; every read of `f` sees one snapshot);
    /// `None` when nothing is cached. Blocking: call it on the blocking
    /// pool.
    pub(crate) fn read_cache_with<T>(
        &self,
        f: impl FnOnce(&CacheReader<'_>) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        cache::read_cache_with(&self.store, &self.key, f)
    }

    /// Whether the store holds a successful sync of this source: before
    /// the first, `orienteer sync` says what the mapping misses.
    pub async fn has_synced(&self) -> bool {
        let (path, key) = (self.store.clone(), self.key.clone());
        blocking(move || match path.exists() {
            true => Ok(Store::open(&path)?.sync_state(&key)?),
            false => Ok(None),
        })
        .await
        .ok()
        .flatten()
        .is_some_and(|s| s.last_success.is_some())
    }

    /// Fetches from the source and commits the result to the store; on a
    /// failure, records it (the source's error is returned). After a full
    /// sync, a source that can tell what changed (HubSpot) is asked only
    /// for that, from the cursor the last sync stored; every
    /// [`FULL_EVERY`] a full sync runs again, so deleted accounts go too,
    /// and so does the first sync after a change of the mapping.
    pub async fn sync(&self, as_of: NaiveDate) -> Result<Snapshot, SourceError> {
        let plan = self.plan().await;
        self.run(plan, as_of).await
    }

    /// A full sync whatever the store's cursor says: everything is read
    /// again (after a mapping change, or to recover from a bad cursor).
    pub(crate) async fn sync_full(&self, as_of: NaiveDate) -> Result<Snapshot, SourceError> {
        self.run(Plan::Full(None), as_of).await
    }

    async fn run(&self, plan: Plan, as_of: NaiveDate) -> Result<Snapshot, SourceError> {
        let description = self.inner.describe();
        let started = std::time::Instant::now();
        let kind = match plan {
            Plan::Full(_) => "full",
            Plan::Since(_) => "incremental",
        };
        let mut result = self.attempt(plan, as_of, &description).await;
        // A store damaged where this sync read or wrote it: moved aside,
        // and everything read again into a new file.
        if result.is_err() {
            if let Some(detail) = self.damage.take() {
                let line = store_io::move_aside(self.store.clone(), detail).await;
                result = self
                    .attempt(Plan::Full(None), as_of, &description)
                    .await
                    .map(|mut snapshot| {
                        snapshot.warnings.insert(0, line.clone());
                        snapshot
                    })
                    .map_err(|e| e.with_note(&line));
            }
        }
        // A busy store would keep its lock from the record too.
        let busy = |e: &SourceError| {
            matches!(
                e,
                SourceError::Store {
                    error: StoreError::Busy { .. },
                    ..
                }
            )
        };
        if let Some(e) = result.as_ref().err().filter(|e| !busy(e)) {
            let error = SyncError {
                kind: e.kind().to_string(),
                message: e.to_string(),
                at: Utc::now(),
            };
            let (path, key) = (self.store.clone(), self.key.clone());
            // Recording the failure is best effort: the source's error is
            // what the user needs to see.
            let _ = blocking(move || Store::open(&path)?.record_error(&key, &description, &error))
                .await;
        }
        let ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        match &result {
            Ok(snapshot) => tracing::info!(
                kind,
                accounts = snapshot.accounts.len(),
                changed = self.last_changed(),
                ms,
                "sync done"
            ),
            Err(e) => tracing::warn!(kind, error = e.kind(), ms, message = %e, "sync failed"),
        }
        result
    }

    /// One sync by `plan`, its failure recorded by [`Synced::run`].
    async fn attempt(
        &self,
        plan: Plan,
        as_of: NaiveDate,
        description: &str,
    ) -> Result<Snapshot, SourceError> {
        match plan {
            // The incremental fetch's error is recorded like a full one's.
            Plan::Since(since) => match self.inner.fetch_changed(since, as_of) {
                Some(changes) => match changes.await {
                    Ok(changes) => self.incremental(changes, description, as_of).await,
                    Err(e) => Err(e),
                },
                None => self.full(as_of, description, None).await,
            },
            Plan::Full(why) => self.full(as_of, description, why).await,
        }
    }

    /// Full or incremental: incremental from the stored cursor when the
    /// last full sync is recent enough and used the same mapping.
    async fn plan(&self) -> Plan {
        let (path, key) = (self.store.clone(), self.key.clone());
        let state = blocking(move || {
            if !path.exists() {
                return Ok(None);
            }
            Store::open(&path)?.sync_state(&key)
        })
        .await;
        let Ok(Some(state)) = state else {
            return Plan::Full(None);
        };
        if let Some(mapping) = &self.mapping {
            match state.cursors.get(MAPPING) {
                Some(stored) if stored != mapping => return Plan::Full(Some(MAPPING_CHANGED)),
                Some(_) => {}
                // Synced before fingerprints were kept: unknown, so read
                // everything, without claiming that anything changed.
                None => return Plan::Full(None),
            }
        }
        let read = |k: &str| {
            let v = state.cursors.get(k)?;
            DateTime::parse_from_rfc3339(v).ok().map(|t| t.to_utc())
        };
        let since = read(FULL_AT)
            .filter(|full_at| Utc::now() - *full_at < FULL_EVERY)
            .and_then(|_| read(MODIFIED_SINCE));
        match since {
            Some(since) => Plan::Since(since),
            None => Plan::Full(None),
        }
    }

    async fn full(
        &self,
        as_of: NaiveDate,
        description: &str,
        why: Option<&'static str>,
    ) -> Result<Snapshot, SourceError> {
        let started = Utc::now();
        if let Some(progress) = self.inner.progress() {
            // A listing gives no total: the last sync's count is the guess.
            let (path, key) = (self.store.clone(), self.key.clone());
            let stored = blocking(move || match path.exists() {
                true => Store::open(&path)?.account_count(&key),
                false => Ok(0),
            })
            .await
            .unwrap_or(0);
            progress.expect_accounts(stored as u64);
        }
        let mut snapshot = self.inner.fetch(as_of).await?;
        if let Some(why) = why {
            snapshot.warnings.insert(0, why.to_string());
        }
        let since = (started - ChangedSnapshot::OVERLAP).to_rfc3339();
        let full_at = started.to_rfc3339();
        let mut cursors = vec![(MODIFIED_SINCE, since), (FULL_AT, full_at)];
        if let Some(mapping) = &self.mapping {
            cursors.push((MAPPING, mapping.clone()));
        }
        self.commit(
            description,
            snapshot.fetched_at,
            Some(&snapshot.accounts),
            &[],
            &cursors,
        )
        .await?;
        let path = self.store.clone();
        let accounts = std::mem::take(&mut snapshot.accounts);
        snapshot.accounts = blocking(move || {
            let mut accounts = accounts;
            attach_scores(&Store::open(&path)?, &mut accounts, as_of)?;
            Ok(accounts)
        })
        .await
        .map_err(|e| self.damage.said(e))?;
        Ok(snapshot)
    }

    async fn incremental(
        &self,
        changes: ChangedSnapshot,
        description: &str,
        as_of: NaiveDate,
    ) -> Result<Snapshot, SourceError> {
        self.commit_changes(&changes).await?;
        // The whole portfolio: the cache, now up to date.
        let accounts = self
            .read_cache(as_of)
            .await
            .map_err(|e| self.damage.said(e))?
            .map(|c| c.snapshot.accounts)
            .unwrap_or_default();
        Ok(Snapshot {
            accounts,
            fetched_at: changes.fetched_at,
            origin: Origin::live(description),
            warnings: changes.warnings,
        })
    }

    /// Writes an incremental fetch to the store: the changed accounts and
    /// the cursor of the next.
    async fn commit_changes(&self, changes: &ChangedSnapshot) -> Result<(), SourceError> {
        let mut cursors = Vec::new();
        if let Some(next) = changes.next_since() {
            cursors.push((MODIFIED_SINCE, next.to_rfc3339()));
        }
        let description = self.inner.describe();
        self.commit(
            &description,
            changes.fetched_at,
            None,
            &changes.accounts,
            &cursors,
        )
        .await
    }

    /// Writes a sync to the store in one transaction: all accounts (`full`)
    /// or the changed ones (`upsert`), with the cursors.
    async fn commit(
        &self,
        description: &str,
        fetched_at: DateTime<Utc>,
        full: Option<&[Account]>,
        upsert: &[Account],
        cursors: &[(&'static str, String)],
    ) -> Result<(), SourceError> {
        let changed = self
            .write(description, fetched_at, full, upsert, cursors)
            .await?;
        self.changed.store(changed, Ordering::Relaxed);
        Ok(())
    }

    /// The accounts the last sync added, changed or removed (0 before the
    /// first).
    pub(crate) fn last_changed(&self) -> usize {
        self.changed.load(Ordering::Relaxed)
    }

    async fn write(
        &self,
        description: &str,
        at: DateTime<Utc>,
        full: Option<&[Account]>,
        upsert: &[Account],
        cursors: &[(&'static str, String)],
    ) -> Result<usize, SourceError> {
        let (path, key) = (self.store.clone(), self.key.clone());
        let description = description.to_string();
        // A full sync may delete up to the share, or any with `--allow-delete`.
        let max_delete = match self.allow_delete.load(Ordering::Relaxed) {
            true => None,
            false => full.is_some().then_some(self.deletes.max_share),
        };
        let full = full.map(<[Account]>::to_vec);
        let upsert = upsert.to_vec();
        let cursors = cursors.to_vec();
        blocking(move || {
            let cursors: Vec<(&str, &str)> =
                cursors.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let change = match &full {
                Some(all) => Change::Full(all),
                None => Change::Incremental {
                    upsert: &upsert,
                    delete: &[],
                },
            };
            let sync = SyncWrite {
                source: &key,
                description: &description,
                fetched_at: at,
                change,
                cursors: &cursors,
            };
            Store::open(&path)?.commit_sync_within(&sync, max_delete)
        })
        .await
        .map_err(|e| guard::refused(&e).unwrap_or_else(|| self.damage.said(e)))
    }
}

/// The cursor of the next incremental sync (RFC 3339).
const MODIFIED_SINCE: &str = "modified_since";
/// When the last full sync started (RFC 3339).
const FULL_AT: &str = "full_at";
/// The fingerprint of the mapping of the last full sync.
const MAPPING: &str = "mapping";
/// How often a full sync runs even when the source can tell what changed:
/// only a full sync sees accounts deleted at the source.
pub(crate) const FULL_EVERY: TimeDelta = TimeDelta::hours(24);
