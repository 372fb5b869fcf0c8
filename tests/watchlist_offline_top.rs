//! `watchlist --offline --limit N` through the real binary, on a cache it
//! reads a chunk at a time: the same rows and the same stderr as the whole
//! cached book cut to N rows.

mod common;

use orienteer::source::{Demo, Source};
use orienteer::store::{Change, Store, SyncWrite};
use serde_json::Value;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_with_a_limit_prints_the_whole_books_first_rows() {
    let base = "http://127.0.0.1:9";
    let data = tempfile::tempdir().unwrap();
    let day = chrono::Utc::now().date_naive();
    let accounts = Demo::new(2_000, day).fetch(day).await.unwrap().accounts;
    let mut store = Store::open(data.path().join("orienteer.db")).unwrap();
    store
        .commit_sync(&SyncWrite {
            source: &format!("rest {base}"),
            description: "REST (loopback)",
            fetched_at: chrono::Utc::now(),
            change: Change::Full(&accounts),
            cursors: &[],
        })
        .unwrap();
    drop(store);
    let (_dir, config) = common::config::rest(base);
    let run = |args: &'static [&'static str]| common::binary::run_async(&config, data.path(), args);
    let cut = run(&["--offline", "watchlist", "--format", "json", "--limit", "5"]).await;
    let whole = run(&["--offline", "watchlist", "--format", "json"]).await;
    for out in [&cut, &whole] {
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    let cut_rows: Value = serde_json::from_slice(&cut.stdout).unwrap();
    let whole_rows: Value = serde_json::from_slice(&whole.stdout).unwrap();
    let first: Vec<Value> = whole_rows.as_array().unwrap()[..5].to_vec();
    assert!(whole_rows.as_array().unwrap().len() > 1_000);
    assert_eq!(cut_rows, Value::Array(first));
    assert_eq!(text(&cut.stderr), text(&whole.stderr));
    assert!(text(&cut.stderr).contains("offline: the cache of the last sync"));
}
