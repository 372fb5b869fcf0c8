//! The app driven by keys, as a CSM would: `update` transitions checked
//! on the state and on the drawn screen.

mod common;

use common::Harness;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orienteer::domain::portfolio::SortKey;
use orienteer::domain::{Band, Inbox};
use orienteer::tui::state::{Mode, Screen};
use orienteer::tui::update::{update, Effect, Msg};

#[test]
fn filter_drill_in_back_and_quit() {
    let mut h = Harness::new(80, 24);
    let first = h.selected_name();
    let all = h.app.visible.len();
    assert!(all > 200, "the demo lists its open accounts");

    // Filter by part of the selected name, case-insensitively.
    h.key(KeyCode::Char('/'));
    assert_eq!(h.app.mode, Mode::Filtering);
    let word: String = first.split_whitespace().next().unwrap().to_uppercase();
    h.chars(&word);
    assert!(h.app.visible.len() < all, "{word} narrows the list");
    let p = h.app.portfolio().unwrap();
    for &i in &h.app.visible {
        let a = &p.accounts[i as usize];
        let hay = format!("{} {:?} {:?}", a.name, a.owner, a.segment).to_lowercase();
        assert!(
            hay.contains(&word.to_lowercase()),
            "{} matches {word}",
            a.name
        );
    }
    assert!(h.screen().contains(&format!("filter: {word}")));

    // Enter keeps the filter, the second Enter opens the account.
    h.key(KeyCode::Enter);
    assert_eq!(h.app.mode, Mode::Normal);
    let name = h.selected_name();
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.screen, Screen::Account(_)));
    let screen = h.screen();
    for section in ["Health", "Alerts", "Plays"] {
        assert!(screen.contains(section), "{section} in\n{screen}");
    }
    assert!(screen.contains(&name[..name.len().min(20)]));

    // Esc goes back to the list with the filter and selection kept.
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.screen, Screen::List));
    assert_eq!(h.selected_name(), name);
    // Esc on the list clears the filter.
    h.key(KeyCode::Esc);
    assert_eq!(h.app.visible.len(), all);

    let out = h.key(KeyCode::Char('q'));
    assert_eq!(out.effect, Some(Effect::Quit));
}

#[test]
fn moving_paging_and_jumping() {
    let mut h = Harness::new(80, 24);
    let page = h.app.page;
    assert!(page >= 15, "80x24 leaves room for {page} rows");
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Down);
    assert_eq!(h.app.selected, 2);
    h.key(KeyCode::Char('k'));
    assert_eq!(h.app.selected, 1);
    h.key(KeyCode::PageDown);
    assert_eq!(h.app.selected, 1 + page);
    assert!(
        h.app.offset > 0,
        "the list scrolled to keep the selection in view"
    );
    h.key(KeyCode::Char('G'));
    assert_eq!(h.app.selected, h.app.visible.len() - 1);
    assert_eq!(h.app.offset, h.app.visible.len() - page);
    h.key(KeyCode::Char('g'));
    assert_eq!((h.app.selected, h.app.offset), (0, 0));
    h.key(KeyCode::Up);
    assert_eq!(h.app.selected, 0, "up at the top stays put");
}

#[test]
fn watch_list_is_attention_first_and_sort_cycles() {
    let mut h = Harness::new(160, 48);
    assert_eq!(h.app.sort, SortKey::Attention, "the default order");
    // The inbox's groups first (needs you, handled, quiet), then the
    // most attention points.
    let attention: Vec<(Inbox, f64)> = {
        let p = h.app.portfolio().unwrap();
        h.app
            .visible
            .iter()
            .map(|&i| {
                let e = &p.evals[i as usize];
                (e.inbox(), e.attention.score)
            })
            .collect()
    };
    assert!(attention
        .windows(2)
        .all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 >= w[1].1)));
    assert!(attention.iter().any(|a| a.0 == Inbox::Handled));
    h.key(KeyCode::Char('s'));
    assert_eq!(h.app.sort, SortKey::Health);
    let scores: Vec<Option<f64>> = {
        let p = h.app.portfolio().unwrap();
        h.app
            .visible
            .iter()
            .map(|&i| p.evals[i as usize].health.score())
            .collect()
    };
    let first_scored = scores.iter().position(Option::is_some).unwrap();
    assert!(
        scores[..first_scored].iter().all(Option::is_none),
        "no-score accounts first"
    );
    assert!(
        scores[first_scored..].windows(2).all(|w| w[0] <= w[1]),
        "then worst health first"
    );
    for want in [
        SortKey::Renewal,
        SortKey::Arr,
        SortKey::Name,
        SortKey::Alerts,
        SortKey::Overdue,
        SortKey::Attention,
    ] {
        h.key(KeyCode::Char('s'));
        assert_eq!(h.app.sort, want);
        assert!(h.screen().contains(&format!("sort:{}", want.id())));
    }
}

#[test]
fn stage_and_band_filters() {
    let mut h = Harness::new(80, 24);
    let all = h.app.visible.len();
    let mut per_stage = 0;
    for (key, stage) in [('1', 0), ('2', 1), ('3', 2)] {
        h.key(KeyCode::Char(key));
        let p = h.app.portfolio().unwrap();
        assert!(!h.app.visible.is_empty());
        assert!(h
            .app
            .visible
            .iter()
            .all(|&i| p.evals[i as usize].stage.get() == stage));
        per_stage += h.app.visible.len();
    }
    assert_eq!(
        per_stage, all,
        "every open account is in one of the three stages"
    );
    h.key(KeyCode::Char('9'));
    h.key(KeyCode::Char('0'));
    assert_eq!(h.app.visible.len(), all);
    h.key(KeyCode::Char('b'));
    assert_eq!(h.app.filter.bands, [Band::Poor]);
    let p = h.app.portfolio().unwrap();
    let poor = h.app.visible.len();
    assert!(h
        .app
        .visible
        .iter()
        .all(|&i| p.evals[i as usize].health.band == Band::Poor));
    // The next step holds two bands: everything at risk.
    h.key(KeyCode::Char('b'));
    assert_eq!(h.app.filter.bands, [Band::Poor, Band::Average]);
    let p = h.app.portfolio().unwrap();
    assert!(h.app.visible.len() > poor);
    assert!(h
        .app
        .visible
        .iter()
        .all(|&i| matches!(p.evals[i as usize].health.band, Band::Poor | Band::Average)));
    assert!(h.screen().contains("band: POOR avg"), "{}", h.screen());
    for _ in 0..4 {
        h.key(KeyCode::Char('b'));
    }
    assert!(h.app.filter.bands.is_empty(), "back to every band");
}

#[test]
fn help_shows_the_live_keymap_and_any_key_closes_it() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Char('?'));
    let screen = h.screen();
    assert!(screen.contains("Filter accounts by text"), "{screen}");
    // Stage keys read as the model's stages; keys for stages it lacks are left out.
    assert!(screen.contains("Show only Pre-Renewal"), "{screen}");
    assert!(!screen.contains("Show only stage"), "{screen}");
    let out = h.key(KeyCode::Char('q'));
    assert_eq!(out.effect, None);
    assert!(
        !h.screen().contains("Filter accounts by text"),
        "help closed"
    );
    assert_eq!(
        h.app.mode,
        Mode::Normal,
        "q closes help first, and does not quit"
    );
}

#[test]
fn help_shows_rebound_keys() {
    use orienteer::keymap::{Action, KeySpec, Keymap};
    let mut h = Harness::new(80, 24);
    let overrides = [(Action::Filter, vec!["f".parse::<KeySpec>().unwrap()])].into();
    h.app.keymap = Keymap::try_new(&overrides).unwrap();
    h.key(KeyCode::Char('?'));
    let help = h.screen();
    let line = help
        .lines()
        .find(|l| l.contains("Filter accounts by text"))
        .unwrap();
    assert!(line.contains(" f "), "{line}");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('f'));
    assert_eq!(
        h.app.mode,
        Mode::Filtering,
        "the rebound key opens the filter"
    );
    assert!(h.screen().contains("filter: "));
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Char('/'));
    let out = update(
        &mut h.app,
        Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    );
    assert_eq!(out.effect, Some(Effect::Quit));
}

#[test]
fn unbound_keys_do_not_redraw() {
    let mut h = Harness::new(80, 24);
    // `z` snoozes now; `x` is bound to nothing.
    assert!(!h.key(KeyCode::Char('x')).redraw);
}

#[test]
fn every_screen_draws_at_any_size_without_panicking() {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let mut h = Harness::new(80, 24);
    for (w, ht) in [
        (1, 1),
        (10, 3),
        (20, 5),
        (40, 10),
        (79, 23),
        (200, 60),
        (300, 100),
    ] {
        h.terminal = Terminal::new(TestBackend::new(w, ht)).unwrap();
        for keys in [
            &[][..],
            &[KeyCode::Enter],
            &[KeyCode::Char('G')],
            &[KeyCode::Char('?')],
        ] {
            for k in keys {
                h.key(*k);
            }
            h.draw();
            h.key(KeyCode::Esc);
            if h.app.mode == Mode::Help {
                h.key(KeyCode::Esc);
            }
        }
    }
}

#[test]
fn the_selected_row_stays_on_screen_after_the_account_view() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Char('G'));
    let name = h.selected_name();
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc);
    let screen = h.screen();
    let rows: Vec<&str> = screen.lines().skip(3).take(h.app.page).collect();
    assert!(
        rows.iter().any(|r| r.contains(&name)),
        "{name} is on screen after Esc:\n{screen}"
    );
    assert!(
        screen.contains(&format!("▸ {name}")),
        "and in the preview line"
    );
}

#[test]
fn esc_clears_stage_band_and_text_filters() {
    let mut h = Harness::new(80, 24);
    let all = h.app.visible.len();
    h.key(KeyCode::Char('3'));
    for _ in 0..5 {
        h.key(KeyCode::Char('b'));
    }
    assert!(
        h.app.visible.is_empty(),
        "no pre-renewal account without data"
    );
    assert!(h.screen().contains("Esc clears them"));
    h.key(KeyCode::Esc);
    assert_eq!(h.app.visible.len(), all);
    assert_eq!(h.app.filter, Default::default());
}

#[test]
fn filters_keep_the_selected_account_and_sorts_start_at_the_top() {
    let mut h = Harness::new(80, 24);
    for _ in 0..40 {
        h.key(KeyCode::Char('j'));
    }
    let name = h.selected_name();
    h.key(KeyCode::Char('s'));
    assert_eq!(
        (h.app.selected, h.app.offset),
        (0, 0),
        "a new order is read from its top"
    );
    assert!(h.screen().contains(&format!("1/{} ▸", h.app.visible.len())));
    for _ in 0..SortKey::ALL.len() - 1 {
        h.key(KeyCode::Char('s'));
    }
    assert_eq!(h.app.sort, SortKey::Attention);
    for _ in 0..40 {
        h.key(KeyCode::Char('j'));
    }
    assert_eq!(h.selected_name(), name, "back to attention order, same row");
    let stage = {
        let p = h.app.portfolio().unwrap();
        p.evals[h.app.selected_account().unwrap()].stage
    };
    h.key(KeyCode::Char(char::from(b'1' + stage.get() as u8)));
    assert_eq!(h.selected_name(), name, "its own stage keeps it");
    h.key(KeyCode::Char('/'));
    h.chars(&name.to_lowercase());
    assert_eq!(h.selected_name(), name, "a filter it matches keeps it");
}
