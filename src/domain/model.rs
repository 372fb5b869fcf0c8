//! The configurable model of the customer journey. `Model::default()` is
//! DOMAIN.md (see `defaults.rs`); the config layer deserializes a TOML file
//! straight into these types, and [`super::Engine::new`] checks the
//! cross-references.

use super::alert::AlertKind;
use super::rules::{Expected, StageStart, Trigger};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Model {
    pub lifecycle: Lifecycle,
    pub stages: Vec<StageDef>,
    pub milestones: Vec<MilestoneDef>,
    pub health: HealthModel,
    pub alerts: AlertRules,
    pub plays: Vec<PlayDef>,
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
    pub id: String,
    pub title: String,
    /// When an account enters this stage. The current stage is the last
    /// stage, in list order, whose start has happened.
    pub starts: StageStart,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneDef {
    pub id: String,
    pub stage: String,
    pub title: String,
    /// For example `contract_start + 7d`, `first_value + 30d`, `renewal_date - 60d`.
    pub expected_by: Expected,
    /// Also counts as reached on the first day seats_assigned >= this share
    /// of licenses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats_share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HealthModel {
    pub bands: Bands,
    /// Indicator weights per stage id. A stage without an entry uses equal
    /// weights; a table given in the file is merged onto the defaults.
    #[serde(deserialize_with = "super::patch::merge_weights")]
    pub weights: BTreeMap<String, Weights>,
    pub engagement: EngagementModel,
    pub support: SupportModel,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Bands {
    /// Scores at or above this are `good`.
    pub good: f64,
    /// Scores at or above this (and below `good`) are `average`; below is `poor`.
    pub average: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    pub business_outcomes: f64,
    pub product_engagement: f64,
    pub service_utilization: f64,
    pub customer_satisfaction: f64,
    pub support_operations: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EngagementModel {
    /// active_users / licenses at or above this ratio scores 100.
    pub full_active_ratio: f64,
    /// Share of key_feature_adoption in the blend (the rest is activity).
    pub adoption_share: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SupportModel {
    pub per_open_ticket: f64,
    pub per_sla_breach: f64,
    pub per_overdue_invoice: f64,
}

/// Severity of an alert; `positive` marks good news.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Critical,
    Warning,
    Info,
    Positive,
}

impl Severity {
    pub fn id(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Positive => "positive",
        }
    }
}

/// One alert rule's settings. Each rule reads the fields it needs:
/// `threshold` is a percentage, points, a count or a share, as its rule says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertRule {
    #[serde(default = "yes")]
    pub enabled: bool,
    pub severity: Severity,
    #[serde(default)]
    pub threshold: f64,
    #[serde(default)]
    pub window_days: u32,
    /// Only accounts in this stage (a stage id); `None` for any stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// The milestone the rule watches (onboarding_not_started: the kickoff).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
}

fn yes() -> bool {
    true
}

/// The alert rules. A rule given in the file is merged onto its defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "super::patch::AlertRulesPatch")]
pub struct AlertRules {
    /// threshold: % drop of active_users over window_days.
    pub usage_decline: AlertRule,
    /// threshold: points the score fell over window_days.
    pub health_drop: AlertRule,
    /// window_days: how recent the event must be.
    pub champion_left: AlertRule,
    pub admin_changed: AlertRule,
    pub milestone_overdue: AlertRule,
    /// window_days: days since contract start without a kickoff.
    pub onboarding_not_started: AlertRule,
    /// threshold: open tickets in pre-renewal.
    pub support_backlog: AlertRule,
    /// threshold: share of licenses assigned, below which it fires (pre-renewal).
    pub license_underuse: AlertRule,
    /// window_days: days the exec sponsor has not been seen.
    pub exec_inactive: AlertRule,
    /// threshold: users added within window_days.
    pub users_surge: AlertRule,
    /// window_days: how recent the adoption must be.
    pub feature_adopted: AlertRule,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlayDef {
    pub id: String,
    /// A stage id, or `any`.
    pub stage: String,
    pub title: String,
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

impl Weights {
    pub const fn new(w: [f64; 5]) -> Weights {
        Weights {
            business_outcomes: w[0],
            product_engagement: w[1],
            service_utilization: w[2],
            customer_satisfaction: w[3],
            support_operations: w[4],
        }
    }

    pub fn as_array(&self) -> [f64; 5] {
        [
            self.business_outcomes,
            self.product_engagement,
            self.service_utilization,
            self.customer_satisfaction,
            self.support_operations,
        ]
    }
}

impl AlertRules {
    /// The rule for one kind of alert.
    pub fn get(&self, kind: AlertKind) -> &AlertRule {
        match kind {
            AlertKind::UsageDecline => &self.usage_decline,
            AlertKind::HealthDrop => &self.health_drop,
            AlertKind::ChampionLeft => &self.champion_left,
            AlertKind::AdminChanged => &self.admin_changed,
            AlertKind::MilestoneOverdue => &self.milestone_overdue,
            AlertKind::OnboardingNotStarted => &self.onboarding_not_started,
            AlertKind::SupportBacklog => &self.support_backlog,
            AlertKind::LicenseUnderuse => &self.license_underuse,
            AlertKind::ExecInactive => &self.exec_inactive,
            AlertKind::UsersSurge => &self.users_surge,
            AlertKind::FeatureAdopted => &self.feature_adopted,
        }
    }
}
