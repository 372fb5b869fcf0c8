//! Reading the crate's own source, for the tests that check its layers.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `path` (or `path` itself).
pub fn files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            files(&entry.unwrap().path(), out);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The product's code of a file: up to its test module (a
/// `#[cfg(test)]` followed by `mod`), not up to the first `#[cfg(test)]`
/// (a test-only helper function leaves the code after it in).
pub fn production(text: &str) -> &str {
    let mut from = 0;
    while let Some(at) = text[from..].find("#[cfg(test)]") {
        let at = from + at;
        let after = text[at + "#[cfg(test)]".len()..].trim_start();
        if after.starts_with("mod ") || after.starts_with("pub mod ") || after.starts_with("#[path")
        {
            return &text[..at];
        }
        from = at + 1;
    }
    text
}
