//! The outbox writing back to HubSpot on loopback: the note and task as
//! documented, and exactly once through failures, timeouts and two
//! flushers at once.

mod common;
mod outbox_support;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use orienteer::domain::account::Delivery;
use orienteer::outbox::Outbox;
use orienteer::source::hubspot::notes::key_word;
use orienteer::source::hubspot::HubSpot;
use outbox_support::draft::draft;
use outbox_support::{error_body, FakeHub, TOKEN};
use serde_json::json;
use std::time::Duration;

fn hubspot(hub: &FakeHub, read_timeout: Duration) -> HubSpot {
    outbox_support::hubspot_with(hub, |config| config.read_timeout = read_timeout)
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn outbox(dir: &tempfile::TempDir) -> Outbox {
    Outbox::new(dir.path().join("orienteer.db"), "hubspot test")
}

/// Well past any backoff: what is queued is due.
fn later() -> Option<DateTime<Utc>> {
    Some(Utc::now() + TimeDelta::hours(2))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_log_becomes_a_note_and_a_task_associated_as_documented() {
    let hub = FakeHub::start().await;
    let writer = hubspot(&hub, Duration::from_secs(5));
    let dir = tempfile::tempdir().unwrap();
    let outbox = outbox(&dir);
    let log = outbox
        .queue(
            &draft("101")
                .note("Called Ann <CFO>\nall good")
                .follow_up("2026-11-30"),
            day("2026-11-23"),
            "Check-in call",
        )
        .unwrap();
    assert_eq!(log.state, Some(Delivery::Queued));
    assert_eq!(log.id.as_str().len(), 26);

    let report = outbox.flush_once(&writer).await.unwrap();
    assert_eq!((report.sent, report.failed, report.waiting), (1, 0, 0));
    assert_eq!(report.updates[0].state, Delivery::Sent);

    let notes = hub.notes();
    assert_eq!(notes.len(), 1);
    let note = &notes[0].request;
    assert_eq!(
        note["properties"]["hs_timestamp"],
        "2026-11-23T09:30:00.000Z"
    );
    let body = note["properties"]["hs_note_body"].as_str().unwrap();
    assert!(
        body.contains("<strong>Check-in call</strong>: done"),
        "{body}"
    );
    assert!(
        body.contains("Called Ann &lt;CFO&gt;<br>all good"),
        "{body}"
    );
    assert!(body.contains(&key_word(log.id.as_str())), "{body}");
    assert_eq!(
        note["associations"],
        json!([{ "to": { "id": "101" },
                 "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 190 }] }])
    );
    assert_eq!(
        note["properties"].as_object().unwrap().len(),
        2,
        "standard properties only"
    );

    let tasks = hub.tasks();
    assert_eq!(tasks.len(), 1);
    let task = &tasks[0].request;
    assert_eq!(task["properties"]["hs_task_status"], "NOT_STARTED");
    assert_eq!(
        task["properties"]["hs_timestamp"],
        "2026-11-30T12:00:00.000Z"
    );
    assert_eq!(
        task["properties"]["hs_task_subject"],
        "Follow up: Check-in call"
    );
    let task_body = task["properties"]["hs_task_body"].as_str().unwrap();
    assert!(
        task_body.contains(&key_word(log.id.as_str())),
        "{task_body}"
    );
    assert_eq!(
        task["associations"][0]["types"][0]["associationTypeId"],
        192
    );
    assert_eq!(task["associations"][0]["to"]["id"], "101");

    // Sent once: another flush sends nothing.
    let again = outbox.flush_due(&writer, later()).await.unwrap();
    assert_eq!(again.sent, 0);
    assert_eq!((hub.notes().len(), hub.tasks().len()), (1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_500_then_success_sends_one_note_in_order_per_account() {
    let hub = FakeHub::start().await;
    let writer = hubspot(&hub, Duration::from_secs(5));
    let dir = tempfile::tempdir().unwrap();
    let outbox = outbox(&dir);
    let first = outbox
        .queue(&draft("101").note("first"), day("2026-11-23"), "Check-in")
        .unwrap();
    let second = outbox
        .queue(&draft("101").note("second"), day("2026-11-23"), "Check-in")
        .unwrap();
    hub.fail_next(500, error_body("INTERNAL_ERROR", "try later"));

    let report = outbox.flush_once(&writer).await.unwrap();
    assert_eq!((report.sent, report.later, report.waiting), (0, 1, 2));
    let update = &report.updates[0];
    assert_eq!(update.log_id, first.id);
    assert_eq!(update.state, Delivery::Queued);
    assert!(
        update.error.as_deref().unwrap().contains("500"),
        "{update:?}"
    );
    // The second waited behind the first: never tried.
    assert_eq!(hub.note_posts(), 1);
    let rows = outbox.list().unwrap();
    assert!(rows[0].next_at > Utc::now(), "backs off");
    assert!(rows[0].uncertain);

    let report = outbox.flush_due(&writer, later()).await.unwrap();
    assert_eq!((report.sent, report.waiting), (2, 0));
    let notes = hub.notes();
    let bodies: Vec<&str> = notes
        .iter()
        .map(|n| n.properties["hs_note_body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies.len(), 2);
    assert!(bodies[0].contains(&key_word(first.id.as_str())));
    assert!(bodies[1].contains(&key_word(second.id.as_str())));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_400_fails_with_the_servers_message_and_is_not_retried() {
    let hub = FakeHub::start().await;
    let writer = hubspot(&hub, Duration::from_secs(5));
    let dir = tempfile::tempdir().unwrap();
    let outbox = outbox(&dir);
    let log = outbox
        .queue(&draft("101").note("x"), day("2026-11-23"), "Check-in")
        .unwrap();
    hub.fail_next(
        400,
        error_body(
            "VALIDATION_ERROR",
            "Property values were not valid: hs_timestamp\u{1b}[31m",
        ),
    );
    let report = outbox.flush_once(&writer).await.unwrap();
    assert_eq!((report.failed, report.waiting), (1, 0));
    let row = &outbox.list().unwrap()[0];
    assert_eq!(row.state(), Delivery::Failed);
    let error = row.log.error.as_deref().unwrap();
    assert!(
        error.contains("400") && error.contains("Property values were not valid"),
        "{error}"
    );
    assert!(!error.contains('\u{1b}'), "cleaned: {error:?}");

    // Never retried in a loop, never dropped.
    let again = outbox.flush_due(&writer, later()).await.unwrap();
    assert_eq!(again, Default::default());
    assert_eq!(hub.note_posts(), 1);
    assert_eq!(outbox.list().unwrap().len(), 1);

    // The user retries: it goes out.
    outbox.retry(&log.id).unwrap();
    let report = outbox.flush_once(&writer).await.unwrap();
    assert_eq!(report.sent, 1);
    assert_eq!(hub.notes().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_401_keeps_the_log_queued_and_says_which_token_to_fix() {
    let hub = FakeHub::start().await;
    let writer = hubspot(&hub, Duration::from_secs(5));
    let dir = tempfile::tempdir().unwrap();
    let outbox = outbox(&dir);
    outbox
        .queue(&draft("101").note("x"), day("2026-11-23"), "Check-in")
        .unwrap();
    hub.fail_next(
        401,
        error_body(
            "INVALID_AUTHENTICATION",
            "Authentication credentials not found.",
        ),
    );
    let report = outbox.flush_once(&writer).await.unwrap();
    assert_eq!((report.sent, report.failed, report.waiting), (0, 0, 1));
    let row = &outbox.list().unwrap()[0];
    assert_eq!(row.state(), Delivery::Queued);
    let error = row.log.error.as_deref().unwrap();
    assert!(error.contains("401") && error.contains("token"), "{error}");
    assert!(error.contains("stays queued"), "{error}");
    assert!(!error.contains(TOKEN), "{error}");

    // The token fixed (the server accepts again): it goes out, once.
    let report = outbox.flush_due(&writer, later()).await.unwrap();
    assert_eq!(report.sent, 1);
    assert_eq!(hub.notes().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_timeout_the_associated_notes_are_read_before_sending_again() {
    let hub = FakeHub::start().await;
    let writer = hubspot(&hub, Duration::from_millis(300));
    let dir = tempfile::tempdir().unwrap();
    let outbox = outbox(&dir);
    outbox
        .queue(&draft("101").note("x"), day("2026-11-23"), "Check-in")
        .unwrap();
    // The portal creates the note, but its answer comes too late.
    hub.delay_next(Duration::from_secs(3));
    let report = outbox.flush_once(&writer).await.unwrap();
    assert_eq!((report.sent, report.later), (0, 1));
    assert_eq!(hub.notes().len(), 1);

    // The search index lags (it finds nothing yet); the associations do not.
    let report = outbox.flush_due(&writer, later()).await.unwrap();
    assert_eq!(report.sent, 1);
    assert_eq!(hub.note_posts(), 1, "no second POST");
    assert_eq!(hub.notes().len(), 1);
    assert_eq!(
        hub.portal.lock().unwrap().searches,
        0,
        "never trusts the search"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_flushers_at_once_send_each_log_once() {
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let queued = outbox(&dir);
    for i in 0..6 {
        queued
            .queue(
                &draft(&format!("{}", 100 + i % 3)).note(&format!("log {i}")),
                day("2026-11-23"),
                "Check-in",
            )
            .unwrap();
    }
    // Each flusher with its own client and its own handle on the file,
    // as the TUI and `orienteer outbox flush` would be.
    let (a, b) = (outbox(&dir), outbox(&dir));
    let (wa, wb) = (
        hubspot(&hub, Duration::from_secs(5)),
        hubspot(&hub, Duration::from_secs(5)),
    );
    let (ra, rb) = tokio::join!(a.flush_once(&wa), b.flush_once(&wb));
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.sent + rb.sent, 6, "{ra:?} {rb:?}");
    assert_eq!(hub.note_posts(), 6);
    let mut keys: Vec<String> = hub
        .notes()
        .iter()
        .map(|n| n.properties["hs_note_body"].as_str().unwrap().to_string())
        .collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 6);
}
