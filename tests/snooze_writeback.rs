//! `[snooze] write_back`: a snooze also queues a note on the account
//! through the outbox, sent once as a logged play is. The real binary
//! against the fake HubSpot portal on loopback (a cached company with a
//! renewal overdue), and on the demo, whose writer keeps it local.
//!
//! cargo test --test snooze_writeback

mod common;
mod outbox_support;

use chrono::NaiveDate;
use orienteer::domain::Account;
use outbox_support::cli::{text, Hub};
use outbox_support::FakeHub;
use serde_json::Value;
use std::process::Output;

const AS_OF: &str = "2026-11-23";
const NOTE: &str = "Snoozed renewal_overdue until 2026-12-24: customer on vacation";

/// Company 101, open, its renewal three weeks past: a renewal_overdue alert.
fn overdue() -> Account {
    Account {
        id: "101".into(),
        name: "Acme".into(),
        renewal_date: NaiveDate::from_ymd_opt(2026, 11, 2),
        ..Account::default()
    }
}

fn ok(out: Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

fn snooze(hub: &Hub, offline: bool) -> String {
    let mut args = vec!["--as-of", AS_OF];
    if offline {
        args.push("--offline");
    }
    args.extend([
        "snooze",
        "101",
        "renewal_overdue",
        "--until",
        "2026-12-24",
        "--reason",
        "customer on vacation",
    ]);
    ok(hub.run(&args))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_write_back_the_portal_gets_exactly_one_note_with_the_snooze() {
    let portal = FakeHub::start().await;
    let hub = Hub::with(&portal.uri(), &[overdue()], "[snooze]\nwrite_back = true\n");
    // --offline queues and stops there; `outbox flush` sends.
    let said = snooze(&hub, true);
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(
        lines[0],
        "Snoozed renewal_overdue on Acme until 2026-12-24: customer on vacation"
    );
    assert!(
        lines[1].starts_with("note ") && lines[1].ends_with(" queued"),
        "{said}"
    );
    assert_eq!(portal.note_posts(), 0);
    let listed = hub.outbox();
    assert_eq!(listed[0]["kind"], "note", "{listed}");
    assert_eq!(listed[0]["note"], NOTE);

    let flushed = ok(hub.run(&["outbox", "flush"]));
    assert!(flushed.contains(" sent"), "{flushed}");
    let notes = portal.notes();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].company, "101");
    let body = notes[0].properties["hs_note_body"].as_str().unwrap();
    assert!(body.contains(NOTE), "{body}");
    assert!(body.contains("OrienteerLog"), "carries its key: {body}");
    assert!(portal.tasks().is_empty(), "a note has no follow-up task");
    // Sent is sent: another flush sends nothing again.
    ok(hub.run(&["outbox", "flush"]));
    assert_eq!(portal.note_posts(), 1);
    assert_eq!(hub.outbox()[0]["state"], "sent");

    // The note is no logged play: the account shows none, and the snooze
    // is kept as without write-back.
    let detail: Value = serde_json::from_str(&ok(hub.run(&[
        "--as-of",
        AS_OF,
        "--offline",
        "account",
        "101",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(detail["plays_logged"], Value::Array(vec![]), "{detail}");
    let snoozed = ok(hub.run(&["--as-of", AS_OF, "--offline", "snoozed"]));
    assert!(snoozed.contains("renewal_overdue"), "{snoozed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_write_back_a_snooze_stays_local() {
    let portal = FakeHub::start().await;
    let hub = Hub::with(&portal.uri(), &[overdue()], "");
    let said = snooze(&hub, false);
    assert_eq!(said.lines().count(), 1, "{said}");
    ok(hub.run(&["outbox", "flush"]));
    assert_eq!(portal.note_posts(), 0);
    assert_eq!(hub.outbox(), Value::Array(vec![]));
}

#[test]
fn the_demo_keeps_the_note_local_and_delivered_at_once() {
    let data = tempfile::tempdir().unwrap();
    let (_dir, config) = common::config::file("[snooze]\nwrite_back = true\n");
    let run = |args: &[&str]| {
        let mut all = vec!["--demo", "--as-of", AS_OF];
        all.extend_from_slice(args);
        ok(common::binary::run(&config, data.path(), &all))
    };
    let top: Value =
        serde_json::from_str(&run(&["watchlist", "--format", "json", "--limit", "1"])).unwrap();
    let id = top[0]["id"].as_str().unwrap();
    let alert = top[0]["alerts"][0]["id"].as_str().unwrap();
    let said = run(&[
        "snooze",
        id,
        alert,
        "--until",
        "2w",
        "--reason",
        "on vacation",
    ]);
    let note = said.lines().nth(1).unwrap_or_default();
    assert!(
        note.starts_with("note ") && note.ends_with(" sent"),
        "{said}"
    );
    let listed: Value =
        serde_json::from_str(&run(&["outbox", "list", "--format", "json"])).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["kind"], "note");
    assert_eq!(listed[0]["state"], "sent");
    let until = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    assert_eq!(
        listed[0]["note"],
        format!("Snoozed {alert} until {until}: on vacation")
    );
}
