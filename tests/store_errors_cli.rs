//! A store error keeps its kind up to the command line: a busy store reads
//! as "store busy", not as bad setup, and the exit code stays 1.

mod common;

use common::binary::run_async;
use serde_json::json;
use std::time::{Duration, Instant};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_busy_store_reads_as_busy_in_the_sync_s_message_and_the_cache_still_answers() {
    let server = MockServer::start().await;
    Mock::given(path("/accounts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "accounts": [{"id": "R1", "name": "Cached Co"}],
            "next_cursor": null
        })))
        .mount(&server)
        .await;
    let data = tempfile::tempdir().unwrap();
    let (_dir, config) = common::config::rest(&server.uri());
    let out = run_async(&config, data.path(), &["sync"]).await;
    assert_eq!(out.status.code(), Some(0), "{out:?}");

    // Another process holds the write lock for the whole run.
    let lock = rusqlite::Connection::open(data.path().join("orienteer.db")).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();

    let started = Instant::now();
    let out = run_async(&config, data.path(), &["sync", "--full"]).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("(store busy)") && stderr.contains("another Orienteer process"),
        "{stderr}"
    );
    assert!(!stderr.contains("(setup)"), "{stderr}");

    // A command that reads falls back on the cache, saying why.
    let out = run_async(&config, data.path(), &["watchlist", "--format", "json"]).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("could not sync (store busy)"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Cached Co"));
    assert!(
        started.elapsed() < Duration::from_secs(40),
        "each waits out the busy timeout once"
    );
    lock.execute_batch("ROLLBACK").unwrap();
}
