//! Where accounts come from. A [`Source`] fetches a [`Snapshot`] of the
//! portfolio in the canonical [`Account`] shape; HTTP adapters (HubSpot, a
//! generic REST API) and the built-in [`demo::Demo`] portfolio implement it.

pub mod demo;
pub mod http;
pub mod hubspot;
pub(crate) mod listing;
pub mod mapping;
pub mod progress;
pub mod rest;
pub mod usage;
pub mod writeback;

use crate::domain::tracking::{Recordable, Recorded};
use crate::domain::Account;
use crate::store::StoreError;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use std::future::Future;
use std::pin::Pin;

pub use demo::Demo;
pub use progress::{Progress, Step};

/// The accounts of one fetch, and where and when they came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub accounts: Vec<Account>,
    pub fetched_at: DateTime<Utc>,
    /// Where the accounts came from: the source just now, or the local
    /// store's copy of an earlier sync (with the failure that made it so).
    pub origin: Origin,
    /// What was wrong with the data but did not stop the fetch. A bad
    /// field costs that field and is not here: it is kept on its account
    /// (`Account::field_problems`), and a load warns of it
    /// ([`Snapshot::all_warnings`]).
    pub warnings: Vec<String>,
}

impl Snapshot {
    /// Every warning of this snapshot: the fetch's, then each bad field
    /// of its accounts, naming the account and the field.
    pub fn all_warnings(&self) -> Vec<String> {
        let mut all = self.warnings.clone();
        all.extend(crate::domain::account::problem_warnings(&self.accounts));
        all
    }

    /// This cached snapshot stands in for a live load of `source` that
    /// failed now (`kind`, `message`): its origin says so, and its first
    /// warning tells the CSM, with how old the cache is. The one rule for
    /// the sync's fallback and the loader's (a load out of time).
    pub(crate) fn standing_in(
        mut self,
        source: String,
        kind: &str,
        message: String,
        now: DateTime<Utc>,
    ) -> Snapshot {
        let age = crate::domain::numbers::ago(self.fetched_at, now);
        self.warnings.insert(
            0,
            format!("could not sync ({kind}): {message}; showing the cache from {age}"),
        );
        self.origin = Origin::Cached {
            source,
            last_error: Some(LastError {
                kind: kind.to_string(),
                message,
                this_load: true,
            }),
        };
        self
    }
}

/// Where a snapshot came from. The faces lay it out (the TUI's header and
/// `i`); nothing parses it back.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// Fetched from the source by this load: what the source calls itself
    /// there, e.g. "demo data", "HubSpot portal 4242".
    Live { source: String },
    /// The local store's copy of the last good sync of `source` (its
    /// description), with the failed sync since, if any.
    Cached {
        source: String,
        last_error: Option<LastError>,
    },
}

impl Origin {
    /// Fetched just now from `source`.
    pub fn live(source: impl Into<String>) -> Origin {
        Origin::Live {
            source: source.into(),
        }
    }

    /// Whether the accounts came from the source by this load (and so
    /// their scores are worth recording).
    pub fn is_live(&self) -> bool {
        matches!(self, Origin::Live { .. })
    }
}

/// A sync that failed after the last good one.
#[derive(Debug, Clone, PartialEq)]
pub struct LastError {
    /// The failure's kind in a word or two ([`SourceError::kind`]).
    pub kind: String,
    pub message: String,
    /// This load's own sync failed (not one recorded earlier).
    pub this_load: bool,
}

/// What a source's own mapping says about a book, beyond the milestones
/// and fields [`crate::domain::coverage::Coverage`] names (see
/// [`Source::mapping_notes`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MappingNotes {
    /// The canonical data the mapping records (HubSpot's
    /// `[source.fields]`); `None` for a source whose accounts say for
    /// themselves.
    pub(crate) mapped: Option<Recorded>,
    /// A line for each mapped property no account has a value for (with
    /// the nearest existing name when the source knows it), and one when
    /// the names could not be checked.
    pub lines: Vec<String>,
}

/// A boxed check of a mapping.
pub(crate) type CheckFuture<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// Why a fetch failed. Messages are shown to the user and may be logged, so
/// they must never contain a token, an API key or a full authorization header.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The source could not be reached: DNS, connection, TLS, timeout.
    #[error("cannot reach the source: {0}")]
    Transport(String),
    /// The source answered with an error status.
    #[error("the source answered {status}: {message}")]
    Api { status: u16, message: String },
    /// The source holds requests back for longer than `[http] max_wait`,
    /// or (for a write, sent once) answered 429: `retry_after` is when to
    /// try again, capped by `max_wait`.
    #[error("{message}")]
    RateLimited {
        message: String,
        retry_after: Option<std::time::Duration>,
    },
    /// The credentials were missing or rejected.
    #[error("the source rejected the credentials: {0}")]
    Auth(String),
    /// The answer could not be mapped into accounts.
    #[error("unexpected data from the source: {0}")]
    Data(String),
    /// The source is set up wrongly (a bad base URL, a missing token).
    #[error("the source is not set up right: {0}")]
    Config(String),
    /// Offline, and no sync has filled the local cache yet.
    #[error("offline, and nothing is cached yet: run `orienteer sync` first")]
    NothingCached,
    /// The local store behind a synced source failed: busy, damaged, too
    /// new, the disk full. Its kind is kept to the faces.
    #[error("{}", store_text(.error, .note.as_deref()))]
    Store {
        error: StoreError,
        /// What happened because of it, said after it.
        note: Option<String>,
    },
}

/// A store error as a sync reports it: disk full says what was not saved.
fn store_text(error: &StoreError, note: Option<&str>) -> String {
    let text = match error {
        StoreError::DiskFull { .. } => format!(
            "{error}: the accounts this sync read were not saved to the local cache, which \
             keeps the last sync"
        ),
        e => format!("could not use the local cache: {e}"),
    };
    match note {
        Some(note) => format!("{text}; {note}"),
        None => text,
    }
}

impl SourceError {
    /// The same failure, of the same kind, with `note` said after it.
    pub(crate) fn with_note(self, note: &str) -> SourceError {
        let add = |text: String| format!("{text}; {note}");
        match self {
            SourceError::Transport(t) => SourceError::Transport(add(t)),
            SourceError::Api { status, message } => SourceError::Api {
                status,
                message: add(message),
            },
            SourceError::RateLimited {
                message,
                retry_after,
            } => SourceError::RateLimited {
                message: add(message),
                retry_after,
            },
            SourceError::Auth(t) => SourceError::Auth(add(t)),
            SourceError::Data(t) => SourceError::Data(add(t)),
            SourceError::Config(t) => SourceError::Config(add(t)),
            SourceError::NothingCached => SourceError::NothingCached,
            SourceError::Store { error, note: old } => SourceError::Store {
                error,
                note: Some(old.map_or_else(|| note.to_string(), add)),
            },
        }
    }

    /// The kind of failure in a word or two, so that auth, network and
    /// rate limits read differently.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            SourceError::Auth(_) => "auth",
            SourceError::Transport(_) => "network",
            SourceError::Api { status: 429, .. } | SourceError::RateLimited { .. } => {
                "rate limited"
            }
            SourceError::Api { .. } => "source error",
            SourceError::Data(_) => "bad data",
            SourceError::Config(_) => "setup",
            SourceError::NothingCached => "no cache",
            SourceError::Store { error, .. } => match error {
                StoreError::Busy { .. } => "store busy",
                StoreError::Corrupt { .. } | StoreError::Account { .. } => "store damaged",
                StoreError::TooNew { .. } => "store too new",
                StoreError::DiskFull { .. } => "disk full",
                _ => "local store",
            },
        }
    }
}

/// A boxed future, so that [`Source`] stays object safe.
pub type FetchFuture<'a> = Pin<Box<dyn Future<Output = Result<Snapshot, SourceError>> + Send + 'a>>;

/// The accounts changed since a cursor, and the cursor to keep.
///
/// **The cursor.** `cursor` is the latest `hs_lastmodifieddate` among the
/// companies the search returned (`None` when nothing changed: keep the
/// previous one). Pass [`ChangedSnapshot::next_since`] as `since` next time:
/// the cursor (or the start of this fetch, if earlier) minus
/// [`ChangedSnapshot::OVERLAP`]. The overlap covers HubSpot's search index,
/// which lags writes by a few seconds, companies changed while the pages
/// were read, and some clock skew; the filter is "modified at or after", so
/// the overlap only reads a few companies again, and storing them again is
/// harmless. Deleted (archived) companies never show up here: a full
/// [`Source::fetch`] now and then is what removes them.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangedSnapshot {
    /// Each changed company, mapped in full (contacts, tickets, history).
    pub accounts: Vec<Account>,
    pub cursor: Option<DateTime<Utc>>,
    /// When this fetch started.
    pub fetched_at: DateTime<Utc>,
    pub warnings: Vec<String>,
}

impl ChangedSnapshot {
    /// How far back the next incremental fetch reaches before the cursor.
    pub const OVERLAP: TimeDelta = TimeDelta::minutes(5);

    /// The `since` of the next incremental fetch, or `None` to keep the
    /// previous one.
    pub fn next_since(&self) -> Option<DateTime<Utc>> {
        self.cursor
            .map(|c| c.min(self.fetched_at) - ChangedSnapshot::OVERLAP)
    }
}

/// A boxed incremental fetch.
pub(crate) type ChangedFuture<'a> =
    Pin<Box<dyn Future<Output = Result<ChangedSnapshot, SourceError>> + Send + 'a>>;

/// The last snapshot a source has kept locally, if it keeps one.
pub type CachedFuture<'a> = Pin<Box<dyn Future<Output = Option<Snapshot>> + Send + 'a>>;

/// A system accounts can be fetched from.
pub trait Source: Send + Sync {
    /// A short human description, e.g. "HubSpot (portal 1234)".
    fn describe(&self) -> String;

    /// Fetches the whole portfolio for a load that evaluates `as_of` (the
    /// day in the configured zone, see [`crate::clock`]). A source that
    /// generates data (the demo) generates it relative to that day, so the
    /// data and its evaluation agree on what "today" is. CPU-heavy work
    /// belongs on the blocking pool (`tokio::task::spawn_blocking`).
    fn fetch(&self, as_of: NaiveDate) -> FetchFuture<'_>;

    /// What the source kept from its last fetch (the local store, see
    /// `crate::sync`), to show at once while a fetch runs. None by default.
    fn cached(&self, as_of: NaiveDate) -> CachedFuture<'_> {
        let _ = as_of;
        Box::pin(async { None })
    }

    /// How far the running fetch has come, for a source that reports it.
    fn progress(&self) -> Option<&Progress> {
        None
    }

    /// Which milestones this source can record (see
    /// [`crate::domain::Engine::for_book`]). By default only those its
    /// accounts report.
    fn recordable(&self) -> Recordable {
        Recordable::reported("a source that reports `{id}`")
    }

    /// The accounts changed since `since`, for a load that evaluates
    /// `as_of` (as [`Source::fetch`]), for a source that can tell
    /// (HubSpot's search API, the REST contract's `updated_since`); `None`
    /// when it can only fetch everything. A wrapper forwards it (and so
    /// stays incremental).
    fn fetch_changed(&self, since: DateTime<Utc>, as_of: NaiveDate) -> Option<ChangedFuture<'_>> {
        let _ = (since, as_of);
        None
    }

    /// What this source's mapping says about `accounts` (the whole book):
    /// what it maps, and the mapped properties none of them has a value
    /// for. Cheap and without IO: a load calls it every time. Nothing by
    /// default.
    fn mapping_notes(&self, accounts: &[Account]) -> MappingNotes {
        let _ = accounts;
        MappingNotes::default()
    }

    /// Reads from the source what [`Source::mapping_notes`] needs to name
    /// what is wrong (HubSpot: its property list, when a mapped property
    /// is empty on every account of `accounts`), at most once a process.
    /// Nothing by default; never fails (what it could not read, the notes
    /// say).
    fn check_mapping<'a>(&'a self, accounts: &'a [Account]) -> CheckFuture<'a> {
        let _ = accounts;
        Box::pin(async {})
    }
    /// For a source that makes each account on its own from its index
    /// (the demo), its accounts for a load that evaluates `as_of`, one at
    /// a time: a face that prints a few rows of a large book (the JSON
    /// twin with `--limit`) then never holds the whole book. Such a source
    /// has no fetch to fail, no mapping notes and no scores to record.
    /// `None` by default.
    fn generator(&self, as_of: NaiveDate) -> Option<std::sync::Arc<dyn Generator>> {
        let _ = as_of;
        None
    }
}

/// Accounts made one at a time (see [`Source::generator`]).
pub trait Generator: Send + Sync {
    /// How many accounts the book has.
    fn len(&self) -> usize;

    /// Whether the book is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Account `index` (below [`Generator::len`]), the same as the
    /// fetch's `index`-th account.
    fn account(&self, index: usize) -> Account;
}
