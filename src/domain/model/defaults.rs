//! The defaults of DOMAIN.md: stages, milestones, weights, bands, alert
//! rules and plays, as the model has them when the config file is silent.

use super::{
    AlertRule, AlertRules, Bands, EngagementModel, HealthModel, Lifecycle, MilestoneDef, Model,
    PlayDef, StageDef, SupportModel, Weights,
};
use crate::domain::vocab::Severity;

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
                .map(|(s, w)| (s.into(), Weights::new(w)))
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

impl Default for AlertRules {
    fn default() -> Self {
        use Severity::*;
        AlertRules {
            renewal_overdue: rule(Critical, 0.0, 0),
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
            attention: Default::default(),
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
    let plays: [PlaySeed; 11] = [
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
            "confirm-renewal",
            "Confirm the renewal: record the outcome or escalate",
            "alert renewal_overdue",
            &[
                "Record the renewal's outcome (renewed or churned) in the CRM",
                "If it is still undecided, escalate to the decision maker and your manager",
            ],
            Some(3),
            120,
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
