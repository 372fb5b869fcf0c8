//! The built-in demo portfolio through its public API: deterministic, sized
//! as asked, relative to today, and showing everything the engine can show.

use chrono::NaiveDate;
use orienteer::domain::account::Outcome;
use orienteer::domain::milestone::MilestoneStatus;
use orienteer::domain::model::expr::Trigger;
use orienteer::domain::portfolio::Portfolio;
use orienteer::domain::report::account_detail;
use orienteer::domain::{Account, AlertKind, Band, Engine, EventKind, Metric, Model};
use orienteer::source::demo::ESCAPE_INDEX;
use orienteer::source::{Demo, Source};
use std::collections::{BTreeSet, HashSet};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const DATES: [&str; 3] = ["2026-11-23", "2027-03-01", "2026-06-15"];

#[test]
fn generation_is_deterministic_and_order_independent() {
    let demo = Demo::new(300, day("2026-11-23"));
    let all = demo.accounts();
    assert_eq!(all, demo.accounts());
    for i in [0, 1, 7, 150, 299] {
        assert_eq!(demo.account(i), all[i], "account {i}");
    }
    // Large sizes are generated on several threads: same result.
    let big = Demo::new(5_000, demo.today);
    let many = big.accounts();
    assert_eq!(&many[..300], &all[..]);
    for i in [2_499, 2_500, 4_999] {
        assert_eq!(big.account(i), many[i], "account {i}");
    }
    let other = Demo {
        seed: demo.seed + 1,
        ..demo.clone()
    };
    assert_ne!(other.accounts(), all, "the seed matters");
}

#[test]
fn sizes_zero_one_and_a_thousand() {
    let today = day("2026-11-23");
    let engine = Engine::new(Model::default()).unwrap();
    for size in [0, 1, 1_000] {
        let accounts = Demo::new(size, today).accounts();
        assert_eq!(accounts.len(), size);
        let p = Portfolio::new(&engine, accounts, today);
        assert_eq!(p.len(), size);
        assert_eq!(p.evals.len(), size);
    }
    let accounts = Demo::new(1_000, today).accounts();
    let ids: HashSet<&str> = accounts.iter().map(|a| a.id.as_str()).collect();
    let names: HashSet<&str> = accounts.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(ids.len(), 1_000);
    assert_eq!(names.len(), 1_000, "names are unique at this size");
    assert_eq!(accounts[123].id, "D000123");
    assert_eq!(
        accounts[123].url.as_deref(),
        Some("https://crm.example.com/accounts/D000123")
    );
}

/// Everything the default model can show appears among the open accounts
/// of a 300-account demo (in fact of the first 100), whatever today is.
#[test]
fn three_hundred_accounts_cover_the_default_model() {
    let engine = Engine::new(Model::default()).unwrap();
    for (size, today) in [100, 300]
        .into_iter()
        .flat_map(|n| DATES.map(|d| (n, day(d))))
    {
        let p = Portfolio::new(&engine, Demo::new(size, today).accounts(), today);
        let open: Vec<usize> = (0..p.len()).filter(|&i| p.accounts[i].is_open()).collect();
        let evals = || open.iter().map(|&i| &p.evals[i]);

        let stages: BTreeSet<&str> = evals().map(|e| engine.stage(e.stage).id.as_str()).collect();
        for s in &engine.model.stages {
            assert!(
                stages.contains(s.id.as_str()),
                "{size} on {today}: no open account in {}",
                s.id
            );
        }
        let bands: BTreeSet<Band> = evals().map(|e| e.health.band).collect();
        for b in Band::ALL {
            assert!(bands.contains(b), "{size} on {today}: no {b:?} account");
        }
        let alerts: BTreeSet<AlertKind> = evals()
            .flat_map(|e| e.alerts.iter().map(|a| a.kind()))
            .collect();
        for k in AlertKind::ALL {
            assert!(
                alerts.contains(k),
                "{size} on {today}: alert {} never fires",
                k.id()
            );
        }
        let plays: BTreeSet<usize> = evals()
            .flat_map(|e| e.plays.iter().map(|r| r.play.get()))
            .collect();
        for (i, def) in engine.model.plays.iter().enumerate() {
            if def.trigger != Trigger::Manual {
                assert!(
                    plays.contains(&i),
                    "{size} on {today}: play {} never recommended",
                    def.id
                );
            }
        }
        let statuses: BTreeSet<MilestoneStatus> = open
            .iter()
            .flat_map(|&i| {
                let a = &p.accounts[i];
                engine.milestone_states(a, &engine.completions(a), today)
            })
            .map(|m| m.status)
            .collect();
        for s in [
            MilestoneStatus::Overdue,
            MilestoneStatus::DoneLate,
            MilestoneStatus::Done,
        ] {
            assert!(
                statuses.contains(&s),
                "{size} on {today}: no {} milestone",
                s.id()
            );
        }
        let outcomes: BTreeSet<_> = p
            .accounts
            .iter()
            .map(|a| format!("{:?}", a.outcome))
            .collect();
        assert!(
            outcomes.contains("Renewed") && outcomes.contains("Churned"),
            "{size} on {today}: {outcomes:?}"
        );
    }
}

#[test]
fn everything_is_relative_to_today() {
    for today in DATES.map(day) {
        for a in Demo::new(300, today).accounts() {
            let start = a.contract_start.expect("every demo account has a start");
            assert!(start <= today, "{}: starts {start} after {today}", a.id);
            for &m in Metric::ALL {
                for p in a.metrics.get(m).points() {
                    assert!(
                        p.at <= today,
                        "{}: {} on {} after today",
                        a.id,
                        m.id(),
                        p.at
                    );
                }
            }
            let dates = a
                .events
                .iter()
                .map(|e| e.at)
                .chain(a.milestones.values().copied());
            let dates = dates.chain(a.plays_logged.iter().map(|l| l.at));
            let dates = dates.chain(a.contacts.iter().filter_map(|c| c.last_seen));
            for d in dates {
                assert!(
                    start <= d && d <= today,
                    "{}: {d} outside {start}..{today}",
                    a.id
                );
            }
            if a.is_open() {
                // A few renewals are overdue: passed days ago, no outcome.
                if let Some(r) = a.renewal_date {
                    let past = (today - r).num_days();
                    assert!(past <= 20, "{}: open account renewed on {r}", a.id);
                }
            }
        }
    }
    // The same account on a later day is the same story, shifted.
    let (a, b) = (
        Demo::new(50, day("2026-11-23")),
        Demo::new(50, day("2026-12-03")),
    );
    for i in 0..50 {
        let (x, y) = (a.account(i), b.account(i));
        assert_eq!((x.name, x.arr), (y.name, y.arr));
        let shift = |d: Option<NaiveDate>| d.map(|d| d + chrono::Duration::days(10));
        assert_eq!(shift(x.contract_start), y.contract_start);
    }
}

#[test]
fn a_minority_is_closed_and_churners_looked_worse() {
    let today = day("2026-11-23");
    let accounts = Demo::new(1_000, today).accounts();
    let closed: Vec<&Account> = accounts.iter().filter(|a| !a.is_open()).collect();
    let share = closed.len() as f64 / accounts.len() as f64;
    assert!((0.10..=0.15).contains(&share), "closed share {share}");
    for a in &closed {
        assert!(a.outcome_date.unwrap() <= today);
        // A renewed customer has its next renewal ahead; a churned one not.
        let next = a.renewal_date.unwrap() > today;
        assert_eq!(next, a.outcome == Outcome::Renewed, "{}", a.id);
    }
    // At the renewal date: usage share and milestones reached on time.
    let engine = Engine::new(Model::default()).unwrap();
    let profile = |outcome: Outcome| {
        let group: Vec<&&Account> = closed.iter().filter(|a| a.outcome == outcome).collect();
        assert!(!group.is_empty());
        let (mut usage, mut on_time) = (0.0, 0.0);
        for a in &group {
            let at = a.outcome_date.unwrap();
            let active = a.metrics.at(Metric::ActiveUsers, at).unwrap();
            usage += active / a.metrics.at(Metric::Licenses, at).unwrap();
            on_time += engine
                .milestone_states(a, &engine.completions(a), at)
                .iter()
                .filter(|m| m.status == MilestoneStatus::Done)
                .count() as f64;
        }
        let n = group.len() as f64;
        (usage / n, on_time / n)
    };
    let (renewed, churned) = (profile(Outcome::Renewed), profile(Outcome::Churned));
    assert!(
        churned.0 < renewed.0 * 0.6,
        "usage {churned:?} vs {renewed:?}"
    );
    assert!(
        churned.1 + 2.0 < renewed.1,
        "milestones on time {churned:?} vs {renewed:?}"
    );
}

#[test]
fn the_data_has_every_kind_of_detail_and_gap() {
    let accounts = Demo::new(300, day("2026-11-23")).accounts();
    let kinds: BTreeSet<&str> = accounts
        .iter()
        .flat_map(|a| a.events.iter().map(|e| e.kind.id()))
        .collect();
    for k in [
        "admin_changed",
        "champion_left",
        "data_export",
        "users_added",
        "feature_adopted",
        "exec_login",
        "support_ticket_opened",
    ] {
        assert!(kinds.contains(k), "no {k} event");
    }
    for e in accounts.iter().flat_map(|a| &a.events) {
        if e.kind == EventKind::UsersAdded {
            let n: u32 = e.detail.as_deref().unwrap().parse().expect("a count");
            assert!(n > 0);
        }
    }
    let roles: BTreeSet<&str> = accounts
        .iter()
        .flat_map(|a| {
            a.contacts
                .iter()
                .filter_map(|c| c.role.as_ref().map(|r| r.id()))
        })
        .collect();
    assert_eq!(roles, BTreeSet::from(["admin", "champion", "exec_sponsor"]));
    assert!(accounts.iter().any(|a| !a.plays_logged.is_empty()));
    assert!(accounts.iter().any(|a| a.owner.is_none()));
    assert!(accounts.iter().any(|a| a.arr.is_none()));
    assert!(accounts.iter().any(|a| a.renewal_date.is_none()));
    assert!(accounts.iter().any(|a| a.segment.is_none()));
    assert!(accounts.iter().any(|a| a.contacts.is_empty()));
    assert!(accounts
        .iter()
        .any(|a| a.metrics.get(Metric::Nps).is_empty()));
    let segments: BTreeSet<&str> = accounts
        .iter()
        .filter_map(|a| a.segment.as_deref())
        .collect();
    assert_eq!(
        segments,
        BTreeSet::from(["Enterprise", "Mid-Market", "SMB"])
    );

    // Half a year of weekly usage, and compact histories everywhere.
    let weeks = |a: &Account| a.metrics.get(Metric::ActiveUsers).points().len();
    assert!(accounts.iter().any(|a| weeks(a) >= 27));
    for a in &accounts {
        let points: usize = Metric::ALL
            .iter()
            .map(|m| a.metrics.get(*m).points().len())
            .sum();
        // A renewed customer's history reaches back half a year before the
        // renewal it signed (at most 330 days ago), so it can be reviewed.
        let (max_weeks, max_points) = match a.outcome {
            Outcome::Renewed => (27 + 48, 64 + 2 * 48),
            _ => (27, 64),
        };
        assert!(
            weeks(a) <= max_weeks && points <= max_points,
            "{}: {} weeks, {points} points",
            a.id,
            weeks(a)
        );
    }
}

#[test]
fn one_event_detail_tries_an_escape_sequence_and_is_cleaned() {
    let today = day("2026-11-23");
    let demo = Demo::new(ESCAPE_INDEX + 1, today);
    let accounts = demo.accounts();
    let raw = &accounts[ESCAPE_INDEX];
    assert!(raw
        .events
        .iter()
        .any(|e| e.detail.as_deref().is_some_and(|d| d.contains('\u{1b}'))));
    assert!(!raw.name.chars().any(char::is_control), "names look normal");
    let engine = Engine::new(Model::default()).unwrap();
    let p = Portfolio::new(&engine, accounts, today);
    let detail = account_detail(
        &engine,
        &p.accounts[ESCAPE_INDEX],
        &p.evals[ESCAPE_INDEX],
        today,
    );
    let json = serde_json::to_string(&detail).unwrap();
    assert!(!json.contains("\\u001b"), "{json}");
}

#[tokio::test]
async fn the_demo_is_a_source() {
    let demo = Demo::new(42, day("2026-11-23"));
    let source: &dyn Source = &demo;
    assert!(source.describe().contains("42 accounts"));
    let before = chrono::Utc::now();
    let snapshot = source.fetch(demo.today).await.unwrap();
    assert_eq!(
        snapshot.origin,
        orienteer::source::Origin::live("demo data")
    );
    assert_eq!(snapshot.accounts, demo.accounts());
    // A fetch generates the portfolio relative to the day it is asked for.
    let later = day("2026-12-03");
    let moved = source.fetch(later).await.unwrap();
    assert_eq!(moved.accounts, Demo::new(42, later).accounts());
    assert!(snapshot.fetched_at >= before && snapshot.fetched_at <= chrono::Utc::now());
}
