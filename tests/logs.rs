//! The log file, through the real binary against a REST source on
//! loopback: each sync and HTTP attempt is logged at the level asked for
//! (`-v`, `-vv`, `RUST_LOG`), never a header, a query string or the token;
//! `config check` says where the file is.

mod common;

use serde_json::json;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::binary::{command, run_async as run};

const TOKEN: &str = "secret-tok";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn log(data: &std::path::Path) -> String {
    std::fs::read_to_string(data.join("orienteer.log")).unwrap_or_default()
}

/// A REST source whose first answer is a 500 echoing the token, then one
/// account.
async fn flaky_source() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/accounts"))
        .respond_with(ResponseTemplate::new(500).set_body_string(format!("boom: Bearer {TOKEN}")))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/accounts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "accounts": [{"id": "R1", "name": "One", "contract_start": "2026-01-01",
                          "renewal_date": "2027-01-01"}],
            "next_cursor": null
        })))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn vv_logs_each_attempt_and_the_sync_and_never_the_token() {
    let server = flaky_source().await;
    let (_dir, config) = common::config::rest(&server.uri());
    let data = tempfile::tempdir().unwrap();
    let out = run(&config, data.path(), &["-vv", "sync"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let log = log(data.path());
    let attempts: Vec<&str> = log.lines().filter(|l| l.contains("http request")).collect();
    assert_eq!(attempts.len(), 2, "{log}");
    assert!(
        attempts[0].contains("status=500") && attempts[0].contains("attempt=1"),
        "{log}"
    );
    assert!(
        attempts[1].contains("status=200") && attempts[1].contains("attempt=2"),
        "{log}"
    );
    for line in &attempts {
        assert!(line.contains("GET") && line.contains("/accounts"), "{line}");
        assert!(line.contains("ms="), "{line}");
        assert!(!line.contains('?'), "no query string: {line}");
    }
    let sync = log.lines().find(|l| l.contains("sync done")).expect(&log);
    assert!(
        sync.contains("full") && sync.contains("accounts=1"),
        "{sync}"
    );
    assert!(sync.contains("changed=1") && sync.contains("ms="), "{sync}");
    assert!(!log.contains(TOKEN), "the token is never logged: {log}");
    assert!(!log.to_lowercase().contains("authorization"), "{log}");
    assert!(!log.contains("Bearer"), "{log}");
    // Nothing of the log on the terminal.
    assert!(!text(&out.stderr).contains("http request"));
}

#[tokio::test]
async fn by_default_only_warnings_are_logged_and_rust_log_sets_the_level() {
    let server = flaky_source().await;
    let (_dir, config) = common::config::rest(&server.uri());
    let data = tempfile::tempdir().unwrap();
    let out = run(&config, data.path(), &["sync"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let log = log(data.path());
    assert!(log.contains("WARN") && log.contains("status=500"), "{log}");
    assert!(
        !log.contains("status=200"),
        "a success is a debug line: {log}"
    );
    assert!(!log.contains("sync done"), "a sync is an info line: {log}");
    assert!(!log.contains(TOKEN), "{log}");

    let again = tempfile::tempdir().unwrap();
    let (config2, data2) = (config.clone(), again.path().to_path_buf());
    let out = tokio::task::spawn_blocking(move || {
        command(&config2, &data2)
            .env("RUST_LOG", "orienteer=info")
            .arg("sync")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let log = self::log(again.path());
    assert!(log.contains("sync done"), "{log}");
    assert!(!log.contains("status=200"), "{log}");
}

#[test]
fn config_check_says_where_the_log_is() {
    let data = tempfile::tempdir().unwrap();
    // Without ORIENTEER_LOG: the log follows the data dir.
    let out = common::binary::command(common::config::empty(), data.path())
        .env_remove("ORIENTEER_LOG")
        .args(["config", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let expected = data.path().join("orienteer.log");
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!("log file: {}", expected.display())),
        "{stdout}"
    );
}
