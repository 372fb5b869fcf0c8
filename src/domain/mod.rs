//! The pure model and engine: accounts, stages, milestones, health, alerts,
//! plays and the watch list. No IO, no async, no terminal; time comes in as
//! an argument.
//!
//! Imports form a tree: `vocab` (the shared words) and `calendar` are
//! leaves; `account` and `model` use them; `engine` is the compiled model;
//! each concept (`stage`, `milestone`, `health`, `alert`, `play`) adds what
//! it knows to the engine; `evaluate` puts them together; `portfolio` and
//! `report` are built on evaluations.

pub mod account;
pub mod agenda;
pub(crate) mod alert;
pub(crate) mod attention;
pub(crate) mod calendar;
mod compile;
pub(crate) mod coverage;
pub(crate) mod digest;
pub mod draft;
pub mod engine;
pub(crate) mod evaluate;
pub(crate) mod follow_up;
pub(crate) mod handled;
pub(crate) mod health;
pub(crate) mod inbox;
pub mod journey;
pub mod listing;
pub mod logging;
pub mod milestone;
pub mod model;
pub mod numbers;
pub(crate) mod play;
pub mod portfolio;
pub mod problem;
mod ranges;
pub mod report;
pub mod review;
pub mod snooze;
pub mod snoozing;
pub(crate) mod stage;
pub mod task;
pub(crate) mod text;
pub mod tracking;
pub(crate) mod typed_time;
pub mod vocab;

#[cfg(test)]
mod tests;

pub use account::Account;
pub use engine::Engine;
pub(crate) use evaluate::Evaluation;
pub use inbox::Inbox;
pub use model::Model;
pub(crate) use ranges::{MAX_DAYS, MAX_WEIGHT};
pub use vocab::{
    AccountId, AlertKind, Band, ContactRole, EventKind, Indicator, LogId, Metric, MilestoneId,
    MilestoneIx, PlayId, PlayIx, Severity, StageId, StageIx,
};
