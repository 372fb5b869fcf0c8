//! `orienteer log-play` and `orienteer outbox` through the real binary:
//! bad input queues nothing; a log queued while HubSpot is down reaches it
//! once it is up; a process killed mid-request leaves one note, never two.

mod common;
mod outbox_support;

use chrono::Utc;
use outbox_support::cli::{command, run, text, Hub};
use outbox_support::FakeHub;
use serde_json::Value;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

/// A demo setup: the built-in config, a fresh data dir.
struct Demo {
    dir: tempfile::TempDir,
}

impl Demo {
    fn new() -> Demo {
        Demo {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut all = vec!["--demo-size", "60"];
        all.extend_from_slice(args);
        run(&mut command(common::config::empty(), self.dir.path()), &all)
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

#[test]
fn bad_input_says_what_is_wrong_exits_2_and_queues_nothing() {
    let demo = Demo::new();
    let id = demo.json(&["watchlist", "--format", "json", "--limit", "1"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let cases: [(&[&str], &str); 5] = [
        (
            &["log-play", "NOPE", "check-in"],
            "no account with id `NOPE`",
        ),
        (
            &["log-play", &id, "nope"],
            "no play `nope`; the plays offered for",
        ),
        (
            &["log-play", &id, "check-in", "--at", "someday"],
            "--at: `someday` is not a time",
        ),
        (
            &["log-play", &id, "check-in", "--follow-up", "later"],
            "--follow-up: `later`",
        ),
        (
            &["log-play", &id, "check-in", "--outcome", "great"],
            "great",
        ),
    ];
    for (args, expected) in cases {
        let out = demo.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains(expected),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let out = demo.run(&["log-play", &id, "nope"]);
    assert!(
        text(&out.stderr).contains("check-in"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        demo.json(&["outbox", "list", "--format", "json"]),
        Value::Array(vec![])
    );
}

#[test]
fn a_play_logged_on_the_demo_shows_on_its_account_and_is_not_recommended_again() {
    let demo = Demo::new();
    let items = demo.json(&["watchlist", "--format", "json"]);
    // An account with a recommended play (not the manual check-in).
    let (id, play) = items
        .as_array()
        .unwrap()
        .iter()
        .find_map(|i| {
            let id = i["id"].as_str()?;
            let detail = demo.json(&["account", id, "--format", "json"]);
            let play = detail["recommended_plays"][0]["id"].as_str()?.to_string();
            Some((id.to_string(), play))
        })
        .expect("an account with a recommended play");

    let mut cmd = command(common::config::empty(), demo.dir.path());
    let mut child = cmd
        .args([
            "--demo-size",
            "60",
            "log-play",
            &id,
            &play,
            "--note",
            "-",
            "--follow-up",
            "+5d",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Walked Ann through the rollout\nall good\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    let (log_id, state) = said.trim().split_once(' ').unwrap();
    assert_eq!(state, "sent", "the demo keeps it locally: {said}");
    assert_eq!(log_id.len(), 26);

    let detail = demo.json(&["account", &id, "--format", "json"]);
    let logged = detail["plays_logged"].as_array().unwrap();
    let mine = logged.iter().find(|l| l["id"] == log_id).expect("logged");
    assert_eq!(mine["play"], play.as_str());
    assert_eq!(mine["outcome"], "done");
    assert_eq!(mine["state"], "sent");
    // Shown cleaned: one line.
    assert_eq!(mine["note"], "Walked Ann through the rollout all good");
    let follow_up = (Utc::now().date_naive() + chrono::TimeDelta::days(5)).to_string();
    assert_eq!(mine["follow_up"], follow_up.as_str());
    let still: Vec<&str> = detail["recommended_plays"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert!(
        !still.contains(&play.as_str()),
        "{play} recommended again: {still:?}"
    );
    assert_eq!(detail["next_follow_up"], follow_up.as_str());
    // And the account says why it is gone, and until when.
    let held = detail["held_back"].as_array().unwrap();
    let held = held.iter().find(|h| h["play"] == play.as_str());
    assert_eq!(
        held.map(|h| &h["until"]),
        Some(&Value::from(follow_up.as_str()))
    );

    let listed = demo.json(&["outbox", "list", "--format", "json"]);
    assert_eq!(listed[0]["id"], log_id);
    assert_eq!(listed[0]["state"], "sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_log_queued_while_hubspot_is_down_reaches_it_once_when_it_is_up() {
    // A port with nothing behind it: connections are refused.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let url = format!("http://{addr}");
    let hub = Hub::new(&url);

    let out = hub.run(&["log-play", "101", "check-in", "--note", "Called Ann"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.trim().ends_with(" queued"), "{said}");
    assert!(
        text(&out.stderr).contains("not sent yet"),
        "{}",
        text(&out.stderr)
    );
    let id = said.split_whitespace().next().unwrap().to_string();
    assert_eq!(hub.outbox()[0]["state"], "queued");

    // The portal comes up on the same address.
    let listener = std::net::TcpListener::bind(addr).unwrap();
    let portal = FakeHub::start_on(listener).await;
    // `outbox flush` sends now, backoff or not.
    let out = hub.run(&["outbox", "flush"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(&format!("{id} sent")),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(portal.notes().len(), 1);
    assert_eq!(hub.outbox()[0]["state"], "sent");
    let again = hub.run(&["outbox", "flush"]);
    assert!(again.status.success());
    assert_eq!(portal.note_posts(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_request_then_flushed_leaves_exactly_one_note() {
    let portal = FakeHub::start().await;
    let hub = Hub::new(&portal.uri());
    // The portal creates the note, then takes its time to answer.
    portal.delay_next(Duration::from_secs(30));
    let mut child = hub
        .command()
        .args(["log-play", "101", "check-in", "--note", "mid-request"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while portal.note_posts() == 0 {
        assert!(start.elapsed() < Duration::from_secs(20), "no request came");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(portal.notes().len(), 1);
    let listed = hub.outbox();
    assert_eq!(listed[0]["state"], "queued", "{listed}");

    let out = hub.run(&["outbox", "flush"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(" sent"), "{}", text(&out.stdout));
    assert_eq!(portal.note_posts(), 1, "checked before sending again");
    assert_eq!(portal.notes().len(), 1);
    assert_eq!(hub.outbox()[0]["state"], "sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_between_queueing_and_sending_the_next_flush_sends_it() {
    let portal = FakeHub::start().await;
    let hub = Hub::new(&portal.uri());
    // --offline queues and stops there, as a process killed right after
    // queueing would.
    let out = hub.run(&["--offline", "log-play", "101", "check-in"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).trim().ends_with(" queued"));
    assert_eq!(portal.note_posts(), 0);
    let out = hub.run(&["outbox", "flush"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(portal.notes().len(), 1);
}
