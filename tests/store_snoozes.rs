//! Snoozes in a real store file: put, replaced, listed, removed one or
//! all; kept per source; untouched by a full sync that deletes their
//! account; there again after a restart.

use chrono::{DateTime, NaiveDate, Utc};
use orienteer::domain::snooze::Snooze;
use orienteer::domain::{Account, AccountId, AlertKind, Severity};
use orienteer::store::{Change, SnoozeRow, Store, SyncWrite};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn snooze(alert: AlertKind, until: &str, reason: &str) -> Snooze {
    Snooze {
        alert,
        at: day("2026-11-23"),
        until: day(until),
        reason: reason.into(),
        severity: Severity::Critical,
        depth: Some(25.0),
    }
}

fn account(id: &str) -> Account {
    Account {
        id: id.into(),
        name: format!("Account {id}"),
        ..Account::default()
    }
}

fn full_sync(store: &mut Store, accounts: &[Account]) {
    let at: DateTime<Utc> = "2026-11-23T09:00:00Z".parse().unwrap();
    store
        .commit_sync(&SyncWrite {
            source: "hubspot",
            description: "HubSpot",
            fetched_at: at,
            change: Change::Full(accounts),
            cursors: &[],
        })
        .unwrap();
}

#[test]
fn snoozes_are_kept_replaced_and_removed_and_no_sync_touches_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orienteer.db");
    let a1: AccountId = "A1".into();
    let a2: AccountId = "A2".into();
    {
        let mut store = Store::open(&path).unwrap();
        full_sync(&mut store, &[account("A1"), account("A2")]);
        let usage = snooze(AlertKind::UsageDecline, "2026-12-24", "on vacation");
        store.put_snooze("hubspot", &a1, &usage).unwrap();
        store
            .put_snooze(
                "hubspot",
                &a1,
                &snooze(AlertKind::ChampionLeft, "2026-12-01", "new one hired"),
            )
            .unwrap();
        store
            .put_snooze(
                "hubspot",
                &a2,
                &snooze(AlertKind::UsageDecline, "2026-12-10", "x"),
            )
            .unwrap();
        // Another source's snooze of the same id is its own.
        store
            .put_snooze(
                "demo",
                &a1,
                &snooze(AlertKind::UsageDecline, "2027-01-01", "demo"),
            )
            .unwrap();
        // Snoozing again replaces.
        let again = Snooze {
            until: day("2027-01-07"),
            depth: None,
            ..usage
        };
        store.put_snooze("hubspot", &a1, &again).unwrap();

        // A full sync that no longer lists A1 deletes the account, not its
        // snoozes (the account may come back; the CSM's word stays).
        full_sync(&mut store, &[account("A2")]);
        assert_eq!(store.account_count("hubspot").unwrap(), 1);
    }
    // A restart: a new process opens the file.
    let mut store = Store::open(&path).unwrap();
    let rows = store.snoozes("hubspot").unwrap();
    let list: Vec<(&str, AlertKind, NaiveDate, Option<f64>)> = rows
        .iter()
        .map(|r: &SnoozeRow| {
            (
                r.account_id.as_str(),
                r.snooze.alert,
                r.snooze.until,
                r.snooze.depth,
            )
        })
        .collect();
    assert_eq!(
        list,
        [
            ("A1", AlertKind::ChampionLeft, day("2026-12-01"), Some(25.0)),
            ("A1", AlertKind::UsageDecline, day("2027-01-07"), None),
            ("A2", AlertKind::UsageDecline, day("2026-12-10"), Some(25.0)),
        ]
    );
    assert_eq!(rows[1].snooze.reason, "on vacation");
    assert_eq!(store.snoozes("demo").unwrap().len(), 1);

    // One alert, then all; nothing left to remove is no error.
    assert_eq!(
        store
            .delete_snoozes("hubspot", &a1, Some(AlertKind::ChampionLeft))
            .unwrap(),
        [AlertKind::ChampionLeft]
    );
    assert_eq!(
        store.delete_snoozes("hubspot", &a2, None).unwrap(),
        [AlertKind::UsageDecline]
    );
    assert!(store
        .delete_snoozes("hubspot", &a2, None)
        .unwrap()
        .is_empty());
    let left: Vec<_> = store
        .snoozes("hubspot")
        .unwrap()
        .into_iter()
        .map(|r| (r.account_id.to_string(), r.snooze.alert))
        .collect();
    assert_eq!(left, [("A1".to_string(), AlertKind::UsageDecline)]);
    assert_eq!(store.snoozes("demo").unwrap().len(), 1, "the demo's kept");
}

#[test]
fn snoozes_ended_30_days_ago_are_forgotten_and_the_rest_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orienteer.db");
    let mut store = Store::open(&path).unwrap();
    let put = |store: &mut Store, source: &str, id: &str, until: &str| {
        let s = snooze(AlertKind::UsageDecline, until, "r");
        store.put_snooze(source, &id.into(), &s).unwrap();
    };
    put(&mut store, "hubspot", "A1", "2026-09-01"); // long ended
    put(&mut store, "hubspot", "A2", "2026-10-24"); // ended 30 days ago
    put(&mut store, "hubspot", "A3", "2026-10-25"); // 29 days ago: listed
    put(&mut store, "hubspot", "A4", "2026-12-24"); // holds
    put(&mut store, "demo", "A1", "2026-09-01"); // another source's
    let today = day("2026-11-23");
    assert_eq!(store.forget_snoozes("hubspot", today).unwrap(), 2);
    let left: Vec<String> = store
        .snoozes("hubspot")
        .unwrap()
        .into_iter()
        .map(|r| r.account_id.to_string())
        .collect();
    assert_eq!(left, ["A3", "A4"]);
    assert_eq!(store.snoozes("demo").unwrap().len(), 1, "the demo's kept");
    // Nothing more to forget that day; the next day takes A3.
    assert_eq!(store.forget_snoozes("hubspot", today).unwrap(), 0);
    let next = day("2026-11-24");
    assert_eq!(store.forget_snoozes("hubspot", next).unwrap(), 1);
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.snoozes("hubspot").unwrap().len(), 1);
}
