//! The canonical account: what every source adapter maps into.
//!
//! Missing data is normal. Every metric is a (possibly empty) timestamped
//! series, every identity field but `id` and `name` is optional, and the
//! engine reports "no data" rather than inventing a zero.

use super::calendar;
pub use super::problem::FieldProblem;
pub use super::task::Task;
pub use super::vocab::Delivery;
use super::vocab::{
    AccountId, AlertKind, ContactRole, EventKind, LogId, Metric, MilestoneId, PlayId, Severity,
    StageId, METRICS,
};
use chrono::NaiveDate;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// One observation of a metric. `f32` keeps 100,000 accounts with half a
/// year of weekly history well inside the memory budget.
///
/// It serializes as a pair, `["2026-11-01", 40.0]`: the history is most of
/// a cached account, and the pair is 40% shorter and faster to read back
/// than `{"at": "2026-11-01", "value": 40.0}`, which it also reads.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct Point {
    #[serde(deserialize_with = "de_day")]
    pub at: NaiveDate,
    pub value: f32,
}

impl Serialize for Point {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.at, self.value).serialize(s)
    }
}

/// A day as chrono reads it, only faster (see [`calendar::parse_day`]).
fn de_day<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    struct Day;
    impl Visitor<'_> for Day {
        type Value = NaiveDate;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a date as YYYY-MM-DD")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<NaiveDate, E> {
            calendar::parse_day(v).map_err(E::custom)
        }
    }
    d.deserialize_str(Day)
}

/// A metric's history, oldest first. Empty means "no data".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "Vec<Point>", into = "Vec<Point>")]
pub struct Series {
    points: Box<[Point]>,
}

impl From<Vec<Point>> for Series {
    fn from(points: Vec<Point>) -> Series {
        Series::new(points)
    }
}

impl From<Series> for Vec<Point> {
    fn from(s: Series) -> Vec<Point> {
        s.points.into_vec()
    }
}

impl Series {
    /// Builds a series from points in any order; non-finite values are
    /// dropped (they are no data).
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
    pub(crate) fn at(&self, day: NaiveDate) -> Option<f64> {
        let idx = self.points.partition_point(|p| p.at <= day);
        idx.checked_sub(1).map(|i| f64::from(self.points[i].value))
    }
}

/// All metrics of one account, indexed by [`Metric`]. Serialized as a map
/// from metric id to its points, leaving out metrics with no data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "BTreeMap<Metric, Series>", into = "BTreeMap<Metric, Series>")]
pub struct Metrics {
    series: [Series; METRICS],
}

impl From<BTreeMap<Metric, Series>> for Metrics {
    fn from(map: BTreeMap<Metric, Series>) -> Metrics {
        let mut m = Metrics::default();
        for (metric, series) in map {
            m.set(metric, series);
        }
        m
    }
}

impl From<Metrics> for BTreeMap<Metric, Series> {
    fn from(m: Metrics) -> BTreeMap<Metric, Series> {
        Metric::ALL
            .iter()
            .zip(m.series)
            .filter(|(_, s)| !s.is_empty())
            .map(|(metric, s)| (*metric, s))
            .collect()
    }
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

/// How the last renewal went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    #[default]
    Open,
    Renewed,
    Churned,
}

impl Outcome {
    pub(crate) fn id(self) -> &'static str {
        match self {
            Outcome::Open => "open",
            Outcome::Renewed => "renewed",
            Outcome::Churned => "churned",
        }
    }
}

/// A value that can change over time, with the day it was known to hold
/// (`None` when the source does not say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observed<T> {
    pub value: T,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
}

impl<T> Observed<T> {
    /// A value whose date the source does not give.
    pub(crate) fn undated(value: T) -> Observed<T> {
        Observed { value, as_of: None }
    }

    /// The value, if it was known to hold by `day`: an observation made
    /// after `day` says nothing about `day`.
    pub(crate) fn by(&self, day: NaiveDate) -> Option<&T> {
        self.as_of.is_none_or(|a| a <= day).then_some(&self.value)
    }
}

/// Something that happened on the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub kind: EventKind,
    pub at: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A person at the customer. `role` and `last_seen` are as of `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    #[serde(default)]
    pub role: Option<ContactRole>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub last_seen: Option<NaiveDate>,
    /// When the source last confirmed the role and last-seen date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
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

/// An alert of the account put aside by the CSM until a date (the
/// rules are the snooze module's).
#[derive(Debug, Clone, PartialEq)]
pub struct Snooze {
    pub alert: AlertKind,
    /// The day it was snoozed: it holds from then.
    pub at: NaiveDate,
    /// It holds until (not on) this day.
    pub until: NaiveDate,
    /// Why, as the CSM wrote it (trimmed, capped).
    pub reason: String,
    /// The alert's severity when it was snoozed.
    pub severity: Severity,
    /// How bad its facts were then ([`AlertFacts::depth`]).
    pub depth: Option<f64>,
}

/// A play already logged on the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlayLog {
    /// Stable from the moment the play is logged: the idempotency key of
    /// its write-back.
    pub id: LogId,
    #[serde(rename = "play")]
    pub play_id: PlayId,
    pub outcome: PlayOutcome,
    pub at: NaiveDate,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub follow_up: Option<NaiveDate>,
    /// The id of the recommendation that prompted it (a play's
    /// `Recommendation::id`), when it was logged from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompted_by: Option<String>,
    /// Where its write-back stands, for a play logged in Orienteer; `None`
    /// for a log that came from the source itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<Delivery>,
    /// Why its write-back failed (the server's message), when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The warnings of every account's field problems, in account order.
pub(crate) fn problem_warnings(accounts: &[Account]) -> Vec<String> {
    accounts
        .iter()
        .flat_map(|a| {
            a.field_problems
                .iter()
                .map(move |p| p.warning(a.id.as_str(), &a.name))
        })
        .collect()
}

/// The canonical account.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Account {
    pub id: AccountId,
    pub name: String,
    pub owner: Option<String>,
    pub segment: Option<String>,
    /// The customer's web domain, to match usage data from another system.
    pub domain: Option<String>,
    /// A link to the record in the source system.
    pub url: Option<String>,
    /// A stage given explicitly by the source; overrides the stage rules
    /// from the day it holds.
    pub stage: Option<Observed<StageId>>,
    pub contract_start: Option<NaiveDate>,
    pub renewal_date: Option<NaiveDate>,
    pub arr: Option<f64>,
    pub outcome: Outcome,
    pub outcome_date: Option<NaiveDate>,
    pub metrics: Metrics,
    /// Milestone id -> completion date.
    pub milestones: BTreeMap<MilestoneId, NaiveDate>,
    pub events: Vec<Event>,
    pub contacts: Vec<Contact>,
    pub plays_logged: Vec<PlayLog>,
    /// The account's tasks in the CRM: the open ones, and the completed
    /// follow-ups of Orienteer's logs (they answer those follow-ups).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
    /// Values of the source's record that could not be used: each cost its
    /// field (which is "no data"), and the CSM is told which record to fix.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub field_problems: Vec<FieldProblem>,
    /// The health score Orienteer recorded for this account day by day
    /// (the local store keeps it), so a trend shows even when the source
    /// keeps no history of its metrics. Not the source's to send.
    #[serde(skip)]
    pub recorded_scores: Series,
    /// The CSM's snoozes of this account's alerts: the local store keeps
    /// them, and the load puts them on the account. Never from a source,
    /// never in the cache.
    #[serde(skip)]
    pub snoozes: Vec<Snooze>,
}

impl Account {
    /// No renewal outcome yet for this term.
    pub fn is_open(&self) -> bool {
        self.outcome == Outcome::Open
    }

    /// Still a customer: open, or renewed (with its next renewal date).
    /// Only a churned account is gone from the watch list.
    pub(crate) fn is_customer(&self) -> bool {
        self.outcome != Outcome::Churned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_survives_a_round_trip_through_json() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let mut a = Account {
            id: "A1".into(),
            name: "Acme".into(),
            stage: Some(Observed {
                value: "established".into(),
                as_of: Some(day("2026-10-01")),
            }),
            renewal_date: Some(day("2027-06-01")),
            arr: Some(120_000.0),
            ..Account::default()
        };
        let points = vec![
            Point {
                at: day("2026-11-01"),
                value: 40.0,
            },
            Point {
                at: day("2026-10-01"),
                value: 50.0,
            },
        ];
        a.metrics.set(Metric::ActiveUsers, Series::new(points));
        a.milestones.insert("first_value".into(), day("2025-02-01"));
        a.events.push(Event {
            kind: EventKind::Other("renewal_signed".into()),
            at: day("2026-09-01"),
            detail: None,
        });
        a.contacts.push(Contact {
            name: "Ann".into(),
            role: Some(ContactRole::ExecSponsor),
            email: None,
            last_seen: Some(day("2026-11-20")),
            as_of: Some(day("2026-11-22")),
        });
        a.plays_logged.push(PlayLog {
            id: "L1".into(),
            play_id: "check-in".into(),
            outcome: PlayOutcome::Done,
            at: day("2026-11-02"),
            note: "fine".into(),
            follow_up: None,
            prompted_by: None,
            state: None,
            error: None,
        });
        let json = serde_json::to_string(&a).unwrap();
        assert!(
            json.contains(r#""active_users":[["2026-10-01",50.0]"#),
            "{json}"
        );
        assert!(
            !json.contains("licenses"),
            "metrics with no data are left out"
        );
        let back: Account = serde_json::from_str(&json).unwrap();
        assert_eq!(back, a);
    }

    /// A cache written before field problems reads back with none; one
    /// with a problem keeps it, and an account without leaves the key out.
    #[test]
    fn field_problems_survive_the_cache_and_old_rows_still_load() {
        let old: Account = serde_json::from_str(r#"{"id":"A1","name":"Acme","arr":null}"#).unwrap();
        assert!(old.field_problems.is_empty());
        assert!(!serde_json::to_string(&old)
            .unwrap()
            .contains("field_problems"));
        let bad = Account {
            id: "A2".into(),
            name: "Globex".into(),
            field_problems: vec![FieldProblem::new("arr", "arr_usd", "n/a", "a number")],
            ..Account::default()
        };
        let back: Account = serde_json::from_str(&serde_json::to_string(&bad).unwrap()).unwrap();
        assert_eq!(back, bad);
        assert_eq!(
            bad.field_problems[0].warning("A2", "Globex"),
            "account A2 (Globex): field arr (arr_usd): cannot read `n/a` as a number"
        );
    }

    /// Points are written as pairs and read back in either form, so a
    /// cache written before the pairs still loads.
    #[test]
    fn a_point_reads_as_a_pair_or_an_object() {
        let want = Point {
            at: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            value: 40.0,
        };
        assert_eq!(
            serde_json::to_string(&want).unwrap(),
            r#"["2026-11-01",40.0]"#
        );
        for text in [
            r#"["2026-11-01",40.0]"#,
            r#"{"at":"2026-11-01","value":40}"#,
        ] {
            assert_eq!(serde_json::from_str::<Point>(text).unwrap(), want, "{text}");
        }
        let err = serde_json::from_str::<Point>(r#"["2026-02-30",1.0]"#);
        assert!(err.unwrap_err().to_string().contains("out of range"));
    }

    #[test]
    fn a_point_with_a_bad_day_is_an_error() {
        let err = serde_json::from_str::<Point>(r#"{"at":"2026-02-30","value":1.0}"#);
        assert!(err.unwrap_err().to_string().contains("out of range"));
        let err = serde_json::from_str::<Point>(r#"{"at":20261123,"value":1.0}"#);
        assert!(err.unwrap_err().to_string().contains("YYYY-MM-DD"));
    }

    #[test]
    fn an_observation_says_nothing_about_the_days_before_it() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let o = Observed {
            value: 1,
            as_of: Some(day("2026-10-01")),
        };
        assert_eq!(o.by(day("2026-09-30")), None);
        assert_eq!(o.by(day("2026-10-01")), Some(&1));
        assert_eq!(Observed::undated(2).by(day("2000-01-01")), Some(&2));
    }
}
