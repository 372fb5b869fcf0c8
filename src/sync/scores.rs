//! The day's health scores, recorded by a load from a live sync: trends
//! build up in the store even when the source keeps no history.

use super::cache::SCORE_KEEP_DAYS;
use crate::domain::calendar::days_before;
use crate::domain::portfolio::Portfolio;
use crate::store::Store;
use std::path::PathBuf;

/// Where a load records the scores it evaluated (see
/// [`crate::app::load::Loader::with_scores`]).
#[derive(Debug, Clone)]
pub struct Scores {
    store: PathBuf,
}

impl Scores {
    pub(super) fn new(store: PathBuf) -> Scores {
        Scores { store }
    }

    /// Records each account's score for the portfolio's day, and forgets
    /// days older than two years. Blocking: call it on the blocking pool.
    /// Best effort: a trend with a day missing is still a trend.
    pub(crate) fn record(&self, portfolio: &Portfolio) {
        let scores: Vec<_> = portfolio
            .accounts
            .iter()
            .zip(&portfolio.evals)
            .map(|(a, e)| (a.id.clone(), e.health.score(), e.health.band))
            .collect();
        if let Ok(mut store) = Store::open(&self.store) {
            let _ = store.record_scores(portfolio.now, &scores);
            // Two years of history is plenty for trends and for looking
            // back on renewals; older days go, so the file stays small.
            let _ = store.prune_scores(days_before(portfolio.now, SCORE_KEEP_DAYS));
        }
    }
}
