//! A play being logged: the plays that may be logged on an account
//! ([`choices`]: one list for the TUI's play logger and `orienteer
//! log-play`), and what both hand to the outbox. The outbox gives it its
//! [`super::LogId`] (the idempotency key of its write-back) when it is
//! durably queued.

use super::account::PlayOutcome;
use super::engine::Engine;
use super::report::PlayRow;
use super::vocab::{AccountId, PlayId, PlayIx, StageIx};
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

/// A play offered for logging.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub play_id: PlayId,
    pub title: String,
    /// Why it is recommended; `None` for a play of the stage that is not.
    pub reason: Option<String>,
    /// The recommendation's id, for [`LogDraft::prompted_by`].
    pub(crate) recommendation_id: Option<String>,
    pub follow_up_days: Option<u32>,
}

/// The plays offered for an account in `stage` whose recommended plays
/// are `recommended`: those (with their reasons) first, then every other
/// play of the stage, then the plays of any stage, each in priority order.
pub(crate) fn choices(engine: &Engine, stage: StageIx, recommended: &[PlayRow]) -> Vec<Choice> {
    let mut out: Vec<Choice> = recommended
        .iter()
        .map(|r| Choice {
            play_id: PlayId::from(r.id.clone()),
            title: r.title.clone(),
            reason: Some(r.reason.clone()),
            recommendation_id: Some(r.recommendation_id.clone()),
            follow_up_days: r.follow_up_days,
        })
        .collect();
    // The stage's own plays, then those of any stage, each by priority.
    let of_stage = |i: &PlayIx| engine.play_stages[i.get()] == Some(stage);
    let any = |i: &PlayIx| engine.play_stages[i.get()].is_none();
    let order = engine.play_order.iter().filter(|i| of_stage(i));
    for &i in order.chain(engine.play_order.iter().filter(|i| any(i))) {
        let def = engine.play(i);
        if out.iter().any(|c| c.play_id == def.id) {
            continue;
        }
        out.push(Choice {
            play_id: def.id.clone(),
            title: def.title.clone(),
            reason: None,
            recommendation_id: None,
            follow_up_days: def.follow_up_days,
        });
    }
    out
}

/// The plays offered on every one of several accounts (`offered`, one list
/// each), for logging one play on all of them: those in every list, in the
/// first list's order. A play recommended on some of them says on how
/// many; the recommendation each log names is its own account's.
pub(crate) fn common_choices(offered: &[Vec<Choice>]) -> Vec<Choice> {
    let Some((first, rest)) = offered.split_first() else {
        return Vec::new();
    };
    let on = |list: &Vec<Choice>, c: &Choice| list.iter().find(|o| o.play_id == c.play_id).cloned();
    first
        .iter()
        .filter(|c| rest.iter().all(|list| on(list, c).is_some()))
        .map(|c| {
            let recommended = offered
                .iter()
                .filter(|list| on(list, c).is_some_and(|o| o.reason.is_some()))
                .count();
            let reason = match recommended {
                0 => None,
                n if n == offered.len() && n == 1 => c.reason.clone(),
                n => Some(format!("recommended on {n} of {}", offered.len())),
            };
            Choice {
                reason,
                recommendation_id: None,
                ..c.clone()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(id: &str, reason: Option<&str>) -> Choice {
        Choice {
            play_id: PlayId::from(id.to_string()),
            title: id.to_uppercase(),
            reason: reason.map(String::from),
            recommendation_id: reason.map(|_| format!("rec-{id}")),
            follow_up_days: Some(7),
        }
    }

    #[test]
    fn common_choices_are_the_plays_every_account_is_offered() {
        let a = vec![
            choice("qbr", Some("renews")),
            choice("call", None),
            choice("x", None),
        ];
        let b = vec![choice("call", Some("quiet")), choice("qbr", None)];
        let got = common_choices(&[a, b]);
        let ids: Vec<&str> = got.iter().map(|c| c.play_id.as_str()).collect();
        assert_eq!(
            ids,
            ["qbr", "call"],
            "in the first list's order, x left out"
        );
        assert_eq!(got[0].reason.as_deref(), Some("recommended on 1 of 2"));
        assert!(got.iter().all(|c| c.recommendation_id.is_none()));
        assert!(common_choices(&[]).is_empty());
    }
}
