//! Both faces log a play by one rule: the TUI's play logger, driven by
//! keys through `update`, and `orienteer log-play`, the real binary, given
//! the same input on the same account, queue the same log (its day, its
//! follow-up, its play and its outcome).

mod common;
mod outbox_support;
mod tui_logger_support;

use chrono::{NaiveDate, TimeDelta, Utc};
use common::Harness;
use crossterm::event::{KeyCode, KeyModifiers};
use orienteer::domain::Account;
use outbox_support::cli::{text, Hub};
use serde_json::Value;
use tui_logger_support::{ctrl, logger, press, with_sink};

/// What both faces are given.
struct Input {
    when: &'static str,
    /// `None`: the play's own follow-up.
    follow_up: Option<&'static str>,
    /// As the CLI spells it; the TUI picks it by its first letter.
    outcome: &'static str,
}

/// The log both faces queued: day, follow-up, play, outcome.
type Log = (NaiveDate, Option<NaiveDate>, String, String);

fn account(today: NaiveDate) -> Account {
    Account {
        id: "101".into(),
        name: "Acme Corp".into(),
        // Ten days into onboarding.
        contract_start: Some(today - TimeDelta::days(10)),
        ..Account::default()
    }
}

/// The TUI at the real now: `p`, the play typed and picked, the outcome,
/// when and the follow-up typed, Enter. The play logged is the first one
/// offered with a follow-up of its own; its days come back too.
fn tui(input: &Input) -> (Log, u32) {
    let now = Utc::now();
    let h = Harness::at(vec![account(now.date_naive())], now, 100, 40, false);
    let (mut h, sink) = with_sink(h);
    h.key(KeyCode::Char('p'));
    let (play, days) = logger(&h)
        .choices
        .iter()
        .find_map(|c| Some((c.play_id.clone(), c.follow_up_days?)))
        .expect("a play with a follow-up of its own is offered");
    h.chars(play.as_str());
    h.key(KeyCode::Enter);
    h.chars("Called the sponsor");
    h.key(KeyCode::Tab);
    ctrl(&mut h, 'u');
    h.chars(input.when);
    if let Some(follow_up) = input.follow_up {
        h.key(KeyCode::Tab);
        ctrl(&mut h, 'u');
        h.chars(follow_up);
        h.key(KeyCode::Tab);
    }
    // Back to the outcome.
    while logger(&h).focus != orienteer::tui::logger::Field::Outcome {
        press(&mut h, KeyCode::BackTab, KeyModifiers::SHIFT);
    }
    let first = input.outcome.chars().next().unwrap();
    if first != 'd' {
        h.key(KeyCode::Char(first));
    }
    h.key(KeyCode::Enter);
    assert!(h.app.logger().is_none(), "queued: {}", h.screen());
    let d = sink.drafts.lock().unwrap()[0].clone();
    let day = sink.days.lock().unwrap()[0];
    let log = (
        day,
        d.follow_up,
        d.play_id.to_string(),
        d.outcome.id().to_string(),
    );
    (log, days)
}

/// The binary, offline, on the same account in its cache.
fn cli(play: &str, input: &Input) -> Log {
    let hub = Hub::with(
        "http://127.0.0.1:9",
        &[account(Utc::now().date_naive())],
        "",
    );
    let mut args = vec![
        "--offline",
        "log-play",
        "acme",
        play,
        "--note",
        "Called the sponsor",
        "--outcome",
        input.outcome,
        "--at",
        input.when,
    ];
    if let Some(follow_up) = input.follow_up {
        args.extend(["--follow-up", follow_up]);
    }
    let out = hub.run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let listed = hub.outbox();
    let row = &listed[0];
    let day = |v: &Value| v.as_str().map(|s| s.parse::<NaiveDate>().unwrap());
    (
        day(&row["at"]).unwrap(),
        day(&row["follow_up"]),
        row["play"].as_str().unwrap().to_string(),
        row["outcome"].as_str().unwrap().to_string(),
    )
}

#[test]
fn the_tui_and_the_cli_log_the_same_play_the_same_way() {
    let cases = [
        Input {
            when: "yesterday",
            follow_up: None,
            outcome: "no-answer",
        },
        Input {
            when: "-2d",
            follow_up: Some("+3d"),
            outcome: "rescheduled",
        },
        Input {
            when: "now",
            follow_up: Some("none"),
            outcome: "done",
        },
    ];
    for input in &cases {
        // Around midnight the two runs may see different days: once more.
        let ((tui_log, days), cli_log, today) = (0..2)
            .find_map(|_| {
                let today = Utc::now().date_naive();
                let (t, days) = tui(input);
                let c = cli(&t.2, input);
                (today == Utc::now().date_naive()).then_some(((t, days), c, today))
            })
            .expect("two runs within one day");
        assert_eq!(tui_log, cli_log, "when {}", input.when);
        if input.when == "yesterday" {
            // Dated yesterday, the play's own follow-up counted from then.
            let yesterday = today - TimeDelta::days(1);
            assert_eq!(tui_log.0, yesterday);
            let follow_up = yesterday + TimeDelta::days(i64::from(days));
            assert_eq!(tui_log.1, Some(follow_up));
        }
    }
}
