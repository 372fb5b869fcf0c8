//! A store file that will not open is moved aside by the next command, with
//! one line saying so, and the command goes on with a new store.

mod common;

use std::process::Command;

#[test]
fn a_damaged_store_is_moved_aside_with_one_line_and_the_command_goes_on() {
    let data = tempfile::tempdir().unwrap();
    let store = data.path().join("orienteer.db");
    std::fs::write(&store, b"not a database, whatever it once was").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_orienteer"))
        .args(["--config", common::config::empty().to_str().unwrap()])
        .args(["outbox", "list"])
        .env("ORIENTEER_DATA", data.path())
        .env("ORIENTEER_STATE", common::config::state_file())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr.matches("was damaged").count(), 1, "{stderr}");
    assert!(stderr.contains(".corrupt-"), "{stderr}");
    let kept: Vec<String> = std::fs::read_dir(data.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".corrupt-"))
        .collect();
    assert_eq!(kept.len(), 1, "the old file is kept: {kept:?}");
}
