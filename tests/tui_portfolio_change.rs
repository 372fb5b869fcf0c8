//! The changes view keeps its accounts across a reload.

mod common;

use common::{demo_data, run_journey, Harness};
use crossterm::event::KeyCode;
use orienteer::tui::state::App;

fn ids(app: &App) -> Vec<String> {
    let p = app.portfolio().unwrap();
    app.visible
        .iter()
        .map(|&i| p.accounts[i as usize].id.to_string())
        .collect()
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

#[test]
fn a_review_that_fails_after_a_reload_leaves_no_stale_changes_on_screen() {
    use orienteer::tui::update::{update, Effect, Msg};
    let mut h = Harness::new(80, 24);
    h.app.finish_journey();
    h.key(KeyCode::Char('c'));
    assert!(h.app.changes_only);
    let engine = h.app.engine.clone();
    h.app.set_data(demo_data(&engine, common::clock()));
    let generation = h.app.journey.generation;
    // Step the new data's job up to its fit, and let the fit fail.
    let mut fit = false;
    for _ in 0..10_000 {
        let out = update(&mut h.app, Msg::JourneyStep(generation));
        if matches!(out.effect, Some(Effect::Review(..))) {
            fit = true;
            break;
        }
    }
    assert!(fit, "the job reached its fit");
    update(
        &mut h.app,
        Msg::ReviewFailed {
            generation,
            why: "out of memory".into(),
        },
    );
    assert!(!h.app.changes_only, "the old data's changes are not shown");
    let p = h.app.portfolio().unwrap();
    let customers = p.sorted(Default::default()).len();
    assert_eq!(h.app.visible.len(), customers);
    let screen = h.draw();
    assert!(
        screen.contains("the review failed (out of memory)"),
        "{screen}"
    );
}
