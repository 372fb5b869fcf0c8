//! The configurable model of the customer journey, with every default of
//! DOMAIN.md built in. The config layer deserializes a TOML file straight
//! into these types; [`Model::validate`] checks the cross-references.

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

impl Default for Lifecycle {
    fn default() -> Self {
        Lifecycle {
            pre_renewal_days: 90,
        }
    }
}

impl Default for Bands {
    fn default() -> Self {
        Bands {
            good: 70.0,
            average: 40.0,
        }
    }
}

impl Default for Weights {
    fn default() -> Self {
        Weights::new([0.2; 5])
    }
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

impl Default for EngagementModel {
    fn default() -> Self {
        EngagementModel {
            full_active_ratio: 0.8,
            adoption_share: 0.5,
        }
    }
}

impl Default for SupportModel {
    fn default() -> Self {
        SupportModel {
            per_open_ticket: 10.0,
            per_sla_breach: 15.0,
            per_overdue_invoice: 20.0,
        }
    }
}

impl Default for HealthModel {
    fn default() -> Self {
        let weights = [
            ("onboarding", [0.10, 0.35, 0.25, 0.10, 0.20]),
            ("established", [0.25, 0.30, 0.20, 0.10, 0.15]),
            ("pre_renewal", [0.30, 0.25, 0.15, 0.15, 0.15]),
        ];
        HealthModel {
            bands: Bands::default(),
            weights: weights
                .into_iter()
                .map(|(s, w)| (s.to_string(), Weights::new(w)))
                .collect(),
            engagement: EngagementModel::default(),
            support: SupportModel::default(),
        }
    }
}

fn rule(severity: Severity, threshold: f64, window_days: u32) -> AlertRule {
    AlertRule {
        enabled: true,
        severity,
        threshold,
        window_days,
        stage: None,
        milestone: None,
    }
}

impl AlertRule {
    fn in_stage(mut self, stage: &str) -> AlertRule {
        self.stage = Some(stage.into());
        self
    }

    fn watching(mut self, milestone: &str) -> AlertRule {
        self.milestone = Some(milestone.into());
        self
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

impl Default for AlertRules {
    fn default() -> Self {
        use Severity::*;
        AlertRules {
            usage_decline: rule(Critical, 20.0, 30),
            health_drop: rule(Critical, 15.0, 7),
            champion_left: rule(Critical, 0.0, 30),
            admin_changed: rule(Warning, 0.0, 30),
            milestone_overdue: rule(Warning, 0.0, 0),
            onboarding_not_started: rule(Critical, 0.0, 14)
                .in_stage("onboarding")
                .watching("kickoff"),
            support_backlog: rule(Warning, 3.0, 0).in_stage("pre_renewal"),
            license_underuse: rule(Warning, 0.5, 0).in_stage("pre_renewal"),
            exec_inactive: rule(Warning, 0.0, 30),
            users_surge: rule(Positive, 10.0, 7),
            feature_adopted: rule(Positive, 0.0, 14),
        }
    }
}

impl Default for Model {
    fn default() -> Self {
        Model {
            lifecycle: Lifecycle::default(),
            stages: default_stages(),
            milestones: default_milestones(),
            health: HealthModel::default(),
            alerts: AlertRules::default(),
            plays: default_plays(),
        }
    }
}

fn parse<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().expect("built-in default parses")
}

fn default_stages() -> Vec<StageDef> {
    [
        ("onboarding", "Onboarding", "contract_start"),
        ("established", "Established", "milestone first_value"),
        ("pre_renewal", "Pre-Renewal", "renewal_window"),
    ]
    .into_iter()
    .map(|(id, title, starts)| StageDef {
        id: id.into(),
        title: title.into(),
        starts: parse(starts),
    })
    .collect()
}

fn default_milestones() -> Vec<MilestoneDef> {
    [
        ("onboarding", "kickoff", "Kickoff", "contract_start + 7d"),
        (
            "onboarding",
            "admin_setup",
            "Admin setup complete",
            "contract_start + 14d",
        ),
        (
            "onboarding",
            "users_added",
            "Users added",
            "contract_start + 21d",
        ),
        (
            "onboarding",
            "licenses_20pct",
            "20% of licenses in use",
            "contract_start + 30d",
        ),
        (
            "onboarding",
            "first_value",
            "First value",
            "contract_start + 30d",
        ),
        (
            "onboarding",
            "onboarding_complete",
            "Onboarding complete",
            "contract_start + 90d",
        ),
        (
            "established",
            "regular_logins",
            "Regular logins",
            "first_value + 30d",
        ),
        (
            "established",
            "reports_adopted",
            "Reports adopted",
            "first_value + 60d",
        ),
        (
            "established",
            "advanced_features",
            "Advanced features in use",
            "first_value + 120d",
        ),
        (
            "pre_renewal",
            "renewal_qbr",
            "Renewal QBR",
            "renewal_date - 60d",
        ),
        (
            "pre_renewal",
            "success_review",
            "Success review",
            "renewal_date - 45d",
        ),
        (
            "pre_renewal",
            "renewal_confirmed",
            "Renewal confirmed",
            "renewal_date - 30d",
        ),
    ]
    .into_iter()
    .map(|(stage, id, title, expected)| MilestoneDef {
        id: id.into(),
        stage: stage.into(),
        title: title.into(),
        expected_by: parse(expected),
        seats_share: (id == "licenses_20pct").then_some(0.2),
    })
    .collect()
}

/// stage, id, title, trigger, steps, follow-up days, priority.
type PlaySeed = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    Option<u32>,
    i32,
);

fn default_plays() -> Vec<PlayDef> {
    let plays: [PlaySeed; 10] = [
        (
            "onboarding",
            "onboarding-education",
            "Education on key features",
            "band good",
            &["Schedule training on the features that matter to their goals"],
            Some(14),
            10,
        ),
        (
            "onboarding",
            "onboarding-kickstart",
            "Kick-start onboarding",
            "alert onboarding_not_started",
            &[
                "Reach out to the stakeholders so they get started",
                "Set up a weekly progress review",
            ],
            Some(7),
            90,
        ),
        (
            "onboarding",
            "new-user-training",
            "Train the new users",
            "alert users_surge",
            &[
                "Schedule a training session for the new users",
                "Share training tips",
            ],
            Some(7),
            40,
        ),
        (
            "established",
            "adoption-review",
            "Adoption review",
            "alert feature_adopted",
            &[
                "Send best practices and power tips",
                "Schedule an adoption review in 30 days",
            ],
            Some(30),
            30,
        ),
        (
            "established",
            "sponsor-review",
            "Sponsor review session",
            "key_feature_adoption < 0.3",
            &["Invite the sponsors to a review session focused on their needs"],
            Some(14),
            50,
        ),
        (
            "established",
            "escalate-poor-health",
            "Escalate poor health",
            "band poor",
            &[
                "Escalate the account",
                "Meet the key stakeholders to find the issue",
                "Put a resolution program in place",
            ],
            Some(7),
            100,
        ),
        (
            "pre_renewal",
            "escalate-tickets",
            "Escalate open tickets",
            "alert support_backlog",
            &[
                "Escalate the tickets within support",
                "Update the key stakeholder on progress",
            ],
            Some(7),
            80,
        ),
        (
            "pre_renewal",
            "business-review",
            "Business review",
            "band average",
            &[
                "Set up a business review with the key stakeholder",
                "Agree a plan to ensure renewal",
            ],
            Some(14),
            60,
        ),
        (
            "pre_renewal",
            "win-back",
            "Win-back plan",
            "alert usage_decline",
            &[
                "Add to the watch list",
                "Escalate internally for a win-back plan",
                "Invite all users to a training webinar",
            ],
            Some(7),
            95,
        ),
        (
            "any",
            "check-in",
            "Check-in call",
            "manual",
            &["Call the main contact"],
            None,
            0,
        ),
    ];
    plays
        .into_iter()
        .map(
            |(stage, id, title, trigger, steps, follow_up_days, priority)| PlayDef {
                id: id.into(),
                stage: stage.into(),
                title: title.into(),
                trigger: parse(trigger),
                steps: steps.iter().map(|s| s.to_string()).collect(),
                follow_up_days,
                priority,
            },
        )
        .collect()
}
