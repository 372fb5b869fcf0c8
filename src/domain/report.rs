//! What the watch list and the account view show, as plain data. The TUI
//! draws these rows and the JSON twin serializes them, so a number on
//! screen and the same number in `--format json` come from one function.

use super::account::{Account, Contact, Event, PlayLog};
use super::engine::Engine;
use super::evaluate::{milestone_states, weekly_scores, Evaluation};
use super::health::{Band, Indicator};
use super::milestone::MilestoneStatus;
use super::model::Severity;
use super::text::clean;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthRow {
    pub score: Option<f64>,
    pub band: Band,
    pub coverage: f64,
    pub delta_7d: Option<f64>,
    pub delta_30d: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breakdown: Option<Vec<BreakdownRow>>,
    /// Weekly scores for the last 26 weeks, oldest first (account view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekly: Option<Vec<WeekScore>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakdownRow {
    pub indicator: Indicator,
    pub value: Option<f64>,
    pub weight: f64,
    pub contribution: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekScore {
    pub week_ending: NaiveDate,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertRow {
    pub id: &'static str,
    pub severity: Severity,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlayRow {
    pub id: String,
    pub title: String,
    pub reason: String,
}

/// One line of the watch list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WatchItem {
    pub id: String,
    pub name: String,
    pub owner: Option<String>,
    pub segment: Option<String>,
    pub stage: String,
    pub health: HealthRow,
    pub arr: Option<f64>,
    pub renewal_date: Option<NaiveDate>,
    pub days_to_renewal: Option<i64>,
    pub alerts: Vec<AlertRow>,
    pub overdue_milestones: usize,
    pub recommended_plays: Vec<PlayRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneRow {
    pub id: String,
    pub stage: String,
    pub title: String,
    pub expected_by: Option<NaiveDate>,
    pub completed_at: Option<NaiveDate>,
    pub status: MilestoneStatus,
}

impl WatchItem {
    /// Alerts that signal risk (good news left out), as the list counts them.
    pub fn risk_alerts(&self) -> usize {
        self.alerts
            .iter()
            .filter(|a| a.severity != Severity::Positive)
            .count()
    }
}

/// Everything about one account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountDetail {
    #[serde(flatten)]
    pub item: WatchItem,
    pub url: Option<String>,
    pub milestones: Vec<MilestoneRow>,
    pub events: Vec<Event>,
    pub contacts: Vec<Contact>,
    pub plays_logged: Vec<PlayLog>,
}

/// Rounds for display: scores and deltas to whole points, shares to 0.01.
pub fn round(v: f64, places: i32) -> f64 {
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
    let h = &eval.health;
    WatchItem {
        id: text(&account.id),
        name: text(&account.name),
        owner: opt_text(&account.owner),
        segment: opt_text(&account.segment),
        stage: engine.stage_id(eval.stage).to_string(),
        health: HealthRow {
            score: h.score().map(|s| round(s, 0)),
            band: h.band,
            coverage: round(h.now.coverage, 2),
            delta_7d: h.delta_7d.map(|d| round(d, 0)),
            delta_30d: h.delta_30d.map(|d| round(d, 0)),
            breakdown: None,
            weekly: None,
        },
        arr: account.arr.map(|a| round(a, 2)),
        renewal_date: account.renewal_date,
        days_to_renewal: account.renewal_date.map(|r| (r - now).num_days()),
        alerts: eval
            .alerts
            .iter()
            .map(|a| AlertRow {
                id: a.kind.id(),
                severity: a.severity,
                message: a.message(engine),
            })
            .collect(),
        overdue_milestones: eval.overdue_milestones,
        recommended_plays: eval
            .plays
            .iter()
            .map(|r| {
                let def = &engine.model.plays[r.play];
                PlayRow {
                    id: def.id.clone(),
                    title: def.title.clone(),
                    reason: r.reason(engine, &eval.health, &eval.alerts),
                }
            })
            .collect(),
    }
}

/// Weeks of score history shown in the account view.
pub const HISTORY_WEEKS: u64 = 26;

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
            .breakdown(engine.weights[eval.stage])
            .iter()
            .map(|c| BreakdownRow {
                indicator: c.indicator,
                value: c.value.map(|v| round(v, 0)),
                weight: c.weight,
                contribution: c.contribution.map(|v| round(v, 1)),
            })
            .collect(),
    );
    item.health.weekly = Some(
        weekly_scores(engine, account, now, HISTORY_WEEKS)
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
        .zip(milestone_states(
            engine,
            account,
            &engine.completions(account),
            now,
        ))
        .map(|(def, st)| MilestoneRow {
            id: def.id.clone(),
            stage: def.stage.clone(),
            title: def.title.clone(),
            expected_by: st.expected_by,
            completed_at: st.completed_at,
            status: st.status,
        })
        .collect();
    let mut events = account.events.clone();
    events.sort_by_key(|e| std::cmp::Reverse(e.at));
    for e in &mut events {
        e.kind = text(&e.kind);
        e.detail = opt_text(&e.detail);
    }
    let contacts = account
        .contacts
        .iter()
        .map(|c| Contact {
            name: text(&c.name),
            role: opt_text(&c.role),
            email: opt_text(&c.email),
            last_seen: c.last_seen,
        })
        .collect();
    let mut plays_logged = account.plays_logged.clone();
    for p in &mut plays_logged {
        p.play_id = text(&p.play_id);
        p.note = text(&p.note);
    }
    AccountDetail {
        item,
        url: opt_text(&account.url),
        milestones,
        events,
        contacts,
        plays_logged,
    }
}
