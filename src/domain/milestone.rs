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
pub(crate) const DUE_SOON_DAYS: i64 = 7;

/// A milestone reached late keeps its account behind for this many days.
pub(crate) const LATE_RECENT_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    Overdue,
    DueSoon,
    Pending,
    DoneLate,
    Done,
    /// Not recorded, but a later milestone of its stage was: it happened,
    /// on a day the data does not show.
    DoneImplied,
    /// The source has no way to record it: unknown, never late.
    Untracked,
}

impl MilestoneStatus {
    pub fn id(self) -> &'static str {
        match self {
            MilestoneStatus::Done => "done",
            MilestoneStatus::DoneLate => "done_late",
            MilestoneStatus::DoneImplied => "done_implied",
            MilestoneStatus::Pending => "pending",
            MilestoneStatus::DueSoon => "due_soon",
            MilestoneStatus::Overdue => "overdue",
            MilestoneStatus::Untracked => "untracked",
        }
    }

    /// Reached, on time, late or on a day unknown.
    pub(crate) fn is_reached(self) -> bool {
        matches!(
            self,
            MilestoneStatus::Done | MilestoneStatus::DoneLate | MilestoneStatus::DoneImplied
        )
    }

    /// The status of a tracked milestone expected by `expected` and reached
    /// as `reached` says, as of `now`. Only an exact day can be late: a
    /// milestone reached *by* a day (the first reading Orienteer has) or
    /// implied by a later one is done.
    pub(crate) fn of(expected: Option<NaiveDate>, reached: Completion, now: NaiveDate) -> Self {
        match reached.at.filter(|c| *c <= now) {
            Some(c) if !reached.by && expected.is_some_and(|e| c > e) => MilestoneStatus::DoneLate,
            Some(_) => MilestoneStatus::Done,
            None if reached.implied.is_some_and(|d| d <= now) => MilestoneStatus::DoneImplied,
            None => match expected {
                Some(e) if now > e => MilestoneStatus::Overdue,
                Some(e) if (e - now).num_days() <= DUE_SOON_DAYS => MilestoneStatus::DueSoon,
                _ => MilestoneStatus::Pending,
            },
        }
    }
}

/// What the data says of when a milestone was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Completion {
    /// The day the source recorded, or the day a rule derives from the
    /// readings.
    pub(crate) at: Option<NaiveDate>,
    /// `at` is the first reading Orienteer has and it already shows the
    /// milestone: reached *by* that day, the day itself unknown.
    pub(crate) by: bool,
    /// The first day a later milestone of its stage was reached: it had
    /// happened by then.
    pub(crate) implied: Option<NaiveDate>,
}

impl Completion {
    /// A day the source recorded.
    pub(crate) fn on(day: NaiveDate) -> Completion {
        Completion {
            at: Some(day),
            ..Completion::default()
        }
    }

    /// The day it was reached, or by which it was, if that is on or before
    /// `day`: what a stage that starts with it goes by.
    pub(crate) fn reached_by(&self, day: NaiveDate) -> Option<NaiveDate> {
        let at = self.at.filter(|d| *d <= day);
        let implied = self.implied.filter(|d| *d <= day);
        at.into_iter().chain(implied).min()
    }

    /// The exact day, when the data shows it: the only day another
    /// milestone's expected date may be measured from.
    pub(crate) fn exact(&self) -> Option<NaiveDate> {
        self.at.filter(|_| !self.by)
    }
}

/// One milestone of one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MilestoneState {
    pub(crate) expected_by: Option<NaiveDate>,
    /// The day it was reached, when the data shows the day.
    pub(crate) completed_at: Option<NaiveDate>,
    /// The day by which it was reached, when only that is known: the first
    /// reading that shows it, or the later milestone that implies it.
    pub(crate) reached_by: Option<NaiveDate>,
    pub status: MilestoneStatus,
}

/// The overdue milestones of the current stage: how many, and the one
/// furthest behind. Worked out once per evaluation; the count shows in the
/// list and the alert names the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Overdue {
    pub(crate) count: usize,
    /// The milestone furthest past its expected date, and by how many days.
    pub(crate) worst: Option<(MilestoneIx, i64)>,
}

impl Engine {
    /// When each milestone was reached, in model order: the date the
    /// source recorded, or the first day seats reached the milestone's
    /// share of licenses, whichever came first; and, for one with neither,
    /// the first day a later milestone of its stage was reached.
    pub fn completions(&self, account: &Account) -> Vec<Completion> {
        let mut out = Vec::new();
        self.completions_into(account, &mut out);
        out
    }

    /// [`Engine::completions`] into `out` (cleared first), so that a caller
    /// evaluating many accounts reuses one buffer.
    pub(crate) fn completions_into(&self, account: &Account, out: &mut Vec<Completion>) {
        out.clear();
        out.resize(self.model.milestones.len(), Completion::default());
        // The recorded days: the account's milestones and the model's, both
        // in id order, matched in one pass.
        let mut recorded = account.milestones.iter().peekable();
        for &ix in &self.milestones_by_id {
            let id = self.model.milestones[ix.get()].id.as_str();
            while let Some((k, &day)) = recorded.peek() {
                match k.as_str().cmp(id) {
                    std::cmp::Ordering::Less => {
                        recorded.next();
                    }
                    std::cmp::Ordering::Equal => {
                        out[ix.get()] = Completion::on(day);
                        recorded.next();
                        break;
                    }
                    std::cmp::Ordering::Greater => break,
                }
            }
        }
        let seats = account.metrics.get(Metric::SeatsAssigned);
        let licenses = account.metrics.get(Metric::Licenses);
        for (m, c) in self.model.milestones.iter().zip(out.iter_mut()) {
            let Some(share) = m.seats_share else {
                continue;
            };
            let points = seats.points();
            let Some(i) = points.iter().position(|p| {
                licenses
                    .at(p.at)
                    .is_some_and(|l| l > 0.0 && f64::from(p.value) >= share * l)
            }) else {
                continue;
            };
            // Already past the share at the first reading: it was reached
            // by then, on a day the data does not show.
            let (d, by) = (points[i].at, i == 0);
            match c.at {
                Some(r) if d < r => *c = Completion::on(d),
                Some(_) => {}
                None => {
                    *c = Completion {
                        at: Some(d),
                        by,
                        implied: None,
                    }
                }
            }
        }
        // A later milestone of the same stage implies the earlier ones.
        for i in 0..out.len() {
            let stage = self.milestones[i].stage;
            out[i].implied = (i + 1..out.len())
                .filter(|&j| self.milestones[j].stage == stage)
                .filter_map(|j| out[j].at)
                .min();
        }
    }

    /// The date milestone `m` is expected by (where its anchor is known: a milestone measured from another needs that one's exact day).
    pub(crate) fn expected_date(
        &self,
        account: &Account,
        done: &[Completion],
        m: MilestoneIx,
    ) -> Option<NaiveDate> {
        let m = &self.milestones[m.get()];
        let base = match m.anchor {
            AnchorIx::ContractStart => account.contract_start,
            AnchorIx::RenewalDate => account.renewal_date,
            AnchorIx::Milestone(j) => done[j.get()].exact(),
        }?;
        base.checked_add_signed(chrono::Duration::days(m.offset_days))
    }

    /// The state of every milestone, in model order, as of `now`. One the
    /// book does not track (or, derived from metrics, that this account
    /// lacks the metrics for) is `Untracked` unless a later one implies
    /// it; its expected date is unknown.
    pub fn milestone_states(
        &self,
        account: &Account,
        done: &[Completion],
        now: NaiveDate,
    ) -> Vec<MilestoneState> {
        let mut out = Vec::new();
        self.milestone_states_into(account, done, now, &mut out);
        out
    }

    /// [`Engine::milestone_states`] into `out` (cleared first).
    pub(crate) fn milestone_states_into(
        &self,
        account: &Account,
        done: &[Completion],
        now: NaiveDate,
        out: &mut Vec<MilestoneState>,
    ) {
        out.clear();
        out.extend(done.iter().enumerate().map(|(i, &reached)| {
            let m = MilestoneIx::new(i);
            let expected_by = self.expected_date(account, done, m);
            let tracked = self.tracks(m, account);
            let status = match MilestoneStatus::of(expected_by, reached, now) {
                s if !tracked && !s.is_reached() => MilestoneStatus::Untracked,
                s => s,
            };
            let exact = reached.exact().filter(|d| *d <= now);
            let by = match status {
                MilestoneStatus::Done if exact.is_none() => reached.at,
                MilestoneStatus::DoneImplied => reached.implied,
                _ => None,
            };
            MilestoneState {
                expected_by: expected_by.filter(|_| status != MilestoneStatus::Untracked),
                completed_at: exact,
                reached_by: by,
                status,
            }
        }));
    }

    /// The overdue milestones of `stage` among `states`, as of `now`.
    pub(crate) fn overdue(
        &self,
        states: &[MilestoneState],
        stage: StageIx,
        now: NaiveDate,
    ) -> Overdue {
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

    /// Whether an account whose milestones are `states` is behind in
    /// `stage` as of `now`: a milestone of the stage overdue, or one
    /// reached late in the last [`LATE_RECENT_DAYS`] days (a late start
    /// still shows while it matters, not forever). The "Onboarding behind"
    /// view's rule.
    pub(crate) fn behind(&self, states: &[MilestoneState], stage: StageIx, now: NaiveDate) -> bool {
        self.milestones
            .iter()
            .zip(states)
            .filter(|(m, _)| m.stage == stage)
            .any(|(_, s)| match s.status {
                MilestoneStatus::Overdue => true,
                MilestoneStatus::DoneLate => s
                    .completed_at
                    .is_some_and(|d| (0..=LATE_RECENT_DAYS).contains(&days_between(d, now))),
                _ => false,
            })
    }

    /// Whether the milestone was reached (on time, late or implied) by `states`.
    pub(crate) fn reached(&self, states: &[MilestoneState], m: MilestoneIx) -> bool {
        states[m.get()].status.is_reached()
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
        let on = |at| Completion {
            at,
            ..Completion::default()
        };
        let by = |at| Completion {
            at,
            by: true,
            implied: None,
        };
        let implied = |day| Completion {
            implied: day,
            ..Completion::default()
        };
        let cases = [
            (d(10), on(d(9)), Done),
            (d(10), on(d(10)), Done),
            (d(10), on(d(12)), DoneLate),
            (None, on(d(12)), Done),
            (d(10), on(None), Overdue),
            (d(19), on(None), Overdue),
            (d(20), on(None), DueSoon),
            (d(27), on(None), DueSoon),
            (d(28), on(None), Pending),
            (None, on(None), Pending),
            // Completion recorded in the future has not happened yet.
            (d(25), on(d(22)), DueSoon),
            // Reached by the first reading: never late on that alone.
            (d(10), by(d(12)), Done),
            // A later milestone reached implies this one, day unknown.
            (d(10), implied(d(15)), DoneImplied),
            (d(10), implied(d(22)), Overdue),
        ];
        for (expected, reached, want) in cases {
            assert_eq!(
                MilestoneStatus::of(expected, reached, now),
                want,
                "expected {expected:?} reached {reached:?}"
            );
        }
    }
}
