//! What the outbox tests queue, and how they wait for the flusher: one
//! log draft with defaults a test overrides where it asserts on a field,
//! and the flusher's next event within a deadline.

use orienteer::domain::account::PlayOutcome;
use orienteer::domain::logging::LogDraft;
use orienteer::outbox::{DeliveryUpdate, FlusherEvent};
use std::ops::Deref;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

/// A log draft being built: `&draft("101")` is a `&LogDraft`.
#[derive(Debug, Clone)]
pub struct Draft(LogDraft);

/// A `check-in` done on `account` at 2026-11-23 09:30 UTC, noted
/// "Called", with no follow-up and no prompt.
pub fn draft(account: &str) -> Draft {
    Draft(LogDraft {
        account_id: account.into(),
        play_id: "check-in".into(),
        outcome: PlayOutcome::Done,
        note: "Called".into(),
        at: "2026-11-23T09:30:00Z".parse().unwrap(),
        follow_up: None,
        prompted_by: None,
    })
}

impl Draft {
    pub fn play(mut self, play: &str) -> Draft {
        self.0.play_id = play.into();
        self
    }

    pub fn note(mut self, note: &str) -> Draft {
        self.0.note = note.into();
        self
    }

    /// A follow-up on `day` (`2026-11-30`): HubSpot gets a task too.
    pub fn follow_up(mut self, day: &str) -> Draft {
        self.0.follow_up = Some(day.parse().unwrap());
        self
    }

    pub fn prompted_by(mut self, by: &str) -> Draft {
        self.0.prompted_by = Some(by.into());
        self
    }
}

impl Deref for Draft {
    type Target = LogDraft;

    fn deref(&self) -> &LogDraft {
        &self.0
    }
}

/// The flusher's next event, within `wait`.
pub async fn next_event(
    events: &mut UnboundedReceiver<FlusherEvent>,
    wait: Duration,
) -> FlusherEvent {
    tokio::time::timeout(wait, events.recv())
        .await
        .expect("the flusher said something within the wait")
        .expect("the flusher is running")
}

/// The flusher's next event, within `wait`: a delivery.
pub async fn next_delivery(
    events: &mut UnboundedReceiver<FlusherEvent>,
    wait: Duration,
) -> DeliveryUpdate {
    match next_event(events, wait).await {
        FlusherEvent::Delivery(update) => update,
        other => panic!("not a delivery: {other:?}"),
    }
}
