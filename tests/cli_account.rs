//! `orienteer account` and `orienteer config`, through the real binary.

mod common;

use common::binary::{self, plain_json as json, plain_run as orienteer};
use common::config;
use serde_json::Value;

#[test]
fn account_json_matches_the_watch_list_and_adds_detail() {
    let list = json(&["watchlist", "--demo", "--format", "json", "--limit", "3"]);
    for item in list.as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        let detail = json(&["account", id, "--demo", "--format", "json"]);
        for k in [
            "name",
            "stage",
            "arr",
            "alerts",
            "recommended_plays",
            "overdue_milestones",
        ] {
            assert_eq!(
                detail[k], item[k],
                "{k} of {id}: the same numbers from the same function"
            );
        }
        for k in ["score", "band", "coverage", "delta_7d", "delta_30d"] {
            assert_eq!(detail["health"][k], item["health"][k]);
        }
        let breakdown = detail["health"]["breakdown"].as_array().unwrap();
        assert_eq!(breakdown.len(), 5);
        for b in breakdown {
            for k in [
                "indicator",
                "value",
                "weight",
                "configured_weight",
                "contribution",
            ] {
                assert!(b.get(k).is_some());
            }
        }
        assert_breakdown_adds_up(&detail);
        let ms = detail["milestones"].as_array().unwrap();
        assert_eq!(ms.len(), 12);
        for m in ms {
            for k in [
                "id",
                "stage",
                "title",
                "expected_by",
                "completed_at",
                "status",
            ] {
                assert!(m.get(k).is_some());
            }
        }
        for k in ["events", "contacts", "plays_logged"] {
            assert!(detail[k].is_array(), "{k}");
        }
    }
}

fn assert_breakdown_adds_up(detail: &Value) {
    let id = &detail["id"];
    let Some(score) = detail["health"]["score"].as_f64() else {
        return;
    };
    let (mut weights, mut points) = (0.0, 0.0);
    for b in detail["health"]["breakdown"].as_array().unwrap() {
        let w = b["weight"].as_f64().unwrap();
        match (b["value"].as_f64(), b["contribution"].as_f64()) {
            (Some(v), Some(p)) => {
                // Shown rounded: value to 1, weight to 0.01, points to 0.1.
                let slack = 0.5 * w + 0.005 * v + 0.05 + 1e-9;
                assert!((v * w - p).abs() <= slack, "{id}: {v} x {w} != {p}");
                weights += w;
                points += p;
            }
            _ => assert_eq!(w, 0.0, "{id}: no data, no weight"),
        }
    }
    assert!(
        (weights - 1.0).abs() <= 0.03,
        "{id}: weights used sum to {weights}"
    );
    assert!(
        (points - score).abs() <= 0.8,
        "{id}: points {points} vs score {score}"
    );
}

#[test]
fn the_health_breakdown_adds_up_where_data_is_missing() {
    // D000210 has data for two indicators of five (DOMAIN's example).
    let detail = json(&["account", "D000210", "--demo", "--format", "json"]);
    let missing = detail["health"]["breakdown"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["value"].is_null())
        .count();
    assert!(missing > 0, "the example has missing indicators");
    assert_breakdown_adds_up(&detail);
}

#[test]
fn account_text_and_unknown_ids() {
    let list = json(&["watchlist", "--demo", "--format", "json", "--limit", "1"]);
    let id = list[0]["id"].as_str().unwrap();
    let out = orienteer(&["account", id, "--demo"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for section in ["Health", "Milestones", "Alerts", "Plays", "Contacts"] {
        assert!(text.contains(section), "{section}");
    }

    let out = orienteer(&["account", "NO-SUCH-ID", "--demo"]);
    assert_eq!(out.status.code(), Some(2), "bad input");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no account with id `NO-SUCH-ID`"));
}

/// `account` and `log-play` find the account by the one lookup: an unknown
/// id and a name several accounts start with are bad input (exit 2) for
/// both, in the same words.
#[test]
fn an_unknown_or_ambiguous_account_exits_2_in_the_same_words_for_account_and_log_play() {
    let all = json(&["watchlist", "--demo", "--format", "json"]);
    let names: Vec<String> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_lowercase())
        .collect();
    // The first word of a name that another name starts with too.
    let shared = names
        .iter()
        .map(|n| n.split_whitespace().next().unwrap().to_string())
        .find(|w| names.iter().filter(|n| n.starts_with(w.as_str())).count() > 1)
        .expect("a name prefix several demo accounts share");
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| binary::run(config::empty(), data.path(), args);
    for (query, says) in [
        (
            "NO-SUCH-ID",
            "no account with id `NO-SUCH-ID` or a name starting so".to_string(),
        ),
        (shared.as_str(), format!("`{shared}` matches ")),
    ] {
        let account = run(&["account", query, "--demo"]);
        let log = run(&["log-play", query, "check-in", "--demo", "--offline"]);
        for out in [&account, &log] {
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{query}: {err}");
            assert!(err.contains(&says), "{query}: {err}");
            assert!(out.stdout.is_empty(), "{query}");
        }
        assert_eq!(
            String::from_utf8_lossy(&account.stderr),
            String::from_utf8_lossy(&log.stderr),
            "{query}: one lookup, one message"
        );
    }
}

#[test]
fn account_takes_an_id_in_any_case_or_a_unique_name_prefix() {
    let all = json(&["watchlist", "--demo", "--format", "json"]);
    let all = all.as_array().unwrap();
    let id = all[0]["id"].as_str().unwrap();
    let name = all[0]["name"].as_str().unwrap();
    let by_id = json(&["account", &id.to_lowercase(), "--demo", "--format", "json"]);
    assert_eq!(by_id["id"], id);
    // The shortest prefix of the name no other account's name starts with.
    let names: Vec<String> = all
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_lowercase())
        .collect();
    let unique = (1..=name.len())
        .map(|n| &name[..n])
        .find(|p| {
            names
                .iter()
                .filter(|x| x.starts_with(&p.to_lowercase()))
                .count()
                == 1
        })
        .expect("a unique prefix");
    let by_name = json(&[
        "account",
        &unique.to_lowercase(),
        "--demo",
        "--format",
        "json",
    ]);
    assert_eq!(by_name["id"], id);
    // A prefix several names share: exit 2, listing them.
    let first_word = name.split_whitespace().next().unwrap();
    let shared = names
        .iter()
        .filter(|x| x.starts_with(&first_word.to_lowercase()))
        .count();
    if shared > 1 {
        let out = orienteer(&["account", first_word, "--demo"]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("matches {shared} accounts")), "{err}");
        assert!(err.contains(id) || err.contains("more"), "{err}");
    }
}

#[test]
fn a_bad_config_file_exits_2_naming_file_line_column_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "[lifecycle]\npre_renewal_days = \"soon\"\n").unwrap();
    let p = path.to_str().unwrap();
    for args in [
        &["--config", p, "watchlist"][..],
        &["--config", p, "config", "check"],
        &["--config", p, "account", "D000001"],
    ] {
        let out = orienteer(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("{p}:2:20: lifecycle.pre_renewal_days:")),
            "{err}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn config_init_writes_a_file_that_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("config.toml");
    let p = path.to_str().unwrap();
    let out = orienteer(&["--config", p, "config", "init"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = orienteer(&["--config", p, "config", "check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = orienteer(&["--config", p, "config", "init"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "init does not overwrite without --force"
    );
    let out = orienteer(&["--config", p, "config", "path"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(p));
    // The written file drives the commands: same list as the defaults.
    let with_file = json(&[
        "--config",
        p,
        "watchlist",
        "--demo",
        "--format",
        "json",
        "--limit",
        "5",
    ]);
    let without = json(&["watchlist", "--demo", "--format", "json", "--limit", "5"]);
    assert_eq!(with_file, without);
}
