//! Puts the commit the binary is built from in `ORIENTEER_COMMIT`, for
//! `orienteer --version`: `git rev-parse --short=12 HEAD`, with `-dirty`
//! when the tracked files the binary is built from (`SOURCES`) have
//! changes, or `unknown` without git or `.git` (a build from a source
//! archive). Runs again when HEAD or the branch it names moves, or one
//! of `SOURCES` changes (so `-dirty` comes and goes with the edits).

use std::path::{Path, PathBuf};
use std::process::Command;

/// What the binary is built from.
const SOURCES: [&str; 4] = ["src", "build.rs", "Cargo.toml", "Cargo.lock"];

fn main() {
    for path in SOURCES {
        println!("cargo:rerun-if-changed={path}");
    }
    let commit = commit().unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=ORIENTEER_COMMIT={commit}");
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    Some(text.trim().to_string())
}

fn commit() -> Option<String> {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").ok()?;
    // `.git` is a folder in a clone and a file in a worktree.
    if !Path::new(&manifest).join(".git").exists() {
        return None;
    }
    watch_head();
    let hash = git(&["rev-parse", "--short=12", "HEAD"])?;
    let mut status = vec!["status", "--porcelain", "--untracked-files=no", "--"];
    status.extend(SOURCES);
    let dirty = git(&status).is_some_and(|changes| !changes.is_empty());
    Some(if dirty { format!("{hash}-dirty") } else { hash })
}

/// Asks cargo to run this again when HEAD moves: HEAD itself (a checkout),
/// the branch it points at (a commit), and packed-refs (a branch packed).
fn watch_head() {
    let absolute = |p: String| {
        let p = PathBuf::from(p);
        if p.is_absolute() {
            p
        } else {
            Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join(p)
        }
    };
    if let Some(dir) = git(&["rev-parse", "--git-dir"]).map(absolute) {
        println!("cargo:rerun-if-changed={}", dir.join("HEAD").display());
    }
    let common = git(&["rev-parse", "--git-common-dir"]).map(absolute);
    let branch = git(&["symbolic-ref", "-q", "HEAD"]);
    if let (Some(common), Some(branch)) = (common, branch) {
        // Only paths that exist: cargo takes a missing one as changed on
        // every build. A branch kept only in packed-refs gets its loose
        // file (in its folder) on the next commit.
        let loose = common.join(&branch);
        let watched = if loose.exists() {
            Some(loose)
        } else {
            loose.parent().map(Path::to_path_buf)
        };
        for path in [watched, Some(common.join("packed-refs"))]
            .into_iter()
            .flatten()
        {
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
}
