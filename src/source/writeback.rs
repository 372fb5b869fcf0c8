//! Write-back: sending a play logged in Orienteer to the system it came
//! from. The outbox (`crate::outbox`) decides when; a [`WriteBack`] knows
//! how, for one source: HubSpot (a note, and a task for the follow-up), the
//! REST contract (`POST /play-logs`), the demo (kept in the local store).
//! A plain note (a snooze's, [`LogKind::Note`]) is a HubSpot note; the
//! REST contract has no notes, so there it stays in the local store.
//!
//! **Exactly once.** Every log carries its id, the idempotency key. When an
//! earlier attempt may have reached the source (a timeout, a lost
//! connection, a crash mid-request), the outbox calls [`WriteBack::deliver`]
//! with `check_first`: the adapter then asks the source whether the key
//! already landed and sends only what is missing. An adapter whose source
//! honours an idempotency key (REST) may send again with the same key.
//!
//! **Errors** are [`SourceError`]s, as for a fetch: the outbox sorts them
//! into "sent", "failed for good" (a 4xx retrying cannot fix) and "try
//! again later" (auth, network, 5xx).

use super::SourceError;
use crate::domain::account::PlayLog;
use crate::domain::AccountId;
use crate::store::LogKind;
use chrono::{DateTime, Utc};
use std::future::Future;
use std::pin::Pin;

/// One log to send, with what the source needs beside the log itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub(crate) account_id: AccountId,
    /// A logged play, or a plain note whose text is the log's `note` (a
    /// snooze's): the source records it as a note, nothing more.
    pub(crate) kind: LogKind,
    pub(crate) log: PlayLog,
    /// The exact instant the play happened (the log keeps only the day).
    pub(crate) at: DateTime<Utc>,
    /// The play's title, for a human reading the note in the CRM.
    pub(crate) play_title: String,
    /// The account's owner as the local cache has it (a name, or whatever
    /// `owner` is mapped to), for a source that assigns the record to a
    /// user; `None` when the account is not cached or has no owner.
    pub(crate) owner: Option<String>,
}

/// What the source answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The source's id of what it recorded (HubSpot: the note's id), when
    /// it gives one.
    pub remote_id: Option<String>,
    /// An earlier attempt had landed: this one found it and sent nothing
    /// again (or only the part that was missing).
    pub found: bool,
}

/// A boxed delivery, so that [`WriteBack`] stays object safe.
pub type DeliverFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Receipt, SourceError>> + Send + 'a>>;

/// A source that logged plays can be written back to.
pub trait WriteBack: Send + Sync {
    /// Records `item` at the source. With `check_first`, an earlier attempt
    /// may have landed: look for the log's key first and send only what is
    /// not there. Each request is tried once: the outbox retries.
    fn deliver<'a>(&'a self, item: &'a Outgoing, check_first: bool) -> DeliverFuture<'a>;

    /// A flush starts: what the adapter looked up for the last one (who the
    /// CRM's users are) is to be looked up again when needed. Nothing by
    /// default.
    fn flush_started(&self) {}

    /// The longest note the source keeps, in characters, if it has a
    /// limit: a longer one is refused before it is queued (see
    /// [`check_note`]). None by default.
    fn note_limit(&self) -> Option<NoteLimit> {
        None
    }
}

/// A source's limit on a logged note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoteLimit {
    /// What the source says it keeps (HubSpot: 65,536 characters a note).
    pub(crate) source_keeps: usize,
    /// What is left of it for the CSM's text, after the play's title, the
    /// outcome and the log's key.
    pub(crate) note: usize,
    pub(crate) source: &'static str,
}

/// Refuses, before anything is queued, a note longer than `writer` keeps,
/// with the limit and what to do: a log the source would refuse is better
/// cut now than failed later.
pub(crate) fn check_note(writer: &dyn WriteBack, note: &str) -> Result<(), NoteTooLong> {
    let Some(limit) = writer.note_limit() else {
        return Ok(());
    };
    let chars = note.chars().count();
    if chars <= limit.note {
        return Ok(());
    }
    Err(NoteTooLong { chars, limit })
}

/// A note longer than the source keeps: its length and the limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the note has {chars} characters; {} keeps at most {} in a note, with the play's title \
     and outcome: cut it to {} or fewer; nothing was queued",
    .limit.source,
    super::progress::thousands(.limit.source_keeps as u64),
    super::progress::thousands(.limit.note as u64)
)]
pub struct NoteTooLong {
    pub(crate) chars: usize,
    pub(crate) limit: NoteLimit,
}

/// The built-in demo: nothing leaves the machine; the outbox's row in the
/// local store is the record, and it is delivered at once.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LocalOnly;

impl WriteBack for LocalOnly {
    fn deliver<'a>(&'a self, _item: &'a Outgoing, _check_first: bool) -> DeliverFuture<'a> {
        Box::pin(async move {
            Ok(Receipt {
                remote_id: None,
                found: false,
            })
        })
    }
}

#[cfg(test)]
mod note_tests {
    use super::*;

    struct Limited;

    impl WriteBack for Limited {
        fn deliver<'a>(&'a self, _: &'a Outgoing, _: bool) -> DeliverFuture<'a> {
            unreachable!()
        }

        fn note_limit(&self) -> Option<NoteLimit> {
            Some(NoteLimit {
                source_keeps: 65_536,
                note: 65_000,
                source: "HubSpot",
            })
        }
    }

    #[test]
    fn a_note_past_the_limit_is_refused_with_it() {
        assert!(check_note(&Limited, &"x".repeat(65_000)).is_ok());
        let err = check_note(&Limited, &"é".repeat(65_001)).unwrap_err();
        assert_eq!(err.chars, 65_001);
        let err = err.to_string();
        assert!(err.contains("65001 characters"), "{err}");
        assert!(
            err.contains("at most 65,536") && err.contains("65,000"),
            "{err}"
        );
        assert!(check_note(&LocalOnly, &"x".repeat(1_000_000)).is_ok());
    }
}
