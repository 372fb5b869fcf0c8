//! The wrappers around a source forward both fetches: a usage feed merged
//! into a CRM and the sync's store behind it keep an incremental fetch
//! incremental (counted in the requests a REST source on loopback sees).

use chrono::{Duration, Utc};
use orienteer::domain::Metric;
use orienteer::source::http::{Http, HttpConfig};
use orienteer::source::rest::Rest;
use orienteer::source::usage::{MatchOn, UsageFeed, WithUsage};
use orienteer::source::Source;
use orienteer::sync::Synced;
use serde_json::json;
use std::sync::Arc;
use wiremock::matchers::{path, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A REST CRM and a usage feed on one server: everything without
/// `updated_since`, and only account B with it.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    let account = |id: &str, name: &str| json!({"id": id, "name": name, "domain": format!("{}.com", id.to_lowercase())});
    Mock::given(path("/accounts"))
        .and(query_param_is_missing("updated_since"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "accounts": [account("A", "Alpha"), account("B", "Beta")],
            "next_cursor": null
        })))
        .mount(&server)
        .await;
    Mock::given(path("/accounts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "accounts": [account("B", "Beta renamed")],
            "next_cursor": null
        })))
        .mount(&server)
        .await;
    let day = Utc::now().date_naive().to_string();
    Mock::given(path("/usage"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "usage": [
                {"domain": "a.com", "metric": "active_users", "points": [{"at": day, "value": 10}]},
                {"domain": "b.com", "metric": "active_users", "points": [{"at": day, "value": 20}]}
            ],
            "next_cursor": null
        })))
        .mount(&server)
        .await;
    server
}

fn http(server: &MockServer) -> Http {
    Http::new(HttpConfig::new(server.uri())).unwrap()
}

fn with_usage(server: &MockServer) -> WithUsage {
    let crm = Arc::new(Rest::new(http(server)));
    WithUsage::new(crm, UsageFeed::new(http(server)), MatchOn::Domain)
}

/// How many `/accounts` requests asked for everything and how many for
/// the changes.
async fn listings(server: &MockServer) -> (usize, usize) {
    let requests = server.received_requests().await.unwrap();
    let accounts = requests.iter().filter(|r| r.url.path() == "/accounts");
    let (changed, full): (Vec<_>, Vec<_>) =
        accounts.partition(|r| r.url.query_pairs().any(|(k, _)| k == "updated_since"));
    (full.len(), changed.len())
}

#[tokio::test]
async fn a_usage_feed_forwards_the_crm_s_incremental_fetch_with_usage_merged() {
    let server = server().await;
    let source = with_usage(&server);
    let day = Utc::now().date_naive();
    let changes = source
        .fetch_changed(Utc::now() - Duration::hours(1), day)
        .expect("the CRM can tell what changed, so the wrapper can")
        .await
        .unwrap();
    assert_eq!(listings(&server).await, (0, 1), "no full listing");
    assert_eq!(changes.accounts.len(), 1);
    let b = &changes.accounts[0];
    assert_eq!(b.name, "Beta renamed");
    assert_eq!(
        b.metrics.at(Metric::ActiveUsers, day),
        Some(20.0),
        "usage merged"
    );
    assert!(
        !changes
            .warnings
            .iter()
            .any(|w| w.contains("matched no account")),
        "A's usage is not an orphan of an incremental fetch: {:?}",
        changes.warnings
    );
}

#[tokio::test]
async fn a_sync_over_a_usage_feed_stays_incremental_after_the_first() {
    let server = server().await;
    let data = tempfile::tempdir().unwrap();
    let synced = Synced::new(
        Arc::new(with_usage(&server)),
        "rest test",
        data.path().join("o.db"),
    );
    let day = Utc::now().date_naive();
    synced.sync(day).await.unwrap();
    assert_eq!(
        listings(&server).await,
        (1, 0),
        "the first sync reads everything"
    );

    let snapshot = synced.sync(day).await.unwrap();
    assert_eq!(
        listings(&server).await,
        (1, 1),
        "the second asks only for the changes"
    );
    let names: Vec<&str> = snapshot.accounts.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Alpha", "Beta renamed"]);
    let usage = |i: usize| snapshot.accounts[i].metrics.at(Metric::ActiveUsers, day);
    assert_eq!((usage(0), usage(1)), (Some(10.0), Some(20.0)));
}
