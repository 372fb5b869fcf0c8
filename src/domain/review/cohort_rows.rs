//! The cohorts' rows and the owners' load as text, built once for both
//! faces (as [`super::rows::SignalRow`] is for the signals): the TUI's
//! Cohorts tab and `orienteer cohorts` lay these out and compute nothing.

use crate::domain::journey::cohorts::{Cohort, Cohorts};
use crate::domain::numbers::{money, percent};
use crate::domain::text::clean;
use crate::domain::Band;

/// The bands in the order both faces show their columns.
pub(crate) const BANDS: [Band; 4] = [Band::Good, Band::Average, Band::Poor, Band::Unknown];

/// One cohort, as each face shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortRow {
    /// The cohort's key, safe to print.
    pub key: String,
    pub accounts: usize,
    /// ARR in dollars (the CLI prints it whole); `None` when no account
    /// of the cohort has one (unknown is not `$0`).
    pub arr: Option<f64>,
    /// ARR in a few characters (`$1.2M`, or `-` when unknown).
    pub arr_short: String,
    /// Accounts per band, in [`BANDS`] order.
    pub bands: [usize; 4],
    pub churned: usize,
    /// The churn rate (`17%`, or `-`).
    pub churn_rate: String,
    /// The share reaching each milestone on time (`83%`, or `-`), in
    /// [`milestone_legend`] order.
    pub on_time: Vec<String>,
}

/// One owner's load, as each face shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnerRow {
    /// Safe to print.
    pub owner: String,
    pub accounts: usize,
    pub(crate) arr: Option<f64>,
    pub(crate) poor: usize,
}

/// The rows of `c`'s cohorts, in its order.
pub fn cohort_rows(c: &Cohorts) -> Vec<CohortRow> {
    c.cohorts.iter().map(cohort_row).collect()
}

/// One cohort's row (a face that shows a page builds only its rows).
pub(crate) fn cohort_row(k: &Cohort) -> CohortRow {
    CohortRow {
        key: clean(&k.key).into_owned(),
        accounts: k.accounts,
        arr: k.arr,
        arr_short: money(k.arr),
        bands: BANDS.map(|b| k.bands.get(b)),
        churned: k.churned,
        churn_rate: percent(k.churn_rate),
        on_time: k
            .milestones
            .iter()
            .map(|m| percent(m.share_on_time))
            .collect(),
    }
}

/// The customers of every cohort (churned accounts left out), as the
/// header of both faces counts them.
pub(crate) fn customers(c: &Cohorts) -> usize {
    c.owners.iter().map(|o| o.accounts).sum()
}

/// The owners' load of `c`, in its order.
pub fn owner_rows(c: &Cohorts) -> Vec<OwnerRow> {
    c.owners
        .iter()
        .map(|o| OwnerRow {
            owner: clean(&o.owner).into_owned(),
            accounts: o.accounts,
            arr: o.arr,
            poor: o.poor,
        })
        .collect()
}

/// What the milestone columns stand for: `M1 kickoff`, in column order.
pub(crate) fn milestone_legend(c: &Cohorts) -> Vec<String> {
    c.milestone_ids
        .iter()
        .enumerate()
        .map(|(i, id)| format!("{} {}", milestone_column(i), clean(id)))
        .collect()
}

/// The heading of milestone column `i` (0 for the first): `M1`.
pub(crate) fn milestone_column(i: usize) -> String {
    format!("M{}", i + 1)
}

/// The accounts per owner (`35.2`, or `-`).
pub(crate) fn per_owner(c: &Cohorts) -> String {
    c.accounts_per_owner
        .map_or("-".into(), |r| format!("{r:.1}"))
}
