//! One load: fetch from the source for an as-of day, then evaluate every
//! account, on the blocking pool. Used by the TUI and the CLI alike. A load
//! is a job that can fail: a source error keeps its kind, a panic anywhere
//! in the job and a job that takes too long are failures like any other.

use crate::clock::AsOf;
use crate::domain::account::problem_warnings;
use crate::domain::coverage::Coverage;
use crate::domain::portfolio::{Part, Portfolio};
use crate::domain::tracking::Recorded;
use crate::domain::{Account, Engine};
use crate::outbox::Outbox;
use crate::source::{Origin, Snapshot, Source, SourceError};
use crate::sync::Scores;
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use std::sync::Arc;
use std::time::Duration;

/// Evaluates every account on all cores and builds the portfolio. Each
/// thread evaluates a run of accounts into a [`Part`] with their sort and
/// name keys (this thread the first, into room for every account, where
/// the others' are then moved). CPU-bound: call it on a blocking thread.
pub fn evaluate_portfolio(engine: &Engine, accounts: Vec<Account>, day: NaiveDate) -> Portfolio {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = accounts.len().div_ceil(threads).max(1);
    let mut runs = accounts.chunks(chunk);
    let first = runs.next().unwrap_or_default();
    let parts = std::thread::scope(|s| {
        let others: Vec<_> = runs
            .map(|run| s.spawn(move || Part::evaluate(engine, run, day)))
            .collect();
        let mut parts = Vec::with_capacity(others.len() + 1);
        parts.push(Part::with_capacity(accounts.len()).evaluated(engine, first, day));
        for other in others {
            // A thread's panic goes on with its own message.
            parts.push(
                other
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            );
        }
        parts
    });
    Portfolio::from_parts(accounts, parts, day)
}

/// How long a load may take before it is given up, at the least.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(120);

/// How long a load (every page of a sync, then the evaluation) may take
/// under these request limits: [`TIMEOUT`], or twice `[http] deadline`
/// when that is longer, so that a deadline raised for a slow source is
/// not cut short by the load's own.
pub(crate) fn timeout_for(limits: &crate::source::http::Limits) -> Duration {
    TIMEOUT.max(limits.deadline.saturating_mul(2))
}

/// Loaded data: the evaluated portfolio, where it came from and as of when.
pub struct Data {
    /// The engine the portfolio was evaluated with: the configured model
    /// for this book (which milestones its source tracks). Everything that
    /// evaluates or reports on these accounts uses it.
    pub engine: Arc<Engine>,
    /// The snapshot: shared, never changed after the load (the TUI keeps
    /// its local changes in an overlay beside it).
    pub portfolio: Arc<Portfolio>,
    /// Where the accounts came from: the faces lay it out.
    pub origin: Origin,
    pub fetched_at: DateTime<Utc>,
    /// The as-of every number of this portfolio is counted from.
    pub as_of: AsOf,
    /// What the source reported as wrong but not fatal (a failed sync
    /// with the cache shown instead), then every bad field of the accounts.
    pub warnings: Vec<String>,
    /// What the mapping misses (see [`mapping_report`]).
    pub mapping: Vec<String>,
}

/// What the mapping misses in this book, in short lines: the milestones
/// it does not track and the data it does not record, with what that
/// turns off (the domain's [`Coverage`]), then the source's own notes
/// (mapped properties empty on every account, names that do not exist).
/// `engine` is the book's ([`Engine::for_book`]). The TUI's `i`, the first
/// sync and `config check` show these lines.
pub(crate) fn mapping_report(
    engine: &Engine,
    source: &dyn Source,
    accounts: &[Account],
) -> Vec<String> {
    mapping_lines(
        engine,
        source.mapping_notes(accounts),
        Recorded::from_accounts(accounts),
    )
}

/// [`mapping_report`]'s lines from the source's notes and what the
/// accounts record (`reported`).
pub(crate) fn mapping_lines(
    engine: &Engine,
    notes: crate::source::MappingNotes,
    reported: Recorded,
) -> Vec<String> {
    let recorded = match &notes.mapped {
        Some(mapped) => mapped.union(&reported),
        None => reported,
    };
    let mut lines = Coverage::new(engine, &recorded).lines();
    lines.extend(notes.lines);
    lines
}

/// Why a load failed: the source's own kinds, a crash, or a timeout.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Source(#[from] SourceError),
    /// The job panicked (in the source or in the evaluation).
    #[error("the load crashed: {0}")]
    Panicked(String),
    /// The job took longer than this.
    #[error("no answer within {} s", .0.as_secs())]
    TimedOut(Duration),
}

impl LoadError {
    /// The kind of failure in a word or two, so that auth, network, rate
    /// limits, crashes and timeouts read differently.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            LoadError::Source(e) => e.kind(),
            LoadError::Panicked(_) => "crash",
            LoadError::TimedOut(_) => "timeout",
        }
    }
}

/// What a load needs: the compiled model, the source and the time limit.
#[derive(Clone)]
pub struct Loader {
    pub engine: Arc<Engine>,
    pub source: Arc<dyn Source>,
    pub timeout: Duration,
    /// Build the filter index too (the TUI filters as you type; the CLI does not).
    pub prepare_filter: bool,
    /// The play outbox of this source: its logs are put on their accounts
    /// (with where their write-back stands) before evaluation, so a play
    /// just logged shows, and is not recommended again, at once; and the
    /// CSM's snoozes, kept in the same store ([`crate::outbox::Local`]).
    pub outbox: Option<Outbox>,
    /// Where the scores of a live fetch are recorded (a synced source's
    /// store), so trends build up even when the source keeps no history.
    pub scores: Option<Scores>,
}

impl Loader {
    pub fn new(engine: Arc<Engine>, source: Arc<dyn Source>) -> Loader {
        Loader {
            engine,
            source,
            timeout: TIMEOUT,
            prepare_filter: false,
            outbox: None,
            scores: None,
        }
    }

    /// The same loader, giving up after `timeout`.
    pub(crate) fn with_timeout(mut self, timeout: Duration) -> Loader {
        self.timeout = timeout;
        self
    }

    /// The same loader, putting `outbox`'s logs on their accounts.
    pub(crate) fn with_outbox(mut self, outbox: Outbox) -> Loader {
        self.outbox = Some(outbox);
        self
    }

    /// The same loader, recording the scores of each live fetch in
    /// `scores` (a cached snapshot's are already there).
    pub fn with_scores(mut self, scores: Scores) -> Loader {
        self.scores = Some(scores);
        self
    }

    /// Fetches and evaluates as of `as_of`, as a task of its own that is
    /// watched: its panic or its timeout comes back as a [`LoadError`].
    /// A load that runs out of time falls back on the source's cache, when
    /// it keeps one: the cached data, its origin saying the live load failed
    /// and why, and a warning first. Both faces load through here. Must run
    /// inside a tokio runtime.
    pub async fn load(&self, as_of: AsOf) -> Result<Data, LoadError> {
        match self.load_live(as_of).await {
            Err(e @ LoadError::TimedOut(_)) => match self.fall_back(as_of, &e).await {
                Some(data) => Ok(data),
                None => Err(e),
            },
            result => result,
        }
    }

    /// The cache for load failure `e`, or `None` when there is none.
    async fn fall_back(&self, as_of: AsOf, e: &LoadError) -> Option<Data> {
        let snapshot = self.source.cached(as_of.day).await?.standing_in(
            self.source.describe(),
            e.kind(),
            e.to_string(),
            Utc::now(),
        );
        self.clone().evaluate(snapshot, as_of).await.ok()
    }

    async fn load_live(&self, as_of: AsOf) -> Result<Data, LoadError> {
        let job = self.clone();
        self.watch(tokio::spawn(job.fetch_and_evaluate(as_of)))
            .await?
    }

    /// What the source kept from its last fetch, evaluated: shown at once
    /// while the real load runs. `None` when it keeps nothing, or on any
    /// failure (the load that follows reports its own). Like the cache
    /// read of [`Loader::load`]'s fall-back, it runs in the caller's task:
    /// a panic there is the job's that runs the load (the TUI's load job
    /// reports it as the load's failure; the CLI's crash report says it).
    pub async fn load_cached(&self, as_of: AsOf) -> Option<Data> {
        let snapshot = self.source.cached(as_of.day).await?;
        self.clone().evaluate(snapshot, as_of).await.ok()
    }

    /// `job`'s result, or its panic or its running out of time as a
    /// [`LoadError`]: the one supervisor of every part of a load. The job
    /// is aborted when this future is dropped too (a refresh in the TUI),
    /// not only on the timeout.
    pub(super) async fn watch<T>(&self, job: tokio::task::JoinHandle<T>) -> Result<T, LoadError> {
        let _abort = AbortOnDrop(job.abort_handle());
        match tokio::time::timeout(self.timeout, job).await {
            Err(_) => Err(LoadError::TimedOut(self.timeout)),
            Ok(Err(e)) if e.is_panic() => Err(LoadError::Panicked(
                crate::observe::crash::payload_text(&*e.into_panic()),
            )),
            Ok(Err(e)) => Err(LoadError::Panicked(e.to_string())),
            Ok(Ok(result)) => Ok(result),
        }
    }

    async fn fetch_and_evaluate(self, as_of: AsOf) -> Result<Data, LoadError> {
        let snapshot = self.source.fetch(as_of.day).await?;
        self.source.check_mapping(&snapshot.accounts).await;
        self.evaluate(snapshot, as_of).await
    }

    async fn evaluate(self, snapshot: Snapshot, as_of: AsOf) -> Result<Data, LoadError> {
        let engine = self.engine;
        let prepare_filter = self.prepare_filter;
        let source = self.source.clone();
        let outbox = self.outbox.clone();
        let scores = self.scores.filter(|_| snapshot.origin.is_live());
        let evaluate = move || {
            let mut snapshot = snapshot;
            if let Some(outbox) = outbox {
                let (local, unread) = outbox.local(as_of.cleanup_day());
                local.put_on_all(&mut snapshot.accounts);
                snapshot.warnings.extend(unread);
            }
            let engine = Arc::new(engine.for_book(&source.recordable(), &snapshot.accounts));
            let mapping = mapping_report(&engine, source.as_ref(), &snapshot.accounts);
            let mut warnings = snapshot.warnings;
            warnings.extend(problem_warnings(&snapshot.accounts));
            let portfolio = evaluate_portfolio(&engine, snapshot.accounts, as_of.day);
            if let Some(scores) = scores {
                scores.record(&portfolio);
            }
            if prepare_filter {
                portfolio.prepare_filter();
            }
            Data {
                engine,
                portfolio: Arc::new(portfolio),
                origin: snapshot.origin,
                fetched_at: snapshot.fetched_at,
                as_of,
                warnings,
                mapping,
            }
        };
        Ok(crate::observe::blocking(evaluate).await)
    }
}

/// Aborts its task when dropped.
struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::http::Limits;

    #[test]
    fn a_load_may_take_twice_a_long_deadline_and_never_less_than_the_floor() {
        assert_eq!(timeout_for(&Limits::default()), TIMEOUT);
        let short = Limits {
            deadline: Duration::from_secs(2),
            ..Limits::default()
        };
        assert_eq!(timeout_for(&short), TIMEOUT);
        let long = Limits {
            deadline: Duration::from_secs(3_600),
            ..Limits::default()
        };
        assert_eq!(timeout_for(&long), Duration::from_secs(7_200));
    }
}
