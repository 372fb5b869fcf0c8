//! The watch list at every size: the name keeps its room, optional
//! columns drop, cut text ends in `…`; help scrolls when it does not fit.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use orienteer::domain::Account;
use orienteer::tui::state::Mode;

fn list(width: u16, height: u16) -> String {
    Harness::new(width, height).screen()
}

#[test]
fn watch_list_40x15() {
    insta::assert_snapshot!(list(40, 15));
}

#[test]
fn watch_list_80x24() {
    insta::assert_snapshot!(list(80, 24));
}

#[test]
fn watch_list_120x40() {
    insta::assert_snapshot!(list(120, 40));
}

#[test]
fn watch_list_200x60() {
    insta::assert_snapshot!(list(200, 60));
}

fn named(id: &str, name: &str) -> Account {
    Account {
        id: id.into(),
        name: name.into(),
        ..Account::default()
    }
}

#[test]
fn names_that_share_a_long_prefix_are_told_apart_at_130_columns() {
    let accounts = vec![
        named("A-1", "Stonebridge Technologies"),
        named("A-2", "Stonebridge Telecom Group"),
    ];
    let h = Harness::with_accounts(accounts, 130, 20, false);
    let screen = h.screen();
    assert!(screen.contains("Stonebridge Technologies"), "{screen}");
    assert!(screen.contains("Stonebridge Telecom Group"), "{screen}");
}

#[test]
fn a_name_too_long_for_its_column_ends_in_an_ellipsis() {
    let long = "Stonebridge Technologies International Holdings";
    let h = Harness::with_accounts(vec![named("A-1", long)], 80, 12, false);
    let screen = h.screen();
    let row = screen.lines().find(|l| l.contains("Stonebridge")).unwrap();
    // Cut to the name's 24 columns, with the ellipsis in the last.
    assert!(row.contains("Stonebridge Technologie…"), "{screen}");
}

#[test]
fn help_scrolls_when_it_does_not_fit_and_says_there_is_more() {
    let mut h = Harness::new(80, 12);
    h.key(KeyCode::Char('?'));
    let top = h.screen();
    assert!(top.contains("↓ more"), "{top}");
    assert!(top.contains("Quit"), "{top}");
    assert!(!top.contains("Reload data"), "{top}");
    h.key(KeyCode::Char('j'));
    assert_eq!(h.app.help.scroll, 1);
    assert_eq!(h.app.mode, Mode::Help, "j scrolls, it does not close");
    h.key(KeyCode::PageDown);
    h.key(KeyCode::PageDown);
    h.key(KeyCode::PageDown);
    let end = h.screen();
    assert_eq!(h.app.help.scroll, h.app.help.max_scroll);
    // The last key of the list (`z`, snooze) shows at the end.
    assert!(end.contains("Snooze an alert"), "{end}");
    assert!(end.contains("↑ more") && !end.contains("↓ more"), "{end}");
    h.key(KeyCode::Char('k'));
    assert_eq!(h.app.help.scroll, h.app.help.max_scroll - 1);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.mode, Mode::Normal);
    // Opened again, it starts at the top.
    h.key(KeyCode::Char('?'));
    assert_eq!(h.app.help.scroll, 0);
    h.key(KeyCode::Char('q'));
    assert_eq!(h.app.mode, Mode::Normal, "q closes help");
}

#[test]
fn help_80x12_scrolled() {
    let mut h = Harness::new(80, 12);
    h.key(KeyCode::Char('?'));
    h.key(KeyCode::Char('j'));
    insta::assert_snapshot!(h.screen());
}
