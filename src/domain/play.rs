//! Plays: what to do about an account, each recommendation saying which
//! trigger fired it and with what values.
//!
//! A churned account is gone: nothing is recommended for it. An account
//! with a critical alert and no play whose trigger fires (not even one
//! held back as just done) is never left with nothing to do: the first
//! manual play of its stage (or of any stage; `check-in` by default) is
//! recommended, the alert as its reason.

use super::account::{Account, Outcome, PlayLog, PlayOutcome};
use super::alert::Alert;
use super::calendar::days_between;
use super::engine::Engine;
use super::health::Health;
use super::model::expr::{Cmp, Trigger};
use super::model::PlayDef;
use super::vocab::{AlertKind, Band, PlayIx, Severity, StageIx};
use chrono::NaiveDate;

/// How long a play just done stays off the list when it has no follow-up.
const RECENTLY_DONE_DAYS: i64 = 7;

/// A play recommended for an account; `value` is the metric value that
/// fired a metric trigger; `fallback` the critical alert a manual play
/// stands in for, when no play's trigger answered it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Recommendation {
    pub play: PlayIx,
    pub(crate) value: Option<f64>,
    pub(crate) fallback: Option<AlertKind>,
}

/// Plays whose trigger fires, highest priority first, leaving out plays
/// the CSM has just done; none for a churned account; the fallback (see
/// the module) when a critical alert would leave the account with none.
pub(crate) fn recommend(
    engine: &Engine,
    account: &Account,
    now: NaiveDate,
    stage: StageIx,
    health: &Health,
    alerts: &[Alert],
) -> Vec<Recommendation> {
    let mut out = Vec::new();
    if account.outcome == Outcome::Churned {
        return out;
    }
    let in_stage = |i: PlayIx| engine.play_stages[i.get()].is_none_or(|s| s == stage);
    // A snoozed alert recommends nothing.
    let live = || alerts.iter().filter(|a| !a.is_snoozed());
    // Whether any play's trigger fired, even one held back as just done:
    // an account with such a play is being looked after.
    let mut fired = false;
    for &i in &engine.play_order {
        if !in_stage(i) {
            continue;
        }
        let def = engine.play(i);
        let value = match &def.trigger {
            Trigger::Manual => continue,
            Trigger::Band(b) if *b == health.band => None,
            Trigger::Band(_) => continue,
            Trigger::Alert(k) if live().any(|a| a.kind() == *k) => None,
            Trigger::Alert(_) => continue,
            Trigger::Metric { metric, cmp, value } => match account.metrics.at(*metric, now) {
                Some(v) if (*cmp == Cmp::Below) == (v < *value) => Some(v),
                _ => continue,
            },
        };
        fired = true;
        if !recently_done(account, def, now) {
            out.push(Recommendation {
                play: i,
                value,
                fallback: None,
            });
        }
    }
    let critical = live().find(|a| a.severity == Severity::Critical);
    if let (false, Some(alert)) = (fired, critical) {
        let manual = engine
            .play_order
            .iter()
            .copied()
            .filter(|&i| in_stage(i))
            .find(|&i| matches!(engine.play(i).trigger, Trigger::Manual));
        if let Some(i) = manual.filter(|&i| !recently_done(account, engine.play(i), now)) {
            out.push(Recommendation {
                play: i,
                value: None,
                fallback: Some(alert.kind()),
            });
        }
    }
    out
}

/// Whether a logged play's follow-up is still ahead of `now`: from the
/// day it was logged until (not on) the follow-up day.
fn follow_up_pending(l: &PlayLog, now: NaiveDate) -> bool {
    l.at <= now && l.follow_up.is_some_and(|f| now < f)
}

/// The soonest follow-up still ahead of `now` among the logged plays.
pub(crate) fn next_follow_up(account: &Account, now: NaiveDate) -> Option<NaiveDate> {
    account
        .plays_logged
        .iter()
        .filter(|l| follow_up_pending(l, now))
        .filter_map(|l| l.follow_up)
        .min()
}

/// The follow-ups that have come due by `now` and not been acted on, with
/// their logs: see [`follow_ups_until`].
pub(crate) fn due_follow_ups(
    account: &Account,
    now: NaiveDate,
) -> impl Iterator<Item = (&PlayLog, NaiveDate)> {
    follow_ups_until(account, now, now)
}

/// The follow-ups due by `until` (on or after `now`) and not acted on by
/// `now`, with their logs: a play logged by `now` whose follow-up day is
/// `until` or before, with no later log of the same play (a later log is
/// what was done about it), and whose follow-up task the CRM does not
/// have as completed (completing it there, or in Orienteer, is doing it).
pub(crate) fn follow_ups_until(
    account: &Account,
    now: NaiveDate,
    until: NaiveDate,
) -> impl Iterator<Item = (&PlayLog, NaiveDate)> {
    let logs = &account.plays_logged;
    let done_in_crm = |l: &PlayLog| {
        (account.tasks.iter()).any(|t| t.follows.as_ref() == Some(&l.id) && !t.is_open())
    };
    logs.iter()
        .filter(move |l| l.at <= now)
        .filter(move |l| {
            !logs
                .iter()
                .any(|later| later.play_id == l.play_id && l.at < later.at && later.at <= now)
        })
        .filter(move |l| account.tasks.is_empty() || !done_in_crm(l))
        .filter_map(move |l| l.follow_up.filter(|&f| f <= until).map(|f| (l, f)))
}

/// The earliest of the [`due_follow_ups`]; `None` when no follow-up is due.
pub(crate) fn follow_up_due(account: &Account, now: NaiveDate) -> Option<NaiveDate> {
    due_follow_ups(account, now).map(|(_, f)| f).min()
}

/// A play logged recently stays off the list: until the follow-up date
/// the CSM set, else, when it was done, for the play's follow-up days.
fn recently_done(account: &Account, def: &PlayDef, now: NaiveDate) -> bool {
    held_until(account, def, now).is_some()
}

/// When a play just logged on the account may be recommended again: the
/// latest such day among its logs still holding it back at `now` (the
/// follow-up day the CSM set, else, for a play done, its follow-up days
/// after it was done). `None` when nothing holds it back. What the account
/// shows so the CSM knows why a play is not recommended.
pub(crate) fn held_until(account: &Account, def: &PlayDef, now: NaiveDate) -> Option<NaiveDate> {
    let quiet = def.follow_up_days.map_or(RECENTLY_DONE_DAYS, i64::from);
    account
        .plays_logged
        .iter()
        .filter(|l| l.play_id == def.id && l.at <= now)
        .filter_map(|l| match l.follow_up {
            Some(f) => follow_up_pending(l, now).then_some(f),
            // Past the calendar's end (a day count out of range): the
            // play is held back no longer, rather than a panic.
            None if l.outcome == PlayOutcome::Done && days_between(l.at, now) < quiet => {
                l.at.checked_add_days(chrono::Days::new(quiet.unsigned_abs()))
            }
            None => None,
        })
        .max()
}

impl Recommendation {
    /// A stable id for "this play, recommended on this account", so that a
    /// logged play can be tied to what prompted it.
    pub(crate) fn id(&self, engine: &Engine, account: &Account) -> String {
        format!("{}/{}", account.id, engine.play(self.play).id)
    }

    /// Which trigger fired, with the values.
    pub(crate) fn reason(&self, engine: &Engine, health: &Health, alerts: &[Alert]) -> String {
        if let Some(k) = self.fallback {
            let why = alert_reason(engine, k, alerts);
            return format!("{why} (no play is set for it in this stage)");
        }
        match &engine.play(self.play).trigger {
            Trigger::Manual => "logged by hand".into(),
            Trigger::Band(b) => match (health.score(), b) {
                (Some(s), _) => format!("health {} ({s:.0})", b.id()),
                (None, Band::Unknown) => "no health data".into(),
                (None, _) => format!("health {}", b.id()),
            },
            Trigger::Alert(k) => alert_reason(engine, *k, alerts),
            Trigger::Metric { metric, cmp, value } => {
                let op = if *cmp == Cmp::Below { "<" } else { ">=" };
                let v = self.value.unwrap_or(f64::NAN);
                format!("{} {} {op} {value}", metric.id(), round_for_text(v))
            }
        }
    }
}

/// "champion_left: champion Ann left 5 days ago", or the alert id alone.
fn alert_reason(engine: &Engine, kind: AlertKind, alerts: &[Alert]) -> String {
    alerts
        .iter()
        .find(|a| a.kind() == kind)
        .map(|a| format!("{}: {}", kind.id(), a.message(engine)))
        .unwrap_or_else(|| kind.id().to_string())
}

fn round_for_text(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::expr::Trigger;
    use crate::domain::model::StageScope;

    fn def(follow_up_days: Option<u32>) -> PlayDef {
        PlayDef {
            id: "win-back".into(),
            stage: StageScope::Any,
            title: "Win-back plan".into(),
            trigger: Trigger::Manual,
            steps: Vec::new(),
            follow_up_days,
            priority: 0,
        }
    }

    fn log(at: &str, outcome: PlayOutcome, follow_up: Option<&str>) -> PlayLog {
        PlayLog {
            id: "L".into(),
            play_id: "win-back".into(),
            outcome,
            at: at.parse().unwrap(),
            note: String::new(),
            follow_up: follow_up.map(|f| f.parse().unwrap()),
            prompted_by: None,
            state: Some(crate::domain::account::Delivery::Queued),
            error: None,
        }
    }

    #[test]
    fn a_play_just_logged_is_held_until_its_follow_up_or_its_quiet_days() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let mut a = Account::default();
        assert_eq!(held_until(&a, &def(Some(7)), day("2026-11-23")), None);
        // Just logged (still queued), with a follow-up: held until that day.
        a.plays_logged = vec![log("2026-11-23", PlayOutcome::Done, Some("2026-11-26"))];
        assert_eq!(
            held_until(&a, &def(Some(7)), day("2026-11-23")),
            Some(day("2026-11-26"))
        );
        assert!(recently_done(&a, &def(Some(7)), day("2026-11-25")));
        assert!(!recently_done(&a, &def(Some(7)), day("2026-11-26")));
        // Done without a follow-up: held for the play's follow-up days.
        a.plays_logged = vec![log("2026-11-23", PlayOutcome::Done, None)];
        assert_eq!(
            held_until(&a, &def(Some(7)), day("2026-11-24")),
            Some(day("2026-11-30"))
        );
        assert_eq!(held_until(&a, &def(Some(7)), day("2026-11-30")), None);
        // Not answered, no follow-up: not held (it was not done).
        a.plays_logged = vec![log("2026-11-23", PlayOutcome::NoAnswer, None)];
        assert_eq!(held_until(&a, &def(Some(7)), day("2026-11-23")), None);
    }
}
