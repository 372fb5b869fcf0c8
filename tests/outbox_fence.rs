//! Writes are fenced: a 429 on a note goes back to the outbox instead of
//! being waited out inside the HTTP layer, a flush renews its lease right
//! before each send (one that lost it sends nothing), and a second flush
//! that takes over a log checks whether it landed before sending it again.
//! Each ends with exactly one note on a HubSpot on loopback.

mod common;
mod outbox_support;

use chrono::{TimeDelta, Utc};
use orienteer::domain::account::Delivery;
use orienteer::outbox::Outbox;
use orienteer::source::hubspot::HubSpot;
use orienteer::store::{Lease, Store};
use outbox_support::draft::draft;
use outbox_support::FakeHub;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn hubspot(hub: &FakeHub) -> Arc<HubSpot> {
    Arc::new(outbox_support::hubspot(hub))
}

/// An outbox whose lease is a second: attempts are cut off at a third.
fn outbox(dir: &tempfile::TempDir) -> Outbox {
    Outbox::new(dir.path().join("orienteer.db"), "hubspot test").with_lease(TimeDelta::seconds(1))
}

fn state(outbox: &Outbox) -> Delivery {
    outbox.list().unwrap()[0].state()
}

/// Flushes with `writer` ("send now") until the log is sent: at most 100
/// times, 100 ms apart.
async fn flush_until_sent(outbox: &Outbox, writer: &HubSpot) {
    for _ in 0..100 {
        outbox.flush_now(writer).await.unwrap();
        if state(outbox) == Delivery::Sent {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never sent: {:?}", outbox.list().unwrap());
}

/// The long-429 race: the first POST of the note is answered 429 with
/// `Retry-After: 3`, longer than the lease. The flush that got it does
/// not wait it out and send again (it would, after a second flush took
/// over the expired lease and sent the note): it hands the log back as
/// "later", due in 3 s, at once. The second flush checks and sends once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_429_on_a_note_goes_back_to_the_outbox_and_ends_with_one_note() {
    let hub = FakeHub::start().await;
    hub.throttle_next("3");
    let dir = tempfile::tempdir().unwrap();
    let outbox = outbox(&dir);
    outbox
        .queue(&draft("101"), "2026-11-23".parse().unwrap(), "Check-in")
        .unwrap();
    let (first, second) = (hubspot(&hub), hubspot(&hub));

    let started = Instant::now();
    let a = {
        let (outbox, writer) = (outbox.clone(), first.clone());
        tokio::spawn(async move { outbox.flush_once(writer.as_ref()).await })
    };
    let report = tokio::time::timeout(Duration::from_secs(20), a)
        .await
        .expect("the throttled flush ends within its lease")
        .unwrap()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(3), "not waited out");
    assert_eq!((report.sent, report.later), (0, 1), "{report:?}");
    let row = &outbox.list().unwrap()[0];
    assert_eq!(row.state(), Delivery::Queued);
    let due_in = row.next_at - Utc::now();
    assert!(
        due_in > TimeDelta::seconds(1) && due_in <= TimeDelta::seconds(3),
        "due when Retry-After says: {due_in:?}"
    );
    let error = row.log.error.clone().unwrap();
    assert!(error.contains("rate limited by HubSpot"), "{error}");

    flush_until_sent(&outbox, &second).await;
    assert_eq!(hub.note_posts(), 2, "the 429 and the one that landed");
    assert_eq!(hub.notes().len(), 1, "exactly one note");
}

/// The note lands but its answer is slow: the attempt is cut off well
/// inside the lease (a third of it), the log stays uncertain, and the
/// flush that takes it next reads the company's notes first and finds it:
/// no second POST.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_flusher_taking_over_checks_first_and_sends_nothing_twice() {
    let hub = FakeHub::start().await;
    hub.delay_next(Duration::from_secs(5));
    let dir = tempfile::tempdir().unwrap();
    let outbox = outbox(&dir);
    outbox
        .queue(&draft("101"), "2026-11-23".parse().unwrap(), "Check-in")
        .unwrap();
    let started = Instant::now();
    let report = outbox.flush_once(hubspot(&hub).as_ref()).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "cut off inside the lease"
    );
    assert_eq!((report.sent, report.later), (0, 1), "{report:?}");
    assert!(outbox.list().unwrap()[0].uncertain);
    assert_eq!(hub.notes().len(), 1, "it landed");

    flush_until_sent(&outbox, &hubspot(&hub)).await;
    assert_eq!(hub.note_posts(), 1, "no second POST");
    assert_eq!(hub.notes().len(), 1);
}

/// The fence: a sender whose lease expired and was taken over cannot
/// renew it (and so sends nothing); the new holder can.
#[test]
fn a_lease_taken_over_cannot_be_renewed_by_its_old_holder() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = outbox(&dir);
    let log = outbox
        .queue(&draft("101"), "2026-11-23".parse().unwrap(), "Check-in")
        .unwrap();
    let mut store = Store::open(outbox.path()).unwrap();
    let now = Utc::now();
    let lease = |owner: &str, until| Lease {
        owner: owner.into(),
        pid: std::process::id(),
        until,
    };
    let a = lease("a", now + TimeDelta::seconds(1));
    assert_eq!(
        store
            .claim_logs("hubspot test", &a, now, now, 10)
            .unwrap()
            .len(),
        1
    );
    assert!(store
        .fence_log(&log.id, "a", now, now + TimeDelta::seconds(1))
        .unwrap());
    // Two seconds on, a's lease has run out and b takes the log.
    let later = now + TimeDelta::seconds(2);
    let b = lease("b", later + TimeDelta::seconds(60));
    let taken = store
        .claim_logs("hubspot test", &b, later, later, 10)
        .unwrap();
    assert!(taken[0].uncertain, "b is told to check first");
    assert!(!store
        .fence_log(&log.id, "a", later, later + TimeDelta::seconds(60))
        .unwrap());
    assert!(store
        .fence_log(&log.id, "b", later, later + TimeDelta::seconds(60))
        .unwrap());
}
