//! The local store against a real SQLite file in a temp dir: accounts,
//! score history and sync metadata.

use chrono::{DateTime, NaiveDate, Utc};
use orienteer::domain::account::{Contact, Event, Observed, PlayLog, PlayOutcome, Point, Series};
use orienteer::domain::{Account, AccountId, Band, ContactRole, EventKind, Metric};
use orienteer::store::{Change, Store, SyncError, SyncWrite};
use tempfile::TempDir;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn time(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn open() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("orienteer.db")).unwrap();
    (dir, store)
}

/// An account with something in every part: metrics, milestones, events,
/// contacts and logged plays.
fn account(id: &str, name: &str) -> Account {
    let mut a = Account {
        id: id.into(),
        name: name.into(),
        owner: Some("Dana".into()),
        segment: Some("Enterprise".into()),
        domain: Some(format!("{}.example", name.to_lowercase())),
        url: Some(format!("https://crm.example/accounts/{id}")),
        stage: Some(Observed {
            value: "established".into(),
            as_of: Some(day("2026-10-01")),
        }),
        contract_start: Some(day("2025-06-01")),
        renewal_date: Some(day("2027-06-01")),
        arr: Some(120_000.5),
        ..Account::default()
    };
    let weeks = |start: f32| {
        Series::new(
            (0..8)
                .map(|w| Point {
                    at: day("2026-09-07") + chrono::Days::new(7 * w),
                    value: start - w as f32 * 1.5,
                })
                .collect(),
        )
    };
    a.metrics.set(Metric::ActiveUsers, weeks(80.0));
    a.metrics.set(Metric::Licenses, weeks(100.0));
    a.metrics.set(Metric::Nps, weeks(30.0));
    a.milestones.insert("kickoff".into(), day("2025-06-10"));
    a.milestones.insert("first_value".into(), day("2025-08-01"));
    a.events.push(Event {
        kind: EventKind::ChampionLeft,
        at: day("2026-10-20"),
        detail: Some("moved to a competitor".into()),
    });
    a.events.push(Event {
        kind: EventKind::Other("renewal_signed".into()),
        at: day("2026-09-01"),
        detail: None,
    });
    a.contacts.push(Contact {
        name: "Ann Lee".into(),
        role: Some(ContactRole::ExecSponsor),
        email: Some("ann@example.com".into()),
        last_seen: Some(day("2026-11-20")),
        as_of: Some(day("2026-11-22")),
    });
    a.contacts.push(Contact {
        name: "Bo".into(),
        role: Some(ContactRole::Other("cfo".into())),
        email: None,
        last_seen: None,
        as_of: None,
    });
    a.plays_logged.push(PlayLog {
        id: format!("L-{id}").as_str().into(),
        play_id: "check-in".into(),
        outcome: PlayOutcome::NoAnswer,
        at: day("2026-11-02"),
        note: "voicemail, \"call back\" ✓".into(),
        follow_up: Some(day("2026-11-09")),
        prompted_by: Some("check-in@established".into()),
        state: None,
        error: None,
    });
    a
}

fn ids(accounts: &[Account]) -> Vec<&str> {
    accounts.iter().map(|a| a.id.as_str()).collect()
}

#[test]
fn accounts_come_back_as_they_went_in() {
    let (_dir, mut store) = open();
    let accounts = vec![
        account("A2", "Beta"),
        account("A1", "Acme"),
        Account::default(),
    ];
    store
        .write_accounts(
            "hubspot",
            Change::Full(&accounts),
            time("2026-11-23T09:00:00Z"),
        )
        .unwrap();
    let back = store.load_accounts("hubspot").unwrap();
    // In id order; the empty-id account too: the store keeps what it gets.
    assert_eq!(ids(&back), ["", "A1", "A2"]);
    assert_eq!(back[1], accounts[1]);
    assert_eq!(back[2], accounts[0]);
    assert_eq!(back[0], accounts[2]);
    assert_eq!(store.account_count("hubspot").unwrap(), 3);
}

#[test]
fn accounts_survive_closing_and_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/orienteer.db");
    let a = account("A1", "Acme");
    {
        let mut store = Store::open(&path).unwrap();
        store
            .write_accounts(
                "rest",
                Change::Full(std::slice::from_ref(&a)),
                time("2026-11-23T09:00:00Z"),
            )
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.path(), path);
    assert_eq!(store.load_accounts("rest").unwrap(), [a]);
}

#[test]
fn a_full_sync_replaces_the_snapshot_and_an_incremental_one_upserts_and_deletes() {
    let (_dir, mut store) = open();
    let at = time("2026-11-23T09:00:00Z");
    let first = [
        account("A1", "Acme"),
        account("A2", "Beta"),
        account("A3", "Gamma"),
    ];
    store
        .write_accounts("hubspot", Change::Full(&first), at)
        .unwrap();
    // Another source's accounts are its own.
    store
        .write_accounts("demo", Change::Full(&[account("D1", "Demo")]), at)
        .unwrap();

    // A full sync: A1 changed, A2 gone, A4 new.
    let mut a1 = account("A1", "Acme");
    a1.arr = Some(1.0);
    store
        .write_accounts(
            "hubspot",
            Change::Full(&[a1.clone(), account("A4", "Delta")]),
            at,
        )
        .unwrap();
    let back = store.load_accounts("hubspot").unwrap();
    assert_eq!(ids(&back), ["A1", "A4"]);
    assert_eq!(back[0], a1);
    assert_eq!(ids(&store.load_accounts("demo").unwrap()), ["D1"]);

    // An incremental sync: A4 changes, A5 comes, A1 goes; the rest stays.
    let mut a4 = account("A4", "Delta");
    a4.name = "Delta Corp".into();
    store
        .write_accounts(
            "hubspot",
            Change::Incremental {
                upsert: &[a4.clone(), account("A5", "Eps")],
                delete: &[],
            },
            at,
        )
        .unwrap();
    let gone = store
        .write_accounts(
            "hubspot",
            Change::Incremental {
                upsert: &[],
                delete: &[AccountId::from("A1"), AccountId::from("nope")],
            },
            Utc::now(),
        )
        .unwrap();
    assert_eq!(gone, 1);
    let back = store.load_accounts("hubspot").unwrap();
    assert_eq!(ids(&back), ["A4", "A5"]);
    assert_eq!(back[0].name, "Delta Corp");
    assert_eq!(ids(&store.load_accounts("demo").unwrap()), ["D1"]);
    assert!(store.load_accounts("never").unwrap().is_empty());
}

#[test]
fn a_sync_commits_accounts_metadata_and_cursors_together() {
    let (_dir, mut store) = open();
    assert_eq!(store.sync_state("hubspot").unwrap(), None);
    store
        .commit_sync(&SyncWrite {
            source: "hubspot",
            description: "HubSpot (portal 1234)",
            fetched_at: time("2026-11-23T09:00:00Z"),
            change: Change::Full(&[account("A1", "Acme"), account("A2", "Beta")]),
            cursors: &[
                ("after", "A2"),
                ("hs_lastmodifieddate", "2026-11-23T08:59:00Z"),
            ],
        })
        .unwrap();
    store
        .commit_sync(&SyncWrite {
            source: "hubspot",
            description: "HubSpot (portal 1234)",
            fetched_at: time("2026-11-23T09:10:00Z"),
            change: Change::Incremental {
                upsert: &[account("A3", "Gamma")],
                delete: &["A1".into()],
            },
            cursors: &[("hs_lastmodifieddate", "2026-11-23T09:09:00Z")],
        })
        .unwrap();
    assert_eq!(ids(&store.load_accounts("hubspot").unwrap()), ["A2", "A3"]);
    let state = store.sync_state("hubspot").unwrap().unwrap();
    assert_eq!(state.description, "HubSpot (portal 1234)");
    assert_eq!(state.last_success, Some(time("2026-11-23T09:10:00Z")));
    assert_eq!(
        state.cursors["after"], "A2",
        "a cursor not named keeps its value"
    );
    assert_eq!(state.cursors["hs_lastmodifieddate"], "2026-11-23T09:09:00Z");
}

/// A sync says how many accounts it added, changed or removed; an account
/// that came back the same is not one of them.
#[test]
fn a_sync_counts_what_it_changed() {
    let (_dir, mut store) = open();
    let full = |store: &mut orienteer::store::Store, accounts: &[orienteer::domain::Account]| {
        store
            .commit_sync(&SyncWrite {
                source: "rest",
                description: "REST",
                fetched_at: time("2026-11-23T09:00:00Z"),
                change: Change::Full(accounts),
                cursors: &[],
            })
            .unwrap()
    };
    let (a, b, c) = (
        account("A1", "Acme"),
        account("A2", "Beta"),
        account("A3", "Gamma"),
    );
    assert_eq!(full(&mut store, &[a.clone(), b.clone()]), 2);
    assert_eq!(full(&mut store, &[a.clone(), b.clone()]), 0);
    // Beta renamed, Gamma new, Acme gone: three.
    let beta = account("A2", "Beta Corp");
    assert_eq!(full(&mut store, &[beta.clone(), c.clone()]), 3);
    assert_eq!(ids(&store.load_accounts("rest").unwrap()), ["A2", "A3"]);
    assert_eq!(store.load_accounts("rest").unwrap()[0].name, "Beta Corp");
    let changed = store
        .commit_sync(&SyncWrite {
            source: "rest",
            description: "REST",
            fetched_at: time("2026-11-23T09:10:00Z"),
            change: Change::Incremental {
                upsert: &[beta, account("A4", "Delta")],
                delete: &["A3".into(), "A9".into()],
            },
            cursors: &[],
        })
        .unwrap();
    assert_eq!(
        changed, 2,
        "Delta added, Gamma removed; Beta the same, A9 never there"
    );
}

#[test]
fn metadata_and_cursors_are_kept_per_source() {
    let (_dir, mut store) = open();
    store
        .set_description("rest", "REST api.example.com")
        .unwrap();
    let state = store.sync_state("rest").unwrap().unwrap();
    assert_eq!(state.description, "REST api.example.com");
    assert_eq!(state.last_success, None);
    assert!(state.cursors.is_empty());

    store.set_cursor("rest", "page", "3").unwrap();
    store.set_cursor("rest", "page", "4").unwrap();
    store.set_cursor("hubspot", "after", "x").unwrap();
    assert_eq!(store.cursor("rest", "page").unwrap().as_deref(), Some("4"));
    assert_eq!(store.cursor("rest", "after").unwrap(), None);
    store
        .record_success(
            "rest",
            "REST api.example.com (v2)",
            time("2026-11-23T10:00:00.250Z"),
        )
        .unwrap();
    let state = store.sync_state("rest").unwrap().unwrap();
    assert_eq!(state.description, "REST api.example.com (v2)");
    assert_eq!(state.last_success, Some(time("2026-11-23T10:00:00.250Z")));
    store.clear_cursors("rest").unwrap();
    assert_eq!(store.cursor("rest", "page").unwrap(), None);
    assert_eq!(
        store.cursor("hubspot", "after").unwrap().as_deref(),
        Some("x")
    );
}

#[test]
fn a_failed_sync_is_remembered_until_the_next_success() {
    let (_dir, mut store) = open();
    let at = time("2026-11-23T09:00:00Z");
    store
        .commit_sync(&SyncWrite {
            source: "hubspot",
            description: "HubSpot (portal 1234)",
            fetched_at: at,
            change: Change::Full(&[account("A1", "Acme")]),
            cursors: &[("after", "A1")],
        })
        .unwrap();
    let auth = SyncError {
        kind: "auth".into(),
        message: "the source rejected the credentials: 401 expired".into(),
        at: time("2026-11-23T09:50:00Z"),
    };
    store
        .record_error("hubspot", "HubSpot (portal 1234)", &auth)
        .unwrap();
    let state = store.sync_state("hubspot").unwrap().unwrap();
    // What the TUI needs for "stale: last sync failed 10 min ago (auth)".
    assert_eq!(state.last_error.as_ref(), Some(&auth));
    assert_eq!(
        state.last_success,
        Some(at),
        "the data is still as of the last success"
    );
    assert_eq!(state.cursors["after"], "A1");
    assert_eq!(store.account_count("hubspot").unwrap(), 1);

    // A later error replaces it; another source's is its own.
    let network = SyncError {
        kind: "network".into(),
        message: "cannot reach the source: timed out".into(),
        at: time("2026-11-23T10:00:00Z"),
    };
    store
        .record_error("hubspot", "HubSpot (portal 1234)", &network)
        .unwrap();
    store
        .record_error("rest", "REST api.example.com", &auth)
        .unwrap();
    let state = store.sync_state("hubspot").unwrap().unwrap();
    assert_eq!(state.last_error, Some(network));
    let rest = store.sync_state("rest").unwrap().unwrap();
    assert_eq!(rest.last_success, None);
    assert_eq!(rest.last_error.as_ref(), Some(&auth));

    store
        .record_success(
            "hubspot",
            "HubSpot (portal 1234)",
            time("2026-11-23T10:05:00Z"),
        )
        .unwrap();
    assert_eq!(
        store.sync_state("hubspot").unwrap().unwrap().last_error,
        None
    );
    assert_eq!(
        store.sync_state("rest").unwrap().unwrap().last_error,
        Some(auth)
    );
}

#[test]
fn the_store_holds_no_secret() {
    // What a source stores is its description and cursors; the test writes
    // a realistic set and checks the raw file for anything token-like.
    let (dir, mut store) = open();
    store
        .commit_sync(&SyncWrite {
            source: "hubspot",
            description: "HubSpot (portal 1234)",
            fetched_at: time("2026-11-23T09:00:00Z"),
            change: Change::Full(&[account("A1", "Acme")]),
            cursors: &[("after", "A1")],
        })
        .unwrap();
    let error = SyncError {
        kind: "auth".into(),
        message: "the source rejected the credentials: 401".into(),
        at: time("2026-11-23T09:10:00Z"),
    };
    store
        .record_error("hubspot", "HubSpot (portal 1234)", &error)
        .unwrap();
    drop(store);
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    let text = String::from_utf8_lossy(&bytes).to_lowercase();
    for secret in ["bearer", "token", "authorization", "api_key", "pat-"] {
        assert!(!text.contains(secret), "{secret} found in the store");
    }
}

#[test]
fn scores_are_recorded_once_per_account_and_day() {
    let (_dir, mut store) = open();
    let a1 = AccountId::from("A1");
    let a2 = AccountId::from("A2");
    store
        .record_scores(
            day("2026-11-21"),
            &[
                (a1.clone(), Some(70.0), Band::Good),
                (a2.clone(), None, Band::Unknown),
            ],
        )
        .unwrap();
    store
        .record_scores(
            day("2026-11-22"),
            &[(a1.clone(), Some(64.5), Band::Average)],
        )
        .unwrap();
    // The same day again: replaced, not added (a second load that day).
    for score in [61.0, 62.0] {
        store
            .record_scores(
                day("2026-11-23"),
                &[(a1.clone(), Some(score), Band::Average)],
            )
            .unwrap();
    }
    store
        .record_scores(
            day("2026-11-23"),
            &[(a2.clone(), Some(f64::NAN), Band::Unknown)],
        )
        .unwrap();

    assert_eq!(
        store.score_history(&a1, day("2026-11-01")).unwrap(),
        [
            (day("2026-11-21"), Some(70.0)),
            (day("2026-11-22"), Some(64.5)),
            (day("2026-11-23"), Some(62.0)),
        ]
    );
    assert_eq!(
        store.score_history(&a1, day("2026-11-22")).unwrap(),
        [
            (day("2026-11-22"), Some(64.5)),
            (day("2026-11-23"), Some(62.0))
        ]
    );
    assert_eq!(
        store.score_history(&a2, day("2000-01-01")).unwrap(),
        [(day("2026-11-21"), None), (day("2026-11-23"), None)],
        "no data stays no data, a NaN included"
    );
    assert!(store
        .score_history(&"A9".into(), day("2000-01-01"))
        .unwrap()
        .is_empty());

    assert_eq!(store.prune_scores(day("2026-11-22")).unwrap(), 2);
    assert_eq!(
        store.score_history(&a1, day("2000-01-01")).unwrap().len(),
        2
    );
}
