//! Cohorts, heat maps and early warning against small hand-built accounts,
//! with every number worked out by hand.

use chrono::NaiveDate;
use orienteer::domain::account::{Event, Outcome, Point, Series};
use orienteer::domain::journey::cohorts::{cohorts, CohortBy};
use orienteer::domain::journey::early_warning::changes;
use orienteer::domain::journey::heatmap::{glyph, heatmap, weeks_per_block, HeatBy};
use orienteer::domain::portfolio::Portfolio;
use orienteer::domain::{Account, AlertKind, Band, Engine, EventKind, Metric, Model};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn now() -> NaiveDate {
    day("2026-11-23")
}

fn series(points: &[(&str, f32)]) -> Series {
    Series::new(
        points
            .iter()
            .map(|(d, v)| Point {
                at: day(d),
                value: *v,
            })
            .collect(),
    )
}

fn account(id: &str, start: Option<&str>, segment: Option<&str>, owner: Option<&str>) -> Account {
    Account {
        id: id.into(),
        name: format!("Account {id}"),
        contract_start: start.map(day),
        renewal_date: Some(day("2027-06-01")),
        segment: segment.map(str::to_string),
        owner: owner.map(str::to_string),
        ..Account::default()
    }
}

/// NPS alone scores the account: (nps + 100) / 2.
fn with_nps(mut a: Account, points: &[(&str, f32)]) -> Account {
    a.metrics.set(Metric::Nps, series(points));
    a
}

fn engine() -> Engine {
    Engine::new(Model::default()).unwrap()
}

fn cohort_fixture() -> Vec<Account> {
    // First value is expected 30 days after the contract starts.
    let mut a = with_nps(
        account("A", Some("2025-01-10"), Some("SMB"), Some("Ann")),
        &[("2025-06-01", 80.0)],
    );
    a.arr = Some(100.0);
    a.milestones.insert("first_value".into(), day("2025-01-20"));
    let mut b = with_nps(
        account("B", Some("2025-01-25"), Some("SMB"), Some("Bob")),
        &[("2025-06-01", -40.0)],
    );
    b.arr = Some(200.0);
    b.milestones.insert("first_value".into(), day("2025-03-15"));
    let mut c = account("C", Some("2025-03-05"), Some("Ent"), Some("Ann"));
    c.arr = Some(300.0);
    c.outcome = Outcome::Churned;
    c.outcome_date = Some(day("2026-03-05"));
    let d = with_nps(account("D", None, None, None), &[("2025-06-01", 20.0)]);
    vec![a, b, c, d]
}

#[test]
fn cohorts_by_start_month_count_size_arr_milestones_bands_and_churn() {
    let engine = engine();
    let p = Portfolio::new(&engine, cohort_fixture(), now());
    let c = cohorts(&engine, &p.accounts, &p.evals, now(), CohortBy::Start);
    let keys: Vec<&str> = c.cohorts.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        keys,
        ["2025-01", "2025-03", "(none)"],
        "time order, none last"
    );
    let first_value = |i: usize| {
        c.cohorts[i]
            .milestones
            .iter()
            .find(|m| m.id == "first_value")
            .unwrap()
            .clone()
    };

    let jan = &c.cohorts[0];
    assert_eq!(
        (jan.accounts, jan.arr, jan.arr_unknown),
        (2, Some(300.0), 0)
    );
    let fv = first_value(0);
    assert_eq!((fv.on_time, fv.late, fv.missed), (1, 1, 0));
    assert_eq!(fv.share_on_time, Some(0.5));
    assert_eq!(
        (jan.bands.good, jan.bands.poor, jan.bands.average),
        (1, 1, 0)
    );
    assert_eq!((jan.churned, jan.churn_rate), (0, Some(0.0)));

    let mar = &c.cohorts[1];
    assert_eq!(mar.accounts, 1);
    assert_eq!(mar.arr, None, "a churned account's ARR is not counted");
    let fv = first_value(1);
    assert_eq!((fv.on_time, fv.late, fv.missed), (0, 0, 1));
    assert_eq!(fv.share_on_time, Some(0.0));
    assert_eq!(mar.bands.get(Band::Unknown) + mar.bands.get(Band::Good), 0);
    assert_eq!((mar.churned, mar.churn_rate), (1, Some(1.0)));

    let none = &c.cohorts[2];
    assert_eq!((none.accounts, none.arr_unknown), (1, 1));
    assert_eq!(none.arr, None, "no ARR known: unknown, not 0");
    assert_eq!(none.bands.average, 1);
    assert_eq!(first_value(2).share_on_time, None, "not due: no share");
}

#[test]
fn cohorts_by_segment_owner_and_stage_and_the_owners_load() {
    let engine = engine();
    let p = Portfolio::new(&engine, cohort_fixture(), now());
    let by = |by| {
        let c = cohorts(&engine, &p.accounts, &p.evals, now(), by);
        c.cohorts
            .iter()
            .map(|c| (c.key.clone(), c.accounts))
            .collect::<Vec<_>>()
    };
    let s = |k: &str, n| (k.to_string(), n);
    assert_eq!(
        by(CohortBy::Segment),
        [s("Ent", 1), s("SMB", 2), s("(none)", 1)]
    );
    assert_eq!(
        by(CohortBy::Owner),
        [s("Ann", 2), s("Bob", 1), s("(none)", 1)]
    );
    let stages: usize = by(CohortBy::Stage).iter().map(|(_, n)| n).sum();
    assert_eq!(stages, 4, "every account in one stage");

    let c = cohorts(&engine, &p.accounts, &p.evals, now(), CohortBy::Owner);
    let owners: Vec<(&str, usize, Option<f64>, usize)> = c
        .owners
        .iter()
        .map(|o| (o.owner.as_str(), o.accounts, o.arr, o.poor))
        .collect();
    // Ann's churned account is no longer in her book.
    assert_eq!(
        owners,
        [
            ("Ann", 1, Some(100.0), 0),
            ("Bob", 1, Some(200.0), 1),
            ("(none)", 1, None, 0)
        ]
    );
    assert_eq!(c.accounts_per_owner, Some(1.0));
}

fn usage(a: &mut Account, licenses: f32, users: &[(&str, f32)]) {
    a.metrics
        .set(Metric::Licenses, series(&[("2026-01-01", licenses)]));
    a.metrics.set(Metric::ActiveUsers, series(users));
}

fn heat_fixture() -> Vec<Account> {
    let mut x = account("X", Some("2025-01-01"), Some("SMB"), Some("Ann"));
    usage(
        &mut x,
        100.0,
        &[
            ("2026-11-09", 50.0),
            ("2026-11-10", 30.0),
            ("2026-11-16", 80.0),
            ("2026-11-23", 10.0),
            // After today: not seen.
            ("2026-11-24", 99.0),
        ],
    );
    let mut y = account("Y", Some("2025-01-01"), Some("SMB"), Some("Bob"));
    usage(&mut y, 200.0, &[("2026-11-23", 150.0)]);
    let z = account("Z", Some("2025-01-01"), None, None);
    let mut gone = account("W", Some("2025-01-01"), Some("SMB"), Some("Bob"));
    usage(&mut gone, 100.0, &[("2026-11-23", 100.0)]);
    gone.outcome = Outcome::Churned;
    vec![x, y, z, gone]
}

fn close(a: Option<f32>, b: f32) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-6)
}

#[test]
fn heat_map_per_account_takes_each_weeks_last_reading_and_keeps_gaps() {
    let m = heatmap(&heat_fixture(), now(), HeatBy::Account);
    assert_eq!(m.weeks.len(), 26);
    assert_eq!(m.weeks[0].label, "2026-W23");
    assert_eq!(m.weeks[0].start, day("2026-06-01"));
    assert_eq!(m.weeks[25].label, "2026-W48");
    let ids: Vec<&str> = m.rows.iter().map(|r| r.id.as_deref().unwrap()).collect();
    assert_eq!(
        ids,
        ["X", "Y", "Z"],
        "lowest first, no data last, churned out"
    );
    let x = &m.rows[0];
    assert!(close(x.cells[25], 0.1), "{:?}", x.cells[25]);
    assert!(close(x.cells[24], 0.8));
    assert!(close(x.cells[23], 0.3), "the week's last reading");
    assert!(x.cells[..23].iter().all(Option::is_none), "gaps stay gaps");
    assert!(close(x.mean, 0.4));
    let row: String = x.cells[23..].iter().map(|c| glyph(*c)).collect();
    assert_eq!(row, "▒█░");
    assert!(close(m.rows[1].cells[25], 0.75));
    assert_eq!(glyph(m.rows[1].cells[25]), '█');
    assert_eq!(glyph(m.rows[2].cells[25]), '·');
    assert_eq!(m.rows[2].mean, None);
}

#[test]
fn heat_map_per_segment_and_owner_averages_the_accounts_with_a_reading() {
    let m = heatmap(&heat_fixture(), now(), HeatBy::Segment);
    let keys: Vec<(&str, usize)> = m
        .rows
        .iter()
        .map(|r| (r.key.as_str(), r.accounts))
        .collect();
    assert_eq!(keys, [("SMB", 2), ("(none)", 1)]);
    assert!(
        close(m.rows[0].cells[25], 0.425),
        "{:?}",
        m.rows[0].cells[25]
    );
    assert!(close(m.rows[0].cells[24], 0.8), "only X had a reading");
    assert_eq!(m.rows[1].cells[25], None);
    let m = heatmap(&heat_fixture(), now(), HeatBy::Owner);
    let keys: Vec<&str> = m.rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["Ann", "Bob", "(none)"]);
    assert!(
        close(m.rows[1].cells[25], 0.75),
        "Bob's churned account is out"
    );
}

#[test]
fn the_grid_folds_weeks_to_fit_the_width() {
    assert_eq!(weeks_per_block(80, 24, 2), 26, "all weeks on one line");
    assert_eq!(weeks_per_block(60, 24, 2), 17);
    assert_eq!(weeks_per_block(10, 24, 2), 1, "at least one week");
}

#[test]
fn early_warning_finds_a_band_drop_and_a_new_critical_alert_not_a_steady_account() {
    let engine = engine();
    let steady = with_nps(
        account("S", Some("2025-01-01"), None, None),
        &[("2026-06-01", 80.0)],
    );
    // Good yesterday, poor today (a reading dated today).
    let dropped = with_nps(
        account("D", Some("2025-01-01"), None, None),
        &[("2026-06-01", 80.0), ("2026-11-23", -40.0)],
    );
    // Steady health, but the champion left today.
    let mut left = with_nps(
        account("L", Some("2025-01-01"), None, None),
        &[("2026-06-01", 80.0)],
    );
    left.events.push(Event {
        kind: EventKind::ChampionLeft,
        at: day("2026-11-23"),
        detail: None,
    });
    // The champion left a week ago: already known yesterday, not new.
    let mut known = left.clone();
    known.id = "K".into();
    known.events[0].at = day("2026-11-16");
    let accounts = vec![steady, dropped, left, known];
    let p = Portfolio::new(&engine, accounts, now());
    let c = changes(&engine, &p.accounts, &p.evals, day("2026-11-22"), now());
    let ids: Vec<&str> = c.changes.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), 2, "{:#?}", c.changes);
    assert!(ids.contains(&"D") && ids.contains(&"L"), "{ids:?}");
    let l = c.changes.iter().find(|c| c.id == "L").unwrap();
    assert_eq!(l.new_critical, [AlertKind::ChampionLeft]);
    assert_eq!(l.bands_dropped, 0);
    assert!(l.reason.contains("champion left"), "{}", l.reason);
    let d = c.changes.iter().find(|c| c.id == "D").unwrap();
    assert_eq!(
        (d.band_before, d.band_now, d.bands_dropped),
        (Band::Good, Band::Poor, 2)
    );
    assert!(d.reason.contains("good → poor"), "{}", d.reason);
    // Ranked by new critical alerts, then by the size of the drop.
    let first = &c.changes[0];
    assert!(first.new_critical.len() >= c.changes[1].new_critical.len());

    // Since today: nothing can have changed.
    let none = changes(&engine, &p.accounts, &p.evals, now(), now());
    assert!(none.changes.is_empty());
}
