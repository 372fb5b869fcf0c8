//! `orienteer review` through the real binary: the JSON shape, the text
//! at 80 columns and a bad horizon.

mod common;

use serde_json::Value;
use std::process::{Command, Output};

fn orienteer(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orienteer"))
        .env("ORIENTEER_CONFIG", common::config::empty())
        .env("ORIENTEER_STATE", common::config::state_file())
        .env("ORIENTEER_DATA", common::config::data_dir())
        .args(args)
        .output()
        .expect("run orienteer")
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
fn review_text_fits_80_columns_and_ends_with_the_suggestion() {
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
    assert!(text.contains("Health model: AUC"), "{text}");
    assert!(text.contains("[health.weights.pre_renewal]"), "{text}");
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
