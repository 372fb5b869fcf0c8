//! Orienteer: a keyboard-driven terminal cockpit for Customer Success Managers.
//!
//! Items are `pub(crate)` unless a test, a benchmark or the binary needs
//! them. `unreachable_pub` flags a `pub` item in a crate-private module;
//! a new `pub` item in a `pub` module is the reviewer's to question.

#![warn(unreachable_pub)]

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod keymap;
pub mod observe;
pub mod outbox;
pub mod saved_views;
pub mod source;
pub mod store;
pub mod sync;
pub mod tui;
