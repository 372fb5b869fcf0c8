//! The compiled model: cross-references resolved to indices once, so that
//! evaluating a portfolio does no string lookups on its hot path.

use super::account::{Account, Metric};
use super::alert::AlertKind;
use super::model::{Model, Weights};
use super::rules::{Anchor, StageStart};
use chrono::{Days, NaiveDate};
use std::fmt;

/// A model that does not hang together: `path` is the config key at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for ModelError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AnchorIdx {
    ContractStart,
    RenewalDate,
    Milestone(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StartIdx {
    ContractStart,
    Milestone(usize),
    RenewalWindow,
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledMilestone {
    pub stage: usize,
    pub anchor: AnchorIdx,
    pub offset_days: i64,
}

/// The model, validated and ready to evaluate accounts.
#[derive(Debug, Clone)]
pub struct Engine {
    pub model: Model,
    pub(crate) starts: Vec<StartIdx>,
    pub(crate) weights: Vec<[f64; 5]>,
    pub(crate) milestones: Vec<CompiledMilestone>,
    /// Stage of each play, `None` for `any`.
    pub(crate) play_stages: Vec<Option<usize>>,
    /// Play indices, highest priority first.
    pub(crate) play_order: Vec<usize>,
    /// The stage each alert rule is limited to, by [`AlertKind`] index.
    pub(crate) alert_stages: Vec<Option<usize>>,
    /// The milestone whose absence means onboarding has not started.
    pub(crate) kickoff: Option<usize>,
}

fn err(path: String, message: impl Into<String>) -> ModelError {
    ModelError {
        path,
        message: message.into(),
    }
}

impl Engine {
    pub fn new(model: Model) -> Result<Engine, ModelError> {
        if model.stages.is_empty() {
            return Err(err("stages".into(), "at least one stage is needed"));
        }
        let stage_ids: Vec<&str> = model.stages.iter().map(|s| s.id.as_str()).collect();
        let milestone_ids: Vec<&str> = model.milestones.iter().map(|m| m.id.as_str()).collect();
        check_unique(&stage_ids, "stages")?;
        check_unique(&milestone_ids, "milestones")?;
        let play_ids: Vec<&str> = model.plays.iter().map(|p| p.id.as_str()).collect();
        check_unique(&play_ids, "plays")?;

        let stage_of = |id: &str, path: String| {
            stage_ids.iter().position(|s| *s == id).ok_or_else(|| {
                err(
                    path,
                    format!("unknown stage `{id}`; stages are {}", stage_ids.join(", ")),
                )
            })
        };
        let milestone_of = |id: &str, path: String| {
            milestone_ids.iter().position(|m| *m == id).ok_or_else(|| {
                err(
                    path,
                    format!(
                        "unknown milestone `{id}`; milestones are {}",
                        milestone_ids.join(", ")
                    ),
                )
            })
        };

        let mut starts = Vec::new();
        for (i, s) in model.stages.iter().enumerate() {
            starts.push(match &s.starts {
                StageStart::ContractStart => StartIdx::ContractStart,
                StageStart::RenewalWindow => StartIdx::RenewalWindow,
                StageStart::Milestone(m) => {
                    StartIdx::Milestone(milestone_of(m, format!("stages[{i}].starts"))?)
                }
            });
        }

        for stage in model.health.weights.keys() {
            stage_of(stage, format!("health.weights.{stage}"))?;
        }
        let weights = model
            .stages
            .iter()
            .map(|s| {
                let w = model.health.weights.get(&s.id).copied();
                let w = w.unwrap_or_else(|| super::patch::default_weights(&s.id));
                (s.id.clone(), w)
            })
            .map(|(id, w)| check_weights(&id, w))
            .collect::<Result<Vec<_>, _>>()?;

        check_numbers(&model)?;
        let b = model.health.bands;
        if !(0.0..=100.0).contains(&b.average) || !(b.average..=100.0).contains(&b.good) {
            return Err(err(
                "health.bands".into(),
                format!(
                    "need 0 <= average <= good <= 100, got average {} and good {}",
                    b.average, b.good
                ),
            ));
        }

        let mut milestones = Vec::new();
        for (i, m) in model.milestones.iter().enumerate() {
            let anchor = match &m.expected_by.anchor {
                Anchor::ContractStart => AnchorIdx::ContractStart,
                Anchor::RenewalDate => AnchorIdx::RenewalDate,
                Anchor::Milestone(id) => {
                    let j = milestone_of(id, format!("milestones[{i}].expected_by"))?;
                    if j == i {
                        return Err(err(
                            format!("milestones[{i}].expected_by"),
                            "a milestone cannot be expected relative to itself",
                        ));
                    }
                    AnchorIdx::Milestone(j)
                }
            };
            milestones.push(CompiledMilestone {
                stage: stage_of(&m.stage, format!("milestones[{i}].stage"))?,
                anchor,
                offset_days: i64::from(m.expected_by.offset_days),
            });
        }

        let mut play_stages = Vec::new();
        for (i, p) in model.plays.iter().enumerate() {
            play_stages.push(match p.stage.as_str() {
                "any" => None,
                s => Some(stage_of(s, format!("plays[{i}].stage"))?),
            });
        }
        let mut alert_stages = Vec::new();
        for kind in AlertKind::ALL {
            let rule = model.alerts.get(kind);
            let path = |key: &str| format!("alerts.{}.{key}", kind.id());
            alert_stages.push(match &rule.stage {
                Some(s) => Some(stage_of(s, path("stage"))?),
                None => None,
            });
            if rule.milestone.is_some() && kind != AlertKind::OnboardingNotStarted {
                return Err(err(
                    path("milestone"),
                    "only onboarding_not_started watches a milestone",
                ));
            }
        }
        let kickoff = match &model.alerts.onboarding_not_started.milestone {
            Some(m) => Some(milestone_of(
                m,
                "alerts.onboarding_not_started.milestone".into(),
            )?),
            None => None,
        };

        let mut play_order: Vec<usize> = (0..model.plays.len()).collect();
        play_order.sort_by_key(|&i| std::cmp::Reverse(model.plays[i].priority));

        Ok(Engine {
            starts,
            weights,
            milestones,
            play_stages,
            play_order,
            alert_stages,
            kickoff,
            model,
        })
    }

    pub fn stage_index(&self, id: &str) -> Option<usize> {
        self.model.stages.iter().position(|s| s.id == id)
    }

    pub fn stage_title(&self, stage: usize) -> &str {
        &self.model.stages[stage].title
    }

    pub fn stage_id(&self, stage: usize) -> &str {
        &self.model.stages[stage].id
    }

    /// When each milestone was reached (recorded, or derived from seats).
    pub fn completions(&self, account: &Account) -> Vec<Option<NaiveDate>> {
        let seats = account.metrics.get(Metric::SeatsAssigned);
        let licenses = account.metrics.get(Metric::Licenses);
        self.model
            .milestones
            .iter()
            .map(|m| {
                let recorded = account.milestones.get(m.id.as_str()).copied();
                let derived = m.seats_share.and_then(|share| {
                    seats
                        .points()
                        .iter()
                        .find(|p| {
                            licenses
                                .at(p.at)
                                .is_some_and(|l| l > 0.0 && f64::from(p.value) >= share * l)
                        })
                        .map(|p| p.at)
                });
                match (recorded, derived) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            })
            .collect()
    }

    /// The stage on `day`: the explicit stage from the source if it names
    /// one, else the last stage whose start has happened.
    pub fn stage_at(&self, account: &Account, done: &[Option<NaiveDate>], day: NaiveDate) -> usize {
        if let Some(i) = account.stage.as_deref().and_then(|s| self.stage_index(s)) {
            return i;
        }
        let window = Days::new(u64::from(self.model.lifecycle.pre_renewal_days));
        let started = |start: &StartIdx| match *start {
            StartIdx::ContractStart => account.contract_start.is_none_or(|c| c <= day),
            StartIdx::Milestone(m) => done[m].is_some_and(|d| d <= day),
            StartIdx::RenewalWindow => account
                .renewal_date
                .and_then(|r| r.checked_sub_days(window))
                .is_some_and(|open| open <= day),
        };
        self.starts.iter().rposition(started).unwrap_or(0)
    }

    /// The date each milestone is expected by, where its anchor is known.
    pub fn expected_dates(
        &self,
        account: &Account,
        done: &[Option<NaiveDate>],
    ) -> Vec<Option<NaiveDate>> {
        self.milestones
            .iter()
            .map(|m| {
                let base = match m.anchor {
                    AnchorIdx::ContractStart => account.contract_start,
                    AnchorIdx::RenewalDate => account.renewal_date,
                    AnchorIdx::Milestone(j) => done[j],
                }?;
                base.checked_add_signed(chrono::Duration::days(m.offset_days))
            })
            .collect()
    }
}

fn check_unique(ids: &[&str], path: &str) -> Result<(), ModelError> {
    for (i, id) in ids.iter().enumerate() {
        if id.is_empty() {
            return Err(err(format!("{path}[{i}].id"), "an id cannot be empty"));
        }
        if ids[..i].contains(id) {
            return Err(err(
                format!("{path}[{i}].id"),
                format!("`{id}` is defined twice"),
            ));
        }
    }
    Ok(())
}

fn check_weights(stage: &str, w: Weights) -> Result<[f64; 5], ModelError> {
    let arr = w.as_array();
    if arr.iter().any(|v| !v.is_finite() || *v < 0.0) {
        return Err(err(
            format!("health.weights.{stage}"),
            "weights must be zero or more",
        ));
    }
    if arr.iter().sum::<f64>() <= 0.0 {
        return Err(err(
            format!("health.weights.{stage}"),
            "at least one weight must be above zero",
        ));
    }
    Ok(arr)
}

/// Every number the engine divides by or scales with is finite and in range.
fn check_numbers(model: &Model) -> Result<(), ModelError> {
    let within = |path: &str, v: f64, lo: f64, hi: f64, what: &str| {
        if v.is_finite() && (lo..=hi).contains(&v) {
            Ok(())
        } else {
            Err(err(path.into(), format!("expected {what}, got {v}")))
        }
    };
    let h = &model.health;
    let ratio = h.engagement.full_active_ratio;
    if !(ratio.is_finite() && ratio > 0.0 && ratio <= 1.0) {
        return Err(err(
            "health.engagement.full_active_ratio".into(),
            format!("expected a share above 0 and at most 1, got {ratio}"),
        ));
    }
    within(
        "health.engagement.adoption_share",
        h.engagement.adoption_share,
        0.0,
        1.0,
        "a share from 0 to 1",
    )?;
    for (key, v) in [
        ("per_open_ticket", h.support.per_open_ticket),
        ("per_sla_breach", h.support.per_sla_breach),
        ("per_overdue_invoice", h.support.per_overdue_invoice),
    ] {
        within(
            &format!("health.support.{key}"),
            v,
            0.0,
            100.0,
            "points from 0 to 100",
        )?;
    }
    for (i, m) in model.milestones.iter().enumerate() {
        if let Some(share) = m.seats_share {
            within(
                &format!("milestones[{i}].seats_share"),
                share,
                0.0,
                1.0,
                "a share from 0 to 1",
            )?;
        }
    }
    for kind in AlertKind::ALL {
        let path = format!("alerts.{}.threshold", kind.id());
        let t = model.alerts.get(kind).threshold;
        match kind {
            AlertKind::LicenseUnderuse => within(&path, t, 0.0, 1.0, "a share from 0 to 1")?,
            _ => within(&path, t, 0.0, f64::MAX, "a number of 0 or more")?,
        }
    }
    Ok(())
}
