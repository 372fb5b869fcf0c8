//! The watch list's rules for one account: the orders and its sort keys,
//! the filter and its test, and the text the filter searches. The
//! portfolio module applies them to a whole portfolio; [`Top`] applies
//! them to accounts that come one at a time (the JSON twin at 100,000
//! accounts keeps only the rows it prints).

use super::account::Account;
use super::evaluate::Evaluation;
use super::inbox::Inbox;
use super::play::follow_up_due;
use super::vocab::{Band, Severity, StageIx};
use chrono::{Datelike, NaiveDate};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

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

    pub(crate) fn from_id(id: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.id() == id)
    }

    pub(crate) fn next(self) -> SortKey {
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
    /// Only accounts behind in their stage: a milestone overdue, or one
    /// reached late in the last 30 days (the "Onboarding behind" view).
    pub behind: bool,
    /// Whether handled accounts are listed (in their group, below every
    /// account that needs the CSM), left out, or listed alone.
    pub handled: HandledShown,
}

/// Which accounts the handled filter lets through (a handled account is
/// one a logged play covers for now and nothing has woken since).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HandledShown {
    /// Every account, the handled ones in their group.
    #[default]
    Show,
    /// Every account but the handled ones.
    Hide,
    /// Only the handled ones.
    Only,
}

/// The numeric sort keys of one account; ascending order is watch-list
/// order, ties by name (`name` is the account's rank by [`name_key`], then
/// id, then position).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SortKeys {
    pub(crate) attention: u64,
    pub(crate) health: u64,
    pub(crate) renewal: i32,
    pub(crate) arr: u64,
    pub(crate) alerts: u64,
    pub(crate) overdue: u32,
    pub(crate) name: u32,
}

impl SortKeys {
    pub(crate) fn of(a: &Account, e: &Evaluation, name: u32) -> SortKeys {
        SortKeys {
            attention: attention_key(e),
            health: e.health.score().map_or(0, ordered),
            renewal: a.renewal_date.map_or(i32::MAX, |d| d.num_days_from_ce()),
            arr: u64::MAX - a.arr.map_or(0, ordered),
            alerts: u64::MAX - alert_weight(e),
            overdue: u32::MAX - e.overdue_milestones.min(u32::MAX as usize) as u32,
            name,
        }
    }

    /// The key `key` sorts by first (the name breaks its ties).
    pub(crate) fn first(&self, key: SortKey) -> u64 {
        match key {
            SortKey::Attention => self.attention,
            SortKey::Health => self.health,
            SortKey::Renewal => self.renewal as u64,
            SortKey::Arr => self.arr,
            SortKey::Name => 0,
            SortKey::Alerts => self.alerts,
            SortKey::Overdue => u64::from(self.overdue),
        }
    }
}

/// The attention order's key: the inbox first (every account that needs
/// the CSM, then the handled ones, then the quiet ones), then the most
/// points. A score is never negative, so its key (highest first) fits in
/// 63 bits; the handled group sets the top bit and halves the key, and a
/// quiet account has no points to order: the largest key of all.
fn attention_key(e: &Evaluation) -> u64 {
    let points = (u64::MAX - ordered(e.attention.score.max(0.0))) & (u64::MAX >> 1);
    match e.inbox() {
        Inbox::NeedsYou => points,
        Inbox::Handled => (1 << 63) | (points >> 1),
        Inbox::Quiet => u64::MAX,
    }
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

/// Appends the name as the name sort compares it (lower case) to `out`.
pub(crate) fn name_key(name: &str, out: &mut String) {
    if name.is_ascii() {
        let start = out.len();
        out.push_str(name);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&name.to_lowercase());
    }
}

/// What the text filter searches: "id name owner segment", lower case.
pub(crate) fn haystack(a: &Account) -> String {
    let owner = a.owner.as_deref().unwrap_or("");
    let segment = a.segment.as_deref().unwrap_or("");
    format!("{} {} {owner} {segment}", a.id, a.name).to_lowercase()
}

/// A [`Filter`] made ready to test accounts as of `now`.
pub(crate) struct Matcher<'a> {
    filter: &'a Filter,
    words: Vec<String>,
    owner: Option<String>,
    last_day: Option<NaiveDate>,
    now: NaiveDate,
}

impl<'a> Matcher<'a> {
    pub(crate) fn new(filter: &'a Filter, now: NaiveDate) -> Matcher<'a> {
        Matcher {
            filter,
            words: filter
                .text
                .to_lowercase()
                .split_whitespace()
                .map(str::to_string)
                .collect(),
            owner: filter.owner.as_deref().map(str::to_lowercase),
            last_day: filter
                .renewal_within
                .and_then(|d| now.checked_add_days(chrono::Days::new(u64::from(d)))),
            now,
        }
    }

    /// Whether the account passes; `hay` gives its [`haystack`], asked
    /// for only when the filter has words.
    pub(crate) fn accepts<H: AsRef<str>>(
        &self,
        a: &Account,
        e: &Evaluation,
        hay: impl FnOnce() -> H,
    ) -> bool {
        let f = self.filter;
        f.stage.is_none_or(|s| s == e.stage)
            && (f.bands.is_empty() || f.bands.contains(&e.health.band))
            && self
                .owner
                .as_deref()
                .is_none_or(|o| a.owner.as_deref().is_some_and(|x| x.to_lowercase() == o))
            && (f.renewal_within.is_none()
                || a.renewal_date
                    .zip(self.last_day)
                    .is_some_and(|(r, l)| r <= l))
            && (!f.follow_up_due || follow_up_due(a, self.now).is_some())
            && (!f.behind || e.behind)
            && match f.handled {
                HandledShown::Show => true,
                HandledShown::Hide => e.inbox() != Inbox::Handled,
                HandledShown::Only => e.inbox() == Inbox::Handled,
            }
            && (self.words.is_empty() || {
                let hay = hay();
                self.words.iter().all(|w| hay.as_ref().contains(w.as_str()))
            })
    }
}

/// One candidate row of [`Top`]: where it sorts, and what it shows.
struct Candidate {
    first: u64,
    name: String,
    index: usize,
    account: Account,
    eval: Evaluation,
    reverse: bool,
}

impl Candidate {
    fn cmp_key(&self, other: &Candidate) -> Ordering {
        let o = (self.first, &self.name, self.account.id.as_str(), self.index).cmp(&(
            other.first,
            &other.name,
            other.account.id.as_str(),
            other.index,
        ));
        if self.reverse {
            o.reverse()
        } else {
            o
        }
    }
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp_key(other) == Ordering::Equal
    }
}
impl Eq for Candidate {}
impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.cmp_key(other)
    }
}

/// The first `limit` rows of the watch list (`filter`, `key`, `reverse`,
/// as the portfolio's `sorted_by` then `filter` give them)
/// of accounts offered one at a time, holding no more than `limit` of
/// them. Several can be filled apart (one per thread) and merged.
pub(crate) struct Top<'a> {
    matcher: Matcher<'a>,
    key: SortKey,
    reverse: bool,
    limit: usize,
    /// The worst kept row on top, to be pushed out by a better one.
    kept: BinaryHeap<Candidate>,
}

impl<'a> Top<'a> {
    pub(crate) fn new(
        filter: &'a Filter,
        key: SortKey,
        reverse: bool,
        limit: usize,
        now: NaiveDate,
    ) -> Top<'a> {
        Top {
            matcher: Matcher::new(filter, now),
            key,
            reverse,
            limit,
            kept: BinaryHeap::new(),
        }
    }

    /// Account number `index` of the book (its position in the whole
    /// portfolio) with its evaluation: kept while it is among the first
    /// `limit` listed rows so far.
    pub(crate) fn offer(&mut self, index: usize, account: Account, eval: Evaluation) {
        if self.limit == 0
            || !account.is_customer()
            || !self.matcher.accepts(&account, &eval, || haystack(&account))
        {
            return;
        }
        let first = SortKeys::of(&account, &eval, 0).first(self.key);
        // Behind the worst kept row on the first key alone: out, before
        // its name is lower-cased.
        if let Some(worst) = self.kept.peek().filter(|_| self.kept.len() == self.limit) {
            let order = first.cmp(&worst.first);
            if order
                == if self.reverse {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            {
                return;
            }
        }
        let mut name = String::new();
        name_key(&account.name, &mut name);
        self.push(Candidate {
            first,
            name,
            index,
            account,
            eval,
            reverse: self.reverse,
        });
    }

    fn push(&mut self, c: Candidate) {
        if self.kept.len() == self.limit {
            match self.kept.peek() {
                Some(worst) if c < *worst => {
                    self.kept.pop();
                }
                _ => return,
            }
        }
        self.kept.push(c);
    }

    /// Both tops' rows in one (the same filter, key and limit).
    pub(crate) fn merge(mut self, other: Top<'_>) -> Top<'a> {
        for c in other.kept {
            self.push(c);
        }
        self
    }

    /// The kept rows in watch-list order.
    pub(crate) fn rows(self) -> Vec<(Account, Evaluation)> {
        self.kept
            .into_sorted_vec()
            .into_iter()
            .map(|c| (c.account, c.eval))
            .collect()
    }
}
