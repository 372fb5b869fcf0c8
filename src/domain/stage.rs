//! Lifecycle stages: which stage an account is in on a given day.

use super::account::Account;
use super::engine::{Engine, StartIx};
use super::milestone::Completion;
use super::vocab::StageIx;
use chrono::{Days, NaiveDate};

impl Engine {
    /// The stage on `day`: the stage the source gives, from the day it
    /// holds, else the last stage (in model order) whose start has happened.
    /// `done` are the milestone completions (see [`Engine::completions`]).
    /// A stage that starts with a milestone the book does not track starts
    /// on that milestone's expected day, as if it came on schedule: without
    /// the field, an account two years in is not still onboarding.
    pub(crate) fn stage_at(
        &self,
        account: &Account,
        done: &[Completion],
        day: NaiveDate,
    ) -> StageIx {
        let given = account.stage.as_ref().and_then(|s| s.by(day));
        if let Some(i) = given.and_then(|id| self.stage_index(id.as_str())) {
            return i;
        }
        let window = Days::new(u64::from(self.model.lifecycle.pre_renewal_days));
        let started = |start: &StartIx| match *start {
            StartIx::ContractStart => account.contract_start.is_none_or(|c| c <= day),
            StartIx::Milestone(m) if !self.is_tracked(m) => {
                done[m.get()].reached_by(day).is_some()
                    || self
                        .expected_date(account, done, m)
                        .is_some_and(|e| e <= day)
            }
            StartIx::Milestone(m) => done[m.get()].reached_by(day).is_some(),
            StartIx::RenewalWindow => account
                .renewal_date
                .and_then(|r| r.checked_sub_days(window))
                .is_some_and(|open| open <= day),
        };
        StageIx::new(self.starts.iter().rposition(started).unwrap_or(0))
    }
}
