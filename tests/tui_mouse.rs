//! The mouse through `update`: clicks select, a double-click opens, the
//! wheel scrolls, a click outside the table does nothing. Times are
//! instants built in the test, never waited for.

mod common;

use common::Harness;
use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use orienteer::tui::mouse::{DOUBLE_CLICK, WHEEL_ROWS};
use orienteer::tui::state::{Mode, Screen};
use orienteer::tui::update::{update, Msg, Outcome};
use std::time::{Duration, Instant};

/// At 80x24 the table's column titles are on screen row 2, its rows below.
const FIRST_ROW: u16 = 3;

fn mouse(h: &mut Harness, kind: MouseEventKind, column: u16, row: u16, at: Instant) -> Outcome {
    let event = MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let out = update(&mut h.app, Msg::Mouse { event, at });
    h.draw();
    out
}

fn click(h: &mut Harness, column: u16, row: u16, at: Instant) -> Outcome {
    mouse(h, MouseEventKind::Down(MouseButton::Left), column, row, at)
}

/// The account name on a screen row (after the 13-column health cell).
fn row_name(h: &Harness, row: u16) -> String {
    let line = h
        .screen()
        .lines()
        .nth(usize::from(row))
        .unwrap()
        .to_string();
    line.chars()
        .skip(14)
        .take(24)
        .collect::<String>()
        .trim()
        .to_string()
}

#[test]
fn a_click_selects_the_row_under_it() {
    let mut h = Harness::new(80, 24);
    let t = Instant::now();
    let name = row_name(&h, FIRST_ROW + 4);
    let out = click(&mut h, 20, FIRST_ROW + 4, t);
    assert!(out.redraw);
    assert_eq!(h.app.selected, 4);
    assert_eq!(h.selected_name(), name);
    assert!(
        matches!(h.app.screen, Screen::List),
        "one click does not open"
    );
}

#[test]
fn a_click_on_a_scrolled_list_selects_the_row_shown_there() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::PageDown);
    let offset = h.app.offset;
    assert!(offset > 0);
    let name = row_name(&h, FIRST_ROW + 2);
    click(&mut h, 5, FIRST_ROW + 2, Instant::now());
    assert_eq!(h.app.selected, offset + 2);
    assert_eq!(h.selected_name(), name);
}

#[test]
fn a_double_click_opens_the_account() {
    let mut h = Harness::new(80, 24);
    let t = Instant::now();
    click(&mut h, 20, FIRST_ROW + 1, t);
    let name = h.selected_name();
    click(&mut h, 20, FIRST_ROW + 1, t + Duration::from_millis(250));
    match &h.app.screen {
        Screen::Account(view) => assert_eq!(view.detail.item.name, name),
        _ => panic!("a double-click opens the account"),
    }
}

#[test]
fn two_slow_clicks_or_clicks_on_two_rows_do_not_open() {
    let mut h = Harness::new(80, 24);
    let t = Instant::now();
    click(&mut h, 20, FIRST_ROW + 1, t);
    click(
        &mut h,
        20,
        FIRST_ROW + 1,
        t + DOUBLE_CLICK + Duration::from_millis(1),
    );
    assert!(matches!(h.app.screen, Screen::List), "too slow");
    let t = t + Duration::from_secs(5);
    click(&mut h, 20, FIRST_ROW + 1, t);
    click(&mut h, 20, FIRST_ROW + 2, t + Duration::from_millis(100));
    assert!(matches!(h.app.screen, Screen::List), "another row");
    assert_eq!(h.app.selected, 2);
}

#[test]
fn a_click_outside_the_table_does_nothing() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Char('j'));
    let t = Instant::now();
    // The header, the column titles, the preview and the key hints.
    for row in [0, 1, FIRST_ROW - 1, 22, 23] {
        let out = click(&mut h, 20, row, t);
        assert!(!out.redraw, "row {row}");
        assert_eq!(h.app.selected, 1, "row {row}");
    }
    // Below the last row of a short list.
    h.chars("/northwind");
    let shown = h.app.visible.len() as u16;
    assert!(shown < 10);
    let out = click(&mut h, 20, FIRST_ROW + shown + 1, t);
    assert!(!out.redraw);
    assert_eq!(h.app.selected, 0);
}

#[test]
fn the_wheel_moves_the_list_selection() {
    let mut h = Harness::new(80, 24);
    let t = Instant::now();
    mouse(&mut h, MouseEventKind::ScrollDown, 20, 10, t);
    mouse(&mut h, MouseEventKind::ScrollDown, 20, 10, t);
    assert_eq!(h.app.selected, 2 * WHEEL_ROWS);
    mouse(&mut h, MouseEventKind::ScrollUp, 20, 10, t);
    assert_eq!(h.app.selected, WHEEL_ROWS);
    for _ in 0..200 {
        mouse(&mut h, MouseEventKind::ScrollDown, 20, 10, t);
    }
    assert_eq!(h.app.selected, h.app.visible.len() - 1);
    assert!(h.app.offset > 0, "the window follows the selection");
}

#[test]
fn the_wheel_scrolls_the_account_view_and_help() {
    let mut h = Harness::new(80, 24);
    let t = Instant::now();
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Enter);
    mouse(&mut h, MouseEventKind::ScrollDown, 20, 10, t);
    let scroll = |h: &Harness| h.app.account().unwrap().scroll;
    assert_eq!(usize::from(scroll(&h)), WHEEL_ROWS);
    mouse(&mut h, MouseEventKind::ScrollUp, 20, 10, t);
    assert_eq!(scroll(&h), 0);

    let mut h = Harness::new(80, 12);
    h.key(KeyCode::Char('?'));
    mouse(&mut h, MouseEventKind::ScrollDown, 20, 5, t);
    assert_eq!(h.app.mode, Mode::Help);
    assert_eq!(
        usize::from(h.app.help.scroll),
        WHEEL_ROWS.min(h.app.help.max_scroll.into())
    );
    assert!(h.app.help.scroll > 0);
    click(&mut h, 20, 5, t);
    assert_eq!(h.app.mode, Mode::Normal, "a click closes help");
}
