//! Cohorts: accounts grouped by contract-start month (or segment, owner,
//! stage), with their size, ARR, the share reaching each milestone on
//! time, their health band mix and how many churned; and the owners' load
//! (accounts and ARR per owner).

use super::share;
use crate::domain::account::Account;
use crate::domain::engine::Engine;
use crate::domain::evaluate::Evaluation;
use crate::domain::milestone::MilestoneStatus;
use crate::domain::vocab::{Band, MilestoneIx};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// What accounts are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CohortBy {
    /// The month the contract started (`2025-03`).
    #[default]
    Start,
    Segment,
    Owner,
    Stage,
}

impl CohortBy {
    pub(crate) const ALL: [CohortBy; 4] = [
        CohortBy::Start,
        CohortBy::Segment,
        CohortBy::Owner,
        CohortBy::Stage,
    ];

    pub(crate) fn id(self) -> &'static str {
        match self {
            CohortBy::Start => "start",
            CohortBy::Segment => "segment",
            CohortBy::Owner => "owner",
            CohortBy::Stage => "stage",
        }
    }

    /// The next grouping, for a key that cycles them.
    pub(crate) fn next(self) -> CohortBy {
        let i = CohortBy::ALL.iter().position(|b| *b == self).unwrap_or(0);
        CohortBy::ALL[(i + 1) % CohortBy::ALL.len()]
    }
}

/// One milestone in one cohort: of the accounts for which it is due
/// (reached, or past its expected date), how many reached it on time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneShare {
    pub id: String,
    /// Accounts that reached it by its expected date (or with no expected date).
    pub on_time: usize,
    /// Accounts that reached it late.
    pub late: usize,
    /// Accounts past its expected date without it.
    pub missed: usize,
    /// `on_time / (on_time + late + missed)`; `None` when it is due for none.
    pub share_on_time: Option<f64>,
}

/// The health bands of a cohort's customers (churned accounts left out).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BandMix {
    pub good: usize,
    pub average: usize,
    pub poor: usize,
    pub(crate) unknown: usize,
}

impl BandMix {
    fn add(&mut self, band: Band) {
        match band {
            Band::Good => self.good += 1,
            Band::Average => self.average += 1,
            Band::Poor => self.poor += 1,
            Band::Unknown => self.unknown += 1,
        }
    }

    /// The count of `band`.
    pub fn get(&self, band: Band) -> usize {
        match band {
            Band::Good => self.good,
            Band::Average => self.average,
            Band::Poor => self.poor,
            Band::Unknown => self.unknown,
        }
    }
}

/// One group of accounts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohort {
    /// The month (`2025-03`), segment, owner or stage id; `(none)` for
    /// accounts the source gives no value for.
    pub key: String,
    /// Every account of the group, churned ones included.
    pub accounts: usize,
    /// The ARR of its customers whose ARR is known; `None` when none's is
    /// (unknown, not zero).
    pub arr: Option<f64>,
    /// Customers whose ARR is unknown.
    pub arr_unknown: usize,
    /// In model order.
    pub milestones: Vec<MilestoneShare>,
    pub bands: BandMix,
    pub(crate) renewed: usize,
    pub churned: usize,
    /// `churned / accounts`.
    pub churn_rate: Option<f64>,
}

/// One owner's book: the CSM-to-customer ratio, owner by owner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnerLoad {
    /// `(none)` for accounts without an owner.
    pub owner: String,
    /// Customers (churned accounts left out).
    pub accounts: usize,
    /// As [`Cohort::arr`]: `None` when no customer's ARR is known.
    pub arr: Option<f64>,
    /// Customers in the poor band.
    pub poor: usize,
}

/// Cohorts and the owners' load, as of `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohorts {
    pub(crate) by: CohortBy,
    pub(crate) as_of: NaiveDate,
    /// The milestone ids, in model order (the columns of `milestones`).
    pub(crate) milestone_ids: Vec<String>,
    pub cohorts: Vec<Cohort>,
    /// Most customers first.
    pub owners: Vec<OwnerLoad>,
    /// Customers per named owner (accounts without an owner left out).
    pub accounts_per_owner: Option<f64>,
}

/// The label of accounts with no value for the grouping.
pub(crate) const NONE: &str = "(none)";

/// How a group sorts: months in time order, stages in model order, names
/// alphabetically, and "none" last.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Month(i32, u32),
    Stage(usize),
    Name(String),
    None,
}

#[derive(Debug, Clone, Default)]
struct Acc {
    accounts: usize,
    arr: Option<f64>,
    arr_unknown: usize,
    /// Per milestone: on time, late, missed.
    milestones: Vec<[usize; 3]>,
    bands: BandMix,
    renewed: usize,
    churned: usize,
}

/// Builds [`Cohorts`] one account at a time, for every grouping at once
/// (the milestone states of an account are worked out once).
pub struct CohortsBuilder {
    now: NaiveDate,
    groups: [BTreeMap<Key, Acc>; 4],
    owners: BTreeMap<Key, OwnerLoad>,
}

impl CohortsBuilder {
    pub(crate) fn new(now: NaiveDate) -> CohortsBuilder {
        CohortsBuilder {
            now,
            groups: Default::default(),
            owners: BTreeMap::new(),
        }
    }

    /// Adds `account`, evaluated as of `now` in `eval`.
    pub(crate) fn add(&mut self, engine: &Engine, account: &Account, eval: &Evaluation) {
        let done = engine.completions(account);
        let states = engine.milestone_states(account, &done, self.now);
        let customer = account.is_customer();
        for by in CohortBy::ALL {
            let key = key(account, eval, by);
            let acc = self.groups[by as usize].entry(key).or_default();
            if acc.milestones.is_empty() {
                acc.milestones = vec![[0; 3]; states.len()];
            }
            acc.accounts += 1;
            for (slot, s) in acc.milestones.iter_mut().zip(&states) {
                match s.status {
                    MilestoneStatus::Done => slot[0] += 1,
                    MilestoneStatus::DoneLate => slot[1] += 1,
                    MilestoneStatus::Overdue => slot[2] += 1,
                    // Not yet due, reached on a day unknown, or not tracked:
                    // neither on time nor late.
                    MilestoneStatus::Pending
                    | MilestoneStatus::DueSoon
                    | MilestoneStatus::DoneImplied
                    | MilestoneStatus::Untracked => {}
                }
            }
            match account.outcome {
                crate::domain::account::Outcome::Churned => acc.churned += 1,
                crate::domain::account::Outcome::Renewed => acc.renewed += 1,
                crate::domain::account::Outcome::Open => {}
            }
            if customer {
                acc.bands.add(eval.health.band);
                if !add_arr(&mut acc.arr, account.arr) {
                    acc.arr_unknown += 1;
                }
            }
        }
        if customer {
            let key = name(&account.owner);
            let owner = self.owners.entry(key).or_insert_with_key(|k| OwnerLoad {
                owner: match k {
                    Key::Name(n) => n.clone(),
                    _ => NONE.to_string(),
                },
                accounts: 0,
                arr: None,
                poor: 0,
            });
            owner.accounts += 1;
            add_arr(&mut owner.arr, account.arr);
            owner.poor += usize::from(eval.health.band == Band::Poor);
        }
    }

    /// The cohorts grouped `by`, and the owners' load. The builder can be
    /// finished for several groupings.
    pub(crate) fn finish(&self, engine: &Engine, by: CohortBy) -> Cohorts {
        // The columns: the milestones the book tracks, in model order.
        let columns: Vec<(usize, String)> = engine
            .model
            .milestones
            .iter()
            .enumerate()
            .filter(|(i, _)| engine.is_tracked(MilestoneIx::new(*i)))
            .map(|(i, m)| (i, m.id.to_string()))
            .collect();
        let ids = columns.iter().map(|(_, id)| id.clone()).collect();
        let cohorts = self.groups[by as usize]
            .iter()
            .map(|(key, acc)| Cohort {
                key: label(engine, key),
                accounts: acc.accounts,
                arr: acc.arr,
                arr_unknown: acc.arr_unknown,
                milestones: columns
                    .iter()
                    .map(|(i, id)| (id, acc.milestones[*i]))
                    .map(|(id, [on_time, late, missed])| MilestoneShare {
                        id: id.clone(),
                        on_time,
                        late,
                        missed,
                        share_on_time: share(on_time, on_time + late + missed),
                    })
                    .collect(),
                bands: acc.bands,
                renewed: acc.renewed,
                churned: acc.churned,
                churn_rate: share(acc.churned, acc.accounts),
            })
            .collect();
        let mut owners: Vec<OwnerLoad> = self.owners.values().cloned().collect();
        // Most customers first; "none" after every named owner.
        owners.sort_by(|a, b| {
            (a.owner == NONE)
                .cmp(&(b.owner == NONE))
                .then(b.accounts.cmp(&a.accounts))
                .then_with(|| a.owner.cmp(&b.owner))
        });
        let named: Vec<&OwnerLoad> = owners.iter().filter(|o| o.owner != NONE).collect();
        let customers: usize = named.iter().map(|o| o.accounts).sum();
        Cohorts {
            by,
            as_of: self.now,
            milestone_ids: ids,
            cohorts,
            accounts_per_owner: share(customers, named.len()),
            owners,
        }
    }
}

/// Adds `arr` to the sum of known ARRs `sum` (`None` until one is known);
/// false when `arr` is unknown (missing, or not a number).
fn add_arr(sum: &mut Option<f64>, arr: Option<f64>) -> bool {
    match arr.filter(|a| a.is_finite()) {
        Some(a) => {
            *sum = Some(sum.unwrap_or(0.0) + a);
            true
        }
        None => false,
    }
}

fn name(v: &Option<String>) -> Key {
    match v.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => Key::Name(s.to_string()),
        _ => Key::None,
    }
}

fn key(account: &Account, eval: &Evaluation, by: CohortBy) -> Key {
    match by {
        CohortBy::Start => account
            .contract_start
            .map_or(Key::None, |d| Key::Month(d.year(), d.month())),
        CohortBy::Segment => name(&account.segment),
        CohortBy::Owner => name(&account.owner),
        CohortBy::Stage => Key::Stage(eval.stage.get()),
    }
}

fn label(engine: &Engine, key: &Key) -> String {
    match key {
        Key::Month(y, m) => format!("{y:04}-{m:02}"),
        Key::Stage(i) => engine
            .model
            .stages
            .get(*i)
            .map_or_else(|| NONE.to_string(), |s| s.id.to_string()),
        Key::Name(n) => n.clone(),
        Key::None => NONE.to_string(),
    }
}

/// The key of the cohort `account` falls in when grouped `by` (a
/// [`Cohort::key`]): to list the accounts behind a cohort.
pub(crate) fn cohort_of(
    engine: &Engine,
    account: &Account,
    eval: &Evaluation,
    by: CohortBy,
) -> String {
    label(engine, &key(account, eval, by))
}

/// Cohorts of `accounts` (with `evals[i]` the evaluation of `accounts[i]`
/// as of `now`), grouped `by`.
pub fn cohorts(
    engine: &Engine,
    accounts: &[Account],
    evals: &[Evaluation],
    now: NaiveDate,
    by: CohortBy,
) -> Cohorts {
    let mut b = CohortsBuilder::new(now);
    for (a, e) in accounts.iter().zip(evals) {
        b.add(engine, a, e);
    }
    b.finish(engine, by)
}
