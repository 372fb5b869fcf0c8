//! A portfolio: accounts with their evaluations, and the watch list over
//! them (filter, stage, band, sort).

use super::account::Account;
use super::engine::Engine;
use super::evaluate::Evaluation;
use super::listing::{haystack, name_key, SortKeys};
pub use super::listing::{Filter, SortKey};
use chrono::NaiveDate;
use std::sync::OnceLock;

mod overlay;
pub(crate) use overlay::{Change, Overlay, Shown};

/// Accounts as of `now`, evaluated. Every customer is listed (open, or
/// renewed with its next renewal date); churned accounts are kept for
/// analysis but never listed, and counted so the header can say so.
pub struct Portfolio {
    pub now: NaiveDate,
    pub accounts: Vec<Account>,
    pub evals: Vec<Evaluation>,
    /// Lower-case "name owner segment", for the text filter; built on its
    /// first use, since only the TUI's filter needs it.
    haystack: OnceLock<Vec<String>>,
    /// Each account's index by id, built on the first lookup.
    by_id: OnceLock<std::collections::HashMap<String, u32>>,
    /// Each account's sort keys, worked out once so that a sort compares
    /// numbers and never touches the accounts.
    keys: Vec<SortKeys>,
    churned: usize,
}

/// What [`Portfolio::lookup`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lookup {
    None,
    One(usize),
    /// Several accounts match, in portfolio order.
    Several(Vec<usize>),
}

/// What a set of listed accounts adds up to, for the header.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Summary {
    pub(crate) accounts: usize,
    /// Accounts per band, in [`Band::LISTED`] order.
    pub(crate) bands: [usize; 4],
    /// The ARR of the accounts whose ARR is known.
    pub(crate) arr: f64,
    /// Accounts with no ARR, left out of `arr`.
    pub(crate) arr_unknown: usize,
}

impl Portfolio {
    /// Evaluates every account, one after another. (The load layer
    /// evaluates on all cores and calls [`Portfolio::from_evaluations`].)
    pub fn new(engine: &Engine, accounts: Vec<Account>, now: NaiveDate) -> Portfolio {
        let evals = accounts.iter().map(|a| engine.evaluate(a, now)).collect();
        Portfolio::from_evaluations(accounts, evals, now)
    }

    /// The portfolio of `accounts` with their evaluations as of `now`
    /// (`evals[i]` is `accounts[i]`'s).
    pub(crate) fn from_evaluations(
        accounts: Vec<Account>,
        evals: Vec<Evaluation>,
        now: NaiveDate,
    ) -> Portfolio {
        assert_eq!(accounts.len(), evals.len(), "one evaluation per account");
        // One pass over the accounts (each is read once): every name
        // lower-cased into one buffer (an ASCII name without a string of its
        // own), the numeric sort keys, the churned count.
        let mut lower = String::with_capacity(accounts.len() * 24);
        let mut ends = Vec::with_capacity(accounts.len());
        let mut ids = Vec::with_capacity(accounts.len());
        let mut keys = Vec::with_capacity(accounts.len());
        let mut churned = 0;
        for (a, e) in accounts.iter().zip(&evals) {
            name_key(&a.name, &mut lower);
            ends.push(lower.len());
            ids.push(a.id.as_str());
            keys.push(SortKeys::of(a, e, 0));
            churned += usize::from(!a.is_customer());
        }
        // Then the names sorted as (name, id, position), for each one's rank.
        let mut by_name: Vec<(&str, &str, u32)> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let start = if i == 0 { 0 } else { ends[i - 1] };
                (&lower[start..ends[i]], *id, i as u32)
            })
            .collect();
        by_name.sort_unstable();
        for (rank, &(_, _, i)) in by_name.iter().enumerate() {
            keys[i as usize].name = rank as u32;
        }
        drop(by_name);
        drop((lower, ends, ids));
        Portfolio {
            now,
            accounts,
            evals,
            haystack: OnceLock::new(),
            by_id: OnceLock::new(),
            keys,
            churned,
        }
    }

    pub fn len(&self) -> usize {
        self.accounts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }

    /// Churned accounts: not listed.
    pub(crate) fn churned(&self) -> usize {
        self.churned
    }

    /// The listed accounts (every customer) in `key` order, ties by name;
    /// `reverse` turns the whole order around. Sorting is the costly step,
    /// so callers keep this and re-filter it on each keystroke.
    pub fn sorted_by(&self, key: SortKey, reverse: bool) -> Vec<u32> {
        Shown::bare(self).sorted_by(key, reverse)
    }

    /// The listed accounts (every customer) in `key` order, ties by name.
    pub fn sorted(&self, key: SortKey) -> Vec<u32> {
        Shown::bare(self).sorted_by(key, false)
    }

    /// The accounts of `order` that pass `filter`, in the same order.
    pub fn filter(&self, order: &[u32], filter: &Filter) -> Vec<u32> {
        Shown::bare(self).filter(order, filter)
    }

    /// Builds the text-filter index now rather than on the first filter
    /// keystroke (the TUI does this in its background load).
    pub fn prepare_filter(&self) {
        self.haystack();
    }

    fn haystack(&self) -> &[String] {
        self.haystack
            .get_or_init(|| self.accounts.iter().map(haystack).collect())
    }

    /// The account a person means by `query`: its id (exactly, else in any
    /// case), else the one account whose name starts with it (any case).
    pub(crate) fn lookup(&self, query: &str) -> Lookup {
        if let Some(i) = self.find(query) {
            return Lookup::One(i);
        }
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Lookup::None;
        }
        let by_id: Vec<usize> = (0..self.len())
            .filter(|&i| self.accounts[i].id.as_str().to_lowercase() == q)
            .collect();
        let found = if by_id.is_empty() {
            (0..self.len())
                .filter(|&i| self.accounts[i].name.to_lowercase().starts_with(&q))
                .collect()
        } else {
            by_id
        };
        match found.as_slice() {
            [] => Lookup::None,
            [i] => Lookup::One(*i),
            _ => Lookup::Several(found),
        }
    }

    pub fn find(&self, id: &str) -> Option<usize> {
        let index = self.by_id.get_or_init(|| {
            self.accounts.iter().enumerate().fold(
                std::collections::HashMap::new(),
                |mut m, (i, a)| {
                    // The first account of an id, as a scan would find.
                    m.entry(a.id.to_string()).or_insert(i as u32);
                    m
                },
            )
        });
        index.get(id).map(|&i| i as usize)
    }
}
