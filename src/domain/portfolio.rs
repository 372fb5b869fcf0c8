//! A portfolio: accounts with their evaluations, and the watch list over
//! them (filter, stage, band, sort).

use super::account::Account;
use super::engine::Engine;
use super::evaluate::Evaluation;
use super::listing::{haystack, SortKeys};
pub use super::listing::{Filter, SortKey};
use chrono::NaiveDate;
use std::sync::OnceLock;

mod overlay;
mod part;
pub(crate) use overlay::{Change, Overlay, Shown};
pub(crate) use part::Part;

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
    /// Accounts that need the CSM (the inbox's first group).
    pub(crate) need_you: usize,
    /// Accounts a logged play covers for now.
    pub(crate) handled: usize,
    /// Accounts with a follow-up due today or overdue.
    pub(crate) follow_ups_due: usize,
}

impl Portfolio {
    /// Evaluates every account, one after another. (The load layer
    /// evaluates on all cores, a [`Part`] per thread, and calls
    /// [`Portfolio::from_parts`].)
    pub fn new(engine: &Engine, accounts: Vec<Account>, now: NaiveDate) -> Portfolio {
        let part = Part::evaluate(engine, &accounts, now);
        Portfolio::from_parts(accounts, vec![part], now)
    }

    /// The portfolio of `accounts` from `parts`, their evaluations in
    /// order: the first part's accounts come first, and so on. What is left
    /// to do here is joining the parts and merging their names (each
    /// part's are sorted already) into ranks.
    pub fn from_parts(accounts: Vec<Account>, parts: Vec<Part>, now: NaiveDate) -> Portfolio {
        let total: usize = parts.iter().map(|p| p.evals.len()).sum();
        assert_eq!(accounts.len(), total, "one evaluation per account");
        let ranks = name_ranks(&accounts, &parts);
        let mut parts = parts.into_iter();
        let first = parts.next().unwrap_or_else(|| Part::with_capacity(0));
        let (mut evals, mut keys, mut churned) = (first.evals, first.keys, first.churned);
        for part in parts {
            evals.extend(part.evals);
            keys.extend(part.keys);
            churned += part.churned;
        }
        for (k, rank) in keys.iter_mut().zip(ranks) {
            k.name = rank;
        }
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

/// Each account's rank by (name key, id, position), from `parts` whose
/// names are each in order: a merge of the parts that reads each part's
/// names one after another, and an account's id only when two names are
/// the same.
fn name_ranks(accounts: &[Account], parts: &[Part]) -> Vec<u32> {
    let mut ranks = vec![0; accounts.len()];
    // Where each part starts among the accounts, and its next name.
    let mut starts = Vec::with_capacity(parts.len());
    let mut at = 0;
    for p in parts {
        starts.push(at);
        at += p.evals.len();
    }
    let mut next = vec![0usize; parts.len()];
    for rank in 0..accounts.len() {
        let mut best: Option<(usize, &str, usize)> = None;
        for (j, p) in parts.iter().enumerate() {
            let Some(&i) = p.by_name.get(next[j]) else {
                continue;
            };
            let (name, i) = (p.name(next[j]), starts[j] + i as usize);
            let better = match best {
                None => true,
                // Equal names: the smaller id, then the earlier position
                // (the earlier part: it is kept when all else is equal).
                Some((_, best_name, b)) => match name.cmp(best_name) {
                    std::cmp::Ordering::Less => true,
                    std::cmp::Ordering::Greater => false,
                    std::cmp::Ordering::Equal => accounts[i].id.as_str() < accounts[b].id.as_str(),
                },
            };
            if better {
                best = Some((j, name, i));
            }
        }
        let (j, _, i) = best.expect("an account left for every rank");
        next[j] += 1;
        ranks[i] = rank as u32;
    }
    ranks
}
