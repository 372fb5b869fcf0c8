//! The sync layer through the real binary, against a REST source on
//! loopback: `orienteer sync` fills the local cache; when the source is
//! gone the commands fall back on the cache with a warning, `--offline`
//! never calls the source, and with no cache a failure says what failed.

mod common;

use common::binary::run_async;
use serde_json::{json, Value};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn rest_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/accounts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "accounts": [
                {"id": "R1", "name": "Cached Co", "arr": 5000,
                 "contract_start": "2026-01-01", "renewal_date": "2027-01-01"},
                {"id": "R2", "name": "Other Co", "arr": "not a number",
                 "contract_start": "2026-02-01", "renewal_date": "2027-02-01"}
            ],
            "next_cursor": null
        })))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn sync_then_work_from_the_cache_when_the_source_is_gone() {
    let data = tempfile::tempdir().unwrap();
    let server = rest_server().await;
    let (_dir, config) = common::config::rest(&server.uri());

    let out = run_async(&config, data.path(), &["sync"]).await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stdout.contains("2 accounts, 2 changed, 1 warning,"),
        "{stdout}"
    );
    assert!(
        stderr.contains("R2") && stderr.contains("arr"),
        "the bad field: {stderr}"
    );
    // Again: the same accounts, nothing changed.
    let out = run_async(&config, data.path(), &["sync"]).await;
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("2 accounts, 0 changed, 1 warning,"),
        "{stdout}"
    );

    // The source stops answering: the cache answers, with a warning, exit 0.
    server.reset().await;
    let out = run_async(&config, data.path(), &["watchlist", "--format", "json"]).await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("could not sync (source error)"), "{stderr}");
    assert!(stderr.contains("showing the cache from"), "{stderr}");
    assert!(!stderr.contains("secret-tok"), "{stderr}");
    let items: Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Cached Co"), "{names:?}");

    // Offline: the cache, without a word about the source.
    let out = run_async(&config, data.path(), &["--offline", "account", "R1"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Cached Co"));
    assert!(!text(&out.stderr).contains("could not sync"));

    // `orienteer sync` itself fails when the source does.
    let out = run_async(&config, data.path(), &["sync"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("could not sync"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test]
async fn with_no_cache_a_failure_says_what_failed() {
    let data = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    Mock::given(path("/accounts"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "bad token"})))
        .mount(&server)
        .await;
    let (_dir, config) = common::config::rest(&server.uri());
    let out = run_async(&config, data.path(), &["watchlist"]).await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("(auth)"), "{stderr}");
    assert!(!stderr.contains("secret-tok"), "{stderr}");

    let out = run_async(&config, data.path(), &["--offline", "watchlist"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("orienteer sync"),
        "{}",
        text(&out.stderr)
    );
}

/// A load from a fresh sync records each account's score for the day in
/// the store; the next load's accounts carry the scores recorded so far,
/// so a trend builds up even when the source keeps no history.
#[tokio::test]
async fn each_sync_records_the_day_s_scores_and_the_next_load_reads_them() {
    use orienteer::app::load::Loader;
    use orienteer::clock::{AsOf, Zone};
    use orienteer::domain::{Engine, Model};
    use orienteer::source::http::{Http, HttpConfig};
    use orienteer::source::rest::Rest;
    use orienteer::store::Store;
    use orienteer::sync::Synced;
    use std::sync::Arc;

    let server = MockServer::start().await;
    Mock::given(path("/accounts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "accounts": [{"id": "R1", "name": "Scored Co",
                          "contract_start": "2025-01-01", "renewal_date": "2027-06-01",
                          "metrics": {"licenses": [{"at": "2025-01-01", "value": 100}],
                                      "seats_assigned": [{"at": "2025-01-01", "value": 80}]}}],
            "next_cursor": null
        })))
        .mount(&server)
        .await;
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("o.db");
    let rest = Rest::new(Http::new(HttpConfig::new(server.uri())).unwrap());
    let synced = Arc::new(Synced::new(Arc::new(rest), "rest test", db.clone()));
    let engine = Arc::new(Engine::new(Model::default()).unwrap());
    // The load records a live sync's scores where the sync keeps them.
    let loader = Loader::new(engine, synced.clone()).with_scores(synced.scores());
    let as_of = AsOf::at(chrono::Utc::now(), Zone::Named(chrono_tz::UTC));

    let first = loader.load(as_of).await.unwrap();
    let score = first.portfolio.evals[0].health.score().expect("a score");
    let store = Store::open(&db).unwrap();
    let recorded = store
        .score_history(&"R1".into(), as_of.day - chrono::Duration::days(1))
        .unwrap();
    assert_eq!(recorded, [(as_of.day, Some(score))]);

    let second = loader.load(as_of).await.unwrap();
    let points = second.portfolio.accounts[0]
        .recorded_scores
        .points()
        .to_vec();
    assert_eq!(points.len(), 1, "today's score, read back");
    assert_eq!(f64::from(points[0].value), score);
}

/// The REST contract's `updated_since`: after a full sync the next asks
/// only for what was updated since (a little before) the last one, and
/// the cache keeps the accounts it did not send again.
#[tokio::test]
async fn a_rest_source_syncs_only_what_was_updated_after_the_first_time() {
    use orienteer::source::http::{Http, HttpConfig};
    use orienteer::source::rest::Rest;
    use orienteer::sync::Synced;
    use std::sync::Arc;
    use wiremock::matchers::query_param_is_missing;

    let server = MockServer::start().await;
    Mock::given(path("/accounts"))
        .and(query_param_is_missing("updated_since"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "accounts": [{"id": "A", "name": "Alpha"}, {"id": "B", "name": "Beta"}],
            "next_cursor": null
        })))
        .mount(&server)
        .await;
    let data = tempfile::tempdir().unwrap();
    let rest = Rest::new(Http::new(HttpConfig::new(server.uri())).unwrap());
    let synced = Synced::new(Arc::new(rest), "rest test", data.path().join("o.db"));
    let day = chrono::Utc::now().date_naive();
    assert_eq!(synced.sync(day).await.unwrap().accounts.len(), 2);

    server.reset().await;
    let since = chrono::Utc::now() - chrono::Duration::minutes(5);
    Mock::given(path("/accounts"))
        .respond_with(move |req: &wiremock::Request| {
            let sent = req
                .url
                .query_pairs()
                .find(|(k, _)| k == "updated_since")
                .map(|(_, v)| v.into_owned())
                .expect("an incremental sync sends updated_since");
            let sent: chrono::DateTime<chrono::Utc> = sent.parse().unwrap();
            assert!((sent - since).num_seconds().abs() <= 5, "{sent} vs {since}");
            ResponseTemplate::new(200).set_body_json(json!({
                "accounts": [{"id": "B", "name": "Beta renamed"}],
                "next_cursor": null
            }))
        })
        .mount(&server)
        .await;
    let names: Vec<String> = synced
        .sync(day)
        .await
        .unwrap()
        .accounts
        .iter()
        .map(|a| a.name.clone())
        .collect();
    assert_eq!(names, ["Alpha", "Beta renamed"]);
}
