//! Both faces show the review's model, the cohorts and the heat map from
//! one builder each ([`stage_rows`], [`cohort_rows`], [`heat_lines`]): the
//! TUI's tabs, driven by keys through `update`, and the CLI's text
//! (`orienteer review`, `cohorts` and `heatmap`, on the same data) lay out
//! the same cells.

mod common;

use common::faces::shown;
use common::Harness;
use crossterm::event::KeyCode;
use orienteer::cli::args::DetailFormat;
use orienteer::domain::numbers::width;
use orienteer::domain::review::cohort_rows::{cohort_rows, owner_rows};
use orienteer::domain::review::heat_rows::heat_lines;
use orienteer::domain::review::rows::stage_rows;

/// `label` if it fits `columns`, else its first word (a face cuts it).
fn label(label: &str, columns: usize) -> String {
    if width(label) <= columns {
        label.to_string()
    } else {
        label.split_whitespace().next().unwrap().to_string()
    }
}

fn text(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    write(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_tui_and_the_cli_show_the_same_model_cohort_and_heat_rows() {
    let mut h = Harness::new(160, 48);
    h.app.finish_journey();
    h.key(KeyCode::Char('R'));
    h.key(KeyCode::Tab);
    let model_screen = h.screen();
    h.key(KeyCode::Tab);
    let cohorts_screen = h.screen();
    h.key(KeyCode::Tab);
    let heat_screen = h.screen();
    let result = h.app.journey.result().expect("reviewed");
    let view = match &h.app.screen {
        orienteer::tui::state::Screen::Review(v) => v.clone(),
        _ => panic!("not on the Review screen"),
    };

    // The model: a row per stage.
    let stages = stage_rows(&result.review.model);
    assert!(!stages.is_empty(), "the demo has stages to judge");
    let cli = text(|o| orienteer::cli::review::write(&result.review, DetailFormat::Text, o));
    let (cli_lines, tui_lines): (Vec<&str>, Vec<&str>) =
        (cli.lines().collect(), model_screen.lines().collect());
    for s in &stages {
        let cells = vec![
            s.stage.clone(),
            s.accounts.to_string(),
            s.churned.to_string(),
            s.auc.clone(),
            s.fitted_auc.clone(),
        ];
        assert!(shown(&cli_lines, &cells), "{s:?} not in\n{cli}");
        let mut wide = cells.clone();
        wide.push(s.grade.to_string());
        assert!(shown(&tui_lines, &wide), "{s:?} not in\n{model_screen}");
    }

    // The cohorts: the CLI's two tables and the TUI's one hold each row.
    let c = result.cohorts(view.cohort_by);
    let rows = cohort_rows(c);
    assert!(rows.len() > 5, "{rows:?}");
    let cli = text(|o| orienteer::cli::cohorts::table(c, o));
    let (cli_lines, tui_lines): (Vec<&str>, Vec<&str>) =
        (cli.lines().collect(), cohorts_screen.lines().collect());
    for r in rows.iter().take(20) {
        let bands = r.bands.map(|b| b.to_string());
        let mut cells = vec![label(&r.key, 13), r.accounts.to_string()];
        let mut tui = cells.clone();
        cells.push(r.arr.map_or_else(|| "-".into(), |a| format!("{a:.0}")));
        cells.extend(bands.clone());
        cells.extend([r.churned.to_string(), r.churn_rate.clone()]);
        assert!(shown(&cli_lines, &cells), "{r:?} not in\n{cli}");
        let mut on_time = vec![label(&r.key, 13)];
        on_time.extend(r.on_time.clone());
        assert!(shown(&cli_lines, &on_time), "{r:?} not in\n{cli}");
        tui.push(r.arr_short.clone());
        tui.extend(bands);
        tui.push(r.churn_rate.clone());
        tui.extend(r.on_time.clone());
        assert!(shown(&tui_lines, &tui), "{r:?} not in\n{cohorts_screen}");
    }
    for o in owner_rows(c) {
        let cells = vec![label(&o.owner, 23), o.accounts.to_string()];
        assert!(shown(&cli_lines, &cells), "{o:?} not in\n{cli}");
    }

    // The heat map: the same shades, week by week, in both.
    let m = result.heat(view.heat_by);
    let lines = heat_lines(m);
    assert!(lines.len() > 5, "{lines:?}");
    let cli = text(|o| orienteer::cli::heatmap::text(m, orienteer::cli::heatmap::WIDTH, o));
    let (cli_lines, tui_lines): (Vec<&str>, Vec<&str>) =
        (cli.lines().collect(), heat_screen.lines().collect());
    for l in lines.iter().take(20) {
        let glyphs: String = l.cells.iter().flat_map(|c| [c.glyph, c.glyph]).collect();
        let cells = vec![label(&l.label, 23), glyphs];
        assert!(shown(&cli_lines, &cells), "{l:?} not in\n{cli}");
        assert!(shown(&tui_lines, &cells), "{l:?} not in\n{heat_screen}");
    }
    assert!(
        heat_screen.contains(&orienteer::cli::heatmap::legend()),
        "one legend:\n{heat_screen}"
    );
}

#[tokio::test]
async fn a_cohort_with_no_known_arr_reads_unknown_not_zero_in_both_faces() {
    use orienteer::domain::journey::cohorts::{cohorts, CohortBy};
    use orienteer::domain::portfolio::Portfolio;
    use orienteer::domain::{Engine, Model};
    use orienteer::source::{Demo, Source};
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    let mut accounts = Demo::new(300, day).fetch(day).await.unwrap().accounts;
    // A book that maps no ARR field.
    for a in &mut accounts {
        a.arr = None;
    }
    let engine = Engine::new(Model::default()).unwrap();
    let p = Portfolio::new(&engine, accounts, day);
    let c = cohorts(&engine, &p.accounts, &p.evals, day, CohortBy::Segment);
    let rows = cohort_rows(&c);
    assert!(!rows.is_empty());
    for r in &rows {
        assert_eq!(r.arr, None, "{r:?}");
        assert_eq!(r.arr_short, "-", "{r:?}");
    }
    let cli = text(|o| orienteer::cli::cohorts::table(&c, o));
    let first = rows[0].key.clone();
    let line = cli
        .lines()
        .find(|l| l.starts_with(&first[..first.len().min(10)]))
        .unwrap();
    let arr = line[first.len().min(13)..].split_whitespace().nth(1);
    assert_eq!(arr, Some("-"), "the ARR column says unknown, not 0: {line}");
    // The owners' table under it, and the JSON twin, say the same.
    let owners = cli.split("Owners' load").nth(1).expect("the owners' table");
    for line in owners.lines().skip(2).filter(|l| !l.trim().is_empty()) {
        let arr = line[24..].split_whitespace().nth(1);
        assert_eq!(arr, Some("-"), "{line}");
    }
    let json = serde_json::to_value(&c).unwrap();
    assert!(
        json["cohorts"][0]["arr"].is_null(),
        "{}",
        json["cohorts"][0]
    );
    assert!(json["owners"][0]["arr"].is_null(), "{}", json["owners"][0]);
}
