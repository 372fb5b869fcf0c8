//! Early warning: what changed since the last look. Every customer is
//! evaluated as it stood on `since` (the engine counts only data dated on
//! or before that day: metric readings, milestone completions, events, a
//! dated stage) and as it stands now; an account that dropped a band, or
//! newly raised a critical alert, or whose snooze woke
//! ([`crate::domain::snooze`]), is a change; a critical alert a snooze
//! holds is no news. Critical first.

use crate::domain::account::Account;
use crate::domain::engine::Engine;
use crate::domain::evaluate::Evaluation;
use crate::domain::snooze::Woken;
use crate::domain::vocab::{AlertKind, Band, Severity};
use chrono::NaiveDate;
use serde::Serialize;

/// One account that needs a new look.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Where the account is in the portfolio it came from.
    #[serde(skip)]
    pub(crate) index: usize,
    pub id: String,
    pub(crate) name: String,
    pub(crate) owner: Option<String>,
    pub(crate) arr: Option<f64>,
    pub band_before: Band,
    pub band_now: Band,
    /// Bands dropped (good to poor is 2); 0 when the band held or rose.
    pub bands_dropped: u8,
    /// Critical alerts raised now that were not on `since`.
    pub new_critical: Vec<AlertKind>,
    /// Snoozed alerts that woke since `since`: worse, more severe, or
    /// their date came.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub woken: Vec<Woken>,
    /// The change in a few words: "new: champion left · good → poor".
    pub reason: String,
}

/// The changes since `since`, most urgent first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changes {
    pub(crate) since: NaiveDate,
    pub(crate) as_of: NaiveDate,
    pub changes: Vec<Change>,
}

/// Higher is healthier; `None` for no data (never a drop).
pub(crate) fn rank(band: Band) -> Option<u8> {
    match band {
        Band::Poor => Some(0),
        Band::Average => Some(1),
        Band::Good => Some(2),
        Band::Unknown => None,
    }
}

/// The kinds of `eval`'s critical alerts; with `snoozed`, those a snooze
/// holds too (an alert snoozed then was there, news now only if it woke).
fn critical(eval: &Evaluation, snoozed: bool) -> Vec<AlertKind> {
    let mut kinds: Vec<AlertKind> = eval
        .alerts
        .iter()
        .filter(|a| a.severity == Severity::Critical && (snoozed || !a.is_snoozed()))
        .map(|a| a.kind())
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// What changed for one account between its evaluations on `since`
/// (`before`) and now (`now`); `None` when nothing that matters did.
pub(crate) fn compare(
    index: usize,
    account: &Account,
    before: &Evaluation,
    now: &Evaluation,
) -> Option<Change> {
    let (band_before, band_now) = (before.health.band, now.health.band);
    let bands_dropped = match (rank(band_before), rank(band_now)) {
        (Some(b), Some(n)) => b.saturating_sub(n),
        _ => 0,
    };
    let was = critical(before, true);
    let woken = woken_since(before, now);
    // A snooze that woke is news as such, not also as a new alert.
    let new_critical: Vec<AlertKind> = critical(now, false)
        .into_iter()
        .filter(|k| !was.contains(k) && !woken.iter().any(|w| w.alert == *k))
        .collect();
    if bands_dropped == 0 && new_critical.is_empty() && woken.is_empty() {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    if !new_critical.is_empty() {
        let labels: Vec<&str> = new_critical.iter().map(|k| k.label()).collect();
        parts.push(format!("new: {}", labels.join(", ")));
    }
    if bands_dropped > 0 {
        parts.push(format!("{} → {}", band_before.id(), band_now.id()));
    }
    parts.extend(woken.iter().map(|w| w.text.clone()));
    Some(Change {
        index,
        id: account.id.to_string(),
        name: account.name.clone(),
        owner: account.owner.clone(),
        arr: account.arr,
        band_before,
        band_now,
        bands_dropped,
        new_critical,
        woken,
        reason: parts.join(" · "),
    })
}

/// The snoozes woken as of `now` that had not woken as of `before`: each
/// wake is news once, on the first day it is seen (a snooze made after
/// `before` that already woke is news too).
fn woken_since(before: &Evaluation, now: &Evaluation) -> Vec<Woken> {
    let woke_before = |kind: AlertKind| {
        before
            .alerts
            .iter()
            .any(|a| a.kind() == kind && a.snooze.as_ref().is_some_and(|m| !m.holds()))
    };
    now.alerts
        .iter()
        .filter_map(Woken::of)
        .filter(|w| !woke_before(w.alert))
        .collect()
}

/// Builds [`Changes`] one account at a time.
pub struct ChangesBuilder {
    since: NaiveDate,
    now: NaiveDate,
    changes: Vec<Change>,
}

impl ChangesBuilder {
    /// Changes between `since` and `now` (`since` is clamped to `now`).
    pub(crate) fn new(since: NaiveDate, now: NaiveDate) -> ChangesBuilder {
        ChangesBuilder {
            since: since.min(now),
            now,
            changes: Vec::new(),
        }
    }

    /// Adds the account at `index`, with its evaluation as of `now`.
    /// Churned accounts are left out.
    pub(crate) fn add(
        &mut self,
        engine: &Engine,
        index: usize,
        account: &Account,
        now: &Evaluation,
    ) {
        if !account.is_customer() {
            return;
        }
        let before = engine.evaluate(account, self.since);
        self.changes.extend(compare(index, account, &before, now));
    }

    /// The changes, most urgent first: new critical alerts, then the
    /// larger drop, then the larger ARR, then by name.
    pub(crate) fn finish(mut self) -> Changes {
        self.changes.sort_by(|a, b| {
            b.new_critical
                .len()
                .cmp(&a.new_critical.len())
                .then(b.woken.len().cmp(&a.woken.len()))
                .then(b.bands_dropped.cmp(&a.bands_dropped))
                .then_with(|| {
                    let arr = |c: &Change| c.arr.filter(|a| a.is_finite()).unwrap_or(0.0);
                    arr(b).total_cmp(&arr(a))
                })
                .then_with(|| a.name.cmp(&b.name))
        });
        Changes {
            since: self.since,
            as_of: self.now,
            changes: self.changes,
        }
    }
}

/// The changes of `accounts` (with `evals[i]` the evaluation of
/// `accounts[i]` as of `now`) since `since`.
pub fn changes(
    engine: &Engine,
    accounts: &[Account],
    evals: &[Evaluation],
    since: NaiveDate,
    now: NaiveDate,
) -> Changes {
    let mut b = ChangesBuilder::new(since, now);
    for (i, (a, e)) in accounts.iter().zip(evals).enumerate() {
        b.add(engine, i, a, e);
    }
    b.finish()
}
