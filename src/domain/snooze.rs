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
//! ([`crate::domain::journey::early_warning`]). The wake is judged on each
//! day's facts (pure: `now` comes in), so a snooze whose facts recover
//! before its date holds again.

use super::alert::{Alert, AlertFacts};
use super::vocab::{AlertKind, Severity};
use chrono::NaiveDate;
use serde::Serialize;

/// An alert put aside by the CSM until a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Snooze {
    pub alert: AlertKind,
    /// The day it was snoozed: it holds from then.
    pub at: NaiveDate,
    /// It holds until (not on) this day.
    pub until: NaiveDate,
    /// Why, as the CSM wrote it (trimmed, capped).
    pub reason: String,
    /// The alert's severity when it was snoozed.
    pub severity: Severity,
    /// How bad its facts were then ([`AlertFacts::depth`]).
    pub depth: Option<f64>,
}

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
/// alert is snoozed ([`Alert::is_snoozed`]).
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
        let reason = super::text::clean(&self.reason);
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

/// The longest reason kept, in characters: a reason is a few words.
pub(crate) const MAX_REASON: usize = 200;

/// Why a snooze cannot be made as entered. Its text is the message both
/// faces show.
#[derive(Debug, Clone, PartialEq)]
pub enum SnoozeError {
    /// `alert` is not an alert kind's id.
    UnknownAlert { alert: String },
    /// The account has no active alert of that kind today: its alerts.
    NotActive {
        account: String,
        alert: AlertKind,
        active: Vec<AlertKind>,
    },
    /// The reason is empty (after trimming).
    NoReason,
    /// The reason is longer than [`MAX_REASON`].
    LongReason { chars: usize },
}

impl std::fmt::Display for SnoozeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SnoozeError::UnknownAlert { alert } => write!(
                f,
                "`{}` is not an alert; alerts are {}",
                super::text::clean(alert),
                AlertKind::ids()
            ),
            SnoozeError::NotActive {
                account,
                alert,
                active,
            } => {
                let account = super::text::clean(account);
                let ids: Vec<&str> = active.iter().map(|k| k.id()).collect();
                match ids.is_empty() {
                    true => write!(f, "{account} has no {alert} alert today; it has no alerts"),
                    false => write!(
                        f,
                        "{account} has no {alert} alert today; its alerts: {}",
                        ids.join(", ")
                    ),
                }
            }
            SnoozeError::NoReason => {
                f.write_str("--reason: say why in a few words (it shows with the alert)")
            }
            SnoozeError::LongReason { chars } => write!(
                f,
                "--reason: {chars} characters; a reason is at most {MAX_REASON}"
            ),
        }
    }
}

impl std::error::Error for SnoozeError {}

/// The alert kind `id` names (any case, `-` for `_`).
pub(crate) fn alert_kind(id: &str) -> Result<AlertKind, SnoozeError> {
    AlertKind::from_id(&id.trim().to_lowercase().replace('-', "_")).ok_or_else(|| {
        SnoozeError::UnknownAlert {
            alert: id.to_string(),
        }
    })
}

/// The one rule both faces follow to snooze: alert `alert` (an id) of
/// `account`, evaluated as `eval` on `today`, until `until` (already read
/// and after today) for `reason` (trimmed; required, capped).
pub(crate) fn entered(
    account: &super::account::Account,
    eval: &super::evaluate::Evaluation,
    alert: &str,
    today: NaiveDate,
    until: NaiveDate,
    reason: &str,
) -> Result<Snooze, SnoozeError> {
    let kind = alert_kind(alert)?;
    let Some(active) = eval.alerts.iter().find(|a| a.kind() == kind) else {
        return Err(SnoozeError::NotActive {
            account: account.name.clone(),
            alert: kind,
            active: eval.alerts.iter().map(|a| a.kind()).collect(),
        });
    };
    let reason = reason.trim();
    if super::text::clean(reason).trim().is_empty() {
        return Err(SnoozeError::NoReason);
    }
    let chars = reason.chars().count();
    if chars > MAX_REASON {
        return Err(SnoozeError::LongReason { chars });
    }
    Ok(snooze(active, today, until, reason.to_string()))
}

/// One stored snooze as `orienteer snoozed` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnoozedItem {
    pub account_id: String,
    /// Cleaned; the id when the account is no longer in the book.
    pub account: String,
    pub alert: AlertKind,
    pub at: NaiveDate,
    pub until: NaiveDate,
    /// Cleaned.
    pub reason: String,
    /// Whether the alert is active on the account today.
    pub active: bool,
    /// Why it no longer holds; `null` while it holds.
    pub woken: Option<SnoozeWake>,
}

/// The items of stored snoozes `rows` (account id and snooze) against the
/// accounts of `portfolio` as evaluated, sorted by `until`, then account
/// name, then alert.
pub(crate) fn listing(
    portfolio: &super::portfolio::Portfolio,
    rows: &[(super::AccountId, Snooze)],
) -> Vec<SnoozedItem> {
    let now = portfolio.now;
    let mut out: Vec<SnoozedItem> = rows
        .iter()
        .map(|(id, s)| {
            let found = portfolio.find(id.as_str());
            let alert = found.and_then(|i| {
                portfolio.evals[i]
                    .alerts
                    .iter()
                    .find(|a| a.kind() == s.alert)
            });
            let woken = match alert {
                Some(a) if s.at <= now => wake(s, a, now),
                _ => (now >= s.until).then_some(SnoozeWake::Date),
            };
            SnoozedItem {
                account_id: super::text::clean(id.as_str()).into_owned(),
                account: match found {
                    Some(i) => super::text::clean(&portfolio.accounts[i].name).into_owned(),
                    None => super::text::clean(id.as_str()).into_owned(),
                },
                alert: s.alert,
                at: s.at,
                until: s.until,
                reason: super::text::clean(&s.reason).into_owned(),
                active: alert.is_some(),
                woken,
            }
        })
        .collect();
    out.sort_by(|a, b| (a.until, &a.account, a.alert).cmp(&(b.until, &b.account, b.alert)));
    out
}
