//! The Review screen and the early-warning view, key by key through
//! `update`: tabs, the background job (steps, progress, a stale step
//! dropped), Enter on a row and on an account, Esc back; snapshots of each
//! tab at 80x24 and 160x48.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use orienteer::tui::review::Tab;
use orienteer::tui::state::Screen;
use orienteer::tui::update::{update, Effect, Msg};

fn review(h: &Harness) -> &orienteer::tui::review::ReviewView {
    match &h.app.screen {
        Screen::Review(v) => v,
        _ => panic!("not on the Review screen"),
    }
}

/// The app with its journey job run to the end.
fn ready(width: u16, height: u16) -> Harness {
    let mut h = Harness::new(width, height);
    h.app.finish_journey();
    h.draw();
    h
}

#[test]
fn r_opens_review_tab_cycles_the_tabs_and_esc_goes_back() {
    let mut h = ready(80, 24);
    h.key(KeyCode::Char('R'));
    assert_eq!(review(&h).tab, Tab::Signals);
    assert!(h.screen().contains("renewed"), "{}", h.screen());
    h.key(KeyCode::Tab);
    assert_eq!(review(&h).tab, Tab::Model);
    h.key(KeyCode::Tab);
    assert_eq!(review(&h).tab, Tab::Cohorts);
    h.key(KeyCode::Tab);
    assert_eq!(review(&h).tab, Tab::HeatMap);
    h.key(KeyCode::Tab);
    assert_eq!(review(&h).tab, Tab::Signals, "wraps around");
    h.key(KeyCode::BackTab);
    assert_eq!(review(&h).tab, Tab::HeatMap);
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.screen, Screen::List));
    h.key(KeyCode::Char('R'));
    assert!(matches!(h.app.screen, Screen::Review(_)));
    h.key(KeyCode::Char('q'));
    assert!(matches!(h.app.screen, Screen::List), "q goes back, not out");
}

#[test]
fn the_job_runs_in_steps_shows_progress_and_drops_a_stale_step() {
    let mut h = Harness::new(80, 24);
    // Set up by the load, not run yet.
    let generation = h.app.journey.generation;
    assert!(h.app.journey.result().is_none());
    h.key(KeyCode::Char('R'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    assert!(
        h.screen().contains("computing… 0 of 300 accounts"),
        "{}",
        h.screen()
    );
    // A step for this data finishes 300 accounts at once.
    let out = update(&mut h.app, Msg::JourneyStep(generation));
    assert!(
        matches!(&out.effect, Some(Effect::Review(g, _)) if *g == generation),
        "300 accounts in one step, then the review: {:?}",
        out.effect
    );
    assert!(h.app.journey.result().is_none(), "not before the review");
    let out = common::made_review(&mut h.app, out);
    assert_eq!(out.effect, None, "done");
    assert!(out.redraw);
    h.draw();
    assert!(h.screen().contains("Cohorts by start"), "{}", h.screen());
    // New data: the old job's steps are dropped, a new one starts.
    let data = common::demo_data(&h.app.engine, common::clock());
    h.app.set_data(data);
    assert!(h.app.journey.result().is_none());
    let stale = update(&mut h.app, Msg::JourneyStep(generation));
    assert_eq!(stale.effect, None);
    assert!(!stale.redraw, "a stale step does nothing");
    assert!(h.app.journey.result().is_none());
    let next = h.app.journey.generation;
    assert_ne!(next, generation);
    let out = update(&mut h.app, Msg::JourneyStep(next));
    // The old data's review, come back late, is dropped too.
    let review = Box::new(orienteer::domain::review::review(
        &h.app.engine,
        &[],
        common::today(),
        90,
    ));
    let late = update(&mut h.app, Msg::Reviewed { generation, review });
    assert!(
        !late.redraw && h.app.journey.result().is_none(),
        "a stale review does nothing"
    );
    common::made_review(&mut h.app, out);
    assert!(h.app.journey.result().is_some());
}

#[test]
fn a_loaded_portfolio_asks_for_the_first_step() {
    let mut h = Harness::new(80, 24);
    let out = update(&mut h.app, Msg::Reload);
    let Some(Effect::Load(request)) = out.effect else {
        panic!("a load");
    };
    let data = common::demo_data(&h.app.engine, common::clock());
    let out = update(
        &mut h.app,
        Msg::Loaded {
            request,
            result: Ok(data),
        },
    );
    assert_eq!(
        out.effect,
        Some(Effect::JourneyStep(h.app.journey.generation))
    );
}

#[test]
fn enter_on_a_cohort_lists_its_accounts_enter_opens_one_esc_comes_back() {
    let mut h = ready(80, 24);
    h.key(KeyCode::Char('R'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Char('j'));
    let cohort = {
        let r = h.app.journey.result().unwrap();
        let c = r.cohorts(review(&h).cohort_by);
        c.cohorts[1].clone()
    };
    h.key(KeyCode::Enter);
    let drill = review(&h)
        .drill
        .clone()
        .expect("the accounts behind the row");
    assert_eq!(drill.accounts.len(), cohort.accounts, "every account of it");
    assert!(h.screen().contains(&format!("Cohort {}", cohort.key)));
    let first = drill.accounts[0];
    h.key(KeyCode::Enter);
    let Screen::Account(view) = &h.app.screen else {
        panic!("the account view");
    };
    let p = h.app.portfolio().unwrap();
    assert_eq!(view.detail.item.id, p.accounts[first].id.to_string());
    h.key(KeyCode::Esc);
    assert!(review(&h).drill.is_some(), "back where it was");
    h.key(KeyCode::Esc);
    assert!(review(&h).drill.is_none());
    assert_eq!(review(&h).tab, Tab::Cohorts);
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.screen, Screen::List));
}

#[test]
fn s_regroups_and_enter_on_a_heat_map_account_row_opens_it() {
    let mut h = ready(80, 24);
    h.key(KeyCode::Char('R'));
    h.key(KeyCode::BackTab);
    assert_eq!(review(&h).tab, Tab::HeatMap);
    let top = {
        let r = h.app.journey.result().unwrap();
        r.heat(review(&h).heat_by).rows[0].id.clone().unwrap()
    };
    h.key(KeyCode::Enter);
    let Screen::Account(view) = &h.app.screen else {
        panic!("the account view");
    };
    assert_eq!(view.detail.item.id, top);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('s'));
    assert!(h.screen().contains("by segment"), "{}", h.screen());
    h.key(KeyCode::Enter);
    assert!(review(&h).drill.is_some(), "a segment lists its accounts");
}

#[test]
fn c_shows_only_the_accounts_changed_since_yesterday_with_the_reason() {
    let mut h = Harness::new(100, 24);
    h.key(KeyCode::Char('c'));
    assert!(!h.app.changes_only, "not before the job has run");
    h.app.finish_journey();
    h.draw();
    let n = h.app.journey.result().unwrap().changes.changes.len();
    assert!(n > 0, "the demo has changes");
    let header = h.screen().lines().nth(1).unwrap().to_string();
    assert!(
        header.contains(&format!("{n} changed since yesterday")),
        "{header}"
    );
    let everyone = h.app.visible.len();
    h.key(KeyCode::Char('c'));
    assert_eq!(h.app.visible.len(), n);
    let changed = h.app.journey.changed().unwrap();
    assert_eq!(h.app.visible, changed, "most urgent first");
    let why = h
        .app
        .journey
        .reason(h.app.selected_account().unwrap())
        .unwrap()
        .to_string();
    assert!(h.screen().contains(&why), "{}", h.screen());
    h.key(KeyCode::Esc);
    assert_eq!(
        h.app.visible.len(),
        everyone,
        "Esc shows every account again"
    );
}

fn snapshot_tabs(width: u16, height: u16) {
    let mut h = ready(width, height);
    h.key(KeyCode::Char('R'));
    for tab in ["signals", "model", "cohorts", "heatmap"] {
        insta::assert_snapshot!(format!("review_{tab}_{width}x{height}"), h.screen());
        h.key(KeyCode::Tab);
    }
}

#[test]
fn snapshots_80x24() {
    snapshot_tabs(80, 24);
}

#[test]
fn snapshots_160x48() {
    snapshot_tabs(160, 48);
}

#[test]
fn the_heat_map_reads_without_colour() {
    let mut h = ready(80, 24);
    assert!(!h.color);
    h.key(KeyCode::Char('R'));
    h.key(KeyCode::BackTab);
    let screen = h.screen();
    assert!(
        screen.contains("░░ 0-25%") && screen.contains("·· no data"),
        "{screen}"
    );
    let styled = h.styled_screen();
    assert!(
        !styled.contains("fg:"),
        "no colour without colour: {styled}"
    );
    let grid_rows = screen
        .lines()
        .filter(|l| l.contains("▓▓") || l.contains("██") || l.contains("▒▒"))
        .count();
    assert!(grid_rows > 5, "{screen}");
}

#[test]
fn a_large_portfolio_is_worked_through_in_steps_with_keys_in_between() {
    let accounts = orienteer::source::demo::Demo::new(5_000, common::today()).accounts();
    let mut h = Harness::with_accounts(accounts, 80, 24, false);
    let generation = h.app.journey.generation;
    h.key(KeyCode::Char('R'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    let out = update(&mut h.app, Msg::JourneyStep(generation));
    assert_eq!(
        out.effect,
        Some(Effect::JourneyStep(generation)),
        "more to do"
    );
    assert_eq!(h.app.journey.progress(), Some((2_000, 5_000)));
    h.draw();
    assert!(
        h.screen().contains("computing… 2000 of 5000 accounts"),
        "{}",
        h.screen()
    );
    // A key between two steps is handled at once.
    h.key(KeyCode::Tab);
    assert_eq!(review(&h).tab, Tab::HeatMap);
    let mut steps = 1;
    let last = loop {
        let out = update(&mut h.app, Msg::JourneyStep(generation));
        steps += 1;
        if !matches!(out.effect, Some(Effect::JourneyStep(_))) {
            break out;
        }
    };
    assert_eq!(steps, 3, "2,000 accounts a step");
    common::made_review(&mut h.app, last);
    let r = h.app.journey.result().expect("done");
    let all: usize = r
        .cohorts(Default::default())
        .cohorts
        .iter()
        .map(|c| c.accounts)
        .sum();
    assert_eq!(all, 5_000);
}
