//! Signal analysis: for every milestone condition, alert, low indicator
//! and health band, how churn differed between the closed accounts that
//! showed it at the horizon and those that did not.
//!
//! Signals that split the closed accounts exactly alike (the same accounts
//! with them, or exactly the others) are one finding, not several: they
//! are folded into the one with the stronger name (see [`analyse`]).

use super::stats::{fisher_two_sided, lift, rate, smoothed_log_lift, LogFactorials, Table};
use super::Look;
use crate::domain::engine::Engine;
use crate::domain::milestone::MilestoneStatus;
use crate::domain::vocab::{AccountId, AlertKind, Band, Indicator, MilestoneIx};
use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::collections::HashMap;

/// Fewer accounts than this with, or without, a signal: too few to say.
pub(crate) const MIN_ACCOUNTS: u64 = 5;

/// What kind of thing a signal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    Milestone,
    Alert,
    Indicator,
    Band,
}

impl SignalKind {
    pub(crate) fn id(self) -> &'static str {
        match self {
            SignalKind::Milestone => "milestone",
            SignalKind::Alert => "alert",
            SignalKind::Indicator => "indicator",
            SignalKind::Band => "band",
        }
    }
}

/// Accounts on one side of a signal, and how many of them churned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub accounts: u64,
    pub(crate) churned: u64,
}

impl Counts {
    pub(crate) fn churn_rate(&self) -> Option<f64> {
        rate(self.churned, self.accounts)
    }
}

/// One signal and how well it told churned from renewed accounts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signal {
    pub kind: SignalKind,
    /// The milestone, alert kind, indicator or band id.
    pub id: String,
    /// `on_time`, `late` or `missed` (milestones), `raised` (alerts),
    /// `low` (indicators), the band's id (bands).
    pub condition: String,
    pub with: Counts,
    pub(crate) without: Counts,
    pub(crate) churn_rate_with: Option<f64>,
    pub(crate) churn_rate_without: Option<f64>,
    /// Churn rate with / without; `null` when it has no finite value.
    pub lift: Option<f64>,
    /// Two-sided Fisher exact test; `null` when too few accounts.
    pub p_value: Option<f64>,
    /// Fewer than [`MIN_ACCOUNTS`] accounts with or without the signal.
    pub(crate) too_few: bool,
    /// Signals folded into this one because they split the closed
    /// accounts exactly alike: the same accounts, or (`not ...`) exactly
    /// the accounts without this one. In the JSON, strings such as
    /// `"milestone first_value missed"` or `"not milestone first_value on_time"`.
    pub(crate) same_as: Vec<Folded>,
    /// The accounts that showed the signal, in input order.
    #[serde(skip)]
    pub(crate) accounts: Vec<AccountId>,
}

impl Signal {
    /// The signal as a person reads it: "first_value late".
    pub fn label(&self) -> String {
        format!("{} {}", self.id, self.condition)
    }

    /// Whether churn was likelier with the signal than without it (a lift
    /// above 1, an infinite one included): a risk, not a protection.
    pub(crate) fn is_risk(&self) -> bool {
        match (self.churn_rate_with, self.churn_rate_without) {
            (Some(with), Some(without)) => with > without,
            _ => false,
        }
    }

    /// The folded signals as a person reads them:
    /// "kickoff missed, not first_value on_time"; empty when none.
    pub(crate) fn same_as_label(&self) -> String {
        let labels: Vec<String> = self.same_as.iter().map(Folded::label).collect();
        labels.join(", ")
    }
}

/// A signal folded into another because it splits the closed accounts
/// exactly alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Folded {
    pub(crate) kind: SignalKind,
    pub(crate) id: String,
    pub(crate) condition: String,
    /// Its accounts are exactly those without the signal it is folded
    /// into (its mirror), rather than the same ones.
    pub(crate) complement: bool,
}

impl Folded {
    fn not(&self) -> &'static str {
        if self.complement {
            "not "
        } else {
            ""
        }
    }

    /// "first_value missed", or "not first_value on_time" for a mirror.
    pub(crate) fn label(&self) -> String {
        format!("{}{} {}", self.not(), self.id, self.condition)
    }
}

impl Serialize for Folded {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let name = format!(
            "{}{} {} {}",
            self.not(),
            self.kind.id(),
            self.id,
            self.condition
        );
        s.serialize_str(&name)
    }
}

/// A candidate signal: its name and whether a look shows it.
struct Candidate<'e> {
    kind: SignalKind,
    id: String,
    condition: String,
    test: Box<dyn Fn(&Look) -> bool + 'e>,
}

fn candidates<'e>(engine: &'e Engine) -> Vec<Candidate<'e>> {
    let mut out = Vec::new();
    let conditions = [
        ("on_time", MilestoneStatus::Done),
        ("late", MilestoneStatus::DoneLate),
        ("missed", MilestoneStatus::Overdue),
    ];
    // A milestone the book cannot record tells nothing: left out.
    let tracked = engine
        .model
        .milestones
        .iter()
        .enumerate()
        .filter(|(i, _)| engine.is_tracked(MilestoneIx::new(*i)));
    for (i, m) in tracked {
        for (condition, status) in conditions {
            out.push(Candidate {
                kind: SignalKind::Milestone,
                id: m.id.to_string(),
                condition: condition.into(),
                test: Box::new(move |l: &Look| l.milestones[i] == status),
            });
        }
    }
    for &kind in AlertKind::ALL {
        out.push(Candidate {
            kind: SignalKind::Alert,
            id: kind.id().into(),
            condition: "raised".into(),
            test: Box::new(move |l: &Look| l.alerts & (1 << kind as u32) != 0),
        });
    }
    let low = engine.model.health.bands.average;
    for (i, ind) in Indicator::ALL.iter().enumerate() {
        out.push(Candidate {
            kind: SignalKind::Indicator,
            id: ind.id().into(),
            condition: "low".into(),
            test: Box::new(move |l: &Look| l.values[i].is_some_and(|v| v < low)),
        });
    }
    for band in Band::LISTED {
        out.push(Candidate {
            kind: SignalKind::Band,
            id: "health".into(),
            condition: band.id().into(),
            test: Box::new(move |l: &Look| l.band == band),
        });
    }
    out
}

/// Every signal that at least one closed account showed, mirrors folded,
/// ranked: first those with enough accounts, by p-value (smallest first;
/// p-values equal to nine places count as equal), then risks (churn
/// likelier with the signal) before protections, then by the size of the
/// effect (|ln lift|, with half an account added to every cell so a zero
/// does not make it infinite), then by kind, id and condition; then the
/// ones with too few accounts, by the same rules.
///
/// Signals whose accounts are the same, or exactly the complement of each
/// other, are folded into one: the kept one lists the others in
/// [`Signal::same_as`]. The kept one is the one with the stronger name: a
/// risk over a protection (its mirror), then the earlier kind (a
/// milestone, then an alert, an indicator, a band: the more specific
/// first), then the earlier in the model (the first milestone of the
/// journey, the alert kinds' order).
pub(crate) fn analyse(engine: &Engine, looks: &[Look], lf: &LogFactorials) -> Vec<Signal> {
    let total = Counts {
        accounts: looks.len() as u64,
        churned: looks.iter().filter(|l| l.churned).count() as u64,
    };
    let found: Vec<(Signal, Vec<u64>)> = candidates(engine)
        .into_iter()
        .filter_map(|c| {
            let mut with = Counts::default();
            let mut accounts = Vec::new();
            let mut bits = vec![0u64; looks.len().div_ceil(64)];
            for (i, l) in looks.iter().enumerate().filter(|(_, l)| (c.test)(l)) {
                with.accounts += 1;
                with.churned += u64::from(l.churned);
                accounts.push(l.id.clone());
                bits[i / 64] |= 1 << (i % 64);
            }
            (with.accounts > 0).then(|| {
                let without = Counts {
                    accounts: total.accounts - with.accounts,
                    churned: total.churned - with.churned,
                };
                (signal(c, with, without, accounts, lf), bits)
            })
        })
        .collect();
    let mut out = fold(found, looks.len());
    out.sort_by(rank);
    out
}

/// The signals with mirrors and twins folded into the stronger-named one
/// (`found` is in candidate order, which is the order of kinds and of the
/// model), each with the accounts that showed it as bits.
fn fold(found: Vec<(Signal, Vec<u64>)>, n: usize) -> Vec<Signal> {
    // A split is known by its accounts or their complement, whichever
    // leaves out the first account.
    let flipped: Vec<bool> = found
        .iter()
        .map(|(_, bits)| bits.first().is_some_and(|w| w & 1 == 1))
        .collect();
    let mut groups: HashMap<Vec<u64>, Vec<usize>> = HashMap::new();
    let mut signals = Vec::with_capacity(found.len());
    for (i, (s, bits)) in found.into_iter().enumerate() {
        let key = if flipped[i] {
            complement(&bits, n)
        } else {
            bits
        };
        groups.entry(key).or_default().push(i);
        signals.push(s);
    }
    let mut keeper: Vec<usize> = (0..signals.len()).collect();
    for members in groups.values() {
        // Risks first, then candidate order (the order of `members`).
        let keep = members
            .iter()
            .copied()
            .find(|&i| signals[i].is_risk())
            .unwrap_or(members[0]);
        for &i in members {
            keeper[i] = keep;
        }
    }
    let mut same_as: Vec<Vec<Folded>> = vec![Vec::new(); signals.len()];
    for (i, s) in signals.iter().enumerate() {
        let k = keeper[i];
        if k != i {
            same_as[k].push(Folded {
                kind: s.kind,
                id: s.id.clone(),
                condition: s.condition.clone(),
                complement: flipped[i] != flipped[k],
            });
        }
    }
    signals
        .into_iter()
        .zip(same_as)
        .enumerate()
        .filter(|(i, _)| keeper[*i] == *i)
        .map(|(_, (mut s, same))| {
            s.same_as = same;
            s
        })
        .collect()
}

/// The accounts of `bits` that are not set, over `n` accounts.
fn complement(bits: &[u64], n: usize) -> Vec<u64> {
    let mut out: Vec<u64> = bits.iter().map(|w| !w).collect();
    if n % 64 != 0 {
        if let Some(last) = out.last_mut() {
            *last &= (1u64 << (n % 64)) - 1;
        }
    }
    out
}

fn table(with: Counts, without: Counts) -> Table {
    Table {
        a: with.churned,
        b: with.accounts - with.churned,
        c: without.churned,
        d: without.accounts - without.churned,
    }
}

fn signal(
    c: Candidate,
    with: Counts,
    without: Counts,
    accounts: Vec<AccountId>,
    lf: &LogFactorials,
) -> Signal {
    let t = table(with, without);
    let too_few = with.accounts < MIN_ACCOUNTS || without.accounts < MIN_ACCOUNTS;
    Signal {
        kind: c.kind,
        id: c.id,
        condition: c.condition,
        with,
        without,
        churn_rate_with: with.churn_rate(),
        churn_rate_without: without.churn_rate(),
        lift: lift(t),
        p_value: (!too_few).then(|| fisher_two_sided(t, lf)),
        too_few,
        same_as: Vec::new(),
        accounts,
    }
}

fn effect(s: &Signal) -> f64 {
    smoothed_log_lift(table(s.with, s.without)).abs()
}

/// A p-value to compare by: its logarithm to nine places, so that two
/// tables of equal evidence whose sums rounded apart still tie.
fn evidence(s: &Signal) -> f64 {
    s.p_value.map_or(f64::INFINITY, |p| (p.ln() * 1e9).round())
}

fn rank(x: &Signal, y: &Signal) -> Ordering {
    x.too_few
        .cmp(&y.too_few)
        .then_with(|| evidence(x).total_cmp(&evidence(y)))
        .then_with(|| y.is_risk().cmp(&x.is_risk()))
        .then_with(|| effect(y).total_cmp(&effect(x)))
        .then_with(|| (x.kind, &x.id, &x.condition).cmp(&(y.kind, &y.id, &y.condition)))
}
