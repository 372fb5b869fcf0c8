//! The TUI without a terminal (a pipe, `< /dev/null`, cron): a clear
//! message and exit code 2, not an OS error.

mod common;

use std::process::Stdio;

#[test]
fn without_a_terminal_the_tui_says_to_use_watchlist_and_exits_2() {
    let out = common::binary::plain()
        .arg("--demo")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run orienteer");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing drawn on a pipe");
    assert!(stderr.contains("needs a terminal"), "{stderr}");
    assert!(stderr.contains("orienteer watchlist"), "{stderr}");
    assert!(!stderr.contains("os error"), "{stderr}");
}
