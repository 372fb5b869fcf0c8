//! The HTTP layer under a hostile server on loopback: a body past the
//! cap, a drip, a `Retry-After` of a billion seconds, a rate-limit window
//! of years, and a proxy that must not see a request to this machine.

mod hostile;

use hostile::{Hostile, Mode};
use orienteer::source::http::{Http, HttpConfig, Limits, RateLimitHeaders, Token};
use orienteer::source::SourceError;
use serde_json::Value;
use std::time::{Duration, Instant};

const SECRET: &str = "pat-na1-SECRET-0123456789";

fn config(url: &str, limits: Limits) -> HttpConfig {
    HttpConfig {
        token: Some(Token::new(SECRET)),
        retries: 0,
        limits,
        name: Some("HubSpot".into()),
        rate_limit: Some(RateLimitHeaders {
            remaining: "X-HubSpot-RateLimit-Remaining".into(),
            interval_ms: "X-HubSpot-RateLimit-Interval-Milliseconds".into(),
            max: "X-HubSpot-RateLimit-Max".into(),
        }),
        ..HttpConfig::new(url)
    }
}

fn tight() -> Limits {
    Limits {
        deadline: Duration::from_secs(2),
        min_rate: 100,
        min_rate_window: Duration::from_secs(1),
        max_body: 1024 * 1024,
        ..Limits::default()
    }
}

async fn get(http: &Http, path: &str) -> Result<Value, SourceError> {
    http.get_json(path, &[]).await
}

/// The peak resident memory of this process so far, in bytes (Linux).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[tokio::test]
async fn a_50_mb_body_past_a_1_mb_cap_fails_with_the_endpoint_and_the_cap() {
    let server = Hostile::start(Mode::Endless(50 * 1024 * 1024)).await;
    let http = Http::new(config(&server.url, tight())).unwrap();
    let before = peak_rss();
    let started = Instant::now();
    let e = get(&http, "/crm/v3/objects/companies").await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(20));
    let text = e.to_string();
    assert!(
        text.contains("/crm/v3/objects/companies") && text.contains("larger than 1 MB"),
        "{text}"
    );
    assert!(text.contains("[http] max_body"), "{text}");
    if let (Some(before), Some(after)) = (before, peak_rss()) {
        assert!(
            after.saturating_sub(before) < 20 * 1024 * 1024,
            "memory grew by {} bytes",
            after - before
        );
    }
}

#[tokio::test]
async fn a_body_dripped_a_byte_a_second_fails_within_the_rate_window() {
    let server = Hostile::start(Mode::Drip).await;
    let limits = Limits {
        deadline: Duration::from_secs(30),
        ..tight()
    };
    let http = Http::new(config(&server.url, limits)).unwrap();
    let started = Instant::now();
    let e = get(&http, "/things").await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(10), "{e}");
    assert!(e.to_string().contains("too slowly"), "{e}");
    assert!(e.to_string().contains("[http] min_rate"), "{e}");
}

#[tokio::test]
async fn the_overall_deadline_ends_a_request_that_keeps_a_trickle_going() {
    let server = Hostile::start(Mode::Drip).await;
    let limits = Limits {
        min_rate: 0,
        ..tight()
    };
    let http = Http::new(config(&server.url, limits)).unwrap();
    let started = Instant::now();
    let e = get(&http, "/things").await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(10), "{e}");
    assert!(e.to_string().contains("[http] deadline"), "{e}");
}

#[tokio::test]
async fn a_slow_answer_is_final_not_asked_again() {
    let server = Hostile::start(Mode::Drip).await;
    let http = Http::new(HttpConfig {
        retries: 3,
        ..config(&server.url, tight())
    })
    .unwrap();
    let started = Instant::now();
    let e = get(&http, "/things").await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(10), "{e}");
    assert!(e.to_string().contains("too slowly"), "{e}");
    assert_eq!(server.requests(), 1, "{e}");
}

#[tokio::test]
async fn a_retry_after_of_a_billion_seconds_fails_fast_with_the_capped_message() {
    let retry = vec![("Retry-After".to_string(), "1000000000".to_string())];
    let server = Hostile::start(Mode::Status(429, retry)).await;
    let http = Http::new(config(&server.url, Limits::default())).unwrap();
    let started = Instant::now();
    let e = get(&http, "/things").await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(matches!(e, SourceError::RateLimited { .. }), "{e:?}");
    let text = e.to_string();
    assert!(
        text.contains("rate limited by HubSpot for longer than 5 min"),
        "{text}"
    );
    assert!(text.contains("try again later"), "{text}");
    // The next request asks again: it is not held back for an hour.
    let started = Instant::now();
    let _ = get(&http, "/things").await;
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_rate_limit_window_of_years_does_not_wedge_the_next_request() {
    let spent = vec![
        ("X-HubSpot-RateLimit-Remaining".to_string(), "0".to_string()),
        (
            "X-HubSpot-RateLimit-Interval-Milliseconds".to_string(),
            "99999999999".to_string(),
        ),
    ];
    let server = Hostile::start(Mode::Status(200, spent)).await;
    let http = Http::new(config(&server.url, Limits::default())).unwrap();
    get(&http, "/things").await.unwrap();
    // The budget is spent for years: the next request fails at once.
    let started = Instant::now();
    let e = get(&http, "/things").await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(e.to_string().contains("for longer than 5 min"), "{e}");
    assert_eq!(server.requests(), 1, "nothing sent for a capped wait");
    // A fresh attempt (the TUI's `r`) is sent, not held back.
    server.set(Mode::Status(200, Vec::new()));
    get(&http, "/things").await.unwrap();
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_proxy_never_sees_a_request_to_this_machine() {
    let proxy = Hostile::start(Mode::Json("{}".into())).await;
    let server = Hostile::start(Mode::Json(r#"{"ok":true}"#.into())).await;
    // Only this test reads the proxy variables; each test builds its own
    // client, and every client here talks to loopback.
    std::env::set_var("HTTP_PROXY", &proxy.url);
    std::env::set_var("http_proxy", &proxy.url);
    std::env::set_var("ALL_PROXY", &proxy.url);
    let http = Http::new(config(&server.url, Limits::default()));
    for var in ["HTTP_PROXY", "http_proxy", "ALL_PROXY"] {
        std::env::remove_var(var);
    }
    let value = get(&http.unwrap(), "/things").await.unwrap();
    assert_eq!(value["ok"], true);
    assert_eq!(server.requests(), 1);
    assert_eq!(proxy.requests(), 0, "the token went through the proxy");
}
