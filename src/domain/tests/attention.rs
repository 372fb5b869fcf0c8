//! The attention order: who needs the CSM today, and why.

use super::{ago, base, day, not_started, series, NOW};
use crate::domain::attention::Reason;
use crate::domain::engine::Engine;
use crate::domain::model::Model;
use crate::domain::vocab::Metric;
use crate::domain::Account;

fn rank(accounts: &[(&str, Account)]) -> Vec<(String, String)> {
    let engine = Engine::new(Model::default()).unwrap();
    let mut scored: Vec<(f64, String, String)> = accounts
        .iter()
        .map(|(name, a)| {
            let e = engine.evaluate(a, day(NOW));
            (e.attention.score, name.to_string(), e.attention.why())
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().map(|(_, n, w)| (n, w)).collect()
}

#[test]
fn the_first_rows_are_the_accounts_that_need_action_today() {
    let calm = base();
    let mut overdue = base();
    overdue.renewal_date = Some(ago(10));
    let mut fell = base();
    let s = day("2025-01-01");
    fell.metrics
        .set(Metric::ActiveUsers, series(&[(s, 70.0), (ago(3), 20.0)]));
    let mut no_kickoff = not_started(base());
    no_kickoff.contract_start = Some(ago(30));
    let mut started_yesterday = no_kickoff.clone();
    started_yesterday.contract_start = Some(ago(1));
    started_yesterday.metrics = Default::default();

    let order = rank(&[
        ("calm", calm),
        ("started yesterday", started_yesterday),
        ("no kickoff", no_kickoff),
        ("fell", fell),
        ("overdue", overdue),
    ]);
    let names: Vec<&str> = order.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[0], "overdue", "{order:?}");
    assert_eq!(&names[3..], ["calm", "started yesterday"], "{order:?}");
    let why = |n: &str| order.iter().find(|(x, _)| x == n).unwrap().1.clone();
    assert_eq!(why("overdue"), "renewal 10d overdue");
    assert_eq!(why("no kickoff"), "no kickoff");
    assert!(why("fell").starts_with("down "), "{}", why("fell"));
    assert_eq!(why("calm"), "");
}

#[test]
fn a_fall_over_thirty_days_counts_as_much_as_one_over_seven() {
    let engine = Engine::new(Model::default()).unwrap();
    let mut a = base();
    let s = day("2025-01-01");
    a.metrics
        .set(Metric::ActiveUsers, series(&[(s, 70.0), (ago(20), 15.0)]));
    let e = engine.evaluate(&a, day(NOW));
    let fall = -e.health.delta_30d.unwrap();
    assert!(fall >= 15.0, "{fall}");
    assert_eq!(e.health.delta_7d, Some(0.0));
    match e.attention.reason {
        Reason::Drop { points, days: 30 } => assert_eq!(points, fall),
        r => panic!("{r:?}"),
    }
}

#[test]
fn a_bigger_account_in_the_same_trouble_comes_first() {
    let mut small = base();
    small.renewal_date = Some(ago(5));
    small.arr = Some(10_000.0);
    let mut big = small.clone();
    big.arr = Some(900_000.0);
    let mut unknown = small.clone();
    unknown.arr = None;
    let order = rank(&[("small", small), ("unknown", unknown), ("big", big)]);
    let names: Vec<&str> = order.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["big", "unknown", "small"]);
}

#[test]
fn the_why_names_the_same_move_as_the_health_column() {
    // Usage fell within the last week, so the 7- and 30-day falls are the
    // same: the list marks the 7-day one, and so must the why.
    let engine = Engine::new(Model::default()).unwrap();
    let mut a = base();
    let s = day("2025-01-01");
    a.metrics
        .set(Metric::ActiveUsers, series(&[(s, 70.0), (ago(3), 10.0)]));
    let e = engine.evaluate(&a, day(NOW));
    assert_eq!(e.health.delta_7d, e.health.delta_30d);
    let (fall, days) = e.health.main_move().unwrap();
    match e.attention.reason {
        Reason::Drop { points, days: d } => assert_eq!((points, d), (-fall, days)),
        r => panic!("{r:?}"),
    }
    assert_eq!(days, 7);
}
