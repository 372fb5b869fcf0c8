//! The journey review on the demo portfolio: it finds the demo's hidden
//! churn drivers, does not take its noise for one, and its weight
//! suggestion is config the real loader accepts.

mod common;

use orienteer::config::Config;
use orienteer::domain::review::model::NoSuggestion;
use orienteer::domain::review::signals::{Signal, SignalKind};
use orienteer::domain::review::{look, review, Review};
use orienteer::domain::{Engine, Model};
use orienteer::source::demo::Demo;
use std::path::Path;

fn demo_review(size: usize) -> (Engine, Review) {
    let engine = Engine::new(Model::default()).unwrap();
    let demo = Demo::new(size, common::today());
    let r = review(&engine, &demo.accounts(), demo.today, 90);
    (engine, r)
}

fn rank_of<'r>(r: &'r Review, kind: SignalKind, id: &str, condition: &str) -> (usize, &'r Signal) {
    r.signals
        .iter()
        .enumerate()
        .find(|(_, s)| s.kind == kind && s.id == id && s.condition == condition)
        .unwrap_or_else(|| panic!("no signal {id} {condition}"))
}

#[test]
fn the_review_finds_the_demos_churn_drivers_and_not_its_noise() {
    let (_, r) = demo_review(3_000);
    assert!(
        r.churned >= 100 && r.renewed >= 200,
        "{} {}",
        r.churned,
        r.renewed
    );
    // The demo's true drivers: a late first value, a champion who left,
    // and usage falling before the renewal window.
    let drivers = [
        (SignalKind::Milestone, "first_value", "late"),
        (SignalKind::Alert, "champion_left", "raised"),
        (SignalKind::Alert, "usage_decline", "raised"),
    ];
    for (kind, id, condition) in drivers {
        let (rank, s) = rank_of(&r, kind, id, condition);
        assert!(rank < 20, "{id} {condition} ranked {}: {s:?}", rank + 1);
        assert!(s.p_value.unwrap() < 1e-4, "{s:?}");
        assert!(s.lift.unwrap() > 2.0, "{s:?}");
    }
    // The noise: an admin change, as likely before a renewal as a churn.
    let (rank, noise) = rank_of(&r, SignalKind::Alert, "admin_changed", "raised");
    assert!(noise.p_value.unwrap() > 0.05, "{noise:?}");
    assert!(
        noise.with.accounts >= 50,
        "enough accounts to judge: {noise:?}"
    );
    let strong = r
        .signals
        .iter()
        .filter(|s| s.p_value.is_some_and(|p| p < 0.01))
        .count();
    assert!(
        rank >= strong,
        "noise ranked {} among {strong} strong",
        rank + 1
    );
    // The accounts behind a signal are the ones counted.
    let (i, s) = rank_of(&r, SignalKind::Alert, "champion_left", "raised");
    assert_eq!(r.accounts_for(i).len() as u64, s.with.accounts);
}

#[test]
fn the_demos_model_is_judged_and_needs_no_change() {
    let (engine, r) = demo_review(2_000);
    let m = &r.model;
    assert_eq!(m.accounts, r.renewed + r.churned - unscored(&engine, 2_000));
    let auc = m.auc.unwrap();
    assert!(auc > 0.8 && auc <= 1.0, "{auc}");
    let cv = m.suggested_auc_cv.unwrap();
    assert!(cv > 0.5 && cv <= 1.0, "{cv}");
    // The demo's weights already tell churn apart: a fit does no better,
    // so there is nothing to paste.
    assert_eq!(m.reason, Some(NoSuggestion::NoBetter), "{}", m.label);
    assert_eq!(m.suggested_weights, None);
    assert_eq!(m.toml, "");
}

#[test]
fn wrong_weights_get_a_suggestion_that_is_config_the_loader_accepts() {
    // A team that weighs only satisfaction: the demo's churn follows usage
    // and outcomes more closely, so a fit clearly beats these weights.
    let mut text = String::new();
    for stage in ["onboarding", "established", "pre_renewal"] {
        text.push_str(&format!(
            "[health.weights.{stage}]\nbusiness_outcomes = 0.0\nproduct_engagement = 0.0\n\
             service_utilization = 0.0\ncustomer_satisfaction = 1.0\nsupport_operations = 0.0\n"
        ));
    }
    let wrong = Config::parse(&text, Path::new("wrong.toml")).unwrap();
    let engine = Engine::new(wrong.model).unwrap();
    let demo = Demo::new(2_000, common::today());
    let r = review(&engine, &demo.accounts(), demo.today, 90);
    let m = &r.model;
    assert_eq!(m.reason, None, "{}", m.label);
    assert!(m.suggested_auc_cv.unwrap() > m.auc.unwrap() + m.noise.unwrap());
    assert!(m.label.starts_with("A suggestion fitted to"), "{}", m.label);
    let suggested = m.suggested_weights.as_ref().unwrap();
    assert!(!suggested.is_empty());
    // The TOML goes through the real config parser and model compiler.
    let config = Config::parse(&m.toml, Path::new("suggested.toml"))
        .unwrap_or_else(|e| panic!("{e}\n{}", m.toml));
    let engine = Engine::new(config.model.clone()).unwrap();
    for (stage, weights) in suggested {
        let ix = engine.stage_index(stage).unwrap();
        let got = engine.weights(ix);
        let want: Vec<f64> = orienteer::domain::Indicator::ALL
            .iter()
            .map(|i| weights[i.id()])
            .collect();
        assert_eq!(got.to_vec(), want, "{stage}");
        assert!((want.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }
}

/// Closed accounts of the demo of `size` with no health score at the
/// horizon (no data then).
fn unscored(engine: &Engine, size: usize) -> usize {
    let demo = Demo::new(size, common::today());
    demo.accounts()
        .iter()
        .filter_map(|a| look(engine, a, demo.today, 90))
        .filter(|l| l.score.is_none())
        .count()
}
