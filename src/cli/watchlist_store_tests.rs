//! The rows the JSON twin prints with `--limit` from the local cache read
//! a chunk at a time ([`super::top`]'s offline path) are the bytes the
//! whole cached book gives ([`super::select`]), in every format, with the
//! same warnings: a real SQLite file with a row that does not read back,
//! plays logged in the outbox, snoozes, recorded scores, and a mapping that names
//! one milestone (the others tracked only where an account reports them).

use super::tests::{args, assert_same_output};
use super::*;
use crate::app::load::Loader;
use crate::clock::{AsOf, Zone};
use crate::domain::account::{Delivery, PlayLog, PlayOutcome};
use crate::domain::snooze::Snooze;
use crate::domain::tracking::Recordable;
use crate::domain::vocab::MilestoneIx;
use crate::domain::{AlertKind, Band, Model};
use crate::outbox::Outbox;
use crate::source::{Demo, FetchFuture, Source, SourceError};
use crate::store::{Change, NewLog, Store, SyncWrite};
use crate::sync::Synced;
use chrono::{NaiveDate, TimeDelta};
use std::sync::Arc;

/// A live source whose mapping names one milestone; offline, never asked.
struct NamesOne(String);

impl Source for NamesOne {
    fn describe(&self) -> String {
        "a source naming one milestone".into()
    }
    fn fetch(&self, _: NaiveDate) -> FetchFuture<'_> {
        Box::pin(async { Err(SourceError::Config("offline only".into())) })
    }
    fn recordable(&self) -> Recordable {
        Recordable::Named {
            ids: vec![self.0.clone()],
            hint: "map `{id}`".into(),
        }
    }
}

const KEY: &str = "few http://127.0.0.1:9/";

/// A store of `size` demo accounts as of `day` in `dir`: milestone
/// `late` reported only by the last account in id order, `never` by
/// none; one row that does not read back; scores recorded for some
/// accounts; plays logged for others, follow-ups due today.
async fn fill(dir: &std::path::Path, engine: &Engine, size: usize, day: NaiveDate) {
    let mut accounts = Demo::new(size, day).fetch(day).await.unwrap().accounts;
    accounts.sort_by(|a, b| a.id.cmp(&b.id));
    let late = &engine.model.milestones[3].id;
    let never = &engine.model.milestones[5].id;
    let last = accounts.len() - 1;
    for (i, a) in accounts.iter_mut().enumerate() {
        a.milestones.remove(never);
        if i != last {
            a.milestones.remove(late);
        }
    }
    let path = dir.join("orienteer.db");
    let mut store = Store::open(&path).unwrap();
    let now = chrono::Utc::now();
    store
        .commit_sync(&SyncWrite {
            source: KEY,
            description: "few",
            fetched_at: now,
            change: Change::Full(&accounts),
            cursors: &[],
        })
        .unwrap();
    let bad = accounts[7].id.as_str();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE accounts SET data = '[' WHERE id = ?1", [bad])
        .unwrap();
    let scores: Vec<_> = accounts
        .iter()
        .step_by(3)
        .map(|a| (a.id.clone(), Some(12.0), Band::Poor))
        .collect();
    store
        .record_scores(day - TimeDelta::days(7), &scores)
        .unwrap();
    // Snoozes on every fifth account: whichever of these alerts it has
    // counts for nothing, in both reads.
    for a in accounts.iter().step_by(5) {
        for alert in [
            AlertKind::UsageDecline,
            AlertKind::MilestoneOverdue,
            AlertKind::RenewalOverdue,
            AlertKind::ChampionLeft,
        ] {
            let snooze = Snooze {
                alert,
                at: day - TimeDelta::days(1),
                until: day + TimeDelta::days(30),
                reason: "on vacation".into(),
                severity: crate::domain::Severity::Critical,
                depth: None,
            };
            store.put_snooze(KEY, &a.id, &snooze).unwrap();
        }
    }
    for (n, a) in accounts.iter().step_by(97).enumerate() {
        let log = PlayLog {
            id: format!("log-{n}").as_str().into(),
            play_id: "check-in".into(),
            outcome: PlayOutcome::Done,
            at: day,
            note: String::new(),
            follow_up: Some(day),
            prompted_by: None,
            state: Some(Delivery::Queued),
            error: None,
        };
        store
            .queue_log(&NewLog {
                source: KEY,
                account_id: &a.id,
                log: &log,
                play_title: "Check-in",
                at: now,
                now,
            })
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_rows_read_from_the_cache_a_chunk_at_a_time_are_the_whole_books_rows() {
    let engine = Arc::new(Engine::new(Model::default()).unwrap());
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let zone = Zone::Named(chrono_tz::UTC);
    let as_of = AsOf {
        instant: zone.start_of(day),
        day,
        zone,
    };
    let dir = tempfile::tempdir().unwrap();
    fill(dir.path(), &engine, 3_000, day).await;
    let path = dir.path().join("orienteer.db");
    let named = engine.model.milestones[0].id.to_string();
    let synced = Arc::new(Synced::new(Arc::new(NamesOne(named)), KEY, path.clone()).offline(true));
    let loader =
        Loader::new(engine.clone(), synced.clone()).with_outbox(Outbox::new(path.clone(), KEY));
    let data = loader.load(as_of).await.unwrap();
    // What the book tracks hangs on its accounts: the one late account
    // reports a milestone, none reports another.
    let tracked = |e: &Engine| -> Vec<bool> {
        (0..e.model.milestones.len())
            .map(|i| e.is_tracked(MilestoneIx::new(i)))
            .collect()
    };
    let snoozed = data
        .portfolio
        .evals
        .iter()
        .filter(|e| e.alerts.iter().any(|a| a.is_snoozed()))
        .count();
    assert!(snoozed > 50, "the stored snoozes apply: {snoozed}");
    let whole_tracks = tracked(&data.engine);
    assert!(whole_tracks[3] && !whole_tracks[5], "{whole_tracks:?}");
    assert!(
        data.warnings.iter().any(|w| w.contains("left out")),
        "{:?}",
        data.warnings
    );
    let views = saved_views::all(&engine, &[]);
    let me = Some("maya chen".to_string());
    let cases: &[&[&str]] = &[
        &["--limit", "20"],
        &["--limit", "0"],
        &["--limit", "1", "--reverse"],
        &["--limit", "5000"],
        &["--limit", "40", "--sort", "name"],
        &["--limit", "25", "--sort", "health"],
        &["--limit", "25", "--sort", "renewal", "--reverse"],
        &["--limit", "25", "--sort", "overdue"],
        &["--limit", "25", "--sort", "alerts", "--reverse"],
        &["--limit", "30", "--band", "poor,unknown"],
        &["--limit", "30", "--stage", "onboarding", "--sort", "health"],
        &["--limit", "30", "--owner", "me"],
        &["--limit", "30", "--view", "Onboarding behind", "--reverse"],
        &["--limit", "30", "--view", "Follow-ups due"],
    ];
    let mut shown = 0;
    for flags in cases {
        let args = args(flags);
        let whole = select(&data.engine, &data.portfolio, &args, me.clone(), &views).unwrap();
        let want = choose(&engine, &args, me.clone(), &views).unwrap();
        let top = loader
            .top_cached(synced.clone(), as_of, want)
            .await
            .expect("a cache to read")
            .unwrap();
        assert_eq!(top.warnings, data.warnings, "{flags:?}");
        assert_eq!(tracked(&top.engine), whole_tracks, "{flags:?}");
        assert_eq!(top.fetched_at, Some(data.fetched_at));
        shown += assert_same_output(&whole, &top, day, flags);
    }
    assert!(shown > 300, "{shown} rows");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_nothing_cached_the_chunked_read_leaves_it_to_the_whole_load() {
    let engine = Arc::new(Engine::new(Model::default()).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orienteer.db");
    let synced = Arc::new(Synced::new(Arc::new(NamesOne("x".into())), KEY, path).offline(true));
    let loader = Loader::new(engine.clone(), synced.clone());
    let as_of =
        crate::clock::Clock::new(Zone::Named(chrono_tz::UTC), None).as_of(chrono::Utc::now());
    let want = choose(&engine, &args(&["--limit", "5"]), None, &[]).unwrap();
    assert!(loader.top_cached(synced, as_of, want).await.is_none());
}
