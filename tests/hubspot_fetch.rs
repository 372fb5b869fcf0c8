//! The HubSpot source's full fetch against a HubSpot on loopback.

mod hubspot_support;

use chrono::NaiveDate;
use hubspot_support::*;
use orienteer::domain::account::Outcome;
use orienteer::domain::{AlertKind, ContactRole, Engine, Metric, Model};
use orienteer::source::mapping::Field;
use orienteer::source::Source;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const TODAY: &str = "2026-11-23";

async fn companies_pages(server: &MockServer, pages: Vec<Vec<Value>>) {
    let n = pages.len();
    for (i, results) in pages.into_iter().enumerate() {
        let next = (i + 1 < n).then(|| format!("cursor{}", i + 1));
        let mock = Mock::given(method("GET")).and(path("/crm/v3/objects/companies"));
        let mock = match i {
            0 => mock.and(query_param_is_missing("after")),
            _ => mock.and(query_param("after", format!("cursor{i}"))),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(page(results, next.as_deref())))
            .expect(1)
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn pages_of_companies_are_followed_with_history_within_the_page_cap() {
    let server = MockServer::start().await;
    basics(&server).await;
    objects(&server, "contacts", vec![]).await;
    objects(&server, "tickets", vec![]).await;
    let pages: Vec<Vec<Value>> = (0..3)
        .map(|p| {
            (0..if p == 2 { 7 } else { 50 })
                .map(|i| {
                    let id = format!("{}", 1000 + p * 50 + i);
                    company(
                        &id,
                        json!({ "name": format!("Co {id}"), "au": "10", "tier": null }),
                        &[],
                        &[],
                    )
                })
                .collect()
        })
        .collect();
    companies_pages(&server, pages).await;
    let map = field_map(&[(Field::ActiveUsers, "au"), (Field::Segment, "tier")], &[]);
    let snap = source(&server, map).fetch(day(TODAY)).await.unwrap();
    assert_eq!(snap.accounts.len(), 107);
    assert!(snap.warnings.is_empty(), "{:?}", snap.warnings);
    assert_eq!(
        snap.origin,
        orienteer::source::Origin::live("HubSpot portal 4242")
    );
    assert_eq!(snap.accounts[106].name, "Co 1106");
    assert_eq!(snap.accounts[0].segment, None, "null is absent");
    let sent = requests_to(&server, "/crm/v3/objects/companies").await;
    let afters: Vec<Option<String>> = sent
        .iter()
        .map(|r| query(r).get("after").cloned())
        .collect();
    assert_eq!(
        afters,
        [None, Some("cursor1".into()), Some("cursor2".into())]
    );
    for r in &sent {
        let q = query(r);
        assert_eq!(q["limit"], "50", "50 a page when history is asked for");
        assert_eq!(q["propertiesWithHistory"], "au");
        assert_eq!(q["associations"], "contacts,tickets");
        assert_eq!(q["archived"], "false");
        let props: Vec<&str> = q["properties"].split(',').collect();
        for p in [
            "au",
            "tier",
            "name",
            "domain",
            "hubspot_owner_id",
            "hs_lastmodifieddate",
        ] {
            assert!(props.contains(&p), "{p} in {props:?}");
        }
        assert_eq!(r.headers["authorization"], format!("Bearer {TOKEN}"));
    }
}

#[tokio::test]
async fn without_history_a_page_holds_100() {
    let server = MockServer::start().await;
    basics(&server).await;
    objects(&server, "contacts", vec![]).await;
    objects(&server, "tickets", vec![]).await;
    companies_pages(
        &server,
        vec![vec![company("1", json!({ "name": "A" }), &[], &[])]],
    )
    .await;
    let map = field_map(&[(Field::Arr, "arr")], &[]);
    source(&server, map).fetch(day(TODAY)).await.unwrap();
    let sent = requests_to(&server, "/crm/v3/objects/companies").await;
    let q = query(&sent[0]);
    assert_eq!(q["limit"], "100");
    assert!(!q.contains_key("propertiesWithHistory"));
}

#[tokio::test]
async fn string_properties_history_and_a_falling_trend_that_fires_usage_decline() {
    let server = MockServer::start().await;
    basics(&server).await;
    objects(&server, "contacts", vec![]).await;
    objects(&server, "tickets", vec![]).await;
    let mut acme = company(
        "123",
        json!({
            "name": "Acme", "domain": "acme.com", "hubspot_owner_id": "77",
            "active_users": "50", "licenses": "100", "annualrevenue": "120000.50",
            "contract_start": "2025-01-15", "renewal_date": "1798675200000",
            "renewal_outcome": "Open", "cs_stage": "established", "first_value_date": "2025-02-20T00:00:00Z",
            "nps": null, "csat": ""
        }),
        &[],
        &[],
    );
    acme["propertiesWithHistory"] = json!({
        "active_users": [
            { "value": "50", "timestamp": "2026-11-20T10:00:00.000Z", "sourceType": "API", "sourceId": "sync" },
            { "value": "70", "timestamp": "2026-11-05T10:00:00.000Z", "sourceType": "API", "sourceId": "sync" },
            { "value": "100", "timestamp": "2026-10-01T10:00:00.000Z", "sourceType": "API", "sourceId": "sync" }
        ],
        "licenses": [ { "value": "100", "timestamp": "2025-01-15T00:00:00.000Z", "sourceType": "CRM_UI" } ],
        "cs_stage": [ { "value": "established", "timestamp": "2025-03-01T08:00:00.000Z", "sourceType": "CRM_UI" } ]
    });
    companies_pages(&server, vec![vec![acme]]).await;
    let map = field_map(
        &[
            (Field::ActiveUsers, "active_users"),
            (Field::Licenses, "licenses"),
            (Field::Nps, "nps"),
            (Field::Csat, "csat"),
            (Field::Arr, "annualrevenue"),
            (Field::ContractStart, "contract_start"),
            (Field::RenewalDate, "renewal_date"),
            (Field::Outcome, "renewal_outcome"),
            (Field::Stage, "cs_stage"),
        ],
        &[("first_value", "first_value_date")],
    );
    let snap = source(&server, map).fetch(day(TODAY)).await.unwrap();
    assert!(snap.warnings.is_empty(), "{:?}", snap.warnings);
    let a = &snap.accounts[0];
    assert_eq!(
        a.owner.as_deref(),
        Some("Dana Reyes"),
        "resolved through the owners API"
    );
    assert_eq!(
        a.url.as_deref(),
        Some("https://app.hubspot.com/contacts/4242/company/123")
    );
    assert_eq!(a.arr, Some(120_000.5));
    assert_eq!(a.renewal_date, Some(day("2026-12-31")));
    assert_eq!(a.outcome, Outcome::Open);
    assert_eq!(a.stage.as_ref().unwrap().as_of, Some(day("2025-03-01")));
    assert_eq!(a.milestones.get("first_value"), Some(&day("2025-02-20")));
    assert!(a.metrics.get(Metric::Nps).is_empty() && a.metrics.get(Metric::Csat).is_empty());
    let au: Vec<f32> = a
        .metrics
        .get(Metric::ActiveUsers)
        .points()
        .iter()
        .map(|p| p.value)
        .collect();
    assert_eq!(au, [100.0, 70.0, 50.0], "oldest first");
    let sent = requests_to(&server, "/crm/v3/objects/companies").await;
    assert_eq!(
        query(&sent[0])["propertiesWithHistory"],
        "active_users,cs_stage,csat,licenses,nps",
        "the metrics' history and the stage's"
    );

    let engine = Engine::new(Model::default()).unwrap();
    let eval = engine.evaluate(a, day(TODAY));
    let kinds: Vec<AlertKind> = eval.alerts.iter().map(|al| al.facts.kind()).collect();
    assert!(kinds.contains(&AlertKind::UsageDecline), "{kinds:?}");
}

#[tokio::test]
async fn contacts_and_tickets_are_batch_read_100_at_a_time() {
    let server = MockServer::start().await;
    basics(&server).await;
    // 150 contacts on two companies: two batch reads.
    let ids: Vec<String> = (0..150).map(|i| format!("{}", 9000 + i)).collect();
    let contacts: Vec<Value> = ids
        .iter()
        .map(|id| {
            record(id, json!({
                "firstname": "Pat", "lastname": id, "email": format!("{id}@acme.com"),
                "jobtitle": "VP Engineering", "role": if id == "9000" { "exec_sponsor" } else { "" },
                "notes_last_contacted": "2026-10-01T12:00:00.000Z",
                "hs_lastmodifieddate": "2026-11-22T00:00:00.000Z"
            }))
        })
        .collect();
    objects(&server, "contacts", contacts).await;
    objects(&server, "tickets", vec![
        record("1", json!({ "hs_pipeline_stage": "1", "hs_ticket_priority": "HIGH", "createdate": "2026-11-01T00:00:00.000Z", "closed_date": null })),
        record("2", json!({ "hs_pipeline_stage": "4", "createdate": "2026-10-01T00:00:00.000Z", "closed_date": "2026-10-02T00:00:00.000Z" })),
        record("3", json!({ "hs_pipeline_stage": "2", "createdate": "2026-11-10T00:00:00.000Z" })),
    ])
    .await;
    let first: Vec<&str> = ids[..100].iter().map(String::as_str).collect();
    let second: Vec<&str> = ids[100..].iter().map(String::as_str).collect();
    companies_pages(
        &server,
        vec![vec![
            company("1", json!({ "name": "One" }), &first, &["1", "2", "3"]),
            company("2", json!({ "name": "Two" }), &second, &[]),
        ]],
    )
    .await;
    let hub = source(&server, field_map(&[], &[])).with_contact_role("role");
    let snap = hub.fetch(day(TODAY)).await.unwrap();
    assert!(snap.warnings.is_empty(), "{:?}", snap.warnings);
    let (one, two) = (&snap.accounts[0], &snap.accounts[1]);
    assert_eq!((one.contacts.len(), two.contacts.len()), (100, 50));
    let sponsor = &one.contacts[0];
    assert_eq!(sponsor.name, "Pat 9000");
    assert_eq!(sponsor.role, Some(ContactRole::ExecSponsor));
    assert_eq!(sponsor.email.as_deref(), Some("9000@acme.com"));
    assert_eq!(sponsor.last_seen, Some(day("2026-10-01")));
    assert_eq!(one.contacts[1].role, None, "a job title is not a role");
    assert_eq!(one.metrics.at(Metric::OpenTickets, day(TODAY)), Some(2.0));
    assert_eq!(
        two.metrics.at(Metric::OpenTickets, day(TODAY)),
        Some(0.0),
        "tickets were read: none open"
    );
    assert_eq!(one.events.len(), 3);
    let reads = requests_to(&server, "/crm/v3/objects/contacts/batch/read").await;
    assert_eq!(reads.len(), 2);
    for r in &reads {
        let body: Value = serde_json::from_slice(&r.body).unwrap();
        assert!(body["inputs"].as_array().unwrap().len() <= 100);
        let props = body["properties"].to_string();
        for p in [
            "firstname",
            "lastname",
            "email",
            "notes_last_contacted",
            "role",
        ] {
            assert!(props.contains(p), "{p} in {props}");
        }
    }
    // The exec sponsor was last seen 53 days ago: exec_inactive needs no more.
    let eval = Engine::new(Model::default())
        .unwrap()
        .evaluate(one, day(TODAY));
    assert!(eval
        .alerts
        .iter()
        .any(|al| al.facts.kind() == AlertKind::ExecInactive));
}

#[tokio::test]
async fn a_malformed_record_costs_its_field_with_a_warning_and_the_fetch_goes_on() {
    let server = MockServer::start().await;
    basics(&server).await;
    objects(&server, "contacts", vec![]).await;
    objects(&server, "tickets", vec![]).await;
    companies_pages(
        &server,
        vec![vec![
            company(
                "1",
                json!({ "name": "Good", "seats": "40", "arr": "1,000" }),
                &[],
                &[],
            ),
            company(
                "2",
                json!({ "name": "Bad Co", "seats": "forty", "arr": "2000" }),
                &[],
                &[],
            ),
        ]],
    )
    .await;
    let map = field_map(&[(Field::Licenses, "seats"), (Field::Arr, "arr")], &[]);
    let snap = source(&server, map).fetch(day(TODAY)).await.unwrap();
    assert!(snap.warnings.is_empty(), "{:?}", snap.warnings);
    assert_eq!(
        snap.all_warnings(),
        ["account 2 (Bad Co): field licenses (seats): cannot read `forty` as a number"],
        "the bad field travels with its account"
    );
    let (good, bad) = (&snap.accounts[0], &snap.accounts[1]);
    assert_eq!(good.metrics.at(Metric::Licenses, day(TODAY)), Some(40.0));
    assert_eq!(good.arr, Some(1000.0));
    assert!(bad.metrics.get(Metric::Licenses).is_empty());
    assert_eq!(bad.arr, Some(2000.0), "the other fields are kept");
}

#[tokio::test]
async fn a_property_that_is_not_a_string_costs_its_field_not_the_sync() {
    let server = MockServer::start().await;
    basics(&server).await;
    objects(&server, "contacts", vec![]).await;
    objects(&server, "tickets", vec![]).await;
    companies_pages(
        &server,
        vec![vec![
            company("1", json!({ "name": "Good", "seats": 40 }), &[], &[]),
            company(
                "2",
                json!({ "name": "Odd Co", "seats": { "value": 40 }, "arr": "2000" }),
                &[],
                &[],
            ),
        ]],
    )
    .await;
    let map = field_map(&[(Field::Licenses, "seats"), (Field::Arr, "arr")], &[]);
    let snap = source(&server, map).fetch(day(TODAY)).await.unwrap();
    assert_eq!(snap.accounts.len(), 2);
    let (good, odd) = (&snap.accounts[0], &snap.accounts[1]);
    assert_eq!(
        good.metrics.at(Metric::Licenses, day(TODAY)),
        Some(40.0),
        "a number reads"
    );
    assert!(odd.metrics.get(Metric::Licenses).is_empty());
    assert_eq!(odd.arr, Some(2000.0), "the other fields are kept");
    let warnings = snap.all_warnings();
    assert!(
        warnings.len() == 1 && warnings[0].contains("account 2 (Odd Co): field licenses (seats)"),
        "{warnings:?}"
    );
}

#[tokio::test]
async fn without_the_portal_id_there_is_no_link_and_no_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/account-info/v3/details"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "status": "error", "message": "This app hasn't been granted all required scopes",
            "category": "MISSING_SCOPES", "correlationId": "3d1c1b2a-0000-0000-0000-000000000000"
        })))
        .mount(&server)
        .await;
    objects(&server, "contacts", vec![]).await;
    objects(&server, "tickets", vec![]).await;
    companies_pages(
        &server,
        vec![vec![company(
            "5",
            json!({ "name": "A", "csm": "Sam" }),
            &[],
            &[],
        )]],
    )
    .await;
    let hub = source(&server, field_map(&[(Field::Owner, "csm")], &[]));
    let snap = hub.fetch(day(TODAY)).await.unwrap();
    assert_eq!(snap.accounts[0].url, None);
    assert_eq!(
        snap.accounts[0].owner.as_deref(),
        Some("Sam"),
        "a mapped owner: no owners call"
    );
    assert!(requests_to(&server, "/crm/v3/owners").await.is_empty());
    assert_eq!(snap.origin, orienteer::source::Origin::live("HubSpot"));
    assert!(
        hub.describe().starts_with("HubSpot (http://127.0.0.1"),
        "{}",
        hub.describe()
    );
}

#[tokio::test]
async fn a_token_without_the_tickets_scope_costs_the_tickets_only() {
    let server = MockServer::start().await;
    basics(&server).await;
    objects(
        &server,
        "contacts",
        vec![record("9", json!({ "firstname": "Ann" }))],
    )
    .await;
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/tickets/batch/read"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "status": "error", "message": "This app hasn't been granted all required scopes to make this call.",
            "category": "MISSING_SCOPES", "correlationId": "aa"
        })))
        .mount(&server)
        .await;
    companies_pages(
        &server,
        vec![vec![company("5", json!({ "name": "A" }), &["9"], &["1"])]],
    )
    .await;
    let snap = source(&server, field_map(&[], &[]))
        .fetch(day(TODAY))
        .await
        .unwrap();
    let a = &snap.accounts[0];
    assert_eq!(a.contacts[0].name, "Ann");
    assert!(
        a.metrics.get(Metric::OpenTickets).is_empty(),
        "unknown, not zero"
    );
    assert_eq!(snap.warnings.len(), 1);
    assert!(
        snap.warnings[0].starts_with("tickets could not be read"),
        "{:?}",
        snap.warnings
    );
}

/// Listing the companies worked, so a 404 later is about that endpoint:
/// the error names it and what it was for, and does not send the user off
/// to check `base_url`.
#[tokio::test]
async fn a_404_from_a_later_endpoint_names_it_and_its_purpose() {
    let server = MockServer::start().await;
    basics(&server).await;
    objects(&server, "contacts", vec![]).await;
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/tickets/batch/read"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "status": "error", "message": "Unable to infer object type from: tickets",
            "category": "OBJECT_NOT_FOUND", "correlationId": "bb"
        })))
        .mount(&server)
        .await;
    companies_pages(
        &server,
        vec![vec![
            company("5", json!({ "name": "A" }), &[], &["1", "2"]),
            company("6", json!({ "name": "B" }), &[], &["3"]),
        ]],
    )
    .await;
    let err = source(&server, field_map(&[], &[]))
        .fetch(day(TODAY))
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("POST /crm/v3/objects/tickets/batch/read answered 404 Not Found"),
        "{text}"
    );
    assert!(
        text.ends_with("(reading the tickets of the companies, 3 of them)"),
        "{text}"
    );
    assert!(text.contains("Unable to infer object type"), "{text}");
    assert!(!text.contains("base_url"), "{text}");
}
