//! Config files for the config tests.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tempfile::TempDir;

/// An empty config file (the built-in defaults), for tests that run the
/// binary: named explicitly, so that no test reads the developer's own
/// config on any platform.
pub fn empty() -> &'static Path {
    static EMPTY: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    &EMPTY
        .get_or_init(|| file("# empty: the built-in defaults\n"))
        .1
}

/// Writes `text` to a fresh `config.toml` and returns the dir (to keep it alive) and path.
pub fn file(text: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// A config naming the REST source at `base_url`, its token in
/// `ORIENTEER_TEST_TOKEN`.
pub fn rest(base_url: &str) -> (TempDir, PathBuf) {
    file(&format!(
        "[source]\nkind = \"rest\"\nbase_url = \"{base_url}\"\ntoken_env = \"ORIENTEER_TEST_TOKEN\"\n"
    ))
}

/// A state file in a temp dir, for tests that run the binary: the TUI
/// remembers its view and filters there, never in the real state dir.
pub fn state_file() -> &'static Path {
    static STATE: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    &STATE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("state.json");
            (dir, path)
        })
        .1
}

/// A data dir in a temp dir, for tests that run the binary: the local
/// cache of a live source goes there, never in the real data dir.
pub fn data_dir() -> &'static Path {
    static DATA: OnceLock<TempDir> = OnceLock::new();
    DATA.get_or_init(|| tempfile::tempdir().unwrap()).path()
}
