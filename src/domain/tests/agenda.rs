//! The agenda: open tasks and follow-ups due, grouped overdue, today,
//! this week, whose they are, and a follow-up listed once when the CRM
//! has its task.

use super::{ago, base, day, NOW};
use crate::domain::account::{Delivery, PlayLog, PlayOutcome};
use crate::domain::agenda::{agenda, open_tasks, Due, Horizon, Item, Whose};
use crate::domain::play::follow_up_due;
use crate::domain::task::{Task, TaskChange, TaskPending};
use crate::domain::vocab::{TaskPriority, TaskStatus};
use crate::domain::Account;
use chrono::NaiveDate;

fn after(days: u64) -> NaiveDate {
    day(NOW).checked_add_days(chrono::Days::new(days)).unwrap()
}

fn task(id: &str, due: Option<NaiveDate>, owner: &str) -> Task {
    Task {
        id: id.into(),
        subject: format!("do {id}"),
        due,
        status: TaskStatus::NotStarted,
        owner: (!owner.is_empty()).then(|| owner.to_string()),
        priority: None,
        follows: None,
        pending: None,
    }
}

fn log(id: &str, at: NaiveDate, follow_up: NaiveDate) -> PlayLog {
    PlayLog {
        id: id.into(),
        play_id: "win-back".into(),
        outcome: PlayOutcome::Done,
        at,
        note: String::new(),
        follow_up: Some(follow_up),
        prompted_by: None,
        state: None,
        error: None,
    }
}

fn account(owner: &str, tasks: Vec<Task>, logs: Vec<PlayLog>) -> Account {
    let mut a = base();
    a.owner = Some(owner.into());
    a.tasks = tasks;
    a.plays_logged = logs;
    a
}

/// (account, task id or `follow-up:LOG`, group) in agenda order.
fn listed(accounts: &[Account], whose: Whose<'_>, horizon: Horizon) -> Vec<(usize, String, Due)> {
    agenda(accounts.iter().enumerate(), whose, horizon, day(NOW))
        .into_iter()
        .map(|e| {
            let what = match e.item {
                Item::Task(t) => t.id.to_string(),
                Item::FollowUp(l) => format!("follow-up:{}", l.id),
            };
            (e.account, what, e.when)
        })
        .collect()
}

#[test]
fn the_agenda_groups_overdue_today_and_the_week_oldest_first() {
    let now = day(NOW);
    let mut high = task("high-today", Some(now), "Ann");
    high.priority = Some(TaskPriority::High);
    let accounts = vec![
        account(
            "Ann",
            vec![
                task("today", Some(now), "Ann"),
                task("late-2", Some(ago(2)), "Ann"),
                task("in-9", Some(after(9)), "Ann"),
                task("undated", None, "Ann"),
                high,
            ],
            vec![log("L1", ago(10), ago(5))],
        ),
        account("Bob", vec![task("in-3", Some(after(3)), "Ann")], vec![]),
    ];
    let ann = Whose::Owner("ann");
    assert_eq!(
        listed(&accounts, ann, Horizon::Week),
        vec![
            (0, "follow-up:L1".into(), Due::Overdue),
            (0, "late-2".into(), Due::Overdue),
            (0, "high-today".into(), Due::Today),
            (0, "today".into(), Due::Today),
            (1, "in-3".into(), Due::Week),
        ]
    );
    let ids = |h| -> Vec<String> { listed(&accounts, ann, h).into_iter().map(|e| e.1).collect() };
    assert_eq!(ids(Horizon::Overdue), ["follow-up:L1", "late-2"]);
    assert_eq!(ids(Horizon::Today).len(), 4);
    assert_eq!(ids(Horizon::All)[5..], ["in-9", "undated"]);
}

#[test]
fn whose_picks_the_tasks_owner_and_the_accounts_owner_for_follow_ups() {
    let now = day(NOW);
    let accounts = vec![
        account(
            "Ann",
            vec![
                task("bobs", Some(now), "Bob"),
                task("nobodys", Some(now), ""),
            ],
            vec![log("L1", ago(3), now)],
        ),
        account(
            "Bob",
            vec![task("anns", Some(now), "ANN")],
            vec![log("L2", ago(3), now)],
        ),
    ];
    let ids = |w| -> Vec<String> {
        listed(&accounts, w, Horizon::Today)
            .into_iter()
            .map(|e| e.1)
            .collect()
    };
    assert_eq!(ids(Whose::Owner("Ann")), ["follow-up:L1", "anns"]);
    assert_eq!(ids(Whose::Everyone).len(), 5);
}

#[test]
fn a_follow_up_with_its_task_in_the_crm_is_listed_once_and_its_completion_answers_it() {
    let now = day(NOW);
    let mut follows = task("T-L1", Some(now), "Ann");
    follows.follows = Some("L1".into());
    let mut a = account("Ann", vec![follows], vec![log("L1", ago(7), now)]);
    let one = vec![a.clone()];
    assert_eq!(
        listed(&one, Whose::Everyone, Horizon::Week),
        vec![(0, "T-L1".into(), Due::Today)]
    );
    assert_eq!(follow_up_due(&a, now), Some(now));
    // Completed in Orienteer (queued): the follow-up is done.
    a.tasks[0].pending = Some(TaskPending {
        change: TaskChange::Complete,
        state: Delivery::Queued,
        error: None,
    });
    assert_eq!(follow_up_due(&a, now), None);
    assert!(listed(&[a.clone()], Whose::Everyone, Horizon::Week).is_empty());
    // Completed in the CRM: the same.
    a.tasks[0].pending = None;
    a.tasks[0].status = TaskStatus::Completed;
    assert_eq!(follow_up_due(&a, now), None);
    assert!(open_tasks(&a).is_empty());
}

#[test]
fn a_moved_task_is_listed_on_its_new_day_and_churned_accounts_have_no_agenda() {
    let now = day(NOW);
    let mut moved = task("moved", Some(ago(4)), "Ann");
    moved.pending = Some(TaskPending {
        change: TaskChange::Move(after(2)),
        state: Delivery::Queued,
        error: None,
    });
    let mut churned = account("Ann", vec![task("gone", Some(now), "Ann")], vec![]);
    churned.outcome = crate::domain::account::Outcome::Churned;
    let accounts = vec![
        account("Ann", vec![moved, task("b", None, "Ann")], vec![]),
        churned,
    ];
    assert_eq!(
        listed(&accounts, Whose::Everyone, Horizon::Week),
        vec![(0, "moved".into(), Due::Week)]
    );
    let view: Vec<String> = open_tasks(&accounts[0])
        .iter()
        .map(|t| t.id.to_string())
        .collect();
    assert_eq!(view, ["moved", "b"]);
}
