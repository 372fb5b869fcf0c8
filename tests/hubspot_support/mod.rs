//! A HubSpot on loopback: wiremock answering with the shapes of HubSpot's
//! public CRM v3 documentation.
#![allow(dead_code)]

use orienteer::source::http::{Http, Token};
use orienteer::source::hubspot::HubSpot;
use orienteer::source::mapping::{Field, FieldMap};
use serde_json::{json, Value};
use std::collections::HashMap;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const TOKEN: &str = "pat-na1-11111111-2222-3333-4444-555555555555";

pub fn field_map(fields: &[(Field, &str)], milestones: &[(&str, &str)]) -> FieldMap {
    FieldMap {
        fields: fields.iter().map(|(f, p)| (*f, p.to_string())).collect(),
        milestones: milestones
            .iter()
            .map(|(m, p)| ((*m).into(), p.to_string()))
            .collect(),
    }
}

pub fn source(server: &MockServer, map: FieldMap) -> HubSpot {
    let mut config = HubSpot::http_config(server.uri(), Token::new(TOKEN));
    config.retries = 0;
    HubSpot::new(Http::new(config).unwrap(), map)
}

/// A company as the list endpoint returns it.
pub fn company(id: &str, properties: Value, contacts: &[&str], tickets: &[&str]) -> Value {
    let mut props = json!({
        "hs_object_id": id,
        "hs_lastmodifieddate": "2026-11-20T10:00:00.000Z",
    });
    props
        .as_object_mut()
        .unwrap()
        .extend(properties.as_object().unwrap().clone());
    let link = |ids: &[&str], kind: &str| json!({ "results": ids.iter().map(|id| json!({ "id": id, "type": kind })).collect::<Vec<_>>() });
    json!({
        "id": id,
        "properties": props,
        "createdAt": "2025-01-01T00:00:00.000Z",
        "updatedAt": "2026-11-20T10:00:00.000Z",
        "archived": false,
        "associations": {
            "contacts": link(contacts, "company_to_contact"),
            "tickets": link(tickets, "company_to_ticket"),
        }
    })
}

/// One page of a list endpoint.
pub fn page(results: Vec<Value>, next: Option<&str>) -> Value {
    match next {
        Some(after) => json!({
            "results": results,
            "paging": { "next": { "after": after, "link": format!("https://api.hubapi.com/?after={after}") } }
        }),
        None => json!({ "results": results }),
    }
}

/// Answers a batch read with the records asked for, by id, as HubSpot
/// does; checks the documented cap of 100 ids a call.
pub fn batch_responder(records: Vec<Value>) -> impl Fn(&Request) -> ResponseTemplate {
    let by_id: HashMap<String, Value> = records
        .into_iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r))
        .collect();
    move |req: &Request| {
        let body: Value = serde_json::from_slice(&req.body).unwrap();
        let inputs = body["inputs"].as_array().unwrap();
        if inputs.len() > 100 {
            return ResponseTemplate::new(400).set_body_json(json!({
                "status": "error", "message": "Too many inputs", "category": "VALIDATION_ERROR",
                "correlationId": "c0ffee00-0000-0000-0000-000000000000"
            }));
        }
        let results: Vec<Value> = inputs
            .iter()
            .filter_map(|i| by_id.get(i["id"].as_str().unwrap()).cloned())
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({
            "status": "COMPLETE",
            "results": results,
            "startedAt": "2026-11-23T09:00:00.000Z",
            "completedAt": "2026-11-23T09:00:00.100Z"
        }))
    }
}

/// A contact or ticket record.
pub fn record(id: &str, properties: Value) -> Value {
    json!({ "id": id, "properties": properties, "archived": false })
}

/// Mounts the portal id, owners, and empty contact and ticket reads.
pub async fn basics(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/account-info/v3/details"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "portalId": 4242, "uiDomain": "app.hubspot.com", "timeZone": "US/Eastern",
            "companyCurrency": "USD", "dataHostingLocation": "na1"
        })))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/owners"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(
            vec![json!({ "id": "77", "email": "dana@x.com", "firstName": "Dana", "lastName": "Reyes" })],
            None,
        )))
        .mount(server)
        .await;
}

pub async fn objects(server: &MockServer, object: &str, records: Vec<Value>) {
    Mock::given(method("POST"))
        .and(path(format!("/crm/v3/objects/{object}/batch/read")))
        .respond_with(batch_responder(records))
        .mount(server)
        .await;
}

/// The query of a request as pairs.
pub fn query(req: &Request) -> HashMap<String, String> {
    req.url.query_pairs().into_owned().collect()
}

/// The requests received on `p`.
pub async fn requests_to(server: &MockServer, p: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() == p)
        .collect()
}
