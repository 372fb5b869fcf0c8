//! The review's signals as rows of text, built once for both faces (as
//! [`crate::domain::report::WatchItem`] is for the list): the TUI's
//! Signals tab and `orienteer review` lay these out and compute nothing.

use super::model::ModelReview;
use super::signals::Signal;
use super::Review;
use crate::domain::numbers::{auc, lift, p_value, percent};
use crate::domain::text::clean;

/// Below this p-value a signal is called strong; below [`TELLING`], some.
pub(crate) const STRONG: f64 = 0.001;
/// Below this p-value a signal tells churned from renewed accounts.
pub(crate) const TELLING: f64 = 0.05;

/// One signal, as each face shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignalRow {
    /// 1 for the first.
    pub rank: usize,
    pub kind: &'static str,
    /// Safe to print.
    pub label: String,
    pub with: u64,
    pub churn_with: String,
    pub without: u64,
    pub churn_without: String,
    /// `4.8x`, `20x`, `inf` or `-`.
    pub lift: String,
    pub p: String,
    /// How sure, in a word: strong, some, none, too few.
    pub evidence: &'static str,
    /// The p-value is below [`TELLING`].
    pub(crate) telling: bool,
    /// The signals over the same accounts, safe to print; empty if none.
    pub(crate) same_as: String,
}

/// How sure the signal is, in a word.
pub fn evidence(s: &Signal) -> &'static str {
    match s.p_value {
        None => "too few",
        Some(p) if p < STRONG => "strong",
        Some(p) if p < TELLING => "some",
        Some(_) => "none",
    }
}

/// The rows of `review`'s signals, in its order.
pub fn signal_rows(review: &Review) -> Vec<SignalRow> {
    review
        .signals
        .iter()
        .enumerate()
        .map(|(i, s)| signal_row(i + 1, s))
        .collect()
}

/// The row of signal `s`, ranked `rank`.
pub(crate) fn signal_row(rank: usize, s: &Signal) -> SignalRow {
    SignalRow {
        rank,
        kind: s.kind.id(),
        label: clean(&s.label()).into_owned(),
        with: s.with.accounts,
        churn_with: percent(s.churn_rate_with),
        without: s.without.accounts,
        churn_without: percent(s.churn_rate_without),
        lift: lift(s.lift, s.with.churned),
        p: p_value(s.p_value),
        evidence: evidence(s),
        telling: s.p_value.is_some_and(|p| p < TELLING),
        same_as: if s.same_as.is_empty() {
            String::new()
        } else {
            clean(&s.same_as_label()).into_owned()
        },
    }
}

/// What the selected signal says, in a sentence, naming the signals
/// folded into it (the same accounts, or exactly the others).
pub fn explain(s: &Signal) -> String {
    let row = signal_row(0, s);
    let mut out = format!(
        "{}: {} of {} accounts with it churned ({}), {} of {} without ({})",
        row.label,
        s.with.churned,
        s.with.accounts,
        row.churn_with,
        s.without.churned,
        s.without.accounts,
        row.churn_without,
    );
    if !row.same_as.is_empty() {
        out.push_str(&format!("; same accounts as: {}", row.same_as));
    }
    out
}

/// How well the health score told renewed from churned accounts in one
/// stage, as each face shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageRow {
    /// Safe to print.
    pub stage: String,
    pub accounts: usize,
    pub churned: usize,
    /// The configured model's AUC (`0.84`, or `n/a`).
    pub auc: String,
    /// The fitted weights' AUC on accounts left out of the fit.
    pub fitted_auc: String,
    /// The AUC in words.
    pub grade: &'static str,
}

/// AUC in words, for a reader who does not know the measure.
pub(crate) fn grade(a: Option<f64>) -> &'static str {
    match a {
        None => "not enough outcomes to say",
        Some(a) if a >= 0.9 => "excellent",
        Some(a) if a >= 0.8 => "good",
        Some(a) if a >= 0.7 => "fair",
        Some(a) if a > 0.55 => "weak",
        Some(_) => "no better than chance",
    }
}

/// The model's rows, a stage each, in its order.
pub fn stage_rows(model: &ModelReview) -> Vec<StageRow> {
    model
        .per_stage
        .iter()
        .map(|s| StageRow {
            stage: clean(&s.stage).into_owned(),
            accounts: s.accounts,
            churned: s.churned,
            auc: auc(s.auc),
            fitted_auc: auc(s.suggested_auc_cv),
            grade: grade(s.auc),
        })
        .collect()
}
