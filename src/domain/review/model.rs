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
pub(crate) const FOLDS: usize = 5;
/// A stage needs this many closed accounts, and a fold's training part
/// this many of each outcome, for a weight suggestion.
pub(crate) const MIN_FIT_ACCOUNTS: usize = 20;
pub(crate) const MIN_FIT_EACH: usize = 5;

/// The health model judged on one stage's closed accounts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct StageModel {
    pub(crate) stage: String,
    /// Closed accounts in this stage at the horizon, with a health score.
    pub(crate) accounts: usize,
    pub(crate) churned: usize,
    /// AUC of the configured weights (1 = the score ranks every renewed
    /// account above every churned one, 0.5 = no better than chance).
    pub(crate) auc: Option<f64>,
    pub(crate) weights: BTreeMap<&'static str, f64>,
    /// The fitted weights, when there were enough accounts.
    pub(crate) suggested: Option<BTreeMap<&'static str, f64>>,
    /// AUC of the fitted weights on held-out accounts.
    pub(crate) suggested_auc_cv: Option<f64>,
}

/// Why the review offers no weights to paste.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoSuggestion {
    /// No closed account (no renewal outcome known yet).
    NoClosedAccounts,
    /// Closed accounts, but none with a health score as it stood at the
    /// horizon: the source keeps too little history.
    NoScoreAtHorizon,
    /// Too few closed accounts with a score in every stage to fit weights.
    TooFew,
    /// Neither the current weights nor a fit predict churn (both
    /// cross-validated and current AUC under [`USEFUL_AUC`]).
    NearChance,
    /// A fit does no better than the current weights by more than the
    /// noise of the cross-validation (see [`judge`]).
    NoBetter,
}

/// Below this AUC a score is too near chance (0.5) to act on.
pub(crate) const USEFUL_AUC: f64 = 0.6;
/// The least gain over the current weights that can count, whatever the
/// folds say: the precision an AUC is shown with.
pub(crate) const MIN_GAIN: f64 = 0.01;

/// The health model judged on all closed accounts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelReview {
    /// AUC of the health score at the horizon, over every stage.
    pub auc: Option<f64>,
    /// Closed accounts with a health score at the horizon.
    pub accounts: usize,
    pub(crate) per_stage: Vec<StageModel>,
    /// Stage id -> indicator id -> weight: the suggestion, for the stages
    /// with enough accounts; `None` when it is withheld (see `reason`).
    pub suggested_weights: Option<BTreeMap<String, BTreeMap<&'static str, f64>>>,
    /// AUC of the fit on held-out accounts (each scored by weights fitted
    /// without it), over every stage; the configured weights where a stage
    /// had too few accounts to fit. Given even when the suggestion is
    /// withheld, so the reason can be checked.
    pub suggested_auc_cv: Option<f64>,
    /// The noise of that comparison: the standard deviation, over the
    /// folds, of (fit's AUC - current AUC) on the fold's held-out
    /// accounts. `None` with fewer than two folds that have both outcomes.
    pub noise: Option<f64>,
    /// The suggestion as `[health.weights.STAGE]` tables to paste into the
    /// config; empty without one.
    pub toml: String,
    /// Why there is no suggestion; `None` when there is one.
    pub reason: Option<NoSuggestion>,
    /// What the suggestion is and how sure it is, or why there is none and
    /// what would help, in one sentence.
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

/// A closed account held out of the fit: its score under weights fitted
/// without it, its score under the current weights, whether it churned,
/// and its fold.
#[derive(Debug, Clone, Copy)]
struct HeldOut {
    fitted: Option<f64>,
    current: Option<f64>,
    churned: bool,
    fold: usize,
}

/// Renewed is the positive case: a higher score should mean renewal.
fn auc_of(cases: impl Iterator<Item = Scored>) -> Option<f64> {
    let mut v: Vec<(f64, bool)> = cases.filter_map(|(s, c)| Some((s?, !c))).collect();
    auc(&mut v)
}

/// Judges the model on `looks` (closed accounts as they stood
/// `horizon_days` before their outcome).
///
/// A suggestion is offered only when it earns it: its cross-validated AUC
/// is at least [`USEFUL_AUC`] and beats the current weights' AUC by more
/// than the noise, the larger of [`MIN_GAIN`] and the standard deviation
/// over the folds of the per-fold gain (fit's AUC - current AUC on the
/// fold's held-out accounts). With fewer than two folds to measure that
/// spread, the gain cannot be told from noise and no suggestion is made.
pub(crate) fn judge(engine: &Engine, looks: &[Look], horizon_days: u32) -> ModelReview {
    let scored: Vec<&Look> = looks.iter().filter(|l| l.score.is_some()).collect();
    let overall = auc_of(scored.iter().map(|l| (l.score, l.churned)));
    let mut per_stage = Vec::new();
    let mut held_out: Vec<HeldOut> = Vec::new();
    let mut fitted = BTreeMap::new();
    // Whether any stage had enough accounts to fit weights to.
    let mut enough = false;
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
        let (fit, cv) = cross_validate(&here, current);
        enough |= fit.is_some();
        let suggested = fit.flatten();
        let id = engine.stage(stage).id.to_string();
        if let Some(w) = suggested {
            fitted.insert(id.clone(), named(w));
        }
        per_stage.push(StageModel {
            stage: id,
            accounts: here.len(),
            churned: here.iter().filter(|l| l.churned).count(),
            auc: auc_of(here.iter().map(|l| (l.score, l.churned))),
            weights: named(current),
            suggested: suggested.map(named),
            suggested_auc_cv: suggested
                .and_then(|_| auc_of(cv.iter().map(|h| (h.fitted, h.churned)))),
        });
        held_out.extend(cv);
    }
    let cv = auc_of(held_out.iter().map(|h| (h.fitted, h.churned)));
    let noise = fold_noise(&held_out);
    let reason = if looks.is_empty() {
        Some(NoSuggestion::NoClosedAccounts)
    } else if scored.is_empty() {
        Some(NoSuggestion::NoScoreAtHorizon)
    } else if !enough {
        Some(NoSuggestion::TooFew)
    } else if fitted.is_empty() {
        // No indicator went with less churn anywhere: nothing to weigh.
        withheld(overall, None, noise)
    } else {
        withheld(overall, cv, noise)
    };
    if reason.is_some() {
        for s in &mut per_stage {
            s.suggested = None;
        }
    }
    let suggested_weights = reason.is_none().then_some(fitted);
    let toml = suggested_weights.as_ref().map_or(String::new(), toml);
    let label = label(&Judged {
        accounts: scored.len(),
        current: overall,
        cv,
        noise,
        reason,
        horizon_days,
    });
    ModelReview {
        auc: overall,
        accounts: scored.len(),
        per_stage,
        suggested_weights,
        suggested_auc_cv: cv,
        noise,
        toml,
        reason,
        label,
    }
}

/// Why a fit with cross-validated AUC `cv` is not worth suggesting over
/// the current weights (AUC `current`), if it is not.
fn withheld(current: Option<f64>, cv: Option<f64>, noise: Option<f64>) -> Option<NoSuggestion> {
    let useful = |a: Option<f64>| a.is_some_and(|a| a >= USEFUL_AUC);
    if !useful(cv) {
        return Some(if useful(current) {
            NoSuggestion::NoBetter
        } else {
            NoSuggestion::NearChance
        });
    }
    let (Some(cv), Some(noise)) = (cv, noise) else {
        return Some(NoSuggestion::NoBetter);
    };
    let gain = cv - current.unwrap_or(0.5);
    (gain <= noise.max(MIN_GAIN)).then_some(NoSuggestion::NoBetter)
}

/// The standard deviation over the folds of the fit's gain in AUC on the
/// fold's held-out accounts; `None` with fewer than two folds that have
/// both outcomes.
fn fold_noise(held_out: &[HeldOut]) -> Option<f64> {
    let gains: Vec<f64> = (0..FOLDS)
        .filter_map(|f| {
            let here = || held_out.iter().filter(move |h| h.fold == f);
            let fit = auc_of(here().map(|h| (h.fitted, h.churned)))?;
            let now = auc_of(here().map(|h| (h.current, h.churned)))?;
            Some(fit - now)
        })
        .collect();
    if gains.len() < 2 {
        return None;
    }
    let n = gains.len() as f64;
    let mean = gains.iter().sum::<f64>() / n;
    let var = gains.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / (n - 1.0);
    Some(var.sqrt())
}

/// The weights fitted to all of `looks` (`None` when there are too few
/// to fit; `Some(None)` when no indicator went with less churn), and each
/// look held out: scored by weights fitted to the other folds (the current
/// weights where a fold had too few accounts to fit or its fit found
/// nothing, or the stage too few to fit at all).
fn cross_validate(looks: &[&Look], current: [f64; 5]) -> (Option<Option<[f64; 5]>>, Vec<HeldOut>) {
    let cases: Vec<Case> = looks.iter().map(|l| (l.values, l.churned)).collect();
    let enough = |c: &[&Case]| {
        let churned = c.iter().filter(|c| c.1).count();
        c.len() >= MIN_FIT_ACCOUNTS && churned >= MIN_FIT_EACH && c.len() - churned >= MIN_FIT_EACH
    };
    let held = |i: usize, w: [f64; 5]| HeldOut {
        fitted: score(cases[i].0, w),
        current: looks[i].score,
        churned: cases[i].1,
        fold: i % FOLDS,
    };
    let all: Vec<&Case> = cases.iter().collect();
    if !enough(&all) {
        return (None, (0..cases.len()).map(|i| held(i, current)).collect());
    }
    let mut out = Vec::with_capacity(cases.len());
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
        out.extend((fold..cases.len()).step_by(FOLDS).map(|i| held(i, w)));
    }
    (Some(suggest(&all)), out)
}

/// `[health.weights.STAGE]` tables, as the config file takes them.
pub(crate) fn toml(weights: &BTreeMap<String, BTreeMap<&'static str, f64>>) -> String {
    let mut out = String::new();
    for (stage, w) in weights {
        let _ = writeln!(out, "[health.weights.{stage}]");
        for ind in Indicator::ALL {
            let _ = writeln!(out, "{} = {:.2}", ind.id(), w[ind.id()]);
        }
    }
    out
}

/// What [`label`] says a judgement is from.
struct Judged {
    accounts: usize,
    current: Option<f64>,
    cv: Option<f64>,
    noise: Option<f64>,
    reason: Option<NoSuggestion>,
    horizon_days: u32,
}

fn label(j: &Judged) -> String {
    let f = |a: Option<f64>| a.map_or("n/a".to_string(), |a| format!("{a:.2}"));
    // The noise a gain must beat, at least the precision shown.
    let noise = f(j.noise.map(|n| n.max(MIN_GAIN)));
    let (accounts, current, cv) = (j.accounts, f(j.current), f(j.cv));
    match j.reason {
        None => format!(
            "A suggestion fitted to {accounts} closed accounts: cross-validated AUC {cv} \
             vs current {current}, better by more than the folds' noise ({noise})"
        ),
        Some(NoSuggestion::NoClosedAccounts) => {
            "No suggestion: no closed accounts to learn from, no renewal outcome is known yet"
                .into()
        }
        Some(NoSuggestion::NoScoreAtHorizon) => format!(
            "No closed account had a health score {} days before its outcome: the source \
             keeps too little history. It builds up as Orienteer syncs each day; meanwhile \
             try a shorter horizon (orienteer review --horizon 30)",
            j.horizon_days
        ),
        Some(NoSuggestion::TooFew) => format!(
            "No suggestion: too few closed accounts with a health score ({accounts}) to fit \
             weights (a stage needs {MIN_FIT_ACCOUNTS}, {MIN_FIT_EACH} of each outcome); \
             current AUC {current}"
        ),
        Some(NoSuggestion::NearChance) => format!(
            "Neither the current weights (AUC {current}) nor weights fitted to these \
             outcomes (cross-validated AUC {cv}) predict churn on this data: no weights to \
             suggest; look to the signals for what does"
        ),
        Some(NoSuggestion::NoBetter) => format!(
            "No suggestion: weights fitted to these outcomes (cross-validated AUC {cv}) do \
             no better than the current ones (AUC {current}) beyond the folds' noise \
             ({noise}); keep the current weights"
        ),
    }
}
