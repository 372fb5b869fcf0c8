//! Offline means offline: the cache needs no token. `--offline watchlist`,
//! `--offline account` and `outbox list` work with the token's variable
//! unset (and never run a `token_cmd`), saying how old the cache is; what
//! must send (sync, flush, log-play) names the missing variable, exit 2.

mod common;
mod outbox_support;

use outbox_support::cli::{command, text, Hub, TOKEN_VAR};
use outbox_support::FakeHub;
use serde_json::Value;
use std::process::Output;

/// The binary with the token's variable unset.
fn without_token(hub: &Hub, args: &[&str]) -> Output {
    hub.command()
        .env_remove(TOKEN_VAR)
        .args(args)
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cache_needs_no_token_and_says_how_old_it_is() {
    let portal = FakeHub::start().await;
    let hub = Hub::new(&portal.uri());
    for args in [
        &["--offline", "watchlist", "--format", "json"][..],
        &["--offline", "account", "101", "--format", "json"],
    ] {
        let out = without_token(&hub, args);
        let said = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {said}");
        assert!(
            said.contains("offline: the cache of the last sync, just now ("),
            "{args:?}: {said}"
        );
        assert!(!said.contains(TOKEN_VAR), "{said}");
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(json.to_string().contains("Acme"), "{json}");
    }
    let out = without_token(&hub, &["outbox", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("the outbox is empty"));
    // A log queued offline waits, and needs no token either.
    let out = without_token(&hub, &["--offline", "log-play", "acme", "check-in"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).trim().ends_with(" queued"));
    assert_eq!(portal.note_posts(), 0);
    // What would call the source refuses to, offline.
    for args in [
        &["--offline", "sync"][..],
        &["--offline", "outbox", "flush"],
    ] {
        let out = without_token(&hub, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains("--offline: a "), "{args:?}");
    }
    assert_eq!(portal.note_posts(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_cmd_is_not_run_for_the_cache() {
    let portal = FakeHub::start().await;
    let hub = Hub::new(&portal.uri());
    let marker = hub.dir.path().join("token-cmd-ran");
    hub.set_config(&format!(
        "[source]\nkind = \"hubspot\"\nbase_url = \"{}\"\ntoken_cmd = \"touch '{}'; echo pat-na1-x\"\n",
        hub.url,
        marker.display()
    ));
    for args in [
        &["--offline", "watchlist"][..],
        &["--offline", "account", "101"],
        &["outbox", "list"],
    ] {
        let out = hub.run(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(!marker.exists(), "{args:?} ran the token_cmd");
    }
    // Sending needs it: it runs then.
    let out = hub.run(&["log-play", "101", "check-in"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(marker.exists());
    assert_eq!(portal.notes().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_must_send_names_the_missing_variable_and_exits_2() {
    let portal = FakeHub::start().await;
    let hub = Hub::new(&portal.uri());
    let queued = hub.run(&["--offline", "log-play", "101", "check-in"]);
    assert!(queued.status.success(), "{}", text(&queued.stderr));
    for args in [
        &["sync"][..],
        &["outbox", "flush"],
        &["log-play", "101", "check-in"],
    ] {
        let out = without_token(&hub, args);
        let said = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {said}");
        assert!(
            said.contains(&format!(
                "the environment variable {TOKEN_VAR} (token_env) is not set"
            )),
            "{args:?}: {said}"
        );
    }
    assert_eq!(portal.note_posts(), 0);
    // Nothing more was queued: only the offline log waits.
    assert_eq!(hub.outbox().as_array().unwrap().len(), 1);

    // Online, a command that only reads falls back on the cache and says
    // why it could not sync.
    let out = without_token(&hub, &["watchlist", "--format", "json"]);
    let said = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains("could not sync (setup)") && said.contains(TOKEN_VAR),
        "{said}"
    );
}

/// Offline with nothing cached yet: the load fails (exit 1) saying what
/// is missing and what to run, not as bad setup.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_with_nothing_cached_says_to_sync_first() {
    let portal = FakeHub::start().await;
    let hub = Hub::new(&portal.uri());
    let empty = tempfile::tempdir().unwrap();
    let out = command(&hub.config, empty.path())
        .args(["--offline", "watchlist"])
        .output()
        .unwrap();
    let said = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("(no cache): offline, and nothing is cached yet: run `orienteer sync` first"),
        "{said}"
    );
    assert!(!said.contains("setup"), "{said}");
}

/// A wide (CJK) name takes two columns a glyph: the table measures and
/// cuts by display width, so the columns after it line up with a Latin
/// name's (they were pushed out by counting characters).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wide_name_keeps_the_table_columns_in_line() {
    use orienteer::domain::numbers::width;
    use orienteer::domain::Account;
    let portal = FakeHub::start().await;
    let accounts = [
        ("101", "Acme Logistics and Freight Worldwide"),
        ("102", "株式会社東京データ分析サービス株式会社東京データ"),
        ("103", "東京"),
    ]
    .map(|(id, name)| Account {
        id: id.into(),
        name: name.into(),
        ..Account::default()
    });
    let hub = Hub::with(&portal.uri(), &accounts, "");
    let out = without_token(&hub, &["--offline", "watchlist"]);
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Where the Stage column starts on each line, in display columns.
    let stage_at = |line: &str| {
        let at = line.find("Stage").or_else(|| line.find("onboarding"));
        at.map(|at| width(&line[..at]))
    };
    let starts: Vec<usize> = said.lines().filter_map(stage_at).collect();
    assert_eq!(starts.len(), 4, "{said}");
    assert!(
        starts.windows(2).all(|w| w[0] == w[1]),
        "{starts:?}\n{said}"
    );
    assert!(said.contains('…'), "the long names are cut:\n{said}");
}

/// A book with no health data: the account renewing in 17 days is not
/// poor, but the JSON twin ranks it first and says why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_near_renewal_with_no_health_data_says_so_in_the_json_why() {
    let portal = FakeHub::start().await;
    let on = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
    let account = |id: &str, renewal| orienteer::domain::Account {
        id: id.into(),
        name: format!("Account {id}"),
        renewal_date: Some(renewal),
        ..Default::default()
    };
    // 2026-11-23 plus 17 days, and one later (38 days: fewer points).
    let accounts = [account("101", on(31)), account("102", on(10))];
    let hub = Hub::with(&portal.uri(), &accounts, "");
    let out = hub.run(&[
        "--offline",
        "--as-of",
        "2026-11-23",
        "watchlist",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let items: Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &items[0];
    assert_eq!(first["id"], "102", "{items}");
    assert_eq!(first["health"]["band"], "unknown", "{items}");
    assert_eq!(
        first["attention"]["why"], "renews in 17d, no health data",
        "{items}"
    );
    assert!(first["attention"]["score"].as_f64().unwrap() > 0.0);
}
