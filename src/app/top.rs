//! The first rows of the watch list from a source that makes its accounts
//! one at a time ([`crate::source::Source::generator`]): each account is
//! made, evaluated and offered to a [`Top`] on all cores, and only the rows
//! that can still be printed are kept. The JSON twin with `--limit` uses
//! it: at 100,000 demo accounts it never holds the whole book (the load
//! of [`super::load`] does).

use super::load::{mapping_lines, LoadError, Loader};
use crate::clock::AsOf;
use crate::domain::account::problem_warnings;
use crate::domain::listing::Top;
use crate::domain::portfolio::{Filter, SortKey};
use crate::domain::tracking::{Recordable, Recorded};
use crate::domain::{Account, Engine, Evaluation};
use crate::source::Generator;
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
}

/// How many accounts a thread takes at a time.
const CHUNK: usize = 1_024;

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
        Some(match tokio::time::timeout(self.timeout, job).await {
            Err(_) => Err(LoadError::TimedOut(self.timeout)),
            Ok(Err(e)) if e.is_panic() => Err(LoadError::Panicked(
                crate::observe::crash::payload_text(&*e.into_panic()),
            )),
            Ok(Err(e)) => Err(LoadError::Panicked(e.to_string())),
            Ok(Ok(rows)) => Ok(rows),
        })
    }

    fn top_now(&self, generator: Arc<dyn Generator>, as_of: AsOf, want: &Want) -> TopRows {
        let mut warnings = Vec::new();
        let logs = match &self.outbox {
            Some(outbox) => match outbox.logs_by_account() {
                Ok(logs) => logs,
                Err(e) => {
                    warnings.push(format!("logged plays not shown: {e}"));
                    Default::default()
                }
            },
            None => Default::default(),
        };
        // Every milestone is tracked: the book's engine needs no account.
        let engine = Arc::new(self.engine.for_book(&self.source.recordable(), &[]));
        let day = as_of.day;
        let total = generator.len();
        let next = AtomicUsize::new(0);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let parts: Vec<Part> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    let (engine, generator, logs, next) = (&engine, &generator, &logs, &next);
                    s.spawn(move || {
                        let mut part = Part {
                            top: Top::new(&want.filter, want.key, want.reverse, want.limit, day),
                            recorded: Recorded::default(),
                            problems: Vec::new(),
                        };
                        loop {
                            let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                            if start >= total {
                                break part;
                            }
                            for i in start..(start + CHUNK).min(total) {
                                let mut a = generator.account(i);
                                if let Some(mine) = logs.get(&a.id) {
                                    crate::outbox::merge_one(&mut a, mine.iter().cloned());
                                }
                                let one = std::slice::from_ref(&a);
                                part.recorded = Recorded::from_accounts(one).union(&part.recorded);
                                let problems = problem_warnings(one);
                                if !problems.is_empty() {
                                    part.problems.push((i, problems));
                                }
                                let e = engine.evaluate(&a, day);
                                part.top.offer(i, a, e);
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
        let mut recorded = Recorded::default();
        let mut problems = Vec::new();
        let mut top = Top::new(&want.filter, want.key, want.reverse, want.limit, day);
        for part in parts {
            recorded = recorded.union(&part.recorded);
            problems.extend(part.problems);
            top = top.merge(part.top);
        }
        problems.sort_by_key(|(i, _)| *i);
        warnings.extend(problems.into_iter().flat_map(|(_, w)| w));
        let mapping = mapping_lines(&engine, self.source.mapping_notes(&[]), recorded);
        TopRows {
            rows: top.rows(),
            engine,
            warnings,
            mapping,
        }
    }
}

/// One thread's share: its rows, what its accounts record and their bad
/// fields by account index.
struct Part<'a> {
    top: Top<'a>,
    recorded: Recorded,
    problems: Vec<(usize, Vec<String>)>,
}
