//! Evaluating one account: stage, milestones, health, alerts and plays.
//! Every number the TUI and the JSON twin show comes from here.

use super::account::Account;
use super::alert::{alerts, days_ago, Alert, AlertInput};
use super::engine::Engine;
use super::health::{combine, indicators, Band, Health, Score};
use super::milestone::{MilestoneState, MilestoneStatus};
use super::play::{recommend, Recommendation};
use chrono::NaiveDate;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evaluation {
    pub stage: usize,
    pub health: Health,
    /// Overdue milestones of the current stage. The milestones themselves
    /// are worked out again, by [`milestone_states`], when an account is opened.
    pub overdue_milestones: usize,
    pub alerts: Vec<Alert>,
    pub plays: Vec<Recommendation>,
}

impl Evaluation {
    /// Alerts that signal risk (positive news left out).
    pub fn risk_alerts(&self) -> usize {
        self.alerts.iter().filter(|a| a.is_risk()).count()
    }
}

fn score_at(
    engine: &Engine,
    account: &Account,
    done: &[Option<NaiveDate>],
    day: NaiveDate,
) -> Score {
    let stage = engine.stage_at(account, done, day);
    combine(
        indicators(account, &engine.model.health, day),
        engine.weights[stage],
    )
}

/// The change from `then` to `now` over the indicators both had: an
/// indicator that appeared or went missing in between is not a change in
/// health. `None` when they had no indicator in common.
fn like_for_like(
    now: &Score,
    then: &Score,
    stage_now: usize,
    stage_then: usize,
    engine: &Engine,
) -> Option<f64> {
    let both = |i: usize| now.values[i].is_some() && then.values[i].is_some();
    let mask = |s: &Score| std::array::from_fn(|i| s.values[i].filter(|_| both(i)));
    let n = combine(mask(now), engine.weights[stage_now]).score?;
    let t = combine(mask(then), engine.weights[stage_then]).score?;
    Some(n - t)
}

/// Evaluates `account` as of `now`.
pub fn evaluate(engine: &Engine, account: &Account, now: NaiveDate) -> Evaluation {
    let done = engine.completions(account);
    let stage = engine.stage_at(account, &done, now);
    let mut score = score_at(engine, account, &done, now);
    let delta = |days: u32| {
        let day = days_ago(now, u64::from(days));
        let then = score_at(engine, account, &done, day);
        let d = like_for_like(
            &score,
            &then,
            stage,
            engine.stage_at(account, &done, day),
            engine,
        );
        d.map(f64::round)
    };
    // Scores and changes are whole points: the band, the alerts, the plays'
    // reasons and every face show the same number.
    let drop_window = engine.model.alerts.health_drop.window_days;
    let (delta_7d, delta_30d) = (delta(7), delta(30));
    let drop = match drop_window {
        7 => delta_7d,
        30 => delta_30d,
        w => delta(w),
    };
    score.score = score.score.map(f64::round);
    let health = Health {
        now: score,
        band: Band::of(score.score, &engine.model.health.bands),
        delta_7d,
        delta_30d,
    };
    let milestones = milestone_states(engine, account, &done, now);
    let overdue_milestones = engine
        .milestones
        .iter()
        .zip(&milestones)
        .filter(|(m, s)| m.stage == stage && s.status == MilestoneStatus::Overdue)
        .count();
    let input = AlertInput {
        stage,
        health: &health,
        health_drop: drop,
        milestones: &milestones,
    };
    let alerts = alerts(engine, account, now, &input);
    let plays = recommend(engine, account, now, stage, &health, &alerts);
    Evaluation {
        stage,
        health,
        overdue_milestones,
        alerts,
        plays,
    }
}

/// The state of every milestone of the model, in model order, given the
/// account's completions (see [`Engine::completions`]).
pub fn milestone_states(
    engine: &Engine,
    account: &Account,
    done: &[Option<NaiveDate>],
    now: NaiveDate,
) -> Vec<MilestoneState> {
    engine
        .expected_dates(account, done)
        .iter()
        .zip(done)
        .map(|(&expected_by, &completed_at)| MilestoneState {
            expected_by,
            completed_at,
            status: MilestoneStatus::of(expected_by, completed_at, now),
        })
        .collect()
}

/// The score at the end of each of the last `weeks` weeks, oldest first.
pub fn weekly_scores(
    engine: &Engine,
    account: &Account,
    now: NaiveDate,
    weeks: u64,
) -> Vec<(NaiveDate, Option<f64>)> {
    let done = engine.completions(account);
    (0..weeks)
        .rev()
        .map(|w| {
            let day = days_ago(now, w * 7);
            (day, score_at(engine, account, &done, day).score)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::{Metric, Point, Series};
    use crate::domain::model::Model;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
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

    fn account() -> Account {
        let mut a = Account {
            id: "A1".into(),
            name: "Acme".into(),
            contract_start: Some(day("2025-01-01")),
            renewal_date: Some(day("2027-06-01")),
            ..Account::default()
        };
        a.milestones.insert("first_value".into(), day("2025-01-20"));
        a.metrics
            .set(Metric::Licenses, series(&[("2025-01-01", 100.0)]));
        a
    }

    #[test]
    fn trend_compares_like_for_like() {
        let engine = Engine::new(Model::default()).unwrap();
        let now = day("2026-11-23");
        let mut a = account();
        // Steady usage; support data only starts today, at a poor level.
        a.metrics
            .set(Metric::ActiveUsers, series(&[("2026-09-01", 60.0)]));
        a.metrics
            .set(Metric::SeatsAssigned, series(&[("2026-09-01", 90.0)]));
        a.metrics
            .set(Metric::OpenTickets, series(&[("2026-11-23", 6.0)]));
        let e = evaluate(&engine, &a, now);
        assert_eq!(e.health.delta_7d, Some(0.0), "new data is not a drop");
        assert!(!e
            .alerts
            .iter()
            .any(|x| x.kind == crate::domain::alert::AlertKind::HealthDrop));

        // A real fall in usage over the week is a drop.
        a.metrics.set(
            Metric::ActiveUsers,
            series(&[("2026-09-01", 60.0), ("2026-11-20", 12.0)]),
        );
        let e = evaluate(&engine, &a, now);
        let d = e.health.delta_7d.unwrap();
        assert!(d <= -15.0, "{d}");
        assert!(e
            .alerts
            .iter()
            .any(|x| x.kind == crate::domain::alert::AlertKind::HealthDrop));
    }

    #[test]
    fn stage_follows_the_rules_and_the_source_overrides() {
        let engine = Engine::new(Model::default()).unwrap();
        let stage = |a: &Account, d: &str| {
            let e = evaluate(&engine, a, day(d));
            engine.stage_id(e.stage).to_string()
        };
        let mut a = account();
        assert_eq!(stage(&a, "2025-01-10"), "onboarding", "before first value");
        assert_eq!(stage(&a, "2025-06-01"), "established", "after first value");
        assert_eq!(
            stage(&a, "2027-03-10"),
            "pre_renewal",
            "83 days before renewal"
        );
        assert_eq!(
            stage(&a, "2027-07-01"),
            "pre_renewal",
            "renewal passed, still open"
        );
        a.stage = Some("onboarding".into());
        assert_eq!(
            stage(&a, "2027-03-10"),
            "onboarding",
            "the source's stage wins"
        );
        a.stage = Some("nonsense".into());
        assert_eq!(
            stage(&a, "2027-03-10"),
            "pre_renewal",
            "an unknown stage falls back to the rules"
        );
    }

    #[test]
    fn missing_data_is_no_data_not_zero() {
        let engine = Engine::new(Model::default()).unwrap();
        let a = Account {
            id: "bare".into(),
            name: "Bare".into(),
            ..Account::default()
        };
        let e = evaluate(&engine, &a, day("2026-11-23"));
        assert_eq!(e.health.score(), None);
        assert_eq!(e.health.band, crate::domain::health::Band::Unknown);
        assert_eq!(e.health.delta_7d, None);
        assert_eq!(e.overdue_milestones, 0, "no dates, nothing can be overdue");
        assert!(e.alerts.is_empty(), "{:?}", e.alerts);
    }
}
