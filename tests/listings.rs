//! Listings are checked before they replace anything: through the real
//! binary, against HubSpot and the REST contract on loopback, with a real
//! cache file. An empty page, the same cursor again and cursors that
//! alternate A, B, A fail the sync (exit 1, a message) and leave the cache
//! as it was; a full sync that would delete more than `[sync]
//! max_delete_share` of the cache is refused until `--allow-delete`.

mod common;
mod hubspot_support;
mod outbox_support;

use hubspot_support::{basics, company, page};
use orienteer::domain::Account;
use orienteer::store::{Change, Store, SyncWrite};
use outbox_support::cli::{text, Hub, TOKEN_VAR};
use serde_json::{json, Value};
use std::process::Output;
use std::time::Duration;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LIST: &str = "/crm/v3/objects/companies";

fn accounts(n: usize) -> Vec<Account> {
    (1..=n)
        .map(|i| Account {
            id: format!("{}", 100 + i).as_str().into(),
            name: format!("Company {i}"),
            ..Account::default()
        })
        .collect()
}

fn companies(n: usize) -> Vec<Value> {
    (1..=n)
        .map(|i| {
            let id = format!("{}", 100 + i);
            company(&id, json!({ "name": format!("Company {i}") }), &[], &[])
        })
        .collect()
}

/// The portal: `first` answers the first page; each `(after, answer)` the
/// page asked for with that cursor.
async fn portal(first: Value, after: &[(&str, Value)]) -> MockServer {
    let server = MockServer::start().await;
    basics(&server).await;
    for (cursor, answer) in after {
        Mock::given(method("GET"))
            .and(path(LIST))
            .and(query_param("after", *cursor))
            .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
            .with_priority(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(LIST))
        .respond_with(ResponseTemplate::new(200).set_body_json(first))
        .with_priority(5)
        .mount(&server)
        .await;
    server
}

/// The binary, in the blocking pool (the portal answers meanwhile); past
/// a generous bound it is killed and the test fails (a listing that loops
/// would otherwise run for ever).
async fn run(hub: &Hub, args: &[&str]) -> Output {
    let mut cmd = hub.command();
    cmd.args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    let pid = child.id();
    let waiting = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap());
    match tokio::time::timeout(Duration::from_secs(20), waiting).await {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = std::process::Command::new("kill")
                .args(["-9", &pid.to_string()])
                .status();
            panic!("orienteer {args:?} did not end within 20 s");
        }
    }
}

fn cached(hub: &Hub, key: &str) -> usize {
    Store::open(hub.dir.path().join("orienteer.db"))
        .unwrap()
        .account_count(key)
        .unwrap()
}

/// A failed sync: exit 1, the message, and the cache as it was; the
/// commands that read go on from the cache and say why.
async fn refused(hub: &Hub, key: &str, held: usize, says: &str) {
    let out = run(hub, &["sync"]).await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(says), "{stderr}");
    assert_eq!(cached(hub, key), held, "the cache is untouched");
    let out = run(hub, &["watchlist", "--format", "json"]).await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("could not sync (bad data)"), "{stderr}");
    assert!(stderr.contains("showing the cache"), "{stderr}");
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), held);
    assert_eq!(cached(hub, key), held);
}

#[tokio::test]
async fn an_empty_first_page_does_not_empty_the_cache() {
    let server = portal(page(vec![], None), &[]).await;
    let hub = Hub::with(&server.uri(), &accounts(5), "");
    let key = format!("hubspot {}", server.uri());
    refused(&hub, &key, 5, "delete 5 of the 5 cached (100%)").await;
    let out = run(&hub, &["sync"]).await;
    assert!(
        text(&out.stderr).contains("orienteer sync --full --allow-delete"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test]
async fn the_same_after_cursor_again_fails_the_sync() {
    let server = portal(
        page(companies(2), Some("A")),
        &[("A", page(companies(2), Some("A")))],
    )
    .await;
    let hub = Hub::with(&server.uri(), &accounts(5), "");
    let key = format!("hubspot {}", server.uri());
    refused(&hub, &key, 5, "gave the cursor `A` a second time").await;
}

#[tokio::test]
async fn cursors_that_alternate_fail_the_sync_instead_of_looping() {
    let server = portal(
        page(companies(2), Some("A")),
        &[
            ("A", page(companies(2), Some("B"))),
            ("B", page(companies(2), Some("A"))),
        ],
    )
    .await;
    let hub = Hub::with(&server.uri(), &accounts(5), "");
    let key = format!("hubspot {}", server.uri());
    refused(&hub, &key, 5, "gave the cursor `A` a second time").await;
}

#[tokio::test]
async fn a_deletion_past_the_share_is_refused_then_accepted_with_allow_delete() {
    let server = portal(page(companies(6), None), &[]).await;
    let hub = Hub::with(&server.uri(), &accounts(10), "");
    let key = format!("hubspot {}", server.uri());
    refused(&hub, &key, 10, "delete 4 of the 10 cached (40%)").await;

    let out = run(&hub, &["sync", "--full", "--allow-delete"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("6 accounts"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(cached(&hub, &key), 6);
}

#[tokio::test]
async fn a_larger_max_delete_share_lets_the_deletion_through() {
    let server = portal(page(companies(6), None), &[]).await;
    let hub = Hub::with(&server.uri(), &accounts(10), "");
    let key = format!("hubspot {}", server.uri());
    let config = std::fs::read_to_string(&hub.config).unwrap();
    hub.set_config(&format!("{config}\n[sync]\nmax_delete_share = 0.5\n"));
    let out = run(&hub, &["sync"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(cached(&hub, &key), 6);
}

/// The REST contract's `next_cursor`, alternating A, B, A, on a cache of
/// REST accounts.
#[tokio::test]
async fn rest_cursors_that_alternate_fail_the_sync() {
    let server = MockServer::start().await;
    let listing = |next: &str| {
        json!({
            "accounts": [{"id": "R1", "name": "One", "contract_start": "2026-01-01",
                          "renewal_date": "2027-01-01"}],
            "next_cursor": next,
        })
    };
    for (cursor, next) in [("A", "B"), ("B", "A")] {
        Mock::given(path("/accounts"))
            .and(query_param("cursor", cursor))
            .respond_with(ResponseTemplate::new(200).set_body_json(listing(next)))
            .with_priority(1)
            .mount(&server)
            .await;
    }
    Mock::given(path("/accounts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(listing("A")))
        .with_priority(5)
        .mount(&server)
        .await;
    let hub = Hub::with(&server.uri(), &[], "");
    hub.set_config(&format!(
        "[source]\nkind = \"rest\"\nbase_url = \"{}\"\ntoken_env = \"{TOKEN_VAR}\"\n",
        server.uri()
    ));
    let key = format!("rest {}", server.uri());
    Store::open(hub.dir.path().join("orienteer.db"))
        .unwrap()
        .commit_sync(&SyncWrite {
            source: &key,
            description: "REST (test)",
            fetched_at: chrono::Utc::now(),
            change: Change::Full(&accounts(3)),
            cursors: &[],
        })
        .unwrap();
    refused(
        &hub,
        &key,
        3,
        "GET /accounts gave the cursor `A` a second time",
    )
    .await;
}
