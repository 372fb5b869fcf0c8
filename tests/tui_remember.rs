//! The state file: the view, sort, reverse and filters survive a restart;
//! a missing or corrupt file is ignored and replaced.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use orienteer::domain::portfolio::{Filter, SortKey};
use orienteer::domain::Band;
use orienteer::tui::remember::Remembered;

#[test]
fn the_view_sort_and_filters_come_back_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep").join("state.json");
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Char('v')); // Renewals in 90 days at risk
    h.key(KeyCode::Char('S'));
    h.key(KeyCode::Char('3')); // a stage
    h.key(KeyCode::Char('/'));
    h.app.filter.text.push_str("north"); // typed, not remembered
    h.key(KeyCode::Enter);
    let before = (h.app.filter.clone(), h.app.sort, h.app.reverse, h.app.view);
    Remembered::of(&h.app).write(&path).unwrap();

    let mut again = Harness::new(80, 24);
    let read = Remembered::read(&path).expect("a state file");
    assert_eq!(read, Remembered::of(&h.app));
    read.apply(&mut again.app);
    let after = (
        again.app.filter.clone(),
        again.app.sort,
        again.app.reverse,
        again.app.view,
    );
    let want_filter = Filter {
        text: String::new(),
        ..before.0.clone()
    };
    assert_eq!(after, (want_filter, before.1, before.2, before.3));
    assert_eq!(again.app.sort, SortKey::Renewal);
    assert!(again.app.reverse);
    assert_eq!(again.app.filter.bands, [Band::Poor, Band::Average]);
    assert!(again.app.filter.stage.is_some());
    // The list follows: the same rows as the run that wrote the file
    // (without the text filter).
    h.key(KeyCode::Char('/'));
    h.key(KeyCode::Esc);
    assert_eq!(again.app.visible, h.app.visible);
    again.draw();
    assert!(again.screen().contains("Renewals in 90 days at risk*"));
}

#[test]
fn a_missing_or_corrupt_file_is_ignored_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    assert_eq!(Remembered::read(&path), None);
    for junk in ["{not json", "[1, 2]", "", "{\"reverse\": \"yes\"}"] {
        std::fs::write(&path, junk).unwrap();
        assert_eq!(Remembered::read(&path), None, "{junk:?}");
    }
    // The app starts as if there were no file, and the next write wins.
    let h = Harness::new(80, 24);
    assert_eq!(h.app.filter, Filter::default());
    Remembered::of(&h.app).write(&path).unwrap();
    let back = Remembered::read(&path).unwrap();
    assert_eq!(back.view.as_deref(), Some("Attention"));
    assert_eq!(back.sort.as_deref(), Some("attention"));
}

#[test]
fn what_no_longer_exists_is_left_out() {
    let r = Remembered {
        view: Some("Gone".into()),
        sort: Some("size".into()),
        reverse: true,
        stage: Some("nope".into()),
        bands: vec!["red".into(), "poor".into()],
        owner: None,
        renewal_within: Some(60),
        follow_up_due: false,
        behind: false,
    };
    let mut h = Harness::new(80, 24);
    r.apply(&mut h.app);
    assert_eq!(h.app.view, None);
    assert_eq!(h.app.sort, SortKey::Attention);
    assert!(h.app.reverse);
    assert_eq!(h.app.filter.stage, None);
    assert_eq!(h.app.filter.bands, [Band::Poor]);
    assert_eq!(h.app.filter.renewal_within, Some(60));
}
