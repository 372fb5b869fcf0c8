//! A play being logged: what the play logger (TUI) and `orienteer log-play`
//! hand to the outbox. The outbox gives it its [`super::LogId`] (the
//! idempotency key of its write-back) when it is durably queued.

use super::account::PlayOutcome;
use super::vocab::{AccountId, PlayId};
use chrono::{DateTime, NaiveDate, Utc};

/// A play the CSM just did, as entered, not yet queued.
#[derive(Debug, Clone, PartialEq)]
pub struct LogDraft {
    pub account_id: AccountId,
    pub play_id: PlayId,
    pub outcome: PlayOutcome,
    /// Free text, possibly several lines.
    pub note: String,
    /// When the play happened.
    pub at: DateTime<Utc>,
    /// When to follow up, if at all.
    pub follow_up: Option<NaiveDate>,
    /// The recommendation that prompted it (`Recommendation::id`), when the
    /// play was picked from the account's recommendations.
    pub prompted_by: Option<String>,
}
