//! Compiling a [`Model`] into an [`Engine`]: every cross-reference
//! (stage ids in milestones, plays, weights and alert rules; milestone
//! anchors) resolved and checked, every number in range.

use super::engine::{AnchorIx, CompiledMilestone, Engine, StartIx};
use super::model::expr::{Anchor, StageStart};
use super::model::{Model, StageScope, Weights};
use super::ranges::MAX_WEIGHT;
use super::vocab::{AlertKind, MilestoneIx, PlayIx, StageIx};
use std::fmt;

/// A model that does not hang together: `path` is the config key at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    pub(crate) path: String,
    pub(crate) message: String,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for ModelError {}

/// Indices are `u16`: more entries than that in a list is a mistake.
const MAX_ENTRIES: usize = u16::MAX as usize;

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
        for (path, len) in [
            ("stages", model.stages.len()),
            ("milestones", model.milestones.len()),
            ("plays", model.plays.len()),
        ] {
            if len > MAX_ENTRIES {
                return Err(err(path.into(), format!("at most {MAX_ENTRIES} entries")));
            }
        }
        let stage_ids: Vec<&str> = model.stages.iter().map(|s| s.id.as_str()).collect();
        let milestone_ids: Vec<&str> = model.milestones.iter().map(|m| m.id.as_str()).collect();
        check_unique(&stage_ids, "stages")?;
        check_unique(&milestone_ids, "milestones")?;
        let play_ids: Vec<&str> = model.plays.iter().map(|p| p.id.as_str()).collect();
        check_unique(&play_ids, "plays")?;

        let stage_of = |id: &str, path: String| {
            stage_ids
                .iter()
                .position(|s| *s == id)
                .map(StageIx::new)
                .ok_or_else(|| {
                    err(
                        path,
                        format!("unknown stage `{id}`; stages are {}", stage_ids.join(", ")),
                    )
                })
        };
        let milestone_of = |id: &str, path: String| {
            milestone_ids
                .iter()
                .position(|m| *m == id)
                .map(MilestoneIx::new)
                .ok_or_else(|| {
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
                StageStart::ContractStart => StartIx::ContractStart,
                StageStart::RenewalWindow => StartIx::RenewalWindow,
                StageStart::Milestone(m) => {
                    StartIx::Milestone(milestone_of(m.as_str(), format!("stages[{i}].starts"))?)
                }
            });
        }

        for stage in model.health.weights.keys() {
            stage_of(stage.as_str(), format!("health.weights.{stage}"))?;
        }
        let weights = model
            .stages
            .iter()
            .map(|s| {
                let w = model.health.weights.get(&s.id).copied();
                let w = w.unwrap_or_else(|| Weights::default_for(s.id.as_str()));
                check_weights(s.id.as_str(), w)
            })
            .collect::<Result<Vec<_>, _>>()?;

        super::ranges::check_numbers(&model).map_err(|(path, message)| err(path, message))?;
        super::ranges::check_days(&model).map_err(|(path, message)| err(path, message))?;
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
                Anchor::ContractStart => AnchorIx::ContractStart,
                Anchor::RenewalDate => AnchorIx::RenewalDate,
                Anchor::Milestone(id) => {
                    let j = milestone_of(id.as_str(), format!("milestones[{i}].expected_by"))?;
                    if j.get() == i {
                        return Err(err(
                            format!("milestones[{i}].expected_by"),
                            "a milestone cannot be expected relative to itself",
                        ));
                    }
                    AnchorIx::Milestone(j)
                }
            };
            milestones.push(CompiledMilestone {
                stage: stage_of(m.stage.as_str(), format!("milestones[{i}].stage"))?,
                anchor,
                offset_days: i64::from(m.expected_by.offset_days),
            });
        }

        let mut play_stages = Vec::new();
        for (i, p) in model.plays.iter().enumerate() {
            play_stages.push(match &p.stage {
                StageScope::Any => None,
                StageScope::Stage(s) => Some(stage_of(s.as_str(), format!("plays[{i}].stage"))?),
            });
        }
        let mut alert_stages = Vec::new();
        for &kind in AlertKind::ALL {
            let rule = model.alerts.get(kind);
            let path = |key: &str| format!("alerts.{}.{key}", kind.id());
            alert_stages.push(match &rule.stage {
                Some(s) => Some(stage_of(s.as_str(), path("stage"))?),
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
                m.as_str(),
                "alerts.onboarding_not_started.milestone".into(),
            )?),
            None => None,
        };

        let mut play_order: Vec<PlayIx> = (0..model.plays.len()).map(PlayIx::new).collect();
        play_order.sort_by_key(|&i| std::cmp::Reverse(model.plays[i.get()].priority));

        let mut milestones_by_id: Vec<MilestoneIx> =
            (0..model.milestones.len()).map(MilestoneIx::new).collect();
        milestones_by_id.sort_by(|a, b| {
            model.milestones[a.get()]
                .id
                .cmp(&model.milestones[b.get()].id)
        });

        Ok(Engine {
            starts,
            weights,
            milestones,
            milestones_by_id,
            play_stages,
            play_order,
            alert_stages,
            kickoff,
            tracked: vec![true; model.milestones.len()],
            derived_only: vec![false; model.milestones.len()],
            hints: vec![None; model.milestones.len()],
            model,
        })
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
    if arr.iter().any(|v| !(0.0..=MAX_WEIGHT).contains(v)) {
        return Err(err(
            format!("health.weights.{stage}"),
            format!("weights must be zero or more, at most {MAX_WEIGHT}"),
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
