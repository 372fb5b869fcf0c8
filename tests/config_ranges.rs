//! Numbers out of their documented range are refused when the config is
//! read, by `config check` and by every command, with the file, line, key
//! and range (exit 2): none of them reaches date arithmetic and panics.

mod common;

use common::config::file;
use std::process::{Command, Output};

fn orienteer(config: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orienteer"))
        .env("ORIENTEER_CONFIG", config)
        .env("ORIENTEER_DATA", common::config::data_dir())
        .env("ORIENTEER_STATE", common::config::state_file())
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_follow_up_of_a_hundred_million_days_is_refused_with_its_line() {
    let (_dir, config) = file(
        "# a play\n[[plays]]\nid = \"call\"\nstage = \"established\"\ntitle = \"Call\"\n\
         trigger = \"manual\"\nfollow_up_days = 100000000\n",
    );
    for args in [
        &["config", "check"][..],
        &["--demo", "watchlist"],
        &["--demo", "account", "a"],
    ] {
        let out = orienteer(&config, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("config.toml:7:18: plays[0].follow_up_days:")
                && stderr.contains("from 0 to 3650")
                && stderr.contains("got 100000000"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn each_range_names_its_key_and_line() {
    let cases = [
        (
            "[lifecycle]\npre_renewal_days = 40000\n",
            "2:20: lifecycle.pre_renewal_days",
        ),
        (
            "[attention]\nrenewal_near_days = 99999\n",
            "2:21: attention.renewal_near_days",
        ),
        (
            "[alerts.champion_left]\nwindow_days = 5000\n",
            "alerts.champion_left.window_days",
        ),
        (
            "[sync]\nmax_delete_share = 1.5\n",
            "2:20: sync.max_delete_share: expected a share from 0 to 1",
        ),
        (
            "[sync]\nmax_delete_share = -0.1\n",
            "2:20: sync.max_delete_share",
        ),
    ];
    for (text, says) in cases {
        let (_dir, config) = file(text);
        let out = orienteer(&config, &["config", "check"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{text}: {stderr}");
        assert!(stderr.contains(says), "{text}: {stderr}");
    }
}
