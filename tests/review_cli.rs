//! `orienteer review` through the real binary: the JSON shape, the text
//! at 80 columns, a bad horizon, and the model's reasons for offering no
//! weights on a source shaped like a customer's (a REST server on
//! loopback): health unrelated to churn, and no history at the horizon;
//! and `orienteer account` of a closed account saying how it closed.

mod common;

use serde_json::{json, Value};
use std::path::Path;
use std::process::Output;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn orienteer_in(data: &Path, config: &Path, args: &[&str]) -> Output {
    common::binary::command(config, data)
        .env("ORIENTEER_TEST_TOKEN", "review-token-1")
        .args(args)
        .output()
        .expect("run orienteer")
}

fn orienteer_with(config: &Path, args: &[&str]) -> Output {
    orienteer_in(common::config::data_dir(), config, args)
}

fn orienteer(args: &[&str]) -> Output {
    orienteer_with(common::config::empty(), args)
}

const DEMO: [&str; 5] = ["--demo", "--demo-size", "1000", "--as-of", "2026-11-23"];

#[test]
fn review_json_has_the_documented_shape() {
    let mut args = vec!["review", "--format", "json", "--horizon", "60"];
    args.extend(DEMO);
    let out = orienteer(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["horizon_days"], 60);
    let (renewed, churned) = (
        v["renewed"].as_u64().unwrap(),
        v["churned"].as_u64().unwrap(),
    );
    assert!(renewed > 0 && churned > 0);
    let signals = v["signals"].as_array().unwrap();
    assert!(signals.len() > 10);
    for s in signals {
        let kind = s["kind"].as_str().unwrap();
        assert!(
            ["milestone", "alert", "indicator", "band"].contains(&kind),
            "{s}"
        );
        assert!(s["id"].is_string() && s["condition"].is_string(), "{s}");
        for side in ["with", "without"] {
            let accounts = s[side]["accounts"].as_u64().unwrap();
            let c = s[side]["churned"].as_u64().unwrap();
            assert!(c <= accounts, "{s}");
        }
        let total =
            s["with"]["accounts"].as_u64().unwrap() + s["without"]["accounts"].as_u64().unwrap();
        assert_eq!(total, renewed + churned, "{s}");
        assert!(s["lift"].is_number() || s["lift"].is_null(), "{s}");
        assert!(s["p_value"].is_number() || s["p_value"].is_null(), "{s}");
    }
    // In rank order: the p-values of the signals with enough accounts rise.
    let ps: Vec<f64> = signals
        .iter()
        .filter_map(|s| s["p_value"].as_f64())
        .collect();
    assert!(ps.windows(2).all(|w| w[0] <= w[1]), "{ps:?}");
    let m = &v["model"];
    assert!(m["auc"].is_number(), "{m}");
    assert!(m["accounts"].as_u64().unwrap() > 0);
    let stages = m["per_stage"].as_array().unwrap();
    assert!(!stages.is_empty());
    for s in stages {
        assert!(s["stage"].is_string() && s["accounts"].is_u64(), "{s}");
    }
    assert!(m["suggested_weights"].is_object());
    assert!(m["suggested_auc_cv"].is_number() || m["suggested_auc_cv"].is_null());
}

#[test]
fn review_text_fits_80_columns_and_ends_with_the_model() {
    let mut args = vec!["review"];
    args.extend(DEMO);
    let out = orienteer(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line:?}");
    }
    assert!(text.contains("first_value late"), "{text}");
    // Its mirror is folded into it, not listed on its own.
    assert!(
        text.contains("same accounts as: not first_value on_time"),
        "{text}"
    );
    assert!(!text.contains(" first_value on_time "), "{text}");
    assert!(text.contains("Health model: AUC"), "{text}");
    // The demo's weights already work: nothing to paste.
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("keep the current weights"), "{text}");
    assert!(!text.contains("[health.weights."), "{text}");
}

#[test]
fn wrong_weights_end_the_text_with_the_suggestion_to_paste() {
    let mut config = String::new();
    for stage in ["onboarding", "established", "pre_renewal"] {
        config.push_str(&format!(
            "[health.weights.{stage}]\nbusiness_outcomes = 0.0\nproduct_engagement = 0.0\n\
             service_utilization = 0.0\ncustomer_satisfaction = 1.0\nsupport_operations = 0.0\n"
        ));
    }
    let (_dir, config) = common::config::file(&config);
    let args = [
        "review",
        "--demo",
        "--demo-size",
        "2000",
        "--as-of",
        "2026-11-23",
    ];
    let out = orienteer_with(&config, &args);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("To try it, paste into the config file:"),
        "{text}"
    );
    assert!(text.contains("[health.weights.pre_renewal]"), "{text}");
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line:?}");
    }
}

/// A closed account as a REST source sends it: licenses and active users
/// only (no satisfaction, support or outcome data), a renewal outcome on
/// 2026-06-01 (horizon 90 days: 2026-03-03), and `active` users in
/// `points` readings.
fn closed(id: &str, churned: bool, points: &[(&str, u32)]) -> Value {
    let series: Vec<Value> = points
        .iter()
        .map(|(at, v)| json!({"at": at, "value": v}))
        .collect();
    let licenses: Vec<Value> = points
        .iter()
        .map(|(at, _)| json!({"at": at, "value": 100}))
        .collect();
    json!({
        "id": id, "name": format!("Customer {id}"),
        "contract_start": "2025-01-01", "renewal_date": "2026-06-01",
        "outcome": if churned { "churned" } else { "renewed" },
        "outcome_date": "2026-06-01",
        "metrics": {"licenses": licenses, "active_users": series}
    })
}

/// Runs `orienteer review --format json` against a REST server sending
/// `accounts`.
async fn review_of(accounts: Vec<Value>) -> Value {
    let server = MockServer::start().await;
    Mock::given(path("/accounts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "accounts": accounts, "next_cursor": null
        })))
        .mount(&server)
        .await;
    let (dir, config) = common::config::rest(&server.uri());
    let out = tokio::task::spawn_blocking(move || {
        // A cache of its own: a server of wiremock's pool may have served
        // another test at the same address.
        let data = tempfile::tempdir().unwrap();
        let args = ["review", "--format", "json", "--as-of", "2026-11-23"];
        let out = orienteer_in(data.path(), &config, &args);
        drop(dir);
        out
    })
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("review-token-1"), "{stderr}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test]
async fn where_health_does_not_drive_churn_no_weights_are_offered_and_json_says_why() {
    // Six usage levels, ten accounts each: at every level half churned and
    // half renewed, so health tells nothing about churn (AUC 0.5), and
    // every fold of the cross-validation holds the same mix.
    let mut accounts = Vec::new();
    for (level, active) in [10, 25, 40, 60, 80, 95].into_iter().enumerate() {
        for j in 0..10 {
            let id = format!("P{level}-{j}");
            let history = [("2025-06-01", active), ("2026-02-01", active)];
            accounts.push(closed(&id, j < 5, &history));
        }
    }
    let v = review_of(accounts).await;
    assert_eq!(
        (v["renewed"].as_u64(), v["churned"].as_u64()),
        (Some(30), Some(30))
    );
    let m = &v["model"];
    assert_eq!(m["accounts"], 60, "{m}");
    assert_eq!(m["auc"].as_f64(), Some(0.5), "{m}");
    assert_eq!(m["reason"], "near_chance", "{m}");
    assert_eq!(m["suggested_weights"], Value::Null, "{m}");
    assert_eq!(m["toml"], "", "{m}");
    let label = m["label"].as_str().unwrap();
    assert!(label.starts_with("Neither the current weights"), "{label}");
}

#[tokio::test]
async fn with_no_history_at_the_horizon_json_says_why_and_what_would_help() {
    // A CRM that keeps only today's readings: nothing is known as of 90
    // days before each outcome.
    let accounts: Vec<Value> = (0..30)
        .map(|i| closed(&format!("N{i}"), i % 3 == 0, &[("2026-11-20", 50)]))
        .collect();
    let v = review_of(accounts).await;
    let m = &v["model"];
    assert_eq!(m["accounts"], 0, "{m}");
    assert_eq!(m["auc"], Value::Null, "{m}");
    assert_eq!(m["reason"], "no_score_at_horizon", "{m}");
    assert_eq!(m["suggested_weights"], Value::Null, "{m}");
    let label = m["label"].as_str().unwrap();
    assert!(
        label.contains("history") && label.contains("--horizon"),
        "{label}"
    );
}

#[test]
fn a_horizon_out_of_range_is_a_usage_error() {
    let mut args = vec!["review", "--horizon", "0"];
    args.extend(DEMO);
    let out = orienteer(&args);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--horizon"), "{err}");
}

/// The first demo account (300, as of 2026-11-23) with `outcome`, and the
/// day it closed.
fn closed_demo_account(outcome: orienteer::domain::account::Outcome) -> (String, String) {
    let demo = orienteer::source::demo::Demo::new(300, common::today());
    let a = demo
        .accounts()
        .into_iter()
        .find(|a| a.outcome == outcome && a.outcome_date.is_some())
        .expect("the demo has one");
    (a.id.to_string(), a.outcome_date.unwrap().to_string())
}

#[test]
fn account_of_a_churned_customer_says_when_it_churned_and_recommends_nothing() {
    use orienteer::domain::account::Outcome;
    let (id, date) = closed_demo_account(Outcome::Churned);
    let demo = ["--demo", "--as-of", "2026-11-23"];
    let out = orienteer(&[&["account", id.as_str()][..], &demo].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.ends_with(&format!(" · churned on {date}")), "{text}");
    let plays: Vec<&str> = text
        .split("\nPlays\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(plays.is_empty(), "{plays:?}");
    let out = orienteer(&[&["account", id.as_str(), "--format", "json"][..], &demo].concat());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["outcome"], "churned");
    assert_eq!(v["recommended_plays"], json!([]));

    let (id, date) = closed_demo_account(Outcome::Renewed);
    let out = orienteer(&[&["account", id.as_str()][..], &demo].concat());
    let text = String::from_utf8(out.stdout).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.ends_with(&format!(" · renewed on {date}")), "{text}");
}
