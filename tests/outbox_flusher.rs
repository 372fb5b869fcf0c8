//! The background flusher (the TUI's) and the REST write-back: a log goes
//! out with no action from the user once the source answers again, each
//! change reported on the channel; REST gets the same Idempotency-Key on
//! every attempt.

mod common;
mod outbox_support;

use chrono::{TimeDelta, Utc};
use orienteer::domain::account::Delivery;
use orienteer::outbox::{spawn_flusher, Outbox};
use orienteer::source::http::{Http, HttpConfig, Token};
use orienteer::source::rest::Rest;
use outbox_support::draft::{draft, next_delivery};
use outbox_support::{error_body, FakeHub};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_flusher_sends_after_a_failure_on_its_own_and_reports_each_step() {
    let hub = FakeHub::start().await;
    let writer = Arc::new(outbox_support::hubspot(&hub));
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::new(dir.path().join("orienteer.db"), "hubspot test");
    let log = outbox
        .queue(
            &draft("101").follow_up("2026-11-30"),
            "2026-11-23".parse().unwrap(),
            "Win-back plan",
        )
        .unwrap();
    hub.fail_next(503, error_body("INTERNAL_ERROR", "down for maintenance"));

    let (flusher, mut updates) = spawn_flusher(outbox.clone(), writer);
    let wait = Duration::from_secs(20);
    let first = next_delivery(&mut updates, wait).await;
    assert_eq!(first.log_id, log.id);
    assert_eq!(first.state, Delivery::Queued);
    assert!(first.error.as_deref().unwrap().contains("503"), "{first:?}");
    assert_eq!(first.waiting, 1);
    // No one wakes it: the backoff timer does.
    let second = next_delivery(&mut updates, wait).await;
    assert_eq!(second.state, Delivery::Sent);
    assert_eq!((second.waiting, second.error), (0, None));
    assert_eq!(hub.notes().len(), 1);
    assert_eq!(hub.tasks().len(), 1);

    // A new log and a wake: out at once.
    let next = outbox
        .queue(
            &draft("102").follow_up("2026-11-30"),
            "2026-11-23".parse().unwrap(),
            "Win-back plan",
        )
        .unwrap();
    flusher.wake();
    let third = next_delivery(&mut updates, Duration::from_secs(5)).await;
    assert_eq!((third.log_id, third.state), (next.id, Delivery::Sent));
    assert_eq!(hub.note_posts(), 3, "the 503, then one each");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rest_gets_the_logs_id_as_idempotency_key_on_every_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/play-logs"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/play-logs"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let config = HttpConfig {
        token: Some(Token::new("rest-secret-token")),
        ..HttpConfig::new(server.uri())
    };
    let writer = Rest::new(Http::new(config).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::new(dir.path().join("orienteer.db"), "rest test");
    let log = outbox
        .queue(
            &draft("A1")
                .play("win-back")
                .follow_up("2026-11-30")
                .prompted_by("101/win-back"),
            "2026-11-23".parse().unwrap(),
            "Win-back plan",
        )
        .unwrap();

    let report = outbox.flush_once(&writer).await.unwrap();
    assert_eq!((report.sent, report.later), (0, 1));
    let report = outbox
        .flush_due(&writer, Some(Utc::now() + TimeDelta::hours(1)))
        .await
        .unwrap();
    assert_eq!(report.sent, 1);

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2, "one try each: the outbox retries");
    for r in &requests {
        assert_eq!(r.headers["idempotency-key"], log.id.as_str());
        let body: Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(body["id"], log.id.as_str());
        assert_eq!(body["account_id"], "A1");
        assert_eq!(body["play"], "win-back");
        assert_eq!(body["follow_up"], "2026-11-30");
        assert_eq!(body["prompted_by"], "101/win-back");
        assert!(
            body.get("state").is_none(),
            "delivery state stays local: {body}"
        );
    }
    assert_eq!(outbox.list().unwrap()[0].state(), Delivery::Sent);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_log_another_process_sent_is_reported_so_the_counts_follow_the_store() {
    let hub = FakeHub::start().await;
    let writer = || Arc::new(outbox_support::hubspot(&hub));
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::new(dir.path().join("orienteer.db"), "hubspot test");
    let log = outbox
        .queue(
            &draft("101").follow_up("2026-11-30"),
            "2026-11-23".parse().unwrap(),
            "Win-back plan",
        )
        .unwrap();
    hub.fail_next(503, error_body("INTERNAL_ERROR", "down for maintenance"));
    let (_flusher, mut updates) = spawn_flusher(outbox.clone(), writer());
    let wait = Duration::from_secs(30);
    let first = next_delivery(&mut updates, wait).await;
    assert_eq!((first.state, first.waiting), (Delivery::Queued, 1));

    // `orienteer outbox flush` in another process sends it meanwhile.
    let other = Outbox::new(dir.path().join("orienteer.db"), "hubspot test");
    other.flush_now(writer().as_ref()).await.unwrap();
    assert_eq!(hub.notes().len(), 1);

    let next = next_delivery(&mut updates, wait).await;
    assert_eq!(next.log_id, log.id);
    assert_eq!((next.state, next.waiting), (Delivery::Sent, 0));
    assert_eq!(hub.notes().len(), 1, "and sends nothing twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_flushers_look_reads_no_log_it_knows_was_sent() {
    let hub = FakeHub::start().await;
    let writer = Arc::new(outbox_support::hubspot(&hub));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("orienteer.db");
    let outbox = Outbox::new(&db, "hubspot test");
    let day = "2026-11-23".parse().unwrap();
    let waiting = outbox
        .queue(&draft("101").follow_up("2026-11-30"), day, "Win-back plan")
        .unwrap();
    let soon = outbox
        .queue(&draft("102").follow_up("2026-11-30"), day, "Win-back plan")
        .unwrap();
    let time = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let sql = rusqlite::Connection::open(&db).unwrap();
    let due = "UPDATE outbox SET next_at = ?1 WHERE id = ?2";
    let later = time(Utc::now() + TimeDelta::hours(1));
    sql.execute(due, [later.as_str(), waiting.id.as_str()])
        .unwrap();
    // Due after the flusher's first look, so its delivery says the look
    // is done.
    let in_3s = time(Utc::now() + TimeDelta::seconds(3));
    sql.execute(due, [in_3s.as_str(), soon.id.as_str()])
        .unwrap();
    // Two thousand logs sent long ago, in a shape this version cannot read
    // back: a look that read them would fail, and see nothing.
    let long_ago = time(Utc::now() - TimeDelta::days(300));
    for i in 0..2_000 {
        sql.execute(
            "INSERT INTO outbox (id, source, account_id, log, play_title, at, state, \
             next_at, created_at, sent_at) VALUES (?1, 'hubspot test', 'A1', 'not a log', \
             'Check-in', ?2, 'sent', ?2, ?2, ?2)",
            [format!("old-{i}"), long_ago.clone()],
        )
        .unwrap();
    }

    let (flusher, mut updates) = spawn_flusher(outbox.clone(), writer);
    let wait = Duration::from_secs(20);
    let first = next_delivery(&mut updates, wait).await;
    assert_eq!((first.log_id, first.state), (soon.id, Delivery::Sent));

    // Another process sends the waiting log.
    let now = time(Utc::now());
    sql.execute(
        "UPDATE outbox SET state = 'sent', sent_at = ?1 WHERE id = ?2",
        [now.as_str(), waiting.id.as_str()],
    )
    .unwrap();
    flusher.wake();
    let seen = next_delivery(&mut updates, wait).await;
    assert_eq!((seen.log_id, seen.state), (waiting.id, Delivery::Sent));
    assert_eq!(seen.waiting, 0);
}
