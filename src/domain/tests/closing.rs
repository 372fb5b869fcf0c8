//! Plays at the ends of a term: a renewal past its date, a critical alert
//! no play answers, and an account that churned.

use super::{ago, base, day, event, not_started, plays, renewing, series, NOW};
use crate::domain::account::{Outcome, PlayLog, PlayOutcome};
use crate::domain::engine::Engine;
use crate::domain::model::Model;
use crate::domain::vocab::Metric;
use crate::domain::Account;

fn stage(a: &Account) -> String {
    let engine = Engine::new(Model::default()).unwrap();
    let e = engine.evaluate(a, day(NOW));
    engine.stage(e.stage).id.to_string()
}

#[test]
fn a_renewal_past_its_date_asks_to_confirm_it_before_a_win_back() {
    // Ten days past the renewal date, no outcome, and usage falling.
    let mut a = renewing(base());
    a.renewal_date = Some(ago(10));
    let s = day("2025-01-01");
    a.metrics
        .set(Metric::ActiveUsers, series(&[(s, 70.0), (ago(5), 35.0)]));
    let p = plays(&a);
    assert_eq!(p[0].0, "confirm-renewal", "{p:?}");
    assert_eq!(
        p[0].1,
        "renewal_overdue: renewal date passed 10 days ago, no outcome recorded"
    );
    // Without falling usage, still the first thing to do.
    let mut quiet = renewing(base());
    quiet.renewal_date = Some(ago(3));
    assert_eq!(plays(&quiet)[0].0, "confirm-renewal");
    // Recorded as renewed: nothing to confirm.
    quiet.outcome = Outcome::Renewed;
    quiet.outcome_date = Some(ago(3));
    assert!(!plays(&quiet).iter().any(|(id, _)| id == "confirm-renewal"));
}

#[test]
fn an_established_account_with_a_critical_alert_always_has_a_play() {
    type Case = (&'static str, fn(&mut Account), &'static str);
    let cases: [Case; 3] = [
        (
            "champion left",
            |a| a.events.push(event("champion_left", 5, "Ann")),
            "champion_left: ",
        ),
        (
            "usage down a third in good health",
            |a| {
                let s = day("2025-01-01");
                a.metrics
                    .set(Metric::ActiveUsers, series(&[(s, 90.0), (ago(5), 60.0)]));
            },
            "usage_decline: active users down 33%",
        ),
        (
            "champion left and a warning",
            |a| {
                a.events.push(event("champion_left", 2, ""));
                a.events.push(event("admin_changed", 2, ""));
            },
            "champion_left: ",
        ),
    ];
    for (name, change, because) in cases {
        let mut a = base();
        change(&mut a);
        assert_eq!(stage(&a), "established", "{name}");
        let p = plays(&a);
        assert!(!p.is_empty(), "{name}: no play");
        assert_eq!(p[0].0, "check-in", "{name}: {p:?}");
        assert!(p[0].1.starts_with(because), "{name}: {}", p[0].1);
        assert!(p[0].1.ends_with("(no play is set for it in this stage)"));
    }
    // A play whose trigger fires comes instead of the fallback.
    let mut a = base();
    a.events.push(event("champion_left", 5, ""));
    a.metrics.set(
        Metric::KeyFeatureAdoption,
        series(&[(day("2025-01-01"), 0.2)]),
    );
    let ids: Vec<String> = plays(&a).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, ["sponsor-review"]);
    // No critical alert, no fallback: a calm account has nothing to do.
    assert!(plays(&base()).is_empty());
    // The check-in just done holds it, as any play just done.
    let mut a = base();
    a.events.push(event("champion_left", 5, ""));
    a.plays_logged.push(PlayLog {
        id: "L1".into(),
        play_id: "check-in".into(),
        outcome: PlayOutcome::Done,
        at: ago(1),
        note: String::new(),
        follow_up: None,
        prompted_by: None,
        state: None,
        error: None,
    });
    assert!(plays(&a).is_empty());
}

#[test]
fn a_churned_account_gets_no_play() {
    // Usage falling, a champion gone: a play while it is open.
    let mut a = renewing(base());
    let s = day("2025-01-01");
    a.metrics
        .set(Metric::ActiveUsers, series(&[(s, 30.0), (ago(5), 5.0)]));
    a.metrics.set(Metric::SeatsAssigned, series(&[(s, 10.0)]));
    a.events.push(event("champion_left", 5, ""));
    assert!(!plays(&a).is_empty());
    a.outcome = Outcome::Churned;
    a.outcome_date = Some(ago(2));
    assert_eq!(plays(&a), Vec::<(String, String)>::new());
}

#[test]
fn a_play_held_back_as_just_done_is_not_replaced_by_the_fallback() {
    // Onboarding not started (critical), its kick-start just rescheduled
    // to a later day: looked after, nothing to add.
    let mut a = not_started(base());
    a.contract_start = Some(ago(45));
    assert_eq!(plays(&a)[0].0, "onboarding-kickstart");
    a.plays_logged.push(PlayLog {
        id: "L1".into(),
        play_id: "onboarding-kickstart".into(),
        outcome: PlayOutcome::Rescheduled,
        at: ago(2),
        note: String::new(),
        follow_up: Some(day("2026-11-26")),
        prompted_by: None,
        state: None,
        error: None,
    });
    let p = plays(&a);
    assert!(!p.iter().any(|(id, _)| id == "check-in"), "{p:?}");
    assert!(
        !p.iter().any(|(id, _)| id == "onboarding-kickstart"),
        "{p:?}"
    );
}
