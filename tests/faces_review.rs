//! Both faces show the review's signals from one builder
//! ([`signal_rows`]): the TUI's Signals tab, driven by keys through
//! `update`, and `orienteer review`'s text (its write function, on the
//! same review) lay out the same cells in the same order.

mod common;

use common::faces::shown;
use common::Harness;
use crossterm::event::KeyCode;
use orienteer::cli::args::DetailFormat;
use orienteer::domain::numbers::width;
use orienteer::domain::review::rows::{signal_rows, SignalRow};

/// The cells of `row` a face shows, in order (the TUI adds the kind and
/// the evidence); a label wider than the narrowest column by its first
/// word.
fn cells(row: &SignalRow, tui: bool) -> Vec<String> {
    let label = if width(&row.label) <= 35 {
        row.label.clone()
    } else {
        row.label.split_whitespace().next().unwrap().to_string()
    };
    let mut out = vec![row.rank.to_string()];
    if tui {
        out.push(row.kind.to_string());
    }
    out.extend([
        label,
        row.with.to_string(),
        row.churn_with.clone(),
        row.without.to_string(),
        row.churn_without.clone(),
        row.lift.clone(),
        row.p.clone(),
    ]);
    if tui {
        out.push(row.evidence.to_string());
    }
    out
}

#[test]
fn the_tui_and_the_cli_show_the_same_signal_rows() {
    let mut h = Harness::new(160, 48);
    h.app.finish_journey();
    h.key(KeyCode::Char('R'));
    let screen = h.screen();
    let review = &h.app.journey.result().expect("reviewed").review;
    let rows = signal_rows(review);
    assert!(rows.len() > 5, "the demo has signals to learn from");

    let mut text = Vec::new();
    orienteer::cli::review::write(review, DetailFormat::Text, &mut text).unwrap();
    let text = String::from_utf8(text).unwrap();
    let cli: Vec<&str> = text.lines().collect();
    for row in &rows {
        assert!(shown(&cli, &cells(row, false)), "{row:?} not in\n{text}");
    }
    // An infinite lift reads the same in both (it was `-` in the CLI).
    assert!(rows.iter().any(|r| r.lift == "inf"), "{rows:?}");
    // The TUI's table shows as many as fit, the first selected (`>`).
    let tui: Vec<&str> = screen.lines().collect();
    let visible = rows.iter().take(20).collect::<Vec<_>>();
    for row in visible {
        assert!(shown(&tui, &cells(row, true)), "{row:?} not in\n{screen}");
    }
}
