//! `orienteer cohorts`, `heatmap` and `changes` through the real binary:
//! the JSON shapes, the CSV, and the text grid readable without colour.

mod common;

use serde_json::Value;
use std::process::Output;

fn orienteer(args: &[&str]) -> Output {
    common::binary::plain()
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("run orienteer")
}

fn stdout(args: &[&str]) -> String {
    let out = orienteer(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout(args)).expect("valid JSON")
}

const DAY: &[&str] = &["--demo", "--as-of", "2026-11-23"];

fn with<'a>(args: &[&'a str]) -> Vec<&'a str> {
    DAY.iter().chain(args).copied().collect()
}

#[test]
fn cohorts_json_has_the_documented_shape_and_adds_up() {
    for by in ["start", "segment", "owner", "stage"] {
        let v = json(&with(&["cohorts", "--by", by, "--format", "json"]));
        assert_eq!(v["by"], by);
        assert_eq!(v["as_of"], "2026-11-23");
        let ids = v["milestone_ids"].as_array().unwrap();
        assert!(!ids.is_empty());
        let cohorts = v["cohorts"].as_array().unwrap();
        let total: u64 = cohorts
            .iter()
            .map(|c| c["accounts"].as_u64().unwrap())
            .sum();
        assert_eq!(total, 300, "every demo account in one cohort ({by})");
        for c in cohorts {
            for k in [
                "key",
                "accounts",
                "arr",
                "arr_unknown",
                "bands",
                "renewed",
                "churned",
            ] {
                assert!(c.get(k).is_some(), "{k} missing in {c}");
            }
            assert!(c.get("churn_rate").is_some());
            let ms = c["milestones"].as_array().unwrap();
            assert_eq!(ms.len(), ids.len());
            for m in ms {
                for k in ["id", "on_time", "late", "missed", "share_on_time"] {
                    assert!(m.get(k).is_some(), "{k} missing in {m}");
                }
            }
            for b in ["good", "average", "poor", "unknown"] {
                assert!(c["bands"][b].is_u64());
            }
        }
        let owners = v["owners"].as_array().unwrap();
        assert!(!owners.is_empty());
        assert!(v["accounts_per_owner"].as_f64().unwrap() > 1.0);
    }
}

#[test]
fn cohorts_table_and_csv() {
    let table = stdout(&with(&["cohorts"]));
    assert!(
        table.starts_with("Cohorts by start · as of 2026-11-23"),
        "{table}"
    );
    assert!(table.contains("Owners' load"));
    let csv = stdout(&with(&["cohorts", "--by", "segment", "--format", "csv"]));
    let mut lines = csv.lines();
    let head = lines.next().unwrap();
    assert!(head.starts_with("by,cohort,accounts,arr,"), "{head}");
    let columns = head.split(',').count();
    for l in lines {
        assert!(l.starts_with("segment,"), "{l}");
        assert_eq!(l.split(',').count(), columns, "{l}");
    }
}

#[test]
fn heatmap_json_has_26_weeks_and_a_row_per_account() {
    let v = json(&with(&["heatmap", "--format", "json"]));
    assert_eq!(v["by"], "account");
    let weeks = v["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 26);
    assert_eq!(weeks[25]["label"], "2026-W48");
    let rows = v["rows"].as_array().unwrap();
    assert!(rows.len() > 200, "every customer");
    for r in rows {
        assert_eq!(r["cells"].as_array().unwrap().len(), 26);
        assert!(r["id"].is_string());
        assert_eq!(r["accounts"], 1);
    }
    let v = json(&with(&["heatmap", "--by", "owner", "--format", "json"]));
    let rows = v["rows"].as_array().unwrap();
    assert!(rows.iter().all(|r| r.get("id").is_none()));
    assert!(rows.iter().any(|r| r["accounts"].as_u64().unwrap() > 1));
}

#[test]
fn heatmap_text_fits_80_columns_and_reads_without_colour() {
    let text = stdout(&with(&["heatmap", "--by", "segment"]));
    assert!(!text.contains('\x1b'), "no escape sequences");
    for l in text.lines() {
        assert!(l.chars().count() <= 80, "{} wide: {l}", l.chars().count());
    }
    assert!(
        text.contains("░░ 0-25%") && text.contains("██ 75%+"),
        "{text}"
    );
    // Shades are characters: a grid line carries at least one of them.
    let grid = text
        .lines()
        .filter(|l| l.chars().any(|c| "░▒▓█·".contains(c)))
        .count();
    assert!(grid > 2, "{text}");
    let csv = stdout(&with(&["heatmap", "--format", "csv", "--limit", "5"]));
    assert_eq!(csv.lines().count(), 6);
    assert!(csv.starts_with("row,id,accounts,2026-W23,"), "{csv}");
}

#[test]
fn changes_json_shape_and_a_since_after_today_is_refused() {
    let v = json(&with(&["changes", "--format", "json"]));
    assert_eq!(v["since"], "2026-11-22");
    assert_eq!(v["as_of"], "2026-11-23");
    for c in v["changes"].as_array().unwrap() {
        for k in [
            "id",
            "name",
            "band_before",
            "band_now",
            "bands_dropped",
            "new_critical",
            "reason",
        ] {
            assert!(c.get(k).is_some(), "{k} missing in {c}");
        }
    }
    let v = json(&with(&[
        "changes",
        "--since",
        "2026-10-01",
        "--format",
        "json",
    ]));
    assert!(
        !v["changes"].as_array().unwrap().is_empty(),
        "7 weeks change something"
    );
    let out = orienteer(&with(&["changes", "--since", "2026-12-01"]));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("after the as-of day"), "{err}");
}

#[test]
fn every_csv_reads_back_with_a_csv_reader_a_cell_per_heading() {
    for args in [
        &["watchlist", "--format", "csv"][..],
        &["cohorts", "--by", "owner", "--format", "csv"],
        &["heatmap", "--format", "csv"],
    ] {
        let text = stdout(&with(args));
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let heads = r.headers().expect("a heading row").len();
        let mut rows = 0;
        for rec in r.records() {
            let rec = rec.unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"));
            assert_eq!(rec.len(), heads, "{args:?}: {rec:?}");
            for cell in rec.iter() {
                let runs = cell.starts_with(['=', '+', '@']);
                assert!(!runs, "{args:?}: a cell a spreadsheet would run: {cell}");
            }
            rows += 1;
        }
        assert!(rows > 0, "{args:?}\n{text}");
    }
}
