//! Alerts: events that require attention, each explaining itself with the
//! values that fired it.

use super::account::{Account, Metric};
use super::engine::Engine;
use super::health::Health;
use super::milestone::{MilestoneState, MilestoneStatus};
use super::model::{AlertRule, Severity};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    UsageDecline,
    HealthDrop,
    ChampionLeft,
    AdminChanged,
    MilestoneOverdue,
    OnboardingNotStarted,
    SupportBacklog,
    LicenseUnderuse,
    ExecInactive,
    UsersSurge,
    FeatureAdopted,
}

impl AlertKind {
    pub const ALL: [AlertKind; 11] = [
        AlertKind::UsageDecline,
        AlertKind::HealthDrop,
        AlertKind::ChampionLeft,
        AlertKind::AdminChanged,
        AlertKind::MilestoneOverdue,
        AlertKind::OnboardingNotStarted,
        AlertKind::SupportBacklog,
        AlertKind::LicenseUnderuse,
        AlertKind::ExecInactive,
        AlertKind::UsersSurge,
        AlertKind::FeatureAdopted,
    ];

    pub fn id(self) -> &'static str {
        match self {
            AlertKind::UsageDecline => "usage_decline",
            AlertKind::HealthDrop => "health_drop",
            AlertKind::ChampionLeft => "champion_left",
            AlertKind::AdminChanged => "admin_changed",
            AlertKind::MilestoneOverdue => "milestone_overdue",
            AlertKind::OnboardingNotStarted => "onboarding_not_started",
            AlertKind::SupportBacklog => "support_backlog",
            AlertKind::LicenseUnderuse => "license_underuse",
            AlertKind::ExecInactive => "exec_inactive",
            AlertKind::UsersSurge => "users_surge",
            AlertKind::FeatureAdopted => "feature_adopted",
        }
    }

    pub fn from_id(id: &str) -> Option<AlertKind> {
        AlertKind::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// A fired alert. The numbers that fired it are kept, and the message is
/// written only when someone looks, so evaluating 100,000 accounts does not
/// format 100,000 strings.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub kind: AlertKind,
    pub severity: Severity,
    pub values: [f64; 3],
    pub detail: Option<String>,
}

/// What the alert rules look at besides the account.
pub struct AlertInput<'a> {
    pub stage: usize,
    pub health: &'a Health,
    /// The score's change over the health_drop rule's window.
    pub health_drop: Option<f64>,
    pub milestones: &'a [MilestoneState],
}

/// The day `days` before `now` (the earliest date there is, if that
/// is out of range).
pub(crate) fn days_ago(now: NaiveDate, days: u64) -> NaiveDate {
    now.checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}

fn recent_events<'a>(
    account: &'a Account,
    kind: &'a str,
    now: NaiveDate,
    days: u32,
) -> impl Iterator<Item = &'a super::account::Event> + 'a {
    let since = days_ago(now, u64::from(days));
    account
        .events
        .iter()
        .filter(move |e| e.kind == kind && e.at >= since && e.at <= now)
}

/// Runs every enabled rule over the account.
pub fn alerts(
    engine: &Engine,
    account: &Account,
    now: NaiveDate,
    input: &AlertInput,
) -> Vec<Alert> {
    let rules = &engine.model.alerts;
    let mut out = Vec::new();
    let mut fire = |kind: AlertKind, rule: &AlertRule, values, detail| {
        let in_stage = engine.alert_stages[kind as usize].is_none_or(|s| s == input.stage);
        if rule.enabled && in_stage {
            out.push(Alert {
                kind,
                severity: rule.severity,
                values,
                detail,
            });
        }
    };
    let metric = |m| account.metrics.at(m, now);

    let r = &rules.usage_decline;
    if let (Some(then), Some(cur)) = (
        account
            .metrics
            .at(Metric::ActiveUsers, days_ago(now, u64::from(r.window_days))),
        metric(Metric::ActiveUsers),
    ) {
        let drop = if then > 0.0 {
            (then - cur) / then * 100.0
        } else {
            0.0
        };
        if drop >= r.threshold {
            fire(AlertKind::UsageDecline, r, [drop, then, cur], None);
        }
    }

    let r = &rules.health_drop;
    if let (Some(d), Some(s)) = (input.health_drop, input.health.score()) {
        if -d >= r.threshold {
            fire(AlertKind::HealthDrop, r, [-d, s - d, s], None);
        }
    }

    for (kind, rule, event) in [
        (
            AlertKind::ChampionLeft,
            &rules.champion_left,
            "champion_left",
        ),
        (
            AlertKind::AdminChanged,
            &rules.admin_changed,
            "admin_changed",
        ),
    ] {
        if let Some(e) = recent_events(account, event, now, rule.window_days).max_by_key(|e| e.at) {
            let ago = (now - e.at).num_days() as f64;
            fire(kind, rule, [ago, 0.0, 0.0], e.detail.clone());
        }
    }

    let overdue = engine
        .milestones
        .iter()
        .zip(input.milestones)
        .enumerate()
        .filter(|(_, (m, s))| m.stage == input.stage && s.status == MilestoneStatus::Overdue);
    let mut count = 0;
    let mut worst: Option<(usize, i64)> = None;
    for (i, (_, s)) in overdue {
        count += 1;
        let late = s.expected_by.map_or(0, |e| (now - e).num_days());
        if worst.is_none_or(|(_, l)| late > l) {
            worst = Some((i, late));
        }
    }
    if let Some((i, late)) = worst {
        let r = &rules.milestone_overdue;
        fire(
            AlertKind::MilestoneOverdue,
            r,
            [count as f64, i as f64, late as f64],
            None,
        );
    }

    let r = &rules.onboarding_not_started;
    let started = engine.kickoff.is_some_and(|k| {
        let s = input.milestones[k].status;
        s == MilestoneStatus::Done || s == MilestoneStatus::DoneLate
    });
    if engine.kickoff.is_some() && !started {
        if let Some(start) = account.contract_start {
            let since = (now - start).num_days();
            if since >= i64::from(r.window_days) {
                fire(
                    AlertKind::OnboardingNotStarted,
                    r,
                    [since as f64, 0.0, 0.0],
                    None,
                );
            }
        }
    }

    let r = &rules.support_backlog;
    if let Some(t) = metric(Metric::OpenTickets).filter(|t| *t >= r.threshold) {
        fire(AlertKind::SupportBacklog, r, [t, r.threshold, 0.0], None);
    }
    let r = &rules.license_underuse;
    if let (Some(seats), Some(lic)) = (metric(Metric::SeatsAssigned), metric(Metric::Licenses)) {
        if lic > 0.0 && seats < r.threshold * lic {
            fire(
                AlertKind::LicenseUnderuse,
                r,
                [seats / lic * 100.0, seats, lic],
                None,
            );
        }
    }

    let r = &rules.exec_inactive;
    // The sponsor seen most recently: one active sponsor is enough. A
    // sponsor with no last_seen is no data, not "never seen".
    let sponsor = account
        .contacts
        .iter()
        .filter(|c| c.role.as_deref() == Some("exec_sponsor"))
        .filter_map(|c| Some((c, c.last_seen?)))
        .max_by_key(|(_, seen)| *seen);
    if let Some((c, seen)) = sponsor {
        let ago = (now - seen).num_days();
        if ago >= i64::from(r.window_days) {
            fire(
                AlertKind::ExecInactive,
                r,
                [ago as f64, 0.0, 0.0],
                Some(c.name.clone()),
            );
        }
    }

    let r = &rules.users_surge;
    let added: f64 = recent_events(account, "users_added", now, r.window_days)
        .filter_map(|e| e.detail.as_deref()?.trim().parse::<f64>().ok())
        .sum();
    if added > 0.0 && added >= r.threshold {
        fire(AlertKind::UsersSurge, r, [added, 0.0, 0.0], None);
    }

    let r = &rules.feature_adopted;
    if let Some(e) =
        recent_events(account, "feature_adopted", now, r.window_days).max_by_key(|e| e.at)
    {
        let ago = (now - e.at).num_days() as f64;
        fire(
            AlertKind::FeatureAdopted,
            r,
            [ago, 0.0, 0.0],
            e.detail.clone(),
        );
    }

    out
}

fn ago(days: f64) -> String {
    match days as i64 {
        0 => "today".into(),
        1 => "yesterday".into(),
        n => format!("{n} days ago"),
    }
}

/// A number of days as a person says it: `12 days`, `5 months`, `3 years`.
fn span(days: f64) -> String {
    let d = days.round() as i64;
    match d {
        1 => "1 day".into(),
        ..=89 => format!("{d} days"),
        90..=729 => format!("{} months", d / 30),
        _ => format!("{} years", d / 365),
    }
}

impl Alert {
    /// A sentence with the values that fired the alert.
    pub fn message(&self, engine: &Engine) -> String {
        let [a, b, c] = self.values;
        let rules = &engine.model.alerts;
        let detail = self.detail.as_deref().map(super::text::clean);
        match self.kind {
            AlertKind::UsageDecline => format!(
                "active users down {a:.0}% in {} days ({b:.0} -> {c:.0})",
                rules.usage_decline.window_days
            ),
            AlertKind::HealthDrop => format!(
                "health down {a:.0} points in {} days ({b:.0} -> {c:.0})",
                rules.health_drop.window_days
            ),
            AlertKind::ChampionLeft => match detail {
                Some(who) => format!("champion {who} left {}", ago(a)),
                None => format!("the champion left {}", ago(a)),
            },
            AlertKind::AdminChanged => match detail {
                Some(who) => format!("admin changed {} ({who})", ago(a)),
                None => format!("admin changed {}", ago(a)),
            },
            AlertKind::MilestoneOverdue => {
                let title = &engine.model.milestones[b as usize].title;
                match a as usize {
                    1 => format!("{title} is {} overdue", span(c)),
                    n => format!("{n} milestones overdue; {title} by {}", span(c)),
                }
            }
            AlertKind::OnboardingNotStarted => {
                let kickoff = engine
                    .kickoff
                    .map_or("kickoff", |k| &engine.model.milestones[k].title);
                format!(
                    "no {} {a:.0} days after the contract started",
                    kickoff.to_lowercase()
                )
            }
            AlertKind::SupportBacklog => {
                format!("{a:.0} open support tickets before renewal (threshold {b:.0})")
            }
            AlertKind::LicenseUnderuse => {
                format!("only {a:.0}% of licenses assigned ({b:.0} of {c:.0}) before renewal")
            }
            AlertKind::ExecInactive => match detail {
                Some(who) => format!("exec sponsor {who} not seen for {}", span(a)),
                None => format!("exec sponsor not seen for {}", span(a)),
            },
            AlertKind::UsersSurge => format!(
                "{a:.0} users added in the last {} days",
                rules.users_surge.window_days
            ),
            AlertKind::FeatureAdopted => match detail {
                Some(f) => format!("started using {f} {}", ago(a)),
                None => format!("adopted a new feature {}", ago(a)),
            },
        }
    }

    pub fn is_risk(&self) -> bool {
        self.severity != Severity::Positive
    }
}

#[cfg(test)]
mod tests {
    use super::span;

    #[test]
    fn spans_read_as_a_person_says_them() {
        for (days, text) in [
            (1.0, "1 day"),
            (38.0, "38 days"),
            (89.0, "89 days"),
            (95.0, "3 months"),
            (400.0, "13 months"),
            (1162.0, "3 years"),
        ] {
            assert_eq!(span(days), text);
        }
    }
}
