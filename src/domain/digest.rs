//! The morning digest: for a set of accounts (the owner's, a view's) what
//! needs the CSM since a day, in sections a face lays out for a terminal,
//! a chat or a script:
//! - what changed since: early warning's changes (its own rules, through
//!   its builder) and the handled accounts woken since,
//! - the follow-ups due today or overdue ([`due_follow_ups`], the rule the
//!   inbox and the "Follow-ups due" view use),
//! - the renewals of the next [`RENEWAL_DAYS`] whose health is not good,
//! - what was handled since (the inbox's [`Handled`]),
//! - and the header's counts, from the function the header uses
//!   ([`Shown::summary`]).
//!
//! Pure: `now` is the portfolio's day, `since` comes in.

use super::account::Account;
use super::calendar::days_between;
use super::engine::Engine;
use super::evaluate::Evaluation;
use super::inbox::{Handled, Wake};
use super::journey::early_warning::{Change, ChangesBuilder};
use super::play::due_follow_ups;
use super::portfolio::Shown;
use super::report::{whole_opt, HandledRow};
use super::vocab::{Band, PlayId};
use chrono::NaiveDate;
use serde::Serialize;

/// How far ahead the digest looks for renewals at risk.
pub(crate) const RENEWAL_DAYS: i64 = 30;

/// The digest of a set of accounts as of `as_of`, since `since`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Digest {
    pub(crate) as_of: NaiveDate,
    pub(crate) since: NaiveDate,
    /// The header's counts for the same accounts.
    pub(crate) counts: Counts,
    /// Accounts that dropped a band or raised a new critical alert since
    /// `since` (early warning), most urgent first.
    pub(crate) changed: Vec<Change>,
    /// What came back to the CSM since `since`, in attention order (see
    /// [`woken_since`], the one place this section is filled).
    pub(crate) woken: Vec<Woken>,
    /// Follow-ups due today or overdue, the most overdue first.
    pub(crate) follow_ups: Vec<FollowUp>,
    /// Renewals within [`RENEWAL_DAYS`] whose health is not good, soonest
    /// first.
    pub(crate) renewals: Vec<Renewal>,
    /// Accounts handled by a play logged on or after `since`, latest first.
    pub(crate) handled: Vec<HandledSince>,
}

/// The header's counts ("14 need you · 6 handled · 3 follow-ups due").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Counts {
    pub(crate) need_you: usize,
    pub(crate) handled: usize,
    pub(crate) follow_ups_due: usize,
}

/// Something that came back to the CSM since the digest's `since`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Woken {
    #[serde(skip)]
    pub(crate) index: usize,
    pub(crate) id: String,
    pub(crate) name: String,
    /// What woke it, as the list's Why says it.
    pub(crate) why: String,
    #[serde(flatten)]
    pub(crate) what: WokenWhat,
}

/// What was woken, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum WokenWhat {
    /// A handled account that needs the CSM again: the play that covered
    /// it and what woke it (`woken_by`).
    Handled(HandledRow),
}

/// A follow-up due today (`days_overdue` 0) or overdue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct FollowUp {
    #[serde(skip)]
    pub(crate) index: usize,
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) play: PlayId,
    pub(crate) due: NaiveDate,
    pub(crate) days_overdue: i64,
}

/// A renewal coming soon on an account whose health is not good.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Renewal {
    #[serde(skip)]
    pub(crate) index: usize,
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) renewal_date: NaiveDate,
    /// Days until the renewal (0: today).
    pub(crate) days: i64,
    pub(crate) band: Band,
    #[serde(serialize_with = "whole_opt")]
    pub(crate) arr: Option<f64>,
}

/// An account handled since the digest's `since`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct HandledSince {
    #[serde(skip)]
    pub(crate) index: usize,
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(flatten)]
    pub(crate) handled: HandledRow,
}

impl Counts {
    /// The counts as the header says them: "14 need you · 6 handled · 3
    /// follow-ups due".
    pub(crate) fn phrase(&self) -> String {
        let due = match self.follow_ups_due {
            1 => "follow-up",
            _ => "follow-ups",
        };
        format!(
            "{} need you · {} handled · {} {due} due",
            self.need_you, self.handled, self.follow_ups_due
        )
    }
}

impl Digest {
    /// Whether nothing needs the CSM: every section is empty.
    pub(crate) fn is_empty(&self) -> bool {
        self.changed.is_empty()
            && self.woken.is_empty()
            && self.follow_ups.is_empty()
            && self.renewals.is_empty()
            && self.handled.is_empty()
    }
}

/// The digest of the accounts `rows` of `shown` (in the order a face lists
/// them, e.g. attention order) since `since` (clamped to the as-of day).
pub(crate) fn digest(engine: &Engine, shown: Shown<'_>, rows: &[u32], since: NaiveDate) -> Digest {
    let now = shown.now();
    let since = since.min(now);
    let summary = shown.summary(rows);
    let mut changes = ChangesBuilder::new(since, now);
    let mut d = Digest {
        as_of: now,
        since,
        counts: Counts {
            need_you: summary.need_you,
            handled: summary.handled,
            follow_ups_due: summary.follow_ups_due,
        },
        changed: Vec::new(),
        woken: Vec::new(),
        follow_ups: Vec::new(),
        renewals: Vec::new(),
        handled: Vec::new(),
    };
    for &i in rows {
        let i = i as usize;
        let (account, eval) = (shown.account(i), shown.eval(i));
        changes.add(engine, i, account, eval);
        d.woken
            .extend(woken_since(engine, i, account, eval, since, now));
        d.follow_ups.extend(follow_ups(i, account, now));
        d.renewals.extend(renewal(i, account, eval, now));
        if let Some(h) = eval.handled.as_ref().filter(|h| h.at >= since) {
            d.handled.push(HandledSince {
                index: i,
                id: account.id.to_string(),
                name: account.name.clone(),
                handled: HandledRow::of(h),
            });
        }
    }
    d.changed = changes.finish().changes;
    d.follow_ups.sort_by(|a, b| {
        (b.days_overdue.cmp(&a.days_overdue))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.play.cmp(&b.play))
    });
    d.renewals.sort_by(|a, b| {
        let arr = |r: &Renewal| r.arr.filter(|a| a.is_finite()).unwrap_or(0.0);
        (a.days.cmp(&b.days))
            .then_with(|| arr(b).total_cmp(&arr(a)))
            .then_with(|| a.name.cmp(&b.name))
    });
    d.handled
        .sort_by(|a, b| (b.handled.at.cmp(&a.handled.at)).then_with(|| a.name.cmp(&b.name)));
    d
}

/// What came back to the CSM on `account` (at `index`, evaluated as of
/// `now` in `eval`) since `since`: the one place the digest's "woken"
/// section is filled. Today a handled account woken since `since`: woken
/// now, and not already woken on `since` by the same log (it is evaluated
/// again as of `since`, only when woken now). Snoozed alerts woken since
/// (issue 16, item 2) are added here too.
pub(crate) fn woken_since(
    engine: &Engine,
    index: usize,
    account: &Account,
    eval: &Evaluation,
    since: NaiveDate,
    now: NaiveDate,
) -> Vec<Woken> {
    let mut woken = Vec::new();
    // Woken by news: a follow-up come due is the follow-ups' section's.
    let handled_woken = eval.handled.as_ref().filter(|h| {
        h.woken_by
            .as_ref()
            .is_some_and(|w| !matches!(w, Wake::FollowUpDue { .. }))
    });
    if let Some(h) = handled_woken.filter(|_| since < now) {
        let same_log = |then: &Handled| then.at == h.at && then.play == h.play;
        let already = engine
            .evaluate(account, since)
            .handled
            .is_some_and(|then| same_log(&then) && then.woken_by.is_some());
        if !already {
            woken.push(Woken {
                index,
                id: account.id.to_string(),
                name: account.name.clone(),
                why: h.why(),
                what: WokenWhat::Handled(HandledRow::of(h)),
            });
        }
    }
    woken
}

/// The follow-ups of `account` due by `now` ([`due_follow_ups`]).
fn follow_ups(index: usize, account: &Account, now: NaiveDate) -> Vec<FollowUp> {
    due_follow_ups(account, now)
        .map(|(log, due)| FollowUp {
            index,
            id: account.id.to_string(),
            name: account.name.clone(),
            play: log.play_id.clone(),
            due,
            days_overdue: days_between(due, now),
        })
        .collect()
}

/// The renewal of `account` if it is within [`RENEWAL_DAYS`] of `now`
/// (today or ahead) and its health is not good (no health data is not
/// good either).
fn renewal(index: usize, account: &Account, eval: &Evaluation, now: NaiveDate) -> Option<Renewal> {
    let renewal_date = account.renewal_date?;
    let days = days_between(now, renewal_date);
    let band = eval.health.band;
    ((0..=RENEWAL_DAYS).contains(&days) && band != Band::Good).then(|| Renewal {
        index,
        id: account.id.to_string(),
        name: account.name.clone(),
        renewal_date,
        days,
        band,
        arr: account.arr,
    })
}
