//! The CSM's snoozes, kept in the outbox's store beside the logs: put,
//! listed, removed; and, with `[snooze] write_back`, the note each snooze
//! writes on the account through the outbox ([`Outbox::snooze`], the one
//! function both faces call).

use super::{id, Outbox, OutboxError};
use crate::domain::account::{Delivery, PlayLog, PlayOutcome};
use crate::domain::snooze::Snooze;
use crate::domain::{AccountId, AlertKind};
use crate::store::{NewLog, SnoozeRow, Store};
use chrono::{NaiveDate, Utc};
use std::collections::HashMap;

/// The "play" a snooze's note carries in the outbox (`outbox list` shows
/// it); it is a note ([`crate::store::LogKind::Note`]), never a play.
pub(crate) const NOTE_PLAY: &str = "snooze";

impl Outbox {
    /// Snoozes as the CSM does it, from either face: puts `snooze` on
    /// `account` (replacing that alert's snooze) and, with `write_back`
    /// (`[snooze] write_back`), queues its note ("Snoozed usage_decline
    /// until 2026-12-24: customer on vacation") for the source, in the same
    /// durable transaction: the snooze and its note are kept together or
    /// not at all, and the note goes out once, as a logged play does (the
    /// next flush sends it; the demo keeps it local). Returns the queued
    /// note, if any.
    pub(crate) fn snooze(
        &self,
        account: &AccountId,
        snooze: &Snooze,
        write_back: bool,
    ) -> Result<Option<PlayLog>, OutboxError> {
        let mut store = Store::open(&self.store)?;
        if !write_back {
            store.put_snooze(&self.source, account, snooze)?;
            return Ok(None);
        }
        let note = PlayLog {
            id: id::new_log_id(),
            play_id: NOTE_PLAY.into(),
            outcome: PlayOutcome::Done,
            at: snooze.at,
            note: snooze.note(),
            follow_up: None,
            prompted_by: None,
            state: Some(Delivery::Queued),
            error: None,
        };
        let now = Utc::now();
        store.put_snooze_with_note(
            account,
            snooze,
            &NewLog {
                source: &self.source,
                account_id: account,
                log: &note,
                play_title: "Snoozed",
                at: now,
                now,
            },
        )?;
        Ok(Some(note))
    }

    /// Forgets the snoozes of this source that ended 30 days or more
    /// before `today` ([`Store::forget_snoozes`]); returns how many.
    pub(crate) fn forget_snoozes(&self, today: NaiveDate) -> Result<usize, OutboxError> {
        if !self.store.exists() {
            return Ok(0);
        }
        Ok(Store::open(&self.store)?.forget_snoozes(&self.source, today)?)
    }

    /// Every snooze of this source by account. An absent store file holds
    /// none.
    pub(crate) fn snoozes_by_account(
        &self,
    ) -> Result<HashMap<AccountId, Vec<Snooze>>, OutboxError> {
        let mut out: HashMap<AccountId, Vec<Snooze>> = HashMap::new();
        for row in self.snoozes()? {
            out.entry(row.account_id).or_default().push(row.snooze);
        }
        Ok(out)
    }

    /// Every snooze of this source, by account then alert.
    pub(crate) fn snoozes(&self) -> Result<Vec<SnoozeRow>, OutboxError> {
        if !self.store.exists() {
            return Ok(Vec::new());
        }
        Ok(Store::open(&self.store)?.snoozes(&self.source)?)
    }

    /// Removes `account`'s snooze of `alert`, or all its snoozes; returns
    /// the alerts whose snooze was removed.
    pub(crate) fn unsnooze(
        &self,
        account: &AccountId,
        alert: Option<AlertKind>,
    ) -> Result<Vec<AlertKind>, OutboxError> {
        if !self.store.exists() {
            return Ok(Vec::new());
        }
        Ok(Store::open(&self.store)?.delete_snoozes(&self.source, account, alert)?)
    }
}
