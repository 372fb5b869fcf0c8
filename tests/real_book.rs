//! A book shaped like a real portal: the 300 demo accounts as a REST
//! source sends them when it records only the onboarding milestones (the
//! common case), read by the real binary. Every alert must be one the data
//! can support, and the review's top signals real drivers.
//!
//! It also prints the figures of the closing note: run it with
//! `cargo test --test real_book -- --nocapture`. The test talks to the
//! binary through the command line only, so the same file runs against an
//! older build for the "before" figures.

mod common;

use chrono::NaiveDate;
use orienteer::source::demo::Demo;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const AS_OF: &str = "2026-11-23";

/// What the portal records: the onboarding milestones, nothing later.
const RECORDED: [&str; 5] = [
    "kickoff",
    "admin_setup",
    "users_added",
    "first_value",
    "onboarding_complete",
];

/// The demo book as the portal sends it: later milestones have no field,
/// and on every third account nobody filled in the kickoff.
fn accounts() -> Vec<Value> {
    let day: NaiveDate = AS_OF.parse().unwrap();
    Demo::new(300, day)
        .accounts()
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut v = serde_json::to_value(a).unwrap();
            let milestones = v["milestones"].as_object_mut().unwrap();
            milestones.retain(|k, _| RECORDED.contains(&k.as_str()));
            if i % 3 == 0 {
                milestones.remove("kickoff");
            }
            v["plays_logged"] = json!([]);
            v
        })
        .collect()
}

fn run(config: &std::path::Path, data: &std::path::Path, args: &[&str]) -> Value {
    let out = common::binary::command(config, data)
        .args(["--as-of", AS_OF])
        .args(args)
        .env("ORIENTEER_TEST_TOKEN", "rest-token")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_portal_recording_only_onboarding_raises_only_what_it_can_support() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/accounts"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "accounts": accounts(), "next_cursor": null })),
        )
        .mount(&server)
        .await;
    // Accounts with an onboarding milestone after the kickoff recorded.
    let begun: Vec<String> = accounts()
        .iter()
        .filter(|a| {
            a["milestones"]
                .as_object()
                .unwrap()
                .keys()
                .any(|k| k != "kickoff")
        })
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    let (_dir, config) = common::config::rest(&server.uri());
    let data = tempfile::tempdir().unwrap();
    let (list, review) = tokio::task::spawn_blocking(move || {
        let list = run(&config, data.path(), &["watchlist", "--format", "json"]);
        let review = run(&config, data.path(), &["review", "--format", "json"]);
        (list, review)
    })
    .await
    .unwrap();

    let items = list.as_array().unwrap();
    let with = |id: &str| {
        items
            .iter()
            .filter(|i| {
                i["alerts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|a| a["id"] == id)
            })
            .count()
    };
    let overdue: u64 = items
        .iter()
        .map(|i| i["overdue_milestones"].as_u64().unwrap_or(0))
        .sum();
    let alerts: usize = items
        .iter()
        .map(|i| i["alerts"].as_array().unwrap().len())
        .sum();
    let top: Vec<String> = review["signals"]
        .as_array()
        .unwrap()
        .iter()
        .take(5)
        .map(|s| {
            format!(
                "{} {}",
                s["id"].as_str().unwrap(),
                s["condition"].as_str().unwrap()
            )
        })
        .collect();
    println!(
        "{} accounts listed: {} alerts; {} with milestone_overdue ({} overdue milestones); \
         {} with onboarding_not_started; top signals: {}",
        items.len(),
        alerts,
        with("milestone_overdue"),
        overdue,
        with("onboarding_not_started"),
        top.join(" · ")
    );

    // Every overdue milestone is one the portal records.
    let later = [
        "regular_logins",
        "reports_adopted",
        "advanced_features",
        "renewal_qbr",
        "success_review",
        "renewal_confirmed",
    ];
    for i in items {
        let id = i["id"].as_str().unwrap().to_string();
        for a in i["alerts"].as_array().unwrap() {
            assert!(
                !(a["id"] == "onboarding_not_started" && begun.contains(&id)),
                "{}: no kickoff, yet a later milestone is recorded",
                i["name"]
            );
            let msg = a["message"].as_str().unwrap().to_lowercase();
            if a["id"] == "milestone_overdue" {
                assert!(
                    ![
                        "regular logins",
                        "reports adopted",
                        "advanced features",
                        "renewal qbr"
                    ]
                    .iter()
                    .any(|m| msg.contains(m)),
                    "{}: {msg}",
                    i["name"]
                );
            }
        }
    }
    for s in review["signals"].as_array().unwrap() {
        assert!(
            !later.contains(&s["id"].as_str().unwrap()),
            "a signal over a milestone the portal has no field for: {s}"
        );
    }
}
