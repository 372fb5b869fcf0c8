//! Whose a logged play is in HubSpot: the note and the follow-up task carry
//! `hubspot_owner_id`, the account's owner when the owner is a HubSpot
//! user, else the user `me` names, else no owner at all. The owner is the
//! one the local cache holds; the users are read once per flush.

mod common;
mod outbox_support;

use chrono::{NaiveDate, Utc};
use orienteer::domain::Account;
use orienteer::outbox::Outbox;
use orienteer::source::hubspot::HubSpot;
use orienteer::store::{Change, Store};
use outbox_support::FakeHub;
use serde_json::{json, Value};

const SOURCE: &str = "hubspot test";

/// Two users, as `GET /crm/v3/owners` lists them.
fn users() -> Vec<Value> {
    let user = |id: &str, email: &str, first: &str, last: &str, user_id: u64| {
        json!({
            "id": id, "email": email, "type": "PERSON",
            "firstName": first, "lastName": last,
            "userId": user_id, "userIdIncludingInactive": user_id,
            "createdAt": "2024-03-01T10:00:00.000Z", "updatedAt": "2026-10-01T10:00:00.000Z",
            "archived": false, "teams": []
        })
    };
    vec![
        user("77", "dana@example.com", "Dana", "Reyes", 9001),
        user("78", "sam@example.com", "Sam", "Lee", 9002),
    ]
}

/// The store with accounts 101 (owner Dana Reyes, a user), 102 (owner
/// Fox Mulder, not a user) and 103 (no owner), as a sync cached them.
fn store(dir: &tempfile::TempDir) -> Outbox {
    let path = dir.path().join("orienteer.db");
    let account = |id: &str, owner: Option<&str>| Account {
        id: id.into(),
        name: format!("Co {id}"),
        owner: owner.map(str::to_string),
        ..Account::default()
    };
    let accounts = [
        account("101", Some("Dana Reyes")),
        account("102", Some("Fox Mulder")),
        account("103", None),
    ];
    Store::open(&path)
        .unwrap()
        .write_accounts(SOURCE, Change::Full(&accounts), Utc::now())
        .unwrap();
    Outbox::new(path, SOURCE)
}

fn writer(hub: &FakeHub, me: Option<&str>) -> HubSpot {
    outbox_support::hubspot(hub).with_me(me)
}

fn queue(outbox: &Outbox, account: &str) {
    let day: NaiveDate = "2026-11-23".parse().unwrap();
    let draft = outbox_support::draft::draft(account).follow_up("2026-11-30");
    outbox.queue(&draft, day, "Check-in call").unwrap();
}

/// The `hubspot_owner_id` of the note and of the task made for `company`.
fn owners_of(hub: &FakeHub, company: &str) -> (Value, Value) {
    let of = |all: Vec<outbox_support::Created>| {
        let c = all.into_iter().find(|c| c.company == company).unwrap();
        c.properties
            .get("hubspot_owner_id")
            .cloned()
            .unwrap_or(Value::Null)
    };
    (of(hub.notes()), of(hub.tasks()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_note_and_task_go_to_the_accounts_owner_when_a_hubspot_user() {
    let hub = FakeHub::start().await;
    hub.set_owners(users());
    let dir = tempfile::tempdir().unwrap();
    let outbox = store(&dir);
    queue(&outbox, "101");
    queue(&outbox, "101");

    let report = outbox.flush_once(&writer(&hub, None)).await.unwrap();
    assert_eq!(report.sent, 2, "{report:?}");
    for (note, task) in hub.notes().iter().zip(hub.tasks()) {
        assert_eq!(note.properties["hubspot_owner_id"], "77");
        assert_eq!(task.properties["hubspot_owner_id"], "77");
    }
    assert_eq!(hub.owner_reads(), 1, "the users are read once per flush");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_who_is_not_a_user_gives_way_to_me() {
    let hub = FakeHub::start().await;
    hub.set_owners(users());
    let dir = tempfile::tempdir().unwrap();
    let outbox = store(&dir);
    queue(&outbox, "102");
    queue(&outbox, "103");

    let report = outbox
        .flush_once(&writer(&hub, Some("sam@example.com")))
        .await
        .unwrap();
    assert_eq!(report.sent, 2, "{report:?}");
    assert_eq!(owners_of(&hub, "102"), (json!("78"), json!("78")));
    assert_eq!(owners_of(&hub, "103"), (json!("78"), json!("78")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_neither_the_note_and_task_carry_no_owner() {
    let hub = FakeHub::start().await;
    hub.set_owners(users());
    let dir = tempfile::tempdir().unwrap();
    let outbox = store(&dir);
    queue(&outbox, "102");
    queue(&outbox, "103");

    // `me` names no user either.
    let report = outbox
        .flush_once(&writer(&hub, Some("Walter Skinner")))
        .await
        .unwrap();
    assert_eq!(report.sent, 2, "{report:?}");
    assert_eq!(owners_of(&hub, "102"), (Value::Null, Value::Null));
    assert_eq!(owners_of(&hub, "103"), (Value::Null, Value::Null));
    let note = &hub.notes()[0].properties;
    assert_eq!(
        note.as_object().unwrap().len(),
        2,
        "standard properties only: {note}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_log_of_an_account_nobody_owns_reads_no_users() {
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let outbox = store(&dir);
    queue(&outbox, "103");
    let report = outbox.flush_once(&writer(&hub, None)).await.unwrap();
    assert_eq!(report.sent, 1, "{report:?}");
    assert_eq!(hub.owner_reads(), 0);
}
