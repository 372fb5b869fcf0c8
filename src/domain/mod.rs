//! The pure model and engine: accounts, stages, milestones, health, alerts,
//! plays and the watch list. No IO, no async, no terminal; time comes in as
//! an argument.

pub mod account;
pub mod alert;
mod defaults;
pub mod engine;
pub mod evaluate;
pub mod health;
pub mod milestone;
pub mod model;
pub(crate) mod patch;
pub mod play;
pub mod portfolio;
pub mod report;
pub mod rules;
pub mod text;

#[cfg(test)]
mod tests;

pub use account::Account;
pub use engine::{Engine, ModelError};
pub use evaluate::{evaluate, Evaluation};
pub use model::Model;
