//! The `o` link's host is HubSpot's own, never an API answer's alone: a
//! portal on loopback whose account-info names a hostile `uiDomain` gets
//! links to `app.hubspot.com`.

mod hubspot_support;

use hubspot_support::{company, field_map, page, source};
use orienteer::source::Source;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn portal_saying(ui_domain: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/account-info/v3/details"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "portalId": 4242, "uiDomain": ui_domain, "timeZone": "US/Eastern",
            "companyCurrency": "USD", "dataHostingLocation": "na1"
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/owners"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(vec![], None)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/companies"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(
            vec![company("123", json!({ "name": "Acme" }), &[], &[])],
            None,
        )))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_hostile_ui_domain_is_not_where_links_go() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for (given, host) in [
        ("evil.example", "app.hubspot.com"),
        ("app.hubspot.com.evil.example", "app.hubspot.com"),
        ("evil.example/.hubspot.com", "app.hubspot.com"),
        ("app-eu1.hubspot.com", "app-eu1.hubspot.com"),
    ] {
        let server = portal_saying(given).await;
        let snap = source(&server, field_map(&[], &[]))
            .fetch(today)
            .await
            .unwrap();
        assert_eq!(
            snap.accounts[0].url.as_deref(),
            Some(format!("https://{host}/contacts/4242/company/123").as_str()),
            "uiDomain {given}"
        );
    }
}
