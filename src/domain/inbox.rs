//! The CSM's inbox: an account the CSM has acted on is *handled* for a
//! while, and comes back on its own when something new happens that the
//! action could not have covered.
//!
//! The account's latest logged play (whatever its write-back's state)
//! marks it handled from the day it was logged until its follow-up date,
//! or for `[attention] handled_days` when it has none. It is *woken*, and
//! needs the CSM again, when since that day:
//! - a critical alert is active that was not on the day of the log,
//! - its health dropped a band,
//! - its renewal came within `[attention] renewal_wake_days`,
//! - or a follow-up came due (the log's own, or one that came due after it).
//!
//! What held on the day of the log is the account evaluated as of that day
//! by the same engine (as early warning evaluates "as of yesterday"), so
//! only data dated on or before it counts. Pure: `now` comes in.

use super::account::{Account, PlayLog};
use super::calendar::{days_after, days_between};
use super::engine::Engine;
use super::evaluate::Evaluation;
use super::journey::early_warning::rank;
use super::vocab::{AlertKind, Band, PlayId, Severity};
use chrono::NaiveDate;
use std::borrow::Cow;

/// An account the CSM acted on: what they logged, and until when that
/// covers it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Handled {
    /// The play of the latest log.
    pub(crate) play: PlayId,
    /// The day it was logged.
    pub(crate) at: NaiveDate,
    /// Handled until (not on) this day: the log's follow-up, else `at` plus
    /// `handled_days`.
    pub(crate) until: NaiveDate,
    /// Whether `until` is the follow-up the CSM set.
    pub(crate) follow_up: bool,
    /// What brought it back, if something did.
    pub(crate) woken_by: Option<Wake>,
}

/// Why a handled account needs its CSM again. When several hold, the first
/// in this order is named: news first, then the CSM's own follow-up.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Wake {
    /// A critical alert active now that was not on the day of the log.
    NewCritical(AlertKind),
    /// The health band dropped since the day of the log.
    BandDrop { from: Band, to: Band },
    /// The renewal is `days` away (within `renewal_wake_days`) and was not
    /// that near on the day of the log.
    RenewalNear { days: i64 },
    /// A follow-up of `play` came due `days` ago (0: today) and nothing
    /// was logged for that play since.
    FollowUpDue { days: i64, play: PlayId },
}

impl Handled {
    /// The Why of a handled account, for the list and the JSON twin alike:
    /// what was done and until when, or what woke it.
    pub(crate) fn why(&self) -> String {
        let day = |d: NaiveDate| d.format("%m-%d").to_string();
        match &self.woken_by {
            None => {
                let until = match self.follow_up {
                    true => "follow-up",
                    false => "until",
                };
                format!(
                    "handled {}: {}, {until} {}",
                    day(self.at),
                    self.play,
                    day(self.until)
                )
            }
            Some(Wake::FollowUpDue { days: 0, play }) => format!("follow-up due today: {play}"),
            Some(Wake::FollowUpDue { days, play }) => format!("follow-up due {days}d: {play}"),
            Some(Wake::NewCritical(kind)) => format!("new since handled: {}", kind.label()),
            Some(Wake::BandDrop { from, to }) => {
                format!("new since handled: {} → {}", from.id(), to.id())
            }
            Some(Wake::RenewalNear { days: 0 }) => "new since handled: renews today".into(),
            Some(Wake::RenewalNear { days }) => format!("new since handled: renews in {days}d"),
        }
    }
}

/// Whether `account` is handled as of `now`, and whether something woke
/// it; `eval_now` is its evaluation as of `now`. `None` when no play was
/// logged by `now`, or the latest one had no follow-up and its
/// `handled_days` are over. A log with a follow-up keeps the account
/// handled, woken once the follow-up comes due, until a later log.
pub(crate) fn handled(
    engine: &Engine,
    account: &Account,
    eval_now: &Evaluation,
    now: NaiveDate,
) -> Option<Handled> {
    let model = &engine.model.attention;
    let log = latest_log(account, now)?;
    let until = log
        .follow_up
        .unwrap_or_else(|| days_after(log.at, u64::from(model.handled_days)));
    if log.follow_up.is_none() && now >= until {
        return None;
    }
    // Only a handled account is evaluated again, as of the day of its log.
    let then = match log.at < now {
        true => Cow::Owned(engine.evaluate(account, log.at)),
        false => Cow::Borrowed(eval_now),
    };
    let woken_by = new_critical(&then, eval_now)
        .or_else(|| band_drop(&then, eval_now))
        .or_else(|| renewal_near(account, log.at, now, model.renewal_wake_days))
        .or_else(|| follow_up_due(account, log, now));
    Some(Handled {
        play: log.play_id.clone(),
        at: log.at,
        until,
        follow_up: log.follow_up.is_some(),
        woken_by,
    })
}

/// The latest play logged by `now` (of one day, the last in the list: the
/// one logged last).
fn latest_log(account: &Account, now: NaiveDate) -> Option<&PlayLog> {
    account
        .plays_logged
        .iter()
        .filter(|l| l.at <= now)
        .max_by_key(|l| l.at)
}

/// The first critical alert of `now` (the most urgent) that `then` did not have.
fn new_critical(then: &Evaluation, now: &Evaluation) -> Option<Wake> {
    let critical = |e: &Evaluation, kind: AlertKind| {
        e.alerts
            .iter()
            .any(|a| a.severity == Severity::Critical && a.kind() == kind)
    };
    now.alerts
        .iter()
        .filter(|a| a.severity == Severity::Critical && !a.is_snoozed())
        .map(|a| a.kind())
        .find(|&kind| !critical(then, kind))
        .map(Wake::NewCritical)
}

/// A lower band now than then (no health data, then or now, is no drop).
fn band_drop(then: &Evaluation, now: &Evaluation) -> Option<Wake> {
    let (from, to) = (then.health.band, now.health.band);
    let (Some(a), Some(b)) = (rank(from), rank(to)) else {
        return None;
    };
    (b < a).then_some(Wake::BandDrop { from, to })
}

/// The renewal within `wake_days` of `now` (today or ahead) that was
/// further than that on `at`.
fn renewal_near(account: &Account, at: NaiveDate, now: NaiveDate, wake_days: u32) -> Option<Wake> {
    let renewal = account.renewal_date?;
    let (then, days) = (days_between(at, renewal), days_between(now, renewal));
    let near = |d: i64| d <= i64::from(wake_days);
    ((0..).contains(&days) && near(days) && !near(then)).then_some(Wake::RenewalNear { days })
}

/// The earliest follow-up due by `now` that the log of `at` could not have
/// covered: its own, or one that came due after its day; with no later log
/// of its play (that log is what was done about it).
fn follow_up_due(account: &Account, handled: &PlayLog, now: NaiveDate) -> Option<Wake> {
    let logs = &account.plays_logged;
    logs.iter()
        .filter(|l| l.at <= now)
        .filter_map(|l| l.follow_up.map(|f| (l, f)))
        .filter(|&(l, f)| f <= now && (std::ptr::eq(l, handled) || f > handled.at))
        .filter(|(l, _)| {
            !logs
                .iter()
                .any(|later| later.play_id == l.play_id && l.at < later.at && later.at <= now)
        })
        .min_by_key(|&(_, f)| f)
        .map(|(l, f)| Wake::FollowUpDue {
            days: days_between(f, now),
            play: l.play_id.clone(),
        })
}
