//! The JSON twin and the command line, through the real binary.

mod common;

use common::binary::{plain as command, plain_json as json, plain_run as orienteer};
use serde_json::Value;

#[test]
fn watchlist_json_has_the_documented_shape_in_watch_list_order() {
    let items = json(&["watchlist", "--demo", "--format", "json"]);
    let items = items.as_array().unwrap();
    assert!(items.len() > 200);
    let keys = [
        "id",
        "name",
        "owner",
        "segment",
        "stage",
        "health",
        "arr",
        "renewal_date",
        "days_to_renewal",
        "alerts",
        "overdue_milestones",
        "recommended_plays",
        "handled",
    ];
    for item in items {
        for k in keys {
            assert!(item.get(k).is_some(), "{k} missing in {item}");
        }
        let h = &item["health"];
        for k in ["score", "band", "coverage", "delta_7d", "delta_30d"] {
            assert!(h.get(k).is_some(), "health.{k} missing");
        }
        let band = h["band"].as_str().unwrap();
        assert!(["good", "average", "poor", "unknown"].contains(&band));
        assert_eq!(h["score"].is_null(), band == "unknown");
        let cov = h["coverage"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&cov));
        for a in item["alerts"].as_array().unwrap() {
            assert!(a["id"].is_string() && a["severity"].is_string());
            assert!(!a["message"].as_str().unwrap().is_empty());
        }
        for p in item["recommended_plays"].as_array().unwrap() {
            assert!(p["id"].is_string() && p["title"].is_string() && p["reason"].is_string());
        }
    }
    // Attention order: the inbox's groups (every account that needs the
    // CSM, then the handled ones, then the quiet ones), most attention
    // first within a group, each row saying why.
    let groups = ["needs_you", "handled", "quiet"];
    let attention: Vec<(usize, f64)> = items
        .iter()
        .map(|i| {
            let inbox = i["attention"]["inbox"].as_str().unwrap();
            let group = groups.iter().position(|g| *g == inbox).unwrap();
            (group, i["attention"]["score"].as_f64().unwrap())
        })
        .collect();
    assert!(
        attention
            .windows(2)
            .all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 >= w[1].1)),
        "grouped, descending attention"
    );
    // The demo has accounts in each group, and a handled one says so.
    for g in groups {
        assert!(attention.iter().any(|a| groups[a.0] == g), "no {g} account");
    }
    for i in items
        .iter()
        .filter(|i| i["attention"]["inbox"] == "handled")
    {
        assert!(i["handled"]["woken_by"].is_null(), "{i}");
        let why = i["attention"]["why"].as_str().unwrap();
        assert!(why.starts_with("handled "), "{why}");
    }
    assert!(!items[0]["attention"]["why"].as_str().unwrap().is_empty());
    // --sort health: accounts with no score first, then score ascending.
    let items = json(&[
        "watchlist",
        "--demo",
        "--format",
        "json",
        "--sort",
        "health",
    ]);
    let scores: Vec<Option<f64>> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["health"]["score"].as_f64())
        .collect();
    let first = scores.iter().position(Option::is_some).unwrap();
    assert!(scores[..first].iter().all(Option::is_none));
    assert!(
        scores[first..].windows(2).all(|w| w[0] <= w[1]),
        "ascending scores"
    );
}

#[test]
fn watchlist_filters_and_limits() {
    let poor = json(&["watchlist", "--demo", "--format", "json", "--band", "poor"]);
    let poor = poor.as_array().unwrap();
    assert!(!poor.is_empty());
    assert!(poor.iter().all(|i| i["health"]["band"] == "poor"));

    let stage = json(&[
        "watchlist",
        "--demo",
        "--format",
        "json",
        "--stage",
        "pre_renewal",
        "--limit",
        "5",
    ]);
    let stage = stage.as_array().unwrap();
    assert_eq!(stage.len(), 5);
    assert!(stage.iter().all(|i| i["stage"] == "pre_renewal"));

    let out = orienteer(&["watchlist", "--demo", "--stage", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown stage `nope`"));
}

#[test]
fn table_and_csv_carry_the_same_accounts() {
    let j = json(&["watchlist", "--demo", "--format", "json", "--limit", "10"]);
    let out = orienteer(&["watchlist", "--demo", "--format", "csv", "--limit", "10"]);
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 11, "header and ten rows");
    assert!(lines[0].starts_with("id,name,owner"));
    let col = lines[0]
        .split(',')
        .position(|h| h == "risk_alerts")
        .unwrap();
    for (line, item) in lines[1..].iter().zip(j.as_array().unwrap()) {
        assert!(line.starts_with(&format!("{},", item["id"].as_str().unwrap())));
        // Every face counts the same thing: alerts that signal risk.
        let risks = item["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["severity"] != "positive")
            .count();
        assert_eq!(item["risk_alerts"], risks, "{line}");
        assert_eq!(line.split(',').nth(col), Some(risks.to_string().as_str()));
    }
    let out = orienteer(&["watchlist", "--demo", "--limit", "10"]);
    let table = String::from_utf8(out.stdout).unwrap();
    assert_eq!(table.lines().count(), 11);
    let first = j[0]["name"].as_str().unwrap();
    assert!(table
        .lines()
        .nth(1)
        .unwrap()
        .contains(&first[..first.len().min(20)]));
}

/// value x weight = points (to display rounding) and the points sum to the
/// score: the weight shown is the one the score used.
#[test]
fn usage_errors_exit_2() {
    for args in [
        &["watchlist", "--format", "xml"][..],
        &["watchlist", "--demo-size", "2000000"],
        &["frobnicate"],
    ] {
        let out = orienteer(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn demo_size_changes_the_portfolio() {
    let items = json(&["watchlist", "--demo-size", "40", "--format", "json"]);
    let n = items.as_array().unwrap().len();
    assert!(n > 20 && n <= 40, "{n} open accounts of 40");
}

#[test]
fn no_text_from_the_source_reaches_output_raw() {
    // Demo account 7 carries an event detail with an escape sequence in it.
    let hostile = "D000007";
    let raw = json(&["account", hostile, "--demo", "--format", "json"]);
    let details: Vec<&str> = raw["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["detail"].as_str())
        .collect();
    assert!(
        details.iter().any(|d| d.contains("[2J")),
        "the hostile event is listed: {details:?}"
    );
    let mut outputs = vec![
        orienteer(&["account", hostile, "--demo"]),
        orienteer(&["account", hostile, "--demo", "--format", "json"]),
    ];
    for format in ["json", "csv", "table"] {
        outputs.push(orienteer(&["watchlist", "--demo", "--format", format]));
    }
    // Controls (ESC, CSI, BEL...) and the bidi controls that reorder what
    // a terminal shows; a JSON string may only hold them escaped.
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    for out in outputs {
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.is_empty());
        let bad: Vec<char> = text.chars().filter(|c| unsafe_char(*c)).collect();
        assert!(bad.is_empty(), "{bad:?} reached the output:\n{text}");
    }
}

#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut child = command()
        .args(["watchlist", "--demo-size", "20000", "--format", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("id,name"));
    // The reader is dropped here, like `| head -1`.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn as_of_gives_stable_output_counted_from_that_day() {
    let at = |day: &str| {
        json(&[
            "watchlist",
            "--demo",
            "--as-of",
            day,
            "--format",
            "json",
            "--limit",
            "40",
        ])
    };
    let first = at("2026-11-23");
    assert_eq!(first, at("2026-11-23"), "the same --as-of, the same output");
    // An instant counts as its day in the configured zone.
    assert_eq!(first, at("2026-11-23T18:00:00Z"));
    // The demo is generated relative to the as-of day: a week later its
    // renewal dates are a week later, and every day count is from that day.
    let later = at("2026-11-30");
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let (a, b) = (first.as_array().unwrap(), later.as_array().unwrap());
    let mut checked = 0;
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x["id"], y["id"]);
        let (Some(rx), Some(ry)) = (x["renewal_date"].as_str(), y["renewal_date"].as_str()) else {
            continue;
        };
        assert_eq!((day(ry) - day(rx)).num_days(), 7);
        let left = |r: &str, as_of: &str| (day(r) - day(as_of)).num_days();
        assert_eq!(x["days_to_renewal"].as_i64(), Some(left(rx, "2026-11-23")));
        assert_eq!(y["days_to_renewal"].as_i64(), Some(left(ry, "2026-11-30")));
        checked += 1;
    }
    assert!(checked > 30);
    let out = orienteer(&["watchlist", "--as-of", "23/11/2026"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn demo_size_zero_is_a_usage_error() {
    let out = orienteer(&["watchlist", "--demo-size", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1..=1000000"));
}

#[test]
fn every_customer_is_listed_and_churned_accounts_are_counted_out() {
    let items = json(&["watchlist", "--demo", "--format", "json"]);
    let items = items.as_array().unwrap();
    let outcome = |i: &Value| i["outcome"].as_str().unwrap().to_string();
    assert!(items.iter().all(|i| outcome(i) != "churned"));
    let renewed: Vec<&Value> = items.iter().filter(|i| outcome(i) == "renewed").collect();
    assert!(!renewed.is_empty(), "renewed customers stay on the list");
    for i in &renewed {
        // With its next renewal date, and the date it renewed.
        assert!(i["days_to_renewal"].as_i64().unwrap() > 0, "{i}");
        assert!(i["outcome_date"].is_string(), "{i}");
    }
    // Listed plus churned is every account the source has (the header
    // says "N churned not shown").
    let today = chrono::Local::now().date_naive();
    let churned = orienteer::source::demo::Demo::new(300, today)
        .accounts()
        .iter()
        .filter(|a| a.outcome == orienteer::domain::account::Outcome::Churned)
        .count();
    assert!(churned > 0);
    assert_eq!(items.len() + churned, 300);
}

#[test]
fn watchlist_filters_and_sorts_from_the_command_line() {
    let all = json(&["watchlist", "--demo", "--format", "json"]);
    let all = all.as_array().unwrap();
    let owner = all[0]["owner"].as_str().unwrap().to_string();

    let mine = json(&[
        "watchlist",
        "--demo",
        "--format",
        "json",
        "--owner",
        &owner.to_uppercase(),
    ]);
    let mine = mine.as_array().unwrap();
    assert!(!mine.is_empty() && mine.len() < all.len());
    assert!(mine.iter().all(|i| i["owner"] == owner.as_str()));

    let near = json(&[
        "watchlist",
        "--demo",
        "--format",
        "json",
        "--renewal-within",
        "30",
    ]);
    let near = near.as_array().unwrap();
    assert!(!near.is_empty());
    assert!(near
        .iter()
        .all(|i| i["days_to_renewal"].as_i64().unwrap() <= 30));

    // Several bands, written as the TUI shows them or as the JSON does.
    for bands in ["poor,average", "POOR,avg"] {
        let risky = orienteer(&["watchlist", "--demo", "--format", "json", "--band", bands]);
        assert!(
            risky.status.success(),
            "{bands}: {}",
            String::from_utf8_lossy(&risky.stderr)
        );
        let risky: Value = serde_json::from_slice(&risky.stdout).unwrap();
        let risky = risky.as_array().unwrap();
        assert!(
            risky.iter().any(|i| i["health"]["band"] == "poor"),
            "{bands}"
        );
        assert!(
            risky.iter().any(|i| i["health"]["band"] == "average"),
            "{bands}"
        );
        assert!(
            risky.iter().all(|i| i["health"]["band"] != "good"),
            "{bands}"
        );
    }
    let unknown = json(&["watchlist", "--demo", "--format", "json", "--band", "n/a"]);
    assert!(unknown
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["health"]["band"] == "unknown"));

    let by_arr = json(&["watchlist", "--demo", "--format", "json", "--sort", "arr"]);
    let rev = json(&[
        "watchlist",
        "--demo",
        "--format",
        "json",
        "--sort",
        "arr",
        "--reverse",
    ]);
    let ids = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    };
    let mut back = ids(&rev);
    back.reverse();
    assert_eq!(back, ids(&by_arr));
    let first = by_arr[0]["arr"].as_f64().unwrap();
    assert!(by_arr
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["arr"].as_f64().unwrap_or(0.0) <= first));
}

#[test]
fn owner_me_comes_from_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let all = json(&["watchlist", "--demo", "--format", "json"]);
    let owner = all[0]["owner"].as_str().unwrap().to_string();
    std::fs::write(&path, format!("me = \"{owner}\"\n")).unwrap();
    let p = path.to_str().unwrap();
    let mine = json(&[
        "--config",
        p,
        "watchlist",
        "--demo",
        "--format",
        "json",
        "--owner",
        "me",
    ]);
    assert!(mine
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["owner"] == owner.as_str()));
    // Without `me` in the config, `--owner me` says what to set.
    let out = orienteer(&["watchlist", "--demo", "--owner", "me"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("me = "));
}

#[test]
fn every_face_writes_numbers_and_missing_data_alike() {
    // Whole points are whole numbers in the JSON, as in the CSV.
    let out = orienteer(&["watchlist", "--demo", "--format", "json", "--limit", "5"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains("\"score\": 88.0") && !text.contains(".0,\n      \"band\""),
        "{text}"
    );
    let items: Value = serde_json::from_str(&text).unwrap();
    for i in items.as_array().unwrap() {
        if let Some(s) = i["health"]["score"].as_f64() {
            assert!(i["health"]["score"].is_i64(), "{s} written whole");
        }
    }
    // The account text says "no data" for every missing value.
    let list = json(&["watchlist", "--demo", "--format", "json"]);
    let bare = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["arr"].is_null() || i["owner"].is_null())
        .expect("a demo account with a gap");
    let out = orienteer(&["account", bare["id"].as_str().unwrap(), "--demo"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let head = text.lines().nth(1).unwrap();
    assert!(head.contains("no data"), "{head}");
    assert!(!head.contains(" - "), "{head}");
}
