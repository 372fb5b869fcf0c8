//! The inbox's rules: whether an account is handled as of a day, and
//! what woke it (see [`super::inbox`] for what they mean).
//!
//! What held on the day of the log is the account evaluated as of that day
//! by the same engine (as early warning evaluates "as of yesterday"), so
//! only data dated on or before it counts. Pure: `now` comes in.
//!
//! [`Engine::evaluate`] lives here: the evaluation of
//! [`Engine::evaluate_plain`] (stage, health, alerts, plays, attention)
//! plus the account's place in the inbox.

use super::account::{Account, PlayLog};
use super::calendar::{days_after, days_between};
use super::engine::Engine;
use super::evaluate::Evaluation;
use super::inbox::{Handled, Wake};
use super::journey::early_warning::rank;
use super::play::due_follow_ups;
use super::vocab::{AlertKind, Severity};
use chrono::NaiveDate;
use std::borrow::Cow;

impl Engine {
    /// Evaluates `account` as of `now`: everything a face shows of it.
    pub fn evaluate(&self, account: &Account, now: NaiveDate) -> Evaluation {
        let mut eval = self.evaluate_plain(account, now);
        eval.handled = handled(self, account, &eval, now);
        eval
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
        true => Cow::Owned(engine.evaluate_plain(account, log.at)),
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

/// The earliest follow-up due by `now` (see [`due_follow_ups`]) that the
/// log `handled` could not have covered: its own, or one that came due
/// after its day.
fn follow_up_due(account: &Account, handled: &PlayLog, now: NaiveDate) -> Option<Wake> {
    due_follow_ups(account, now)
        .filter(|&(l, f)| std::ptr::eq(l, handled) || f > handled.at)
        .min_by_key(|&(_, f)| f)
        .map(|(l, f)| Wake::FollowUpDue {
            days: days_between(f, now),
            play: l.play_id.clone(),
        })
}
