//! What the watch list and the account view show, as plain data. The TUI
//! draws these rows and the JSON twin serializes them, so a number on
//! screen and the same number in `--format json` come from one function.

use super::account::{Account, Contact, Event, FieldProblem, Outcome, PlayLog};
use super::engine::Engine;
use super::evaluate::Evaluation;
use super::follow_up::DueFollowUp;
use super::inbox::{Handled, Inbox, Wake};
use super::milestone::MilestoneStatus;
use super::text::clean;
use super::vocab::{AlertKind, Band, Indicator, Severity, StageId};
use super::vocab::{MilestoneIx, PlayId};
use chrono::NaiveDate;
use serde::Serialize;
use std::borrow::Cow;

mod watch_row;
pub(crate) use crate::domain::follow_up::Why;
pub(crate) use watch_row::{watch_row, WatchRow};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct HealthRow {
    #[serde(serialize_with = "whole_opt")]
    pub(crate) score: Option<f64>,
    pub(crate) band: Band,
    pub(crate) coverage: f64,
    #[serde(serialize_with = "whole_opt")]
    pub(crate) delta_7d: Option<f64>,
    #[serde(serialize_with = "whole_opt")]
    pub(crate) delta_30d: Option<f64>,
    /// The move that matters: the larger of the two, with its days.
    pub(crate) trend: Option<TrendRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) breakdown: Option<Vec<BreakdownRow>>,
    /// Weekly scores for the last 26 weeks, oldest first (account view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) weekly: Option<Vec<WeekScore>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct TrendRow {
    #[serde(serialize_with = "whole")]
    pub(crate) delta: f64,
    pub(crate) days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct BreakdownRow {
    pub(crate) indicator: Indicator,
    #[serde(serialize_with = "whole_opt")]
    pub(crate) value: Option<f64>,
    /// The weight the score used (the configured weights shared out over
    /// the indicators with data): `value x weight = contribution`.
    pub(crate) weight: f64,
    pub(crate) configured_weight: f64,
    pub(crate) contribution: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct WeekScore {
    pub(crate) week_ending: NaiveDate,
    #[serde(serialize_with = "whole_opt")]
    pub(crate) score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct AlertRow {
    pub(crate) id: AlertKind,
    pub(crate) severity: Severity,
    pub(crate) message: String,
    /// The CSM's snooze of it, held or woken; absent when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) snoozed: Option<SnoozeRow>,
}

/// An alert's snooze as the JSON twin writes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct SnoozeRow {
    pub(crate) at: NaiveDate,
    pub(crate) until: NaiveDate,
    /// Cleaned.
    pub(crate) reason: String,
    /// `null` while it holds; `date`, `worse` or `severity_up` once woken.
    pub(crate) woken: Option<crate::domain::snooze::SnoozeWake>,
    /// The mark in words: "snoozed until 12-24: customer on vacation".
    pub(crate) text: String,
}

impl SnoozeRow {
    pub(crate) fn of(alert: &crate::domain::alert::Alert) -> Option<SnoozeRow> {
        let m = alert.snooze.as_ref()?;
        Some(SnoozeRow {
            at: m.at,
            until: m.until,
            reason: crate::domain::text::clean(&m.reason).into_owned(),
            woken: m.woken,
            text: m.text(alert.kind()),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlayRow {
    pub id: String,
    /// Stable for this play on this account (see
    /// [`super::play::Recommendation::id`]).
    pub recommendation_id: String,
    pub title: String,
    pub(crate) reason: String,
    pub(crate) steps: Vec<String>,
    pub follow_up_days: Option<u32>,
}

/// Where an account stands in the attention order, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct AttentionRow {
    /// Urgency points times the ARR factor (see `[attention]`).
    pub(crate) score: f64,
    /// What gave it the most points, in a few words; for a handled
    /// account what was done, for a woken one what woke it.
    pub(crate) why: String,
    /// `needs_you`, `handled` or `quiet` (the attention order's groups).
    pub(crate) inbox: Inbox,
}

/// The play that covers a handled account (see [`super::inbox`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct HandledRow {
    pub(crate) play: PlayId,
    /// The day it was logged.
    pub(crate) at: NaiveDate,
    /// Handled until (not on) this day.
    pub(crate) until: NaiveDate,
    /// Whether `until` is the follow-up the CSM set.
    pub(crate) follow_up: bool,
    /// What brought it back to the CSM, or `null`.
    pub(crate) woken_by: Option<WakeRow>,
}

/// What woke a handled account, tagged by `reason`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub(crate) enum WakeRow {
    NewCritical { alert: AlertKind },
    BandDrop { from: Band, to: Band },
    RenewalNear { days: i64 },
    FollowUpDue { days: i64, play: PlayId },
}

impl HandledRow {
    pub(crate) fn of(h: &Handled) -> HandledRow {
        HandledRow {
            play: h.play.clone(),
            at: h.at,
            until: h.until,
            follow_up: h.follow_up,
            woken_by: h.woken_by.as_ref().map(|w| match w {
                Wake::NewCritical(alert) => WakeRow::NewCritical { alert: *alert },
                Wake::BandDrop { from, to } => WakeRow::BandDrop {
                    from: *from,
                    to: *to,
                },
                Wake::RenewalNear { days } => WakeRow::RenewalNear { days: *days },
                Wake::FollowUpDue { days, play } => WakeRow::FollowUpDue {
                    days: *days,
                    play: play.clone(),
                },
            }),
        }
    }
}

/// One line of the watch list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WatchItem {
    pub id: String,
    pub name: String,
    pub(crate) owner: Option<String>,
    pub(crate) segment: Option<String>,
    pub(crate) stage: StageId,
    pub(crate) stage_title: String,
    pub(crate) health: HealthRow,
    #[serde(serialize_with = "whole_opt")]
    pub(crate) arr: Option<f64>,
    pub(crate) renewal_date: Option<NaiveDate>,
    pub days_to_renewal: Option<i64>,
    /// How the last renewal went: `open` (none yet this term), `renewed`
    /// (a customer, with its next renewal date) or `churned`.
    pub(crate) outcome: Outcome,
    /// The date of that renewal's outcome.
    pub(crate) outcome_date: Option<NaiveDate>,
    pub(crate) alerts: Vec<AlertRow>,
    /// Alerts that signal risk: `alerts` less the good news.
    pub(crate) risk_alerts: usize,
    pub(crate) overdue_milestones: usize,
    pub recommended_plays: Vec<PlayRow>,
    pub(crate) attention: AttentionRow,
    /// The logged play that covers the account for now, or `null`.
    pub(crate) handled: Option<HandledRow>,
    /// The earliest follow-up due (`play`, `due`, `days`, `logged`), or
    /// `null`.
    pub(crate) follow_up_due: Option<DueFollowUp>,
    /// Values of the CRM record that could not be used, cleaned: each
    /// field is "no data", and the CSM knows which record to fix.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) field_problems: Vec<FieldProblem>,
}

/// How a face writes a field whose value in the CRM could not be read:
/// `ARR unknown (bad value in CRM)`, never a bare dash.
pub(crate) const BAD_VALUE: &str = "unknown (bad value in CRM)";

impl WatchItem {
    /// The Why cell, in `columns`, of a list whose Why column tells `why`
    /// (the rule of [`WatchRow::why_in`]).
    pub(crate) fn why_in(&self, why: Why, columns: usize) -> String {
        why.text(
            self.follow_up_due.as_ref(),
            || self.attention.why.clone(),
            columns,
        )
    }

    /// Whether the record's value for `field` (`arr`, `renewal_date`)
    /// could not be used.
    pub(crate) fn bad_value(&self, field: &str) -> bool {
        self.field_problems.iter().any(|p| p.field == field)
    }
}

/// A field problem as the account view and `orienteer account` say it:
/// "the CRM record has a bad value in arr_usd: 'n/a' (expected a number)".
pub(crate) fn problem_text(p: &FieldProblem) -> String {
    format!(
        "the CRM record has a bad value in {}: '{}' (expected {})",
        p.property, p.value, p.expected
    )
}

impl WatchItem {
    /// How the last renewal closed, for the header of an account: "churned
    /// on 2026-06-01", "renewed on 2026-06-01" ("..., date unknown" without
    /// a date); `None` for an open account.
    pub(crate) fn closed(&self) -> Option<String> {
        let how = match self.outcome {
            Outcome::Open => return None,
            Outcome::Renewed => "renewed",
            Outcome::Churned => "churned",
        };
        Some(match self.outcome_date {
            Some(d) => format!("{how} on {d}"),
            None => format!("{how}, date unknown"),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneRow {
    pub id: String,
    pub(crate) stage: StageId,
    pub(crate) title: String,
    pub(crate) expected_by: Option<NaiveDate>,
    /// The day it was reached, when the data shows the day.
    pub(crate) completed_at: Option<NaiveDate>,
    /// The day by which it was reached, when only that is known (the
    /// first reading that shows it, or the later milestone implying it).
    pub(crate) reached_by: Option<NaiveDate>,
    pub status: MilestoneStatus,
    /// For an untracked milestone, how the source would track it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub how_to_track: Option<String>,
}

impl MilestoneRow {
    /// When it was reached, as every face shows it: the day, `by DAY` when
    /// only a bound is known, `-` when not reached.
    pub(crate) fn completed_text(&self) -> String {
        match (self.completed_at, self.reached_by) {
            (Some(day), _) => day.to_string(),
            (None, Some(day)) => format!("by {day}"),
            (None, None) => "-".into(),
        }
    }

    /// The status in words: `not tracked`, `done late`, `done (implied)`...
    pub(crate) fn status_text(&self) -> &'static str {
        match self.status {
            MilestoneStatus::Untracked => "not tracked",
            MilestoneStatus::DoneImplied => "done (implied)",
            MilestoneStatus::DoneLate => "done late",
            MilestoneStatus::DueSoon => "due soon",
            s => s.id(),
        }
    }
}

/// A stage of the model, as the account view lists them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct StageRow {
    pub(crate) id: StageId,
    pub(crate) title: String,
}

/// Everything about one account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountDetail {
    #[serde(flatten)]
    pub item: WatchItem,
    pub url: Option<String>,
    /// Every stage of the model, in order: the account view groups the
    /// milestones under them.
    #[serde(skip)]
    pub(crate) stages: Vec<StageRow>,
    pub milestones: Vec<MilestoneRow>,
    pub(crate) events: Vec<Event>,
    pub(crate) contacts: Vec<Contact>,
    /// Most recent first.
    pub(crate) plays_logged: Vec<PlayLog>,
    /// The soonest follow-up of a logged play that is still ahead.
    pub(crate) next_follow_up: Option<NaiveDate>,
    /// Plays just logged, kept off the recommendations until a day: so the
    /// account says why a play it had is gone.
    pub(crate) held_back: Vec<HeldPlay>,
}

/// A play logged recently, not recommended again before `until`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct HeldPlay {
    pub(crate) play: PlayId,
    pub(crate) title: String,
    pub(crate) until: NaiveDate,
}

/// Whole points (scores, changes, indicator values) are written as whole
/// numbers (`88`, not `88.0`), as the CSV and the screen write them.
fn whole<S: serde::Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
}

pub(crate) fn whole_opt<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => whole(v, s),
        None => s.serialize_none(),
    }
}

/// Rounds for display: scores and deltas to whole points, shares to 0.01.
pub(crate) fn round(v: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    let r = (v * f).round() / f;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

fn text(s: &str) -> String {
    clean(s).into_owned()
}

fn opt_text(s: &Option<String>) -> Option<String> {
    s.as_deref().map(text)
}

/// The watch-list line of one account.
pub fn watch_item(
    engine: &Engine,
    account: &Account,
    eval: &Evaluation,
    now: NaiveDate,
) -> WatchItem {
    // The cells the list draws, then the rest of the line.
    let row = watch_row(engine, account, eval, now);
    let (why, inbox) = (row.why(), row.inbox());
    let stage = engine.stage(eval.stage);
    WatchItem {
        id: text(account.id.as_str()),
        name: row.name.into_owned(),
        owner: row.owner.map(Cow::into_owned),
        segment: opt_text(&account.segment),
        stage: stage.id.clone(),
        stage_title: row.stage_title.to_string(),
        health: row.health,
        arr: row.arr,
        renewal_date: account.renewal_date,
        days_to_renewal: row.days_to_renewal,
        outcome: account.outcome,
        outcome_date: account.outcome_date,
        alerts: eval
            .alerts
            .iter()
            .map(|a| AlertRow {
                id: a.kind(),
                severity: a.severity,
                message: a.message(engine),
                snoozed: SnoozeRow::of(a),
            })
            .collect(),
        risk_alerts: row.risk_alerts,
        attention: AttentionRow {
            score: round(eval.attention.score, 1),
            why,
            inbox,
        },
        handled: eval.handled.as_ref().map(HandledRow::of),
        follow_up_due: row.follow_up.clone(),
        overdue_milestones: row.overdue_milestones,
        field_problems: account
            .field_problems
            .iter()
            .map(|p| FieldProblem {
                field: text(&p.field),
                property: text(&p.property),
                value: text(&p.value),
                expected: text(&p.expected),
            })
            .collect(),
        recommended_plays: play_rows(engine, account, eval),
    }
}

/// The plays recommended for `account` (evaluated as `eval`), as both
/// faces show and offer them.
pub(crate) fn play_rows(engine: &Engine, account: &Account, eval: &Evaluation) -> Vec<PlayRow> {
    eval.plays
        .iter()
        .map(|r| {
            let def = engine.play(r.play);
            PlayRow {
                id: def.id.to_string(),
                recommendation_id: text(&r.id(engine, account)),
                title: def.title.clone(),
                reason: r.reason(engine, &eval.health, &eval.alerts),
                steps: def.steps.clone(),
                follow_up_days: def.follow_up_days,
            }
        })
        .collect()
}

/// Weeks of score history shown in the account view.
pub(crate) const HISTORY_WEEKS: u64 = 26;

/// Everything about one account, for the account view and `orienteer account`.
pub fn account_detail(
    engine: &Engine,
    account: &Account,
    eval: &Evaluation,
    now: NaiveDate,
) -> AccountDetail {
    let mut item = watch_item(engine, account, eval, now);
    item.health.breakdown = Some(
        eval.health
            .now
            .breakdown(engine.weights(eval.stage))
            .iter()
            .map(|c| BreakdownRow {
                indicator: c.indicator,
                value: c.value.map(|v| round(v, 0)),
                weight: round(c.weight, 2),
                configured_weight: c.configured_weight,
                contribution: c.contribution.map(|v| round(v, 1)),
            })
            .collect(),
    );
    item.health.weekly = Some(
        engine
            .weekly_scores(account, now, HISTORY_WEEKS)
            .into_iter()
            .map(|(week_ending, s)| WeekScore {
                week_ending,
                score: s.map(|s| round(s, 0)),
            })
            .collect(),
    );
    let milestones = engine
        .model
        .milestones
        .iter()
        .zip(engine.milestone_states(account, &engine.completions(account), now))
        .enumerate()
        .map(|(i, (def, st))| MilestoneRow {
            id: def.id.to_string(),
            stage: def.stage.clone(),
            title: def.title.clone(),
            expected_by: st.expected_by,
            completed_at: st.completed_at,
            reached_by: st.reached_by,
            status: st.status,
            how_to_track: (st.status == MilestoneStatus::Untracked)
                .then(|| engine.tracking_hint(MilestoneIx::new(i)).map(text))
                .flatten(),
        })
        .collect();
    let mut events = account.events.clone();
    events.sort_by_key(|e| std::cmp::Reverse(e.at));
    for e in &mut events {
        e.kind = text(e.kind.id()).into();
        e.detail = opt_text(&e.detail);
    }
    let contacts = account
        .contacts
        .iter()
        .map(|c| Contact {
            name: text(&c.name),
            role: c.role.as_ref().map(|r| text(r.id()).into()),
            email: opt_text(&c.email),
            ..c.clone()
        })
        .collect();
    // Most recent first, whatever order the source gave them in.
    let mut plays_logged = account.plays_logged.clone();
    plays_logged.sort_by_key(|p| std::cmp::Reverse(p.at));
    for p in &mut plays_logged {
        p.id = text(p.id.as_str()).into();
        p.play_id = text(p.play_id.as_str()).into();
        p.note = text(&p.note);
        p.prompted_by = opt_text(&p.prompted_by);
        p.error = opt_text(&p.error);
    }
    let stages = engine
        .stages()
        .map(|s| StageRow {
            id: engine.stage(s).id.clone(),
            title: engine.stage(s).title.clone(),
        })
        .collect();
    AccountDetail {
        item,
        url: opt_text(&account.url),
        stages,
        milestones,
        events,
        contacts,
        plays_logged,
        next_follow_up: super::play::next_follow_up(account, now),
        held_back: engine
            .model
            .plays
            .iter()
            .filter_map(|def| {
                let until = super::play::held_until(account, def, now)?;
                Some(HeldPlay {
                    play: def.id.clone(),
                    title: def.title.clone(),
                    until,
                })
            })
            .collect(),
    }
}
