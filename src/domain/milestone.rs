//! Milestone status at a point in time.

use chrono::NaiveDate;
use serde::Serialize;

/// How many days ahead a milestone counts as due soon.
pub const DUE_SOON_DAYS: i64 = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    Overdue,
    DueSoon,
    Pending,
    DoneLate,
    Done,
}

impl MilestoneStatus {
    pub fn id(self) -> &'static str {
        match self {
            MilestoneStatus::Done => "done",
            MilestoneStatus::DoneLate => "done_late",
            MilestoneStatus::Pending => "pending",
            MilestoneStatus::DueSoon => "due_soon",
            MilestoneStatus::Overdue => "overdue",
        }
    }

    /// The status of a milestone expected by `expected` and reached on
    /// `completed`, as of `now`. A completion after `now` has not happened yet.
    pub fn of(expected: Option<NaiveDate>, completed: Option<NaiveDate>, now: NaiveDate) -> Self {
        match (completed.filter(|c| *c <= now), expected) {
            (Some(c), Some(e)) if c > e => MilestoneStatus::DoneLate,
            (Some(_), _) => MilestoneStatus::Done,
            (None, None) => MilestoneStatus::Pending,
            (None, Some(e)) if now > e => MilestoneStatus::Overdue,
            (None, Some(e)) if (e - now).num_days() <= DUE_SOON_DAYS => MilestoneStatus::DueSoon,
            (None, Some(_)) => MilestoneStatus::Pending,
        }
    }
}

/// One milestone of one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MilestoneState {
    pub expected_by: Option<NaiveDate>,
    pub completed_at: Option<NaiveDate>,
    pub status: MilestoneStatus,
}

#[cfg(test)]
mod tests {
    use super::MilestoneStatus::*;
    use super::*;

    fn d(day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, 11, day)
    }

    #[test]
    fn status_table() {
        let now = d(20).unwrap();
        let cases = [
            (d(10), d(9), Done),
            (d(10), d(10), Done),
            (d(10), d(12), DoneLate),
            (None, d(12), Done),
            (d(10), None, Overdue),
            (d(19), None, Overdue),
            (d(20), None, DueSoon),
            (d(27), None, DueSoon),
            (d(28), None, Pending),
            (None, None, Pending),
            // Completion recorded in the future has not happened yet.
            (d(25), d(22), DueSoon),
        ];
        for (expected, completed, want) in cases {
            assert_eq!(
                MilestoneStatus::of(expected, completed, now),
                want,
                "expected {expected:?} completed {completed:?}"
            );
        }
    }
}
