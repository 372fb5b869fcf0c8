//! The shared HTTP layer against a real server on loopback: retries,
//! timeouts, rate limits, parallelism, and errors that say what to check
//! without ever showing the token.

mod sleeper;

use orienteer::source::http::{Http, HttpConfig, RateLimitHeaders, Token};
use orienteer::source::SourceError;
use serde_json::{json, Value};
use sleeper::RecordingSleeper;
use std::sync::Arc;
use std::time::{Duration, Instant};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "pat-na1-SECRET-0123456789";

fn config(server: &MockServer) -> HttpConfig {
    HttpConfig {
        token: Some(Token::with_origin(
            SECRET,
            "the environment variable TEST_TOKEN",
        )),
        read_timeout: Duration::from_millis(300),
        retries: 2,
        ..HttpConfig::new(server.uri())
    }
}

fn client(config: HttpConfig) -> (Http, RecordingSleeper) {
    let sleeper = RecordingSleeper::default();
    let http = Http::new(config)
        .unwrap()
        .with_sleeper(Arc::new(sleeper.clone()));
    (http, sleeper)
}

async fn get(http: &Http, p: &str) -> Result<Value, SourceError> {
    http.get_json(p, &[]).await
}

#[tokio::test]
async fn a_5xx_is_retried_with_backoff_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .and(header("authorization", format!("Bearer {SECRET}").as_str()))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    let (http, sleeper) = client(config(&server));
    assert_eq!(get(&http, "/things").await.unwrap(), json!({"ok": true}));
    let waits = sleeper.waits();
    assert_eq!(waits.len(), 2, "{waits:?}");
    // Exponential backoff with jitter in the upper half.
    assert!(waits[0] >= Duration::from_millis(125) && waits[0] <= Duration::from_millis(250));
    assert!(waits[1] >= Duration::from_millis(250) && waits[1] <= Duration::from_millis(500));
}

#[tokio::test]
async fn a_5xx_that_persists_fails_after_the_retries() {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"message": "boom"})))
        .expect(3)
        .mount(&server)
        .await;
    let (http, _) = client(config(&server));
    let e = get(&http, "/things").await.unwrap_err();
    assert!(matches!(e, SourceError::Api { status: 500, .. }), "{e:?}");
    let text = e.to_string();
    assert!(
        text.contains("boom") && text.contains("3 attempts"),
        "{text}"
    );
}

#[tokio::test]
async fn a_401_names_the_token_to_check_and_never_shows_it() {
    let server = MockServer::start().await;
    // The API even echoes the token, with an escape sequence.
    let body = json!({"message": format!("bad token {SECRET}\u{1b}[2J")});
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(401).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    let (http, _) = client(config(&server));
    let e = get(&http, "/things").await.unwrap_err();
    assert!(matches!(e, SourceError::Auth(_)), "{e:?}");
    let text = format!("{e} {e:?}");
    assert!(!text.contains(SECRET), "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.contains("TEST_TOKEN"), "{text}");
    assert!(text.contains("not revoked"), "{text}");
    assert!(text.contains("bad token ***"), "{text}");
}

#[tokio::test]
async fn a_403_says_to_check_the_scopes() {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(403))
        .mount(&server)
        .await;
    let (http, _) = client(config(&server));
    let text = get(&http, "/things").await.unwrap_err().to_string();
    assert!(text.contains("403") && text.contains("scopes"), "{text}");
    assert!(!text.contains(SECRET));
}

/// HubSpot's documented error body: the message, and the category and
/// correlation id that its support asks for.
#[tokio::test]
async fn an_error_keeps_the_apis_category_and_correlation_id() {
    let server = MockServer::start().await;
    Mock::given(path("/crm/v3/objects/notes"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "status": "error",
            "message": "Property values were not valid",
            "correlationId": "aeb5f871-7f07-4993-9211-075dc63e7cbf",
            "category": "VALIDATION_ERROR"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (http, _) = client(config(&server));
    let e = http
        .post_json::<Value, Value>("/crm/v3/objects/notes", &json!({}), &[])
        .await
        .unwrap_err();
    assert!(matches!(e, SourceError::Api { status: 400, .. }), "{e:?}");
    let text = e.to_string();
    assert!(
        text.contains(
            "Property values were not valid [category VALIDATION_ERROR, \
             correlation id aeb5f871-7f07-4993-9211-075dc63e7cbf]"
        ),
        "{text}"
    );
}

#[tokio::test]
async fn a_404_names_the_path_and_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/nowhere"))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&server)
        .await;
    let (http, _) = client(config(&server));
    let e = get(&http, "/nowhere").await.unwrap_err();
    assert!(matches!(e, SourceError::Api { status: 404, .. }), "{e:?}");
    let text = e.to_string();
    assert!(text.contains("GET /nowhere answered 404 Not Found"), "{e}");
    // Nothing has worked yet: the base may be wrong.
    assert!(text.contains("check base_url"), "{e}");
}

#[tokio::test]
async fn a_404_after_calls_that_worked_does_not_blame_base_url() {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    Mock::given(path("/nowhere"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let (http, _) = client(config(&server));
    get(&http, "/things").await.unwrap();
    // A clone (another adapter's view of the same client) knows it too.
    let e = get(&http.clone().with_retries(0), "/nowhere")
        .await
        .unwrap_err();
    let text = e.to_string();
    assert!(text.contains("GET /nowhere answered 404 Not Found"), "{e}");
    assert!(!text.contains("base_url"), "{e}");
}

#[tokio::test]
async fn a_slow_answer_times_out_is_retried_then_fails_cleanly() {
    let server = MockServer::start().await;
    Mock::given(path("/slow"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({}))
                .set_delay(Duration::from_millis(800)),
        )
        .mount(&server)
        .await;
    let (http, sleeper) = client(HttpConfig {
        read_timeout: Duration::from_millis(100),
        retries: 1,
        ..config(&server)
    });
    let e = get(&http, "/slow").await.unwrap_err();
    assert!(matches!(e, SourceError::Transport(_)), "{e:?}");
    let text = e.to_string();
    assert!(
        text.contains("timed out") && text.contains("2 attempts"),
        "{text}"
    );
    assert!(!text.contains(SECRET));
    assert_eq!(sleeper.waits().len(), 1);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_429_waits_for_retry_after_and_sends_the_same_request_again() {
    let server = MockServer::start().await;
    Mock::given(path("/page"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3"))
        .up_to_n_times(5)
        .mount(&server)
        .await;
    Mock::given(path("/page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([1])))
        .mount(&server)
        .await;
    // More 429s than retries: a 429 never counts as a failure.
    let (http, sleeper) = client(HttpConfig {
        retries: 0,
        ..config(&server)
    });
    let got: Value = http
        .get_json("/page", &[("cursor", "abc".to_string())])
        .await
        .unwrap();
    assert_eq!(got, json!([1]));
    let waits = sleeper.waits();
    assert_eq!(waits.len(), 5, "{waits:?}");
    assert!(waits
        .iter()
        .all(|w| *w > Duration::from_millis(2900) && *w <= Duration::from_secs(3)));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 6);
    assert!(requests.iter().all(|r| r.url.query() == Some("cursor=abc")));
}

#[tokio::test]
async fn a_spent_rate_limit_budget_holds_the_next_request_for_the_window() {
    let server = MockServer::start().await;
    Mock::given(path("/x"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({}))
                .insert_header("X-Test-Remaining", "0")
                .insert_header("X-Test-Interval", "2000")
                .insert_header("X-Test-Max", "100"),
        )
        .mount(&server)
        .await;
    let (http, sleeper) = client(HttpConfig {
        rate_limit: Some(RateLimitHeaders {
            remaining: "X-Test-Remaining".into(),
            interval_ms: "X-Test-Interval".into(),
            max: "X-Test-Max".into(),
        }),
        ..config(&server)
    });
    get(&http, "/x").await.unwrap();
    assert!(sleeper.waits().is_empty());
    get(&http, "/x").await.unwrap();
    // Until the end of the window that opened with the first request (a
    // little under 2 s from now), plus a few milliseconds of leeway.
    let waits = sleeper.waits();
    assert_eq!(waits.len(), 1, "{waits:?}");
    assert!(
        waits[0] > Duration::from_millis(1500) && waits[0] <= Duration::from_millis(2015),
        "{waits:?}"
    );
}

#[tokio::test]
async fn requests_in_flight_are_bounded_by_parallelism() {
    let server = MockServer::start().await;
    Mock::given(path("/x"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({}))
                .set_delay(Duration::from_millis(150)),
        )
        .mount(&server)
        .await;
    let run = |parallelism| {
        let (http, _) = client(HttpConfig {
            parallelism,
            ..config(&server)
        });
        async move {
            let start = Instant::now();
            let calls = (0..6).map(|_| {
                let http = http.clone();
                async move { get(&http, "/x").await }
            });
            for r in futures_join_all(calls).await {
                r.unwrap();
            }
            start.elapsed()
        }
    };
    // Two at a time: three rounds of 150 ms at least.
    let bounded = run(2).await;
    assert!(bounded >= Duration::from_millis(440), "{bounded:?}");
    // Six at a time: one round (with plenty of slack for a busy machine).
    let open = run(6).await;
    assert!(open < bounded, "{open:?} vs {bounded:?}");
}

/// Runs futures at once on this task, without pulling in `futures`.
async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let mut set = tokio::task::JoinSet::new();
    for (i, f) in futures.enumerate() {
        set.spawn(async move { (i, f.await) });
    }
    let mut out: Vec<_> = set.join_all().await;
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, r)| r).collect()
}

#[test]
fn plain_http_to_another_host_is_refused() {
    let e = Http::new(HttpConfig::new("http://api.example.com")).unwrap_err();
    assert!(matches!(e, SourceError::Config(_)), "{e:?}");
    assert!(e.to_string().contains("only to this machine"), "{e}");
    assert!(Http::new(HttpConfig::new("http://127.0.0.1:9")).is_ok());
}

/// A spaced client (HubSpot's search API) waits its interval between two
/// requests, through the same sleeper as every other wait; the client it
/// was made from, sharing the pool and the rate limit, is not spaced.
#[tokio::test]
async fn a_spaced_client_keeps_its_requests_apart() {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    let (http, sleeper) = client(config(&server));
    let spaced = http.clone().spaced(Duration::from_millis(400));
    for _ in 0..3 {
        get(&spaced, "/things").await.unwrap();
    }
    for _ in 0..3 {
        get(&http, "/things").await.unwrap();
    }
    let waits = sleeper.waits();
    assert_eq!(
        waits.len(),
        2,
        "the second and third spaced requests: {waits:?}"
    );
    for w in waits {
        // The recording sleeper returns at once: each waits nearly the
        // whole interval (less the time its request took).
        assert!(
            w > Duration::from_millis(200) && w <= Duration::from_millis(800),
            "{w:?}"
        );
    }
}
