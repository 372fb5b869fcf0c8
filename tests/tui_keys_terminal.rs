//! Keys as real terminals send them: a page that moves the window, Esc and
//! a key arriving together as one Alt-key, and the shell's line-editing
//! keys in the filter prompt.

mod common;

use common::Harness;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orienteer::tui::state::{Mode, Screen};
use orienteer::tui::update::{update, Effect, Msg};

fn press(
    h: &mut Harness,
    code: KeyCode,
    modifiers: KeyModifiers,
) -> orienteer::tui::update::Outcome {
    let out = update(&mut h.app, Msg::Key(KeyEvent::new(code, modifiers)));
    h.draw();
    out
}

#[test]
fn a_page_down_moves_the_window_a_page_and_the_selection_keeps_its_row() {
    let mut h = Harness::new(80, 24);
    let page = h.app.page;
    h.chars("jjj");
    assert_eq!((h.app.selected, h.app.offset), (3, 0));
    h.key(KeyCode::PageDown);
    assert_eq!(h.app.selected, 3 + page);
    assert_eq!(h.app.offset, page, "the window moved a page, not a row");
    h.key(KeyCode::PageDown);
    assert_eq!((h.app.selected, h.app.offset), (3 + 2 * page, 2 * page));
    h.key(KeyCode::PageUp);
    assert_eq!((h.app.selected, h.app.offset), (3 + page, page));
    // At the end the window stops at the last page; the selection goes on.
    h.key(KeyCode::Char('G'));
    h.key(KeyCode::Char('g'));
    let len = h.app.visible.len();
    for _ in 0..len / page + 1 {
        h.key(KeyCode::PageDown);
    }
    assert_eq!((h.app.selected, h.app.offset), (len - 1, len - page));
}

#[test]
fn alt_slash_on_the_filter_prompt_is_esc_then_slash() {
    let mut h = Harness::new(80, 24);
    let all = h.app.visible.len();
    h.key(KeyCode::Char('/'));
    h.chars("north");
    assert!(h.app.visible.len() < all);
    // Esc and / typed quickly arrive as Alt-/.
    press(&mut h, KeyCode::Char('/'), KeyModifiers::ALT);
    assert_eq!(h.app.mode, Mode::Filtering, "/ opened the prompt again");
    assert_eq!(
        h.app.filter.text, "",
        "Esc cleared the filter, no '/' typed"
    );
    assert_eq!(h.app.visible.len(), all);
}

#[test]
fn alt_slash_on_the_list_clears_the_filter_and_opens_the_prompt() {
    let mut h = Harness::new(80, 24);
    let all = h.app.visible.len();
    h.key(KeyCode::Char('/'));
    h.chars("north");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('b'));
    assert_eq!(h.app.mode, Mode::Normal);
    press(&mut h, KeyCode::Char('/'), KeyModifiers::ALT);
    assert_eq!(h.app.mode, Mode::Filtering);
    assert_eq!(h.app.filter, Default::default(), "Esc cleared every filter");
    assert_eq!(h.app.visible.len(), all);
    assert!(h.screen().contains("filter: ▏"), "{}", h.screen());
}

#[test]
fn alt_keys_on_the_account_view_go_back_first() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.screen, Screen::Account(_)));
    // Esc then j: back to the list, then down a row.
    press(&mut h, KeyCode::Char('j'), KeyModifiers::ALT);
    assert!(matches!(h.app.screen, Screen::List));
    assert_eq!(h.app.selected, 1);
    // Esc then q quits.
    let out = press(&mut h, KeyCode::Char('q'), KeyModifiers::ALT);
    assert_eq!(out.effect, Some(Effect::Quit));
}

#[test]
fn ctrl_u_clears_the_filter_text_and_ctrl_w_deletes_a_word() {
    let mut h = Harness::new(80, 24);
    let all = h.app.visible.len();
    h.key(KeyCode::Char('/'));
    h.chars("north wind  ");
    press(&mut h, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(h.app.filter.text, "north ");
    press(&mut h, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(h.app.filter.text, "");
    h.chars("zzz-no-such-account");
    assert!(h.app.visible.is_empty());
    press(&mut h, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(h.app.filter.text, "");
    assert_eq!(h.app.visible.len(), all, "the list is whole again");
    assert_eq!(h.app.mode, Mode::Filtering, "the prompt stays open");
}
