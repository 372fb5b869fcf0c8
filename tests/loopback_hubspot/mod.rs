//! A HubSpot on loopback for the sync benchmark and the pacing test: a
//! small HTTP/1.1 server on tokio's `TcpListener` (keep-alive,
//! `Content-Length` bodies) answering the endpoints a full fetch calls,
//! with deterministic HubSpot-shaped JSON. wiremock matches every request
//! against every mock and keeps them all: too slow for 10,000 companies.
//!
//! Company `i` (id `i`, from 1) has string properties, the history of its
//! metrics and stage when `i % history_every == 0`, and
//! `1 + i % max_contacts` contacts (ids `10 i + k`). With a rate limit,
//! every answer carries HubSpot's `X-HubSpot-RateLimit-*` headers, the
//! budget counting down per window (a window opens with the first request
//! after the last one closed), and a request over the budget gets a 429,
//! counted.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// The rate limit the server advertises and enforces.
#[derive(Debug, Clone, Copy)]
pub struct RateLimit {
    pub max: u64,
    pub window: Duration,
}

/// What the portal holds.
#[derive(Debug, Clone)]
pub struct Portal {
    pub companies: usize,
    /// Contacts per company cycle through 1..=max_contacts; 0 for none.
    pub max_contacts: usize,
    /// Every n-th company carries property history (0: none).
    pub history_every: usize,
    pub rate_limit: Option<RateLimit>,
}

/// What the server saw.
#[derive(Debug, Default)]
pub struct Counters {
    /// Requests answered within the budget.
    pub answered: AtomicU64,
    /// Requests refused with a 429.
    pub throttled: AtomicU64,
    /// Rate-limit windows opened (the first request after one has passed
    /// opens the next).
    pub windows: AtomicU64,
}

pub struct Server {
    pub addr: SocketAddr,
    pub counters: Arc<Counters>,
}

impl Server {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

struct State {
    portal: Portal,
    /// Each company's JSON, rendered once.
    companies: Vec<String>,
    counters: Arc<Counters>,
    /// The current window's start and the requests counted in it.
    window: Mutex<Option<(Instant, u64)>>,
}

/// Starts the server on 127.0.0.1 (a free port) on the current runtime.
pub async fn start(portal: Portal) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let counters = Arc::new(Counters::default());
    let companies = (1..=portal.companies)
        .map(|i| company(&portal, i))
        .collect();
    let state = Arc::new(State {
        portal,
        companies,
        counters: counters.clone(),
        window: Mutex::new(None),
    });
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let _ = stream.set_nodelay(true);
            tokio::spawn(serve(stream, state.clone()));
        }
    });
    Server { addr, counters }
}

async fn serve(stream: TcpStream, state: Arc<State>) {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    let mut line = String::new();
    loop {
        line.clear();
        if read.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
            return;
        };
        let (method, target) = (method.to_string(), target.to_string());
        let mut length = 0;
        loop {
            line.clear();
            if read.read_line(&mut line).await.unwrap_or(0) == 0 {
                return;
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        if read.read_exact(&mut body).await.is_err() {
            return;
        }
        let answer = state.answer(&method, &target, &body);
        if write.write_all(&answer).await.is_err() {
            return;
        }
    }
}

impl State {
    /// The whole HTTP response to one request.
    fn answer(&self, method: &str, target: &str, body: &[u8]) -> Vec<u8> {
        let mut headers = String::new();
        if let Some(limit) = self.portal.rate_limit {
            let Some(remaining) = self.admit(limit) else {
                self.counters.throttled.fetch_add(1, Ordering::Relaxed);
                rate_headers(&mut headers, limit, 0);
                let body = r#"{"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING"}"#;
                return response(429, &headers, body);
            };
            rate_headers(&mut headers, limit, remaining);
        }
        self.counters.answered.fetch_add(1, Ordering::Relaxed);
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let (status, body) = match (method, path) {
            ("GET", "/crm/v3/objects/companies") => (200, self.companies_page(query)),
            ("POST", "/crm/v3/objects/contacts/batch/read") => (200, self.contacts(body)),
            ("POST", "/crm/v3/objects/tickets/batch/read") => (200, batch(String::new())),
            ("GET", "/crm/v3/owners") => (200, OWNERS.to_string()),
            ("GET", "/account-info/v3/details") => (200, ACCOUNT.to_string()),
            _ => (
                404,
                r#"{"status":"error","message":"not found"}"#.to_string(),
            ),
        };
        response(status, &headers, &body)
    }

    /// Counts a request against the window; `None` when over the budget,
    /// else what is left of it.
    fn admit(&self, limit: RateLimit) -> Option<u64> {
        let now = Instant::now();
        let mut window = self.window.lock().unwrap();
        let (start, used) = window.get_or_insert_with(|| {
            self.counters.windows.fetch_add(1, Ordering::Relaxed);
            (now, 0)
        });
        if now.duration_since(*start) >= limit.window {
            self.counters.windows.fetch_add(1, Ordering::Relaxed);
            *start = now;
            *used = 0;
        }
        if *used >= limit.max {
            return None;
        }
        *used += 1;
        Some(limit.max - *used)
    }

    fn companies_page(&self, query: &str) -> String {
        let param = |name: &str| {
            query
                .split('&')
                .filter_map(|pair| pair.split_once('='))
                .find(|(k, _)| *k == name)
                .and_then(|(_, v)| v.parse::<usize>().ok())
        };
        let from = param("after").unwrap_or(0).min(self.companies.len());
        let limit = param("limit").unwrap_or(10).clamp(1, 100);
        let to = (from + limit).min(self.companies.len());
        let mut out = String::with_capacity(64 + (to - from) * 1200);
        out.push_str(r#"{"results":["#);
        out.push_str(&self.companies[from..to].join(","));
        out.push(']');
        if to < self.companies.len() {
            let _ = write!(
                out,
                r#","paging":{{"next":{{"after":"{to}","link":"https://api.hubapi.com/crm/v3/objects/companies?after={to}"}}}}"#
            );
        }
        out.push('}');
        out
    }

    /// The contacts asked for that exist.
    fn contacts(&self, body: &[u8]) -> String {
        let body: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
        let mut out = String::new();
        let inputs = body["inputs"].as_array().cloned().unwrap_or_default();
        for input in inputs {
            let Some(id) = input["id"].as_str().and_then(|s| s.parse::<usize>().ok()) else {
                continue;
            };
            let (company, k) = (id / 10, id % 10);
            if company == 0
                || company > self.portal.companies
                || k >= contacts(&self.portal, company)
            {
                continue;
            }
            if !out.is_empty() {
                out.push(',');
            }
            let _ = write!(
                out,
                r#"{{"id":"{id}","properties":{{"firstname":"Contact","lastname":"{id}","email":"c{id}@co{company}.example","hs_lastmodifieddate":"2026-11-{:02}T08:00:00.000Z","notes_last_contacted":"2026-{:02}-{:02}T10:00:00.000Z","hs_last_sales_activity_timestamp":null,"hs_object_id":"{id}"}},"createdAt":"2025-01-01T00:00:00.000Z","updatedAt":"2026-11-20T10:00:00.000Z","archived":false}}"#,
                1 + id % 20,
                1 + id % 11,
                1 + id % 28,
            );
        }
        batch(out)
    }
}

fn batch(results: String) -> String {
    format!(
        r#"{{"status":"COMPLETE","results":[{results}],"startedAt":"2026-11-23T09:00:00.000Z","completedAt":"2026-11-23T09:00:00.100Z"}}"#
    )
}

fn rate_headers(out: &mut String, limit: RateLimit, remaining: u64) {
    let _ = write!(
        out,
        "X-HubSpot-RateLimit-Max: {}\r\nX-HubSpot-RateLimit-Interval-Milliseconds: {}\r\nX-HubSpot-RateLimit-Remaining: {remaining}\r\n",
        limit.max,
        limit.window.as_millis()
    );
}

fn response(status: u16, headers: &str, body: &str) -> Vec<u8> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        429 => "Too Many Requests",
        _ => "Error",
    };
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json;charset=utf-8\r\nContent-Length: {}\r\n{headers}\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

const OWNERS: &str = r#"{"results":[{"id":"71","email":"dana@x.example","firstName":"Dana","lastName":"Reyes","archived":false},{"id":"72","email":"sam@x.example","firstName":"Sam","lastName":"Okafor","archived":false},{"id":"73","email":"lee@x.example","archived":false}]}"#;
const ACCOUNT: &str = r#"{"portalId":4242,"uiDomain":"app.hubspot.com","timeZone":"US/Eastern","companyCurrency":"USD","dataHostingLocation":"na1"}"#;

fn contacts(portal: &Portal, company: usize) -> usize {
    match portal.max_contacts {
        0 => 0,
        max => 1 + company % max,
    }
}

/// Company `i` as the list endpoint returns it.
fn company(portal: &Portal, i: usize) -> String {
    let licenses = 20 + i % 180;
    let active = licenses * (40 + i % 60) / 100;
    let stage = ["onboarding", "adoption", "established", "expansion"][i % 4];
    let tier = ["SMB", "Mid-Market", "Enterprise"][i % 3];
    let mut out = String::with_capacity(1200);
    let _ = write!(
        out,
        r#"{{"id":"{i}","properties":{{"hs_object_id":"{i}","name":"Company {i}","domain":"co{i}.example","hubspot_owner_id":"{owner}","hs_lastmodifieddate":"2026-11-{day:02}T10:00:00.000Z","annualrevenue":"{arr}.00","licenses":"{licenses}","active_users":"{active}","nps":{nps},"tier":"{tier}","cs_stage":"{stage}","contract_start":"2025-{month:02}-15","renewal_date":"{renewal}"}}"#,
        owner = 71 + i % 3,
        day = 1 + i % 20,
        arr = 5_000 + (i * 7_919) % 200_000,
        nps = if i % 5 == 0 {
            "null".to_string()
        } else {
            format!(r#""{}""#, i % 11)
        },
        month = 1 + i % 12,
        renewal = if i % 2 == 0 {
            format!("2027-{:02}-15", 1 + i % 12)
        } else {
            // HubSpot's date properties often come as epoch milliseconds.
            format!("{}", 1_798_675_200_000u64 + (i as u64 % 300) * 86_400_000)
        },
    );
    if portal.history_every > 0 && i % portal.history_every == 0 {
        let _ = write!(
            out,
            r#","propertiesWithHistory":{{"active_users":[{{"value":"{active}","timestamp":"2026-11-20T10:00:00.000Z","sourceType":"API","sourceId":"sync"}},{{"value":"{}","timestamp":"2026-11-05T10:00:00.000Z","sourceType":"API","sourceId":"sync"}},{{"value":"{}","timestamp":"2026-10-01T10:00:00.000Z","sourceType":"API","sourceId":"sync"}}],"cs_stage":[{{"value":"{stage}","timestamp":"2025-03-01T08:00:00.000Z","sourceType":"CRM_UI"}}]}}"#,
            active + 5,
            active + 12,
        );
    }
    let links: Vec<String> = (0..contacts(portal, i))
        .map(|k| format!(r#"{{"id":"{}","type":"company_to_contact"}}"#, 10 * i + k))
        .collect();
    let _ = write!(
        out,
        r#","createdAt":"2025-01-01T00:00:00.000Z","updatedAt":"2026-11-20T10:00:00.000Z","archived":false,"associations":{{"contacts":{{"results":[{}]}},"tickets":{{"results":[]}}}}}}"#,
        links.join(",")
    );
    out
}
