//! The real binary against a source on loopback that turns hostile after
//! a good sync: a command that cannot get an answer within its deadline
//! falls back to the cache with a warning saying why, and exits 0; a
//! config with an `[http]` value out of range is refused with its line.

mod common;
mod hostile;

use common::binary::{run, run_async};
use hostile::{Hostile, Mode};
use serde_json::Value;
use std::time::{Duration, Instant};

const ACCOUNTS: &str = r#"{"accounts": [
    {"id": "R1", "name": "Cached Co", "arr": 5000,
     "contract_start": "2026-01-01", "renewal_date": "2027-01-01"}
], "next_cursor": null}"#;

fn rest_config(base_url: &str, http: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    common::config::file(&format!(
        "[source]\nkind = \"rest\"\nbase_url = \"{base_url}\"\n\
         token_env = \"ORIENTEER_TEST_TOKEN\"\n\n[http]\n{http}"
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dripping_source_ends_within_its_deadline_and_the_cache_answers() {
    let server = Hostile::start(Mode::Json(ACCOUNTS.into())).await;
    let data = tempfile::tempdir().unwrap();
    let (_dir, config) = rest_config(
        &server.url,
        "deadline = 2\nmin_rate = 100\nmin_rate_window = 1\n",
    );
    let out = run_async(&config, data.path(), &["sync"]).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    server.set(Mode::Drip);
    let started = Instant::now();
    let out = run_async(&config, data.path(), &["watchlist", "--format", "json"]).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(started.elapsed() < Duration::from_secs(20), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("could not sync"), "{stderr}");
    assert!(stderr.contains("too slowly"), "why: {stderr}");
    assert!(stderr.contains("showing the cache"), "{stderr}");
    assert!(!stderr.contains("secret-tok"), "{stderr}");
    let items: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(items.to_string().contains("Cached Co"), "{items}");
}

#[test]
fn an_http_value_out_of_range_is_refused_with_file_line_key_and_range() {
    let (_dir, config) = rest_config("http://127.0.0.1:9", "deadline = 2\nmax_wait = 100000\n");
    let data = tempfile::tempdir().unwrap();
    let out = run(&config, data.path(), &["config", "check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("config.toml"), "{stderr}");
    assert!(stderr.contains("config.toml:8:"), "line 8: {stderr}");
    assert!(stderr.contains("max_wait"), "{stderr}");
    assert!(stderr.contains("0 to 3600 (seconds)"), "{stderr}");
}
