//! A part of a portfolio being evaluated: a run of accounts' evaluations
//! with what the portfolio keeps of each worked out beside them, so that
//! each thread of a load does this work for its own accounts.

use crate::domain::account::Account;
use crate::domain::engine::Engine;
use crate::domain::evaluate::Evaluation;
use crate::domain::listing::{name_key, SortKeys};
use chrono::NaiveDate;

/// The evaluations of a run of accounts, each with its sort keys, the
/// run's name keys ([`name_key`]) in name order, and the churned count:
/// [`super::Portfolio::from_parts`] joins the parts and merges their names
/// into ranks.
pub struct Part {
    pub(super) evals: Vec<Evaluation>,
    /// The name ranks are not known yet: 0 until the portfolio is built.
    pub(super) keys: Vec<SortKeys>,
    /// The name keys in position order while the part is filled (the
    /// `i`th ends at `ends[i]`), then in name order once sorted.
    pub(super) names: String,
    pub(super) ends: Vec<usize>,
    /// The positions in name order: by (name key, id, position).
    pub(super) by_name: Vec<u32>,
    pub(super) churned: usize,
}

impl Part {
    /// An empty part with room for `n` accounts (the first part of a
    /// portfolio is where the others are put: give it room for all).
    pub fn with_capacity(n: usize) -> Part {
        Part {
            evals: Vec::with_capacity(n),
            keys: Vec::with_capacity(n),
            names: String::with_capacity(n * 24),
            ends: Vec::with_capacity(n),
            by_name: Vec::new(),
            churned: 0,
        }
    }

    /// `accounts` evaluated as of `now`, one after another.
    pub fn evaluate(engine: &Engine, accounts: &[Account], now: NaiveDate) -> Part {
        Part::with_capacity(accounts.len()).evaluated(engine, accounts, now)
    }

    /// This empty part with `accounts` evaluated as of `now`.
    pub fn evaluated(mut self, engine: &Engine, accounts: &[Account], now: NaiveDate) -> Part {
        assert!(self.evals.is_empty(), "a part is evaluated once");
        for a in accounts {
            self.push(a, engine.evaluate(a, now));
        }
        self.sort_names(accounts);
        self
    }

    /// Adds `a` with its evaluation `e`.
    pub(super) fn push(&mut self, a: &Account, e: Evaluation) {
        name_key(&a.name, &mut self.names);
        self.ends.push(self.names.len());
        self.keys.push(SortKeys::of(a, &e, 0));
        self.churned += usize::from(!a.is_customer());
        self.evals.push(e);
    }

    /// Sorts the positions by name, and the name keys with them (so that
    /// merging parts reads each part's names in order); `accounts` are
    /// this part's.
    pub(super) fn sort_names(&mut self, accounts: &[Account]) {
        let mut by_name: Vec<(&str, &str, u32)> = (0..accounts.len())
            .map(|i| {
                let id = accounts[i].id.as_str();
                (name_at(&self.names, &self.ends, i), id, i as u32)
            })
            .collect();
        by_name.sort_unstable();
        let mut names = String::with_capacity(self.names.len());
        let mut ends = Vec::with_capacity(by_name.len());
        let mut order = Vec::with_capacity(by_name.len());
        for (name, _, i) in by_name {
            names.push_str(name);
            ends.push(names.len());
            order.push(i);
        }
        (self.names, self.ends, self.by_name) = (names, ends, order);
    }

    /// The `k`th name in name order (once sorted).
    pub(super) fn name(&self, k: usize) -> &str {
        name_at(&self.names, &self.ends, k)
    }
}

/// The `i`th name key of `names` (ending at `ends`).
fn name_at<'a>(names: &'a str, ends: &[usize], i: usize) -> &'a str {
    let start = if i == 0 { 0 } else { ends[i - 1] };
    &names[start..ends[i]]
}
