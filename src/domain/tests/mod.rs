//! Table tests of alerts and plays, with an injected clock.

use super::account::{Account, Contact, Event, PlayLog, PlayOutcome, Point, Series};
use super::engine::Engine;
use super::model::Model;
use super::play::next_follow_up;
use super::vocab::{AlertKind, Band, Metric};
use chrono::NaiveDate;

mod agenda;
mod attention;
mod behind;
mod closing;
mod digest;
mod follow_up;
mod inbox;
mod parts;
mod rows;
mod snooze;
mod tracking;

const NOW: &str = "2026-11-23";

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn ago(days: u64) -> NaiveDate {
    day(NOW).checked_sub_days(chrono::Days::new(days)).unwrap()
}

fn series(points: &[(NaiveDate, f32)]) -> Series {
    Series::new(
        points
            .iter()
            .map(|&(at, value)| Point { at, value })
            .collect(),
    )
}

fn event(kind: &str, days_ago: u64, detail: &str) -> Event {
    Event {
        kind: kind.into(),
        at: ago(days_ago),
        detail: (!detail.is_empty()).then(|| detail.into()),
    }
}

/// A steady established account, renewal far away, nothing wrong.
fn base() -> Account {
    let mut a = Account {
        id: "A".into(),
        name: "Acme".into(),
        contract_start: Some(day("2025-01-01")),
        renewal_date: Some(day("2027-09-01")),
        ..Account::default()
    };
    for m in [
        "kickoff",
        "admin_setup",
        "users_added",
        "first_value",
        "onboarding_complete",
    ] {
        a.milestones.insert(m.into(), day("2025-01-05"));
    }
    for m in ["regular_logins", "reports_adopted", "advanced_features"] {
        a.milestones.insert(m.into(), day("2025-02-01"));
    }
    let start = day("2025-01-01");
    a.metrics.set(Metric::Licenses, series(&[(start, 100.0)]));
    a.metrics
        .set(Metric::SeatsAssigned, series(&[(start, 90.0)]));
    a.metrics.set(Metric::ActiveUsers, series(&[(start, 70.0)]));
    a.metrics
        .set(Metric::KeyFeatureAdoption, series(&[(start, 0.6)]));
    a
}

/// `a` with nothing that says onboarding began: no milestone, no seats in
/// use, no active users (either would imply the kickoff happened).
fn not_started(mut a: Account) -> Account {
    a.milestones.clear();
    a.metrics.set(Metric::SeatsAssigned, Series::default());
    a.metrics.set(Metric::ActiveUsers, Series::default());
    a
}

/// In pre-renewal: renewal in 60 days.
fn renewing(mut a: Account) -> Account {
    a.renewal_date = Some(day("2027-01-22"));
    for m in ["renewal_qbr", "success_review"] {
        a.milestones.insert(m.into(), ago(1));
    }
    a
}

#[test]
fn a_renewal_date_passed_without_an_outcome_is_overdue() {
    let engine = Engine::new(Model::default()).unwrap();
    let overdue = |a: &Account| {
        engine
            .evaluate(a, day(NOW))
            .alerts
            .first()
            .is_some_and(|x| x.kind() == AlertKind::RenewalOverdue)
    };
    let mut a = base();
    a.renewal_date = Some(ago(12));
    assert!(overdue(&a), "open and past its renewal date: first alert");
    let msg = engine.evaluate(&a, day(NOW)).alerts[0].message(&engine);
    assert_eq!(msg, "renewal date passed 12 days ago, no outcome recorded");
    a.outcome = super::account::Outcome::Renewed;
    a.outcome_date = Some(ago(12));
    assert!(!overdue(&a), "renewed: not overdue");
    a.outcome = super::account::Outcome::Open;
    a.renewal_date = Some(day(NOW).succ_opt().unwrap());
    assert!(!overdue(&a), "due tomorrow is not overdue");
}

#[test]
fn critical_alerts_come_first() {
    let engine = Engine::new(Model::default()).unwrap();
    let mut a = not_started(base());
    a.contract_start = Some(ago(45));
    let kinds: Vec<AlertKind> = engine
        .evaluate(&a, day(NOW))
        .alerts
        .iter()
        .map(|x| x.kind())
        .collect();
    // milestone_overdue (a warning) comes before onboarding_not_started
    // in rule order; the critical one leads.
    assert_eq!(
        kinds,
        [AlertKind::OnboardingNotStarted, AlertKind::MilestoneOverdue]
    );
}

#[test]
fn a_healthy_account_raises_nothing() {
    let engine = Engine::new(Model::default()).unwrap();
    let e = engine.evaluate(&base(), day(NOW));
    assert!(e.alerts.is_empty(), "{:?}", e.alerts);
    assert_eq!(e.health.band, Band::Good);
}

#[test]
fn each_rule_fires_and_explains_itself() {
    let engine = Engine::new(Model::default()).unwrap();
    type Case = (
        &'static str,
        Box<dyn Fn(&mut Account)>,
        Option<AlertKind>,
        &'static [&'static str],
    );
    let cases: Vec<Case> = vec![
        (
            "usage fell 40% in 30 days",
            Box::new(|a| {
                let s = day("2025-01-01");
                a.metrics
                    .set(Metric::ActiveUsers, series(&[(s, 70.0), (ago(5), 42.0)]));
            }),
            Some(AlertKind::UsageDecline),
            &["40%", "70 -> 42"],
        ),
        (
            "usage fell 10%: below the threshold",
            Box::new(|a| {
                let s = day("2025-01-01");
                a.metrics
                    .set(Metric::ActiveUsers, series(&[(s, 70.0), (ago(5), 63.0)]));
            }),
            None,
            &[],
        ),
        (
            "the champion left 10 days ago",
            Box::new(|a| a.events.push(event("champion_left", 10, "Dana Reyes"))),
            Some(AlertKind::ChampionLeft),
            &["Dana Reyes", "10 days ago"],
        ),
        (
            "the admin changed yesterday",
            Box::new(|a| a.events.push(event("admin_changed", 1, ""))),
            Some(AlertKind::AdminChanged),
            &["yesterday"],
        ),
        (
            "a milestone of the current stage is overdue",
            Box::new(|a| {
                a.milestones.remove("advanced_features");
            }),
            Some(AlertKind::MilestoneOverdue),
            &["Advanced features in use is 18 months overdue"],
        ),
        (
            "onboarding with no kickoff 20 days in",
            Box::new(|a| {
                *a = not_started(a.clone());
                a.contract_start = Some(ago(20));
            }),
            Some(AlertKind::OnboardingNotStarted),
            &["no kickoff 20 days"],
        ),
        (
            "4 open tickets before renewal",
            Box::new(|a| {
                *a = renewing(a.clone());
                a.metrics.set(Metric::OpenTickets, series(&[(ago(3), 4.0)]));
            }),
            Some(AlertKind::SupportBacklog),
            &["4 open support tickets", "threshold 3"],
        ),
        (
            "30% of licenses assigned before renewal",
            Box::new(|a| {
                *a = renewing(a.clone());
                a.metrics
                    .set(Metric::SeatsAssigned, series(&[(day("2025-01-01"), 30.0)]));
            }),
            Some(AlertKind::LicenseUnderuse),
            &["30%", "30 of 100"],
        ),
        (
            "the exec sponsor unseen for 45 days",
            Box::new(|a| {
                a.contacts.push(Contact {
                    name: "Sam Hale".into(),
                    role: Some("exec_sponsor".into()),
                    as_of: None,
                    email: None,
                    last_seen: Some(ago(45)),
                })
            }),
            Some(AlertKind::ExecInactive),
            &["Sam Hale", "45 days"],
        ),
        (
            "12 users added this week",
            Box::new(|a| {
                a.events.push(event("users_added", 2, "5"));
                a.events.push(event("users_added", 4, "7"));
                a.events.push(event("users_added", 20, "50"));
            }),
            Some(AlertKind::UsersSurge),
            &["12 users added"],
        ),
        (
            "a feature adopted 3 days ago",
            Box::new(|a| a.events.push(event("feature_adopted", 3, "Dashboards"))),
            Some(AlertKind::FeatureAdopted),
            &["Dashboards", "3 days ago"],
        ),
    ];
    for (name, change, kind, words) in cases {
        let mut a = base();
        change(&mut a);
        let e = engine.evaluate(&a, day(NOW));
        let Some(kind) = kind else {
            assert!(e.alerts.is_empty(), "{name}: {:?}", e.alerts);
            continue;
        };
        let alert = e.alerts.iter().find(|x| x.kind() == kind);
        let alert = alert.unwrap_or_else(|| panic!("{name}: no {kind:?} in {:?}", e.alerts));
        let message = alert.message(&engine);
        for w in words {
            assert!(message.contains(w), "{name}: `{w}` not in `{message}`");
        }
    }
}

/// The recommended plays of `a` today: id and reason, in order.
fn plays(a: &Account) -> Vec<(String, String)> {
    let engine = Engine::new(Model::default()).unwrap();
    let e = engine.evaluate(a, day(NOW));
    e.plays
        .iter()
        .map(|r| {
            let id = engine.play(r.play).id.to_string();
            (id, r.reason(&engine, &e.health, &e.alerts))
        })
        .collect()
}

#[test]
fn plays_follow_their_triggers_with_reasons() {
    // Established, low key-feature adoption: sponsor review, with the value.
    let mut a = base();
    a.metrics.set(
        Metric::KeyFeatureAdoption,
        series(&[(day("2025-01-01"), 0.2)]),
    );
    let p = plays(&a);
    assert_eq!(
        p[0],
        (
            "sponsor-review".into(),
            "key_feature_adoption 0.2 < 0.3".into()
        )
    );

    // Established, poor health: escalation comes first (highest priority).
    let mut a = base();
    let s = day("2025-01-01");
    a.metrics.set(Metric::ActiveUsers, series(&[(s, 5.0)]));
    a.metrics.set(Metric::SeatsAssigned, series(&[(s, 10.0)]));
    a.metrics
        .set(Metric::KeyFeatureAdoption, series(&[(s, 0.1)]));
    let p = plays(&a);
    assert_eq!(p[0].0, "escalate-poor-health");
    assert!(p[0].1.starts_with("health poor ("), "{}", p[0].1);
    assert!(p.iter().any(|(id, _)| id == "sponsor-review"));

    // Pre-renewal with a usage decline: win-back, its reason quoting the alert.
    let mut a = renewing(base());
    a.metrics
        .set(Metric::ActiveUsers, series(&[(s, 70.0), (ago(5), 35.0)]));
    let p = plays(&a);
    let (_, reason) = p.iter().find(|(id, _)| id == "win-back").expect("win-back");
    assert!(
        reason.starts_with("usage_decline: active users down 50%"),
        "{reason}"
    );
    // Plays of other stages never show.
    assert!(!p
        .iter()
        .any(|(id, _)| id == "sponsor-review" || id == "onboarding-kickstart"));

    // A play just done is not recommended again within its follow-up.
    let mut a = base();
    a.metrics
        .set(Metric::KeyFeatureAdoption, series(&[(s, 0.2)]));
    a.plays_logged.push(PlayLog {
        id: "L1".into(),
        prompted_by: None,
        state: None,
        error: None,
        play_id: "sponsor-review".into(),
        outcome: PlayOutcome::Done,
        at: ago(3),
        note: String::new(),
        follow_up: None,
    });
    assert!(!plays(&a).iter().any(|(id, _)| id == "sponsor-review"));
    a.plays_logged[0].at = ago(20);
    assert!(
        plays(&a).iter().any(|(id, _)| id == "sponsor-review"),
        "after 14 days it is due again"
    );

    // Rescheduled with a follow-up: off the list until (not on) that day,
    // and the account says when the follow-up is.
    let follow_up = day(NOW).succ_opt().unwrap();
    a.plays_logged[0].outcome = PlayOutcome::Rescheduled;
    a.plays_logged[0].follow_up = Some(follow_up);
    assert!(!plays(&a).iter().any(|(id, _)| id == "sponsor-review"));
    assert_eq!(next_follow_up(&a, day(NOW)), Some(follow_up));
    assert!(
        engine_plays(&a, follow_up).contains(&"sponsor-review".to_string()),
        "due again on the follow-up day"
    );
    assert_eq!(next_follow_up(&a, follow_up), None);

    // The manual check-in is never recommended.
    assert!(!plays(&base()).iter().any(|(id, _)| id == "check-in"));
}

fn engine_plays(a: &Account, on: NaiveDate) -> Vec<String> {
    let engine = Engine::new(Model::default()).unwrap();
    let e = engine.evaluate(a, on);
    e.plays
        .iter()
        .map(|r| engine.play(r.play).id.to_string())
        .collect()
}

#[test]
fn a_disabled_rule_is_silent_and_a_stage_override_moves_it() {
    let fires = |model: &Model, a: &Account, kind: AlertKind| {
        let engine = Engine::new(model.clone()).unwrap();
        engine
            .evaluate(a, day(NOW))
            .alerts
            .iter()
            .any(|x| x.kind() == kind)
    };
    let mut a = base();
    a.metrics.set(Metric::OpenTickets, series(&[(ago(1), 9.0)]));
    let mut model = Model::default();
    assert!(
        !fires(&model, &a, AlertKind::SupportBacklog),
        "pre-renewal only"
    );
    model.alerts.support_backlog.stage = Some("established".into());
    assert!(
        fires(&model, &a, AlertKind::SupportBacklog),
        "moved to established"
    );
    model.alerts.support_backlog.stage = None;
    assert!(fires(&model, &a, AlertKind::SupportBacklog), "any stage");
    model.alerts.support_backlog.enabled = false;
    assert!(!fires(&model, &a, AlertKind::SupportBacklog), "disabled");
}

#[test]
fn thresholds_are_inclusive_and_stage_gates_hold() {
    let engine = Engine::new(Model::default()).unwrap();
    let fires = |a: &Account, kind: AlertKind| {
        engine
            .evaluate(a, day(NOW))
            .alerts
            .iter()
            .any(|x| x.kind() == kind)
    };
    let s = day("2025-01-01");

    // usage_decline: exactly 20% over 30 days fires, 19% does not.
    let mut a = base();
    a.metrics
        .set(Metric::ActiveUsers, series(&[(s, 100.0), (ago(2), 80.0)]));
    assert!(fires(&a, AlertKind::UsageDecline), "20% is enough");
    a.metrics
        .set(Metric::ActiveUsers, series(&[(s, 100.0), (ago(2), 81.0)]));
    assert!(!fires(&a, AlertKind::UsageDecline), "19% is not");

    // onboarding_not_started: 14 days in fires, 13 does not.
    let mut a = not_started(base());
    a.contract_start = Some(ago(14));
    assert!(fires(&a, AlertKind::OnboardingNotStarted));
    a.contract_start = Some(ago(13));
    assert!(!fires(&a, AlertKind::OnboardingNotStarted));

    // support_backlog: 3 tickets fire in pre-renewal, 2 do not, and 9 do
    // not outside pre-renewal.
    let mut a = renewing(base());
    a.metrics.set(Metric::OpenTickets, series(&[(ago(1), 3.0)]));
    assert!(fires(&a, AlertKind::SupportBacklog));
    a.metrics.set(Metric::OpenTickets, series(&[(ago(1), 2.0)]));
    assert!(!fires(&a, AlertKind::SupportBacklog));
    let mut a = base();
    a.metrics.set(Metric::OpenTickets, series(&[(ago(1), 9.0)]));
    assert!(
        !fires(&a, AlertKind::SupportBacklog),
        "established: not this rule's stage"
    );
    a.metrics.set(Metric::SeatsAssigned, series(&[(s, 10.0)]));
    assert!(
        !fires(&a, AlertKind::LicenseUnderuse),
        "established: not this rule's stage"
    );

    // champion_left: 30 days ago fires, 31 does not.
    let mut a = base();
    a.events.push(event("champion_left", 30, ""));
    assert!(fires(&a, AlertKind::ChampionLeft));
    a.events[0] = event("champion_left", 31, "");
    assert!(!fires(&a, AlertKind::ChampionLeft));
}

#[test]
fn health_drop_uses_its_configured_window() {
    let mut model = Model::default();
    model.alerts.health_drop.window_days = 14;
    let engine = Engine::new(model).unwrap();
    let s = day("2025-01-01");
    // Usage fell 10 days ago: within 14 days, not within 7.
    let mut a = base();
    a.metrics
        .set(Metric::ActiveUsers, series(&[(s, 70.0), (ago(10), 5.0)]));
    a.metrics.set(
        Metric::KeyFeatureAdoption,
        series(&[(s, 0.6), (ago(10), 0.05)]),
    );
    let e = engine.evaluate(&a, day(NOW));
    assert_eq!(e.health.delta_7d, Some(0.0));
    let drop = e.alerts.iter().find(|x| x.kind() == AlertKind::HealthDrop);
    let message = drop.expect("a 14-day drop").message(&engine);
    assert!(message.contains("in 14 days"), "{message}");
}
