//! Snoozes: the wake rules, and what a snoozed alert no longer does
//! (points, Why, plays, early warning) while a woken one is news.

use super::{ago, base, day, renewing, series, NOW};
use crate::domain::account::Account;
use crate::domain::alert::{Alert, AlertFacts};
use crate::domain::engine::Engine;
use crate::domain::journey::early_warning::changes;
use crate::domain::model::Model;
use crate::domain::snooze::{mark, wake, Snooze, SnoozeWake};
use crate::domain::vocab::{AlertKind, Metric, MilestoneIx, Severity};
use chrono::NaiveDate;

fn alert(severity: Severity, facts: AlertFacts) -> Alert {
    Alert {
        severity,
        facts,
        snooze: None,
    }
}

fn usage(drop_pct: f64) -> AlertFacts {
    AlertFacts::UsageDecline {
        drop_pct,
        from: 100.0,
        to: 100.0 - drop_pct,
        window_days: 30,
    }
}

fn snoozed(kind: AlertKind, severity: Severity, depth: Option<f64>) -> Snooze {
    Snooze {
        alert: kind,
        at: ago(3),
        until: day("2026-12-24"),
        reason: "customer on vacation".into(),
        severity,
        depth,
    }
}

#[test]
fn each_kind_wakes_by_its_rule() {
    use AlertKind as K;
    use Severity::{Critical, Warning};
    let now = day(NOW);
    let late = |days_late| AlertFacts::MilestoneOverdue {
        count: 1,
        worst: MilestoneIx::new(0),
        days_late,
    };
    let renewal = |days_past| AlertFacts::RenewalOverdue { days_past };
    let tickets = |open_tickets| AlertFacts::SupportBacklog {
        open_tickets,
        threshold: 3.0,
    };
    let licenses = |assigned_pct| AlertFacts::LicenseUnderuse {
        assigned_pct,
        seats: assigned_pct,
        licenses: 100.0,
    };
    let champion = AlertFacts::ChampionLeft {
        days_ago: 80,
        who: None,
    };
    type Case = (&'static str, Snooze, Alert, NaiveDate, Option<SnoozeWake>);
    let cases: Vec<Case> = vec![
        (
            "usage 9 points deeper holds",
            snoozed(K::UsageDecline, Critical, Some(20.0)),
            alert(Critical, usage(29.0)),
            now,
            None,
        ),
        (
            "usage 10 points deeper wakes",
            snoozed(K::UsageDecline, Critical, Some(20.0)),
            alert(Critical, usage(30.0)),
            now,
            Some(SnoozeWake::Worse),
        ),
        (
            "a milestone late 19 days, snoozed at 10, holds",
            snoozed(K::MilestoneOverdue, Warning, Some(10.0)),
            alert(Warning, late(19)),
            now,
            None,
        ),
        (
            "a milestone late twice as long wakes",
            snoozed(K::MilestoneOverdue, Warning, Some(10.0)),
            alert(Warning, late(20)),
            now,
            Some(SnoozeWake::Worse),
        ),
        (
            "a renewal overdue twice as long wakes",
            snoozed(K::RenewalOverdue, Critical, Some(5.0)),
            alert(Critical, renewal(10)),
            now,
            Some(SnoozeWake::Worse),
        ),
        (
            "a renewal snoozed on its day wakes the day after",
            snoozed(K::RenewalOverdue, Critical, Some(0.0)),
            alert(Critical, renewal(1)),
            now,
            Some(SnoozeWake::Worse),
        ),
        (
            "a renewal snoozed on its day holds that day",
            snoozed(K::RenewalOverdue, Critical, Some(0.0)),
            alert(Critical, renewal(0)),
            now,
            None,
        ),
        (
            "a backlog short of double holds",
            snoozed(K::SupportBacklog, Warning, Some(6.0)),
            alert(Warning, tickets(11.0)),
            now,
            None,
        ),
        (
            "a backlog doubled wakes",
            snoozed(K::SupportBacklog, Warning, Some(6.0)),
            alert(Warning, tickets(12.0)),
            now,
            Some(SnoozeWake::Worse),
        ),
        (
            "unassigned licenses doubled wake (30% unassigned to 60%)",
            snoozed(K::LicenseUnderuse, Warning, Some(30.0)),
            alert(Warning, licenses(40.0)),
            now,
            Some(SnoozeWake::Worse),
        ),
        (
            "a champion left has no depth: never worse",
            snoozed(K::ChampionLeft, Critical, None),
            alert(Critical, champion.clone()),
            now,
            None,
        ),
        (
            "a warning snoozed that is now critical wakes",
            snoozed(K::UsageDecline, Warning, Some(20.0)),
            alert(Critical, usage(20.0)),
            now,
            Some(SnoozeWake::SeverityUp),
        ),
        (
            "a critical snoozed that is now a warning holds",
            snoozed(K::UsageDecline, Critical, Some(20.0)),
            alert(Warning, usage(20.0)),
            now,
            None,
        ),
        (
            "the day before the date holds",
            snoozed(K::ChampionLeft, Critical, None),
            alert(Critical, champion.clone()),
            day("2026-12-23"),
            None,
        ),
        (
            "the date wakes it",
            snoozed(K::ChampionLeft, Critical, None),
            alert(Critical, champion.clone()),
            day("2026-12-24"),
            Some(SnoozeWake::Date),
        ),
    ];
    for (name, snooze, alert, now, want) in cases {
        assert_eq!(wake(&snooze, &alert, now), want, "{name}");
        let m = mark(std::slice::from_ref(&snooze), &alert, now).expect(name);
        assert_eq!(m.holds(), want.is_none(), "{name}");
    }
    // Before the day it was made, there is no snooze; another kind's
    // snooze is not this alert's.
    let s = snoozed(K::UsageDecline, Critical, Some(20.0));
    assert_eq!(
        mark(
            std::slice::from_ref(&s),
            &alert(Critical, usage(20.0)),
            ago(4)
        ),
        None
    );
    assert_eq!(mark(&[s], &alert(Critical, champion), day(NOW)), None);
}

#[test]
fn depth_is_one_number_per_kind() {
    assert_eq!(usage(35.0).depth(), Some(35.0));
    let licenses = AlertFacts::LicenseUnderuse {
        assigned_pct: 30.0,
        seats: 30.0,
        licenses: 100.0,
    };
    assert_eq!(licenses.depth(), Some(70.0));
    let exec = AlertFacts::ExecInactive {
        days_unseen: 45,
        who: "Sam".into(),
    };
    assert_eq!(exec.depth(), Some(45.0));
    let admin = AlertFacts::AdminChanged {
        days_ago: 1,
        who: None,
    };
    assert_eq!(admin.depth(), None);
    assert_eq!(usage(f64::NAN).depth(), None, "no number is no depth");
}

/// Renewing in 60 days with usage down 40% this week: usage decline
/// (critical) is the first alert, and it prompts the win-back play.
fn falling() -> Account {
    let mut a = renewing(base());
    a.metrics.set(
        Metric::ActiveUsers,
        series(&[(day("2025-01-01"), 70.0), (ago(5), 42.0)]),
    );
    a
}

fn snooze_usage(a: &mut Account, at: NaiveDate, until: NaiveDate, depth: f64) {
    a.snoozes.push(Snooze {
        alert: AlertKind::UsageDecline,
        at,
        until,
        reason: "customer on vacation".into(),
        severity: Severity::Critical,
        depth: Some(depth),
    });
}

#[test]
fn a_snoozed_alert_stays_listed_but_counts_for_nothing() {
    let engine = Engine::new(Model::default()).unwrap();
    let now = day(NOW);
    let a = falling();
    let before = engine.evaluate(&a, now);
    assert_eq!(before.alerts[0].kind(), AlertKind::UsageDecline);
    assert_eq!(before.attention.why(), "usage falling");
    let plays = |e: &crate::domain::Evaluation| -> Vec<String> {
        e.plays
            .iter()
            .map(|r| engine.play(r.play).id.to_string())
            .collect()
    };
    assert!(plays(&before).contains(&"win-back".to_string()));

    let mut b = a.clone();
    snooze_usage(&mut b, ago(1), day("2026-12-24"), 40.0);
    let after = engine.evaluate(&b, now);
    let usage = after
        .alerts
        .iter()
        .find(|x| x.kind() == AlertKind::UsageDecline)
        .expect("still listed");
    assert!(usage.is_snoozed());
    let model = &engine.model.attention;
    assert!(
        (before.attention.score - after.attention.score - model.critical_alert).abs() < 1e-9,
        "its points go: {} -> {}",
        before.attention.score,
        after.attention.score
    );
    assert_ne!(after.attention.why(), "usage falling", "it names no Why");
    assert!(
        !plays(&after).contains(&"win-back".to_string()),
        "it recommends no play: {:?}",
        plays(&after)
    );
    assert_eq!(
        usage.snooze.as_ref().unwrap().text(AlertKind::UsageDecline),
        "snoozed until 12-24: customer on vacation"
    );
}

#[test]
fn snoozed_facts_that_feed_other_parts_count_for_nothing_either() {
    let engine = Engine::new(Model::default()).unwrap();
    let now = day(NOW);
    let mut a = base();
    a.renewal_date = Some(ago(12));
    let was = engine.evaluate(&a, now).attention;
    assert_eq!(was.why(), "renewal 12d overdue");
    a.snoozes.push(Snooze {
        alert: AlertKind::RenewalOverdue,
        at: ago(2),
        until: day("2026-12-24"),
        reason: "in legal review".into(),
        severity: Severity::Critical,
        depth: Some(10.0),
    });
    let is = engine.evaluate(&a, now).attention;
    // Both the alert's points and the overdue renewal's go (no ARR: a
    // factor of 1).
    let m = &engine.model.attention;
    let gone = m.renewal_overdue + m.critical_alert;
    assert!(
        (was.score - is.score - gone).abs() < 1e-9,
        "{was:?} -> {is:?}"
    );
    assert!(!is.why().contains("renewal"), "{}", is.why());
}

#[test]
fn early_warning_leaves_a_snoozed_alert_out_and_reports_its_waking() {
    let engine = Engine::new(Model::default()).unwrap();
    let now = day(NOW);
    let since = ago(7);
    let changes_of = |a: &Account| {
        let evals = vec![engine.evaluate(a, now)];
        changes(&engine, std::slice::from_ref(a), &evals, since, now).changes
    };
    let a = falling();
    let plain = changes_of(&a);
    assert_eq!(plain.len(), 1);
    assert!(plain[0].new_critical.contains(&AlertKind::UsageDecline));

    // Snoozed (made after `since`, still holding): no news.
    let mut b = a.clone();
    snooze_usage(&mut b, ago(1), day("2026-12-24"), 40.0);
    let held = changes_of(&b);
    assert!(
        held.iter()
            .all(|c| !c.new_critical.contains(&AlertKind::UsageDecline) && c.woken.is_empty()),
        "{held:?}"
    );

    // Snoozed at 25% down, now 40%: woke worse, reported once.
    let mut c = a.clone();
    snooze_usage(&mut c, ago(1), day("2026-12-24"), 25.0);
    let woke = changes_of(&c);
    assert_eq!(woke.len(), 1, "{woke:?}");
    assert_eq!(woke[0].woken.len(), 1);
    let w = &woke[0].woken[0];
    assert_eq!(
        (w.alert, w.wake),
        (AlertKind::UsageDecline, SnoozeWake::Worse)
    );
    assert_eq!(
        w.text,
        "woke: usage falling, snoozed until 12-24, now down 40%"
    );
    assert!(woke[0].reason.contains(&w.text), "{}", woke[0].reason);
    assert!(
        !woke[0].new_critical.contains(&AlertKind::UsageDecline),
        "not also new"
    );

    // Its date came yesterday: woken on that day, reported in a look
    // since before it, not in one since after it.
    let mut d = a.clone();
    snooze_usage(&mut d, ago(20), ago(1), 40.0);
    let ended = changes_of(&d);
    assert_eq!(ended.len(), 1, "{ended:?}");
    assert_eq!(ended[0].woken[0].wake, SnoozeWake::Date);
    assert!(ended[0].woken[0]
        .text
        .starts_with("snooze ended: usage falling"));
    let evals = vec![engine.evaluate(&d, now)];
    let later = changes(&engine, std::slice::from_ref(&d), &evals, ago(1), now);
    assert!(later.changes.is_empty(), "{:?}", later.changes);
    // And the alert counts again.
    assert_eq!(engine.evaluate(&d, now).attention.why(), "usage falling");
}
