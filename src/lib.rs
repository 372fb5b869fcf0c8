//! Orienteer: a keyboard-driven terminal cockpit for Customer Success Managers.

pub mod domain;
pub mod source;
