//! The first rows of the watch list from a source that makes its accounts
//! one at a time ([`crate::source::Source::generator`]), or from the local
//! store's cache read a chunk at a time ([`Synced::read_cache_with`]):
//! each account is made or read, evaluated and offered to a [`Top`] on all
//! cores, and only the rows that can still be printed are kept. The JSON
//! twin with `--limit` uses it: at 100,000 accounts it never holds the
//! whole book (the load of [`super::load`] does).

use super::load::{mapping_lines, LoadError, Loader};
use crate::clock::AsOf;
use crate::domain::account::problem_warnings;
use crate::domain::listing::Top;
use crate::domain::portfolio::{Filter, SortKey};
use crate::domain::tracking::{Recordable, Recorded};
use crate::domain::{Account, Engine, Evaluation};
use crate::outbox::Local;
use crate::source::Generator;
use crate::store::StoreError;
use crate::sync::Synced;
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Which rows: the filter, the order and how many.
#[derive(Debug, Clone)]
pub(crate) struct Want {
    pub(crate) filter: Filter,
    pub(crate) key: SortKey,
    pub(crate) reverse: bool,
    pub(crate) limit: usize,
}

/// The rows a [`Want`] asks for, in watch-list order, with what a load
/// says besides ([`super::load::Data`]'s fields of the same names).
pub(crate) struct TopRows {
    pub(crate) engine: Arc<Engine>,
    pub(crate) rows: Vec<(Account, Evaluation)>,
    pub(crate) warnings: Vec<String>,
    pub(crate) mapping: Vec<String>,
    /// When the cached accounts were fetched; `None` for generated ones.
    pub(crate) fetched_at: Option<DateTime<Utc>>,
}

/// How many accounts a thread takes at a time.
const CHUNK: usize = 1_024;

/// How many cached rows a chunk of the store's read holds: a few chunks
/// are in flight at once (one read, one queued and one parsed per
/// worker), a few MB of JSON and accounts each.
const STORE_CHUNK: usize = 1_024;

impl Loader {
    /// The rows `want` asks for as of `as_of`, without holding the whole
    /// book; `None` when the source cannot make its accounts one at a
    /// time, or the book's engine needs every account first (a source
    /// that tracks only the milestones it reports): then load as usual.
    pub(crate) async fn top(&self, as_of: AsOf, want: Want) -> Option<Result<TopRows, LoadError>> {
        let generator = self.source.generator(as_of.day)?;
        let recordable = self.source.recordable();
        if !matches!(recordable, Recordable::All) || self.scores.is_some() {
            return None;
        }
        let loader = self.clone();
        let job = tokio::task::spawn_blocking(move || loader.top_now(generator, as_of, &want));
        Some(self.watch(job).await)
    }

    /// The rows `want` asks for as of `as_of` from the cache of `synced`
    /// (`--offline`), read a chunk at a time: a first pass tallies what
    /// [`Engine::for_book`] needs when the source's mapping leaves it to
    /// the accounts, the second evaluates. `None` when nothing is cached
    /// or the store fails: then load as usual, which says why.
    pub(crate) async fn top_cached(
        &self,
        synced: Arc<Synced>,
        as_of: AsOf,
        want: Want,
    ) -> Option<Result<TopRows, LoadError>> {
        let loader = self.clone();
        let job = tokio::task::spawn_blocking(move || {
            loader.top_cached_now(&synced, as_of, &want).ok().flatten()
        });
        match self.watch(job).await {
            Ok(None) => None,
            Ok(Some(rows)) => Some(Ok(rows)),
            Err(e) => Some(Err(e)),
        }
    }

    /// The plays logged and the snoozes made locally, and the warnings
    /// when they cannot be read (as the whole load says them).
    fn local(&self, as_of: &AsOf) -> (Local, Vec<String>) {
        match &self.outbox {
            Some(outbox) => outbox.local(as_of.cleanup_day()),
            None => (Local::default(), Vec::new()),
        }
    }

    fn top_cached_now(
        &self,
        synced: &Synced,
        as_of: AsOf,
        want: &Want,
    ) -> Result<Option<TopRows>, StoreError> {
        let recordable = self.source.recordable();
        let day = as_of.day;
        synced.read_cache_with(|cache| {
            let engine = match self.engine.needs_accounts(&recordable) {
                true => {
                    let tallies = cache.chunks(
                        STORE_CHUNK,
                        None,
                        || self.engine.tally(&recordable),
                        |tally, chunk| {
                            tally.add(&chunk.accounts);
                            !tally.is_complete()
                        },
                    )?;
                    let tally = tallies
                        .iter()
                        .fold(self.engine.tally(&recordable), |all, t| all.merge(t));
                    self.engine.for_tally(&recordable, &tally)
                }
                false => self.engine.for_book(&recordable, &[]),
            };
            let engine = Arc::new(engine);
            let (local, unlogged) = self.local(&as_of);
            let parts = cache.chunks(
                STORE_CHUNK,
                Some(day),
                || Part::new(want, day),
                |part, chunk| {
                    part.unreadable.push((chunk.start, chunk.unreadable));
                    for (i, a) in chunk.accounts.into_iter().enumerate() {
                        part.take(&engine, &local, chunk.start + i, a, day);
                    }
                    true
                },
            )?;
            let (top, mut unreadable, _, problems) = Part::merge(parts, want, day);
            // As the whole load says them: the rows that did not read
            // back, the logs that could not be read, each account's bad
            // fields.
            unreadable.extend(unlogged);
            unreadable.extend(problems);
            Ok(TopRows {
                rows: top.rows(),
                engine,
                warnings: unreadable,
                // Offline, no sync ran: nothing says what the mapping
                // misses (the whole load's lines are not printed either).
                mapping: Vec::new(),
                fetched_at: Some(cache.fetched_at),
            })
        })
    }

    fn top_now(&self, generator: Arc<dyn Generator>, as_of: AsOf, want: &Want) -> TopRows {
        let (local, unlogged) = self.local(&as_of);
        let mut warnings: Vec<String> = unlogged;
        // Every milestone is tracked: the book's engine needs no account.
        let engine = Arc::new(self.engine.for_book(&self.source.recordable(), &[]));
        let day = as_of.day;
        let total = generator.len();
        let next = AtomicUsize::new(0);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let parts: Vec<Part> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    let (engine, generator, local, next) = (&engine, &generator, &local, &next);
                    s.spawn(move || {
                        let mut part = Part::new(want, day);
                        loop {
                            let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                            if start >= total {
                                break part;
                            }
                            for i in start..(start + CHUNK).min(total) {
                                part.take(engine, local, i, generator.account(i), day);
                            }
                        }
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        let (top, _, recorded, problems) = Part::merge(parts, want, day);
        warnings.extend(problems);
        let mapping = mapping_lines(&engine, self.source.mapping_notes(&[]), recorded);
        TopRows {
            rows: top.rows(),
            engine,
            warnings,
            mapping,
            fetched_at: None,
        }
    }
}

/// One thread's share: its rows, what its accounts record, their bad
/// fields by account index, and the rows of the store that did not read
/// back, by row.
struct Part<'a> {
    top: Top<'a>,
    recorded: Recorded,
    problems: Vec<(usize, Vec<String>)>,
    unreadable: Vec<(usize, Vec<String>)>,
}

impl<'a> Part<'a> {
    fn new(want: &'a Want, day: NaiveDate) -> Part<'a> {
        Part {
            top: Top::new(&want.filter, want.key, want.reverse, want.limit, day),
            recorded: Recorded::default(),
            problems: Vec::new(),
            unreadable: Vec::new(),
        }
    }

    /// Account number `index` of the book, as the whole load takes it:
    /// its logged plays and snoozes put on it, its bad fields noted, evaluated and
    /// offered to the top.
    fn take(
        &mut self,
        engine: &Engine,
        local: &Local,
        index: usize,
        mut a: Account,
        day: NaiveDate,
    ) {
        local.put_on(&mut a);
        let one = std::slice::from_ref(&a);
        self.recorded = Recorded::from_accounts(one).union(&self.recorded);
        let problems = problem_warnings(one);
        if !problems.is_empty() {
            self.problems.push((index, problems));
        }
        let e = engine.evaluate(&a, day);
        self.top.offer(index, a, e);
    }

    /// The parts in one: the rows, the rows unread and the bad fields in
    /// book order, and what the accounts record.
    fn merge(
        parts: Vec<Part<'_>>,
        want: &'a Want,
        day: NaiveDate,
    ) -> (Top<'a>, Vec<String>, Recorded, Vec<String>) {
        let mut recorded = Recorded::default();
        let mut problems = Vec::new();
        let mut unreadable = Vec::new();
        let mut top = Top::new(&want.filter, want.key, want.reverse, want.limit, day);
        for part in parts {
            recorded = recorded.union(&part.recorded);
            problems.extend(part.problems);
            unreadable.extend(part.unreadable);
            top = top.merge(part.top);
        }
        problems.sort_by_key(|(i, _)| *i);
        unreadable.sort_by_key(|(i, _)| *i);
        let flat = |v: Vec<(usize, Vec<String>)>| v.into_iter().flat_map(|(_, w)| w).collect();
        (top, flat(unreadable), recorded, flat(problems))
    }
}
