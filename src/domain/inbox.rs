//! The CSM's inbox: an account the CSM has acted on is *handled* for a
//! while, and comes back on its own when something new happens that the
//! action could not have covered.
//!
//! The account's latest logged play (whatever its write-back's state)
//! marks it handled from the day it was logged until its follow-up date,
//! or for `[attention] handled_days` when it has none. It is *woken*, and
//! needs the CSM again, when since that day:
//! - a critical alert is active that was not on the day of the log,
//! - its health dropped a band,
//! - its renewal came within `[attention] renewal_wake_days`,
//! - or a follow-up came due (the log's own, or one that came due after it).
//!
//! This module holds what a face reads: where an account stands
//! ([`Inbox`]), the play that covers it ([`Handled`]) and what woke it
//! ([`Wake`]), and the Why both faces print. The rules that work them out
//! are in the `handled` module.

use super::attention::Attention;
use super::vocab::{AlertKind, Band, PlayId};
use chrono::NaiveDate;
use serde::Serialize;

/// Where an account stands in the CSM's inbox, the first order of the
/// attention sort: every account that needs the CSM, then the handled
/// ones, then those that need nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Inbox {
    /// Attention points and not handled, or handled and woken since.
    NeedsYou,
    /// A logged play covers it for now (its points are kept).
    Handled,
    /// No points, nothing logged that covers it.
    Quiet,
}

/// Why an account with `attention` (and `handled`, if the CSM acted on it)
/// is where it is in the attention order, in a few words, as both faces
/// print it: what the CSM did and until when for a handled account, what
/// woke it for a woken one, else what gave it most of its points.
pub(crate) fn why(attention: &Attention, handled: Option<&Handled>) -> String {
    match handled {
        Some(h) => h.why(),
        None => attention.why(),
    }
}

/// Where an account with `attention` and `handled` stands in the inbox.
pub(crate) fn inbox(attention: &Attention, handled: Option<&Handled>) -> Inbox {
    match handled {
        Some(h) if h.woken_by.is_none() => Inbox::Handled,
        Some(_) => Inbox::NeedsYou,
        None if attention.score > 0.0 => Inbox::NeedsYou,
        None => Inbox::Quiet,
    }
}

/// An account the CSM acted on: what they logged, and until when that
/// covers it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Handled {
    /// The play of the latest log.
    pub(crate) play: PlayId,
    /// The day it was logged.
    pub(crate) at: NaiveDate,
    /// Handled until (not on) this day: the log's follow-up, else `at` plus
    /// `handled_days`.
    pub(crate) until: NaiveDate,
    /// Whether `until` is the follow-up the CSM set.
    pub(crate) follow_up: bool,
    /// What brought it back, if something did.
    pub(crate) woken_by: Option<Wake>,
}

/// Why a handled account needs its CSM again. When several hold, the first
/// in this order is named: news first, then the CSM's own follow-up.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Wake {
    /// A critical alert active now that was not on the day of the log.
    NewCritical(AlertKind),
    /// The health band dropped since the day of the log.
    BandDrop { from: Band, to: Band },
    /// The renewal is `days` away (within `renewal_wake_days`) and was not
    /// that near on the day of the log.
    RenewalNear { days: i64 },
    /// A follow-up of `play` came due `days` ago (0: today) and nothing
    /// was logged for that play since.
    FollowUpDue { days: i64, play: PlayId },
}

impl Handled {
    /// The Why of a handled account, for the list and the JSON twin alike:
    /// what was done and until when, or what woke it.
    pub(crate) fn why(&self) -> String {
        let day = |d: NaiveDate| d.format("%m-%d").to_string();
        match &self.woken_by {
            None => {
                let until = match self.follow_up {
                    true => "follow-up",
                    false => "until",
                };
                format!(
                    "handled {}: {}, {until} {}",
                    day(self.at),
                    self.play,
                    day(self.until)
                )
            }
            Some(Wake::FollowUpDue { days: 0, play }) => format!("follow-up due today: {play}"),
            Some(Wake::FollowUpDue { days, play }) => format!("follow-up due {days}d: {play}"),
            Some(Wake::NewCritical(kind)) => format!("{}, new since handled", kind.label()),
            Some(Wake::BandDrop { from, to }) => {
                format!("health {} -> {}, new since handled", from.id(), to.id())
            }
            Some(Wake::RenewalNear { days: 0 }) => "renews today, new since handled".into(),
            Some(Wake::RenewalNear { days }) => format!("renews in {days}d, new since handled"),
        }
    }
}
