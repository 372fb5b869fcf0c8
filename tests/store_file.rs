//! The store's file: where it lives, who may read it, two processes at
//! once, and files that are not a store.

use chrono::{DateTime, Utc};
use orienteer::domain::{Account, AccountId, Band};
use orienteer::store::{schema, Change, Store, StoreError};
use std::path::Path;
use std::time::Duration;

fn at() -> DateTime<Utc> {
    "2026-11-23T09:00:00Z".parse().unwrap()
}

fn account(id: &str) -> Account {
    Account {
        id: id.into(),
        name: format!("Account {id}"),
        ..Account::default()
    }
}

#[test]
fn open_default_uses_orienteer_data() {
    // The only test in this binary that touches the variable.
    let dir = tempfile::tempdir().unwrap();
    std::env::set_var("ORIENTEER_DATA", dir.path().join("data"));
    let path = Store::default_path().unwrap();
    assert_eq!(path, dir.path().join("data/orienteer.db"));
    let store = Store::open_default().unwrap();
    std::env::remove_var("ORIENTEER_DATA");
    assert_eq!(store.path(), path);
    assert!(path.is_file());
    assert_eq!(store.schema_version().unwrap(), schema::LATEST);
}

#[cfg(unix)]
#[test]
fn the_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new/orienteer.db");
    let mut store = Store::open(&path).unwrap();
    store
        .write_accounts("demo", Change::Full(&[account("A1")]), at())
        .unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    // SQLite gives its WAL and shared-memory files the database's mode.
    for suffix in ["-wal", "-shm"] {
        let side = path.with_file_name(format!("orienteer.db{suffix}"));
        assert_eq!(mode(&side), 0o600, "{}", side.display());
    }
    assert_eq!(
        mode(path.parent().unwrap()),
        0o700,
        "a directory it creates"
    );
}

#[test]
fn a_file_of_garbage_is_a_corrupt_store_named_by_its_path() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("short.db", b"not a database".to_vec()),
        ("long.db", (0..8192u32).map(|i| (i * 7 + 3) as u8).collect()),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { .. }), "{name}: {err:?}");
        let message = err.to_string();
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(message.contains("corrupt"), "{message}");
        // Left as it was: the app decides what to do with it.
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
    }
}

#[test]
fn a_store_from_a_newer_orienteer_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orienteer.db");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", schema::LATEST + 1)
        .unwrap();
    drop(conn);
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::TooNew { found, .. } if found == schema::LATEST + 1),
        "{err:?}"
    );
    assert!(err.to_string().contains(&path.display().to_string()));
}

#[test]
fn two_connections_write_to_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orienteer.db");
    let mut tui = Store::open(&path).unwrap();
    let mut command = Store::open(&path).unwrap();
    tui.write_accounts("demo", Change::Full(&[account("A1")]), at())
        .unwrap();
    command
        .write_accounts(
            "demo",
            Change::Incremental {
                upsert: &[account("A2")],
                delete: &[],
            },
            at(),
        )
        .unwrap();
    assert_eq!(tui.account_count("demo").unwrap(), 2);

    // Both write at once from two threads, many small transactions each.
    let path2 = path.clone();
    let writer = std::thread::spawn(move || {
        let mut store = Store::open(&path2).unwrap();
        for i in 0..200 {
            store
                .record_scores(
                    chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(i),
                    &[(AccountId::from("A1"), Some(i as f64), Band::Good)],
                )
                .unwrap();
        }
    });
    for i in 0..200 {
        command
            .write_accounts(
                "demo",
                Change::Incremental {
                    upsert: &[account(&format!("B{i:03}"))],
                    delete: &[],
                },
                at(),
            )
            .unwrap();
    }
    writer.join().unwrap();
    assert_eq!(tui.account_count("demo").unwrap(), 202);
    let since = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    assert_eq!(tui.score_history(&"A1".into(), since).unwrap().len(), 200);
}

#[test]
fn a_reader_sees_the_last_commit_while_a_write_is_under_way() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orienteer.db");
    let mut store = Store::open(&path).unwrap();
    store
        .write_accounts("demo", Change::Full(&[account("A1")]), at())
        .unwrap();
    // Another process in the middle of a write transaction.
    let other = rusqlite::Connection::open(&path).unwrap();
    other
        .execute_batch("BEGIN IMMEDIATE; DELETE FROM accounts;")
        .unwrap();
    assert_eq!(
        store.load_accounts("demo").unwrap().len(),
        1,
        "WAL: readers do not wait"
    );
    // A writer waits for the lock, then gives up with a typed error.
    store.set_busy_timeout(Duration::from_millis(100)).unwrap();
    let err = store
        .write_accounts(
            "demo",
            Change::Incremental {
                upsert: &[account("A2")],
                delete: &[],
            },
            at(),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Busy { .. }), "{err:?}");
    assert!(err.to_string().contains(&path.display().to_string()));
    // Once the other commits, writing works again.
    other.execute_batch("COMMIT").unwrap();
    store
        .write_accounts(
            "demo",
            Change::Incremental {
                upsert: &[account("A2")],
                delete: &[],
            },
            at(),
        )
        .unwrap();
    assert_eq!(store.account_count("demo").unwrap(), 1);
}

#[test]
fn an_account_that_cannot_be_read_back_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orienteer.db");
    let mut store = Store::open(&path).unwrap();
    store
        .write_accounts("demo", Change::Full(&[account("A1")]), at())
        .unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE accounts SET data = '{\"arr\": \"lots\"}'", [])
        .unwrap();
    let err = store.load_accounts("demo").unwrap_err();
    assert!(
        matches!(err, StoreError::Account { ref id, .. } if id == "A1"),
        "{err:?}"
    );
    assert!(err.to_string().contains(&path.display().to_string()));
}

#[test]
fn a_big_snapshot_loads_in_order_and_names_a_bad_account() {
    // Big enough to be parsed on several threads.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orienteer.db");
    let mut store = Store::open(&path).unwrap();
    let accounts: Vec<Account> = (0..3000).map(|i| account(&format!("A{i:05}"))).collect();
    store
        .write_accounts("demo", Change::Full(&accounts), at())
        .unwrap();
    assert_eq!(store.load_accounts("demo").unwrap(), accounts);

    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE accounts SET data = '[' WHERE id = 'A02345'", [])
        .unwrap();
    let err = store.load_accounts("demo").unwrap_err();
    assert!(
        matches!(err, StoreError::Account { ref id, .. } if id == "A02345"),
        "{err:?}"
    );
}
