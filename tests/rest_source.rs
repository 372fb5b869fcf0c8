//! The generic REST source and the usage feed against a real server on
//! loopback, answering with the shapes of `docs/sources/rest.md`.

mod sleeper;

use chrono::{NaiveDate, TimeZone, Utc};
use orienteer::domain::account::{PlayLog, PlayOutcome};
use orienteer::domain::Metric;
use orienteer::source::http::{Http, HttpConfig, Token};
use orienteer::source::rest::Rest;
use orienteer::source::usage::{MatchOn, UsageFeed, WithUsage};
use orienteer::source::Source;
use serde_json::{json, Value};
use sleeper::RecordingSleeper;
use std::sync::Arc;
use wiremock::matchers::{body_partial_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn http(server: &MockServer) -> Http {
    let config = HttpConfig {
        token: Some(Token::new("rest-token-xyz")),
        ..HttpConfig::new(server.uri())
    };
    Http::new(config)
        .unwrap()
        .with_sleeper(Arc::new(RecordingSleeper::default()))
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn account(id: &str, domain: &str) -> Value {
    json!({"id": id, "name": format!("Name {id}"), "domain": domain, "arr": 1000,
           "renewal_date": "2027-03-01",
           "metrics": {"active_users": [{"at": "2026-10-01", "value": 5}]}})
}

async fn mount_pages(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/accounts"))
        .and(query_param("cursor", "p2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "accounts": [account("C", "gamma.io")],
            "next_cursor": null
        })))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/accounts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "accounts": [account("A", "acme.com"), account("B", "beta.org")],
            "next_cursor": "p2"
        })))
        .mount(server)
        .await;
}

#[tokio::test]
async fn all_pages_are_read_by_cursor() {
    let server = MockServer::start().await;
    mount_pages(&server).await;
    let rest = Rest::new(http(&server)).with_page_size(2);
    let snapshot = rest.fetch(day("2026-11-23")).await.unwrap();
    let ids: Vec<&str> = snapshot.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["A", "B", "C"]);
    assert!(snapshot.warnings.is_empty(), "{:?}", snapshot.warnings);
    assert_eq!(snapshot.accounts[0].arr, Some(1000.0));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].url.query(), Some("limit=2"));
    assert_eq!(requests[1].url.query(), Some("limit=2&cursor=p2"));
}

#[tokio::test]
async fn updated_since_is_passed_through() {
    let server = MockServer::start().await;
    Mock::given(path("/accounts"))
        .and(query_param("updated_since", "2026-11-20T08:00:00Z"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"accounts": [account("A", "a.com")]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let rest = Rest::new(http(&server));
    let since = Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap();
    let (accounts, _) = rest.accounts(Some(since)).await.unwrap();
    assert_eq!(accounts.len(), 1);
}

#[tokio::test]
async fn a_malformed_record_loses_only_the_bad_field() {
    let server = MockServer::start().await;
    let mut bad = account("B", "beta.org");
    bad["arr"] = json!("a lot");
    bad["renewal_date"] = json!(20270301);
    Mock::given(path("/accounts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "accounts": [account("A", "acme.com"), bad, {"name": "no id"}, account("C", "c.io")],
            "next_cursor": null
        })))
        .mount(&server)
        .await;
    let snapshot = Rest::new(http(&server))
        .fetch(day("2026-11-23"))
        .await
        .unwrap();
    let ids: Vec<&str> = snapshot.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["A", "B", "C"]);
    let b = &snapshot.accounts[1];
    assert_eq!((b.arr, b.renewal_date), (None, None));
    assert_eq!(b.domain.as_deref(), Some("beta.org"));
    assert_eq!(b.metrics.get(Metric::ActiveUsers).points().len(), 1);
    // The bad fields travel with the account; a load warns of them.
    let bad: Vec<&str> = b.field_problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(bad, ["renewal_date", "arr"]);
    let all = snapshot.all_warnings();
    assert_eq!(all.len(), 3, "{all:?}");
    let all = all.join("\n");
    for text in [
        "account B (Name B): field arr: cannot read `a lot` as a number",
        "account B (Name B): field renewal_date: cannot read `20270301` as a date",
    ] {
        assert!(all.contains(text), "{text} in {all}");
    }
    assert!(all.contains("without a usable `id`"), "{all}");
}

#[tokio::test]
async fn one_account_by_id_and_a_play_log_with_its_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/accounts/A%2F1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(account("A/1", "a.com")))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/play-logs"))
        .and(header("Idempotency-Key", "log-42"))
        .and(body_partial_json(
            json!({"account_id": "A/1", "play": "check-in",
                                      "outcome": "done", "at": "2026-11-23"}),
        ))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;
    let rest = Rest::new(http(&server));
    let (a, warnings) = rest.account(&"A/1".into()).await.unwrap();
    assert_eq!((a.id.as_str(), warnings.len()), ("A/1", 0));
    let log = PlayLog {
        id: "log-42".into(),
        play_id: "check-in".into(),
        outcome: PlayOutcome::Done,
        at: day("2026-11-23"),
        note: "fine".into(),
        follow_up: None,
        prompted_by: None,
        state: None,
        error: None,
    };
    rest.post_play_log(&a.id, &log).await.unwrap();
}

#[tokio::test]
async fn usage_merges_by_domain_and_counts_the_unmatched() {
    let server = MockServer::start().await;
    mount_pages(&server).await;
    Mock::given(path("/usage"))
        .and(query_param("since", "2026-05-17"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "usage": [
                {"domain": "https://www.ACME.com", "metric": "active_users",
                 "points": [{"at": "2026-11-01", "value": 40}, {"at": "2026-11-08", "value": "42"}]},
                {"domain": "gamma.io", "metric": "nps", "points": [{"at": "2026-11-01", "value": 10}]},
                {"domain": "nobody.net", "metric": "nps", "points": []}
            ],
            "next_cursor": null
        })))
        .mount(&server)
        .await;
    let crm = Arc::new(Rest::new(http(&server)));
    let source = WithUsage::new(crm, UsageFeed::new(http(&server)), MatchOn::Domain);
    let snapshot = source.fetch(day("2026-11-23")).await.unwrap();
    let users = |i: usize| {
        snapshot.accounts[i]
            .metrics
            .get(Metric::ActiveUsers)
            .points()
            .iter()
            .map(|p| p.value)
            .collect::<Vec<_>>()
    };
    assert_eq!(users(0), [5.0, 40.0, 42.0]);
    // B had no usage: it keeps what the CRM has.
    assert_eq!(users(1), [5.0]);
    assert_eq!(
        snapshot.accounts[2].metrics.get(Metric::Nps).points().len(),
        1
    );
    let all = snapshot.warnings.join("\n");
    assert!(
        all.contains("1 of 3 accounts had no usage data (matched on domain)"),
        "{all}"
    );
    assert!(all.contains("1 records matched no account"), "{all}");
}

#[tokio::test]
async fn usage_merges_by_id_across_pages() {
    let server = MockServer::start().await;
    mount_pages(&server).await;
    Mock::given(path("/usage"))
        .and(query_param("cursor", "u2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "usage": [{"account_id": "C", "metric": "licenses", "points": [{"at": "2026-11-01", "value": 50}]}],
            "next_cursor": null
        })))
        .mount(&server)
        .await;
    Mock::given(path("/usage"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "usage": [{"account_id": "A", "metric": "licenses", "points": [{"at": "2026-11-01", "value": 90}]},
                      {"domain": "beta.org", "metric": "licenses", "points": []}],
            "next_cursor": "u2"
        })))
        .mount(&server)
        .await;
    let crm = Arc::new(Rest::new(http(&server)));
    let source = WithUsage::new(crm, UsageFeed::new(http(&server)), MatchOn::Id);
    let snapshot = source.fetch(day("2026-11-23")).await.unwrap();
    let licenses = |i: usize| {
        snapshot.accounts[i]
            .metrics
            .at(Metric::Licenses, day("2026-11-23"))
    };
    assert_eq!(
        (licenses(0), licenses(1), licenses(2)),
        (Some(90.0), None, Some(50.0))
    );
    let all = snapshot.warnings.join("\n");
    assert!(all.contains("without `account_id` was skipped"), "{all}");
    assert!(
        all.contains("1 of 3 accounts had no usage data (matched on account_id)"),
        "{all}"
    );
}
