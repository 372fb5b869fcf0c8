//! A task in the CRM on an account: a to-do with a subject, a due day, an
//! owner and a status, read back with the account (the CSM's own, a
//! teammate's or a workflow's). Completing one or moving its due day in
//! Orienteer is a [`TaskChange`], written back through the outbox; until
//! the source confirms it the task carries it as [`TaskPending`].

use super::vocab::{Delivery, LogId, TaskId, TaskPriority, TaskStatus};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

fn not_started() -> TaskStatus {
    TaskStatus::NotStarted
}

/// A task on an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: TaskId,
    #[serde(default)]
    pub subject: String,
    /// The day it is due (HubSpot: `hs_timestamp`, as a calendar day).
    #[serde(default)]
    pub due: Option<NaiveDate>,
    #[serde(default = "not_started")]
    pub status: TaskStatus,
    /// Who it is assigned to, written as account owners are (a name).
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<TaskPriority>,
    /// The play log whose follow-up this task is, when Orienteer wrote it
    /// (its key is in the task's body): the agenda shows the task in the
    /// follow-up's place, and completing it answers the follow-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follows: Option<LogId>,
    /// A change made in Orienteer, from the outbox: never from a source,
    /// never in the cache.
    #[serde(skip)]
    pub pending: Option<TaskPending>,
}

/// What the CSM did to a task in Orienteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "action", content = "due")]
pub enum TaskChange {
    /// Marked completed.
    Complete,
    /// Its due day moved to this one.
    Move(NaiveDate),
}

/// A [`TaskChange`] with where its write-back stands.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskPending {
    pub change: TaskChange,
    pub state: Delivery,
    /// Why the write-back failed (the server's message), when it did.
    pub error: Option<String>,
}

impl Task {
    /// Not completed, in the CRM or in Orienteer (a completion that
    /// failed for good leaves the task open).
    pub fn is_open(&self) -> bool {
        let completing = self
            .pending
            .as_ref()
            .is_some_and(|p| p.change == TaskChange::Complete && p.state != Delivery::Failed);
        self.status != TaskStatus::Completed && !completing
    }

    /// The day it is due, a move made in Orienteer included (unless it
    /// failed for good).
    pub fn due_on(&self) -> Option<NaiveDate> {
        match &self.pending {
            Some(TaskPending {
                change: TaskChange::Move(day),
                state,
                ..
            }) if *state != Delivery::Failed => Some(*day),
            _ => self.due,
        }
    }

    /// Assigned to `owner` (any case).
    pub(crate) fn owned_by(&self, owner: &str) -> bool {
        self.owner
            .as_deref()
            .is_some_and(|o| o.trim().eq_ignore_ascii_case(owner.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn task() -> Task {
        Task {
            id: "T1".into(),
            subject: "Call".into(),
            due: Some(day("2026-12-03")),
            status: TaskStatus::NotStarted,
            owner: Some("Ann Lee".into()),
            priority: None,
            follows: None,
            pending: None,
        }
    }

    #[test]
    fn a_pending_change_counts_until_it_fails_for_good() {
        let mut t = task();
        assert!(t.is_open());
        for (state, open) in [
            (Delivery::Queued, false),
            (Delivery::Sent, false),
            (Delivery::Failed, true),
        ] {
            t.pending = Some(TaskPending {
                change: TaskChange::Complete,
                state,
                error: None,
            });
            assert_eq!(t.is_open(), open, "{state:?}");
            t.pending = Some(TaskPending {
                change: TaskChange::Move(day("2026-12-09")),
                state,
                error: None,
            });
            let moved = if open { "2026-12-03" } else { "2026-12-09" };
            assert_eq!(t.due_on(), Some(day(moved)), "{state:?}");
        }
        t.status = TaskStatus::Completed;
        t.pending = None;
        assert!(!t.is_open());
    }

    #[test]
    fn a_task_reads_with_few_fields_and_round_trips() {
        let t: Task = serde_json::from_str(r#"{"id": "T9"}"#).unwrap();
        assert_eq!(
            (t.status, t.due, t.subject.as_str()),
            (TaskStatus::NotStarted, None, "")
        );
        let back: Task = serde_json::from_str(&serde_json::to_string(&task()).unwrap()).unwrap();
        assert_eq!(back, task());
        assert!(task().owned_by(" ann lee"));
        let change = serde_json::to_value(TaskChange::Move(day("2026-12-09"))).unwrap();
        assert_eq!(
            change,
            serde_json::json!({"action": "move", "due": "2026-12-09"})
        );
    }
}
