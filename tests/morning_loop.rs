//! The morning loop on the real binary: a play logged with a follow-up on
//! the accounts at the top of the list takes them out of the next
//! morning's top, and the follow-up's day brings them back with a Why
//! that says so. The demo book is fixed on one day (`demo_day`), so
//! `--as-of` replays the mornings after it on the same data.

mod common;

use common::binary::run;
use common::config::file;
use serde_json::Value;
use std::path::Path;

const DAY: &str = "2026-12-03";

fn book() -> (tempfile::TempDir, std::path::PathBuf) {
    file(&format!(
        "[source]\nkind = \"demo\"\ndemo_day = \"{DAY}\"\n"
    ))
}

fn top(config: &Path, data: &Path, as_of: &str, n: usize) -> Vec<Value> {
    let limit = n.to_string();
    let args = [
        "watchlist",
        "--as-of",
        as_of,
        "--format",
        "json",
        "--limit",
        &limit,
    ];
    let out = run(config, data, &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    list.as_array().unwrap().clone()
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

/// Logs on each of `items` its first recommended play (a check-in when it
/// has none), with a follow-up in a week, on `DAY`.
fn log_each(config: &Path, data: &Path, items: &[Value]) {
    for item in items {
        let id = item["id"].as_str().unwrap();
        let play = item["recommended_plays"][0]["id"]
            .as_str()
            .unwrap_or("check-in");
        let args = [
            "log-play",
            id,
            play,
            "--as-of",
            DAY,
            "--note",
            "morning triage",
            "--follow-up",
            "+7d",
        ];
        let out = run(config, data, &args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn handled_accounts_leave_the_top_and_come_back_on_their_follow_up() {
    let (_dir, config) = book();
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let today = top(&config, data, DAY, 10);
    assert_eq!(today.len(), 10);
    log_each(&config, data, &today);

    // The next morning: none of them is in the top ten unless something
    // new woke it, and then its Why says what.
    let handled = ids(&today);
    let tomorrow = top(&config, data, "2026-12-04", 10);
    let was_handled = |i: &&Value| handled.iter().any(|id| i["id"] == id.as_str());
    for item in tomorrow.iter().filter(was_handled) {
        let woken = &item["handled"]["woken_by"];
        assert!(!woken.is_null(), "handled and still on top: {item}");
        let why = item["attention"]["why"].as_str().unwrap();
        assert!(why.contains("new since handled"), "{why}");
    }
    // They are all in the list, in the handled group, saying what was done.
    let all = top(&config, data, "2026-12-04", 1000);
    let mut quiet = 0;
    for id in &handled {
        let item = all.iter().find(|i| i["id"] == id.as_str()).unwrap();
        if item["handled"]["woken_by"].is_null() {
            quiet += 1;
            assert_eq!(item["attention"]["inbox"], "handled", "{item}");
            assert_eq!(item["handled"]["until"], "2026-12-10", "{item}");
            let why = item["attention"]["why"].as_str().unwrap();
            assert!(why.starts_with("handled 12-03: "), "{why}");
            assert!(why.ends_with("follow-up 12-10"), "{why}");
        }
    }
    assert!(quiet >= 8, "most stay handled: {quiet} of 10");
    // `--handled hide` leaves them out; `only` lists them alone.
    let every = ids(&top(&config, data, "2026-12-04", 1000));
    let handled_ids = |which: &str| {
        let args = [
            "watchlist",
            "--as-of",
            "2026-12-04",
            "--format",
            "json",
            "--handled",
            which,
        ];
        let list: Value = serde_json::from_slice(&run(&config, data, &args).stdout).unwrap();
        ids(list.as_array().unwrap())
    };
    let only = handled_ids("only");
    assert!(only.len() >= quiet, "{only:?}");
    assert!(only.iter().all(|id| every.contains(id)));
    let shown = handled_ids("hide");
    assert_eq!(shown.len() + only.len(), every.len());
    assert!(only.iter().all(|id| !shown.contains(id)));

    // The follow-up's day: every one of them needs the CSM again.
    let due = top(&config, data, "2026-12-10", 1000);
    for id in &handled {
        let item = due.iter().find(|i| i["id"] == id.as_str()).unwrap();
        assert_eq!(item["attention"]["inbox"], "needs_you", "{item}");
        let why = item["attention"]["why"].as_str().unwrap();
        assert!(
            why.starts_with("follow-up due today: ") || why.contains("new since handled"),
            "{why}"
        );
    }
}
