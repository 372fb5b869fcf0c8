//! What a packager and a shell user meet, through the real binary: shell
//! completions, the man page, `--version` with the commit, and a reader
//! that goes away (`| head -1`) ending every command quietly.
//!
//! cargo test --test shippable

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Every subcommand, as the completion scripts and the man page name it.
const SUBCOMMANDS: [&str; 16] = [
    "watchlist",
    "account",
    "sync",
    "log-play",
    "snooze",
    "snoozed",
    "unsnooze",
    "outbox",
    "cohorts",
    "heatmap",
    "changes",
    "digest",
    "review",
    "config",
    "completions",
    "man",
];

/// The binary on the built-in defaults, its store in a temp dir of its own.
fn command(data: &tempfile::TempDir) -> Command {
    common::binary::command(common::config::empty(), data.path())
}

fn run(args: &[&str]) -> Output {
    let data = tempfile::tempdir().unwrap();
    command(&data).args(args).output().unwrap()
}

fn stdout_of(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn each_shell_gets_a_completion_script_naming_the_subcommands() {
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}: {} bytes", script.len());
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell}: no `{sub}` in the script");
        }
    }
    // The shells each script is written in.
    assert!(stdout_of(&["completions", "bash"]).contains("complete -F"));
    assert!(stdout_of(&["completions", "zsh"]).starts_with("#compdef orienteer"));
    assert!(stdout_of(&["completions", "fish"]).contains("complete -c orienteer"));
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bash") && err.contains("zsh") && err.contains("fish"));
}

#[test]
fn the_man_page_is_roff_naming_the_subcommands() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH orienteer 1"), "{page}");
    assert!(page.contains(".SH SYNOPSIS"));
    for sub in SUBCOMMANDS {
        // roff escapes the hyphens of names.
        let name = format!("orienteer\\-{}", sub.replace('-', "\\-"));
        assert!(page.contains(&name), "no `{name}` in the man page");
    }
}

/// `orienteer 0.1.0 (0123456789ab)`, `(0123456789ab-dirty)` or `(unknown)`.
fn is_version_line(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("orienteer ") else {
        return false;
    };
    let Some((semver, commit)) = rest.split_once(' ') else {
        return false;
    };
    let semver_ok = semver.split('.').count() == 3
        && semver
            .split('.')
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let Some(commit) = commit.strip_prefix('(').and_then(|c| c.strip_suffix(')')) else {
        return false;
    };
    let hash = commit.strip_suffix("-dirty").unwrap_or(commit);
    let commit_ok =
        commit == "unknown" || (hash.len() == 12 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
    semver_ok && commit_ok
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let line = stdout_of(&["--version"]);
    let line = line.trim_end();
    assert!(is_version_line(line), "{line:?}");
    assert!(line.starts_with(&format!("orienteer {} (", env!("CARGO_PKG_VERSION"))));
    // The check itself refuses what it should.
    assert!(is_version_line("orienteer 0.1.0 (unknown)"));
    assert!(is_version_line("orienteer 1.2.3 (0123456789ab-dirty)"));
    assert!(!is_version_line("orienteer 0.1.0"));
    assert!(!is_version_line("orienteer 0.1 (0123456789ab)"));
    assert!(!is_version_line("orienteer 0.1.0 (xyz)"));
}

/// How the test's end of the pipe goes away.
#[derive(Clone, Copy, Debug)]
enum Reader {
    /// Reads the first line, then closes: `| head -1`.
    OneLine,
    /// Closes before the command has written anything: `| true`.
    None,
}

/// Runs `args` with stdout piped to a reader that goes away; returns the
/// exit and stderr. Fails the test past a generous deadline.
fn with_closed_stdout(args: &[&str], reader: Reader) -> Output {
    let data = tempfile::tempdir().unwrap();
    let mut child = command(&data)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    match reader {
        Reader::OneLine => {
            let mut stdout = BufReader::new(stdout);
            let mut first = String::new();
            stdout.read_line(&mut first).unwrap();
            assert!(!first.is_empty(), "{args:?}: no first line");
            drop(stdout);
        }
        Reader::None => drop(stdout),
    }
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    rx.recv_timeout(Duration::from_secs(120))
        .unwrap_or_else(|_| panic!("{args:?} did not end within 120 s"))
        .unwrap()
}

#[test]
fn a_reader_that_goes_away_ends_every_command_quietly() {
    let size = ["--demo-size", "5000"];
    let cases: &[&[&str]] = &[
        &["watchlist"],
        &["watchlist", "--format", "json"],
        &["watchlist", "--format", "csv"],
        &["heatmap"],
        &["heatmap", "--format", "csv"],
        &["heatmap", "--format", "json"],
        &["cohorts", "--format", "json"],
        &["review", "--format", "json"],
        &["review"],
        &["changes", "--format", "json"],
        &["digest"],
        &["digest", "--format", "json"],
        &["account", "D000001", "--format", "json"],
        &["outbox", "list", "--format", "json"],
        &["completions", "zsh"],
        &["man"],
        &["--help"],
    ];
    for case in cases {
        let mut args = case.to_vec();
        args.extend(size);
        // The big outputs (over the pipe's 64 KiB) meet the closed pipe
        // after the first line; every command meets it when the reader
        // is gone before its first write.
        let big = matches!(case[0], "watchlist" | "heatmap");
        let readers: &[Reader] = if big {
            &[Reader::OneLine, Reader::None]
        } else {
            &[Reader::None]
        };
        for &reader in readers {
            let out = with_closed_stdout(&args, reader);
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                !err.contains("Broken pipe") && !err.contains("panicked"),
                "{args:?} ({reader:?}): {err}"
            );
            assert_eq!(out.status.code(), Some(0), "{args:?} ({reader:?}): {err}");
        }
    }
}

#[test]
fn the_license_file_is_the_one_cargo_toml_names() {
    let root = env!("CARGO_MANIFEST_DIR");
    let manifest = std::fs::read_to_string(format!("{root}/Cargo.toml")).unwrap();
    let license = std::fs::read_to_string(format!("{root}/LICENSE")).unwrap();
    assert!(manifest.contains("license = \"MIT\""));
    assert!(license.starts_with("MIT License"));
    assert!(license.contains("Copyright (c) 2026 the Orienteer authors"));
    for key in ["repository = ", "readme = ", "keywords = ", "categories = "] {
        assert!(manifest.contains(key), "Cargo.toml has no {key}");
    }
}
