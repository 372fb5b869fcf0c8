//! The canonical account: what every source adapter maps into.
//!
//! Missing data is normal. Every metric is a (possibly empty) timestamped
//! series, every identity field but `id` and `name` is optional, and the
//! engine reports "no data" rather than inventing a zero.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The metrics a source may report, each optional, each with a history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Licenses,
    SeatsAssigned,
    ActiveUsers,
    KeyFeatureAdoption,
    OutcomesAchieved,
    Nps,
    Csat,
    OpenTickets,
    SlaBreaches,
    OverdueInvoices,
}

impl Metric {
    pub const ALL: [Metric; 10] = [
        Metric::Licenses,
        Metric::SeatsAssigned,
        Metric::ActiveUsers,
        Metric::KeyFeatureAdoption,
        Metric::OutcomesAchieved,
        Metric::Nps,
        Metric::Csat,
        Metric::OpenTickets,
        Metric::SlaBreaches,
        Metric::OverdueInvoices,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Metric::Licenses => "licenses",
            Metric::SeatsAssigned => "seats_assigned",
            Metric::ActiveUsers => "active_users",
            Metric::KeyFeatureAdoption => "key_feature_adoption",
            Metric::OutcomesAchieved => "outcomes_achieved",
            Metric::Nps => "nps",
            Metric::Csat => "csat",
            Metric::OpenTickets => "open_tickets",
            Metric::SlaBreaches => "sla_breaches",
            Metric::OverdueInvoices => "overdue_invoices",
        }
    }

    pub fn from_id(id: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.id() == id)
    }
}

/// One observation of a metric. `f32` keeps 100,000 accounts with half a
/// year of weekly history well inside the memory budget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub at: NaiveDate,
    pub value: f32,
}

/// A metric's history, oldest first. Empty means "no data".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    points: Box<[Point]>,
}

impl Series {
    /// Builds a series from points in any order.
    pub fn new(mut points: Vec<Point>) -> Series {
        points.retain(|p| p.value.is_finite());
        points.sort_by_key(|p| p.at);
        Series {
            points: points.into_boxed_slice(),
        }
    }

    pub fn points(&self) -> &[Point] {
        &self.points
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The last value observed on or before `day`.
    pub fn at(&self, day: NaiveDate) -> Option<f64> {
        let idx = self.points.partition_point(|p| p.at <= day);
        idx.checked_sub(1).map(|i| f64::from(self.points[i].value))
    }
}

/// All metrics of one account, indexed by [`Metric`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metrics {
    series: [Series; 10],
}

impl Metrics {
    pub fn get(&self, metric: Metric) -> &Series {
        &self.series[metric as usize]
    }

    pub fn set(&mut self, metric: Metric, series: Series) {
        self.series[metric as usize] = series;
    }

    /// The value of `metric` as of `day`.
    pub fn at(&self, metric: Metric, day: NaiveDate) -> Option<f64> {
        self.get(metric).at(day)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    #[default]
    Open,
    Renewed,
    Churned,
}

/// Something that happened on the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub kind: String,
    pub at: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub last_seen: Option<NaiveDate>,
}

/// How a logged play ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlayOutcome {
    Done,
    NoAnswer,
    Rescheduled,
    Declined,
}

impl PlayOutcome {
    pub fn id(self) -> &'static str {
        match self {
            PlayOutcome::Done => "done",
            PlayOutcome::NoAnswer => "no_answer",
            PlayOutcome::Rescheduled => "rescheduled",
            PlayOutcome::Declined => "declined",
        }
    }
}

/// A play already logged on the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlayLog {
    pub play_id: String,
    pub outcome: PlayOutcome,
    pub at: NaiveDate,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub follow_up: Option<NaiveDate>,
}

/// The canonical account.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub owner: Option<String>,
    pub segment: Option<String>,
    pub url: Option<String>,
    /// A stage given explicitly by the source; overrides the stage rules.
    pub stage: Option<String>,
    pub contract_start: Option<NaiveDate>,
    pub renewal_date: Option<NaiveDate>,
    pub arr: Option<f64>,
    pub outcome: Outcome,
    pub outcome_date: Option<NaiveDate>,
    pub metrics: Metrics,
    /// Milestone id -> completion date. Ids are shared (`Arc<str>`): a
    /// source maps the same dozen ids onto every account, so each is
    /// allocated once, not once per account.
    pub milestones: BTreeMap<Arc<str>, NaiveDate>,
    pub events: Vec<Event>,
    pub contacts: Vec<Contact>,
    pub plays_logged: Vec<PlayLog>,
}

impl Account {
    /// Accounts whose renewal outcome is known are history, not work.
    pub fn is_open(&self) -> bool {
        self.outcome == Outcome::Open
    }
}
