//! Speed of the play outbox: queueing a logged play (what the play logger
//! waits on before it returns to the list: opening the store and one
//! durable commit) one at a time, 1,000 of them, and 1,000 in one
//! transaction. The file is on the project's disk, not in a tmpfs, so
//! each commit's fsync is real.
//!
//! cargo bench --bench outbox

use chrono::Utc;
use divan::Bencher;
use orienteer::domain::account::PlayOutcome;
use orienteer::domain::logging::LogDraft;
use orienteer::outbox::Outbox;
use tempfile::TempDir;

fn main() {
    divan::main();
}

fn disk_dir() -> TempDir {
    tempfile::Builder::new()
        .prefix("bench-outbox-")
        .tempdir_in(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
}

fn draft(i: usize) -> LogDraft {
    LogDraft {
        account_id: format!("A{}", i % 300).into(),
        play_id: "check-in".into(),
        outcome: PlayOutcome::Done,
        note: "Walked the champion through the renewal plan; next QBR booked.".into(),
        at: Utc::now(),
        follow_up: Some("2026-12-07".parse().unwrap()),
        prompted_by: None,
    }
}

/// One play queued, as the play logger does it: open the store, commit
/// durably. The target is 50 ms.
#[divan::bench(sample_count = 50, sample_size = 1)]
fn queue_one(bencher: Bencher) {
    let dir = disk_dir();
    let outbox = Outbox::new(dir.path().join("orienteer.db"), "demo");
    let day = Utc::now().date_naive();
    let mut i = 0;
    bencher.bench_local(|| {
        i += 1;
        outbox.queue(&draft(i), day, "Check-in call").unwrap()
    });
}

/// 1,000 plays queued one after the other, each durable on its own.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn queue_1000(bencher: Bencher) {
    let day = Utc::now().date_naive();
    bencher
        .with_inputs(|| {
            let dir = disk_dir();
            let outbox = Outbox::new(dir.path().join("orienteer.db"), "demo");
            // Created and migrated before the clock starts.
            outbox.waiting().unwrap();
            orienteer::store::Store::open(outbox.path()).unwrap();
            (dir, outbox)
        })
        .bench_local_values(|(dir, outbox)| {
            for i in 0..1000 {
                outbox.queue(&draft(i), day, "Check-in call").unwrap();
            }
            (dir, outbox)
        });
}

/// 1,000 plays queued in one durable transaction (an import).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn queue_1000_one_transaction(bencher: Bencher) {
    use orienteer::domain::account::{Delivery, PlayLog};
    use orienteer::store::{NewLog, Store};
    let day = Utc::now().date_naive();
    let drafts: Vec<LogDraft> = (0..1000).map(draft).collect();
    let logs: Vec<PlayLog> = drafts
        .iter()
        .map(|d| PlayLog {
            id: orienteer::outbox::id::new_log_id(),
            play_id: d.play_id.clone(),
            outcome: d.outcome,
            at: day,
            note: d.note.clone(),
            follow_up: d.follow_up,
            prompted_by: None,
            state: Some(Delivery::Queued),
            error: None,
        })
        .collect();
    bencher
        .with_inputs(|| {
            let dir = disk_dir();
            let store = Store::open(dir.path().join("orienteer.db")).unwrap();
            (dir, store)
        })
        .bench_local_values(|(dir, mut store)| {
            let all: Vec<NewLog<'_>> = drafts
                .iter()
                .zip(&logs)
                .map(|(d, log)| NewLog {
                    source: "demo",
                    account_id: &d.account_id,
                    log,
                    play_title: "Check-in call",
                    at: d.at,
                    now: Utc::now(),
                })
                .collect();
            store.queue_logs(&all).unwrap();
            (dir, store)
        });
}
