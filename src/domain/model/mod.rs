//! The configurable model of the customer journey. `Model::default()` is
//! DOMAIN.md (see `defaults.rs`); the config layer reads a TOML file into
//! these types (merging partial tables onto the defaults), and
//! [`super::Engine::new`] checks the cross-references.

mod alert_rules;
mod attention;
mod defaults;
pub mod expr;

pub(crate) use alert_rules::{settings, AlertRule, AlertRules, ThresholdUnit};
pub(crate) use attention::{AttentionModel, NEAR_SHAPE_MAX, NEAR_SHAPE_MIN};

use super::vocab::{MilestoneId, PlayId, StageId};
use expr::{Expected, StageStart, Trigger};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Serializes as the config file writes it (see `config.example.toml`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    pub lifecycle: Lifecycle,
    pub stages: Vec<StageDef>,
    pub milestones: Vec<MilestoneDef>,
    pub health: HealthModel,
    pub alerts: AlertRules,
    pub plays: Vec<PlayDef>,
    pub(crate) attention: AttentionModel,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Lifecycle {
    /// The renewal window: a stage that starts at `renewal_window` starts
    /// this many days before the renewal date.
    pub pre_renewal_days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageDef {
    pub id: StageId,
    pub(crate) title: String,
    /// When an account enters this stage. The current stage is the last
    /// stage, in list order, whose start has happened.
    pub(crate) starts: StageStart,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneDef {
    pub id: MilestoneId,
    pub(crate) stage: StageId,
    pub(crate) title: String,
    /// For example `contract_start + 7d`, `first_value + 30d`, `renewal_date - 60d`.
    pub(crate) expected_by: Expected,
    /// Also counts as reached on the first day seats_assigned >= this share
    /// of licenses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) seats_share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthModel {
    pub(crate) bands: Bands,
    /// Indicator weights per stage id. A stage without an entry uses its
    /// default weights (see [`Weights::default_for`]).
    pub(crate) weights: BTreeMap<StageId, Weights>,
    pub(crate) engagement: EngagementModel,
    pub(crate) support: SupportModel,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct Bands {
    /// Scores at or above this are `good`.
    pub(crate) good: f64,
    /// Scores at or above this (and below `good`) are `average`; below is `poor`.
    pub(crate) average: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct Weights {
    pub(crate) business_outcomes: f64,
    pub(crate) product_engagement: f64,
    pub(crate) service_utilization: f64,
    pub(crate) customer_satisfaction: f64,
    pub(crate) support_operations: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct EngagementModel {
    /// active_users / licenses at or above this ratio scores 100.
    pub(crate) full_active_ratio: f64,
    /// Share of key_feature_adoption in the blend (the rest is activity).
    pub(crate) adoption_share: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct SupportModel {
    pub(crate) per_open_ticket: f64,
    pub(crate) per_sla_breach: f64,
    pub(crate) per_overdue_invoice: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlayDef {
    pub id: PlayId,
    /// A stage id, or `any`.
    pub(crate) stage: StageScope,
    pub(crate) title: String,
    /// `band good`, `alert usage_decline`, `key_feature_adoption < 0.3`, `manual`.
    pub trigger: Trigger,
    #[serde(default)]
    pub steps: Vec<String>,
    #[serde(default)]
    pub follow_up_days: Option<u32>,
    /// Higher comes first among recommended plays.
    #[serde(default)]
    pub priority: i32,
}

/// The stages a play or rule applies to: one, or `any`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub(crate) enum StageScope {
    Any,
    Stage(StageId),
}

impl From<String> for StageScope {
    fn from(s: String) -> StageScope {
        if s == "any" {
            StageScope::Any
        } else {
            StageScope::Stage(s.into())
        }
    }
}

impl From<&str> for StageScope {
    fn from(s: &str) -> StageScope {
        StageScope::from(s.to_string())
    }
}

impl From<StageScope> for String {
    fn from(s: StageScope) -> String {
        s.to_string()
    }
}

impl fmt::Display for StageScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StageScope::Any => f.write_str("any"),
            StageScope::Stage(id) => f.write_str(id.as_str()),
        }
    }
}

impl Weights {
    pub(crate) const fn new(w: [f64; 5]) -> Weights {
        Weights {
            business_outcomes: w[0],
            product_engagement: w[1],
            service_utilization: w[2],
            customer_satisfaction: w[3],
            support_operations: w[4],
        }
    }

    pub(crate) fn as_array(&self) -> [f64; 5] {
        [
            self.business_outcomes,
            self.product_engagement,
            self.service_utilization,
            self.customer_satisfaction,
            self.support_operations,
        ]
    }

    /// The built-in weights of a stage: DOMAIN.md's for the default
    /// stages, equal weights for any other.
    pub(crate) fn default_for(stage: &str) -> Weights {
        HealthModel::default()
            .weights
            .get(stage)
            .copied()
            .unwrap_or_default()
    }
}
