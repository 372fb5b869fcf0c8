//! The compiled model: the [`Model`] with its cross-references resolved to
//! typed indices once (see `compile.rs`), so that evaluating a portfolio
//! does no string lookups on its hot path. The concept modules (stage,
//! milestone, health, alert, play, evaluate) add the methods that use it.

use super::model::{MilestoneDef, Model, PlayDef, StageDef};
use super::vocab::{AlertKind, MilestoneIx, PlayIx, StageIx};

/// What a milestone's expected date is measured from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AnchorIx {
    ContractStart,
    RenewalDate,
    Milestone(MilestoneIx),
}

/// When an account enters a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StartIx {
    ContractStart,
    Milestone(MilestoneIx),
    RenewalWindow,
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledMilestone {
    pub(crate) stage: StageIx,
    pub(crate) anchor: AnchorIx,
    pub(crate) offset_days: i64,
}

/// The model, validated and ready to evaluate accounts.
#[derive(Debug, Clone)]
pub struct Engine {
    pub model: Model,
    pub(crate) starts: Vec<StartIx>,
    pub(crate) weights: Vec<[f64; 5]>,
    pub(crate) milestones: Vec<CompiledMilestone>,
    /// The milestones in id order: an account's recorded milestones (kept
    /// in id order) are matched against them in one pass.
    pub(crate) milestones_by_id: Vec<MilestoneIx>,
    /// Stage of each play, `None` for `any`.
    pub(crate) play_stages: Vec<Option<StageIx>>,
    /// Plays, highest priority first.
    pub(crate) play_order: Vec<PlayIx>,
    /// The stage each alert rule is limited to, by [`AlertKind`] index.
    pub(crate) alert_stages: Vec<Option<StageIx>>,
    /// The milestone whose absence means onboarding has not started.
    pub(crate) kickoff: Option<MilestoneIx>,
    /// Whether the book can record each milestone, in model order: all by
    /// default, narrowed per source by [`Engine::for_book`].
    pub(crate) tracked: Vec<bool>,
    /// Tracked only by deriving it from metrics: for an account without
    /// those metrics it is unknown.
    pub(crate) derived_only: Vec<bool>,
    /// How to track each milestone, where the source can say.
    pub(crate) hints: Vec<Option<String>>,
}

impl Engine {
    pub fn stage(&self, stage: StageIx) -> &StageDef {
        &self.model.stages[stage.get()]
    }

    pub fn milestone(&self, milestone: MilestoneIx) -> &MilestoneDef {
        &self.model.milestones[milestone.get()]
    }

    pub(crate) fn play(&self, play: PlayIx) -> &PlayDef {
        &self.model.plays[play.get()]
    }

    /// The stage with this id.
    pub fn stage_index(&self, id: &str) -> Option<StageIx> {
        self.model
            .stages
            .iter()
            .position(|s| s.id == *id)
            .map(StageIx::new)
    }

    /// Every stage, in order.
    pub(crate) fn stages(&self) -> impl Iterator<Item = StageIx> {
        (0..self.model.stages.len()).map(StageIx::new)
    }

    /// The indicator weights of a stage.
    pub fn weights(&self, stage: StageIx) -> [f64; 5] {
        self.weights[stage.get()]
    }

    /// The stage an alert rule is limited to, if any.
    pub(crate) fn alert_stage(&self, kind: AlertKind) -> Option<StageIx> {
        self.alert_stages[kind as usize]
    }
}
