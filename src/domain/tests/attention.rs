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

/// `a` with its renewal `days` ahead, in the renewal window (given by the
/// source, so that only the renewal part moves), its renewal milestones
/// done.
fn renewing_in(a: &Account, days: u64) -> Account {
    let mut a = a.clone();
    a.renewal_date = Some(day(NOW).checked_add_days(chrono::Days::new(days)).unwrap());
    a.stage = Some(crate::domain::account::Observed::undated(
        "pre_renewal".into(),
    ));
    for m in ["renewal_qbr", "success_review", "renewal_confirmed"] {
        a.milestones.insert(m.into(), ago(1));
    }
    a
}

/// A steady account whose health is in `band` ("poor" or "average").
fn in_band(band: &str) -> Account {
    let mut a = base();
    let s = day("2025-01-01");
    let (active, seats, adoption) = match band {
        "poor" => (5.0, 10.0, 0.1),
        _ => (40.0, 50.0, 0.4),
    };
    a.metrics.set(Metric::ActiveUsers, series(&[(s, active)]));
    a.metrics.set(Metric::SeatsAssigned, series(&[(s, seats)]));
    a.metrics
        .set(Metric::KeyFeatureAdoption, series(&[(s, adoption)]));
    a
}

#[test]
fn the_renewal_part_grows_as_the_date_nears_without_a_step() {
    let engine = Engine::new(Model::default()).unwrap();
    let near = engine.model.attention.renewal_near_days;
    for band in ["poor", "average"] {
        let a = in_band(band);
        let score = |days: u64| {
            let e = engine.evaluate(&renewing_in(&a, days), day(NOW));
            assert_eq!(e.health.band.id(), band, "{band} at {days}d");
            e.attention.score
        };
        // Strictly more attention each day nearer, all through the window.
        let scores: Vec<f64> = (1..=u64::from(near)).map(score).collect();
        for (i, w) in scores.windows(2).enumerate() {
            assert!(
                w[0] > w[1],
                "{band}: {}d {} <= {}d {}",
                i + 1,
                w[0],
                i + 2,
                w[1]
            );
        }
        // No step where the window opens: a day inside it adds at most
        // a day's share of the points, and beyond it nothing changes.
        let full = match band {
            "poor" => engine.model.attention.renewal_near_poor,
            _ => engine.model.attention.renewal_near_average,
        };
        let edge = score(u64::from(near) - 1) - score(u64::from(near));
        assert!(
            edge > 0.0 && edge <= 2.0 * full / f64::from(near),
            "{band}: {edge}"
        );
        assert_eq!(score(u64::from(near)), score(u64::from(near) + 1), "{band}");
        assert_eq!(score(u64::from(near) + 1), score(200), "{band}");
        // A poor account renewing in 3 days comes before one in 80.
        assert!(score(3) > score(80), "{band}");
    }
}

#[test]
fn the_shape_sets_when_the_renewal_points_come() {
    let mut model = Model::default();
    let at = |m: &crate::domain::model::AttentionModel, d: i64| m.nearness(d);
    let linear = model.attention;
    assert_eq!(at(&linear, 45), 0.5);
    assert_eq!(at(&linear, 0), 1.0);
    assert_eq!(at(&linear, 90), 0.0);
    assert_eq!(at(&linear, -5), 1.0);
    model.attention.renewal_near_shape = 2.0;
    assert_eq!(
        at(&model.attention, 45),
        0.25,
        "late: most in the last weeks"
    );
    model.attention.renewal_near_shape = 0.5;
    assert!(
        (at(&model.attention, 45) - 0.5f64.sqrt()).abs() < 1e-12,
        "early"
    );
    // Out of range is a model error naming the key.
    model.attention.renewal_near_shape = 0.0;
    let e = Engine::new(model).unwrap_err();
    assert_eq!(e.path, "attention.renewal_near_shape");
}

/// A renewal 17 days out, by what is known of the account's health: the
/// known bands keep their points (poor most, average some, good none);
/// with no health data at all the renewal is itself a reason to look, so
/// it gets the average band's points and says why, never reading as poor.
#[test]
fn a_near_renewal_with_no_health_data_gets_the_average_points_and_a_why() {
    let engine = Engine::new(Model::default()).unwrap();
    let model = engine.model.attention;
    let mut unknown = base();
    unknown.metrics = Default::default();
    let table = [
        // band, the account, the renewal's full points, the why
        ("good", base(), 0.0, ""),
        (
            "average",
            in_band("average"),
            model.renewal_near_average,
            "renews in 17d, avg",
        ),
        (
            "poor",
            in_band("poor"),
            model.renewal_near_poor,
            "renews in 17d, poor",
        ),
        (
            "unknown",
            unknown,
            model.renewal_near_average,
            "renews in 17d, no health data",
        ),
    ];
    let mut ranked = Vec::new();
    for (band, a, full, why) in table {
        let near = engine.evaluate(&renewing_in(&a, 17), day(NOW));
        let far = engine.evaluate(&renewing_in(&a, 200), day(NOW));
        assert_eq!(near.health.band.id(), band);
        assert_eq!(near.attention.why(), why, "{band}");
        // The renewal's part alone: the same account, renewal out of the window.
        let part = near.attention.score - far.attention.score;
        let want = full * model.nearness(17);
        assert!((part - want).abs() < 1e-9, "{band}: {part} != {want}");
        ranked.push((near.attention.score, band));
    }
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let order: Vec<&str> = ranked.iter().map(|(_, b)| *b).collect();
    // Unknown now ranks, after the poor and with the average, above good.
    assert_eq!(order[0], "poor", "{ranked:?}");
    assert_eq!(order[3], "good", "{ranked:?}");
}
