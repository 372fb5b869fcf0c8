//! `orienteer watchlist --view NAME`, through the real binary.

mod common;

use serde_json::Value;
use std::process::Output;

/// The binary on an explicit config (the empty one by default), never
/// touching the real state dir.
fn orienteer(config: &std::path::Path, args: &[&str]) -> Output {
    let state = tempfile::tempdir().unwrap();
    common::binary::command(config, state.path())
        .args(["--as-of", "2026-11-23"])
        .args(args)
        .output()
        .expect("run orienteer")
}

fn json(config: &std::path::Path, args: &[&str]) -> Vec<Value> {
    let out = orienteer(config, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    v.as_array().unwrap().clone()
}

fn watchlist(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["watchlist", "--demo", "--format", "json"];
    all.extend_from_slice(args);
    json(common::config::empty(), &all)
}

fn days(items: &[Value]) -> Vec<i64> {
    items
        .iter()
        .map(|i| i["days_to_renewal"].as_i64().unwrap())
        .collect()
}

#[test]
fn a_built_in_view_filters_and_sorts() {
    let items = watchlist(&["--view", "Renewals in 90 days at risk"]);
    assert!(!items.is_empty());
    for i in &items {
        let band = i["health"]["band"].as_str().unwrap();
        assert!(band == "poor" || band == "average", "{band}");
    }
    let d = days(&items);
    assert!(d.iter().all(|&d| d <= 90), "{d:?}");
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "soonest renewal first");
    // Any case.
    assert_eq!(watchlist(&["--view", "renewals IN 90 days at risk"]), items);
    let onboarding = watchlist(&["--view", "onboarding behind"]);
    assert!(!onboarding.is_empty());
    assert!(onboarding.iter().all(|i| i["stage"] == "onboarding"));
    let overdue: Vec<i64> = onboarding
        .iter()
        .map(|i| i["overdue_milestones"].as_i64().unwrap())
        .collect();
    assert!(overdue.windows(2).all(|w| w[0] >= w[1]), "{overdue:?}");
}

#[test]
fn flags_given_with_a_view_override_its_settings() {
    let view = ["--view", "Renewals in 90 days at risk"];
    let by_arr = watchlist(&[&view[..], &["--sort", "arr"]].concat());
    let arr: Vec<f64> = by_arr.iter().map(|i| i["arr"].as_f64().unwrap()).collect();
    assert!(arr.windows(2).all(|w| w[0] >= w[1]), "largest ARR first");
    // The view's filter still holds.
    assert_eq!(by_arr.len(), watchlist(&view).len());
    let poor = watchlist(&[&view[..], &["--band", "poor"]].concat());
    assert!(poor.iter().all(|i| i["health"]["band"] == "poor"));
    assert!(days(&poor).iter().all(|&d| d <= 90));
    let wider = watchlist(&[&view[..], &["--renewal-within", "200"]].concat());
    assert!(wider.len() > by_arr.len());
    let reversed = watchlist(&[&view[..], &["--reverse"]].concat());
    let d = days(&reversed);
    assert!(d.windows(2).all(|w| w[0] >= w[1]), "latest renewal first");
}

#[test]
fn an_unknown_view_exits_2_listing_the_views() {
    let out = orienteer(
        common::config::empty(),
        &["watchlist", "--demo", "--view", "Nope"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown view \"Nope\""), "{err}");
    for name in [
        "\"Attention\"",
        "\"Renewals in 90 days at risk\"",
        "\"Onboarding behind\"",
        "\"Follow-ups due\"",
    ] {
        assert!(err.contains(name), "{name} in {err}");
    }
}

#[test]
fn a_config_view_is_applied_by_name() {
    let all = watchlist(&[]);
    let owner = all[0]["owner"].as_str().unwrap().to_string();
    let text = format!(
        "me = \"{owner}\"\n\n[[views]]\nname = \"Mine by name\"\nowner = \"me\"\nsort = \"name\"\nreverse = true\n"
    );
    let (_dir, path) = common::config::file(&text);
    let mine = json(
        &path,
        &[
            "watchlist",
            "--demo",
            "--format",
            "json",
            "--view",
            "mine by name",
        ],
    );
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|i| i["owner"] == owner.as_str()));
    let names: Vec<String> = mine
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_lowercase())
        .collect();
    assert!(names.windows(2).all(|w| w[0] >= w[1]), "{names:?}");
    // The unknown-view list names it too, after the built-ins.
    let out = orienteer(&path, &["watchlist", "--demo", "--view", "x"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("\"Follow-ups due\", \"Mine by name\""),
        "{err}"
    );
}

#[test]
fn the_demo_has_follow_ups_due() {
    // Some rescheduled plays' follow-up days are today or past: the view
    // a CSM opens first thing shows them.
    let due = watchlist(&["--view", "Follow-ups due"]);
    assert!(!due.is_empty(), "the demo has follow-ups due");
    assert!(due.len() < watchlist(&[]).len());
}
