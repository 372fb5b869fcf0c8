//! A local change (a logged play) keeps the list as a reload would show
//! it, and the changes view keeps its accounts across a reload.

mod common;
mod tui_logger_support;

use common::{demo_data, run_journey, Harness};
use crossterm::event::KeyCode;
use orienteer::domain::portfolio::Portfolio;
use orienteer::tui::state::{App, Data};
use tui_logger_support::*;

fn ids(app: &App) -> Vec<String> {
    let p = app.portfolio().unwrap();
    app.visible
        .iter()
        .map(|&i| p.accounts[i as usize].id.to_string())
        .collect()
}

/// `app`'s data as a full load with the same accounts (logs included)
/// would make it.
fn reloaded(app: &App) -> Data {
    let d = app.data.as_ref().unwrap();
    let accounts = d.portfolio.accounts.clone();
    Data {
        engine: d.engine.clone(),
        portfolio: Portfolio::new(&d.engine, accounts, d.portfolio.now),
        origin: d.origin.clone(),
        fetched_at: d.fetched_at,
        as_of: d.as_of,
        warnings: Vec::new(),
        mapping: Vec::new(),
    }
}

#[test]
fn a_play_logged_on_the_top_account_orders_the_list_as_a_reload_would() {
    let (mut h, sink) = harness(80, 24);
    let top = selected_id(&h);
    assert!(!recommended(&h).is_empty(), "the top account has a play");
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Enter);
    h.chars("called");
    h.key(KeyCode::Enter);
    assert_eq!(sink.drafts.lock().unwrap().len(), 1, "queued");
    // Today no sort key reads the logs (attention, health, renewal, ARR,
    // alerts, overdue milestones): the order is the reload's either way;
    // Portfolio::add_log keeps it so once one does (snoozes).
    let after = ids(&h.app);
    assert_eq!(selected_id(&h), top, "the selection stays on it");

    let data = reloaded(&h.app);
    h.app.set_data(data);
    assert_eq!(ids(&h.app), after, "the order a full load gives");
}

#[test]
fn the_changes_view_keeps_its_accounts_across_a_reload() {
    let mut h = Harness::new(80, 24);
    h.app.finish_journey();
    h.key(KeyCode::Char('c'));
    assert!(h.app.changes_only);
    let changed = ids(&h.app);
    assert!(
        !changed.is_empty() && changed.len() < 200,
        "{}",
        changed.len()
    );

    // A reload of the same accounts: the view is still the changes while
    // the new data's are worked out, and after.
    let engine = h.app.engine.clone();
    h.app.set_data(demo_data(&engine, common::clock()));
    assert!(h.app.changes_only);
    assert_eq!(ids(&h.app), changed, "while the new changes are worked out");
    let generation = h.app.journey.generation;
    run_journey(&mut h.app, generation);
    assert_eq!(ids(&h.app), changed, "once they are");
    let screen = h.draw();
    assert!(screen.contains("changed"), "{screen}");
}
