//! A config file other users can write is refused before it is read (it
//! may name a `token_cmd`), as ssh's StrictModes does: exit 2, with the
//! `chmod` to run, and the command is never run.
#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;

#[test]
fn a_world_or_group_writable_config_is_refused_and_its_token_cmd_never_runs() {
    let (dir, config) = common::config::file("");
    let marker = dir.path().join("token-cmd-ran");
    std::fs::write(
        &config,
        format!(
            "[source]\nkind = \"rest\"\nbase_url = \"http://127.0.0.1:9\"\n\
             token_cmd = \"touch '{}'; echo tok\"\n",
            marker.display()
        ),
    )
    .unwrap();
    for mode in [0o666, 0o620] {
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(mode)).unwrap();
        for args in [&["config", "check"][..], &["sync"], &["watchlist"]] {
            let out = common::binary::command(&config, dir.path())
                .args(args)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{mode:o} {args:?}: {stderr}");
            assert!(
                stderr.contains(&format!("`chmod go-w {}`", config.display())),
                "{stderr}"
            );
            assert!(!marker.exists(), "{mode:o} {args:?} ran the token_cmd");
        }
    }
    // Fixed as it says, the file is read again.
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = common::binary::command(&config, dir.path())
        .args(["config", "check"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
