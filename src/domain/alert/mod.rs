//! Alerts: events that require attention, each explaining itself with the
//! facts that fired it. The facts are typed, per kind; the sentence is
//! written only when someone looks, so evaluating 100,000 accounts does not
//! format 100,000 strings.

pub(crate) mod mark;
pub(crate) mod rules;

use super::engine::Engine;
use super::vocab::{AlertKind, MilestoneIx, Severity};
use mark::SnoozeMark;

/// What fired an alert, with named values for each kind.
#[derive(Debug, Clone, PartialEq)]
pub enum AlertFacts {
    /// An open account whose renewal date passed with no outcome recorded.
    RenewalOverdue {
        days_past: i64,
    },
    UsageDecline {
        /// Percent down over the window.
        drop_pct: f64,
        from: f64,
        to: f64,
        window_days: u32,
    },
    HealthDrop {
        points: f64,
        from: f64,
        to: f64,
        window_days: u32,
    },
    ChampionLeft {
        days_ago: i64,
        who: Option<String>,
    },
    AdminChanged {
        days_ago: i64,
        who: Option<String>,
    },
    MilestoneOverdue {
        count: usize,
        /// The milestone furthest behind, and by how many days.
        worst: MilestoneIx,
        days_late: i64,
    },
    OnboardingNotStarted {
        days_since_start: i64,
        kickoff: MilestoneIx,
    },
    SupportBacklog {
        open_tickets: f64,
        threshold: f64,
    },
    LicenseUnderuse {
        /// Percent of licenses assigned.
        assigned_pct: f64,
        seats: f64,
        licenses: f64,
    },
    ExecInactive {
        days_unseen: i64,
        who: String,
    },
    UsersSurge {
        added: f64,
        window_days: u32,
    },
    FeatureAdopted {
        days_ago: i64,
        feature: Option<String>,
    },
}

/// A fired alert.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub severity: Severity,
    pub facts: AlertFacts,
    /// The CSM's snooze of this alert, if it has one (held or woken).
    pub(crate) snooze: Option<SnoozeMark>,
}

impl AlertFacts {
    pub fn kind(&self) -> AlertKind {
        match self {
            AlertFacts::RenewalOverdue { .. } => AlertKind::RenewalOverdue,
            AlertFacts::UsageDecline { .. } => AlertKind::UsageDecline,
            AlertFacts::HealthDrop { .. } => AlertKind::HealthDrop,
            AlertFacts::ChampionLeft { .. } => AlertKind::ChampionLeft,
            AlertFacts::AdminChanged { .. } => AlertKind::AdminChanged,
            AlertFacts::MilestoneOverdue { .. } => AlertKind::MilestoneOverdue,
            AlertFacts::OnboardingNotStarted { .. } => AlertKind::OnboardingNotStarted,
            AlertFacts::SupportBacklog { .. } => AlertKind::SupportBacklog,
            AlertFacts::LicenseUnderuse { .. } => AlertKind::LicenseUnderuse,
            AlertFacts::ExecInactive { .. } => AlertKind::ExecInactive,
            AlertFacts::UsersSurge { .. } => AlertKind::UsersSurge,
            AlertFacts::FeatureAdopted { .. } => AlertKind::FeatureAdopted,
        }
    }
}

fn ago(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "yesterday".into(),
        n => format!("{n} days ago"),
    }
}

/// A number of days as a person says it: `12 days`, `5 months`, `3 years`.
fn span(days: i64) -> String {
    match days {
        1 => "1 day".into(),
        ..=89 => format!("{days} days"),
        90..=729 => format!("{} months", days / 30),
        _ => format!("{} years", days / 365),
    }
}

impl Alert {
    pub fn kind(&self) -> AlertKind {
        self.facts.kind()
    }

    /// Whether a snooze holds it: then it adds no attention points, names
    /// no Why, recommends no play and is no news for early warning. The
    /// one test every rule asks.
    pub(crate) fn is_snoozed(&self) -> bool {
        self.snooze.as_ref().is_some_and(|m| m.holds())
    }

    /// A sentence with the facts that fired the alert. Milestones are named
    /// by `engine`, the one that raised the alert.
    pub(crate) fn message(&self, engine: &Engine) -> String {
        let clean = |s: &str| super::text::clean(s).into_owned();
        match &self.facts {
            AlertFacts::RenewalOverdue { days_past } => match days_past {
                0 => "renewal date is today, no outcome recorded".into(),
                d => format!(
                    "renewal date passed {} ago, no outcome recorded",
                    span(*d)
                ),
            },
            AlertFacts::UsageDecline {
                drop_pct,
                from,
                to,
                window_days,
            } => format!("active users down {drop_pct:.0}% in {window_days} days ({from:.0} -> {to:.0})"),
            AlertFacts::HealthDrop {
                points,
                from,
                to,
                window_days,
            } => format!("health down {points:.0} points in {window_days} days ({from:.0} -> {to:.0})"),
            AlertFacts::ChampionLeft { days_ago, who } => match who {
                Some(who) => format!("champion {} left {}", clean(who), ago(*days_ago)),
                None => format!("the champion left {}", ago(*days_ago)),
            },
            AlertFacts::AdminChanged { days_ago, who } => match who {
                Some(who) => format!("admin changed {} ({})", ago(*days_ago), clean(who)),
                None => format!("admin changed {}", ago(*days_ago)),
            },
            AlertFacts::MilestoneOverdue {
                count,
                worst,
                days_late,
            } => {
                let title = &engine.milestone(*worst).title;
                match count {
                    1 => format!("{title} is {} overdue", span(*days_late)),
                    n => format!("{n} milestones overdue; {title} by {}", span(*days_late)),
                }
            }
            AlertFacts::OnboardingNotStarted {
                days_since_start,
                kickoff,
            } => format!(
                "no {} {days_since_start} days after the contract started",
                engine.milestone(*kickoff).title.to_lowercase()
            ),
            AlertFacts::SupportBacklog {
                open_tickets,
                threshold,
            } => format!("{open_tickets:.0} open support tickets before renewal (threshold {threshold:.0})"),
            AlertFacts::LicenseUnderuse {
                assigned_pct,
                seats,
                licenses,
            } => format!(
                "only {assigned_pct:.0}% of licenses assigned ({seats:.0} of {licenses:.0}) before renewal"
            ),
            AlertFacts::ExecInactive { days_unseen, who } => {
                format!("exec sponsor {} not seen for {}", clean(who), span(*days_unseen))
            }
            AlertFacts::UsersSurge { added, window_days } => {
                format!("{added:.0} users added in the last {window_days} days")
            }
            AlertFacts::FeatureAdopted { days_ago, feature } => match feature {
                Some(f) => format!("started using {} {}", clean(f), ago(*days_ago)),
                None => format!("adopted a new feature {}", ago(*days_ago)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::span;

    #[test]
    fn spans_read_as_a_person_says_them() {
        for (days, text) in [
            (1, "1 day"),
            (38, "38 days"),
            (89, "89 days"),
            (95, "3 months"),
            (400, "13 months"),
            (1162, "3 years"),
        ] {
            assert_eq!(span(days), text);
        }
    }
}
