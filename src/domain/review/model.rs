//! "Is the health model right?": how well the health score at the horizon
//! told renewed accounts from churned ones (ROC AUC), overall and per
//! stage, and a suggestion of per-stage weights fitted to the outcomes,
//! judged on accounts it was not fitted to (k-fold cross-validation).

use super::fit::{suggest, Case};
use super::stats::auc;
use super::Look;
use crate::domain::engine::Engine;
use crate::domain::health::combine;
use crate::domain::vocab::Indicator;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Folds of the cross-validation. Account `i` (in input order among the
/// closed accounts of its stage) is in fold `i % FOLDS`.
pub const FOLDS: usize = 5;
/// A stage needs this many closed accounts, and a fold's training part
/// this many of each outcome, for a weight suggestion.
pub const MIN_FIT_ACCOUNTS: usize = 20;
pub const MIN_FIT_EACH: usize = 5;

/// The health model judged on one stage's closed accounts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageModel {
    pub stage: String,
    /// Closed accounts in this stage at the horizon, with a health score.
    pub accounts: usize,
    pub churned: usize,
    /// AUC of the configured weights (1 = the score ranks every renewed
    /// account above every churned one, 0.5 = no better than chance).
    pub auc: Option<f64>,
    pub weights: BTreeMap<&'static str, f64>,
    /// The fitted weights, when there were enough accounts.
    pub suggested: Option<BTreeMap<&'static str, f64>>,
    /// AUC of the fitted weights on held-out accounts.
    pub suggested_auc_cv: Option<f64>,
}

/// The health model judged on all closed accounts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelReview {
    /// AUC of the health score at the horizon, over every stage.
    pub auc: Option<f64>,
    /// Closed accounts with a health score at the horizon.
    pub accounts: usize,
    pub per_stage: Vec<StageModel>,
    /// Stage id -> indicator id -> weight: the suggestion, for the stages
    /// with enough accounts.
    pub suggested_weights: BTreeMap<String, BTreeMap<&'static str, f64>>,
    /// AUC of the suggestion on held-out accounts (each scored by weights
    /// fitted without it), over every stage; the configured weights where
    /// a stage had no suggestion.
    pub suggested_auc_cv: Option<f64>,
    /// The suggestion as `[health.weights.STAGE]` tables to paste into the
    /// config; empty without one.
    pub toml: String,
    /// What the suggestion is and how sure it is, in one sentence.
    pub label: String,
}

fn named(w: [f64; 5]) -> BTreeMap<&'static str, f64> {
    Indicator::ALL.iter().map(|i| i.id()).zip(w).collect()
}

/// The score `values` get with `weights`, as the engine rounds it.
fn score(values: [Option<f64>; 5], weights: [f64; 5]) -> Option<f64> {
    combine(values, weights).score.map(f64::round)
}

/// A score (if any) and whether the account churned.
type Scored = (Option<f64>, bool);

/// Renewed is the positive case: a higher score should mean renewal.
fn auc_of(cases: impl Iterator<Item = Scored>) -> Option<f64> {
    let mut v: Vec<(f64, bool)> = cases.filter_map(|(s, c)| Some((s?, !c))).collect();
    auc(&mut v)
}

/// Judges the model on `looks` (closed accounts as they stood at the horizon).
pub fn judge(engine: &Engine, looks: &[Look]) -> ModelReview {
    let scored: Vec<&Look> = looks.iter().filter(|l| l.score.is_some()).collect();
    let overall = auc_of(scored.iter().map(|l| (l.score, l.churned)));
    let mut per_stage = Vec::new();
    let mut held_out: Vec<Scored> = Vec::new();
    let mut suggested_weights = BTreeMap::new();
    for stage in engine.stages() {
        let here: Vec<&Look> = scored
            .iter()
            .copied()
            .filter(|l| l.stage == stage)
            .collect();
        if here.is_empty() {
            continue;
        }
        let current = engine.weights(stage);
        let (suggested, cv) = cross_validate(&here, current);
        held_out.extend(cv.iter().copied());
        let id = engine.stage(stage).id.to_string();
        if let Some(w) = suggested {
            suggested_weights.insert(id.clone(), named(w));
        }
        per_stage.push(StageModel {
            stage: id,
            accounts: here.len(),
            churned: here.iter().filter(|l| l.churned).count(),
            auc: auc_of(here.iter().map(|l| (l.score, l.churned))),
            weights: named(current),
            suggested: suggested.map(named),
            suggested_auc_cv: suggested.and_then(|_| auc_of(cv.into_iter())),
        });
    }
    let suggested_auc_cv = auc_of(held_out.into_iter());
    let toml = toml(&suggested_weights);
    let label = label(scored.len(), overall, suggested_auc_cv, &suggested_weights);
    ModelReview {
        auc: overall,
        accounts: scored.len(),
        per_stage,
        suggested_weights,
        suggested_auc_cv,
        toml,
        label,
    }
}

/// The weights fitted to all of `looks`, and each look's score under
/// weights fitted to the other folds (the current weights where a fold
/// had too few accounts to fit).
fn cross_validate(looks: &[&Look], current: [f64; 5]) -> (Option<[f64; 5]>, Vec<Scored>) {
    let cases: Vec<Case> = looks.iter().map(|l| (l.values, l.churned)).collect();
    let enough = |c: &[&Case]| {
        let churned = c.iter().filter(|c| c.1).count();
        c.len() >= MIN_FIT_ACCOUNTS && churned >= MIN_FIT_EACH && c.len() - churned >= MIN_FIT_EACH
    };
    let all: Vec<&Case> = cases.iter().collect();
    if !enough(&all) {
        let same = cases.iter().map(|c| (score(c.0, current), c.1)).collect();
        return (None, same);
    }
    let mut out = vec![(None, false); cases.len()];
    for fold in 0..FOLDS {
        let train: Vec<&Case> = cases
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS != fold)
            .map(|(_, c)| c)
            .collect();
        let w = enough(&train)
            .then(|| suggest(&train))
            .flatten()
            .unwrap_or(current);
        for (i, c) in cases.iter().enumerate().filter(|(i, _)| i % FOLDS == fold) {
            out[i] = (score(c.0, w), c.1);
        }
    }
    (suggest(&all), out)
}

/// `[health.weights.STAGE]` tables, as the config file takes them.
pub fn toml(weights: &BTreeMap<String, BTreeMap<&'static str, f64>>) -> String {
    let mut out = String::new();
    for (stage, w) in weights {
        let _ = writeln!(out, "[health.weights.{stage}]");
        for ind in Indicator::ALL {
            let _ = writeln!(out, "{} = {:.2}", ind.id(), w[ind.id()]);
        }
    }
    out
}

fn label(
    accounts: usize,
    current: Option<f64>,
    suggested: Option<f64>,
    weights: &BTreeMap<String, BTreeMap<&'static str, f64>>,
) -> String {
    let f = |a: Option<f64>| a.map_or("n/a".to_string(), |a| format!("{a:.2}"));
    if weights.is_empty() {
        return format!(
            "No suggestion: too few closed accounts with a health score ({accounts}); \
             current AUC {}",
            f(current)
        );
    }
    format!(
        "A suggestion fitted to {accounts} closed accounts: cross-validated AUC {} vs current {}",
        f(suggested),
        f(current)
    )
}
