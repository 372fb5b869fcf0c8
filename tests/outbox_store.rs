//! The outbox table in a real SQLite file: durable queueing, claims under a
//! lease, order per account, and what a crash leaves behind.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use orienteer::domain::account::{Delivery, PlayLog, PlayOutcome};
use orienteer::store::{Lease, NewLog, Settle, Store};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn log(id: &str) -> PlayLog {
    PlayLog {
        id: id.into(),
        play_id: "check-in".into(),
        outcome: PlayOutcome::Done,
        at: "2026-11-23".parse::<NaiveDate>().unwrap(),
        note: format!("note of {id}"),
        follow_up: None,
        prompted_by: None,
        state: Some(Delivery::Queued),
        error: None,
    }
}

const NOW: &str = "2026-11-23T10:00:00Z";

fn queue(store: &mut Store, source: &str, account: &str, id: &str) {
    store
        .queue_log(&NewLog {
            source,
            account_id: &account.into(),
            log: &log(id),
            play_title: "Check-in",
            at: t("2026-11-23T09:30:00Z"),
            now: t(NOW),
        })
        .unwrap();
}

fn lease(owner: &str, pid: u32) -> Lease {
    Lease {
        owner: owner.into(),
        pid,
        until: t(NOW) + TimeDelta::minutes(3),
    }
}

fn ids(rows: &[orienteer::store::OutboxRow]) -> Vec<&str> {
    rows.iter().map(|r| r.log.id.as_str()).collect()
}

#[test]
fn a_queued_log_is_in_the_file_when_queue_returns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    let mut store = Store::open(&path).unwrap();
    queue(&mut store, "hubspot x", "A1", "L1");
    // Another connection (another process) sees it at once.
    let other = Store::open(&path).unwrap();
    let rows = other.outbox(Some("hubspot x")).unwrap();
    assert_eq!(ids(&rows), ["L1"]);
    let row = &rows[0];
    assert_eq!(row.state(), Delivery::Queued);
    assert_eq!(row.at, t("2026-11-23T09:30:00Z"));
    assert_eq!(row.log.note, "note of L1");
    assert_eq!(row.play_title, "Check-in");
    assert!(!row.uncertain);
    assert_eq!(other.outbox_waiting("hubspot x").unwrap(), 1);
    assert_eq!(other.outbox_waiting("demo").unwrap(), 0);
    let sync: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert!(sync >= 1, "a fresh connection is not left on OFF");
}

#[test]
fn claims_take_the_oldest_log_of_each_account_and_only_for_their_source() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("o.db")).unwrap();
    queue(&mut store, "hubspot x", "A1", "L1");
    queue(&mut store, "hubspot x", "A1", "L2");
    queue(&mut store, "hubspot x", "B2", "L3");
    queue(&mut store, "demo", "A1", "D1");

    let me = lease("me", std::process::id());
    let claimed = store
        .claim_logs("hubspot x", &me, t(NOW), t(NOW), 10)
        .unwrap();
    assert_eq!(ids(&claimed), ["L1", "L3"]);
    assert!(claimed.iter().all(|r| !r.uncertain), "as they were before");
    // In the file they are now uncertain: an attempt is under way.
    assert!(store.outbox(Some("hubspot x")).unwrap()[0].uncertain);

    // Someone else (alive) gets nothing while the lease holds: not even L2,
    // which waits behind L1.
    let other = lease("other", std::process::id());
    assert!(store
        .claim_logs("hubspot x", &other, t(NOW), t(NOW), 10)
        .unwrap()
        .is_empty());

    // L1 sent: L2 is next for A1.
    assert!(store
        .settle_log(&"L1".into(), "me", &Settle::Sent, t(NOW))
        .unwrap());
    let claimed = store
        .claim_logs("hubspot x", &other, t(NOW), t(NOW), 10)
        .unwrap();
    assert_eq!(ids(&claimed), ["L2"]);
    let demo = store.claim_logs("demo", &me, t(NOW), t(NOW), 10).unwrap();
    assert_eq!(ids(&demo), ["D1"]);
}

#[test]
fn a_lease_ends_when_it_expires_or_its_process_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("o.db")).unwrap();
    queue(&mut store, "s", "A1", "L1");
    let alive = lease("alive", std::process::id());
    assert_eq!(
        store
            .claim_logs("s", &alive, t(NOW), t(NOW), 10)
            .unwrap()
            .len(),
        1
    );
    let next = lease("next", std::process::id());
    assert!(store
        .claim_logs("s", &next, t(NOW), t(NOW), 10)
        .unwrap()
        .is_empty());
    // After the lease's end, it is free; the log comes back uncertain.
    let after = t(NOW) + TimeDelta::minutes(4);
    let claimed = store.claim_logs("s", &next, after, after, 10).unwrap();
    assert_eq!(ids(&claimed), ["L1"]);
    assert!(claimed[0].uncertain, "the first attempt may have landed");
    // The old owner can no longer settle it.
    assert!(!store
        .settle_log(&"L1".into(), "alive", &Settle::Sent, after)
        .unwrap());

    // A holder that was killed (no such process) holds nothing.
    queue(&mut store, "s", "B1", "L2");
    let dead = lease("dead", dead_pid());
    let got = store.claim_logs("s", &dead, t(NOW), t(NOW), 10).unwrap();
    assert_eq!(ids(&got), ["L2"]);
    if std::path::Path::new("/proc/self").exists() {
        let third = lease("third", std::process::id());
        let got = store.claim_logs("s", &third, t(NOW), t(NOW), 10).unwrap();
        assert_eq!(ids(&got), ["L2"]);
    }
}

/// A process id that is not running: a child that has exited and been
/// waited for.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn settling_records_failures_and_backoff_and_requeue_and_discard_work() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("o.db")).unwrap();
    queue(&mut store, "s", "A1", "L1");
    queue(&mut store, "s", "B1", "L2");
    let me = lease("me", std::process::id());
    store.claim_logs("s", &me, t(NOW), t(NOW), 10).unwrap();
    let retry_at = t(NOW) + TimeDelta::seconds(30);
    store
        .settle_log(
            &"L1".into(),
            "me",
            &Settle::Later {
                error: "cannot reach the source".into(),
                next_at: retry_at,
            },
            t(NOW),
        )
        .unwrap();
    store
        .settle_log(
            &"L2".into(),
            "me",
            &Settle::Failed("400: bad".into()),
            t(NOW),
        )
        .unwrap();
    let rows = store.outbox(Some("s")).unwrap();
    assert_eq!(rows[0].state(), Delivery::Queued);
    assert_eq!(rows[0].next_at, retry_at);
    assert_eq!(rows[0].attempts, 1);
    assert!(rows[0].uncertain);
    assert_eq!(
        rows[0].log.error.as_deref(),
        Some("cannot reach the source")
    );
    assert_eq!(rows[1].state(), Delivery::Failed);
    assert!(!rows[1].uncertain);
    assert_eq!(store.outbox_next_due("s").unwrap(), Some(retry_at));

    // Not due yet; due later.
    assert!(store
        .claim_logs("s", &me, t(NOW), t(NOW), 10)
        .unwrap()
        .is_empty());
    assert_eq!(
        store
            .claim_logs("s", &me, t(NOW), retry_at, 10)
            .unwrap()
            .len(),
        1
    );

    // A failed log goes back in the queue, uncertain (it was tried).
    assert!(store.requeue_log(&"L2".into(), t(NOW)).unwrap());
    let row = store.outbox_row(&"L2".into()).unwrap().unwrap();
    assert_eq!(row.state(), Delivery::Queued);
    assert!(row.uncertain);
    // A leased log cannot be discarded; a free one can.
    assert!(!store.discard_log(&"L1".into(), t(NOW)).unwrap());
    assert!(store.discard_log(&"L2".into(), t(NOW)).unwrap());
    assert_eq!(ids(&store.outbox(None).unwrap()), ["L1"]);
}

#[test]
fn a_log_that_cannot_be_read_back_is_failed_and_the_others_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    let mut store = Store::open(&path).unwrap();
    queue(&mut store, "rest x", "A1", "L1");
    queue(&mut store, "rest x", "A1", "L2");
    queue(&mut store, "rest x", "B1", "L3");
    // A row damaged on disk (a bad write, a hand edit).
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute("UPDATE outbox SET log = '{not json' WHERE id = 'L1'", [])
        .unwrap();
    drop(raw);

    let rows = store
        .claim_logs(
            "rest x",
            &lease("me", std::process::id()),
            t(NOW),
            t(NOW),
            10,
        )
        .unwrap();
    assert_eq!(ids(&rows), ["L3"], "the readable one is claimed");
    // L1 is failed with why; the account's next log is claimable.
    let state: (String, String) = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("SELECT state, error FROM outbox WHERE id = 'L1'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(state.0, "failed");
    assert!(
        state.1.contains("cannot be read back") && state.1.contains("not sent"),
        "{}",
        state.1
    );
    let rows = store
        .claim_logs(
            "rest x",
            &lease("me", std::process::id()),
            t(NOW),
            t(NOW),
            10,
        )
        .unwrap();
    assert!(ids(&rows).contains(&"L2"), "{:?}", ids(&rows));
}
