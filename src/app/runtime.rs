//! The process's one tokio runtime, used by the TUI and the CLI alike.
//! Its threads carry [`THREAD_NAME`], so that a panic on one is known to
//! belong to a load ([`on_load_thread`]), which reports it.

pub use crate::observe::{on_load_thread, THREAD_NAME};

/// Two workers (the machine a CSM runs this on may be a small jump host)
/// and the blocking pool, every driver enabled.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(THREAD_NAME)
        .enable_all()
        .build()
}
