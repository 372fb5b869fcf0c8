//! The morning views, in both faces on the same demo day: the "Follow-ups
//! due" view's Why names the play due and since when (one domain rule,
//! `follow_up::due_follow_up`, laid out by the TUI's list and the CLI's
//! table and JSON), and "Onboarding behind" lists the same accounts in
//! the TUI and `watchlist --view`.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use serde_json::Value;

fn watchlist(args: &[&str]) -> String {
    let state = tempfile::tempdir().unwrap();
    let out = common::binary::command(common::config::empty(), state.path())
        .args(["--as-of", "2026-11-23", "watchlist", "--demo"])
        .args(args)
        .output()
        .expect("run orienteer");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn items(view: &str) -> Vec<Value> {
    let out = watchlist(&["--view", view, "--format", "json"]);
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The TUI on the demo day with the built-in view `view` in force.
fn tui_in(view: &str, width: u16, height: u16) -> Harness {
    let mut h = Harness::new(width, height);
    for _ in 0..4 {
        if h.screen().contains(&format!("view: {view}")) {
            return h;
        }
        h.key(KeyCode::Char('v'));
    }
    panic!("no view {view}:\n{}", h.screen());
}

/// "win-back due 2d ago", "win-back due today", from the JSON's fields.
fn said(f: &Value) -> String {
    let (play, days) = (f["play"].as_str().unwrap(), f["days"].as_i64().unwrap());
    match days {
        0 => format!("{play} due today"),
        d => format!("{play} due {d}d ago"),
    }
}

/// `why` as a cell of `columns` cuts it: the play's id first, so how long
/// it has been due stays.
fn cut(why: &str, columns: usize) -> String {
    if why.chars().count() <= columns {
        return why.to_string();
    }
    let (play, due) = why.split_at(why.find(" due ").unwrap());
    let room = columns - due.chars().count() - 1;
    format!("{}…{due}", play.chars().take(room).collect::<String>())
}

#[test]
fn the_follow_ups_view_says_which_play_is_due_and_since_when_in_both_faces() {
    let due = items("Follow-ups due");
    assert!(!due.is_empty(), "the demo has follow-ups due");
    let table = watchlist(&["--view", "Follow-ups due"]);
    let h = tui_in("Follow-ups due", 160, 48);
    let screen = h.screen();
    assert_eq!(h.app.visible.len(), due.len(), "the same rows");
    for item in &due {
        let f = &item["follow_up_due"];
        assert!(f.is_object(), "each row has its follow-up: {item}");
        let why = said(f);
        assert!(f["due"].is_string() && f["logged"].is_string(), "{f}");
        // The JSON keeps the attention order's Why; the view says the due.
        assert_ne!(item["attention"]["why"].as_str(), Some(why.as_str()));
        let name = item["name"].as_str().unwrap();
        let row = |text: &str| text.lines().find(|l| l.contains(name)).map(str::to_string);
        let tui = row(&screen).unwrap_or_else(|| panic!("{name} on screen:\n{screen}"));
        assert!(tui.contains(&format!(" {why} ")), "TUI: {tui}");
        let cli = row(&table).unwrap_or_else(|| panic!("{name} in:\n{table}"));
        assert!(cli.contains(&cut(&why, 28)), "CLI: {cli}");
    }
    // Out of the view, the Why is the attention order's again, in both.
    let all = watchlist(&[]);
    let first = &due[0];
    let line = all
        .lines()
        .find(|l| l.contains(first["name"].as_str().unwrap()))
        .unwrap();
    let why = cut(&said(&first["follow_up_due"]), 28);
    assert!(!line.contains(&why), "{line}");
}

#[test]
fn onboarding_behind_lists_the_same_accounts_in_both_faces() {
    let behind = items("Onboarding behind");
    let onboarding: Vec<Value> = {
        let out = watchlist(&["--stage", "onboarding", "--format", "json"]);
        serde_json::from_str::<Value>(&out)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    assert!(!behind.is_empty(), "the demo has onboarding behind");
    assert!(
        behind.len() < onboarding.len(),
        "not every onboarding account is behind ({} of {})",
        behind.len(),
        onboarding.len()
    );
    let h = tui_in("Onboarding behind", 80, 24);
    let p = h.app.shown().unwrap();
    let tui: Vec<&str> = h
        .app
        .visible
        .iter()
        .map(|&i| p.account(i as usize).id.as_str())
        .collect();
    let cli: Vec<&str> = behind.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(tui, cli, "the same rows in the same order");
    // At 80 columns the view shows its Overdue column.
    let screen = h.screen();
    let titles = screen.lines().nth(2).unwrap();
    assert!(titles.contains("Overdue"), "{screen}");
}

#[test]
fn at_80_columns_the_follow_ups_view_still_says_how_long_each_is_due() {
    let h = tui_in("Follow-ups due", 80, 24);
    let screen = h.screen();
    for item in items("Follow-ups due") {
        let why = said(&item["follow_up_due"]);
        let (play, due) = why.split_at(why.find(" due ").unwrap());
        let name = item["name"].as_str().unwrap();
        let line = screen.lines().find(|l| l.contains(name)).unwrap();
        assert!(line.contains(&format!(" {}", &play[..4])), "{line}");
        assert!(line.trim_end().ends_with(due), "{due}: {line}");
    }
}
