//! Supervised jobs: a job that panics comes back as a message, and the
//! screen says what failed and how to retry. The review's fit failing
//! leaves "the review failed: … · r retries", not "computing…" for ever;
//! a flusher that restarted says so on the status line until a log goes
//! out; a load that panics reads as a failed load.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use orienteer::domain::account::Delivery;
use orienteer::domain::vocab::{AccountId, LogId};
use orienteer::tui::jobs::{blocking, spawn_job};
use orienteer::tui::plays::DeliveryUpdate;
use orienteer::tui::update::{update, Effect, Msg};
use std::time::Duration;

/// The harness with its journey job stepped up to the review's fit; the
/// Review screen open on Cohorts.
fn up_to_the_fit() -> (Harness, Effect) {
    let mut h = Harness::new(100, 30);
    let generation = h.app.journey.generation;
    h.key(KeyCode::Char('R'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    let out = update(&mut h.app, Msg::JourneyStep(generation));
    let effect = out.effect.expect("the fit");
    assert!(matches!(effect, Effect::Review(g, _) if g == generation));
    (h, effect)
}

#[test]
fn a_failed_review_says_so_and_r_fits_it_again() {
    let (mut h, _) = up_to_the_fit();
    let generation = h.app.journey.generation;
    assert!(h.draw().contains("computing…"));
    let out = update(
        &mut h.app,
        Msg::ReviewFailed {
            generation,
            why: "attempt to divide by zero".into(),
        },
    );
    assert!(out.redraw);
    let screen = h.draw();
    assert!(
        screen.contains("the review failed: attempt to divide by zero · r retries"),
        "{screen}"
    );
    assert!(!screen.contains("computing…"), "{screen}");

    // r fits the same looks again (not a reload).
    let out = h.key(KeyCode::Char('r'));
    let Some(Effect::Review(g, looks)) = out.effect.clone() else {
        panic!("r asks for the review again: {:?}", out.effect);
    };
    assert_eq!(g, generation);
    assert!(h.draw().contains("computing…"));
    let review = Box::new(looks.review(&h.app.engine));
    update(&mut h.app, Msg::Reviewed { generation, review });
    let screen = h.draw();
    assert!(screen.contains("Cohorts by start"), "{screen}");
    assert!(!screen.contains("failed"), "{screen}");
    // Done: r is a reload again.
    let out = h.key(KeyCode::Char('r'));
    assert!(
        matches!(out.effect, Some(Effect::Load(_))),
        "{:?}",
        out.effect
    );
}

#[test]
fn a_failure_of_replaced_data_is_dropped() {
    let (mut h, _) = up_to_the_fit();
    let old = h.app.journey.generation;
    let data = common::demo_data(&h.app.engine, common::clock());
    h.app.set_data(data);
    let out = update(
        &mut h.app,
        Msg::ReviewFailed {
            generation: old,
            why: "boom".into(),
        },
    );
    assert!(!out.redraw);
    assert!(h.app.journey.failed().is_none());
}

#[test]
fn the_changes_view_says_the_review_failed_instead_of_still_working() {
    let (mut h, _) = up_to_the_fit();
    let generation = h.app.journey.generation;
    h.key(KeyCode::Esc);
    update(
        &mut h.app,
        Msg::ReviewFailed {
            generation,
            why: "boom".into(),
        },
    );
    h.key(KeyCode::Char('c'));
    let notice = h.app.notice.clone().unwrap_or_default();
    assert!(notice.contains("the review failed (boom)"), "{notice}");
}

#[test]
fn a_restarted_flusher_shows_on_the_status_line_until_a_log_goes_out() {
    let mut h = Harness::new(100, 30);
    let out = update(
        &mut h.app,
        Msg::DeliveryRestarted("the store panicked".into()),
    );
    assert!(out.redraw);
    let screen = h.draw();
    assert!(
        screen.contains("delivery restarted after a crash (the store panicked)"),
        "{screen}"
    );
    update(
        &mut h.app,
        Msg::Delivery(DeliveryUpdate {
            account_id: AccountId::from("nobody"),
            log_id: LogId::from("L1"),
            state: Delivery::Sent,
            error: None,
            waiting: 0,
        }),
    );
    assert!(!h.draw().contains("delivery restarted"));
}

#[tokio::test]
async fn a_job_that_panics_comes_back_as_its_failure_message() {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let job = async {
        let review: u32 = blocking(|| panic!("the fit diverged")).await;
        Msg::ReviewFailed {
            generation: u64::from(review),
            why: "not this".into(),
        }
    };
    let failed = |why| Msg::ReviewFailed { generation: 7, why };
    spawn_job("review", &tx, job, failed);
    let msg = tokio::time::timeout(Duration::from_secs(20), rx.recv())
        .await
        .unwrap()
        .unwrap();
    match msg {
        Msg::ReviewFailed { generation, why } => {
            assert_eq!((generation, why.as_str()), (7, "the fit diverged"));
        }
        _ => panic!("not the failure"),
    }

    // A job that ends well posts its own message.
    let ok = async { Msg::Resize };
    spawn_job("resize", &tx, ok, |_| Msg::Reload);
    let msg = tokio::time::timeout(Duration::from_secs(20), rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(msg, Msg::Resize));
}

/// The state's name, for the assertions below.
fn state(h: &Harness) -> &'static str {
    use orienteer::tui::review::{JobState, Phase};
    match h.app.journey.state() {
        JobState::Idle => "idle",
        JobState::Computing {
            phase: Phase::Stepping(_),
            ..
        } => "stepping",
        JobState::Computing {
            phase: Phase::Fitting(_),
            ..
        } => "fitting",
        JobState::Failed { .. } => "failed",
        JobState::Done(_) => "done",
    }
}

#[test]
fn the_review_job_is_in_one_state_at_a_time() {
    let mut h = Harness::new(100, 30);
    assert_eq!(state(&h), "stepping", "new data starts the job");
    let generation = h.app.journey.generation;
    let out = update(&mut h.app, Msg::JourneyStep(generation));
    assert_eq!(state(&h), "fitting");
    let j = &h.app.journey;
    assert!(j.progress().is_some() && j.failed().is_none() && j.result().is_none());

    update(
        &mut h.app,
        Msg::ReviewFailed {
            generation,
            why: "boom".into(),
        },
    );
    assert_eq!(state(&h), "failed");
    let j = &h.app.journey;
    assert_eq!(j.failed(), Some("boom"));
    assert!(j.progress().is_none(), "failed is not also computing");
    assert!(j.result().is_none());

    // A step of the same data finds nothing to do; r fits again.
    assert!(!update(&mut h.app, Msg::JourneyStep(generation)).redraw);
    assert_eq!(state(&h), "failed");
    h.app.journey.retry().expect("what failed is fitted again");
    assert_eq!(state(&h), "fitting");
    let Some(Effect::Review(_, looks)) = out.effect else {
        panic!("the fit");
    };
    let review = Box::new(looks.review(&h.app.engine));
    update(&mut h.app, Msg::Reviewed { generation, review });
    assert_eq!(state(&h), "done");
    let j = &h.app.journey;
    assert!(j.failed().is_none() && j.progress().is_none() && j.result().is_some());
    // Nothing failed: nothing to retry, and the result stays.
    assert!(h.app.journey.retry().is_none());
    assert_eq!(state(&h), "done");
}

#[test]
fn a_terminal_that_stops_giving_keys_ends_the_app_with_why() {
    let mut h = Harness::new(80, 24);
    let out = update(
        &mut h.app,
        Msg::InputLost("Input/output error (os error 5)".into()),
    );
    let Some(Effect::Fail(why)) = out.effect else {
        panic!(
            "the app ends with an error, not a clean quit: {:?}",
            out.effect
        );
    };
    assert_eq!(
        why,
        "the terminal stopped giving keys: Input/output error (os error 5)"
    );
}
