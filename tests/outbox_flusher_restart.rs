//! The flusher is supervised: a write-back that panics (a bug in an
//! adapter) does not stop delivery for the rest of the session. The
//! flusher says it restarted, starts again after a backoff and delivers
//! the next log, from a real SQLite outbox.

mod common;
mod outbox_support;

use orienteer::domain::account::Delivery;
use orienteer::outbox::{spawn_flusher, FlusherEvent, Outbox, RESTART_FIRST};
use orienteer::source::writeback::{DeliverFuture, Outgoing, Receipt, WriteBack};
use outbox_support::draft::{draft, next_event};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Panics on its first delivery, then takes every log.
#[derive(Default)]
struct PanicsOnce {
    panicked: AtomicBool,
    delivered: AtomicUsize,
}

impl WriteBack for PanicsOnce {
    fn deliver<'a>(&'a self, _item: &'a Outgoing, _check_first: bool) -> DeliverFuture<'a> {
        Box::pin(async move {
            if !self.panicked.swap(true, Ordering::SeqCst) {
                panic!("the adapter tripped over a field");
            }
            self.delivered.fetch_add(1, Ordering::SeqCst);
            Ok(Receipt {
                remote_id: None,
                found: false,
            })
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flusher_whose_write_back_panics_restarts_and_delivers_the_next_log() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::new(dir.path().join("orienteer.db"), "test source");
    let day = "2026-11-23".parse().unwrap();
    outbox.queue(&draft("A1"), day, "Win-back plan").unwrap();
    let writer = Arc::new(PanicsOnce::default());
    let (flusher, mut events) = spawn_flusher(outbox.clone(), writer.clone());

    let wait = Duration::from_secs(20);
    match next_event(&mut events, wait).await {
        FlusherEvent::Restarted { why, after } => {
            assert_eq!(why, "the adapter tripped over a field");
            assert_eq!(after, RESTART_FIRST);
        }
        other => panic!("not a restart: {other:?}"),
    }

    // A log on another account (the first stays leased by the run that
    // crashed until its lease runs out, then is checked first).
    let next = outbox.queue(&draft("A2"), day, "Win-back plan").unwrap();
    flusher.wake();
    let sent = loop {
        if let FlusherEvent::Delivery(update) = next_event(&mut events, wait).await {
            if update.log_id == next.id {
                break update;
            }
        }
    };
    assert_eq!(sent.state, Delivery::Sent);
    assert!(writer.delivered.load(Ordering::SeqCst) >= 1);
    let row = outbox
        .list()
        .unwrap()
        .into_iter()
        .find(|r| r.log.id == next.id)
        .unwrap();
    assert_eq!(row.state(), Delivery::Sent, "recorded in the store");
}
