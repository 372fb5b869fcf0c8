//! Orienteer: a keyboard-driven terminal cockpit for Customer Success Managers.

pub mod cli;
pub mod config;
pub mod domain;
pub mod keymap;
pub mod source;
pub mod tui;
