//! Evaluating one account: stage, milestones, health, alerts and plays.
//! Every number the TUI and the JSON twin show comes from here.

use super::account::Account;
use super::alert::{alerts, Alert, AlertInput};
use super::engine::Engine;
use super::health::{combine, indicators, Band, Health, Score};
use super::milestone::{MilestoneState, MilestoneStatus};
use super::play::{recommend, Recommendation};
use chrono::{Days, NaiveDate};

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

fn before(now: NaiveDate, days: u64) -> NaiveDate {
    now.checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}

/// Evaluates `account` as of `now`.
pub fn evaluate(engine: &Engine, account: &Account, now: NaiveDate) -> Evaluation {
    let done = engine.completions(account);
    let stage = engine.stage_at(account, &done, now);
    let score = score_at(engine, account, &done, now);
    let delta = |days| {
        let then = score_at(engine, account, &done, before(now, days)).score?;
        Some(score.score? - then)
    };
    let health = Health {
        now: score,
        band: Band::of(score.score, &engine.model.health.bands),
        delta_7d: delta(7),
        delta_30d: delta(30),
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
            let day = before(now, w * 7);
            (day, score_at(engine, account, &done, day).score)
        })
        .collect()
}
