//! The snooze of one evaluated alert, as the snooze module marks
//! it: here, beside the alert, so that the alert module needs nothing of
//! the snooze rules (which use the alerts).

use crate::domain::vocab::AlertKind;
use chrono::NaiveDate;
use serde::Serialize;

/// Why a snooze no longer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SnoozeWake {
    /// Its `until` date came.
    Date,
    /// The alert's facts got clearly worse than when it was snoozed.
    Worse,
    /// The alert's severity rose above what it was when snoozed.
    SeverityUp,
}

/// The snooze on one evaluated alert: the one place that says whether the
/// alert is snoozed ([`super::Alert::is_snoozed`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SnoozeMark {
    pub(crate) at: NaiveDate,
    pub(crate) until: NaiveDate,
    pub(crate) reason: String,
    /// How bad the facts were when snoozed, and are now.
    pub(crate) depth_then: Option<f64>,
    pub(crate) depth_now: Option<f64>,
    /// `None` while it holds.
    pub(crate) woken: Option<SnoozeWake>,
}

impl SnoozeMark {
    /// Whether the snooze holds (the alert counts for nothing).
    pub(crate) fn holds(&self) -> bool {
        self.woken.is_none()
    }

    /// The mark in a few words, as both faces show it under the alert:
    /// "snoozed until 12-24: customer on vacation", or what woke it.
    pub(crate) fn text(&self, kind: AlertKind) -> String {
        let until = self.until.format("%m-%d");
        let reason = crate::domain::text::clean(&self.reason);
        match self.woken {
            None => format!("snoozed until {until}: {reason}"),
            Some(SnoozeWake::Date) => format!("snooze ended {until}: {reason}"),
            Some(SnoozeWake::Worse) => match self.depth_now.and_then(|d| depth_text(kind, d)) {
                Some(now) => format!("woke (snoozed until {until}), now {now}"),
                None => format!("woke (snoozed until {until}): worse"),
            },
            Some(SnoozeWake::SeverityUp) => format!("woke (snoozed until {until}): more severe"),
        }
    }
}

/// A depth in words, per kind: "down 35%", "38 days late".
pub(crate) fn depth_text(kind: AlertKind, depth: f64) -> Option<String> {
    Some(match kind {
        AlertKind::UsageDecline => format!("down {depth:.0}%"),
        AlertKind::HealthDrop => format!("down {depth:.0} points"),
        AlertKind::RenewalOverdue => format!("{depth:.0} days past renewal"),
        AlertKind::MilestoneOverdue => format!("{depth:.0} days late"),
        AlertKind::OnboardingNotStarted => format!("{depth:.0} days without a kickoff"),
        AlertKind::SupportBacklog => format!("{depth:.0} open tickets"),
        AlertKind::LicenseUnderuse => format!("{depth:.0}% of licenses unassigned"),
        AlertKind::ExecInactive => format!("sponsor unseen {depth:.0} days"),
        AlertKind::ChampionLeft
        | AlertKind::AdminChanged
        | AlertKind::UsersSurge
        | AlertKind::FeatureAdopted => return None,
    })
}
