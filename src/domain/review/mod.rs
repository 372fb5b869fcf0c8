//! The journey review: looking back on the accounts whose renewal outcome
//! is known, to learn which milestones, alerts, indicator levels and
//! health bands told churned accounts from renewed ones, and how good the
//! health model was (DOMAIN.md, "Feedback loop").
//!
//! Each closed account is evaluated as it stood `horizon_days` before its
//! outcome date, through [`lookback::as_it_stood`]: nothing dated after
//! that day counts. Pure and single-threaded; the caller runs it off the
//! UI thread.

pub mod cohort_rows;
pub(crate) mod fit;
pub mod heat_rows;
pub(crate) mod lookback;
pub mod model;
pub mod rows;
pub mod signals;
pub(crate) mod stats;

use crate::domain::account::{Account, Outcome};
use crate::domain::calendar::days_before;
use crate::domain::engine::Engine;
use crate::domain::milestone::MilestoneStatus;
use crate::domain::vocab::{AccountId, Band, StageIx};
use chrono::NaiveDate;
use model::ModelReview;
use serde::Serialize;
use signals::Signal;
use stats::LogFactorials;

/// The default horizon: how long before its outcome a closed account is
/// looked at.
pub const DEFAULT_HORIZON_DAYS: u32 = 90;

/// A closed account as it stood at the horizon: what the review counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Look {
    pub(crate) id: AccountId,
    pub(crate) churned: bool,
    pub(crate) stage: StageIx,
    pub score: Option<f64>,
    pub(crate) band: Band,
    /// Indicator values, 0..100.
    pub(crate) values: [Option<f64>; 5],
    /// Bit `k` set when alert kind `k` (in [`crate::domain::AlertKind`] order) was raised.
    pub(crate) alerts: u32,
    /// Each milestone's status, in model order.
    pub(crate) milestones: Vec<MilestoneStatus>,
}

/// The whole review, as the JSON twin prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub(crate) as_of: NaiveDate,
    pub(crate) horizon_days: u32,
    /// Closed accounts looked back on, by outcome.
    pub renewed: usize,
    pub churned: usize,
    /// Signals, best separating first (see [`signals::analyse`]).
    pub signals: Vec<Signal>,
    pub model: ModelReview,
}

impl Review {
    /// The accounts that showed signal `index` at the horizon (empty for
    /// an index out of range).
    pub fn accounts_for(&self, index: usize) -> &[AccountId] {
        self.signals.get(index).map_or(&[], |s| &s.accounts)
    }
}

/// The day `account` is looked at and the renewal it is looked back on,
/// if its outcome is known by `now`.
pub(crate) fn horizon(
    account: &Account,
    now: NaiveDate,
    horizon_days: u32,
) -> Option<(NaiveDate, NaiveDate)> {
    if account.outcome == Outcome::Open {
        return None;
    }
    let outcome = account.outcome_date.filter(|d| *d <= now)?;
    Some((days_before(outcome, u64::from(horizon_days)), outcome))
}

/// `account` evaluated as it stood at its horizon; `None` for an account
/// whose outcome is not known by `now`.
pub fn look(engine: &Engine, account: &Account, now: NaiveDate, horizon_days: u32) -> Option<Look> {
    let (day, outcome) = horizon(account, now, horizon_days)?;
    let then = lookback::as_it_stood(account, day, outcome);
    let e = engine.evaluate(&then, day);
    let done = engine.completions(&then);
    let milestones = engine
        .milestone_states(&then, &done, day)
        .iter()
        .map(|s| s.status)
        .collect();
    Some(Look {
        id: account.id.clone(),
        churned: account.outcome == Outcome::Churned,
        stage: e.stage,
        score: e.health.score(),
        band: e.health.band,
        values: e.health.now.values,
        alerts: e.alerts.iter().fold(0, |m, a| m | 1 << a.kind() as u32),
        milestones,
    })
}

/// Reviews every account of `accounts` whose outcome is known by `now`.
pub fn review(engine: &Engine, accounts: &[Account], now: NaiveDate, horizon_days: u32) -> Review {
    let looks: Vec<Look> = accounts
        .iter()
        .filter_map(|a| look(engine, a, now, horizon_days))
        .collect();
    from_looks(engine, &looks, now, horizon_days)
}

/// The review of accounts already looked at.
pub fn from_looks(engine: &Engine, looks: &[Look], now: NaiveDate, horizon_days: u32) -> Review {
    let lf = LogFactorials::new(looks.len());
    let churned = looks.iter().filter(|l| l.churned).count();
    Review {
        as_of: now,
        horizon_days,
        renewed: looks.len() - churned,
        churned,
        signals: signals::analyse(engine, looks, &lf),
        model: model::judge(engine, looks, horizon_days),
    }
}

#[cfg(test)]
mod signal_tests;
#[cfg(test)]
mod tests;
