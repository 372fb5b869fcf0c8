//! The Review screen's state and the journey job behind it and behind the
//! early-warning view: the journey review (signals and the health model),
//! cohorts, heat maps and the changes since yesterday, worked out for each new portfolio in small steps (a few thousand
//! accounts each), so keys are handled between two steps and the app
//! stays responsive. A step for data that has since been replaced is
//! dropped.

use crate::domain::journey::{
    Changes, ChangesBuilder, CohortBy, Cohorts, CohortsBuilder, HeatBy, HeatMap, HeatMapBuilder,
};
use crate::domain::portfolio::Portfolio;
use crate::domain::review::{from_looks, look, Look, Review, DEFAULT_HORIZON_DAYS};
use crate::domain::Engine;
use chrono::{Duration, NaiveDate};
use std::sync::Arc;

/// Accounts worked through per step: a few milliseconds at most.
pub(crate) const STEP: usize = 2_000;

/// The tabs of the Review screen, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Signals,
    Model,
    Cohorts,
    HeatMap,
}

impl Tab {
    pub(crate) const ALL: [Tab; 4] = [Tab::Signals, Tab::Model, Tab::Cohorts, Tab::HeatMap];

    pub(crate) fn title(self) -> &'static str {
        match self {
            Tab::Signals => "Signals",
            Tab::Model => "Model",
            Tab::Cohorts => "Cohorts",
            Tab::HeatMap => "Heat map",
        }
    }

    /// The tab `step` places on (wrapping).
    pub(crate) fn step(self, step: isize) -> Tab {
        let n = Tab::ALL.len() as isize;
        let i = Tab::ALL.iter().position(|t| *t == self).unwrap_or(0) as isize;
        Tab::ALL[(i + step).rem_euclid(n) as usize]
    }
}

/// The accounts behind a row (Enter on a signal, a cohort or a heat-map
/// row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drill {
    pub title: String,
    /// Portfolio indexes, in watch-list (attention) order.
    pub accounts: Vec<usize>,
    pub selected: usize,
}

/// Where the user is on the Review screen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReviewView {
    pub tab: Tab,
    pub cohort_by: CohortBy,
    pub heat_by: HeatBy,
    /// The selected row of the tab's table (on the Model tab, the first
    /// line shown).
    pub selected: usize,
    /// Rows the table had room for at the last draw, for PgUp/PgDn.
    pub(crate) page: usize,
    pub drill: Option<Drill>,
}

/// What the journey job found for one portfolio.
pub struct JourneyResult {
    /// The journey review at [`DEFAULT_HORIZON_DAYS`]: the same numbers as
    /// [`crate::domain::review::review`] on the portfolio's accounts.
    pub review: Review,
    pub changes: Changes,
    /// Per [`CohortBy`], in [`CohortBy::ALL`] order.
    pub(crate) cohorts: Vec<Cohorts>,
    /// Per [`HeatBy`], in [`HeatBy::ALL`] order.
    pub(crate) heat: Vec<HeatMap>,
}

impl JourneyResult {
    pub fn cohorts(&self, by: CohortBy) -> &Cohorts {
        &self.cohorts[by as usize]
    }

    pub fn heat(&self, by: HeatBy) -> &HeatMap {
        &self.heat[by as usize]
    }
}

/// What the last step leaves for the blocking pool: the closed accounts
/// as they stood at the horizon, and the day the review is as of. Fitting
/// the model to them takes tens of milliseconds at 100,000 accounts, too
/// long between two keys.
#[derive(Clone)]
pub struct Looks {
    pub(crate) looks: Arc<Vec<Look>>,
    pub(crate) now: NaiveDate,
}

impl Looks {
    /// The review of these looks: what `orienteer review` prints for the
    /// same accounts.
    pub fn review(&self, engine: &Engine) -> Review {
        from_looks(engine, &self.looks, self.now, DEFAULT_HORIZON_DAYS)
    }
}

impl PartialEq for Looks {
    fn eq(&self, other: &Looks) -> bool {
        Arc::ptr_eq(&self.looks, &other.looks) && self.now == other.now
    }
}

impl Eq for Looks {}

impl std::fmt::Debug for Looks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Looks({} closed accounts, {})",
            self.looks.len(),
            self.now
        )
    }
}

/// Everything but the review, waiting for it, and the looks it is fitted
/// to (kept to fit again after a failure).
pub struct Fit {
    changes: Changes,
    cohorts: Vec<Cohorts>,
    heat: Vec<HeatMap>,
    looks: Looks,
    /// The accounts of the portfolio, for "computing… n of n".
    all: usize,
}

/// The accounts worked through so far.
pub struct Work {
    next: usize,
    /// The closed accounts seen so far, as they stood at the horizon.
    looks: Vec<Look>,
    changes: ChangesBuilder,
    cohorts: CohortsBuilder,
    heat: HeatMapBuilder,
}

/// Where the journey job of the data on screen is: one state at a time,
/// so a failed review cannot also be computing, nor a result stale.
#[derive(Default)]
pub enum JobState {
    /// No data yet.
    #[default]
    Idle,
    /// Working on the data of [`Journey::generation`]: `done` of `all`
    /// accounts, stepping through them, then fitting the review.
    Computing {
        done: usize,
        all: usize,
        phase: Phase,
    },
    /// The review's fit failed (a panic): why, and what it was fitted to,
    /// to try again.
    Failed { why: String, fit: Box<Fit> },
    /// Everything worked out.
    Done(Box<JourneyResult>),
}

/// What the job is computing.
pub enum Phase {
    /// Stepping through the accounts, [`STEP`] at a time between keys.
    Stepping(Box<Work>),
    /// The review is being fitted on the blocking pool.
    Fitting(Box<Fit>),
}

/// The journey job of the data on screen.
#[derive(Default)]
pub struct Journey {
    /// Which data the job is for: bumped when new data is installed; a
    /// step or review of another generation is dropped.
    pub generation: u64,
    state: JobState,
    /// The changed accounts of the data before, as indexes into this data,
    /// until this data's are worked out: the changes view keeps showing
    /// them across a reload rather than every account.
    carried: Option<Vec<u32>>,
}

/// What a step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stepped {
    /// Not the job of the data on screen (or nothing to do): ignored.
    Stale,
    /// More to do: step again.
    More,
    /// Every account is done: the review of these looks remains, for the
    /// blocking pool; [`Journey::reviewed`] then publishes the result.
    Review(Looks),
}

impl Journey {
    /// Where the job is.
    pub fn state(&self) -> &JobState {
        &self.state
    }

    /// What the job found, once done.
    pub fn result(&self) -> Option<&JourneyResult> {
        match &self.state {
            JobState::Done(r) => Some(r),
            _ => None,
        }
    }

    /// Why the review failed, until it is tried again.
    pub fn failed(&self) -> Option<&str> {
        match &self.state {
            JobState::Failed { why, .. } => Some(why),
            _ => None,
        }
    }

    /// Accounts done and in all, while it computes.
    pub fn progress(&self) -> Option<(usize, usize)> {
        match &self.state {
            JobState::Computing { done, all, .. } => Some((*done, *all)),
            _ => None,
        }
    }

    /// New data: the old result is dropped and a job for `p` set up (the
    /// changes since the day before its as-of day).
    pub fn restart(&mut self, p: &Portfolio) {
        self.generation += 1;
        self.carried = None;
        self.state = JobState::Computing {
            done: 0,
            all: p.len(),
            phase: Phase::Stepping(Box::new(Work {
                next: 0,
                looks: Vec::new(),
                changes: ChangesBuilder::new(p.now - Duration::days(1), p.now),
                cohorts: CohortsBuilder::new(p.now),
                heat: HeatMapBuilder::new(p.now),
            })),
        };
    }

    /// Whether a step of `generation` has work to do.
    pub(crate) fn wants(&self, generation: u64) -> bool {
        generation == self.generation
            && matches!(
                self.state,
                JobState::Computing {
                    phase: Phase::Stepping(_),
                    ..
                }
            )
    }

    /// Works through the next [`STEP`] accounts of `p` for the job of
    /// `generation`.
    pub fn step(&mut self, generation: u64, engine: &Engine, p: &Portfolio) -> Stepped {
        if generation != self.generation {
            return Stepped::Stale;
        }
        let JobState::Computing {
            done,
            phase: Phase::Stepping(work),
            ..
        } = &mut self.state
        else {
            return Stepped::Stale;
        };
        let end = (work.next + STEP).min(p.len());
        for i in work.next..end {
            let (a, e) = (&p.accounts[i], &p.evals[i]);
            work.changes.add(engine, i, a, e);
            work.cohorts.add(engine, a, e);
            work.heat.add(a);
            work.looks
                .extend(look(engine, a, p.now, DEFAULT_HORIZON_DAYS));
        }
        work.next = end;
        *done = end;
        if end < p.len() {
            return Stepped::More;
        }
        let JobState::Computing {
            phase: Phase::Stepping(work),
            ..
        } = std::mem::take(&mut self.state)
        else {
            return Stepped::Stale;
        };
        let work = *work;
        let looks = Looks {
            looks: Arc::new(work.looks),
            now: p.now,
        };
        let fit = Fit {
            changes: work.changes.finish(),
            cohorts: CohortBy::ALL
                .iter()
                .map(|by| work.cohorts.finish(engine, *by))
                .collect(),
            heat: HeatBy::ALL.iter().map(|by| work.heat.finish(*by)).collect(),
            looks: looks.clone(),
            all: p.len(),
        };
        self.state = JobState::Computing {
            done: end,
            all: p.len(),
            phase: Phase::Fitting(Box::new(fit)),
        };
        Stepped::Review(looks)
    }

    /// The review of the job of `generation` failed (`why`): the screen
    /// says so instead of "computing…". False for a job since replaced.
    pub(crate) fn fail(&mut self, generation: u64, why: String) -> bool {
        if generation != self.generation {
            return false;
        }
        match self.take_fit() {
            Some(fit) => {
                // What changed is not known for the new data: the old
                // data's changes must not stand in for it.
                self.carried = None;
                self.state = JobState::Failed { why, fit };
                true
            }
            None => false,
        }
    }

    /// The fit under way, taken out of the state (which becomes idle);
    /// `None`, the state untouched, when no fit is under way.
    fn take_fit(&mut self) -> Option<Box<Fit>> {
        match std::mem::take(&mut self.state) {
            JobState::Computing {
                phase: Phase::Fitting(fit),
                ..
            } => Some(fit),
            other => {
                self.state = other;
                None
            }
        }
    }

    /// After a failure: the review to make again (the job's generation and
    /// looks); `None` when nothing failed.
    pub fn retry(&mut self) -> Option<(u64, Looks)> {
        match std::mem::take(&mut self.state) {
            JobState::Failed { fit, .. } => {
                let looks = fit.looks.clone();
                let all = fit.all;
                self.state = JobState::Computing {
                    done: all,
                    all,
                    phase: Phase::Fitting(fit),
                };
                Some((self.generation, looks))
            }
            other => {
                self.state = other;
                None
            }
        }
    }

    /// The review of the job of `generation` is made: the result is
    /// published. False for a job since replaced (the review is dropped).
    pub(crate) fn reviewed(&mut self, generation: u64, review: Review) -> bool {
        if generation != self.generation {
            return false;
        }
        match self.take_fit() {
            Some(fit) => {
                let Fit {
                    changes,
                    cohorts,
                    heat,
                    ..
                } = *fit;
                self.carried = None;
                self.state = JobState::Done(Box::new(JourneyResult {
                    review,
                    changes,
                    cohorts,
                    heat,
                }));
                true
            }
            None => false,
        }
    }

    /// Portfolio indexes of the changed accounts, most urgent first.
    /// Until the new data's are worked out, the accounts changed in the
    /// data before (see [`Journey::carry`]).
    pub fn changed(&self) -> Option<Vec<u32>> {
        match self.result() {
            Some(r) => Some(r.changes.changes.iter().map(|c| c.index as u32).collect()),
            None => self.carried.clone(),
        }
    }

    /// The ids of the accounts [`Journey::changed`] lists now, most urgent
    /// first, to carry over a reload.
    pub(crate) fn changed_ids(&self, p: &Portfolio) -> Option<Vec<String>> {
        let rows = self.changed()?;
        Some(
            rows.iter()
                .filter_map(|&i| p.accounts.get(i as usize))
                .map(|a| a.id.to_string())
                .collect(),
        )
    }

    /// After [`Journey::restart`] on `p`: the changed accounts of the data
    /// before (`ids`), those still in `p`, stand until `p`'s are worked out.
    pub(crate) fn carry(&mut self, ids: Option<Vec<String>>, p: &Portfolio) {
        self.carried = ids.map(|ids| {
            ids.iter()
                .filter_map(|id| p.find(id))
                .map(|i| i as u32)
                .collect()
        });
    }

    /// Why account `index` is on the changes view.
    pub fn reason(&self, index: usize) -> Option<&str> {
        let r = self.result()?;
        r.changes
            .changes
            .iter()
            .find(|c| c.index == index)
            .map(|c| c.reason.as_str())
    }
}

pub(crate) mod keys;
