//! The wiring between the layers and the two faces: the source the flags
//! and the config choose ([`source`]), one load that fetches and
//! evaluates ([`load`]), and the runtime both faces run on ([`runtime`]).
//! The faces (`cli`, `tui`) only ask these and lay out what they get.

pub mod context;
pub(crate) mod csv_out;
pub mod load;
pub mod runtime;
pub mod source;
pub(crate) mod top;
