//! The alert rules: one function per kind, in one table; the settings
//! each kind reads are in `model::settings`. [`raise`] runs the enabled rules of the account's stage.

use super::{Alert, AlertFacts};
use crate::domain::account::{Account, Event};
use crate::domain::calendar::{days_before, days_between};
use crate::domain::engine::Engine;
use crate::domain::health::Health;
use crate::domain::milestone::{MilestoneState, Overdue};
use crate::domain::model::AlertRule;
use crate::domain::vocab::{AlertKind, ContactRole, EventKind, Metric, StageIx};
use chrono::NaiveDate;

/// What the rules look at.
pub(crate) struct Input<'a> {
    pub(crate) account: &'a Account,
    pub(crate) now: NaiveDate,
    pub(crate) stage: StageIx,
    pub(crate) health: &'a Health,
    /// The score's change over the health_drop rule's window.
    pub(crate) health_drop: Option<f64>,
    pub(crate) milestones: &'a [MilestoneState],
    pub(crate) overdue: Overdue,
}

type Rule = fn(&Engine, &Input, &AlertRule) -> Option<AlertFacts>;

/// Every rule, in [`AlertKind`] order.
const RULES: [(AlertKind, Rule); 12] = [
    (AlertKind::RenewalOverdue, renewal_overdue),
    (AlertKind::UsageDecline, usage_decline),
    (AlertKind::HealthDrop, health_drop),
    (AlertKind::ChampionLeft, champion_left),
    (AlertKind::AdminChanged, admin_changed),
    (AlertKind::MilestoneOverdue, milestone_overdue),
    (AlertKind::OnboardingNotStarted, not_started),
    (AlertKind::SupportBacklog, support_backlog),
    (AlertKind::LicenseUnderuse, license_underuse),
    (AlertKind::ExecInactive, exec_inactive),
    (AlertKind::UsersSurge, users_surge),
    (AlertKind::FeatureAdopted, feature_adopted),
];

/// Runs every enabled rule that applies to the account's stage. The
/// alerts come most severe first (critical before warning before good
/// news), in rule order within a severity: every face shows them so.
pub(crate) fn raise(engine: &Engine, input: &Input) -> Vec<Alert> {
    let mut out = Vec::new();
    for (kind, rule) in RULES {
        let settings = engine.model.alerts.get(kind);
        let in_stage = engine.alert_stage(kind).is_none_or(|s| s == input.stage);
        if !settings.enabled || !in_stage {
            continue;
        }
        if let Some(facts) = rule(engine, input, settings) {
            debug_assert_eq!(facts.kind(), kind);
            out.push(Alert {
                severity: settings.severity,
                facts,
                snooze: None,
            });
        }
    }
    out.sort_by_key(|a| a.severity);
    out
}

fn metric(input: &Input, m: Metric) -> Option<f64> {
    input.account.metrics.at(m, input.now)
}

/// Events of `kind` in the `days` up to now, most recent last in time order.
fn recent<'a>(input: &'a Input, kind: EventKind, days: u32) -> impl Iterator<Item = &'a Event> {
    let since = days_before(input.now, u64::from(days));
    let now = input.now;
    input
        .account
        .events
        .iter()
        .filter(move |e| e.kind == kind && e.at >= since && e.at <= now)
}

fn latest<'a>(input: &'a Input, kind: EventKind, days: u32) -> Option<&'a Event> {
    recent(input, kind, days).max_by_key(|e| e.at)
}

fn renewal_overdue(_: &Engine, input: &Input, _: &AlertRule) -> Option<AlertFacts> {
    let renewal = input.account.renewal_date?;
    let days_past = days_between(renewal, input.now);
    (input.account.is_open() && days_past >= 0).then_some(AlertFacts::RenewalOverdue { days_past })
}

fn usage_decline(_: &Engine, input: &Input, r: &AlertRule) -> Option<AlertFacts> {
    let then_day = days_before(input.now, u64::from(r.window_days));
    let from = input.account.metrics.at(Metric::ActiveUsers, then_day)?;
    let to = metric(input, Metric::ActiveUsers)?;
    let drop_pct = if from > 0.0 {
        (from - to) / from * 100.0
    } else {
        0.0
    };
    (drop_pct >= r.threshold).then_some(AlertFacts::UsageDecline {
        drop_pct,
        from,
        to,
        window_days: r.window_days,
    })
}

fn health_drop(_: &Engine, input: &Input, r: &AlertRule) -> Option<AlertFacts> {
    let (d, to) = (input.health_drop?, input.health.score()?);
    (-d >= r.threshold).then_some(AlertFacts::HealthDrop {
        points: -d,
        from: to - d,
        to,
        window_days: r.window_days,
    })
}

fn champion_left(_: &Engine, input: &Input, r: &AlertRule) -> Option<AlertFacts> {
    let e = latest(input, EventKind::ChampionLeft, r.window_days)?;
    Some(AlertFacts::ChampionLeft {
        days_ago: days_between(e.at, input.now),
        who: e.detail.clone(),
    })
}

fn admin_changed(_: &Engine, input: &Input, r: &AlertRule) -> Option<AlertFacts> {
    let e = latest(input, EventKind::AdminChanged, r.window_days)?;
    Some(AlertFacts::AdminChanged {
        days_ago: days_between(e.at, input.now),
        who: e.detail.clone(),
    })
}

fn milestone_overdue(_: &Engine, input: &Input, _: &AlertRule) -> Option<AlertFacts> {
    let (worst, days_late) = input.overdue.worst?;
    Some(AlertFacts::MilestoneOverdue {
        count: input.overdue.count,
        worst,
        days_late,
    })
}

/// Only where the book tracks the kickoff, and nothing says onboarding
/// began: no later onboarding milestone (it implies the kickoff) and no
/// seats in use.
fn not_started(engine: &Engine, input: &Input, r: &AlertRule) -> Option<AlertFacts> {
    let kickoff = engine.kickoff.filter(|&k| engine.is_tracked(k))?;
    let in_use = [Metric::SeatsAssigned, Metric::ActiveUsers]
        .iter()
        .any(|&m| metric(input, m).is_some_and(|v| v > 0.0));
    if engine.reached(input.milestones, kickoff) || in_use {
        return None;
    }
    let days_since_start = days_between(input.account.contract_start?, input.now);
    (days_since_start >= i64::from(r.window_days)).then_some(AlertFacts::OnboardingNotStarted {
        days_since_start,
        kickoff,
    })
}

fn support_backlog(_: &Engine, input: &Input, r: &AlertRule) -> Option<AlertFacts> {
    let open_tickets = metric(input, Metric::OpenTickets).filter(|t| *t >= r.threshold)?;
    Some(AlertFacts::SupportBacklog {
        open_tickets,
        threshold: r.threshold,
    })
}

fn license_underuse(_: &Engine, input: &Input, r: &AlertRule) -> Option<AlertFacts> {
    let seats = metric(input, Metric::SeatsAssigned)?;
    let licenses = metric(input, Metric::Licenses).filter(|l| *l > 0.0)?;
    (seats < r.threshold * licenses).then_some(AlertFacts::LicenseUnderuse {
        assigned_pct: seats / licenses * 100.0,
        seats,
        licenses,
    })
}

fn exec_inactive(_: &Engine, input: &Input, r: &AlertRule) -> Option<AlertFacts> {
    // The sponsor seen most recently: one active sponsor is enough. A
    // sponsor with no last_seen is no data, not "never seen".
    let (c, seen) = input
        .account
        .contacts
        .iter()
        .filter(|c| c.role == Some(ContactRole::ExecSponsor))
        .filter_map(|c| Some((c, c.last_seen?)))
        .max_by_key(|(_, seen)| *seen)?;
    let days_unseen = days_between(seen, input.now);
    (days_unseen >= i64::from(r.window_days)).then(|| AlertFacts::ExecInactive {
        days_unseen,
        who: c.name.clone(),
    })
}

fn users_surge(_: &Engine, input: &Input, r: &AlertRule) -> Option<AlertFacts> {
    let added: f64 = recent(input, EventKind::UsersAdded, r.window_days)
        .filter_map(|e| e.detail.as_deref()?.trim().parse::<f64>().ok())
        .sum();
    (added > 0.0 && added >= r.threshold).then_some(AlertFacts::UsersSurge {
        added,
        window_days: r.window_days,
    })
}

fn feature_adopted(_: &Engine, input: &Input, r: &AlertRule) -> Option<AlertFacts> {
    let e = latest(input, EventKind::FeatureAdopted, r.window_days)?;
    Some(AlertFacts::FeatureAdopted {
        days_ago: days_between(e.at, input.now),
        feature: e.detail.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_kind_in_order() {
        for (i, (kind, _)) in RULES.iter().enumerate() {
            assert_eq!(*kind as usize, i);
        }
        assert_eq!(RULES.len(), AlertKind::ALL.len());
    }
}
