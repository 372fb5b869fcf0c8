//! The account view's own keys: the next and previous account of the list,
//! the account's link, its id to the clipboard, q back to the list, and
//! help that lists the keys of the screen it is over.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use orienteer::tui::links::{osc52, Opener};
use orienteer::tui::state::{AccountView, Screen};
use orienteer::tui::update::{update, Effect, Msg};

fn view(h: &mut Harness) -> &mut AccountView {
    match &mut h.app.screen {
        Screen::Account(view) => view,
        _ => panic!("not on the account view"),
    }
}

fn open_id(h: &mut Harness) -> String {
    view(h).detail.item.id.to_string()
}

/// The ids of the visible list, in order.
fn listed(h: &Harness) -> Vec<String> {
    let p = h.app.portfolio().unwrap();
    h.app
        .visible
        .iter()
        .map(|&i| p.accounts[i as usize].id.to_string())
        .collect()
}

#[test]
fn next_and_previous_walk_the_filtered_list_and_esc_lands_on_it() {
    let mut h = Harness::new(80, 24);
    // Poor accounts only, by name: the walk follows this list.
    h.key(KeyCode::Char('b'));
    while h.app.sort.to_string() != "name" {
        h.key(KeyCode::Char('s'));
    }
    let ids = listed(&h);
    assert!(ids.len() > 3 && ids.len() < 300, "{}", ids.len());
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Enter);
    assert_eq!(open_id(&mut h), ids[1]);
    view(&mut h).scroll = 5;
    h.key(KeyCode::Char('J'));
    assert_eq!(open_id(&mut h), ids[2]);
    assert_eq!(view(&mut h).scroll, 0, "the next account opens at its top");
    h.key(KeyCode::Right);
    assert_eq!(open_id(&mut h), ids[3]);
    h.key(KeyCode::Char('K'));
    assert_eq!(open_id(&mut h), ids[2]);
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.screen, Screen::List));
    assert_eq!(h.app.selected, 2, "the list selection followed");
    assert_eq!(listed(&h)[h.app.selected], ids[2]);
}

#[test]
fn next_and_previous_stay_at_the_ends_and_say_so() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Enter);
    let first = open_id(&mut h);
    h.key(KeyCode::Char('K'));
    assert_eq!(open_id(&mut h), first, "no wrap to the end");
    assert!(h.screen().contains("this is the first account of the list"));
    // The notice goes with the next key.
    h.key(KeyCode::Char('j'));
    assert!(!h.screen().contains("first account"), "{}", h.screen());

    h.key(KeyCode::Esc);
    h.key(KeyCode::End);
    h.key(KeyCode::Enter);
    let last = open_id(&mut h);
    let out = h.key(KeyCode::Char('J'));
    assert!(out.redraw);
    assert_eq!(open_id(&mut h), last, "no wrap to the top");
    assert!(h.screen().contains("this is the last account of the list"));
}

#[test]
fn o_opens_the_link_here_and_over_ssh_shows_and_copies_it() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Enter);
    let url = view(&mut h).detail.url.clone().unwrap();
    assert!(url.starts_with("https://"), "{url}");
    let out = h.key(KeyCode::Char('o'));
    assert_eq!(out.effect, Some(Effect::OpenUrl(url.clone())));

    // Over SSH (set at startup from SSH_CONNECTION / SSH_TTY): no browser.
    h.app.opener = Opener::Unavailable("over SSH");
    let out = h.key(KeyCode::Char('o'));
    assert_eq!(out.effect, Some(Effect::Copy(url.clone())));
    let screen = h.screen();
    assert!(screen.contains("over SSH: https://"), "{screen}");
    assert!(screen.contains("(copied)"), "{screen}");

    // A browser that fails to start comes back as a message: the same.
    h.app.opener = Opener::Local;
    let out = update(
        &mut h.app,
        Msg::OpenFailed {
            url: url.clone(),
            why: "no opener".into(),
        },
    );
    assert_eq!(out.effect, Some(Effect::Copy(url)));
    assert!(h.draw().contains("no opener: https://"));
}

#[test]
fn o_without_a_link_or_with_one_that_is_not_web_says_so() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Enter);
    view(&mut h).detail.url = None;
    let out = h.key(KeyCode::Char('o'));
    assert_eq!(out.effect, None);
    assert!(h.screen().contains("no link for this account"));

    view(&mut h).detail.url = Some("file:///etc/passwd".into());
    let out = h.key(KeyCode::Char('o'));
    assert_eq!(out.effect, Some(Effect::Copy("file:///etc/passwd".into())));
    assert!(h.screen().contains("not a web link: file:///etc/passwd"));
}

#[test]
fn y_copies_the_id_with_osc_52() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Enter);
    let id = open_id(&mut h);
    let out = h.key(KeyCode::Char('y'));
    assert_eq!(out.effect, Some(Effect::Copy(id.clone())));
    assert!(h.screen().contains(&format!("copied {id}")));

    view(&mut h).detail.item.id = "D000123".into();
    let Some(Effect::Copy(text)) = h.key(KeyCode::Char('y')).effect else {
        panic!("y copies");
    };
    assert_eq!(text, "D000123");
    // What goes to the terminal is made by the one function.
    let seq = osc52(&text);
    assert!(
        seq.starts_with("\x1b]52;c;") && seq.ends_with("\x1b\\"),
        "{seq:?}"
    );

    // What is copied (and shown) is the id without control characters.
    view(&mut h).detail.item.id = "D7\x1b]52;c;eA==\x07\x1b[2J".into();
    let out = h.key(KeyCode::Char('y'));
    assert_eq!(out.effect, Some(Effect::Copy("D7]52;c;eA==[2J".into())));
}

/// On the list `y` copies the selected row's id (issue 17: with marks,
/// the marked ids, see tests/tui_marks.rs); `o` and `J` do nothing there.
#[test]
fn y_copies_the_row_id_and_o_does_nothing_on_the_list() {
    let mut h = Harness::new(80, 24);
    let id = {
        let p = h.app.portfolio().unwrap();
        p.accounts[h.app.selected_account().unwrap()].id.to_string()
    };
    assert_eq!(h.key(KeyCode::Char('y')).effect, Some(Effect::Copy(id)));
    // The notice goes on the next key (a redraw), nothing else happens.
    assert_eq!(h.key(KeyCode::Char('o')).effect, None);
    assert_eq!(h.key(KeyCode::Char('J')), Default::default());
    assert_eq!(h.app.selected, 0);
}

#[test]
fn q_on_the_account_view_goes_back_and_on_the_list_quits() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Enter);
    let out = h.key(KeyCode::Char('q'));
    assert_eq!(out.effect, None);
    assert!(out.redraw);
    assert!(matches!(h.app.screen, Screen::List));
    assert_eq!(h.app.selected, 1);
    let out = h.key(KeyCode::Char('q'));
    assert_eq!(out.effect, Some(Effect::Quit));
}

#[test]
fn help_lists_the_keys_of_the_screen_under_it() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Char('?'));
    let list = h.screen();
    assert!(list.contains("Filter accounts by text"), "{list}");
    for absent in [
        "Complete the selected task",
        "next account",
        "source system",
    ] {
        assert!(!list.contains(absent), "{absent} in\n{list}");
    }
    h.key(KeyCode::Esc);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('?'));
    let account = h.screen();
    for present in [
        "Copy the account id",
        "Open the next account",
        "Open the previous account",
        "source system",
        "Back to the list",
        "Scroll down",
    ] {
        assert!(account.contains(present), "{present} in\n{account}");
    }
    for absent in ["Filter accounts", "Change the sort", "Show only"] {
        assert!(!account.contains(absent), "{absent} in\n{account}");
    }
}

#[test]
fn account_help_80x24() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('?'));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn account_notice_80x24() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Enter);
    h.app.opener = Opener::Unavailable("over SSH");
    h.key(KeyCode::Char('o'));
    insta::assert_snapshot!(h.screen());
}
