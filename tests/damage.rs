//! Damage stays local, through the real binary against a REST source on
//! loopback and a real cache file: one cached row that cannot be read back
//! costs that account (a warning names it), not the cache; an incremental
//! sync's failure is recorded like a full one's, its message cut.

mod common;

use orienteer::store::Store;
use serde_json::{json, Value};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::binary::run_async as run;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn three_accounts() -> MockServer {
    let server = MockServer::start().await;
    let account = |id: &str, name: &str| {
        json!({"id": id, "name": name, "contract_start": "2026-01-01",
               "renewal_date": "2027-01-01"})
    };
    Mock::given(path("/accounts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "accounts": [account("R1", "One"), account("R2", "Two"), account("R3", "Three")],
            "next_cursor": null
        })))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn one_bad_cached_row_costs_that_account_not_the_cache() {
    let data = tempfile::tempdir().unwrap();
    let server = three_accounts().await;
    let (_dir, config) = common::config::rest(&server.uri());
    let out = run(&config, data.path(), &["sync"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let conn = rusqlite::Connection::open(data.path().join("orienteer.db")).unwrap();
    conn.execute("UPDATE accounts SET data = '[' WHERE id = 'R2'", [])
        .unwrap();
    drop(conn);

    let out = run(
        &config,
        data.path(),
        &["--offline", "watchlist", "--format", "json"],
    )
    .await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("account R2") && stderr.contains("left out"),
        "{stderr}"
    );
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names.contains(&"One") && names.contains(&"Three"),
        "{names:?}"
    );

    // The next sync writes the row again.
    let out = run(&config, data.path(), &["sync"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let store = Store::open(data.path().join("orienteer.db")).unwrap();
    assert_eq!(
        store
            .load_accounts(&format!("rest {}", server.uri()))
            .unwrap()
            .len(),
        3
    );
}

#[tokio::test]
async fn an_incremental_sync_s_failure_is_recorded_and_cut() {
    let data = tempfile::tempdir().unwrap();
    let server = three_accounts().await;
    let (_dir, config) = common::config::rest(&server.uri());
    let out = run(&config, data.path(), &["sync"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // The next sync is incremental (`updated_since`); the source fails it
    // with a long message.
    server.reset().await;
    Mock::given(path("/accounts"))
        .respond_with(
            ResponseTemplate::new(500).set_body_json(json!({"message": "x".repeat(5000)})),
        )
        .mount(&server)
        .await;
    let out = run(&config, data.path(), &["sync"]).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let asked = server.received_requests().await.unwrap();
    assert!(
        asked
            .iter()
            .all(|r| r.url.query().unwrap_or("").contains("updated_since")),
        "an incremental sync"
    );

    let store = Store::open(data.path().join("orienteer.db")).unwrap();
    let state = store
        .sync_state(&format!("rest {}", server.uri()))
        .unwrap()
        .unwrap();
    let error = state.last_error.expect("the failure is recorded");
    assert_eq!(error.kind, "source error");
    assert!(error.message.contains("500"), "{}", error.message);
    assert!(
        error.message.chars().count() <= 501,
        "{}",
        error.message.len()
    );
    assert!(!error.message.contains("secret-tok"));
}
