//! The field mapping of a CRM source: which of the source's properties
//! holds each canonical field (`[source.fields]`), and which date property
//! records each milestone (`[source.milestones]`). An unmapped or empty
//! field is absent (`null`), never zero.

use crate::domain::{Metric, MilestoneId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A canonical scalar of the account (DOMAIN.md) that a source property
/// can map onto.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Domain,
    Owner,
    Segment,
    Stage,
    ContractStart,
    RenewalDate,
    Arr,
    Outcome,
    OutcomeDate,
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

impl Field {
    pub(crate) const ALL: [Field; 20] = [
        Field::Name,
        Field::Domain,
        Field::Owner,
        Field::Segment,
        Field::Stage,
        Field::ContractStart,
        Field::RenewalDate,
        Field::Arr,
        Field::Outcome,
        Field::OutcomeDate,
        Field::Licenses,
        Field::SeatsAssigned,
        Field::ActiveUsers,
        Field::KeyFeatureAdoption,
        Field::OutcomesAchieved,
        Field::Nps,
        Field::Csat,
        Field::OpenTickets,
        Field::SlaBreaches,
        Field::OverdueInvoices,
    ];

    /// The metric this field feeds, for the metric fields.
    pub(crate) fn metric(self) -> Option<Metric> {
        Some(match self {
            Field::Licenses => Metric::Licenses,
            Field::SeatsAssigned => Metric::SeatsAssigned,
            Field::ActiveUsers => Metric::ActiveUsers,
            Field::KeyFeatureAdoption => Metric::KeyFeatureAdoption,
            Field::OutcomesAchieved => Metric::OutcomesAchieved,
            Field::Nps => Metric::Nps,
            Field::Csat => Metric::Csat,
            Field::OpenTickets => Metric::OpenTickets,
            Field::SlaBreaches => Metric::SlaBreaches,
            Field::OverdueInvoices => Metric::OverdueInvoices,
            _ => return None,
        })
    }
}

/// `[source.fields]` and `[source.milestones]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldMap {
    /// Canonical field -> the source's property name.
    pub fields: BTreeMap<Field, String>,
    /// Milestone id -> the date property that records its completion.
    pub milestones: BTreeMap<MilestoneId, String>,
}

impl FieldMap {
    /// The source property of `field`, if mapped.
    pub fn property(&self, field: Field) -> Option<&str> {
        self.fields.get(&field).map(String::as_str)
    }

    /// Every source property the mapping reads, for a `properties=` query.
    pub(crate) fn properties(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self
            .fields
            .values()
            .chain(self.milestones.values())
            .map(String::as_str)
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// The properties that feed metrics, whose history trends need.
    pub(crate) fn metric_properties(&self) -> Vec<(Metric, &str)> {
        self.fields
            .iter()
            .filter_map(|(f, p)| Some((f.metric()?, p.as_str())))
            .collect()
    }
}
