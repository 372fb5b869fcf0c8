//! The Review screen's Signals and Model tabs, key by key through `update`:
//! the journey review arrives through the stepped job (and equals
//! `domain::review::review` on the same accounts), Enter on a signal lists
//! exactly the accounts behind it, Enter opens one, Esc comes back; the
//! Model tab scrolls; a stale step is dropped.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use orienteer::domain::review::signals::Signal;
use orienteer::domain::review::{review, DEFAULT_HORIZON_DAYS};
use orienteer::source::demo::Demo;
use orienteer::tui::review::{ReviewView, Tab};
use orienteer::tui::state::Screen;
use orienteer::tui::update::{update, Effect, Msg};
use orienteer::tui::views::review_model::line_count;
use orienteer::tui::views::review_signals::explain;
use std::collections::BTreeSet;

/// The start of the sentence under the table explaining `s` (the rest
/// may wrap at 80 columns).
fn said(s: &Signal) -> String {
    let all = explain(s);
    all.split(" accounts with it").next().unwrap().to_string()
}

fn view(h: &Harness) -> &ReviewView {
    match &h.app.screen {
        Screen::Review(v) => v,
        _ => panic!("not on the Review screen"),
    }
}

/// The app on `n` demo accounts with its journey job run to the end, on
/// the Review screen's Signals tab.
fn on_signals(n: usize, width: u16, height: u16) -> Harness {
    let accounts = Demo::new(n, common::today()).accounts();
    let mut h = Harness::with_accounts(accounts, width, height, false);
    h.app.finish_journey();
    h.key(KeyCode::Char('R'));
    assert_eq!(view(&h).tab, Tab::Signals);
    h
}

#[test]
fn the_review_of_the_stepped_job_equals_the_domain_review_of_the_same_accounts() {
    // 5,000 accounts: three steps of the job, so the looks are gathered
    // across steps before the review is made of them.
    let accounts = Demo::new(5_000, common::today()).accounts();
    let mut h = Harness::with_accounts(accounts, 80, 24, false);
    let generation = h.app.journey.generation;
    let mut steps = 0;
    let last = loop {
        let out = update(&mut h.app, Msg::JourneyStep(generation));
        steps += 1;
        assert!(h.app.journey.result().is_none(), "not before the review");
        if !matches!(out.effect, Some(Effect::JourneyStep(_))) {
            break out;
        }
    };
    assert_eq!(steps, 3, "three steps in all");
    common::made_review(&mut h.app, last);
    let p = h.app.portfolio().unwrap();
    let direct = review(&h.app.engine, &p.accounts, p.now, DEFAULT_HORIZON_DAYS);
    let tui = &h.app.journey.result().expect("done").review;
    assert!(
        direct.churned > 0 && !direct.signals.is_empty(),
        "{direct:?}"
    );
    assert_eq!(*tui, direct, "one path for every number");
}

#[test]
fn the_signals_tab_shows_the_review_and_up_down_select_a_signal() {
    let mut h = on_signals(300, 80, 24);
    let r = h.app.journey.result().unwrap().review.clone();
    let screen = h.screen();
    assert!(
        screen.contains(&format!("{} renewed, {} churned", r.renewed, r.churned)),
        "{screen}"
    );
    assert!(!screen.contains("not wired"), "{screen}");
    assert!(screen.contains(&said(&r.signals[0])), "{screen}");
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    assert_eq!(view(&h).selected, 2);
    assert!(h.screen().contains(&said(&r.signals[2])), "{}", h.screen());
    h.key(KeyCode::Up);
    assert_eq!(view(&h).selected, 1);
    h.key(KeyCode::End);
    assert_eq!(
        view(&h).selected,
        r.signals.len() - 1,
        "no further than the last"
    );
    h.key(KeyCode::Down);
    assert_eq!(view(&h).selected, r.signals.len() - 1);
}

#[test]
fn enter_on_a_signal_lists_exactly_its_accounts_enter_opens_one_esc_comes_back() {
    let mut h = on_signals(300, 80, 24);
    h.key(KeyCode::Down);
    let (label, expected) = {
        let r = &h.app.journey.result().unwrap().review;
        let ids: BTreeSet<String> = r
            .accounts_for(1)
            .iter()
            .map(|id| id.as_str().to_string())
            .collect();
        (r.signals[1].label(), ids)
    };
    assert!(
        !expected.is_empty(),
        "the demo's second signal has accounts"
    );
    h.key(KeyCode::Enter);
    let drill = view(&h).drill.clone().expect("the accounts behind it");
    let p = h.app.portfolio().unwrap();
    let listed: BTreeSet<String> = drill
        .accounts
        .iter()
        .map(|&i| p.accounts[i].id.as_str().to_string())
        .collect();
    assert_eq!(drill.accounts.len(), expected.len(), "each once");
    assert_eq!(listed, expected, "exactly accounts_for(1)");
    let title = h.screen().lines().nth(2).unwrap().to_string();
    assert!(title.starts_with("Signal 2: "), "{title}");
    assert_eq!(drill.title, format!("Signal 2: {label}"));
    assert!(
        h.screen()
            .contains(&format!("{} accounts · Enter", expected.len())),
        "{}",
        h.screen()
    );
    h.key(KeyCode::Down);
    let second = drill.accounts[1];
    h.key(KeyCode::Enter);
    let Screen::Account(account) = &h.app.screen else {
        panic!("the account view");
    };
    let p = h.app.portfolio().unwrap();
    assert_eq!(account.detail.item.id, p.accounts[second].id.to_string());
    h.key(KeyCode::Esc);
    assert_eq!(view(&h).drill.as_ref().map(|d| d.selected), Some(1));
    h.key(KeyCode::Esc);
    assert!(view(&h).drill.is_none());
    assert_eq!(view(&h).tab, Tab::Signals);
    assert_eq!(view(&h).selected, 1, "the signal stays selected");
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.screen, Screen::List));
}

#[test]
fn the_model_tab_scrolls_within_its_lines() {
    let mut h = on_signals(300, 80, 24);
    h.key(KeyCode::Tab);
    assert_eq!(view(&h).tab, Tab::Model);
    let top = h.screen();
    assert!(
        top.contains("Health score 90 days before the outcome"),
        "{top}"
    );
    assert!(!top.contains("not wired"), "{top}");
    h.key(KeyCode::Down);
    assert_eq!(view(&h).selected, 1);
    assert!(
        !h.screen().contains("Health score 90 days"),
        "scrolled a line"
    );
    h.key(KeyCode::PageDown);
    assert!(view(&h).selected > 1, "a page");
    h.key(KeyCode::End);
    let lines = line_count(&h.app.journey.result().unwrap().review);
    assert_eq!(view(&h).selected, lines - 1, "to the last line, no further");
    h.key(KeyCode::Home);
    assert_eq!(h.screen(), top);
    h.key(KeyCode::Enter);
    assert!(view(&h).drill.is_none(), "no accounts behind the model");
}

#[test]
fn a_step_for_replaced_data_is_dropped_and_the_tab_waits_for_the_new_review() {
    let mut h = on_signals(300, 80, 24);
    let old = h.app.journey.generation;
    let data = common::demo_data(&h.app.engine, common::clock());
    h.app.set_data(data);
    h.draw();
    let stale = update(&mut h.app, Msg::JourneyStep(old));
    assert!(
        !stale.redraw && stale.effect.is_none(),
        "a stale step does nothing"
    );
    assert!(h.app.journey.result().is_none(), "the old review is gone");
    h.draw();
    assert!(
        h.screen().contains("computing… 0 of 300 accounts"),
        "{}",
        h.screen()
    );
    h.key(KeyCode::Enter);
    assert!(view(&h).drill.is_none(), "nothing to list meanwhile");
    let next = h.app.journey.generation;
    common::run_journey(&mut h.app, next);
    h.draw();
    let r = &h.app.journey.result().expect("the new review").review;
    assert!(h.screen().contains(&said(&r.signals[0])), "{}", h.screen());
}
