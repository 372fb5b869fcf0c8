//! The alert rules' settings: one [`AlertRule`] per [`AlertKind`], and for
//! each kind the settings it reads ([`settings`]). The rules themselves are
//! in `domain::alert`.

use crate::domain::vocab::{AlertKind, MilestoneId, Severity, StageId};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

/// One alert rule's settings. Each rule reads the fields it needs:
/// `threshold` is a percentage, points, a count or a share, as its rule says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AlertRule {
    #[serde(default = "yes")]
    pub(crate) enabled: bool,
    pub(crate) severity: Severity,
    #[serde(default)]
    pub(crate) threshold: f64,
    #[serde(default)]
    pub(crate) window_days: u32,
    /// Only accounts in this stage; `None` for any stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) stage: Option<StageId>,
    /// The milestone the rule watches (onboarding_not_started: the kickoff).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) milestone: Option<MilestoneId>,
}

fn yes() -> bool {
    true
}

/// The alert rules, one per [`AlertKind`].
#[derive(Debug, Clone, PartialEq)]
pub struct AlertRules {
    /// An open account past its renewal date with no outcome.
    pub(crate) renewal_overdue: AlertRule,
    /// threshold: % drop of active_users over window_days.
    pub(crate) usage_decline: AlertRule,
    /// threshold: points the score fell over window_days.
    pub(crate) health_drop: AlertRule,
    /// window_days: how recent the event must be.
    pub(crate) champion_left: AlertRule,
    pub(crate) admin_changed: AlertRule,
    pub(crate) milestone_overdue: AlertRule,
    /// window_days: days since contract start without a kickoff.
    pub(crate) onboarding_not_started: AlertRule,
    /// threshold: open tickets in pre-renewal.
    pub(crate) support_backlog: AlertRule,
    /// threshold: share of licenses assigned, below which it fires (pre-renewal).
    pub(crate) license_underuse: AlertRule,
    /// window_days: days the exec sponsor has not been seen.
    pub(crate) exec_inactive: AlertRule,
    /// threshold: users added within window_days.
    pub(crate) users_surge: AlertRule,
    /// window_days: how recent the adoption must be.
    pub(crate) feature_adopted: AlertRule,
}

impl AlertRules {
    /// The rule for one kind of alert.
    pub(crate) fn get(&self, kind: AlertKind) -> &AlertRule {
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
            AlertKind::RenewalOverdue => &self.renewal_overdue,
        }
    }
}

/// What a rule's `threshold` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ThresholdUnit {
    /// A percentage drop.
    Percent,
    /// Health points.
    Points,
    /// A number of things (tickets, users).
    Count,
    /// A share from 0 to 1.
    Share,
}

/// The settings a kind of rule reads besides `enabled`, `severity` and
/// `stage`, which every rule has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Settings {
    pub(crate) threshold: Option<ThresholdUnit>,
    /// Reads `window_days`.
    pub(crate) window: bool,
    /// Reads `milestone`.
    pub(crate) milestone: bool,
}

/// The settings `kind` reads.
pub(crate) fn settings(kind: AlertKind) -> Settings {
    use ThresholdUnit::*;
    let (threshold, window, milestone) = match kind {
        AlertKind::RenewalOverdue => (None, false, false),
        AlertKind::UsageDecline => (Some(Percent), true, false),
        AlertKind::HealthDrop => (Some(Points), true, false),
        AlertKind::ChampionLeft | AlertKind::AdminChanged => (None, true, false),
        AlertKind::MilestoneOverdue => (None, false, false),
        AlertKind::OnboardingNotStarted => (None, true, true),
        AlertKind::SupportBacklog => (Some(Count), false, false),
        AlertKind::LicenseUnderuse => (Some(Share), false, false),
        AlertKind::ExecInactive | AlertKind::FeatureAdopted => (None, true, false),
        AlertKind::UsersSurge => (Some(Count), true, false),
    };
    Settings {
        threshold,
        window,
        milestone,
    }
}

/// One rule as the config file writes it: only the settings its kind reads.
struct Written<'a>(AlertKind, &'a AlertRule);

impl Serialize for Written<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Written(kind, rule) = self;
        let uses = settings(*kind);
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("enabled", &rule.enabled)?;
        map.serialize_entry("severity", &rule.severity)?;
        if uses.threshold.is_some() {
            map.serialize_entry("threshold", &rule.threshold)?;
        }
        if uses.window {
            map.serialize_entry("window_days", &rule.window_days)?;
        }
        if let Some(stage) = &rule.stage {
            map.serialize_entry("stage", stage)?;
        }
        if let Some(m) = rule.milestone.as_ref().filter(|_| uses.milestone) {
            map.serialize_entry("milestone", m)?;
        }
        map.end()
    }
}

impl Serialize for AlertRules {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(AlertKind::ALL.len()))?;
        for &kind in AlertKind::ALL {
            map.serialize_entry(kind.id(), &Written(kind, self.get(kind)))?;
        }
        map.end()
    }
}
