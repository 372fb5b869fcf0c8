//! Config files for the config tests.

use std::path::PathBuf;
use tempfile::TempDir;

/// Writes `text` to a fresh `config.toml` and returns the dir (to keep it alive) and path.
pub fn file(text: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}
