//! Behind in onboarding: a milestone overdue now, or one reached late in
//! the last 30 days; one reached late long ago, or on time, is not. The
//! rule of the "Onboarding behind" view (`Filter::behind`).

use super::{ago, day, NOW};
use crate::domain::engine::Engine;
use crate::domain::model::Model;
use crate::domain::portfolio::{Filter, Portfolio};
use crate::domain::Account;

/// The default model with only the kickoff (contract start + 7 days)
/// expected soon: every other onboarding milestone a year away.
fn engine() -> Engine {
    let mut model = Model::default();
    for m in &mut model.milestones {
        if m.stage.as_str() == "onboarding" && m.id.as_str() != "kickoff" {
            m.expected_by = "contract_start + 400d".parse().unwrap();
        }
    }
    Engine::new(model).unwrap()
}

/// Onboarding since `started` days ago, the kickoff reached `kickoff` days
/// ago (or not yet).
fn onboarding(id: &str, started: u64, kickoff: Option<u64>) -> Account {
    let mut a = Account {
        id: id.into(),
        name: id.into(),
        contract_start: Some(ago(started)),
        renewal_date: Some(day("2027-09-01")),
        ..Account::default()
    };
    if let Some(k) = kickoff {
        a.milestones.insert("kickoff".into(), ago(k));
    }
    a
}

#[test]
fn behind_is_an_overdue_milestone_or_a_late_one_of_the_last_30_days() {
    let engine = engine();
    let cases = [
        ("overdue", onboarding("overdue", 20, None), true),
        (
            "late 10 days ago",
            onboarding("late-recent", 20, Some(10)),
            true,
        ),
        (
            "late 30 days ago",
            onboarding("late-30", 60, Some(30)),
            true,
        ),
        (
            "late 40 days ago",
            onboarding("late-long-ago", 60, Some(40)),
            false,
        ),
        ("on time", onboarding("on-time", 20, Some(15)), false),
        ("not due yet", onboarding("new", 3, None), false),
    ];
    let onboarding_stage = engine.stage_index("onboarding");
    for (what, account, want) in &cases {
        let eval = engine.evaluate(account, day(NOW));
        assert_eq!(eval.stage, onboarding_stage.unwrap(), "{what}: onboarding");
        assert_eq!(eval.behind, *want, "{what}");
    }
    // The view's filter keeps exactly those.
    let accounts: Vec<Account> = cases.iter().map(|(_, a, _)| a.clone()).collect();
    let p = Portfolio::new(&engine, accounts, day(NOW));
    let filter = Filter {
        stage: onboarding_stage,
        behind: true,
        ..Filter::default()
    };
    let mut shown: Vec<&str> = p
        .filter(&p.sorted(Default::default()), &filter)
        .iter()
        .map(|&i| p.accounts[i as usize].id.as_str())
        .collect();
    shown.sort();
    assert_eq!(shown, ["late-30", "late-recent", "overdue"]);
}
