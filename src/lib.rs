//! Orienteer: a keyboard-driven terminal cockpit for Customer Success Managers.

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
