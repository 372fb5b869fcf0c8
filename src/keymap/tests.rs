//! Unit tests of key specs and the keymap.

use super::*;
use crossterm::event::{KeyCode, KeyModifiers};

fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn spec(s: &str) -> KeySpec {
    s.parse().unwrap()
}

#[test]
fn table_follows_declaration_order() {
    for (i, action) in Action::ALL.into_iter().enumerate() {
        assert_eq!(action as usize, i);
        assert_eq!(Action::from_id(action.id()), Some(action));
        // The serde name is the id.
        let json = serde_json::to_string(&action).unwrap();
        assert_eq!(json, format!("\"{}\"", action.id()));
    }
}

#[test]
fn key_specs_round_trip() {
    for text in [
        "q",
        "G",
        "?",
        "/",
        "-",
        "0",
        "enter",
        "esc",
        "up",
        "down",
        "left",
        "right",
        "pgup",
        "pgdn",
        "home",
        "end",
        "tab",
        "backtab",
        "space",
        "backspace",
        "delete",
        "insert",
        "ctrl-c",
        "ctrl-r",
        "alt-x",
        "ctrl-alt-delete",
        "f5",
        "f12",
        "shift-up",
        "ctrl--",
    ] {
        assert_eq!(spec(text).to_string(), text);
    }
    for (alias, canonical) in [
        ("Enter", "enter"),
        ("ESCAPE", "esc"),
        ("PageDown", "pgdn"),
        ("CTRL-c", "ctrl-c"),
        ("alt-ctrl-x", "ctrl-alt-x"),
        ("shift-tab", "backtab"),
        ("F5", "f5"),
    ] {
        assert_eq!(spec(alias).to_string(), canonical, "{alias}");
    }
}

#[test]
fn bad_key_specs_say_why() {
    for (text, why) in [
        ("", "it is empty"),
        ("ctrl-", "unknown key name"),
        ("hello", "unknown key name"),
        (" ", "use `space`"),
        ("shift-g", "write the shifted character itself (e.g. `G`)"),
        ("ctrl-ctrl-x", "`ctrl` is given twice"),
        ("f0", "f1 to f24"),
        ("f99", "f1 to f24"),
    ] {
        let err = text.parse::<KeySpec>().unwrap_err();
        assert!(err.contains(why), "{text:?}: {err}");
        assert!(err.starts_with(&format!("`{text}` is not a key")), "{err}");
    }
}

#[test]
fn defaults_match_the_documented_keys() {
    let km = Keymap::default();
    let shown = |a| {
        km.keys(a)
            .iter()
            .map(|k| k.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(shown(Action::Quit), "q");
    assert_eq!(shown(Action::Up), "k up");
    assert_eq!(shown(Action::Top), "g home");
    assert_eq!(shown(Action::Bottom), "G end");
    assert_eq!(shown(Action::Stage5), "5");
    assert_eq!(shown(Action::Open), "enter");
    assert!(Keymap::try_new(&BTreeMap::new()).is_ok());
}

#[test]
fn case_matters_and_shift_is_ignored_for_characters() {
    let km = Keymap::default();
    let none = KeyModifiers::NONE;
    let shift = KeyModifiers::SHIFT;
    assert_eq!(
        km.action(Screen::List, &press(KeyCode::Char('g'), none)),
        Some(Action::Top)
    );
    assert_eq!(
        km.action(Screen::List, &press(KeyCode::Char('G'), shift)),
        Some(Action::Bottom)
    );
    assert_eq!(
        km.action(Screen::List, &press(KeyCode::Char('G'), none)),
        Some(Action::Bottom)
    );
    assert_eq!(
        km.action(Screen::List, &press(KeyCode::Char('?'), shift)),
        Some(Action::Help)
    );
    assert_eq!(
        km.action(Screen::List, &press(KeyCode::Char('x'), none)),
        None
    );
    // Modifiers still matter otherwise.
    assert_eq!(
        km.action(Screen::List, &press(KeyCode::Char('g'), KeyModifiers::ALT)),
        None
    );
    assert_eq!(km.action(Screen::List, &press(KeyCode::Up, shift)), None);
    assert_eq!(
        km.action(Screen::List, &press(KeyCode::PageDown, none)),
        Some(Action::PageDown)
    );
}

#[test]
fn ctrl_c_always_quits_and_releases_are_ignored() {
    let overrides = BTreeMap::from([(Action::Quit, vec![])]);
    let km = Keymap::new(&overrides);
    assert_eq!(
        km.action(Screen::List, &press(KeyCode::Char('q'), KeyModifiers::NONE)),
        None
    );
    let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(km.action(Screen::List, &ctrl_c), Some(Action::Quit));
    assert_eq!(km.help()[0], (Action::Quit, "ctrl-c".to_string(), "Quit"));
    let mut release = press(KeyCode::Char('j'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    assert_eq!(km.action(Screen::List, &release), None);
}

#[test]
fn overrides_replace_an_actions_keys() {
    let overrides = BTreeMap::from([
        (Action::Down, vec![spec("n"), spec("ctrl-n")]),
        (Action::NextMatch, vec![spec("f3")]),
    ]);
    let km = Keymap::try_new(&overrides).unwrap();
    let n = press(KeyCode::Char('n'), KeyModifiers::NONE);
    assert_eq!(km.action(Screen::List, &n), Some(Action::Down));
    assert_eq!(
        km.action(Screen::List, &press(KeyCode::Char('j'), KeyModifiers::NONE)),
        None
    );
    assert_eq!(
        km.action(
            Screen::List,
            &press(KeyCode::Char('n'), KeyModifiers::CONTROL)
        ),
        Some(Action::Down)
    );
    let help = km.help();
    assert_eq!(help.len(), Action::ALL.len());
    assert_eq!(help[0], (Action::Quit, "q/ctrl-c".to_string(), "Quit"));
    assert_eq!(help[2], (Action::Down, "n/ctrl-n".to_string(), "Move down"));
}

#[test]
fn conflicts_name_a_user_given_action() {
    let overrides = BTreeMap::from([(Action::Filter, vec![spec("s")])]);
    let err = Keymap::try_new(&overrides).unwrap_err();
    assert_eq!(err.action(), Action::Filter);
    assert_eq!(
        err.to_string(),
        "`s` is also bound to `cycle_sort` by default; give `cycle_sort` other keys too"
    );
    let overrides = BTreeMap::from([
        (Action::Filter, vec![spec("x")]),
        (Action::Help, vec![spec("x")]),
    ]);
    let err = Keymap::try_new(&overrides).unwrap_err();
    assert_eq!(err.action(), Action::Help);
    assert_eq!(err.to_string(), "`x` is also bound to `filter`");
    // Moving a default key away first resolves the conflict.
    let overrides = BTreeMap::from([
        (Action::Filter, vec![spec("s")]),
        (Action::CycleSort, vec![spec("o")]),
    ]);
    assert!(Keymap::try_new(&overrides).is_ok());
}

#[test]
fn ctrl_c_is_reserved_for_quit() {
    let overrides = BTreeMap::from([(Action::Refresh, vec![spec("ctrl-c")])]);
    let err = Keymap::try_new(&overrides).unwrap_err();
    assert_eq!(
        err,
        KeymapError::Reserved {
            action: Action::Refresh
        }
    );
    let overrides = BTreeMap::from([(Action::Quit, vec![spec("ctrl-c"), spec("Q")])]);
    let km = Keymap::try_new(&overrides).unwrap();
    assert_eq!(km.help()[0].1, "ctrl-c/Q");
}

#[test]
fn actions_act_on_their_screens_and_may_share_keys_across_them() {
    let km = Keymap::default();
    let o = press(KeyCode::Char('o'), KeyModifiers::NONE);
    assert_eq!(km.action(Screen::Account, &o), Some(Action::OpenUrl));
    assert_eq!(km.action(Screen::List, &o), None);
    let enter = press(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(km.action(Screen::List, &enter), Some(Action::Open));
    assert_eq!(km.action(Screen::Agenda, &enter), Some(Action::Open));
    assert_eq!(km.action(Screen::Account, &enter), None);
    let x = press(KeyCode::Char('x'), KeyModifiers::NONE);
    assert_eq!(km.action(Screen::Agenda, &x), Some(Action::TaskDone));
    assert_eq!(km.action(Screen::List, &x), None);
    // A list-only and an account-only action may share a key...
    let overrides = BTreeMap::from([(Action::CycleSort, vec![spec("o")])]);
    let km = Keymap::try_new(&overrides).unwrap();
    assert_eq!(km.action(Screen::List, &o), Some(Action::CycleSort));
    assert_eq!(km.action(Screen::Account, &o), Some(Action::OpenUrl));
    // ...but not with an action of both screens.
    let overrides = BTreeMap::from([(Action::Down, vec![spec("o")])]);
    let err = Keymap::try_new(&overrides).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`o` is also bound to `open_url` by default; give `open_url` other keys too"
    );
    // Every default binding is free of conflicts on every screen.
    assert!(Keymap::try_new(&BTreeMap::new()).is_ok());
}

#[test]
fn help_on_a_screen_lists_only_its_keys() {
    let km = Keymap::default();
    let list: Vec<Action> = km.help_on(Screen::List).iter().map(|r| r.0).collect();
    let account: Vec<Action> = km.help_on(Screen::Account).iter().map(|r| r.0).collect();
    for a in [Action::Filter, Action::CycleSort, Action::Open] {
        assert!(list.contains(&a) && !account.contains(&a), "{a}");
    }
    for a in [Action::NextAccount, Action::OpenUrl, Action::TaskDone] {
        assert!(account.contains(&a) && !list.contains(&a), "{a}");
    }
    for a in [Action::Back, Action::Down, Action::Help, Action::Quit] {
        assert!(account.contains(&a) && list.contains(&a), "{a}");
    }
    // On the account view q goes back; ctrl-c, which quits, is not its key.
    let quit = &km.help_on(Screen::Account)[0];
    assert_eq!(
        quit,
        &(
            Action::Quit,
            "q".to_string(),
            "Back to the list (quit from there)"
        )
    );
    assert_eq!(km.help_on(Screen::List)[0].1, "q/ctrl-c");
}
