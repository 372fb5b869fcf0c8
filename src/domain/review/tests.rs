use super::signals::SignalKind;
use super::*;
use crate::domain::account::{Event, Point, Series};
use crate::domain::model::Model;
use crate::domain::vocab::{EventKind, Metric};
use crate::domain::{Band, StageIx};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A closed account: contract from 2025-01-01, outcome on 2026-06-01
/// (horizon 90 days: 2026-03-03), 100 licenses and `active` users.
fn closed(i: usize, churned: bool, active: f32) -> Account {
    let mut a = Account {
        id: format!("A{i}").into(),
        name: format!("Acct {i}"),
        contract_start: Some(day("2025-01-01")),
        renewal_date: Some(day("2027-06-01")),
        outcome: if churned {
            Outcome::Churned
        } else {
            Outcome::Renewed
        },
        outcome_date: Some(day("2026-06-01")),
        ..Account::default()
    };
    let at = |d: &str, v: f32| Point {
        at: day(d),
        value: v,
    };
    a.metrics
        .set(Metric::Licenses, Series::new(vec![at("2025-01-01", 100.0)]));
    a.metrics.set(
        Metric::ActiveUsers,
        Series::new(vec![at("2026-01-01", active), at("2026-05-01", 5.0)]),
    );
    a
}

fn champion_left(a: &mut Account, at: &str) {
    a.events.push(Event {
        kind: EventKind::ChampionLeft,
        at: day(at),
        detail: None,
    });
}

fn find<'r>(r: &'r Review, kind: SignalKind, id: &str, cond: &str) -> Option<&'r Signal> {
    r.signals
        .iter()
        .find(|s| s.kind == kind && s.id == id && s.condition == cond)
}

#[test]
fn a_signal_dated_after_the_horizon_does_not_count() {
    let engine = Engine::new(Model::default()).unwrap();
    let now = day("2026-11-23");
    let mut accounts: Vec<Account> = (0..12).map(|i| closed(i, i < 6, 70.0)).collect();
    // Champion left 2026-05-20 for every churned account: after the
    // horizon (2026-03-03), so the review cannot know it.
    for a in &mut accounts[..6] {
        champion_left(a, "2026-05-20");
    }
    let r = review(&engine, &accounts, now, 90);
    assert_eq!((r.renewed, r.churned), (6, 6));
    assert!(find(&r, SignalKind::Alert, "champion_left", "raised").is_none());
    // The usage fall on 2026-05-01 is after the horizon too: nobody low.
    assert!(find(&r, SignalKind::Indicator, "product_engagement", "low").is_none());

    // Dated inside the alert's 30-day window before the horizon, it counts.
    for a in &mut accounts[..6] {
        a.events.clear();
        champion_left(a, "2026-02-20");
    }
    let r = review(&engine, &accounts, now, 90);
    let s = find(&r, SignalKind::Alert, "champion_left", "raised").unwrap();
    assert_eq!(
        s.with,
        signals::Counts {
            accounts: 6,
            churned: 6
        }
    );
    assert_eq!(
        s.without,
        signals::Counts {
            accounts: 6,
            churned: 0
        }
    );
    assert_eq!(s.lift, None, "no churn without it: no finite lift");
    // [[6,0],[0,6]]: 2 / C(12,6) = 2 / 924.
    assert!((s.p_value.unwrap() - 2.0 / 924.0).abs() < 1e-12);
    assert_eq!(r.accounts_for(0).len(), 6, "{:?}", r.signals[0]);

    // A longer horizon looks before the event: it no longer counts.
    let r = review(&engine, &accounts, now, 120);
    assert!(find(&r, SignalKind::Alert, "champion_left", "raised").is_none());
}

#[test]
fn an_account_whose_outcome_is_later_than_now_or_unknown_is_left_out() {
    let engine = Engine::new(Model::default()).unwrap();
    let mut open = closed(1, false, 70.0);
    open.outcome = Outcome::Open;
    let mut future = closed(2, true, 70.0);
    future.outcome_date = Some(day("2027-01-01"));
    let mut undated = closed(3, true, 70.0);
    undated.outcome_date = None;
    let r = review(&engine, &[open, future, undated], day("2026-11-23"), 90);
    assert_eq!((r.renewed, r.churned), (0, 0));
    assert!(r.signals.is_empty());
    assert_eq!(r.model.auc, None);
}

#[test]
fn counts_rates_and_ranks_on_a_small_portfolio() {
    let engine = Engine::new(Model::default()).unwrap();
    // 10 churned, 10 renewed. Engagement at the horizon is low (20 of 100
    // active, against a 0.6 full ratio: 33) for 8 churned and 1 renewed.
    let accounts: Vec<Account> = (0..20)
        .map(|i| {
            let churned = i < 10;
            let low = (churned && i < 8) || i == 10;
            closed(i, churned, if low { 20.0 } else { 70.0 })
        })
        .collect();
    let r = review(&engine, &accounts, day("2026-11-23"), 90);
    let s = find(&r, SignalKind::Indicator, "product_engagement", "low").unwrap();
    assert_eq!(
        s.with,
        signals::Counts {
            accounts: 9,
            churned: 8
        }
    );
    assert_eq!(
        s.without,
        signals::Counts {
            accounts: 11,
            churned: 2
        }
    );
    assert!((s.churn_rate_with.unwrap() - 8.0 / 9.0).abs() < 1e-12);
    assert!((s.lift.unwrap() - (8.0 / 9.0) / (2.0 / 11.0)).abs() < 1e-12);
    // [[8,1],[2,9]], summed exactly outside this code: 0.005477494642.
    assert!((s.p_value.unwrap() - 0.005_477_494_642).abs() < 1e-11);
    assert!(!s.too_few);
    // Ranked first among the signals with enough accounts on each side.
    let first = &r.signals[0];
    assert_eq!(first.p_value, s.p_value, "{first:?}");
    // The ranking puts every too-few signal after the others.
    let firsts: Vec<bool> = r.signals.iter().map(|s| s.too_few).collect();
    let mut sorted = firsts.clone();
    sorted.sort();
    assert_eq!(firsts, sorted);
    // The model: the score told them apart as well as the indicator.
    assert_eq!(r.model.accounts, 20);
    let auc = r.model.auc.unwrap();
    // Scores are the engagement alone: 33 (low) or 100. Of the 100
    // (renewed, churned) pairs, 9 high x 8 low are won (72), 9 high x 2
    // high and 1 low x 8 low tie (26, counting 13), 1 low x 2 high are
    // lost: (72 + 13) / 100.
    assert!((auc - 0.85).abs() < 1e-12, "{auc}");
}

/// Closed accounts looked at directly: indicator values from a small
/// deterministic generator, scored with `weights` (the health model in
/// force), churn from `churns`.
fn looks_scored(
    n: usize,
    weights: [f64; 5],
    churns: impl Fn(&[Option<f64>; 5], f64) -> bool,
) -> Vec<Look> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut unit = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|i| {
            let values: [Option<f64>; 5] = std::array::from_fn(|_| Some(unit() * 100.0));
            let churned = churns(&values, unit());
            Look {
                id: format!("L{i}").into(),
                churned,
                stage: StageIx::new(0),
                score: crate::domain::health::combine(values, weights)
                    .score
                    .map(f64::round),
                band: Band::Unknown,
                values,
                alerts: 0,
                milestones: Vec::new(),
            }
        })
        .collect()
}

/// [`looks_scored`] by equal weights.
fn looks(n: usize, churns: impl Fn(&[Option<f64>; 5], f64) -> bool) -> Vec<Look> {
    looks_scored(n, [0.2; 5], churns)
}

#[test]
fn a_fit_to_noise_is_about_chance_and_is_not_offered() {
    let engine = Engine::new(Model::default()).unwrap();
    // Churn at random, whatever the indicators say: health does not drive
    // churn here, so neither the current weights nor a fit predict it.
    let noise = looks(600, |_, u| u < 0.3);
    let m = model::judge(&engine, &noise, 90);
    let cv = m.suggested_auc_cv.unwrap();
    assert!((cv - 0.5).abs() < 0.08, "{cv}");
    assert_eq!(m.reason, Some(model::NoSuggestion::NearChance));
    assert_eq!(m.suggested_weights, None);
    assert_eq!(m.toml, "");
    assert!(m.per_stage.iter().all(|s| s.suggested.is_none()));
    assert!(
        m.label.starts_with("Neither the current weights"),
        "{}",
        m.label
    );
    assert!(m.label.contains("signals"), "{}", m.label);
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(json["suggested_weights"], serde_json::Value::Null);
    assert_eq!(json["reason"], "near_chance");
}

#[test]
fn a_fit_that_clearly_beats_the_current_weights_is_offered() {
    let engine = Engine::new(Model::default()).unwrap();
    // Churn driven by low engagement: the fit finds it and holds up.
    let driven = looks(600, |v, u| v[1].unwrap() < 30.0 && u < 0.9);
    let m = model::judge(&engine, &driven, 90);
    let cv = m.suggested_auc_cv.unwrap();
    assert!(cv > 0.85, "{cv}");
    assert_eq!(m.reason, None, "{}", m.label);
    let w = &m.suggested_weights.as_ref().unwrap()["onboarding"];
    assert!(w["product_engagement"] > 0.5, "{w:?}");
    assert!(m.auc.unwrap() < cv, "equal weights blur the driver");
    let noise = m.noise.unwrap();
    assert!(noise > 0.0 && cv - m.auc.unwrap() > noise, "{noise}");
    assert!(
        m.toml.starts_with("[health.weights.onboarding]"),
        "{}",
        m.toml
    );
    assert!(
        m.label.starts_with("A suggestion fitted to 600"),
        "{}",
        m.label
    );
}

#[test]
fn a_fit_no_better_than_the_current_weights_is_not_offered() {
    let engine = Engine::new(Model::default()).unwrap();
    // The weights in force are the right ones: churn follows their score.
    let current = engine.weights(StageIx::new(0));
    let right = looks_scored(600, current, |v, u| {
        let score = crate::domain::health::combine(*v, current).score.unwrap();
        score < 45.0 && u < 0.9
    });
    let m = model::judge(&engine, &right, 90);
    assert!(m.auc.unwrap() > 0.8, "{:?}", m.auc);
    assert_eq!(m.reason, Some(model::NoSuggestion::NoBetter), "{}", m.label);
    assert_eq!(m.suggested_weights, None);
    assert!(m.label.contains("keep the current weights"), "{}", m.label);
}

#[test]
fn with_no_score_at_the_horizon_the_model_says_why_and_what_would_help() {
    let engine = Engine::new(Model::default()).unwrap();
    let now = day("2026-11-23");
    // A CRM that keeps only today's values: nothing is known as of the
    // horizon, 90 days before each outcome.
    let accounts: Vec<Account> = (0..30)
        .map(|i| {
            let mut a = closed(i, i % 3 == 0, 50.0);
            let today = |v: f32| Series::new(vec![Point { at: now, value: v }]);
            a.metrics.set(Metric::Licenses, today(100.0));
            a.metrics.set(Metric::ActiveUsers, today(50.0));
            a
        })
        .collect();
    let r = review(&engine, &accounts, now, 90);
    assert_eq!((r.renewed, r.churned), (20, 10));
    let m = &r.model;
    assert_eq!((m.accounts, m.auc), (0, None));
    assert_eq!(m.reason, Some(model::NoSuggestion::NoScoreAtHorizon));
    assert!(m.label.contains("90 days before"), "{}", m.label);
    assert!(m.label.contains("history"), "{}", m.label);
    assert!(m.label.contains("--horizon"), "{}", m.label);
    assert_eq!(m.suggested_weights, None);
    // No closed account at all is another reason.
    let r = review(&engine, &[], now, 90);
    assert_eq!(r.model.reason, Some(model::NoSuggestion::NoClosedAccounts));
}
