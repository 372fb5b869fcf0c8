//! A HubSpot portal on loopback for the outbox tests: wiremock answering
//! the write-back endpoints with the shapes of HubSpot's public CRM docs,
//! and keeping what was created, so that a note created by a request whose
//! answer never arrived is there for the next read, as on the real portal.
//!
//! - `POST /crm/v3/objects/{notes,tasks}`: creates it (201, the object),
//!   unless a failure is queued; the object exists from the moment the
//!   request arrives, even when the answer is delayed.
//! - `GET /crm/v4/objects/companies/{id}/associations/{notes,tasks}`: the
//!   company's notes or tasks, at once.
//! - `POST /crm/v3/objects/{notes,tasks}/batch/read`: their bodies.
//! - `POST /crm/v3/objects/notes/search`: a search index that lags: it
//!   finds nothing yet.
//! - `GET /crm/v3/owners`: the portal's users (none unless set), one page.
//!
//! [`cli`] runs the real binary against it; [`draft`] is what the tests
//! queue, and how they wait for the flusher.
#![allow(dead_code)]

pub mod cli;
pub mod draft;

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const TOKEN: &str = "pat-na1-11111111-2222-3333-4444-555555555555";

/// The HubSpot writer the outbox tests send through, against `hub`.
pub fn hubspot(hub: &FakeHub) -> orienteer::source::hubspot::HubSpot {
    hubspot_with(hub, |_| {})
}

/// [`hubspot`] with its HTTP settings tuned first (a short read timeout).
pub fn hubspot_with(
    hub: &FakeHub,
    tune: impl FnOnce(&mut orienteer::source::http::HttpConfig),
) -> orienteer::source::hubspot::HubSpot {
    use orienteer::source::hubspot::HubSpot;
    let mut config = HubSpot::http_config(hub.uri(), orienteer::source::http::Token::new(TOKEN));
    tune(&mut config);
    let http = orienteer::source::http::Http::new(config).unwrap();
    HubSpot::new(http, orienteer::source::mapping::FieldMap::default())
}

/// An engagement the portal holds.
#[derive(Debug, Clone)]
pub struct Created {
    pub id: String,
    pub company: String,
    /// The `properties` of the create request.
    pub properties: Value,
    /// The whole create request.
    pub request: Value,
}

#[derive(Debug, Default)]
pub struct Portal {
    pub notes: Vec<Created>,
    pub tasks: Vec<Created>,
    /// Create requests seen, including refused ones.
    pub note_posts: usize,
    pub task_posts: usize,
    /// Searches seen.
    pub searches: usize,
    /// Answers to give to the next create requests instead of creating,
    /// with a `Retry-After` if given.
    pub fail_next: VecDeque<(u16, Value, Option<String>)>,
    /// Delay the answer to the next create request (it is created anyway).
    pub delay_next: Option<Duration>,
    /// The users `GET /crm/v3/owners` lists, and how often it was read.
    pub owners: Vec<Value>,
    pub owner_reads: usize,
    next_id: u64,
}

#[derive(Clone)]
pub struct FakeHub {
    pub server: Arc<MockServer>,
    pub portal: Arc<Mutex<Portal>>,
}

impl FakeHub {
    pub async fn start() -> FakeHub {
        FakeHub::serve(MockServer::start().await).await
    }

    /// On a given address (a portal that comes back up where it was).
    pub async fn start_on(listener: std::net::TcpListener) -> FakeHub {
        FakeHub::serve(MockServer::builder().listener(listener).start().await).await
    }

    async fn serve(server: MockServer) -> FakeHub {
        let portal = Arc::new(Mutex::new(Portal {
            next_id: 9000,
            ..Portal::default()
        }));
        for kind in ["notes", "tasks"] {
            Mock::given(method("POST"))
                .and(path(format!("/crm/v3/objects/{kind}")))
                .respond_with(Create {
                    portal: portal.clone(),
                    kind,
                })
                .mount(&server)
                .await;
            Mock::given(method("POST"))
                .and(path(format!("/crm/v3/objects/{kind}/batch/read")))
                .respond_with(BatchRead {
                    portal: portal.clone(),
                    kind,
                })
                .mount(&server)
                .await;
        }
        Mock::given(method("GET"))
            .and(path_regex(
                r"^/crm/v4/objects/companies/[^/]+/associations/(notes|tasks)$",
            ))
            .respond_with(Associations {
                portal: portal.clone(),
            })
            .mount(&server)
            .await;
        let listed = portal.clone();
        Mock::given(method("GET"))
            .and(path("/crm/v3/owners"))
            .respond_with(move |_: &Request| {
                let mut portal = listed.lock().unwrap();
                portal.owner_reads += 1;
                ResponseTemplate::new(200).set_body_json(json!({ "results": portal.owners }))
            })
            .mount(&server)
            .await;
        let searched = portal.clone();
        Mock::given(method("POST"))
            .and(path("/crm/v3/objects/notes/search"))
            .respond_with(move |_: &Request| {
                searched.lock().unwrap().searches += 1;
                ResponseTemplate::new(200).set_body_json(json!({ "total": 0, "results": [] }))
            })
            .mount(&server)
            .await;
        FakeHub {
            server: Arc::new(server),
            portal,
        }
    }

    pub fn uri(&self) -> String {
        self.server.uri()
    }

    pub fn notes(&self) -> Vec<Created> {
        self.portal.lock().unwrap().notes.clone()
    }

    pub fn tasks(&self) -> Vec<Created> {
        self.portal.lock().unwrap().tasks.clone()
    }

    pub fn note_posts(&self) -> usize {
        self.portal.lock().unwrap().note_posts
    }

    /// The users the portal lists, as `GET /crm/v3/owners` gives them.
    pub fn set_owners(&self, owners: Vec<Value>) {
        self.portal.lock().unwrap().owners = owners;
    }

    pub fn owner_reads(&self) -> usize {
        self.portal.lock().unwrap().owner_reads
    }

    pub fn fail_next(&self, status: u16, body: Value) {
        self.portal
            .lock()
            .unwrap()
            .fail_next
            .push_back((status, body, None));
    }

    /// The next create request is answered 429 with `Retry-After:
    /// retry_after` (HubSpot's rate-limit error), and nothing is created.
    pub fn throttle_next(&self, retry_after: &str) {
        self.portal.lock().unwrap().fail_next.push_back((
            429,
            error_body("RATE_LIMITS", "You have reached your secondly limit."),
            Some(retry_after.to_string()),
        ));
    }

    pub fn delay_next(&self, delay: Duration) {
        self.portal.lock().unwrap().delay_next = Some(delay);
    }
}

/// HubSpot's error body.
pub fn error_body(category: &str, message: &str) -> Value {
    json!({
        "status": "error",
        "message": message,
        "correlationId": "5a8b7c1e-1d2f-4e3a-9b8c-7d6e5f4a3b2c",
        "category": category,
    })
}

struct Create {
    portal: Arc<Mutex<Portal>>,
    kind: &'static str,
}

impl Respond for Create {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut portal = self.portal.lock().unwrap();
        match self.kind {
            "notes" => portal.note_posts += 1,
            _ => portal.task_posts += 1,
        }
        if let Some((status, body, retry_after)) = portal.fail_next.pop_front() {
            let template = ResponseTemplate::new(status).set_body_json(body);
            return match retry_after {
                Some(wait) => template.insert_header("retry-after", wait.as_str()),
                None => template,
            };
        }
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let company = body["associations"][0]["to"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        portal.next_id += 1;
        let created = Created {
            id: portal.next_id.to_string(),
            company,
            properties: body["properties"].clone(),
            request: body.clone(),
        };
        let answer = json!({
            "id": created.id,
            "properties": created.properties,
            "createdAt": "2026-11-23T10:00:00.000Z",
            "updatedAt": "2026-11-23T10:00:00.000Z",
            "archived": false,
        });
        match self.kind {
            "notes" => portal.notes.push(created),
            _ => portal.tasks.push(created),
        }
        let template = ResponseTemplate::new(201).set_body_json(answer);
        match portal.delay_next.take() {
            Some(d) => template.set_delay(d),
            None => template,
        }
    }
}

struct Associations {
    portal: Arc<Mutex<Portal>>,
}

impl Respond for Associations {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let parts: Vec<&str> = request.url.path().split('/').collect();
        let (company, kind) = (parts[5], parts[7]);
        let portal = self.portal.lock().unwrap();
        let (all, type_id) = match kind {
            "notes" => (&portal.notes, 190),
            _ => (&portal.tasks, 192),
        };
        let results: Vec<Value> = all
            .iter()
            .filter(|c| c.company == company)
            .map(|c| {
                json!({
                    "toObjectId": c.id.parse::<u64>().unwrap(),
                    "associationTypes": [
                        { "category": "HUBSPOT_DEFINED", "typeId": type_id, "label": null }
                    ]
                })
            })
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({ "results": results }))
    }
}

struct BatchRead {
    portal: Arc<Mutex<Portal>>,
    kind: &'static str,
}

impl Respond for BatchRead {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let portal = self.portal.lock().unwrap();
        let all = match self.kind {
            "notes" => &portal.notes,
            _ => &portal.tasks,
        };
        let wanted: Vec<&str> = body["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap())
            .collect();
        let results: Vec<Value> = all
            .iter()
            .filter(|c| wanted.contains(&c.id.as_str()))
            .map(|c| {
                let mut props = json!({ "hs_object_id": c.id });
                for p in body["properties"].as_array().unwrap() {
                    let p = p.as_str().unwrap();
                    props[p] = c.properties.get(p).cloned().unwrap_or(Value::Null);
                }
                json!({
                    "id": c.id,
                    "properties": props,
                    "createdAt": "2026-11-23T10:00:00.000Z",
                    "updatedAt": "2026-11-23T10:00:00.000Z",
                    "archived": false,
                })
            })
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({
            "status": "COMPLETE",
            "results": results,
            "startedAt": "2026-11-23T10:00:00.000Z",
            "completedAt": "2026-11-23T10:00:00.100Z",
        }))
    }
}
