//! Date arithmetic that never panics: the engine is given any date a
//! source sends.

use chrono::{Days, NaiveDate};

/// The day `days` before `day` (the earliest date there is, if that is out
/// of range).
pub fn days_before(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}
