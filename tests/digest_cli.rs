//! `orienteer digest` through the real binary: text that fits 80 columns
//! with no escape sequences, markdown for a chat, the JSON shape and its
//! counts (the header's, as the watch list has them), a follow-up logged
//! with `log-play` listed as due on its day, source text cleaned and
//! escaped, and "Nothing needs you today" (exit 0) for an empty selection.
//! Each scenario is one `--as-of` day on the demo (the demo is generated
//! relative to it).

mod common;
mod hostile;

use common::binary::{command, run_async};
use hostile::{Hostile, Mode};
use orienteer::domain::numbers::width;
use serde_json::Value;
use std::path::Path;
use std::process::Output;

const DAY: &str = "2026-11-23";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `orienteer --demo --as-of DAY ARGS` with the store in `data`.
fn demo(data: &Path, args: &[&str]) -> Output {
    command(common::config::empty(), data)
        .env("NO_COLOR", "1")
        .args(["--demo", "--as-of", DAY])
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

fn json(data: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(demo(data, args))).expect("valid JSON")
}

/// Every line at most 80 columns, and nothing a terminal would read as a
/// control (no ESC, no CSI, no other control character).
fn assert_plain_80(said: &str) {
    for line in said.lines() {
        assert!(width(line) <= 80, "{} columns: {line:?}", width(line));
        assert!(
            !line.chars().any(|c| c.is_control()),
            "a control character: {line:?}"
        );
    }
}

#[test]
fn the_text_fits_80_columns_reads_without_colour_and_has_each_section() {
    let data = tempfile::tempdir().unwrap();
    // A month back: long reasons, every section full.
    let said = ok(demo(data.path(), &["digest", "--since", "2026-10-23"]));
    assert_plain_80(&said);
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(lines[0], "Digest for 2026-11-23 (since 2026-10-23)");
    assert!(lines[1].contains(" need you · "), "{said}");
    for heading in [
        "Changed since 2026-10-23 (",
        "Follow-ups due (",
        "Renewals at risk in the next 30 days (",
        "Handled since 2026-10-23 (",
    ] {
        let line = lines.iter().find(|l| l.starts_with(heading));
        let line = line.unwrap_or_else(|| panic!("no {heading:?} in\n{said}"));
        // The count in the heading is the number of lines under it.
        let n: usize = line[heading.len()..line.len() - 1].parse().unwrap();
        let at = lines.iter().position(|l| l == line).unwrap();
        let under = lines[at + 1..]
            .iter()
            .take_while(|l| l.starts_with("  "))
            .count();
        assert_eq!(n, under, "{heading}\n{said}");
        assert!(n > 0, "{heading}");
    }
    assert!(!said.contains("Nothing needs you today"), "{said}");
    // The default: since the day before.
    let said = ok(demo(data.path(), &["digest"]));
    assert_plain_80(&said);
    assert!(said.starts_with("Digest for 2026-11-23 (since 2026-11-22)\n"));
}

#[test]
fn the_json_has_the_documented_shape_and_the_headers_counts() {
    let data = tempfile::tempdir().unwrap();
    let d = json(
        data.path(),
        &["digest", "--since", "2026-10-23", "--format", "json"],
    );
    assert_eq!(d["as_of"], DAY);
    assert_eq!(d["since"], "2026-10-23");
    let sections = [
        (
            "changed",
            &["id", "name", "band_before", "band_now", "reason"][..],
        ),
        (
            "woken",
            &["id", "name", "why", "kind", "play", "at", "woken_by"],
        ),
        ("follow_ups", &["id", "name", "play", "due", "days_overdue"]),
        (
            "renewals",
            &["id", "name", "renewal_date", "days", "band", "arr"],
        ),
        (
            "handled",
            &["id", "name", "play", "at", "until", "follow_up"],
        ),
    ];
    for (section, keys) in sections {
        let items = d[section].as_array().unwrap_or_else(|| panic!("{section}"));
        assert!(!items.is_empty(), "the demo has some {section}");
        for item in items {
            for k in keys {
                assert!(item.get(*k).is_some(), "{section}.{k}: {item}");
            }
        }
    }
    for r in d["renewals"].as_array().unwrap() {
        let days = r["days"].as_i64().unwrap();
        assert!((0..=30).contains(&days), "{r}");
        assert_ne!(r["band"], "good", "{r}");
    }
    for w in d["woken"].as_array().unwrap() {
        assert_eq!(w["kind"], "handled");
        assert!(w["woken_by"]["reason"].is_string(), "{w}");
    }
    // The counts are the header's: the watch list's inbox groups, and its
    // accounts with a follow-up due, over the same accounts.
    let items = json(data.path(), &["watchlist", "--format", "json"]);
    let items = items.as_array().unwrap();
    let inbox = |g: &str| {
        items
            .iter()
            .filter(|i| i["attention"]["inbox"] == g)
            .count()
    };
    let counts = &d["counts"];
    assert_eq!(counts["need_you"], inbox("needs_you"));
    assert_eq!(counts["handled"], inbox("handled"));
    let due: std::collections::BTreeSet<&str> = d["follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(counts["follow_ups_due"], due.len());
}

#[test]
fn the_markdown_pastes_into_a_chat() {
    let data = tempfile::tempdir().unwrap();
    let args = ["digest", "--since", "2026-10-23"];
    let said = ok(demo(
        data.path(),
        &[&args[..], &["--format", "markdown"]].concat(),
    ));
    let d = json(data.path(), &[&args[..], &["--format", "json"]].concat());
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(lines[0], "## Digest for 2026-11-23 (since 2026-10-23)");
    let headings = lines.iter().filter(|l| l.starts_with("### ")).count();
    assert_eq!(headings, 5, "{said}");
    let bullets: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("- **"))
        .collect();
    let items: usize = ["changed", "woken", "follow_ups", "renewals", "handled"]
        .iter()
        .map(|s| d[s].as_array().unwrap().len())
        .sum();
    assert_eq!(bullets.len(), items, "{said}");
    let first = d["changed"][0]["name"].as_str().unwrap();
    assert!(
        said.contains(&format!("- **{first}**: ")),
        "{first}: {said}"
    );
    assert!(!said.contains('\u{1b}'));
}

#[test]
fn a_follow_up_logged_with_log_play_is_due_in_the_digest_of_its_day() {
    let data = tempfile::tempdir().unwrap();
    let cmd = |args: &[&str]| {
        command(common::config::empty(), data.path())
            .args(["--demo-size", "60"])
            .args(args)
            .output()
            .unwrap()
    };
    let top: Value =
        serde_json::from_str(&ok(cmd(&["watchlist", "--format", "json", "--limit", "1"]))).unwrap();
    let id = top[0]["id"].as_str().unwrap().to_string();
    ok(cmd(&["log-play", &id, "check-in", "--follow-up", "+7d"]));
    let logged: Value =
        serde_json::from_str(&ok(cmd(&["outbox", "list", "--format", "json"]))).unwrap();
    let due = logged[0]["follow_up"].as_str().unwrap().to_string();

    let d: Value =
        serde_json::from_str(&ok(cmd(&["--as-of", &due, "digest", "--format", "json"]))).unwrap();
    let listed: Vec<&Value> = d["follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == id.as_str())
        .collect();
    assert_eq!(listed.len(), 1, "{d}");
    assert_eq!(listed[0]["play"], "check-in");
    assert_eq!(listed[0]["due"], due.as_str());
    assert_eq!(listed[0]["days_overdue"], 0);
    let said = ok(cmd(&["--as-of", &due, "digest"]));
    assert!(said.contains("check-in: due today"), "{said}");
}

#[test]
fn an_empty_selection_says_nothing_needs_you_today_and_exits_0() {
    let data = tempfile::tempdir().unwrap();
    let nobody = ["digest", "--owner", "Nobody At All"];
    let said = ok(demo(data.path(), &nobody));
    assert_eq!(
        said,
        "Digest for 2026-11-23 (since 2026-11-22)\n\
         0 need you · 0 handled · 0 follow-ups due\n\nNothing needs you today.\n"
    );
    let said = ok(demo(
        data.path(),
        &[&nobody[..], &["--format", "markdown"]].concat(),
    ));
    assert!(said.ends_with("\nNothing needs you today.\n"), "{said}");
    let d = json(data.path(), &[&nobody[..], &["--format", "json"]].concat());
    for section in ["changed", "woken", "follow_ups", "renewals", "handled"] {
        assert_eq!(d[section], Value::Array(vec![]), "{section}");
    }
    assert_eq!(d["counts"]["need_you"], 0);
}

#[test]
fn a_bad_view_or_since_exits_2_and_prints_nothing() {
    let data = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 3] = [
        (
            &["digest", "--view", "nope"],
            "--view: unknown view \"nope\"",
        ),
        (
            &["digest", "--since", "2026-12-01"],
            "--since: 2026-12-01 is after the as-of day 2026-11-23",
        ),
        (&["digest", "--owner", "me"], "--owner me: needs `me"),
    ];
    for (args, said) in cases {
        let out = demo(data.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains(said), "{}", text(&out.stderr));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

/// A source whose account name carries escape sequences, markup and a
/// name wider than the line: neither face prints it raw.
const HOSTILE: &str = r#"{"accounts": [
    {"id": "R1", "name": "\u001b[31mEvil_*Co*\u001b[0m [x](http://e.test) <b>|~\u0007 漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字",
     "arr": 5000, "contract_start": "2026-01-01", "renewal_date": "2026-12-13"}
], "next_cursor": null}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn source_text_is_cleaned_for_the_terminal_and_escaped_for_markdown() {
    let server = Hostile::start(Mode::Json(HOSTILE.into())).await;
    let data = tempfile::tempdir().unwrap();
    let (_dir, config) = common::config::rest(&server.url);
    let run = |format: &'static str| {
        let (config, data) = (config.clone(), data.path().to_path_buf());
        async move {
            let args = ["--as-of", "2026-12-03", "digest", "--format", format];
            run_async(&config, &data, &args).await
        }
    };
    // Renewing in 10 days with no health data: a renewal at risk.
    let said = ok(run("text").await);
    assert_plain_80(&said);
    assert!(said.contains("  [31mEvil_*Co*[0m"), "{said}");
    assert!(said.contains("renews in 10d (12-13) · unknown"), "{said}");

    let said = ok(run("markdown").await);
    assert!(
        !said.chars().any(|c| c.is_control() && c != '\n'),
        "{said:?}"
    );
    assert!(
        said.contains("- **\\[31mEvil\\_\\*Co\\*\\[0m \\[x\\](http://e.test) \\<b\\>\\|\\~ 漢字"),
        "{said}"
    );
}
