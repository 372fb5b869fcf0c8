//! Evaluating one account: stage, milestones, health, alerts and plays.
//! Every number the TUI and the JSON twin show comes from here;
//! `Engine::evaluate` (in the `handled` module) adds the account's place
//! in the inbox.

use super::account::Account;
use super::alert::{rules::Input, Alert};
use super::attention::{attention, Attention};
use super::engine::Engine;
use super::health::Health;
use super::inbox::{inbox, Handled, Inbox};
use super::milestone::{Completion, MilestoneState};
use super::play::{recommend, Recommendation};
use super::vocab::StageIx;
use chrono::NaiveDate;
use std::cell::RefCell;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evaluation {
    pub stage: StageIx,
    pub health: Health,
    /// Overdue milestones of the current stage. The milestones themselves
    /// are worked out again, by [`Engine::milestone_states`], when an
    /// account is opened.
    pub overdue_milestones: usize,
    /// Behind in its stage: a milestone overdue, or one reached late in
    /// the last 30 days ([`Engine::behind`]).
    pub(crate) behind: bool,
    pub alerts: Vec<Alert>,
    pub plays: Vec<Recommendation>,
    /// How much the account needs its CSM today, and why.
    pub attention: Attention,
    /// The play the CSM logged that covers the account for now, and what
    /// woke it if something did (see [`super::inbox`]).
    pub(crate) handled: Option<Handled>,
}

impl Evaluation {
    /// Alerts that signal risk (positive news left out).
    pub(crate) fn risk_alerts(&self) -> usize {
        self.alerts.iter().filter(|a| a.severity.is_risk()).count()
    }

    /// Where the account stands in the CSM's inbox.
    pub fn inbox(&self) -> Inbox {
        inbox(&self.attention, self.handled.as_ref())
    }
}

impl Engine {
    /// [`Engine::evaluate`] but for the inbox (`handled` is `None`): what
    /// the inbox compares with, as of the day a play was logged.
    pub(crate) fn evaluate_plain(&self, account: &Account, now: NaiveDate) -> Evaluation {
        // The milestones' working lists live in one buffer per thread, so
        // evaluating 100,000 accounts does not allocate them 100,000 times.
        thread_local! {
            static SCRATCH: RefCell<(Vec<Completion>, Vec<MilestoneState>)> =
                const { RefCell::new((Vec::new(), Vec::new())) };
        }
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => {
                let (done, milestones) = &mut *scratch;
                self.evaluate_with(account, now, done, milestones)
            }
            // Only if evaluating re-entered itself: fresh buffers.
            Err(_) => self.evaluate_with(account, now, &mut Vec::new(), &mut Vec::new()),
        })
    }

    fn evaluate_with(
        &self,
        account: &Account,
        now: NaiveDate,
        done: &mut Vec<Completion>,
        milestones: &mut Vec<MilestoneState>,
    ) -> Evaluation {
        self.completions_into(account, done);
        let done = &done[..];
        let stage = self.stage_at(account, done, now);
        let (health, health_drop) = self.health(account, done, stage, now);
        self.milestone_states_into(account, done, now, milestones);
        let milestones = &milestones[..];
        let overdue = self.overdue(milestones, stage, now);
        let input = Input {
            account,
            now,
            stage,
            health: &health,
            health_drop,
            milestones,
            overdue,
        };
        let mut alerts = super::alert::rules::raise(self, &input);
        super::snooze::mark_all(&account.snoozes, &mut alerts, now);
        let plays = recommend(self, account, now, stage, &health, &alerts);
        let attention = attention(
            &self.model.attention,
            account,
            now,
            &health,
            &alerts,
            overdue.count,
        );
        Evaluation {
            attention,
            stage,
            health,
            overdue_milestones: overdue.count,
            behind: self.behind(milestones, stage, now),
            alerts,
            plays,
            handled: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::{Observed, Point, Series};
    use crate::domain::model::Model;
    use crate::domain::vocab::{AlertKind, Band, Metric};

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
        let e = engine.evaluate(&a, now);
        assert_eq!(e.health.delta_7d, Some(0.0), "new data is not a drop");
        assert!(!e.alerts.iter().any(|x| x.kind() == AlertKind::HealthDrop));

        // A real fall in usage over the week is a drop.
        a.metrics.set(
            Metric::ActiveUsers,
            series(&[("2026-09-01", 60.0), ("2026-11-20", 12.0)]),
        );
        let e = engine.evaluate(&a, now);
        let d = e.health.delta_7d.unwrap();
        assert!(d <= -15.0, "{d}");
        assert!(e.alerts.iter().any(|x| x.kind() == AlertKind::HealthDrop));
    }

    #[test]
    fn stage_follows_the_rules_and_the_source_overrides() {
        let engine = Engine::new(Model::default()).unwrap();
        let stage = |a: &Account, d: &str| {
            let e = engine.evaluate(a, day(d));
            engine.stage(e.stage).id.to_string()
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
        a.stage = Some(Observed::undated("onboarding".into()));
        assert_eq!(
            stage(&a, "2027-03-10"),
            "onboarding",
            "the source's stage wins"
        );
        a.stage = Some(Observed::undated("nonsense".into()));
        assert_eq!(
            stage(&a, "2027-03-10"),
            "pre_renewal",
            "an unknown stage falls back to the rules"
        );
        a.stage = Some(Observed {
            value: "onboarding".into(),
            as_of: Some(day("2027-03-05")),
        });
        assert_eq!(
            stage(&a, "2027-02-01"),
            "established",
            "a stage observed later says nothing about the days before"
        );
        assert_eq!(stage(&a, "2027-03-10"), "onboarding");
    }

    #[test]
    fn without_metric_history_the_recorded_scores_give_the_trend() {
        let engine = Engine::new(Model::default()).unwrap();
        let now = day("2026-11-23");
        let mut a = account();
        // Metrics known only as of today: no history to compare with.
        a.metrics
            .set(Metric::ActiveUsers, series(&[("2026-11-23", 20.0)]));
        a.metrics
            .set(Metric::SeatsAssigned, series(&[("2026-11-23", 50.0)]));
        let e = engine.evaluate(&a, now);
        assert_eq!(e.health.delta_7d, None);
        let score = e.health.score().unwrap();
        // Orienteer recorded the account at 70 a week ago, 80 a month ago.
        a.recorded_scores = series(&[("2026-10-24", 80.0), ("2026-11-16", 70.0)]);
        let e = engine.evaluate(&a, now);
        assert_eq!(e.health.delta_7d, Some((score - 70.0).round()));
        assert_eq!(e.health.delta_30d, Some((score - 80.0).round()));
    }

    #[test]
    fn missing_data_is_no_data_not_zero() {
        let engine = Engine::new(Model::default()).unwrap();
        let a = Account {
            id: "bare".into(),
            name: "Bare".into(),
            ..Account::default()
        };
        let e = engine.evaluate(&a, day("2026-11-23"));
        assert_eq!(e.health.score(), None);
        assert_eq!(e.health.band, Band::Unknown);
        assert_eq!(e.health.delta_7d, None);
        assert_eq!(e.overdue_milestones, 0, "no dates, nothing can be overdue");
        assert!(e.alerts.is_empty(), "{:?}", e.alerts);
    }
}
