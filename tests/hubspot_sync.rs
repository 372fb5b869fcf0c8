//! The HubSpot source's incremental fetch (the search API) and its errors,
//! against a HubSpot on loopback.

mod hubspot_support;

use chrono::{DateTime, NaiveDate, Utc};
use hubspot_support::*;
use orienteer::domain::Metric;
use orienteer::source::hubspot::ChangedSnapshot;
use orienteer::source::mapping::Field;
use orienteer::source::{Source, SourceError};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const SEARCH: &str = "/crm/v3/objects/companies/search";

fn since() -> DateTime<Utc> {
    "2026-11-01T00:00:00Z".parse().unwrap()
}

/// The as-of day of an incremental fetch: today, as the checks expect.
fn day() -> NaiveDate {
    Utc::now().date_naive()
}

/// A search API over companies `ids`: `page` results a page, and a 400
/// for an `after` at or past `cap` (HubSpot's 10,000, made small).
/// `since`, when given, is the cursor the filter must carry.
fn search_api(
    ids: Vec<u64>,
    page: usize,
    cap: usize,
    since: Option<DateTime<Utc>>,
) -> impl Fn(&Request) -> ResponseTemplate {
    move |req: &Request| {
        let body: Value = serde_json::from_slice(&req.body).unwrap();
        assert_eq!(
            body["sorts"],
            json!([{ "propertyName": "hs_object_id", "direction": "ASCENDING" }])
        );
        assert!(body["limit"].as_u64().unwrap() <= 200);
        let filters = body["filterGroups"][0]["filters"].as_array().unwrap();
        let mut gt = 0;
        for f in filters {
            match (
                f["propertyName"].as_str().unwrap(),
                f["operator"].as_str().unwrap(),
            ) {
                ("hs_lastmodifieddate", "GTE") => {
                    if let Some(since) = since {
                        assert_eq!(f["value"], since.timestamp_millis().to_string());
                    }
                }
                ("hs_object_id", "GT") => gt = f["value"].as_str().unwrap().parse().unwrap(),
                other => panic!("unexpected filter {other:?}"),
            }
        }
        let offset: usize = body["after"].as_str().map_or(0, |a| a.parse().unwrap());
        if offset >= cap {
            return ResponseTemplate::new(400).set_body_json(json!({
                "status": "error", "category": "VALIDATION_ERROR",
                "message": "There was a problem with the request.", "correlationId": "x"
            }));
        }
        let matching: Vec<u64> = ids.iter().copied().filter(|id| *id > gt).collect();
        let results: Vec<Value> = matching
            .iter()
            .skip(offset)
            .take(page)
            .map(|id| {
                json!({
                    "id": id.to_string(),
                    "properties": {
                        "hs_object_id": id.to_string(),
                        "hs_lastmodifieddate": format!("2026-11-{:02}T08:00:00.000Z", 1 + id % 20),
                    },
                    "createdAt": "2025-01-01T00:00:00Z", "updatedAt": "2026-11-20T00:00:00Z", "archived": false
                })
            })
            .collect();
        let mut answer = json!({ "total": matching.len(), "results": results });
        if offset + page < matching.len() {
            answer["paging"] = json!({ "next": { "after": (offset + page).to_string() } });
        }
        ResponseTemplate::new(200).set_body_json(answer)
    }
}

/// The companies batch read and their associations, for companies `ids`.
async fn changed_companies(server: &MockServer, ids: &[u64]) {
    let companies = ids
        .iter()
        .map(|id| {
            let mut c = record(
                &id.to_string(),
                json!({ "name": format!("Co {id}"), "au": "20", "hs_lastmodifieddate": "2026-11-20T08:00:00Z" }),
            );
            c["propertiesWithHistory"] = json!({ "au": [
                { "value": "20", "timestamp": "2026-11-15T00:00:00Z", "sourceType": "API" },
                { "value": "40", "timestamp": "2026-10-01T00:00:00Z", "sourceType": "API" }
            ]});
            c
        })
        .collect();
    objects(server, "companies", companies).await;
    for kind in ["contacts", "tickets"] {
        Mock::given(method("POST"))
            .and(path(format!("/crm/v3/associations/companies/{kind}/batch/read")))
            .respond_with(move |req: &Request| {
                let body: Value = serde_json::from_slice(&req.body).unwrap();
                let inputs = body["inputs"].as_array().unwrap();
                assert!(inputs.len() <= 100);
                let results: Vec<Value> = inputs
                    .iter()
                    .map(|i| {
                        let id = i["id"].as_str().unwrap();
                        let to = if kind == "contacts" { format!("c{id}") } else { format!("t{id}") };
                        json!({ "from": { "id": id }, "to": [ { "id": to, "type": "company_to_x" } ] })
                    })
                    .collect();
                ResponseTemplate::new(200).set_body_json(json!({ "status": "COMPLETE", "results": results }))
            })
            .mount(server)
            .await;
    }
    let contacts = ids
        .iter()
        .map(|id| {
            record(
                &format!("c{id}"),
                json!({ "firstname": "Kim", "lastname": id.to_string() }),
            )
        })
        .collect();
    objects(server, "contacts", contacts).await;
    let tickets = ids
        .iter()
        .map(|id| {
            record(
                &format!("t{id}"),
                json!({ "createdate": "2026-11-02T00:00:00Z" }),
            )
        })
        .collect();
    objects(server, "tickets", tickets).await;
}

fn afters(requests: &[Request]) -> Vec<(Option<String>, Option<String>)> {
    requests
        .iter()
        .map(|r| {
            let body: Value = serde_json::from_slice(&r.body).unwrap();
            let gt = body["filterGroups"][0]["filters"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["operator"] == "GT")
                .map(|f| f["value"].as_str().unwrap().to_string());
            (body["after"].as_str().map(str::to_string), gt)
        })
        .collect()
}

#[tokio::test]
async fn changed_companies_come_in_full_with_a_cursor() {
    let server = MockServer::start().await;
    basics(&server).await;
    let ids: Vec<u64> = (101..=106).collect();
    Mock::given(method("POST"))
        .and(path(SEARCH))
        .respond_with(search_api(ids.clone(), 4, 10_000, Some(since())))
        .mount(&server)
        .await;
    changed_companies(&server, &ids).await;
    let hub = source(&server, field_map(&[(Field::ActiveUsers, "au")], &[]));
    let changed: ChangedSnapshot = hub.fetch_changed(since(), day()).await.unwrap();
    assert!(changed.warnings.is_empty(), "{:?}", changed.warnings);
    let got: Vec<&str> = changed.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(got, ["101", "102", "103", "104", "105", "106"]);
    let a = &changed.accounts[0];
    assert_eq!(a.name, "Co 101");
    assert_eq!(a.owner, None, "no owner id on the record");
    assert_eq!(a.contacts[0].name, "Kim 101");
    assert_eq!(
        a.url.as_deref(),
        Some("https://app.hubspot.com/contacts/4242/company/101")
    );
    let today = changed.fetched_at.date_naive();
    assert_eq!(a.metrics.at(Metric::OpenTickets, today), Some(1.0));
    let au: Vec<f32> = a
        .metrics
        .get(Metric::ActiveUsers)
        .points()
        .iter()
        .map(|p| p.value)
        .collect();
    assert_eq!(au, [40.0, 20.0], "history, from the batch read");
    // 106 % 20 = 6: modified on 2026-11-07, the latest of the six.
    let cursor: DateTime<Utc> = "2026-11-07T08:00:00Z".parse().unwrap();
    assert_eq!(changed.cursor, Some(cursor));
    assert_eq!(
        changed.next_since(),
        Some(cursor - ChangedSnapshot::OVERLAP)
    );
    let searches = requests_to(&server, SEARCH).await;
    assert_eq!(afters(&searches), [(None, None), (Some("4".into()), None)]);
    let reads = requests_to(&server, "/crm/v3/objects/companies/batch/read").await;
    for r in &reads {
        let body: Value = serde_json::from_slice(&r.body).unwrap();
        assert!(
            body["inputs"].as_array().unwrap().len() <= 50,
            "50 with history"
        );
        assert_eq!(body["propertiesWithHistory"], json!(["au"]));
    }
}

#[tokio::test]
async fn past_the_search_cap_the_search_goes_on_from_the_last_id() {
    let server = MockServer::start().await;
    basics(&server).await;
    let ids: Vec<u64> = (1..=12).collect();
    // Pages of 4, and a 400 for an `after` at or past 8.
    Mock::given(method("POST"))
        .and(path(SEARCH))
        .respond_with(search_api(ids.clone(), 4, 8, Some(since())))
        .mount(&server)
        .await;
    changed_companies(&server, &ids).await;
    let hub = source(&server, field_map(&[], &[]));
    let changed = hub.fetch_changed(since(), day()).await.unwrap();
    let got: Vec<String> = changed.accounts.iter().map(|a| a.id.to_string()).collect();
    let want: Vec<String> = ids.iter().map(u64::to_string).collect();
    assert_eq!(got, want, "every company once");
    let searches = requests_to(&server, SEARCH).await;
    assert_eq!(
        afters(&searches),
        [
            (None, None),
            (Some("4".into()), None),
            (Some("8".into()), None),
            (None, Some("8".into())),
        ]
    );
}

#[tokio::test]
async fn a_total_past_10000_restarts_by_id_before_the_cap() {
    let server = MockServer::start().await;
    basics(&server).await;
    // HubSpot says 12,000 match, and the next page would start at 10,000.
    Mock::given(method("POST"))
        .and(path(SEARCH))
        .and(|r: &Request| !String::from_utf8_lossy(&r.body).contains("\"GT\""))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "total": 12000,
            "results": [ { "id": "7", "properties": { "hs_object_id": "7", "hs_lastmodifieddate": "2026-11-03T00:00:00Z" } } ],
            "paging": { "next": { "after": "10000" } }
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(SEARCH))
        .and(|r: &Request| String::from_utf8_lossy(&r.body).contains("\"GT\""))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "total": 1,
            "results": [ { "id": "9", "properties": { "hs_object_id": "9", "hs_lastmodifieddate": "2026-11-04T00:00:00Z" } } ]
        })))
        .mount(&server)
        .await;
    changed_companies(&server, &[7, 9]).await;
    let changed = source(&server, field_map(&[], &[]))
        .fetch_changed(since(), day())
        .await
        .unwrap();
    assert_eq!(changed.accounts.len(), 2);
    let searches = requests_to(&server, SEARCH).await;
    assert_eq!(afters(&searches), [(None, None), (None, Some("7".into()))]);
    assert_eq!(
        changed.cursor,
        Some("2026-11-04T00:00:00Z".parse().unwrap())
    );
}

#[tokio::test]
async fn nothing_changed_keeps_the_cursor() {
    let server = MockServer::start().await;
    basics(&server).await;
    Mock::given(method("POST"))
        .and(path(SEARCH))
        .respond_with(search_api(vec![], 4, 100, Some(since())))
        .mount(&server)
        .await;
    let changed = source(&server, field_map(&[], &[]))
        .fetch_changed(since(), day())
        .await
        .unwrap();
    assert!(changed.accounts.is_empty());
    assert_eq!((changed.cursor, changed.next_since()), (None, None));
}

#[tokio::test]
async fn a_rejected_token_is_an_auth_error_that_never_shows_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/companies"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "status": "error",
            "message": "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
            "correlationId": "5a8b7c1e-1d2f-4e3a-9b8c-7d6e5f4a3b2c",
            "category": "INVALID_AUTHENTICATION"
        })))
        .mount(&server)
        .await;
    let hub = source(&server, field_map(&[], &[]));
    let err = hub
        .fetch("2026-11-23".parse::<NaiveDate>().unwrap())
        .await
        .unwrap_err();
    assert!(matches!(err, SourceError::Auth(_)), "{err:?}");
    let shown = format!("{err} {err:?}");
    assert!(
        shown.contains("Authentication credentials not found"),
        "{shown}"
    );
    assert!(
        !shown.contains(TOKEN) && !shown.contains("pat-na1"),
        "{shown}"
    );
    let search_err = hub.fetch_changed(since(), day()).await.unwrap_err();
    assert!(!format!("{search_err} {search_err:?}").contains(TOKEN));
}

#[tokio::test]
async fn hubspot_error_messages_reach_the_user_with_what_was_being_done() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/companies"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "status": "error",
            "message": "Property values were not valid: [{\"name\":\"cs_score\",\"message\":\"Property does not exist\"}]",
            "correlationId": "0c6f5f2e-aaaa-bbbb-cccc-111122223333",
            "category": "VALIDATION_ERROR"
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(SEARCH))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "status": "error", "message": "Invalid filter", "category": "VALIDATION_ERROR", "correlationId": "y"
        })))
        .mount(&server)
        .await;
    let hub = source(&server, field_map(&[], &[]));
    let err = hub.fetch("2026-11-23".parse().unwrap()).await.unwrap_err();
    let SourceError::Api { status, message } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 400);
    assert!(
        message.contains("Property does not exist") && message.ends_with("(listing companies)"),
        "{message}"
    );
    // A 400 on the first search page is an error, not the 10,000 cap.
    let err = hub.fetch_changed(since(), day()).await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("Invalid filter") && text.ends_with("(searching changed companies)"),
        "{err}"
    );
}

/// Through the sync layer: the first sync is full and stores a cursor; the
/// next asks the search API for what changed since it, and the cache has
/// the changed account new and the others as they were.
#[tokio::test]
async fn after_a_full_sync_the_next_one_fetches_only_what_changed() {
    use orienteer::sync::Synced;
    use std::sync::Arc;
    let server = MockServer::start().await;
    basics(&server).await;
    let old: Vec<Value> = (101..=103)
        .map(|id| record(&id.to_string(), json!({ "name": format!("Old {id}") })))
        .collect();
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/companies"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(old, None)))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(SEARCH))
        .respond_with(search_api(vec![102], 4, 10_000, None))
        .mount(&server)
        .await;
    changed_companies(&server, &[102]).await;
    let dir = tempfile::tempdir().unwrap();
    let hub = source(&server, field_map(&[(Field::ActiveUsers, "au")], &[]));
    let synced = Synced::new(Arc::new(hub), "hubspot test", dir.path().join("o.db"));
    let day: NaiveDate = "2026-11-23".parse().unwrap();

    let first = synced.sync(day).await.unwrap();
    assert_eq!(first.accounts.len(), 3);
    assert!(
        requests_to(&server, SEARCH).await.is_empty(),
        "the first sync is full"
    );

    let second = synced.sync(day).await.unwrap();
    let searches = requests_to(&server, SEARCH).await;
    assert_eq!(searches.len(), 1, "the second asks what changed");
    let body: Value = serde_json::from_slice(&searches[0].body).unwrap();
    let gte = &body["filterGroups"][0]["filters"][0];
    assert_eq!(gte["operator"], "GTE", "{body}");
    let names: Vec<&str> = second.accounts.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Old 101", "Co 102", "Old 103"]);
    let cached = synced.read_cache(day).await.unwrap().unwrap();
    assert_eq!(cached.snapshot.accounts.len(), 3);
}
