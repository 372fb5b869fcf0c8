//! A store file that will not open is moved aside by the next command, with
//! one line saying so, and the command goes on with a new store.

mod common;

#[test]
fn a_damaged_store_is_moved_aside_with_one_line_and_the_command_goes_on() {
    let data = tempfile::tempdir().unwrap();
    let store = data.path().join("orienteer.db");
    std::fs::write(&store, b"not a database, whatever it once was").unwrap();
    let out = common::binary::command(common::config::empty(), data.path())
        .args(["outbox", "list"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr.matches("was damaged").count(), 1, "{stderr}");
    assert!(stderr.contains(".corrupt-"), "{stderr}");
    assert_eq!(moved_aside(data.path()), 1, "the old file is kept");
}

/// A REST source of `n` accounts on loopback; a logged play is answered
/// 503, so it stays queued in the outbox.
async fn rest_book(n: usize) -> wiremock::MockServer {
    use serde_json::json;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    let accounts: Vec<_> = (0..n)
        .map(|i| {
            json!({"id": format!("R{i}"), "name": format!("Account {i} with a long name"),
                   "contract_start": "2026-01-01", "renewal_date": "2027-01-01",
                   "notes": "x".repeat(300)})
        })
        .collect();
    Mock::given(method("GET"))
        .and(path("/accounts"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"accounts": accounts, "next_cursor": null})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    server
}

/// Zeroes the root page of the accounts table: the file still opens (its
/// schema reads), and only a read of the accounts meets the damage.
fn break_accounts_table(store: &std::path::Path) {
    use std::io::{Seek, SeekFrom, Write};
    let conn = rusqlite::Connection::open(store).unwrap();
    let page_size: u64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    let root: u64 = conn
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'accounts'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(conn);
    let mut file = std::fs::OpenOptions::new().write(true).open(store).unwrap();
    file.seek(SeekFrom::Start((root - 1) * page_size)).unwrap();
    file.write_all(&vec![0u8; page_size as usize]).unwrap();
}

fn moved_aside(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".corrupt-") && !n.ends_with("-wal") && !n.ends_with("-shm"))
        .count()
}

#[tokio::test]
async fn damage_met_only_when_the_accounts_are_read_is_moved_aside_and_synced_again() {
    use common::binary::run_async;
    let data = tempfile::tempdir().unwrap();
    let server = rest_book(40).await;
    let (_dir, config) = common::config::rest(&server.uri());
    let out = run_async(&config, data.path(), &["sync"]).await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let out = run_async(&config, data.path(), &["log-play", "R3", "check-in"]).await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let store = data.path().join("orienteer.db");
    break_accounts_table(&store);
    // Opening is fine: the damage is only met by reading the accounts.
    assert!(orienteer::store::Store::open(&store).is_ok());

    let out = run_async(&config, data.path(), &["watchlist", "--format", "json"]).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr.matches("was damaged").count(), 1, "{stderr}");
    assert!(
        stderr.contains("1 logged play was carried over"),
        "{stderr}"
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 40, "synced again in full");
    assert_eq!(moved_aside(data.path()), 1);

    let out = run_async(&config, data.path(), &["outbox", "list"]).await;
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(
        listed.contains("R3") || listed.contains("Account 3"),
        "{listed}"
    );
}

#[tokio::test]
async fn damage_met_offline_is_moved_aside_and_says_to_sync() {
    use common::binary::run_async;
    let data = tempfile::tempdir().unwrap();
    let server = rest_book(40).await;
    let (_dir, config) = common::config::rest(&server.uri());
    let out = run_async(&config, data.path(), &["sync"]).await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    break_accounts_table(&data.path().join("orienteer.db"));

    let out = run_async(&config, data.path(), &["--offline", "watchlist"]).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("was damaged") && stderr.contains("orienteer sync"),
        "{stderr}"
    );
    assert_eq!(moved_aside(data.path()), 1);
    let out = run_async(&config, data.path(), &["watchlist", "--format", "json"]).await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[tokio::test]
async fn a_damaged_store_carries_the_snoozes_into_the_new_one() {
    use common::binary::run_async;
    let data = tempfile::tempdir().unwrap();
    let server = rest_book(40).await;
    let (_dir, config) = common::config::rest(&server.uri());
    // A month past the book's renewals: each has a renewal_overdue alert.
    let as_of = ["--as-of", "2027-02-01"];
    let run = |args: &'static [&'static str]| {
        let mut all = as_of.to_vec();
        all.extend_from_slice(args);
        let (config, data) = (config.clone(), data.path().to_path_buf());
        async move { run_async(&config, &data, &all).await }
    };
    let out = run(&["sync"]).await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let out = run(&[
        "snooze",
        "R3",
        "renewal_overdue",
        "--until",
        "2027-03-01",
        "--reason",
        "budget signed off",
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    break_accounts_table(&data.path().join("orienteer.db"));

    let out = run(&["watchlist", "--format", "json"]).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("and 1 snooze"), "{stderr}");
    assert_eq!(moved_aside(data.path()), 1);

    let out = run(&["snoozed", "--format", "json"]).await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["account_id"], "R3");
    assert_eq!(listed[0]["alert"], "renewal_overdue");
    assert_eq!(listed[0]["reason"], "budget signed off");
    assert_eq!(listed[0]["until"], "2027-03-01");
}
