//! The journey review on the demo portfolio: it finds the demo's hidden
//! churn drivers, does not take its noise for one, and its weight
//! suggestion is config the real loader accepts.

mod common;

use orienteer::config::Config;
use orienteer::domain::review::signals::{Signal, SignalKind};
use orienteer::domain::review::{review, Review};
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
fn the_model_is_judged_and_the_suggestion_is_config_the_loader_accepts() {
    let (_, r) = demo_review(2_000);
    let m = &r.model;
    assert_eq!(m.accounts, r.renewed + r.churned - unscored(&r));
    let auc = m.auc.unwrap();
    assert!(auc > 0.8 && auc <= 1.0, "{auc}");
    let cv = m.suggested_auc_cv.unwrap();
    assert!(cv > 0.5 && cv <= 1.0, "{cv}");
    assert!(!m.suggested_weights.is_empty());
    assert!(m.label.starts_with("A suggestion fitted to"), "{}", m.label);
    // The TOML goes through the real config parser and model compiler.
    let config = Config::parse(&m.toml, Path::new("suggested.toml"))
        .unwrap_or_else(|e| panic!("{e}\n{}", m.toml));
    let engine = Engine::new(config.model.clone()).unwrap();
    for (stage, weights) in &m.suggested_weights {
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

/// Closed accounts with no health score at the horizon (no data then).
fn unscored(r: &Review) -> usize {
    let band = r
        .signals
        .iter()
        .find(|s| s.kind == SignalKind::Band && s.condition == "unknown");
    band.map_or(0, |s| s.with.accounts as usize)
}
