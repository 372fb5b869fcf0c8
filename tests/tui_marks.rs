//! Marks on the watch list, driven by keys through `update`: space, `*`,
//! `u` and Esc; marks are account ids, so they survive a re-sort, a filter
//! and a reload, and an account that leaves the data leaves the marks.
//! The header counts them and a marked row reads without colour.

mod common;

use common::{clock, demo_data, Harness};
use crossterm::event::KeyCode;
use orienteer::domain::portfolio::Portfolio;
use orienteer::domain::vocab::AccountId;
use orienteer::tui::state::Data;
use orienteer::tui::update::{update, Effect, Msg};
use std::sync::Arc;

/// The ids of the marked accounts, sorted.
fn marked(h: &Harness) -> Vec<AccountId> {
    h.app.marks.ids().cloned().collect()
}

/// The ids of the rows the list shows, in order.
fn listed(h: &Harness) -> Vec<AccountId> {
    let p = h.app.portfolio().unwrap();
    let ids = h.app.visible.iter();
    ids.map(|&i| p.accounts[i as usize].id.clone()).collect()
}

/// The list's first `n` rows marked with space, from the top.
fn mark_top(h: &mut Harness, n: usize) -> Vec<AccountId> {
    h.key(KeyCode::Char('g'));
    let ids = listed(h)[..n].to_vec();
    for _ in 0..n {
        h.key(KeyCode::Char(' '));
    }
    ids
}

/// A reload through `update` (`r`, then the load's answer) with `data`.
fn reload(h: &mut Harness, data: Data) {
    let out = update(&mut h.app, Msg::Reload);
    let Some(Effect::Load(request)) = out.effect else {
        panic!("a reload starts a load: {:?}", out.effect);
    };
    let result = Ok(data);
    update(&mut h.app, Msg::Loaded { request, result });
    h.draw();
}

/// The demo data again, without account `gone`.
fn data_without(h: &Harness, gone: &AccountId) -> Data {
    let mut data = demo_data(&h.app.engine, clock() - chrono::Duration::minutes(1));
    let p = &data.portfolio;
    let accounts = p.accounts.iter().filter(|a| a.id != *gone).cloned();
    data.portfolio = Arc::new(Portfolio::new(&data.engine, accounts.collect(), p.now));
    data
}

#[test]
fn space_marks_and_moves_down_and_space_again_unmarks() {
    let mut h = Harness::new(80, 24);
    let ids = mark_top(&mut h, 2);
    assert_eq!(h.app.selected, 2, "each space moves down a row");
    let mut want = ids.clone();
    want.sort();
    assert_eq!(marked(&h), want);
    h.key(KeyCode::Char('k'));
    h.key(KeyCode::Char(' '));
    assert_eq!(marked(&h), vec![ids[0].clone()], "unmarked");
    h.key(KeyCode::Char('u'));
    assert!(h.app.marks.is_empty());
    assert_eq!(h.app.notice.as_deref(), Some("cleared 1 mark"));
}

#[test]
fn marks_survive_a_re_sort_a_filter_a_view_change_and_a_reload() {
    let mut h = Harness::new(80, 24);
    let ids = mark_top(&mut h, 3);
    let mut want = ids.clone();
    want.sort();

    h.key(KeyCode::Char('s'));
    assert_ne!(listed(&h)[..3], ids[..], "the sort moved the rows");
    assert_eq!(marked(&h), want, "after a re-sort");

    h.key(KeyCode::Char('/'));
    h.chars("zzzz-no-such-account");
    h.key(KeyCode::Enter);
    assert!(h.app.visible.is_empty(), "the filter hides every row");
    assert_eq!(marked(&h), want, "after a filter");
    h.key(KeyCode::Esc);

    h.key(KeyCode::Char('v'));
    assert_eq!(marked(&h), want, "after a view change");

    let data = demo_data(&h.app.engine, clock() - chrono::Duration::minutes(1));
    reload(&mut h, data);
    assert_eq!(marked(&h), want, "after a reload");
    assert_eq!(h.app.marked().len(), 3, "each still found in the data");
}

#[test]
fn an_account_that_leaves_the_data_leaves_the_marks() {
    let mut h = Harness::new(80, 24);
    let ids = mark_top(&mut h, 2);
    let data = data_without(&h, &ids[0]);
    reload(&mut h, data);
    assert_eq!(marked(&h), vec![ids[1].clone()]);
}

#[test]
fn star_marks_every_row_the_filters_show_and_no_other() {
    let mut h = Harness::new(80, 24);
    // The poor band: more rows than a page, fewer than the book.
    h.key(KeyCode::Char('b'));
    let shown = listed(&h);
    assert!(shown.len() > h.app.page, "more rows than a page");
    assert!(shown.len() < h.app.portfolio().unwrap().accounts.len());
    h.key(KeyCode::Char('*'));
    let mut want = shown.clone();
    want.sort();
    assert_eq!(marked(&h), want, "all the filtered rows, not only the page");
    assert!(h.draw().contains(&format!("{} marked", shown.len())));
}

#[test]
fn esc_clears_the_filter_first_and_the_marks_only_when_nothing_else_is_left() {
    let mut h = Harness::new(80, 24);
    mark_top(&mut h, 2);
    h.key(KeyCode::Char('/'));
    h.chars("northwind");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.filter, Default::default(), "the filter went");
    assert_eq!(h.app.marks.len(), 2, "the marks stayed");
    h.key(KeyCode::Esc);
    assert!(h.app.marks.is_empty(), "then the marks");
    assert!(h.screen().contains("cleared 2 marks"), "and it says so");
}

#[test]
fn y_copies_the_marked_ids_one_per_line_in_the_list_order() {
    let mut h = Harness::new(80, 24);
    let ids = mark_top(&mut h, 2);
    let out = h.key(KeyCode::Char('y'));
    let want = format!("{}\n{}", ids[0], ids[1]);
    assert_eq!(out.effect, Some(Effect::Copy(want)));
    assert!(h.screen().contains("copied 2 ids"));
    h.key(KeyCode::Char('u'));
    let out = h.key(KeyCode::Char('y'));
    let selected = listed(&h)[h.app.selected].to_string();
    assert_eq!(out.effect, Some(Effect::Copy(selected.clone())));
    assert!(h.screen().contains(&format!("copied {selected}")));
}

/// Marks under NO_COLOR (the harness draws without colour): the glyph in
/// the name's column, bold, and the count in the header and the footer.
fn marks_screen(width: u16, height: u16) -> String {
    let mut h = Harness::new(width, height);
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Char(' '));
    let screen = h.draw();
    assert!(screen.contains("● 3 marked"), "{screen}");
    assert!(
        screen.contains("3 marked: p log  y copy  e export  u clear"),
        "{screen}"
    );
    let styled = h.styled_screen();
    assert!(!styled.contains("fg:"), "no colour: {styled}");
    assert!(styled.contains("BOLD"), "{styled}");
    styled
}

#[test]
fn marks_80x24() {
    insta::assert_snapshot!(marks_screen(80, 24));
}

#[test]
fn marks_160x48() {
    insta::assert_snapshot!(marks_screen(160, 48));
}

#[test]
fn marks_read_in_ascii_too() {
    let mut h = Harness::new(80, 24);
    h.ascii = true;
    h.key(KeyCode::Char(' '));
    let screen = h.draw();
    assert!(screen.contains("* 1 marked"), "{screen}");
    let row = screen.lines().nth(3).unwrap();
    assert!(row.contains(" * "), "{screen}");
}
