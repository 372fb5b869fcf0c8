//! Rendered-buffer snapshots of the watch list and the account view at
//! 80x24 and 160x48, on the demo portfolio of a fixed day.

mod common;

use common::Harness;
use crossterm::event::KeyCode;

fn list(width: u16, height: u16) -> String {
    Harness::new(width, height).screen()
}

/// The worst account with a score: a poor one, with alerts and plays.
fn account(width: u16, height: u16) -> String {
    let mut h = Harness::new(width, height);
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Enter);
    h.screen()
}

#[test]
fn watch_list_80x24() {
    insta::assert_snapshot!(list(80, 24));
}

#[test]
fn watch_list_160x48() {
    insta::assert_snapshot!(list(160, 48));
}

#[test]
fn account_80x24() {
    insta::assert_snapshot!(account(80, 24));
}

#[test]
fn account_160x48() {
    insta::assert_snapshot!(account(160, 48));
}

#[test]
fn account_80x24_scrolled_to_the_end() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('G'));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn help_80x24() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Char('?'));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn loading_80x24() {
    use orienteer::domain::{Engine, Model};
    use orienteer::keymap::Keymap;
    use orienteer::tui::{state::App, theme::Theme, views};
    use ratatui::{backend::TestBackend, Terminal};
    use std::sync::Arc;

    let engine = Arc::new(Engine::new(Model::default()).unwrap());
    let app = App::new(
        engine,
        Keymap::new(&Default::default()),
        common::utc_clock(),
        common::clock(),
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| {
            views::render(&app, &Theme::plain(), f);
        })
        .unwrap();
    insta::assert_snapshot!(terminal.backend());
}
