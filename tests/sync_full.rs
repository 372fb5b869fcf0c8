//! Full or incremental, through the real binary against HubSpot on
//! loopback: after a full sync the next one asks the search API what
//! changed; `sync --full` lists every company again whatever the stored
//! cursor says; a changed mapping makes the next sync full by itself, and
//! says so once.

mod common;
mod hubspot_support;
mod outbox_support;

use hubspot_support::{basics, company, page, requests_to};
use outbox_support::cli::{command, text, TOKEN_VAR};
use serde_json::json;
use std::path::Path;
use std::process::Output;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LIST: &str = "/crm/v3/objects/companies";
const SEARCH: &str = "/crm/v3/objects/companies/search";

/// A portal with two companies and a search index that finds no change.
async fn portal() -> MockServer {
    let server = MockServer::start().await;
    basics(&server).await;
    let companies = vec![
        company(
            "101",
            json!({ "name": "Acme", "customer_tier": "Gold" }),
            &[],
            &[],
        ),
        company(
            "102",
            json!({ "name": "Beta", "customer_tier": "" }),
            &[],
            &[],
        ),
    ];
    Mock::given(method("GET"))
        .and(path(LIST))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(companies, None)))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(SEARCH))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "total": 0, "results": [] })),
        )
        .mount(&server)
        .await;
    server
}

fn write_config(file: &Path, url: &str, fields: &str) {
    std::fs::write(
        file,
        format!(
            "[source]\nkind = \"hubspot\"\nbase_url = \"{url}\"\ntoken_env = \"{TOKEN_VAR}\"\n{fields}"
        ),
    )
    .unwrap();
}

async fn sync(config: &Path, data: &Path, args: &[&str]) -> Output {
    let mut cmd = command(config, data);
    cmd.arg("sync").args(args);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    out
}

/// How many listings and searches the portal has seen.
async fn seen(server: &MockServer) -> (usize, usize) {
    (
        requests_to(server, LIST).await.len(),
        requests_to(server, SEARCH).await.len(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_full_lists_everything_again_whatever_the_cursor_says() {
    let server = portal().await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    write_config(&config, &server.uri(), "");

    sync(&config, dir.path(), &[]).await;
    assert_eq!(seen(&server).await, (1, 0), "the first sync is full");
    sync(&config, dir.path(), &[]).await;
    assert_eq!(seen(&server).await, (1, 1), "then only what changed");

    let out = sync(&config, dir.path(), &["--full"]).await;
    assert_eq!(seen(&server).await, (2, 1), "--full lists, never searches");
    assert!(
        text(&out.stdout).contains("2 accounts"),
        "{}",
        text(&out.stdout)
    );
    // And the cursor it stored serves the next incremental sync.
    sync(&config, dir.path(), &[]).await;
    assert_eq!(seen(&server).await, (2, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_mapping_makes_the_next_sync_full_and_says_so_once() {
    let server = portal().await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    write_config(&config, &server.uri(), "");
    sync(&config, dir.path(), &[]).await;
    sync(&config, dir.path(), &[]).await;
    assert_eq!(seen(&server).await, (1, 1));

    // The segment is mapped now: the cached accounts have none.
    write_config(
        &config,
        &server.uri(),
        "[source.fields]\nsegment = \"customer_tier\"\n",
    );
    let out = sync(&config, dir.path(), &[]).await;
    assert_eq!(seen(&server).await, (2, 1), "read in full");
    let said = text(&out.stderr);
    assert!(
        said.contains("the mapping changed since the last sync: reading everything again"),
        "{said}"
    );
    let mut cmd = command(&config, dir.path());
    cmd.args(["--offline", "account", "101", "--format", "json"]);
    let account = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let detail: serde_json::Value = serde_json::from_slice(&account.stdout).unwrap();
    assert_eq!(detail["segment"], "Gold", "mapped the new way: {detail}");

    // Said once: the next sync is incremental again, without a word.
    let out = sync(&config, dir.path(), &[]).await;
    assert_eq!(seen(&server).await, (2, 2));
    assert!(!text(&out.stderr).contains("mapping changed"));
}
