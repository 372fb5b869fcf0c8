//! Orienteer: a keyboard-driven terminal cockpit for Customer Success Managers.

pub mod config;
pub mod domain;
pub mod keymap;
pub mod source;
