//! `e`: the marked accounts (else the list) to a CSV file the CSM names,
//! with the CLI's columns and its formula defusing; written by the event
//! loop's writer (here called as the loop calls it) into a real folder.

mod common;

use common::Harness;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orienteer::domain::Account;
use orienteer::tui::marks::export::carry_out_export;
use orienteer::tui::update::{update, Effect, Msg};
use std::path::Path;

/// Two open accounts, one named like a spreadsheet formula.
fn accounts() -> Vec<Account> {
    let named = |id: &str, name: &str| Account {
        id: id.into(),
        name: name.into(),
        ..Account::default()
    };
    vec![
        named("101", "=HYPERLINK(\"http://evil\")"),
        named("102", "Acme, Inc."),
        named("103", "Unmarked"),
    ]
}

/// Types `path` over the prompt's default name and presses Enter; the
/// writer answers as the event loop's does. Returns the effect seen.
fn write_to(h: &mut Harness, path: &Path) -> Option<Effect> {
    let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
    update(&mut h.app, Msg::Key(ctrl_u));
    h.chars(&path.display().to_string());
    enter(h)
}

/// Enter in the prompt, and the writer's answer.
fn enter(h: &mut Harness) -> Option<Effect> {
    let out = update(&mut h.app, Msg::Key(KeyEvent::from(KeyCode::Enter)));
    let effect = out.effect.clone();
    if let Some(Effect::Export(job)) = out.effect {
        update(&mut h.app, carry_out_export(*job));
    }
    h.draw();
    effect
}

/// The harness with 101 and 102 marked.
fn two_marked() -> Harness {
    let mut h = Harness::with_accounts(accounts(), 100, 24, false);
    let p = h.app.portfolio().unwrap();
    let first = p.find("101").unwrap();
    let at = |i: usize| h.app.visible.iter().position(|&v| v as usize == i).unwrap();
    let (a, b) = (at(first), at(p.find("102").unwrap()));
    for row in [a, b] {
        h.app.selected = row;
        h.key(KeyCode::Char(' '));
    }
    assert_eq!(h.app.marks.len(), 2);
    h
}

#[test]
fn e_writes_the_marked_accounts_as_the_clis_csv_with_formulas_defused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("marked.csv");
    let mut h = two_marked();
    h.key(KeyCode::Char('e'));
    let prompt = h.app.exporter().expect("the prompt is open");
    assert!(
        prompt.path.starts_with("orienteer-marked-2026-11-23"),
        "{}",
        prompt.path
    );
    assert!(h.screen().contains("Export 2 marked accounts to CSV"));

    assert!(matches!(write_to(&mut h, &path), Some(Effect::Export(_))));
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "a header and the two marked:\n{text}");
    assert!(
        lines[0].starts_with("id,name,owner,segment,stage,score,band"),
        "{text}"
    );
    assert!(
        text.contains("101,\"'=HYPERLINK(\"\"http://evil\"\")\""),
        "defused:\n{text}"
    );
    assert!(text.contains("102,\"Acme, Inc.\""), "{text}");
    assert!(!text.contains("Unmarked"), "{text}");
    assert!(h.app.exporter().is_none(), "the prompt closed");
    let notice = h.app.notice.clone().unwrap();
    assert!(notice.starts_with("wrote 2 accounts to "), "{notice}");
    assert_eq!(h.app.marks.len(), 2, "the marks stay");
}

#[test]
fn an_existing_file_is_replaced_only_on_a_second_enter() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("marked.csv");
    std::fs::write(&path, "keep me").unwrap();
    let mut h = two_marked();
    h.key(KeyCode::Char('e'));
    write_to(&mut h, &path);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me");
    let p = h.app.exporter().expect("the prompt stays");
    assert!(p.overwrite);
    assert!(h.screen().contains("This file exists"), "{}", h.screen());
    enter(&mut h);
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .starts_with("id,name"));
    assert!(h.app.exporter().is_none());
}

#[test]
fn a_write_error_says_the_path_and_why_and_keeps_the_marks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder").join("marked.csv");
    let mut h = two_marked();
    h.key(KeyCode::Char('e'));
    write_to(&mut h, &path);
    let p = h.app.exporter().expect("the prompt stays");
    let why = p.error.clone().unwrap();
    assert!(
        why.starts_with(&format!("could not write {}: ", path.display())),
        "{why}"
    );
    assert_eq!(h.app.marks.len(), 2);
    h.key(KeyCode::Esc);
    assert!(h.app.exporter().is_none());
    assert_eq!(
        h.app.marks.len(),
        2,
        "Esc closes the prompt, the marks stay"
    );
}

#[test]
fn without_marks_e_writes_the_list_as_filtered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("list.csv");
    let mut h = Harness::with_accounts(accounts(), 100, 24, false);
    h.key(KeyCode::Char('/'));
    h.chars("acme");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('e'));
    assert!(h
        .app
        .exporter()
        .unwrap()
        .path
        .starts_with("orienteer-list-"));
    write_to(&mut h, &path);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("Acme, Inc."));
}

#[test]
fn a_tilde_is_the_home_folder() {
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    if let Some(home) = home {
        let got = orienteer::tui::marks::export::expand("~/x/marked.csv");
        assert_eq!(got, home.join("x/marked.csv"));
    }
    let plain = orienteer::tui::marks::export::expand("marked.csv");
    assert_eq!(plain, Path::new("marked.csv"));
}
