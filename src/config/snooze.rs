//! `[snooze]`: what a snooze does beyond the local store.

use serde::Deserialize;

/// `[snooze]` as written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct SnoozeConfig {
    /// Also queue a note on the account through the outbox ("Snoozed
    /// usage_decline until 2026-12-24: customer on vacation"). Default off.
    pub(crate) write_back: bool,
}
