//! A portfolio: accounts with their evaluations, and the watch list over
//! them (filter, stage, band, sort).

use super::account::{Account, PlayLog};
use super::engine::Engine;
use super::evaluate::Evaluation;
use super::play::follow_up_due;
use super::vocab::{Band, Severity, StageIx};
use chrono::{Datelike, NaiveDate};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Most attention needed first (see `attention`).
    #[default]
    Attention,
    /// Worst health first; accounts with no score before all others.
    Health,
    /// Soonest renewal first; unknown renewal last.
    Renewal,
    /// Largest ARR first.
    Arr,
    Name,
    /// Most alerts first, weighted by severity: one critical outweighs any
    /// number of warnings.
    Alerts,
    /// Most overdue milestones first.
    Overdue,
}

impl SortKey {
    pub const ALL: [SortKey; 7] = [
        SortKey::Attention,
        SortKey::Health,
        SortKey::Renewal,
        SortKey::Arr,
        SortKey::Name,
        SortKey::Alerts,
        SortKey::Overdue,
    ];

    pub fn id(self) -> &'static str {
        match self {
            SortKey::Attention => "attention",
            SortKey::Health => "health",
            SortKey::Renewal => "renewal",
            SortKey::Arr => "arr",
            SortKey::Name => "name",
            SortKey::Alerts => "alerts",
            SortKey::Overdue => "overdue",
        }
    }

    pub fn from_id(id: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.id() == id)
    }

    pub fn next(self) -> SortKey {
        let i = SortKey::ALL.iter().position(|k| *k == self).unwrap_or(0);
        SortKey::ALL[(i + 1) % SortKey::ALL.len()]
    }
}

impl std::fmt::Display for SortKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// Which accounts the watch list shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Words that must all appear in the id, name, owner or segment (any
    /// case).
    pub text: String,
    pub stage: Option<StageIx>,
    /// Only these bands; empty for every band.
    pub bands: Vec<Band>,
    /// Only this owner (any case).
    pub owner: Option<String>,
    /// Only renewals within this many days (overdue ones included).
    pub renewal_within: Option<u32>,
    /// Only accounts with a follow-up due today or overdue (see
    /// [`super::play::follow_up_due`]).
    pub follow_up_due: bool,
}

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
    keys: Vec<Keys>,
    churned: usize,
}

/// What [`Portfolio::lookup`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    None,
    One(usize),
    /// Several accounts match, in portfolio order.
    Several(Vec<usize>),
}

/// What a set of listed accounts adds up to, for the header.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Summary {
    pub accounts: usize,
    /// Accounts per band, in [`Band::LISTED`] order.
    pub bands: [usize; 4],
    /// The ARR of the accounts whose ARR is known.
    pub arr: f64,
    /// Accounts with no ARR, left out of `arr`.
    pub arr_unknown: usize,
}

/// The numeric sort keys of one account; ascending order is watch-list order.
#[derive(Debug, Clone, Copy)]
struct Keys {
    attention: u64,
    health: u64,
    renewal: i32,
    arr: u64,
    alerts: u64,
    overdue: u32,
    name: u32,
}

/// Alerts weighed by severity: critical in the high digits, then
/// warnings, then the rest, so one critical outweighs any warnings.
fn alert_weight(e: &Evaluation) -> u64 {
    e.alerts.iter().fold(0, |w, a| {
        w + match a.severity {
            Severity::Critical => 1 << 32,
            Severity::Warning => 1 << 16,
            Severity::Info => 1,
            Severity::Positive => 0,
        }
    })
}

/// An `f64` as a `u64` with the same order (for non-NaN values).
fn ordered(v: f64) -> u64 {
    let b = v.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | (1 << 63)
    }
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
    pub fn from_evaluations(
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
            if a.name.is_ascii() {
                let start = lower.len();
                lower.push_str(&a.name);
                lower[start..].make_ascii_lowercase();
            } else {
                lower.push_str(&a.name.to_lowercase());
            }
            ends.push(lower.len());
            ids.push(a.id.as_str());
            keys.push(Keys::of(a, e, 0));
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
    pub fn churned(&self) -> usize {
        self.churned
    }

    /// What the accounts of `rows` add up to.
    pub fn summary(&self, rows: &[u32]) -> Summary {
        let mut s = Summary {
            accounts: rows.len(),
            ..Summary::default()
        };
        for &i in rows {
            let band = self.evals[i as usize].health.band;
            let slot = Band::LISTED.iter().position(|b| *b == band);
            s.bands[slot.unwrap_or(3)] += 1;
            match self.accounts[i as usize].arr {
                Some(arr) => s.arr += arr,
                None => s.arr_unknown += 1,
            }
        }
        s
    }

    /// The listed accounts (every customer) in `key` order, ties by name;
    /// `reverse` turns the whole order around. Sorting is the costly step,
    /// so callers keep this and re-filter it on each keystroke.
    pub fn sorted_by(&self, key: SortKey, reverse: bool) -> Vec<u32> {
        let mut order = self.sorted(key);
        if reverse {
            order.reverse();
        }
        order
    }

    /// The listed accounts (every customer) in `key` order, ties by name.
    pub fn sorted(&self, key: SortKey) -> Vec<u32> {
        let mut keyed: Vec<(u64, u32, u32)> = (0..self.len() as u32)
            .filter(|&i| self.accounts[i as usize].is_customer())
            .map(|i| {
                let k = &self.keys[i as usize];
                let first = match key {
                    SortKey::Attention => k.attention,
                    SortKey::Health => k.health,
                    SortKey::Renewal => k.renewal as u64,
                    SortKey::Arr => k.arr,
                    SortKey::Name => 0,
                    SortKey::Alerts => k.alerts,
                    SortKey::Overdue => u64::from(k.overdue),
                };
                (first, k.name, i)
            })
            .collect();
        keyed.sort_unstable();
        keyed.into_iter().map(|(_, _, i)| i).collect()
    }

    /// The accounts of `order` that pass `filter`, in the same order.
    pub fn filter(&self, order: &[u32], filter: &Filter) -> Vec<u32> {
        let text = filter.text.to_lowercase();
        let words: Vec<&str> = text.split_whitespace().collect();
        let owner = filter.owner.as_deref().map(str::to_lowercase);
        let last_day = filter
            .renewal_within
            .and_then(|d| self.now.checked_add_days(chrono::Days::new(u64::from(d))));
        order
            .iter()
            .copied()
            .filter(|&i| {
                let e = &self.evals[i as usize];
                let a = &self.accounts[i as usize];
                filter.stage.is_none_or(|s| s == e.stage)
                    && (filter.bands.is_empty() || filter.bands.contains(&e.health.band))
                    && owner
                        .as_deref()
                        .is_none_or(|o| a.owner.as_deref().is_some_and(|x| x.to_lowercase() == o))
                    && (filter.renewal_within.is_none()
                        || a.renewal_date.zip(last_day).is_some_and(|(r, l)| r <= l))
                    && (!filter.follow_up_due || follow_up_due(a, self.now).is_some())
                    && (words.is_empty() || {
                        let hay = &self.haystack()[i as usize];
                        words.iter().all(|w| hay.contains(w))
                    })
            })
            .collect()
    }

    /// Builds the text-filter index now rather than on the first filter
    /// keystroke (the TUI does this in its background load).
    pub fn prepare_filter(&self) {
        self.haystack();
    }

    fn haystack(&self) -> &[String] {
        self.haystack.get_or_init(|| {
            self.accounts
                .iter()
                .map(|a| {
                    let owner = a.owner.as_deref().unwrap_or("");
                    let segment = a.segment.as_deref().unwrap_or("");
                    format!("{} {} {owner} {segment}", a.id, a.name).to_lowercase()
                })
                .collect()
        })
    }

    /// The account a person means by `query`: its id (exactly, else in any
    /// case), else the one account whose name starts with it (any case).
    pub fn lookup(&self, query: &str) -> Lookup {
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

    /// A play just logged on account `index`: the one change a portfolio
    /// takes in place. The account is evaluated again and its sort keys
    /// worked out again, so the next sort orders the list as a portfolio
    /// loaded with this log would (a play that answers the account's
    /// recommendation moves it down the attention list at once).
    pub fn add_log(&mut self, engine: &Engine, index: usize, log: PlayLog) {
        let a = &mut self.accounts[index];
        a.plays_logged.push(log);
        self.evals[index] = engine.evaluate(a, self.now);
        // The name, id, owner and segment are unchanged: so are its name
        // rank and the text filter's entry.
        let name = self.keys[index].name;
        self.keys[index] = Keys::of(a, &self.evals[index], name);
    }
}

impl Keys {
    fn of(a: &Account, e: &Evaluation, name: u32) -> Keys {
        Keys {
            // No score sorts first: 0 is below every score's key.
            attention: u64::MAX - ordered(e.attention.score),
            health: e.health.score().map_or(0, ordered),
            renewal: a.renewal_date.map_or(i32::MAX, |d| d.num_days_from_ce()),
            arr: u64::MAX - a.arr.map_or(0, ordered),
            alerts: u64::MAX - alert_weight(e),
            overdue: u32::MAX - e.overdue_milestones.min(u32::MAX as usize) as u32,
            name,
        }
    }
}
