//! Milestones: when each was reached (recorded or derived), when it was
//! expected, its status on a day, and which of the current stage's are
//! overdue.

use super::account::Account;
use super::calendar::days_between;
use super::engine::{AnchorIx, Engine};
use super::vocab::{Metric, MilestoneIx, StageIx};
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

/// The overdue milestones of the current stage: how many, and the one
/// furthest behind. Worked out once per evaluation; the count shows in the
/// list and the alert names the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Overdue {
    pub count: usize,
    /// The milestone furthest past its expected date, and by how many days.
    pub worst: Option<(MilestoneIx, i64)>,
}

impl Engine {
    /// When each milestone was reached, in model order: the date the
    /// source recorded, or the first day seats reached the milestone's
    /// share of licenses, whichever came first.
    pub fn completions(&self, account: &Account) -> Vec<Option<NaiveDate>> {
        let seats = account.metrics.get(Metric::SeatsAssigned);
        let licenses = account.metrics.get(Metric::Licenses);
        self.model
            .milestones
            .iter()
            .map(|m| {
                let recorded = account.milestones.get(m.id.as_str()).copied();
                let derived = m.seats_share.and_then(|share| {
                    seats
                        .points()
                        .iter()
                        .find(|p| {
                            licenses
                                .at(p.at)
                                .is_some_and(|l| l > 0.0 && f64::from(p.value) >= share * l)
                        })
                        .map(|p| p.at)
                });
                match (recorded, derived) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            })
            .collect()
    }

    /// The date each milestone is expected by, where its anchor is known.
    pub fn expected_dates(
        &self,
        account: &Account,
        done: &[Option<NaiveDate>],
    ) -> Vec<Option<NaiveDate>> {
        self.milestones
            .iter()
            .map(|m| {
                let base = match m.anchor {
                    AnchorIx::ContractStart => account.contract_start,
                    AnchorIx::RenewalDate => account.renewal_date,
                    AnchorIx::Milestone(j) => done[j.get()],
                }?;
                base.checked_add_signed(chrono::Duration::days(m.offset_days))
            })
            .collect()
    }

    /// The state of every milestone, in model order, as of `now`.
    pub fn milestone_states(
        &self,
        account: &Account,
        done: &[Option<NaiveDate>],
        now: NaiveDate,
    ) -> Vec<MilestoneState> {
        self.expected_dates(account, done)
            .iter()
            .zip(done)
            .map(|(&expected_by, &completed_at)| MilestoneState {
                expected_by,
                completed_at,
                status: MilestoneStatus::of(expected_by, completed_at, now),
            })
            .collect()
    }

    /// The overdue milestones of `stage` among `states`, as of `now`.
    pub fn overdue(&self, states: &[MilestoneState], stage: StageIx, now: NaiveDate) -> Overdue {
        let mut out = Overdue::default();
        for (i, (m, s)) in self.milestones.iter().zip(states).enumerate() {
            if m.stage != stage || s.status != MilestoneStatus::Overdue {
                continue;
            }
            out.count += 1;
            let late = s.expected_by.map_or(0, |e| days_between(e, now));
            if out.worst.is_none_or(|(_, l)| late > l) {
                out.worst = Some((MilestoneIx::new(i), late));
            }
        }
        out
    }

    /// Whether the milestone was reached (on time or late) by `states`.
    pub(crate) fn reached(&self, states: &[MilestoneState], m: MilestoneIx) -> bool {
        matches!(
            states[m.get()].status,
            MilestoneStatus::Done | MilestoneStatus::DoneLate
        )
    }
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
