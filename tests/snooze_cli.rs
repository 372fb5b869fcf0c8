//! `orienteer snooze`, `snoozed` and `unsnooze` through the real binary on
//! the demo, its store in a temp dir: a snoozed alert's points and Why go
//! from `watchlist --format json` and come back when it is unsnoozed; bad
//! input exits 2 and keeps nothing.
//!
//! cargo test --test snooze_cli

mod common;

use serde_json::Value;
use std::process::Output;
use tempfile::TempDir;

const AS_OF: &str = "2026-11-23";

fn run(data: &TempDir, args: &[&str]) -> Output {
    let mut all = vec!["--demo", "--as-of", AS_OF];
    all.extend_from_slice(args);
    common::binary::run(common::config::empty(), data.path(), &all)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok(data: &TempDir, args: &[&str]) -> String {
    let out = run(data, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

fn json(data: &TempDir, args: &[&str]) -> Value {
    serde_json::from_str(&ok(data, args)).expect("valid JSON")
}

/// The watch list's top items, by attention.
fn top(data: &TempDir) -> Vec<Value> {
    let list = json(data, &["watchlist", "--format", "json", "--limit", "20"]);
    list.as_array().unwrap().clone()
}

fn item<'a>(list: &'a [Value], id: &str) -> &'a Value {
    list.iter().find(|i| i["id"] == id).expect("listed")
}

fn score(item: &Value) -> f64 {
    item["attention"]["score"].as_f64().unwrap()
}

#[test]
fn a_snoozed_alert_loses_its_points_and_why_and_unsnooze_restores_them() {
    let data = tempfile::tempdir().unwrap();
    let before = top(&data);
    // The top account, and its top alert.
    let first = &before[0];
    let id = first["id"].as_str().unwrap().to_string();
    let alert = first["alerts"][0]["id"].as_str().unwrap().to_string();
    let said = ok(
        &data,
        &[
            "snooze",
            &id,
            &alert,
            "--until",
            "2026-12-24",
            "--reason",
            "  customer on vacation ",
        ],
    );
    let name = first["name"].as_str().unwrap();
    assert_eq!(
        said.trim(),
        format!("Snoozed {alert} on {name} until 2026-12-24: customer on vacation")
    );

    let after = top(&data);
    let now = after.iter().find(|i| i["id"] == id.as_str());
    // It may have left the top 20; when listed, it lost the alert's points.
    if let Some(now) = now {
        assert!(
            score(now) < score(first),
            "{} -> {}",
            score(first),
            score(now)
        );
        let snoozed = now["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == alert.as_str())
            .expect("still listed");
        assert_eq!(
            snoozed["snoozed"]["text"],
            "snoozed until 12-24: customer on vacation"
        );
        assert!(snoozed["snoozed"]["woken"].is_null());
        let prompted = now["recommended_plays"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| {
                p["reason"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("{alert}:"))
            });
        assert!(!prompted, "the alert recommends no play: {now}");
    }
    assert_ne!(after[0]["id"], id.as_str(), "it left the top");

    // An account whose Why is its overdue renewal: snoozing that alert
    // takes the Why with it.
    let overdue = before
        .iter()
        .find(|i| {
            i["attention"]["why"]
                .as_str()
                .unwrap()
                .starts_with("renewal ")
        })
        .expect("an overdue renewal in the top 20");
    let other = overdue["id"].as_str().unwrap().to_string();
    ok(
        &data,
        &[
            "snooze",
            &other,
            "renewal_overdue",
            "--until",
            "2w",
            "--reason",
            "in legal review",
        ],
    );
    let full = json(&data, &["watchlist", "--format", "json"]);
    let now = item(full.as_array().unwrap(), &other);
    assert!(score(now) < score(overdue));
    let why = now["attention"]["why"].as_str().unwrap();
    assert!(!why.starts_with("renewal "), "{why}");

    // Both are listed, by the day they end.
    let listed = json(&data, &["snoozed", "--format", "json"]);
    let rows: Vec<(&str, &str, &str, &str)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["account_id"].as_str().unwrap(),
                r["alert"].as_str().unwrap(),
                r["until"].as_str().unwrap(),
                r["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                other.as_str(),
                "renewal_overdue",
                "2026-12-07",
                "in legal review"
            ),
            (
                id.as_str(),
                alert.as_str(),
                "2026-12-24",
                "customer on vacation"
            ),
        ]
    );
    assert!(listed[0]["woken"].is_null() && listed[0]["active"] == true);
    let table = ok(&data, &["snoozed"]);
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
    assert!(table.contains("customer on vacation"), "{table}");

    // As of its day, it has woken: listed as ended, counted again.
    let ended = common::binary::run(
        common::config::empty(),
        data.path(),
        &[
            "--demo",
            "--as-of",
            "2026-12-07",
            "snoozed",
            "--format",
            "json",
        ],
    );
    let ended: Value = serde_json::from_slice(&ended.stdout).unwrap();
    assert_eq!(ended[0]["woken"], "date", "{ended}");

    // Unsnoozed, the top is as it was.
    let said = ok(&data, &["unsnooze", &id]);
    assert_eq!(said.trim(), format!("Unsnoozed {alert} on {name}"));
    let again = top(&data);
    assert_eq!(again[0]["id"], id.as_str());
    assert_eq!(score(&again[0]), score(first));
    assert_eq!(
        ok(&data, &["unsnooze", &id]).trim(),
        format!("No snoozes on {name}")
    );
}

#[test]
fn bad_input_exits_2_and_keeps_nothing() {
    let data = tempfile::tempdir().unwrap();
    let first = top(&data)[0].clone();
    let id = first["id"].as_str().unwrap().to_string();
    let alert = first["alerts"][0]["id"].as_str().unwrap().to_string();
    let active: Vec<&str> = first["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    let inactive = [
        "champion_left",
        "admin_changed",
        "health_drop",
        "users_surge",
    ]
    .into_iter()
    .find(|k| !active.contains(k))
    .unwrap();
    let long = "x".repeat(201);
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["no-such-account", &alert, "--until", "1w", "--reason", "r"],
            "no account with id `no-such-account` or a name starting so".into(),
        ),
        (
            vec![&id, "no_such_alert", "--until", "1w", "--reason", "r"],
            "`no_such_alert` is not an alert; alerts are renewal_overdue".into(),
        ),
        (
            vec![&id, inactive, "--until", "1w", "--reason", "r"],
            format!(
                "has no {inactive} alert today; its alerts: {}",
                active.join(", ")
            ),
        ),
        (
            vec![&id, &alert, "--until", "someday", "--reason", "r"],
            "--until: `someday` is not a day to snooze until".into(),
        ),
        (
            vec![&id, &alert, "--until", "2026-11-01", "--reason", "r"],
            "--until: 2026-11-01 is not after today (2026-11-23)".into(),
        ),
        (
            vec![&id, &alert, "--until", "1w", "--reason", "  \t "],
            "--reason: say why".into(),
        ),
        (
            vec![&id, &alert, "--until", "1w", "--reason", &long],
            "--reason: 201 characters; a reason is at most 200".into(),
        ),
    ];
    for (args, said) in cases {
        let mut all = vec!["snooze"];
        all.extend(args.iter().copied());
        let out = run(&data, &all);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{all:?}: {err}");
        assert!(err.contains(&said), "{all:?}: {err}");
        assert!(out.stdout.is_empty(), "{all:?}");
    }
    let out = run(&data, &["unsnooze", &id, "nope"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    // Nothing was kept.
    assert_eq!(
        json(&data, &["snoozed", "--format", "json"]),
        Value::Array(vec![])
    );
    assert_eq!(ok(&data, &["snoozed"]).trim(), "No snoozes.");
}

/// An ended snooze is listed (ended) for 30 days after its day, then no
/// more; it is deleted by the next load or `snoozed` once those 30 days
/// are past today, never by a replay of a later day (`--as-of`).
#[test]
fn ended_snoozes_are_listed_30_days_then_forgotten_by_the_next_load() {
    let data = tempfile::tempdir().unwrap();
    let at = |as_of: &'static str, args: &[&str]| {
        let mut all = vec!["--demo", "--as-of", as_of];
        all.extend_from_slice(args);
        let out = common::binary::run(common::config::empty(), data.path(), &all);
        assert_eq!(out.status.code(), Some(0), "{all:?}: {}", text(&out.stderr));
        text(&out.stdout)
    };
    let listed = |as_of: &'static str| -> Vec<Value> {
        let out = at(as_of, &["snoozed", "--format", "json"]);
        serde_json::from_str::<Value>(&out)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    // Snoozed on a day long past (the demo is generated for it), until a
    // week later: it ended more than 30 days before the real today.
    let first: Value = serde_json::from_str(&at(
        "2026-09-01",
        &["watchlist", "--format", "json", "--limit", "1"],
    ))
    .unwrap();
    let id = first[0]["id"].as_str().unwrap().to_string();
    let alert = first[0]["alerts"][0]["id"].as_str().unwrap().to_string();
    at(
        "2026-09-01",
        &[
            "snooze",
            &id,
            &alert,
            "--until",
            "1w",
            "--reason",
            "back soon",
        ],
    );
    // Ended on 09-08: listed as ended through 10-07.
    let ended = listed("2026-10-07");
    assert_eq!(ended.len(), 1, "{ended:?}");
    assert_eq!(ended[0]["woken"], "date");
    let table = at("2026-10-07", &["snoozed"]);
    assert!(table.contains("ended"), "{table}");
    // A load as of today forgets it in the store.
    let out = common::binary::run(
        common::config::empty(),
        data.path(),
        &["--demo", "watchlist", "--format", "json", "--limit", "1"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(listed("2026-09-05").is_empty(), "deleted by the load");

    // A snooze of a later year: a replay 30 days past its end does not
    // list it, and deletes nothing (today still keeps it).
    let later: Value = serde_json::from_str(&at(
        "2035-01-01",
        &["watchlist", "--format", "json", "--limit", "1"],
    ))
    .unwrap();
    let id = later[0]["id"].as_str().unwrap().to_string();
    let alert = later[0]["alerts"][0]["id"].as_str().unwrap().to_string();
    at(
        "2035-01-01",
        &[
            "snooze",
            &id,
            &alert,
            "--until",
            "2035-02-01",
            "--reason",
            "later",
        ],
    );
    assert_eq!(listed("2035-03-02").len(), 1, "29 days past its end");
    assert!(listed("2035-03-03").is_empty(), "30 days past its end");
    assert_eq!(listed("2035-01-15").len(), 1, "still kept");
}
