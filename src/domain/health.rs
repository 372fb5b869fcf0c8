//! Health: a 0..100 score per account, computed per stage from five
//! indicators. A missing indicator drops out and its weight is shared among
//! the rest; the score reports the coverage (share of weight that had data).

use super::account::{Account, Metric};
use super::model::{Bands, HealthModel};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    #[default]
    Unknown,
    Poor,
    Average,
    Good,
}

impl Band {
    pub fn of(score: Option<f64>, bands: &Bands) -> Band {
        match score {
            None => Band::Unknown,
            Some(s) if s >= bands.good => Band::Good,
            Some(s) if s >= bands.average => Band::Average,
            Some(_) => Band::Poor,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Band::Good => "good",
            Band::Average => "average",
            Band::Poor => "poor",
            Band::Unknown => "unknown",
        }
    }

    pub const ALL: [Band; 4] = [Band::Poor, Band::Average, Band::Good, Band::Unknown];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    BusinessOutcomes,
    ProductEngagement,
    ServiceUtilization,
    CustomerSatisfaction,
    SupportOperations,
}

impl Indicator {
    pub const ALL: [Indicator; 5] = [
        Indicator::BusinessOutcomes,
        Indicator::ProductEngagement,
        Indicator::ServiceUtilization,
        Indicator::CustomerSatisfaction,
        Indicator::SupportOperations,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Indicator::BusinessOutcomes => "business_outcomes",
            Indicator::ProductEngagement => "product_engagement",
            Indicator::ServiceUtilization => "service_utilization",
            Indicator::CustomerSatisfaction => "customer_satisfaction",
            Indicator::SupportOperations => "support_operations",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Indicator::BusinessOutcomes => "Business outcomes",
            Indicator::ProductEngagement => "Product engagement",
            Indicator::ServiceUtilization => "Service utilization",
            Indicator::CustomerSatisfaction => "Customer satisfaction",
            Indicator::SupportOperations => "Support & operations",
        }
    }
}

/// A score at one point in time, with what it was made of.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    pub score: Option<f64>,
    /// Share of the stage's weight that had data, 0..1.
    pub coverage: f64,
    /// Indicator values 0..100, `None` where there was no data.
    pub values: [Option<f64>; 5],
}

/// One line of the breakdown: why the score is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Contribution {
    pub indicator: Indicator,
    pub value: Option<f64>,
    pub weight: f64,
    /// Points this indicator adds to the score (the contributions sum to it).
    pub contribution: Option<f64>,
}

impl Score {
    /// Each indicator's part of the score, with the stage's `weights`.
    pub fn breakdown(&self, weights: [f64; 5]) -> [Contribution; 5] {
        let present: f64 = self.present_weight(weights);
        std::array::from_fn(|i| Contribution {
            indicator: Indicator::ALL[i],
            value: self.values[i],
            weight: weights[i],
            contribution: self.values[i]
                .filter(|_| present > 0.0)
                .map(|v| v * weights[i] / present),
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
    pub now: Score,
    pub band: Band,
    pub delta_7d: Option<f64>,
    pub delta_30d: Option<f64>,
}

impl Health {
    pub fn score(&self) -> Option<f64> {
        self.now.score
    }
}

/// The five indicator values of `account` as of `day`.
pub fn indicators(account: &Account, model: &HealthModel, day: NaiveDate) -> [Option<f64>; 5] {
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
pub fn combine(values: [Option<f64>; 5], weights: [f64; 5]) -> Score {
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

fn clamp100(v: f64) -> f64 {
    v.clamp(0.0, 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::{Point, Series};

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
