//! What can be wrong with a time the CSM typed while logging a play (when
//! it happened, when to follow up), and the forms each field accepts. The
//! clock reads the text (`clock::when`); both faces say these errors as
//! they are.

use chrono::NaiveDate;
use std::fmt;

/// What `--at` and the logger's "when" field accept, for messages.
pub(crate) const AT_FORMS: &str = "now, -90m, -2h, -1d, today 9:30, yesterday 15:00, \
                            14:00, 2026-11-20 or 2026-11-20 15:00";

/// What `--follow-up` and the logger's follow-up field accept.
pub(crate) const FOLLOW_UP_FORMS: &str =
    "default, none, +3d, +2w, tomorrow, mon..sun or 2026-12-01";

/// What `snooze --until` and the snooze form's date accept.
pub(crate) const UNTIL_FORMS: &str = "1w, 2w, 1m, +10d, tomorrow, mon..sun or 2026-12-24";

/// A typed time that does not read, with the text as typed (trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhenError {
    /// Not one of [`AT_FORMS`].
    NotATime(String),
    /// A local time that a clock change skips in `zone`.
    NoSuchTime { text: String, zone: String },
    /// After now: a play is logged once it has happened (`at`, as shown).
    InTheFuture { text: String, at: String },
    /// Not one of [`FOLLOW_UP_FORMS`].
    NotAFollowUp(String),
    /// A follow-up before `today`.
    PastFollowUp { day: NaiveDate, today: NaiveDate },
    /// Not one of [`UNTIL_FORMS`].
    NotAnUntil(String),
    /// A snooze's end on or before `today`.
    PastUntil { day: NaiveDate, today: NaiveDate },
}

impl fmt::Display for WhenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WhenError::NotATime(text) => write!(f, "`{text}` is not a time; use {AT_FORMS}"),
            WhenError::NoSuchTime { text, zone } => {
                write!(f, "`{text}` does not exist in {zone} (a clock change)")
            }
            WhenError::InTheFuture { text, at } => write!(
                f,
                "`{text}` is in the future ({at}); a play is logged once it has happened"
            ),
            WhenError::NotAFollowUp(text) => {
                write!(f, "`{text}` is not a follow-up; use {FOLLOW_UP_FORMS}")
            }
            WhenError::PastFollowUp { day, today } => write!(
                f,
                "the follow-up {day} is in the past; give a day from {today} on"
            ),
            WhenError::NotAnUntil(text) => {
                write!(
                    f,
                    "`{text}` is not a day to snooze until; use {UNTIL_FORMS}"
                )
            }
            WhenError::PastUntil { day, today } => write!(
                f,
                "{day} is not after today ({today}); snooze until a later day"
            ),
        }
    }
}

impl std::error::Error for WhenError {}
