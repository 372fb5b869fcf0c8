//! The agenda: what is due to be done, across the book. The CRM's open
//! tasks and Orienteer's follow-ups due, in the CSM's order: overdue
//! (oldest first), today, then the rest of the week. The TUI's agenda
//! screen and `orienteer tasks` both list [`agenda`]; pure, `today` comes
//! in.

use super::account::{Account, PlayLog};
use super::calendar::days_between;
use super::play::follow_ups_until;
use super::task::Task;
use super::vocab::{PlayId, TaskPriority};
use chrono::NaiveDate;
use serde::Serialize;

/// How far ahead "this week" looks, in days after today.
pub(crate) const WEEK_DAYS: i64 = 7;

/// When an agenda entry is due, relative to today: the agenda's groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Due {
    Overdue,
    Today,
    /// In the next [`WEEK_DAYS`] days.
    Week,
    /// Later, or with no due day.
    Later,
}

impl Due {
    pub(crate) fn of(due: Option<NaiveDate>, today: NaiveDate) -> Due {
        match due.map(|d| days_between(today, d)) {
            Some(d) if d < 0 => Due::Overdue,
            Some(0) => Due::Today,
            Some(d) if d <= WEEK_DAYS => Due::Week,
            _ => Due::Later,
        }
    }

    /// The group's heading.
    pub fn title(self) -> &'static str {
        match self {
            Due::Overdue => "Overdue",
            Due::Today => "Today",
            Due::Week => "This week",
            Due::Later => "Later",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Due::Overdue => "overdue",
            Due::Today => "today",
            Due::Week => "week",
            Due::Later => "later",
        }
    }
}

/// Which entries an agenda lists, by when they are due: `--due`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Horizon {
    Overdue,
    Today,
    /// Overdue, today and this week: the TUI's agenda.
    #[default]
    Week,
    /// Every open task, later and undated ones too.
    All,
}

impl Horizon {
    /// The ids `--due` takes.
    pub const IDS: &'static str = "overdue, today, week, all";

    pub fn from_id(id: &str) -> Option<Horizon> {
        Some(match id {
            "overdue" => Horizon::Overdue,
            "today" => Horizon::Today,
            "week" => Horizon::Week,
            "all" => Horizon::All,
            _ => return None,
        })
    }

    fn shows(self, due: Due) -> bool {
        match self {
            Horizon::Overdue => due == Due::Overdue,
            // Today's agenda still shows what is overdue.
            Horizon::Today => due <= Due::Today,
            Horizon::Week => due <= Due::Week,
            Horizon::All => true,
        }
    }
}

/// Whose entries: the CSM's own (the config's `me`) or everyone's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose<'a> {
    /// A task assigned to this owner, or a follow-up on an account they
    /// own (any case).
    Owner(&'a str),
    Everyone,
}

/// What an agenda entry is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item<'a> {
    /// A task of the CRM.
    Task(&'a Task),
    /// The follow-up of a play logged in Orienteer, with no task of the
    /// CRM standing for it.
    FollowUp(&'a PlayLog),
}

/// One line of the agenda.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry<'a> {
    /// The account's position in what [`agenda`] was given.
    pub account: usize,
    pub item: Item<'a>,
    pub due: Option<NaiveDate>,
    pub when: Due,
}

impl Entry<'_> {
    /// Days overdue (positive), or until due (negative); `None` undated.
    pub fn days_late(&self, today: NaiveDate) -> Option<i64> {
        self.due.map(|d| days_between(d, today))
    }

    /// The play whose follow-up this is, for a follow-up.
    pub fn play(&self) -> Option<&PlayId> {
        match self.item {
            Item::FollowUp(log) => Some(&log.play_id),
            Item::Task(_) => None,
        }
    }
}

/// The agenda of `accounts` (position, account) as of `today`: their open
/// tasks and follow-ups due within `horizon`, `whose` they are, in order:
/// by group, then due day (oldest first), then priority (high first),
/// then account position. A follow-up whose task the CRM has (the task
/// `follows` its log) is listed once, as the task.
pub fn agenda<'a>(
    accounts: impl IntoIterator<Item = (usize, &'a Account)>,
    whose: Whose<'_>,
    horizon: Horizon,
    today: NaiveDate,
) -> Vec<Entry<'a>> {
    let until = match horizon {
        Horizon::Overdue => today.pred_opt().unwrap_or(today),
        Horizon::Today => today,
        Horizon::Week | Horizon::All => today + chrono::Days::new(WEEK_DAYS as u64),
    };
    let mut out = Vec::new();
    for (account, a) in accounts {
        if !a.is_customer() {
            continue;
        }
        let owns_account = match whose {
            Whose::Owner(me) => a
                .owner
                .as_deref()
                .is_some_and(|o| o.trim().eq_ignore_ascii_case(me.trim())),
            Whose::Everyone => true,
        };
        for task in a.tasks.iter().filter(|t| t.is_open()) {
            if let Whose::Owner(me) = whose {
                if !task.owned_by(me) {
                    continue;
                }
            }
            let due = task.due_on();
            let when = Due::of(due, today);
            if horizon.shows(when) {
                out.push(Entry {
                    account,
                    item: Item::Task(task),
                    due,
                    when,
                });
            }
        }
        if !owns_account {
            continue;
        }
        for (log, day) in follow_ups_until(a, today, until) {
            let has_task = a.tasks.iter().any(|t| t.follows.as_ref() == Some(&log.id));
            let when = Due::of(Some(day), today);
            if !has_task && horizon.shows(when) {
                out.push(Entry {
                    account,
                    item: Item::FollowUp(log),
                    due: Some(day),
                    when,
                });
            }
        }
    }
    out.sort_by_key(|e| (e.when, e.due.is_none(), e.due, priority_rank(e), e.account));
    out
}

fn priority_rank(e: &Entry<'_>) -> u8 {
    match e.item {
        Item::Task(t) => match t.priority {
            Some(TaskPriority::High) => 0,
            Some(TaskPriority::Medium) => 1,
            None => 2,
            Some(TaskPriority::Low) => 3,
        },
        Item::FollowUp(_) => 1,
    }
}

/// The open tasks of one account as its view lists them: overdue first
/// (oldest first), then by due day, undated last.
pub fn open_tasks(account: &Account) -> Vec<&Task> {
    let mut tasks: Vec<&Task> = account.tasks.iter().filter(|t| t.is_open()).collect();
    tasks.sort_by_key(|t| (t.due_on().is_none(), t.due_on()));
    tasks
}
