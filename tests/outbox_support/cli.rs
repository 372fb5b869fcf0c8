//! The real binary against the fake portal: its own config and data dir,
//! and a store holding a synced company, as after `orienteer sync`.

use chrono::Utc;
use orienteer::domain::Account;
use orienteer::store::{Change, Store, SyncWrite};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The variable the configs name for the token.
pub const TOKEN_VAR: &str = "OUTBOX_TEST_TOKEN";

/// The binary on its own config and data dir ([`crate::common::binary`]),
/// the portal's token set, days in UTC.
pub fn command(config: &Path, data: &Path) -> Command {
    let mut cmd = crate::common::binary::command(config, data);
    cmd.env(TOKEN_VAR, super::TOKEN).env("TZ", "UTC");
    cmd
}

pub fn run(cmd: &mut Command, args: &[&str]) -> Output {
    cmd.args(args).output().expect("run orienteer")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A HubSpot setup: the config names the fake portal at `url`; the store
/// holds synced companies (101, "Acme", unless given).
pub struct Hub {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
    /// The portal's URL, as the config names it.
    pub url: String,
}

impl Hub {
    pub fn new(url: &str) -> Hub {
        let account = Account {
            id: "101".into(),
            name: "Acme".into(),
            ..Account::default()
        };
        Hub::with(url, &[account], "")
    }

    /// The portal at `url` with `accounts` cached, and `more` added to the
    /// config file (e.g. `me = "..."`, before the tables).
    pub fn with(url: &str, accounts: &[Account], more: &str) -> Hub {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        std::fs::write(
            &config,
            format!(
                "{more}\n[source]\nkind = \"hubspot\"\nbase_url = \"{url}\"\ntoken_env = \"{TOKEN_VAR}\"\n"
            ),
        )
        .unwrap();
        Store::open(dir.path().join("orienteer.db"))
            .unwrap()
            .commit_sync(&SyncWrite {
                source: &format!("hubspot {url}"),
                description: "HubSpot (test)",
                fetched_at: Utc::now(),
                change: Change::Full(accounts),
                cursors: &[],
            })
            .unwrap();
        Hub {
            dir,
            config,
            url: url.to_string(),
        }
    }

    /// Replaces the config file (the store stays): `text` is its whole
    /// content.
    pub fn set_config(&self, text: &str) {
        std::fs::write(&self.config, text).unwrap();
    }

    pub fn command(&self) -> Command {
        command(&self.config, self.dir.path())
    }

    pub fn run(&self, args: &[&str]) -> Output {
        run(&mut self.command(), args)
    }

    pub fn outbox(&self) -> Value {
        let out = self.run(&["outbox", "list", "--format", "json"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }
}
