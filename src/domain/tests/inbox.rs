//! The inbox: an account is handled from a logged play until its follow-up
//! (or `handled_days`), and wakes when something new happens.

use super::{ago, base, day, event, series, NOW};
use crate::domain::account::{Delivery, PlayLog, PlayOutcome};
use crate::domain::engine::Engine;
use crate::domain::handled::handled;
use crate::domain::inbox::{Handled, Wake};
use crate::domain::model::Model;
use crate::domain::vocab::{AlertKind, Band, Metric};
use crate::domain::Account;
use chrono::NaiveDate;

pub(super) fn after(days: u64) -> NaiveDate {
    day(NOW).checked_add_days(chrono::Days::new(days)).unwrap()
}

pub(super) fn log(play: &str, at: NaiveDate, follow_up: Option<NaiveDate>) -> PlayLog {
    PlayLog {
        id: format!("L-{play}-{at}").as_str().into(),
        play_id: play.into(),
        outcome: PlayOutcome::Done,
        at,
        note: String::new(),
        follow_up,
        prompted_by: None,
        state: Some(Delivery::Sent),
        error: None,
    }
}

/// `base()` with these logs.
pub(super) fn logged(logs: Vec<PlayLog>) -> Account {
    let mut a = base();
    a.plays_logged = logs;
    a
}

/// What `handled` should give: the play, the day logged, until, whether
/// until is a follow-up, and what woke it.
fn want(
    play: &str,
    at: NaiveDate,
    until: NaiveDate,
    follow_up: bool,
    woken_by: Option<Wake>,
) -> Option<Handled> {
    Some(Handled {
        play: play.into(),
        at,
        until,
        follow_up,
        woken_by,
    })
}

/// Usage, seats and adoption fall to a poor level `days_ago`.
pub(super) fn falls_poor(mut a: Account, days_ago: u64) -> Account {
    let s = day("2025-01-01");
    let at = ago(days_ago);
    a.metrics
        .set(Metric::ActiveUsers, series(&[(s, 70.0), (at, 5.0)]));
    a.metrics
        .set(Metric::SeatsAssigned, series(&[(s, 90.0), (at, 10.0)]));
    a.metrics
        .set(Metric::KeyFeatureAdoption, series(&[(s, 0.6), (at, 0.1)]));
    a
}

/// Renewing `days` ahead, its renewal milestones done (so only the renewal
/// itself is new).
pub(super) fn renews_in(mut a: Account, days: u64) -> Account {
    a.renewal_date = Some(after(days));
    for m in ["renewal_qbr", "success_review", "renewal_confirmed"] {
        a.milestones.insert(m.into(), day("2025-01-05"));
    }
    a
}

fn no_change(_: &mut Model) {}

/// Only the band can move: the critical alerts a fall raises are off.
fn no_drop_alerts(m: &mut Model) {
    m.alerts.usage_decline.enabled = false;
    m.alerts.health_drop.enabled = false;
}

#[test]
fn a_logged_play_handles_its_account_until_something_new_happens() {
    let now = day(NOW);
    let due = |days, play: &str| {
        Some(Wake::FollowUpDue {
            days,
            play: play.into(),
        })
    };
    type Case = (
        &'static str,
        Account,
        fn(&mut Model),
        Option<Handled>,
        &'static str,
    );
    let cases: Vec<Case> = vec![
        ("no log", base(), no_change, None, ""),
        (
            "a log without a follow-up: handled_days",
            logged(vec![log("win-back", ago(3), None)]),
            no_change,
            want("win-back", ago(3), after(4), false, None),
            "handled 11-20: win-back, until 11-27",
        ),
        (
            "a log with a follow-up: until it",
            logged(vec![log("win-back", ago(3), Some(after(10)))]),
            no_change,
            want("win-back", ago(3), after(10), true, None),
            "handled 11-20: win-back, follow-up 12-03",
        ),
        (
            "logged today",
            logged(vec![log("check-in", now, None)]),
            no_change,
            want("check-in", now, after(7), false, None),
            "handled 11-23: check-in, until 11-30",
        ),
        (
            "the last day of handled_days",
            logged(vec![log("win-back", ago(6), None)]),
            no_change,
            want("win-back", ago(6), after(1), false, None),
            "handled 11-17: win-back, until 11-24",
        ),
        (
            "handled_days over: not handled",
            logged(vec![log("win-back", ago(7), None)]),
            no_change,
            None,
            "",
        ),
        (
            "an old log past its window",
            logged(vec![log("win-back", ago(40), None)]),
            no_change,
            None,
            "",
        ),
        (
            "a longer handled_days",
            logged(vec![log("win-back", ago(10), None)]),
            |m| m.attention.handled_days = 14,
            want("win-back", ago(10), after(4), false, None),
            "handled 11-13: win-back, until 11-27",
        ),
        (
            "handled_days 0: only a follow-up handles",
            logged(vec![log("win-back", now, None)]),
            |m| m.attention.handled_days = 0,
            None,
            "",
        ),
        (
            "any delivery state: a failed write-back",
            logged(vec![PlayLog {
                state: Some(Delivery::Failed),
                error: Some("refused".into()),
                ..log("win-back", ago(1), None)
            }]),
            no_change,
            want("win-back", ago(1), after(6), false, None),
            "handled 11-22: win-back, until 11-29",
        ),
        (
            "any delivery state: from the source, queued",
            logged(vec![
                PlayLog {
                    state: None,
                    ..log("check-in", ago(4), None)
                },
                PlayLog {
                    state: Some(Delivery::Queued),
                    ..log("win-back", ago(2), None)
                },
            ]),
            no_change,
            want("win-back", ago(2), after(5), false, None),
            "handled 11-21: win-back, until 11-28",
        ),
        (
            "a log after now (a morning replayed) does not count yet",
            logged(vec![log("win-back", after(1), None)]),
            no_change,
            None,
            "",
        ),
        (
            "the latest log decides",
            logged(vec![
                log("win-back", ago(10), Some(after(5))),
                log("check-in", ago(2), None),
            ]),
            no_change,
            want("check-in", ago(2), after(5), false, None),
            "handled 11-21: check-in, until 11-28",
        ),
        (
            "of one day, the one logged last",
            logged(vec![
                log("win-back", ago(2), None),
                log("check-in", ago(2), Some(after(3))),
            ]),
            no_change,
            want("check-in", ago(2), after(3), true, None),
            "handled 11-21: check-in, follow-up 11-26",
        ),
        (
            "the follow-up day: woken",
            logged(vec![log("win-back", ago(7), Some(now))]),
            no_change,
            want("win-back", ago(7), now, true, due(0, "win-back")),
            "follow-up due today: win-back",
        ),
        (
            "a follow-up 2 days past: woken until the play is logged again",
            logged(vec![log("win-back", ago(9), Some(ago(2)))]),
            no_change,
            want("win-back", ago(9), ago(2), true, due(2, "win-back")),
            "follow-up due 2d: win-back",
        ),
        (
            "the follow-up's play logged again: handled afresh",
            logged(vec![
                log("win-back", ago(9), Some(ago(2))),
                log("win-back", ago(1), None),
            ]),
            no_change,
            want("win-back", ago(1), after(6), false, None),
            "handled 11-22: win-back, until 11-29",
        ),
        (
            "an earlier log's follow-up due after the latest log wakes it",
            logged(vec![
                log("win-back", ago(10), Some(ago(1))),
                log("check-in", ago(3), None),
            ]),
            no_change,
            want("check-in", ago(3), after(4), false, due(1, "win-back")),
            "follow-up due 1d: win-back",
        ),
        (
            "a follow-up already due on the day of the log does not",
            logged(vec![
                log("win-back", ago(10), Some(ago(5))),
                log("check-in", ago(3), None),
            ]),
            no_change,
            want("check-in", ago(3), after(4), false, None),
            "handled 11-20: check-in, until 11-27",
        ),
        (
            "the champion left after the log: a new critical alert",
            {
                let mut a = logged(vec![log("win-back", ago(5), Some(after(5)))]);
                a.events.push(event("champion_left", 2, "Dana Reyes"));
                a
            },
            no_change,
            want(
                "win-back",
                ago(5),
                after(5),
                true,
                Some(Wake::NewCritical(AlertKind::ChampionLeft)),
            ),
            "champion left, new since handled",
        ),
        (
            "the champion left before the log: the log covered it",
            {
                let mut a = logged(vec![log("win-back", ago(5), Some(after(5)))]);
                a.events.push(event("champion_left", 10, "Dana Reyes"));
                a
            },
            no_change,
            want("win-back", ago(5), after(5), true, None),
            "handled 11-18: win-back, follow-up 11-28",
        ),
        (
            "the champion left on the day of the log: covered",
            {
                let mut a = logged(vec![log("win-back", ago(5), Some(after(5)))]);
                a.events.push(event("champion_left", 5, ""));
                a
            },
            no_change,
            want("win-back", ago(5), after(5), true, None),
            "handled 11-18: win-back, follow-up 11-28",
        ),
        (
            "health fell a band after the log",
            falls_poor(logged(vec![log("check-in", ago(6), Some(after(8)))]), 2),
            no_drop_alerts,
            want(
                "check-in",
                ago(6),
                after(8),
                true,
                Some(Wake::BandDrop {
                    from: Band::Good,
                    to: Band::Poor,
                }),
            ),
            "health good -> poor, new since handled",
        ),
        (
            "health fell before the log: covered",
            falls_poor(logged(vec![log("check-in", ago(1), Some(after(8)))]), 2),
            no_drop_alerts,
            want("check-in", ago(1), after(8), true, None),
            "handled 11-22: check-in, follow-up 12-01",
        ),
        (
            "a fall with its critical alerts: the alert is named first",
            falls_poor(logged(vec![log("check-in", ago(6), Some(after(8)))]), 2),
            no_change,
            want(
                "check-in",
                ago(6),
                after(8),
                true,
                Some(Wake::NewCritical(AlertKind::UsageDecline)),
            ),
            "usage falling, new since handled",
        ),
        (
            "the renewal came within 14 days",
            renews_in(logged(vec![log("win-back", ago(10), Some(after(5)))]), 10),
            no_change,
            want(
                "win-back",
                ago(10),
                after(5),
                true,
                Some(Wake::RenewalNear { days: 10 }),
            ),
            "renews in 10d, new since handled",
        ),
        (
            "the renewal was already within 14 days on the day of the log",
            renews_in(logged(vec![log("win-back", ago(2), Some(after(5)))]), 10),
            no_change,
            want("win-back", ago(2), after(5), true, None),
            "handled 11-21: win-back, follow-up 11-28",
        ),
        (
            "the renewal came within 14 days, with renewal_wake_days 7: not yet",
            renews_in(logged(vec![log("win-back", ago(10), Some(after(5)))]), 10),
            |m| m.attention.renewal_wake_days = 7,
            want("win-back", ago(10), after(5), true, None),
            "handled 11-13: win-back, follow-up 11-28",
        ),
        (
            "the renewal is tomorrow, renewal_wake_days 2",
            renews_in(logged(vec![log("win-back", ago(3), Some(after(5)))]), 1),
            |m| m.attention.renewal_wake_days = 2,
            want(
                "win-back",
                ago(3),
                after(5),
                true,
                Some(Wake::RenewalNear { days: 1 }),
            ),
            "renews in 1d, new since handled",
        ),
        (
            "the renewal day: its overdue alert (critical) is named",
            renews_in(logged(vec![log("win-back", ago(3), Some(after(5)))]), 0),
            |m| m.attention.renewal_wake_days = 2,
            want(
                "win-back",
                ago(3),
                after(5),
                true,
                Some(Wake::NewCritical(AlertKind::RenewalOverdue)),
            ),
            "renewal overdue, new since handled",
        ),
        (
            "the renewal day with the overdue rule off",
            renews_in(logged(vec![log("win-back", ago(3), Some(after(5)))]), 0),
            |m| {
                m.attention.renewal_wake_days = 2;
                m.alerts.renewal_overdue.enabled = false;
            },
            want(
                "win-back",
                ago(3),
                after(5),
                true,
                Some(Wake::RenewalNear { days: 0 }),
            ),
            "renews today, new since handled",
        ),
        (
            "news and a due follow-up: the news is named",
            {
                let mut a = logged(vec![log("win-back", ago(7), Some(ago(1)))]);
                a.events.push(event("champion_left", 3, ""));
                a
            },
            no_change,
            want(
                "win-back",
                ago(7),
                ago(1),
                true,
                Some(Wake::NewCritical(AlertKind::ChampionLeft)),
            ),
            "champion left, new since handled",
        ),
    ];
    for (name, account, tweak, expected, why) in cases {
        let mut model = Model::default();
        tweak(&mut model);
        let engine = Engine::new(model).unwrap();
        let eval = engine.evaluate(&account, now);
        let got = handled(&engine, &account, &eval, now);
        assert_eq!(got, expected, "{name}");
        assert_eq!(got.map(|h| h.why()).unwrap_or_default(), why, "{name}");
    }
}

/// Replaying the mornings after a log with a follow-up in 7 days: handled
/// every day before it, woken on it and after, and handled afresh once the
/// play is logged again.
#[test]
fn a_follow_up_wakes_its_account_on_its_day() {
    let engine = Engine::new(Model::default()).unwrap();
    let logged_on = day(NOW);
    let mut a = logged(vec![log("win-back", logged_on, Some(after(7)))]);
    let on = |a: &Account, d: NaiveDate| {
        let eval = engine.evaluate(a, d);
        handled(&engine, a, &eval, d).map(|h| h.why())
    };
    assert_eq!(on(&a, ago(1)), None, "the day before the log");
    for d in 0..7 {
        assert_eq!(
            on(&a, after(d)).as_deref(),
            Some("handled 11-23: win-back, follow-up 11-30"),
            "day {d}"
        );
    }
    assert_eq!(
        on(&a, after(7)).as_deref(),
        Some("follow-up due today: win-back")
    );
    assert_eq!(
        on(&a, after(9)).as_deref(),
        Some("follow-up due 2d: win-back")
    );
    a.plays_logged.push(log("win-back", after(9), None));
    assert_eq!(
        on(&a, after(9)).as_deref(),
        Some("handled 12-02: win-back, until 12-09")
    );
}
