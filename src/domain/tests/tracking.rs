//! What the data can support: untracked, implied and derived milestones,
//! on a book shaped like a real portal (onboarding milestones only).

use super::{ago, base, day, not_started, series, NOW};
use crate::domain::account::Outcome;
use crate::domain::engine::Engine;
use crate::domain::journey::cohorts::{cohorts, CohortBy};
use crate::domain::milestone::MilestoneStatus::{self, *};
use crate::domain::model::Model;
use crate::domain::report::account_detail;
use crate::domain::review::review;
use crate::domain::tracking::Recordable;
use crate::domain::vocab::{AlertKind, Metric};
use crate::domain::Account;

/// The milestones the common portal records: the onboarding ones.
const ONBOARDING: [&str; 5] = [
    "kickoff",
    "admin_setup",
    "users_added",
    "first_value",
    "onboarding_complete",
];

fn portal(ids: &[&str]) -> Recordable {
    Recordable::Named {
        ids: ids.iter().map(|s| s.to_string()).collect(),
        hint: "map it: [source.milestones] {id}".into(),
    }
}

/// The engine for a book of `accounts` from a portal mapping `ids`.
fn book(ids: &[&str], accounts: &[Account]) -> Engine {
    Engine::new(Model::default())
        .unwrap()
        .for_book(&portal(ids), accounts)
}

/// An established account as a portal recording only onboarding
/// milestones sends it: nothing later is recorded.
fn onboarded_only() -> Account {
    let mut a = base();
    a.milestones.retain(|k, _| ONBOARDING.contains(&k.as_str()));
    a
}

fn statuses(engine: &Engine, a: &Account) -> Vec<(String, MilestoneStatus)> {
    engine
        .milestone_states(a, &engine.completions(a), day(NOW))
        .iter()
        .zip(&engine.model.milestones)
        .map(|(s, m)| (m.id.to_string(), s.status))
        .collect()
}

fn status(engine: &Engine, a: &Account, id: &str) -> MilestoneStatus {
    statuses(engine, a)
        .into_iter()
        .find(|(m, _)| m == id)
        .unwrap()
        .1
}

fn kinds(engine: &Engine, a: &Account) -> Vec<AlertKind> {
    let e = engine.evaluate(a, day(NOW));
    e.alerts.iter().map(|x| x.kind()).collect()
}

#[test]
fn an_untracked_milestone_is_unknown_never_overdue() {
    let a = onboarded_only();
    // Every milestone tracked (the old reading): the established ones the
    // portal has no field for read as 18 months overdue.
    let all = Engine::new(Model::default()).unwrap();
    let e = all.evaluate(&a, day(NOW));
    assert_eq!(e.overdue_milestones, 3);
    assert!(kinds(&all, &a).contains(&AlertKind::MilestoneOverdue));

    let engine = book(&ONBOARDING, std::slice::from_ref(&a));
    for id in ["regular_logins", "reports_adopted", "advanced_features"] {
        assert_eq!(status(&engine, &a, id), Untracked, "{id}");
    }
    let e = engine.evaluate(&a, day(NOW));
    assert_eq!(e.overdue_milestones, 0);
    assert!(e.alerts.is_empty(), "{:?}", e.alerts);
    assert_eq!(e.attention.score, 0.0, "no urgency from what is unknown");

    // Its expected date is unknown too, and the account view says how to
    // track it.
    let d = account_detail(&engine, &a, &e, day(NOW));
    let row = d
        .milestones
        .iter()
        .find(|m| m.id == "reports_adopted")
        .unwrap();
    assert_eq!(row.expected_by, None);
    assert_eq!(row.status_text(), "not tracked");
    assert_eq!(
        row.how_to_track.as_deref(),
        Some("map it: [source.milestones] reports_adopted")
    );
    let kickoff = d.milestones.iter().find(|m| m.id == "kickoff").unwrap();
    assert_eq!(kickoff.how_to_track, None, "tracked: nothing to say");
}

#[test]
fn a_milestone_any_account_reports_is_tracked() {
    let a = onboarded_only();
    let mut b = onboarded_only();
    b.milestones.insert("regular_logins".into(), ago(300));
    let engine = book(&ONBOARDING, &[a.clone(), b]);
    assert_eq!(status(&engine, &a, "regular_logins"), Overdue);
    assert_eq!(status(&engine, &a, "reports_adopted"), Untracked);
}

#[test]
fn a_later_milestone_implies_the_earlier_ones_of_its_stage() {
    let mut a = not_started(base());
    a.contract_start = Some(ago(40));
    a.milestones.insert("users_added".into(), ago(20));
    let engine = book(&ONBOARDING, std::slice::from_ref(&a));
    assert_eq!(status(&engine, &a, "kickoff"), DoneImplied);
    assert_eq!(status(&engine, &a, "admin_setup"), DoneImplied);
    assert_eq!(status(&engine, &a, "users_added"), Done);
    assert_eq!(status(&engine, &a, "first_value"), Overdue);
    let k = kinds(&engine, &a);
    assert!(!k.contains(&AlertKind::OnboardingNotStarted), "{k:?}");
    let detail = account_detail(&engine, &a, &engine.evaluate(&a, day(NOW)), day(NOW));
    let kickoff = &detail.milestones[0];
    assert_eq!(
        (kickoff.completed_at, kickoff.reached_by),
        (None, Some(ago(20)))
    );
    assert_eq!(kickoff.status_text(), "done (implied)");
    assert_eq!(kickoff.completed_text(), format!("by {}", ago(20)));

    // Not before the later one happened: as of a day earlier, still due.
    let then = ago(25);
    let states = engine.milestone_states(&a, &engine.completions(&a), then);
    assert_eq!(states[0].status, Overdue);
}

#[test]
fn onboarding_complete_alone_moves_the_account_on() {
    let mut a = not_started(base());
    a.milestones.insert("onboarding_complete".into(), ago(200));
    let engine = book(&ONBOARDING, std::slice::from_ref(&a));
    let e = engine.evaluate(&a, day(NOW));
    assert_eq!(engine.stage(e.stage).id, "established");
    assert!(e.alerts.is_empty(), "{:?}", e.alerts);
    for id in ["kickoff", "first_value"] {
        assert_eq!(status(&engine, &a, id), DoneImplied, "{id}");
    }
    // Measured from first value's day, which is unknown: no expected date,
    // so not overdue, even where every milestone is tracked.
    let all = Engine::new(Model::default()).unwrap();
    let i = 6;
    assert_eq!(all.model.milestones[i].id, "regular_logins");
    let states = all.milestone_states(&a, &all.completions(&a), day(NOW));
    assert_eq!((states[i].expected_by, states[i].status), (None, Pending));
}

#[test]
fn an_untracked_first_value_starts_established_on_schedule() {
    let mut a = not_started(base());
    a.contract_start = Some(ago(400));
    let only_kickoff = book(&["kickoff"], std::slice::from_ref(&a));
    let e = only_kickoff.evaluate(&a, day(NOW));
    assert_eq!(only_kickoff.stage(e.stage).id, "established");
    a.contract_start = Some(ago(10));
    let e = only_kickoff.evaluate(&a, day(NOW));
    assert_eq!(only_kickoff.stage(e.stage).id, "onboarding");
    // Tracked and not reached: onboarding goes on, as before.
    a.contract_start = Some(ago(400));
    let tracked = book(&ONBOARDING, std::slice::from_ref(&a));
    let e = tracked.evaluate(&a, day(NOW));
    assert_eq!(tracked.stage(e.stage).id, "onboarding");
}

#[test]
fn no_kickoff_fires_only_where_nothing_says_onboarding_began() {
    let mut a = not_started(base());
    a.contract_start = Some(ago(30));
    let engine = book(&ONBOARDING, std::slice::from_ref(&a));
    assert!(kinds(&engine, &a).contains(&AlertKind::OnboardingNotStarted));

    let mut seats = a.clone();
    seats
        .metrics
        .set(Metric::SeatsAssigned, series(&[(ago(10), 3.0)]));
    assert!(!kinds(&engine, &seats).contains(&AlertKind::OnboardingNotStarted));
    let mut users = a.clone();
    users
        .metrics
        .set(Metric::ActiveUsers, series(&[(ago(10), 1.0)]));
    assert!(!kinds(&engine, &users).contains(&AlertKind::OnboardingNotStarted));

    // A portal with no kickoff field cannot tell.
    let no_kickoff_field = book(&["first_value"], std::slice::from_ref(&a));
    assert!(!kinds(&no_kickoff_field, &a).contains(&AlertKind::OnboardingNotStarted));
}

#[test]
fn a_derived_milestone_first_seen_reached_is_reached_by_that_day() {
    let mut a = not_started(base());
    a.contract_start = Some(ago(400));
    a.milestones.insert("kickoff".into(), ago(395));
    let i = 3;
    let engine = Engine::new(Model::default()).unwrap();
    assert_eq!(engine.model.milestones[i].id, "licenses_20pct");
    // The first reading (the first sync) already shows 60%: reached by
    // then, never late on that alone.
    a.metrics
        .set(Metric::SeatsAssigned, series(&[(ago(5), 60.0)]));
    let states = engine.milestone_states(&a, &engine.completions(&a), day(NOW));
    assert_eq!(states[i].status, Done);
    assert_eq!(
        (states[i].completed_at, states[i].reached_by),
        (None, Some(ago(5)))
    );
    // With a reading below the share first, the crossing has a day: late.
    a.metrics.set(
        Metric::SeatsAssigned,
        series(&[(ago(400), 0.0), (ago(300), 30.0)]),
    );
    let states = engine.milestone_states(&a, &engine.completions(&a), day(NOW));
    assert_eq!(states[i].status, DoneLate);
    assert_eq!(states[i].completed_at, Some(ago(300)));
}

#[test]
fn cohorts_and_the_review_leave_untracked_milestones_out() {
    let mut accounts = Vec::new();
    for n in 0..40 {
        let mut a = onboarded_only();
        a.id = format!("A{n}").into();
        a.renewal_date = Some(ago(30));
        a.outcome = if n % 2 == 0 {
            Outcome::Churned
        } else {
            Outcome::Renewed
        };
        a.outcome_date = Some(ago(30));
        accounts.push(a);
    }
    let engine = book(&ONBOARDING, &accounts);
    let evals: Vec<_> = accounts
        .iter()
        .map(|a| engine.evaluate(a, day(NOW)))
        .collect();
    let c = cohorts(&engine, &accounts, &evals, day(NOW), CohortBy::Stage);
    assert!(c.milestone_ids.iter().any(|m| m == "kickoff"));
    for id in ["regular_logins", "renewal_qbr", "renewal_confirmed"] {
        assert!(!c.milestone_ids.iter().any(|m| m == id), "{id}");
        assert!(c.cohorts[0].milestones.iter().all(|m| m.id != id));
    }
    let untracked: Vec<String> = engine
        .untracked()
        .map(|m| engine.milestone(m).id.to_string())
        .collect();
    assert_eq!(untracked.len(), 6, "{untracked:?}");
    let about_untracked = |engine: &Engine| {
        let r = review(engine, &accounts, day(NOW), 90);
        assert_eq!(r.churned + r.renewed, 40);
        // Listed, or folded into another as the same accounts.
        r.signals
            .iter()
            .filter(|s| {
                untracked.contains(&s.id)
                    || untracked
                        .iter()
                        .any(|u| s.same_as_label().contains(u.as_str()))
            })
            .count()
    };
    // Read as if tracked, they would be signals (every account "missed"
    // them); for this book they are none.
    assert!(about_untracked(&Engine::new(Model::default()).unwrap()) > 0);
    assert_eq!(about_untracked(&engine), 0);
}
