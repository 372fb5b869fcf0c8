//! Looking back over the portfolio: cohorts and owners' load, engagement
//! heat maps, and what changed since the last look (early warning).
//!
//! Each is a builder fed one account at a time (so a caller can spread the
//! work over many small steps and stay responsive) with a one-call
//! function over a whole portfolio on top. The CLI and the TUI go through
//! the same builders, so they show the same numbers. Pure: `now` comes in
//! as an argument.

pub mod cohorts;
pub mod early_warning;
pub mod heatmap;

pub use cohorts::{CohortBy, Cohorts, CohortsBuilder};
pub use early_warning::{Change, Changes, ChangesBuilder};
pub use heatmap::{HeatBy, HeatMap, HeatMapBuilder};

/// `part / whole`, or `None` when `whole` is zero.
pub(crate) fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}
