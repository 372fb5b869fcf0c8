//! Signal analysis: for every milestone condition, alert, low indicator
//! and health band, how churn differed between the closed accounts that
//! showed it at the horizon and those that did not.

use super::stats::{fisher_two_sided, lift, rate, smoothed_log_lift, LogFactorials, Table};
use super::Look;
use crate::domain::engine::Engine;
use crate::domain::milestone::MilestoneStatus;
use crate::domain::vocab::{AccountId, AlertKind, Band, Indicator, MilestoneIx};
use serde::Serialize;
use std::cmp::Ordering;

/// Fewer accounts than this with, or without, a signal: too few to say.
pub const MIN_ACCOUNTS: u64 = 5;

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
    pub fn id(self) -> &'static str {
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
    pub churned: u64,
}

impl Counts {
    pub fn churn_rate(&self) -> Option<f64> {
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
    pub without: Counts,
    pub churn_rate_with: Option<f64>,
    pub churn_rate_without: Option<f64>,
    /// Churn rate with / without; `null` when it has no finite value.
    pub lift: Option<f64>,
    /// Two-sided Fisher exact test; `null` when too few accounts.
    pub p_value: Option<f64>,
    /// Fewer than [`MIN_ACCOUNTS`] accounts with or without the signal.
    pub too_few: bool,
    /// The accounts that showed the signal, in input order.
    #[serde(skip)]
    pub accounts: Vec<AccountId>,
}

impl Signal {
    /// The signal as a person reads it: "first_value late".
    pub fn label(&self) -> String {
        format!("{} {}", self.id, self.condition)
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

/// Every signal that at least one closed account showed, ranked: first
/// those with enough accounts, by p-value (smallest first), then by the
/// size of the effect (|ln lift|, with half an account added to every cell
/// so a zero does not make it infinite), then by kind, id and condition;
/// then the ones with too few accounts, by the size of the effect.
pub fn analyse(engine: &Engine, looks: &[Look], lf: &LogFactorials) -> Vec<Signal> {
    let total = Counts {
        accounts: looks.len() as u64,
        churned: looks.iter().filter(|l| l.churned).count() as u64,
    };
    let mut out: Vec<Signal> = candidates(engine)
        .into_iter()
        .filter_map(|c| {
            let mut with = Counts::default();
            let mut accounts = Vec::new();
            for l in looks.iter().filter(|l| (c.test)(l)) {
                with.accounts += 1;
                with.churned += u64::from(l.churned);
                accounts.push(l.id.clone());
            }
            (with.accounts > 0).then(|| {
                let without = Counts {
                    accounts: total.accounts - with.accounts,
                    churned: total.churned - with.churned,
                };
                signal(c, with, without, accounts, lf)
            })
        })
        .collect();
    out.sort_by(rank);
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
        accounts,
    }
}

fn effect(s: &Signal) -> f64 {
    smoothed_log_lift(table(s.with, s.without)).abs()
}

fn rank(x: &Signal, y: &Signal) -> Ordering {
    let p = |s: &Signal| s.p_value.unwrap_or(f64::INFINITY);
    x.too_few
        .cmp(&y.too_few)
        .then_with(|| p(x).total_cmp(&p(y)))
        .then_with(|| effect(y).total_cmp(&effect(x)))
        .then_with(|| (x.kind, &x.id, &x.condition).cmp(&(y.kind, &y.id, &y.condition)))
}
