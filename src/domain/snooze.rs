//! Snoozes: an alert the CSM has dealt with for now ("the customer is on
//! vacation for a month") is put aside until a date, with a reason. The
//! account carries its snoozes ([`crate::domain::Account::snoozes`], put
//! on it from the local store at load); evaluating it marks each alert
//! that has one ([`Alert::snooze`]). A snoozed alert stays in the list of
//! alerts, marked, but adds no attention points, names no Why, recommends
//! no play, and is left out of early warning's new critical alerts.
//!
//! A snooze *holds* from the day it was made while all of these are true:
//! - today is before its `until` date,
//! - the alert's severity is not higher than when it was snoozed,
//! - its facts are not clearly worse than when it was snoozed
//!   ([`AlertFacts::depth`] against the depth recorded then):
//!   - usage decline: 10 points deeper (`drop_pct >= snoozed + 10`);
//!   - milestone overdue and renewal overdue: the days late double
//!     (`days >= 2 × snoozed`, and at least one day more);
//!   - health drop, onboarding not started, support backlog, license
//!     underuse (100 − assigned %), exec inactive: the depth doubles
//!     (`depth >= 2 × snoozed`, and more than it was);
//!   - champion left, admin changed, users surge, feature adopted: no
//!     number to compare, never worse by its facts (the date and the
//!     severity still wake it).
//!
//! Otherwise it has *woken* ([`SnoozeWake`]): the alert counts again, and
//! early warning reports the wake once, on the first day it is seen
//! (early warning's `changes`). The wake is judged on each
//! day's facts (pure: `now` comes in), so a snooze whose facts recover
//! before its date holds again.

pub use super::account::Snooze;
use super::alert::mark::depth_text;
pub use super::alert::mark::{SnoozeMark, SnoozeWake};
use super::alert::{Alert, AlertFacts};
use super::vocab::AlertKind;
use chrono::NaiveDate;
use serde::Serialize;

impl AlertFacts {
    /// How bad the facts are, as one number per kind (more is worse), to
    /// compare with the facts when the alert was snoozed; `None` where no
    /// number applies.
    pub fn depth(&self) -> Option<f64> {
        match self {
            AlertFacts::RenewalOverdue { days_past } => Some(*days_past as f64),
            AlertFacts::UsageDecline { drop_pct, .. } => Some(*drop_pct),
            AlertFacts::HealthDrop { points, .. } => Some(*points),
            AlertFacts::MilestoneOverdue { days_late, .. } => Some(*days_late as f64),
            AlertFacts::OnboardingNotStarted {
                days_since_start, ..
            } => Some(*days_since_start as f64),
            AlertFacts::SupportBacklog { open_tickets, .. } => Some(*open_tickets),
            AlertFacts::LicenseUnderuse { assigned_pct, .. } => Some(100.0 - assigned_pct),
            AlertFacts::ExecInactive { days_unseen, .. } => Some(*days_unseen as f64),
            AlertFacts::ChampionLeft { .. }
            | AlertFacts::AdminChanged { .. }
            | AlertFacts::UsersSurge { .. }
            | AlertFacts::FeatureAdopted { .. } => None,
        }
        .filter(|d| d.is_finite())
    }
}

/// Whether `now` is clearly worse than `then` for an alert of `kind` (see
/// the module documentation for the rule of each kind).
pub(crate) fn worse(kind: AlertKind, then: Option<f64>, now: Option<f64>) -> bool {
    let (Some(then), Some(now)) = (then, now) else {
        return false;
    };
    match kind {
        AlertKind::UsageDecline => now >= then + 10.0,
        AlertKind::ChampionLeft
        | AlertKind::AdminChanged
        | AlertKind::UsersSurge
        | AlertKind::FeatureAdopted => false,
        // The overdue kinds and the others alike: doubled, and deeper.
        _ => now >= 2.0 * then && now > then,
    }
}

/// Why `snooze` no longer holds for `alert` as of `now`, or `None` while
/// it holds: its date first, then a higher severity, then worse facts.
pub(crate) fn wake(snooze: &Snooze, alert: &Alert, now: NaiveDate) -> Option<SnoozeWake> {
    if now >= snooze.until {
        Some(SnoozeWake::Date)
    } else if alert.severity < snooze.severity {
        // Severities order most severe first.
        Some(SnoozeWake::SeverityUp)
    } else if worse(alert.kind(), snooze.depth, alert.facts.depth()) {
        Some(SnoozeWake::Worse)
    } else {
        None
    }
}

/// The mark of `alert` as of `now` from the account's `snoozes`: the
/// snooze of its kind made on or before `now`, if any.
pub(crate) fn mark(snoozes: &[Snooze], alert: &Alert, now: NaiveDate) -> Option<SnoozeMark> {
    let s = snoozes
        .iter()
        .find(|s| s.alert == alert.kind() && s.at <= now)?;
    Some(SnoozeMark {
        at: s.at,
        until: s.until,
        reason: s.reason.clone(),
        depth_then: s.depth,
        depth_now: alert.facts.depth(),
        woken: wake(s, alert, now),
    })
}

/// Marks each of `alerts` that has a snooze in `snoozes`, as of `now`.
pub(crate) fn mark_all(snoozes: &[Snooze], alerts: &mut [Alert], now: NaiveDate) {
    if snoozes.is_empty() {
        return;
    }
    for a in alerts {
        a.snooze = mark(snoozes, a, now);
    }
}

/// A snooze of `alert` on the day `at`, from its evaluation that day: its
/// severity and depth as they are, to wake it when they get worse.
pub(crate) fn snooze(alert: &Alert, at: NaiveDate, until: NaiveDate, reason: String) -> Snooze {
    Snooze {
        alert: alert.kind(),
        at,
        until,
        reason,
        severity: alert.severity,
        depth: alert.facts.depth(),
    }
}

/// How long an ended snooze is still kept after its `until` day, in
/// days: `snoozed` lists it (marked ended) meanwhile; then it is
/// forgotten (deleted from the store by the next load or `snoozed`).
pub(crate) const KEEP_ENDED_DAYS: u64 = 30;

/// The last `until` day forgotten as of `today`: a snooze that ended
/// [`KEEP_ENDED_DAYS`] or more days ago.
pub(crate) fn forgotten_through(today: NaiveDate) -> NaiveDate {
    super::calendar::days_before(today, KEEP_ENDED_DAYS)
}

impl Snooze {
    /// Whether it is forgotten as of `today` ([`forgotten_through`]).
    pub(crate) fn forgotten(&self, today: NaiveDate) -> bool {
        self.until <= forgotten_through(today)
    }

    /// The note `[snooze] write_back` writes on the account: "Snoozed
    /// usage_decline until 2026-12-24: customer on vacation".
    pub(crate) fn note(&self) -> String {
        format!(
            "Snoozed {} until {}: {}",
            self.alert.id(),
            self.until,
            self.reason.trim()
        )
    }
}

/// A snooze that woke, as early warning reports it (both faces lay it
/// out from these fields; [`Woken::text`] is the sentence).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Woken {
    pub alert: AlertKind,
    pub wake: SnoozeWake,
    pub(crate) until: NaiveDate,
    pub(crate) reason: String,
    pub(crate) depth_then: Option<f64>,
    pub(crate) depth_now: Option<f64>,
    /// The sentence: "woke: usage falling, snoozed until 12-24, now down 35%".
    pub(crate) text: String,
}

impl Woken {
    /// The wake of `alert`'s mark, if it woke.
    pub(crate) fn of(alert: &Alert) -> Option<Woken> {
        let mark = alert.snooze.as_ref()?;
        let wake = mark.woken?;
        let kind = alert.kind();
        let until = mark.until.format("%m-%d");
        let label = kind.label();
        let text = match wake {
            SnoozeWake::Date => format!("snooze ended: {label}, snoozed until {until}"),
            SnoozeWake::SeverityUp => format!(
                "woke: {label}, snoozed until {until}, now {}",
                alert.severity.id()
            ),
            SnoozeWake::Worse => match mark.depth_now.and_then(|d| depth_text(kind, d)) {
                Some(now) => format!("woke: {label}, snoozed until {until}, now {now}"),
                None => format!("woke: {label}, snoozed until {until}, worse"),
            },
        };
        Some(Woken {
            alert: kind,
            wake,
            until: mark.until,
            reason: super::text::clean(&mark.reason).into_owned(),
            depth_then: mark.depth_then,
            depth_now: mark.depth_now,
            text,
        })
    }
}
