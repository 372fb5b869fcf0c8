//! Navigation is a stack of screens over the list (Esc pops) and the play
//! logger is a mode: driven by keys through `update`.

mod common;
mod tui_logger_support;

use common::Harness;
use crossterm::event::KeyCode;
use orienteer::tui::review::{ReviewView, Tab};
use orienteer::tui::state::{Mode, Screen};
use orienteer::tui::update::{update, Msg};
use tui_logger_support::with_sink;

fn review(h: &Harness) -> &ReviewView {
    match &h.app.screen {
        Screen::Review(v) => v,
        _ => panic!("not on the Review screen:\n{}", h.screen()),
    }
}

/// The Review screen on the Cohorts tab, the second cohort's accounts
/// listed and the second of them selected.
fn drilled() -> Harness {
    let mut h = Harness::new(80, 24);
    h.app.finish_journey();
    let (mut h, _sink) = with_sink(h);
    h.key(KeyCode::Char('R'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('j'));
    assert_eq!(review(&h).drill.as_ref().unwrap().selected, 1);
    h
}

#[test]
fn the_logger_from_an_account_opened_from_review_esc_esc_returns_to_review_at_the_same_row() {
    let mut h = drilled();
    let before = review(&h).clone();
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.screen, Screen::Account(_)));
    h.key(KeyCode::Char('p'));
    assert!(
        matches!(h.app.mode, Mode::Logging(_)),
        "the logger is the mode"
    );
    h.key(KeyCode::Esc);
    assert_eq!(h.app.mode, Mode::Normal, "Esc closes the logger");
    assert!(matches!(h.app.screen, Screen::Account(_)), "on the account");
    h.key(KeyCode::Esc);
    let after = review(&h);
    assert_eq!(after.tab, Tab::Cohorts);
    assert_eq!(after.selected, before.selected, "the same row");
    assert_eq!(after.drill, before.drill, "the same accounts, the same one");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.screen, Screen::List));
    assert!(h.app.below.is_empty(), "nothing left under the list");
}

#[test]
fn q_on_an_account_opened_from_review_goes_back_to_review_and_from_the_list_to_the_list() {
    let mut h = drilled();
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('q'));
    assert!(review(&h).drill.is_some(), "back on the Review screen");
    h.key(KeyCode::Char('q'));
    assert!(matches!(h.app.screen, Screen::List));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('q'));
    assert!(
        matches!(h.app.screen, Screen::List),
        "from the list, back to it"
    );
    assert!(h.app.below.is_empty());
}

#[test]
fn the_logger_takes_every_key_so_help_cannot_open_over_it() {
    let (mut h, _sink) = with_sink(Harness::new(80, 24));
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Char('?'));
    assert!(matches!(h.app.mode, Mode::Logging(_)), "still the logger");
    assert_eq!(h.app.logger().unwrap().filter, "?", "typed into the form");
    // The mouse does not move the list under it.
    let selected = h.app.selected;
    let at = std::time::Instant::now();
    let event = crossterm::event::MouseEvent {
        kind: crossterm::event::MouseEventKind::ScrollDown,
        column: 10,
        row: 10,
        modifiers: crossterm::event::KeyModifiers::NONE,
    };
    update(&mut h.app, Msg::Mouse { event, at });
    assert_eq!(h.app.selected, selected);
}

#[test]
fn new_data_closes_the_rows_accounts_on_the_review_screen_under_the_account() {
    let mut h = drilled();
    h.key(KeyCode::Enter);
    let data = common::demo_data(&h.app.engine.clone(), common::clock());
    h.app.set_data(data);
    assert!(
        matches!(h.app.screen, Screen::Account(_)),
        "the account stays"
    );
    h.key(KeyCode::Esc);
    assert!(
        review(&h).drill.is_none(),
        "the old rows' accounts (indexes into the old data) are closed"
    );
}
