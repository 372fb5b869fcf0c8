//! One row of the play outbox as it is read back ([`OutboxRow`]), and
//! the log as it is stored (its delivery state lives in the row).

use crate::domain::account::{Delivery, PlayLog};
use crate::domain::{AccountId, LogId};
use chrono::{DateTime, Utc};
use rusqlite::Row;

/// What an outbox row carries to the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogKind {
    /// A logged play (HubSpot: a note, and a task for its follow-up).
    Play,
    /// A plain note on the account, e.g. a snooze's ("Snoozed
    /// usage_decline until 2026-12-24: customer on vacation"): its text is
    /// the log's `note`. It is not a play: it marks nothing as handled.
    Note,
}

impl LogKind {
    /// The `kind` column's text.
    pub(crate) fn id(self) -> &'static str {
        match self {
            LogKind::Play => "play",
            LogKind::Note => "note",
        }
    }

    fn from_id(id: &str) -> LogKind {
        match id {
            "note" => LogKind::Note,
            _ => LogKind::Play,
        }
    }
}

/// One row of the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxRow {
    pub(crate) source: String,
    pub(crate) account_id: AccountId,
    pub kind: LogKind,
    /// With `state` and `error` filled from the row.
    pub log: PlayLog,
    pub play_title: String,
    pub at: DateTime<Utc>,
    pub attempts: u32,
    pub next_at: DateTime<Utc>,
    /// An attempt may have reached the source: ask it before sending again.
    pub uncertain: bool,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) sent_at: Option<DateTime<Utc>>,
}

impl OutboxRow {
    pub fn state(&self) -> Delivery {
        self.log.state.unwrap_or(Delivery::Queued)
    }
}

/// The log as stored: its delivery state lives in the row.
pub(super) fn bare(log: &PlayLog) -> PlayLog {
    PlayLog {
        state: None,
        error: None,
        ..log.clone()
    }
}

pub(super) type RowResult = Result<OutboxRow, String>;

pub(super) fn read_row(r: &Row<'_>) -> rusqlite::Result<RowResult> {
    let json: String = r.get(2)?;
    let state: String = r.get(5)?;
    let error: Option<String> = r.get(8)?;
    let times = [r.get::<_, String>(4)?, r.get::<_, String>(7)?, r.get(10)?];
    let sent_at: Option<String> = r.get(11)?;
    let kind: String = r.get(12)?;
    let mut log: PlayLog = match serde_json::from_str(&json) {
        Ok(log) => log,
        Err(e) => return Ok(Err(format!("an outbox log cannot be read back: {e}"))),
    };
    log.state = Some(delivery(&state));
    log.error = error;
    let [at, next_at, created_at] = times.map(|t| parse_time(&t));
    let (Some(at), Some(next_at), Some(created_at)) = (at, next_at, created_at) else {
        return Ok(Err(format!("log {}: a bad time in the outbox", log.id)));
    };
    Ok(Ok(OutboxRow {
        source: r.get(0)?,
        account_id: r.get::<_, String>(1)?.into(),
        kind: LogKind::from_id(&kind),
        log,
        play_title: r.get(3)?,
        at,
        attempts: r.get(6)?,
        next_at,
        uncertain: r.get(9)?,
        created_at,
        sent_at: sent_at.and_then(|t| parse_time(&t)),
    }))
}

/// A row's `state` column as a delivery.
pub(super) fn delivery(state: &str) -> Delivery {
    match state {
        "sent" => Delivery::Sent,
        "failed" => Delivery::Failed,
        _ => Delivery::Queued,
    }
}

/// Where one log of the outbox stands, read without the log itself.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LogState {
    pub(crate) id: LogId,
    pub(crate) account_id: AccountId,
    pub(crate) state: Delivery,
    pub(crate) error: Option<String>,
}

pub(super) fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.to_utc())
}
