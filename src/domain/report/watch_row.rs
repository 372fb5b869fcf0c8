//! The watch list's line as the list draws it: only the cells it shows,
//! borrowed from the account, its evaluation and the model where it can
//! be, so a frame formats nothing it does not draw. The full line of the
//! JSON twin ([`super::watch_item`]) is built from this one plus
//! the rest, so both faces take each cell from the same rule.

use super::{round, HealthRow, TrendRow};
use crate::domain::account::{Account, FieldProblem};
use crate::domain::alert::Alert;
use crate::domain::attention::Attention;
use crate::domain::calendar::days_between;
use crate::domain::engine::Engine;
use crate::domain::evaluate::Evaluation;
use crate::domain::follow_up::{due_follow_up, DueFollowUp, Why};
use crate::domain::inbox::{self, Handled, Inbox};
use crate::domain::text::clean;
use chrono::NaiveDate;
use std::borrow::Cow;

/// One line of the watch list, as drawn.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WatchRow<'a> {
    /// Cleaned, like every text a face shows.
    pub(crate) name: Cow<'a, str>,
    pub(crate) owner: Option<Cow<'a, str>>,
    pub(crate) stage_title: &'a str,
    /// The score, band and trend (no breakdown, no weekly history).
    pub(crate) health: HealthRow,
    pub(crate) arr: Option<f64>,
    /// The CRM's ARR could not be read (the list shows `?`).
    pub(crate) arr_bad: bool,
    pub(crate) days_to_renewal: Option<i64>,
    /// Alerts that signal risk (positive news left out).
    pub(crate) risk_alerts: usize,
    pub(crate) overdue_milestones: usize,
    /// Where it stands in the attention order; its reason is put in words
    /// only when drawn ([`WatchRow::why`]).
    pub(crate) attention: &'a Attention,
    /// The play that covers it for now, if the CSM logged one.
    pub(crate) handled: Option<&'a Handled>,
    /// The most severe alert: its sentence is written only when shown.
    pub(crate) first_alert: Option<&'a Alert>,
    /// The title of the first recommended play.
    pub(crate) next_play: Option<&'a str>,
    /// The earliest follow-up due, if one is.
    pub(crate) follow_up: Option<DueFollowUp>,
}

impl WatchRow<'_> {
    /// The Why cell (the same rule as [`Evaluation::why`]).
    pub(crate) fn why(&self) -> String {
        inbox::why(self.attention, self.handled)
    }

    /// The Why cell, in `columns`, of a list whose Why column tells `why`.
    pub(crate) fn why_in(&self, why: Why, columns: usize) -> String {
        why.text(self.follow_up.as_ref(), || self.why(), columns)
    }

    /// Where the account stands in the inbox.
    pub(crate) fn inbox(&self) -> Inbox {
        inbox::inbox(self.attention, self.handled)
    }
}

/// The field of a CRM value that could not be read, as a face names it.
fn problem_field(p: &FieldProblem) -> Cow<'_, str> {
    clean(&p.field)
}

/// Whether `account`'s CRM value for `field` (`arr`, `renewal_date`) could
/// not be used (the same test as [`super::WatchItem::bad_value`]).
pub(crate) fn bad_value(account: &Account, field: &str) -> bool {
    account
        .field_problems
        .iter()
        .any(|p| problem_field(p) == field)
}

/// The health cells of an evaluation: whole points, shares to 0.01.
pub(crate) fn health_row(eval: &Evaluation) -> HealthRow {
    let h = &eval.health;
    HealthRow {
        score: h.score().map(|s| round(s, 0)),
        band: h.band,
        coverage: round(h.now.coverage, 2),
        delta_7d: h.delta_7d.map(|d| round(d, 0)),
        delta_30d: h.delta_30d.map(|d| round(d, 0)),
        trend: h.main_move().map(|(d, days)| TrendRow {
            delta: round(d, 0),
            days,
        }),
        breakdown: None,
        weekly: None,
    }
}

/// The watch-list line of one account, as the list draws it.
pub(crate) fn watch_row<'a>(
    engine: &'a Engine,
    account: &'a Account,
    eval: &'a Evaluation,
    now: NaiveDate,
) -> WatchRow<'a> {
    WatchRow {
        name: clean(&account.name),
        owner: account.owner.as_deref().map(clean),
        stage_title: &engine.stage(eval.stage).title,
        health: health_row(eval),
        arr: account.arr.map(|a| round(a, 2)),
        arr_bad: account.arr.is_none() && bad_value(account, "arr"),
        days_to_renewal: account.renewal_date.map(|r| days_between(now, r)),
        risk_alerts: eval.risk_alerts(),
        overdue_milestones: eval.overdue_milestones,
        attention: &eval.attention,
        handled: eval.handled.as_ref(),
        first_alert: eval.alerts.first(),
        next_play: eval
            .plays
            .first()
            .map(|r| engine.play(r.play).title.as_str()),
        follow_up: due_follow_up(account, now),
    }
}
