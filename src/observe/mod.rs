//! What the app did, for when something goes wrong: a log file and crash
//! reports, both in the platform state dir (see [`file::path`]), never on
//! the terminal the TUI draws on.
//!
//! The level: `-v` info, `-vv` debug, else `RUST_LOG` (an `EnvFilter`
//! directive), else warnings only. Logged: each sync (full or incremental,
//! accounts, changed, how long), each HTTP attempt (method, path, status,
//! how long, which attempt; never a header, a query string or a token),
//! each outbox flush (sent, failed, later) and each background job's
//! start, end or failure.

pub mod blocking;
pub mod crash;
pub(crate) mod file;

pub use blocking::blocking;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tracing_subscriber::EnvFilter;

/// The name of the threads whose panics a job catches and reports (the
/// runtime's workers and blocking pool, where loads run, and the TUI's
/// store thread): a panic there belongs to its job, not to the app, and
/// the panic hook leaves the terminal alone (see [`on_load_thread`]).
pub const THREAD_NAME: &str = "orienteer-worker";

/// True on a thread of the process's runtime (a worker or the blocking
/// pool), where a panic belongs to a load and is reported by it.
pub fn on_load_thread() -> bool {
    std::thread::current().name() == Some(THREAD_NAME)
}

/// The log file of this process, once [`init`] has set it up.
static LOG_PATH: OnceLock<PathBuf> = OnceLock::new();

/// The version `--version` prints: the crate's, then the commit it was
/// built from (`build.rs`: 12 hex digits, `-dirty` when the tree had
/// changes), or `unknown` when built outside a git checkout.
pub(crate) const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("ORIENTEER_COMMIT"),
    ")"
);

/// `orienteer 0.1.0 (commit)`: what `--version` says, for crash reports.
pub fn version() -> String {
    format!("orienteer {VERSION}")
}

/// The filter for `verbose` (the count of `-v`) and `rust_log` (the
/// `RUST_LOG` variable): a flag wins, then the variable, then warnings.
/// The flags raise this crate's level only: a dependency's debug lines
/// could carry a header.
pub(crate) fn filter(verbose: u8, rust_log: Option<&str>) -> EnvFilter {
    let directives = match (verbose, rust_log.filter(|s| !s.trim().is_empty())) {
        (0, Some(env)) => env.to_string(),
        (0, None) => "warn".to_string(),
        (1, _) => "warn,orienteer=info".to_string(),
        _ => "warn,orienteer=debug".to_string(),
    };
    EnvFilter::try_new(&directives).unwrap_or_else(|_| EnvFilter::new("warn"))
}

/// Sends this process's log lines to the log file at [`file::path`],
/// rotated first (see [`file::rotate`]). Logging is a help, not a
/// condition: without a place for the file, nothing is logged. Returns
/// the file's path. Call once, before anything logs.
pub(crate) fn init(verbose: u8, data_dir: Option<&Path>) -> Option<PathBuf> {
    let path = file::path(data_dir)?;
    let rust_log = std::env::var("RUST_LOG").ok();
    file::rotate(&path);
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(filter(verbose, rust_log.as_deref()))
        .with_ansi(false)
        .with_writer(file::LogFile::new(path.clone()))
        .finish();
    if tracing::subscriber::set_global_default(subscriber).is_ok() {
        let _ = LOG_PATH.set(path.clone());
    }
    Some(path)
}

/// The log file set up by [`init`], if it was.
pub(crate) fn log_path() -> Option<&'static Path> {
    LOG_PATH.get().map(PathBuf::as_path)
}
