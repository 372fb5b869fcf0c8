//! `orienteer log-play` finds the account as `orienteer account` does and
//! takes the plays the TUI's logger offers; `orienteer outbox flush` sends
//! at once. The real binary against HubSpot on loopback.

mod common;
mod outbox_support;

use chrono::{TimeDelta, Utc};
use orienteer::domain::Account;
use outbox_support::cli::{text, Hub};
use outbox_support::{error_body, FakeHub};
use serde_json::Value;

fn account(id: &str, name: &str) -> Account {
    Account {
        id: id.into(),
        name: name.into(),
        // Ten days into onboarding.
        contract_start: Some(Utc::now().date_naive() - TimeDelta::days(10)),
        ..Account::default()
    }
}

fn queued_id(stdout: &[u8]) -> String {
    let said = text(stdout);
    said.split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outbox_flush_sends_a_log_waiting_out_its_backoff_at_once() {
    let portal = FakeHub::start().await;
    let hub = Hub::new(&portal.uri());
    portal.fail_next(503, error_body("INTERNAL_ERROR", "try later"));
    let out = hub.run(&["log-play", "101", "check-in", "--note", "Called"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).trim().ends_with(" queued"));
    let id = queued_id(&out.stdout);
    let listed = hub.outbox();
    assert_eq!(listed[0]["attempts"], 1, "{listed}");
    let next: chrono::DateTime<Utc> = listed[0]["next_attempt"].as_str().unwrap().parse().unwrap();
    assert!(next > Utc::now(), "backed off: {listed}");

    let out = hub.run(&["outbox", "flush"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(&format!("{id} sent")),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(portal.notes().len(), 1);
    assert_eq!(hub.outbox()[0]["state"], "sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_by_the_start_of_its_name_and_no_answer_either_way() {
    let portal = FakeHub::start().await;
    let accounts = [account("101", "Acme Corp"), account("102", "Beta Ltd")];
    let hub = Hub::with(&portal.uri(), &accounts, "");
    for (who, outcome) in [("acme", "no_answer"), ("ACM", "no-answer")] {
        let out = hub.run(&["log-play", who, "check-in", "--outcome", outcome]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(text(&out.stdout).trim().ends_with(" sent"));
    }
    let listed = hub.outbox();
    let rows = listed.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{listed}");
    for row in rows {
        assert_eq!(row["account_id"], "101");
        assert_eq!(row["outcome"], "no_answer");
    }
    assert_eq!(portal.notes().len(), 2);
    let body = portal.notes()[0].properties["hs_note_body"].clone();
    assert!(body.as_str().unwrap().contains("no answer"), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_play_lists_the_plays_offered_for_the_account() {
    let portal = FakeHub::start().await;
    let hub = Hub::with(&portal.uri(), &[account("101", "Acme Corp")], "");
    // `win-back` is a play of the model, but of pre-renewal: not offered
    // for an account in onboarding.
    for play in ["nope", "win-back"] {
        let out = hub.run(&["log-play", "101", play]);
        assert_eq!(out.status.code(), Some(2), "{play}");
        let said = text(&out.stderr);
        assert!(
            said.contains(&format!(
                "no play `{play}`; the plays offered for 101 (Acme Corp)"
            )),
            "{said}"
        );
        let offered = said.rsplit("are: ").next().unwrap().trim();
        assert_eq!(
            offered,
            "onboarding-kickstart, new-user-training, onboarding-education, confirm-renewal, check-in",
            "{said}"
        );
    }
    assert_eq!(hub.outbox(), Value::Array(vec![]));
    assert_eq!(portal.note_posts(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_that_several_accounts_start_with_exits_2_with_the_list() {
    let portal = FakeHub::start().await;
    let accounts = [
        account("101", "Acme Corp"),
        account("102", "Acme Labs"),
        account("103", "Beta Ltd"),
    ];
    let hub = Hub::with(&portal.uri(), &accounts, "");
    let out = hub.run(&["log-play", "acme", "check-in"]);
    assert_eq!(out.status.code(), Some(2));
    let said = text(&out.stderr);
    assert!(
        said.contains("`acme` matches 2 accounts; give an id:"),
        "{said}"
    );
    assert!(
        said.contains("101  Acme Corp") && said.contains("102  Acme Labs"),
        "{said}"
    );
    assert!(!said.contains("Beta"), "{said}");
    assert!(out.stdout.is_empty());
    assert_eq!(hub.outbox(), Value::Array(vec![]));
    // The same words as `orienteer account`.
    let account = hub.run(&["--offline", "account", "acme"]);
    assert_eq!(account.status.code(), Some(2));
    assert!(text(&account.stderr).contains("`acme` matches 2 accounts; give an id:"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_note_longer_than_hubspot_keeps_is_refused_before_it_is_queued() {
    let portal = FakeHub::start().await;
    let hub = Hub::new(&portal.uri());
    let long = "x".repeat(70_000);
    let out = hub.run(&["log-play", "101", "check-in", "--note", &long]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let said = text(&out.stderr);
    assert!(
        said.contains("70000 characters") && said.contains("at most 65,536"),
        "{said}"
    );
    assert_eq!(hub.outbox(), Value::Array(vec![]), "nothing queued");
    assert!(portal.notes().is_empty());
}
