//! Health: a 0..100 score per account, computed per stage from five
//! indicators. A missing indicator drops out and its weight is shared among
//! the rest; the score reports the coverage (share of weight that had data).

use super::account::Account;
use super::calendar::days_before;
use super::engine::Engine;
use super::milestone::Completion;
use super::model::{Bands, HealthModel};
use super::vocab::{Band, Indicator, Metric, StageIx};
use chrono::NaiveDate;
use serde::Serialize;

impl Band {
    /// The band of a score, by the model's thresholds.
    pub(crate) fn of(score: Option<f64>, bands: &Bands) -> Band {
        match score {
            None => Band::Unknown,
            Some(s) if s >= bands.good => Band::Good,
            Some(s) if s >= bands.average => Band::Average,
            Some(_) => Band::Poor,
        }
    }
}

/// A score at one point in time, with what it was made of.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Score {
    pub(crate) score: Option<f64>,
    /// Share of the stage's weight that had data, 0..1.
    pub(crate) coverage: f64,
    /// Indicator values 0..100, `None` where there was no data.
    pub(crate) values: [Option<f64>; 5],
}

/// One line of the breakdown: why the score is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct Contribution {
    pub(crate) indicator: Indicator,
    pub(crate) value: Option<f64>,
    /// The weight the score used: the configured weight shared out over
    /// the indicators that had data (they sum to 1); 0 for one with none.
    pub(crate) weight: f64,
    /// The stage's weight for this indicator, as configured.
    pub(crate) configured_weight: f64,
    /// Points this indicator adds to the score: `value x weight`; the
    /// contributions sum to the score.
    pub(crate) contribution: Option<f64>,
}

impl Score {
    /// Each indicator's part of the score, with the stage's `weights`.
    pub(crate) fn breakdown(&self, weights: [f64; 5]) -> [Contribution; 5] {
        let present: f64 = self.present_weight(weights);
        std::array::from_fn(|i| {
            let used = match self.values[i] {
                Some(_) if present > 0.0 => weights[i] / present,
                _ => 0.0,
            };
            Contribution {
                indicator: Indicator::ALL[i],
                value: self.values[i],
                weight: used,
                configured_weight: weights[i],
                contribution: self.values[i].filter(|_| present > 0.0).map(|v| v * used),
            }
        })
    }

    fn present_weight(&self, weights: [f64; 5]) -> f64 {
        (0..5)
            .filter(|&i| self.values[i].is_some())
            .map(|i| weights[i])
            .sum()
    }
}

/// The health of an account now, with its trend.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Health {
    pub(crate) now: Score,
    pub band: Band,
    pub(crate) delta_7d: Option<f64>,
    pub(crate) delta_30d: Option<f64>,
}

impl Health {
    pub fn score(&self) -> Option<f64> {
        self.now.score
    }

    /// The move that matters: the larger of the 7- and 30-day changes (the
    /// 7-day one when they are as large), with its days.
    pub(crate) fn main_move(&self) -> Option<(f64, u32)> {
        match (self.delta_7d, self.delta_30d) {
            (Some(w), Some(m)) if m.abs() > w.abs() => Some((m, 30)),
            (Some(w), _) => Some((w, 7)),
            (None, Some(m)) => Some((m, 30)),
            (None, None) => None,
        }
    }
}

/// The five indicator values of `account` as of `day`.
pub(crate) fn indicators(
    account: &Account,
    model: &HealthModel,
    day: NaiveDate,
) -> [Option<f64>; 5] {
    let m = |metric| account.metrics.at(metric, day);
    let licenses = m(Metric::Licenses).filter(|l| *l > 0.0);
    let ratio = |n: Option<f64>| Some(n? / licenses?);

    let outcomes = m(Metric::OutcomesAchieved).map(|v| clamp100(v * 100.0));

    let eng = &model.engagement;
    let activity = ratio(m(Metric::ActiveUsers))
        .map(|r| clamp100(r / eng.full_active_ratio.max(f64::EPSILON) * 100.0));
    let adoption = m(Metric::KeyFeatureAdoption).map(|v| clamp100(v * 100.0));
    let engagement = match (activity, adoption) {
        (Some(a), Some(k)) => Some(a * (1.0 - eng.adoption_share) + k * eng.adoption_share),
        (a, k) => a.or(k),
    };

    let utilization = ratio(m(Metric::SeatsAssigned)).map(|r| clamp100(r * 100.0));

    let satisfaction = match m(Metric::Nps) {
        Some(nps) => Some(clamp100((nps + 100.0) / 2.0)),
        None => m(Metric::Csat).map(|c| clamp100((c - 1.0) / 4.0 * 100.0)),
    };

    let sup = &model.support;
    let penalties = [
        (m(Metric::OpenTickets), sup.per_open_ticket),
        (m(Metric::SlaBreaches), sup.per_sla_breach),
        (m(Metric::OverdueInvoices), sup.per_overdue_invoice),
    ];
    let support = penalties.iter().any(|(v, _)| v.is_some()).then(|| {
        let penalty: f64 = penalties
            .iter()
            .map(|(v, per)| v.unwrap_or(0.0).max(0.0) * per)
            .sum();
        clamp100(100.0 - penalty)
    });

    [outcomes, engagement, utilization, satisfaction, support]
}

/// Combines indicator values with a stage's weights.
pub(crate) fn combine(values: [Option<f64>; 5], weights: [f64; 5]) -> Score {
    let total: f64 = weights.iter().sum();
    let mut present = 0.0;
    let mut sum = 0.0;
    for (v, w) in values.iter().zip(weights) {
        if let Some(v) = v {
            present += w;
            sum += v * w;
        }
    }
    let score = (present > 0.0).then(|| sum / present);
    Score {
        score,
        coverage: if total > 0.0 { present / total } else { 0.0 },
        values,
    }
}

/// The change from `then` to `now` over the indicators both had: an
/// indicator that appeared or went missing in between is not a change in
/// health. `None` when they had no indicator in common.
fn like_for_like(now: &Score, then: &Score, w_now: [f64; 5], w_then: [f64; 5]) -> Option<f64> {
    let both = |i: usize| now.values[i].is_some() && then.values[i].is_some();
    let mask = |s: &Score| std::array::from_fn(|i| s.values[i].filter(|_| both(i)));
    let n = combine(mask(now), w_now).score?;
    let t = combine(mask(then), w_then).score?;
    Some(n - t)
}

impl Engine {
    /// The score on `day`, with the weights of the stage the account was in.
    pub(crate) fn score_at(&self, account: &Account, done: &[Completion], day: NaiveDate) -> Score {
        let stage = self.stage_at(account, done, day);
        self.score_in(account, stage, day)
    }

    /// The score on `day` with the weights of `stage`.
    fn score_in(&self, account: &Account, stage: StageIx, day: NaiveDate) -> Score {
        combine(
            indicators(account, &self.model.health, day),
            self.weights(stage),
        )
    }

    /// The health as of `now` in `stage` (the account's stage on `now`: its
    /// weights make the score), and the score's change over the
    /// health_drop rule's window. Scores and changes are whole points, so
    /// the band, the alerts, the plays' reasons and every face agree.
    pub(crate) fn health(
        &self,
        account: &Account,
        done: &[Completion],
        stage: StageIx,
        now: NaiveDate,
    ) -> (Health, Option<f64>) {
        let mut score = self.score_in(account, stage, now);
        let delta = |days: u32| {
            let day = days_before(now, u64::from(days));
            let stage_then = self.stage_at(account, done, day);
            let then = self.score_in(account, stage_then, day);
            like_for_like(&score, &then, self.weights(stage), self.weights(stage_then))
                // Without a metric history, the scores recorded day by day.
                .or_else(|| Some(score.score? - account.recorded_scores.at(day)?))
                .map(f64::round)
        };
        let (delta_7d, delta_30d) = (delta(7), delta(30));
        let drop = match self.model.alerts.health_drop.window_days {
            7 => delta_7d,
            30 => delta_30d,
            w => delta(w),
        };
        score.score = score.score.map(f64::round);
        let health = Health {
            now: score,
            band: Band::of(score.score, &self.model.health.bands),
            delta_7d,
            delta_30d,
        };
        (health, drop)
    }

    /// The score at the end of each of the last `weeks` weeks, oldest first.
    pub(crate) fn weekly_scores(
        &self,
        account: &Account,
        now: NaiveDate,
        weeks: u64,
    ) -> Vec<(NaiveDate, Option<f64>)> {
        let done = self.completions(account);
        (0..weeks)
            .rev()
            .map(|w| {
                let day = days_before(now, w * 7);
                (day, self.score_at(account, &done, day).score)
            })
            .collect()
    }
}

fn clamp100(v: f64) -> f64 {
    v.clamp(0.0, 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::{Point, Series};
    use crate::domain::vocab::Metric;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn with(metrics: &[(Metric, f32)]) -> Account {
        let mut a = Account::default();
        for (m, v) in metrics {
            let p = Point {
                at: day(1),
                value: *v,
            };
            a.metrics.set(*m, Series::new(vec![p]));
        }
        a
    }

    #[test]
    fn indicator_table() {
        use Metric::*;
        let model = HealthModel::default();
        type Case<'a> = (&'a [(Metric, f32)], [Option<f64>; 5]);
        let cases: &[Case] = &[
            (&[], [None; 5]),
            (
                &[
                    (Licenses, 100.0),
                    (ActiveUsers, 40.0),
                    (SeatsAssigned, 50.0),
                ],
                [None, Some(50.0), Some(50.0), None, None],
            ),
            (
                &[
                    (Licenses, 100.0),
                    (ActiveUsers, 90.0),
                    (KeyFeatureAdoption, 0.5),
                ],
                [None, Some(75.0), None, None, None],
            ),
            (
                &[(OutcomesAchieved, 0.25), (Nps, -20.0), (Csat, 5.0)],
                [Some(25.0), None, None, Some(40.0), None],
            ),
            (&[(Csat, 4.0)], [None, None, None, Some(75.0), None]),
            (
                &[(OpenTickets, 2.0), (OverdueInvoices, 1.0)],
                [None, None, None, None, Some(60.0)],
            ),
            (&[(SlaBreaches, 9.0)], [None, None, None, None, Some(0.0)]),
            // No licenses: ratios are unknown, not zero.
            (&[(ActiveUsers, 10.0)], [None; 5]),
        ];
        for (metrics, want) in cases {
            let got = indicators(&with(metrics), &model, day(20));
            assert_eq!(&got, want, "metrics {metrics:?}");
        }
    }

    #[test]
    fn missing_indicators_share_their_weight() {
        let w = [0.10, 0.35, 0.25, 0.10, 0.20];
        let s = combine([None, Some(80.0), Some(40.0), None, None], w);
        assert!((s.coverage - 0.6).abs() < 1e-9);
        let want = (80.0 * 0.35 + 40.0 * 0.25) / 0.6;
        assert!((s.score.unwrap() - want).abs() < 1e-9);
        let total: f64 = s.breakdown(w).iter().filter_map(|c| c.contribution).sum();
        assert!(
            (total - want).abs() < 1e-9,
            "contributions sum to the score"
        );
        // The weight shown is the one used: value x weight = points, and
        // the weights used sum to 1; the configured weight is kept beside.
        let rows = s.breakdown(w);
        let used: f64 = rows.iter().map(|c| c.weight).sum();
        assert!((used - 1.0).abs() < 1e-9, "{used}");
        for c in rows {
            match (c.value, c.contribution) {
                (Some(v), Some(p)) => assert!((v * c.weight - p).abs() < 1e-9),
                _ => assert_eq!(c.weight, 0.0),
            }
        }
        assert_eq!(rows[1].configured_weight, 0.35);
        assert!((rows[1].weight - 0.35 / 0.6).abs() < 1e-9);
        assert_eq!(combine([None; 5], w).score, None);
    }

    #[test]
    fn bands_follow_thresholds() {
        let b = Bands::default();
        let cases = [
            (None, Band::Unknown),
            (Some(70.0), Band::Good),
            (Some(69.9), Band::Average),
            (Some(40.0), Band::Average),
            (Some(39.9), Band::Poor),
        ];
        for (score, band) in cases {
            assert_eq!(Band::of(score, &b), band, "{score:?}");
        }
    }
}
