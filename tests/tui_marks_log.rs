//! `p` with marks: one play logger for every marked account, one log per
//! account. Through `update` with the in-memory outbox, then the real
//! SQLite outbox and its flusher against the fake HubSpot portal on
//! loopback: exactly one outbox row and one note per marked account.

mod common;
mod outbox_support;
mod tui_logger_support;

use common::Harness;
use crossterm::event::KeyCode;
use orienteer::domain::account::Delivery;
use orienteer::domain::vocab::AccountId;
use orienteer::domain::Account;
use orienteer::outbox::Outbox;
use orienteer::tui::outbox_sink::OutboxSink;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;
use tui_logger_support::*;

/// The first `n` rows of the list marked; their ids, in the list's order.
fn mark_top(h: &mut Harness, n: usize) -> Vec<AccountId> {
    let p = h.app.portfolio().unwrap();
    let ids: Vec<AccountId> = h.app.visible[..n]
        .iter()
        .map(|&i| p.accounts[i as usize].id.clone())
        .collect();
    for _ in 0..n {
        h.key(KeyCode::Char(' '));
    }
    ids
}

/// `p`, Enter (the highlighted play), a note, Enter: submitted.
fn log_on_marks(h: &mut Harness, note: &str) {
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Enter);
    h.chars(note);
    h.key(KeyCode::Enter);
}

#[test]
fn p_with_marks_queues_one_log_per_marked_account_from_one_form() {
    let (mut h, sink) = harness(80, 24);
    let ids = mark_top(&mut h, 3);
    let logged = |h: &Harness| -> Vec<usize> {
        let p = h.app.shown().unwrap();
        let each = ids.iter().map(|id| p.account(p.find(id.as_str()).unwrap()));
        each.map(|a| a.plays_logged.len()).collect()
    };
    let before = logged(&h);
    h.key(KeyCode::Char('p'));
    let l = logger(&h);
    assert_eq!(l.bulk.as_ref().unwrap().targets.len(), 3);
    let screen = h.screen();
    assert!(screen.contains("Log on 3 accounts"), "{screen}");
    h.key(KeyCode::Enter);
    h.chars("quarterly check-in");
    h.key(KeyCode::Enter);

    let drafts = sink.drafts.lock().unwrap().clone();
    let accounts: Vec<AccountId> = drafts.iter().map(|d| d.account_id.clone()).collect();
    assert_eq!(accounts, ids, "one log each, in the list's order");
    assert!(drafts.iter().all(|d| d.note == "quarterly check-in"));
    let plays: BTreeSet<_> = drafts.iter().map(|d| d.play_id.clone()).collect();
    assert_eq!(plays.len(), 1, "one play for all");
    assert!(h.app.logger().is_none(), "the form closed");
    assert_eq!(h.app.notice.as_deref(), Some("queued 3 logs"));
    assert_eq!(h.app.deliveries.waiting, 3);
    // Each log shows on its own account.
    let after: Vec<usize> = before.iter().map(|n| n + 1).collect();
    assert_eq!(logged(&h), after);
    assert_eq!(h.app.marks.len(), 3, "the marks stay for the next action");
}

#[test]
fn a_store_error_on_one_account_names_it_and_keeps_the_others_queued() {
    let (mut h, sink) = harness(80, 24);
    let ids = mark_top(&mut h, 3);
    *sink.refuse_account.lock().unwrap() = Some((ids[1].clone(), "disk full"));
    let name = {
        let p = h.app.portfolio().unwrap();
        p.accounts[p.find(ids[1].as_str()).unwrap()].name.clone()
    };
    log_on_marks(&mut h, "called");
    assert_eq!(sink.drafts.lock().unwrap().len(), 2, "the others queued");
    let notice = h.app.notice.clone().unwrap();
    assert!(notice.starts_with("queued 2 logs"), "{notice}");
    assert!(
        notice.contains(&format!("{name}: not queued: disk full")),
        "{notice}"
    );
}

#[test]
fn without_marks_p_is_the_one_account_logger() {
    let (mut h, _sink) = harness(80, 24);
    h.key(KeyCode::Char('p'));
    assert!(logger(&h).bulk.is_none());
    assert!(h.screen().contains("Log a play · "));
}

fn bulk_form(width: u16, height: u16) -> String {
    let (mut h, _sink) = harness(width, height);
    mark_top(&mut h, 12);
    h.key(KeyCode::Char('p'));
    h.draw()
}

#[test]
fn bulk_log_form_80x24() {
    let screen = bulk_form(80, 24);
    assert!(screen.contains("Log on 12 accounts"), "{screen}");
    assert!(screen.contains("more"), "names cut to fit: {screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn bulk_log_form_160x48() {
    insta::assert_snapshot!(bulk_form(160, 48));
}

/// Companies 101, 102 and 103, open.
fn companies() -> Vec<Account> {
    (1..=3)
        .map(|n| Account {
            id: format!("10{n}").as_str().into(),
            name: format!("Company {n}"),
            ..Account::default()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_log_is_one_outbox_row_and_one_note_per_account() {
    let hub = outbox_support::FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::new(dir.path().join("orienteer.db"), "hubspot test");
    let mut h = Harness::with_accounts(companies(), 80, 24, false);
    let writer = Arc::new(outbox_support::hubspot(&hub));
    let (sink, mut updates, _now) = OutboxSink::start(outbox.clone(), writer, h.app.engine.clone());
    h.app.play_sink = Some(Arc::new(sink));
    h.key(KeyCode::Char('*'));
    assert_eq!(h.app.marks.len(), 3);
    log_on_marks(&mut h, "renewal prep");
    assert_eq!(h.app.notice.as_deref(), Some("queued 3 logs"));

    let rows = outbox.list().unwrap();
    assert_eq!(rows.len(), 3, "one row per account");
    let ids: BTreeSet<_> = rows.iter().map(|r| r.log.id.clone()).collect();
    assert_eq!(ids.len(), 3, "each its own id");

    let mut sent = BTreeSet::new();
    for _ in 0..3 {
        let d = outbox_support::draft::next_delivery(&mut updates, Duration::from_secs(20)).await;
        if d.state == Delivery::Sent {
            sent.insert(d.account_id.to_string());
        }
    }
    assert_eq!(sent.len(), 3, "each sent");
    let notes = hub.notes();
    let companies: Vec<String> = notes.iter().map(|n| n.company.clone()).collect();
    assert_eq!(notes.len(), 3, "exactly one note each: {companies:?}");
    let once: BTreeSet<String> = companies.iter().cloned().collect();
    let want: BTreeSet<String> = ["101", "102", "103"].map(String::from).into();
    assert_eq!(once, want, "one on each company: {companies:?}");
    assert_eq!(sent, want);
    assert!(notes.iter().all(|n| n.properties["hs_note_body"]
        .as_str()
        .is_some_and(|b| b.contains("renewal prep"))));
}
