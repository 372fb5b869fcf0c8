//! Snoozing as the CSM does it: the one rule both faces follow to make a
//! snooze from what was entered ([`entered`]), and the list of kept
//! snoozes against the evaluated book ([`listing`]). The snooze rules
//! themselves are [`super::snooze`]'s.

use super::account::{Account, Snooze};
use super::evaluate::Evaluation;
use super::portfolio::Portfolio;
use super::snooze::{snooze, wake, SnoozeWake};
use super::vocab::{AccountId, AlertKind};
use chrono::NaiveDate;
use serde::Serialize;

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
    account: &Account,
    eval: &Evaluation,
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
/// name, then alert. An ended snooze is listed (its state: ended) for
/// [`super::snooze::KEEP_ENDED_DAYS`] after its day, then no more.
pub(crate) fn listing(portfolio: &Portfolio, rows: &[(AccountId, Snooze)]) -> Vec<SnoozedItem> {
    let now = portfolio.now;
    let mut out: Vec<SnoozedItem> = rows
        .iter()
        .filter(|(_, s)| !s.forgotten(now))
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
