//! The play logger driven by keys through `update`, with an in-memory
//! sink standing in for the outbox (the real one lives in the outbox's own
//! tests): the form and the key sequence from the watch list to queued.

mod common;
mod tui_logger_support;

use chrono::TimeDelta;
use common::{clock, today, Harness};
use crossterm::event::{KeyCode, KeyModifiers};
use orienteer::domain::account::{Delivery, PlayOutcome};
use orienteer::tui::logger::Field;
use orienteer::tui::plays::NO_SINK;
use orienteer::tui::state::Screen;
use std::sync::atomic::Ordering;
use tui_logger_support::*;

#[test]
fn from_the_watch_list_to_queued_in_three_keys_and_the_note() {
    let (mut h, sink) = harness(80, 24);
    let account = selected_id(&h);
    let first = recommended(&h)
        .into_iter()
        .next()
        .expect("the top of the attention list has a recommended play");

    // 1: p opens the logger on the first recommended play.
    h.key(KeyCode::Char('p'));
    assert_eq!(logger(&h).focus, Field::Play);
    assert_eq!(logger(&h).play().unwrap().title, first.title);
    // 2: Enter picks it and moves to the note.
    h.key(KeyCode::Enter);
    assert_eq!(logger(&h).focus, Field::Note);
    h.chars("Called the sponsor; usage plan agreed");
    // 3: Enter submits.
    h.key(KeyCode::Enter);

    let drafts = sink.drafts.lock().unwrap().clone();
    assert_eq!(drafts.len(), 1, "queued once");
    let d = &drafts[0];
    assert_eq!(d.account_id, account);
    assert_eq!(d.play_id.as_str(), first.id);
    assert_eq!(d.outcome, PlayOutcome::Done);
    assert_eq!(d.note, "Called the sponsor; usage plan agreed");
    assert_eq!(d.at, clock(), "when defaults to now");
    let days = first.follow_up_days.map(i64::from);
    assert_eq!(
        d.follow_up,
        days.map(|n| today() + TimeDelta::days(n)),
        "the play's own follow-up"
    );
    assert_eq!(d.prompted_by.as_deref(), Some(&*first.recommendation_id));
    assert_eq!(sink.wakes.load(Ordering::SeqCst), 1, "the flusher is woken");

    // Back on the list, on the same account, saying so.
    assert!(h.app.logger().is_none());
    assert!(matches!(h.app.screen, Screen::List));
    assert_eq!(selected_id(&h), account, "the selection is kept");
    let screen = h.screen();
    assert!(screen.contains("queued: "), "{screen}");
    assert!(screen.contains("1 log waiting"), "{screen}");
    // The account has the log, queued, and shows it.
    let p = h.app.shown().unwrap();
    let a = p.account(p.find(account.as_str()).unwrap());
    let log = a.plays_logged.last().unwrap();
    assert_eq!(log.state, Some(Delivery::Queued));
    h.key(KeyCode::Enter);
    let screen = scroll_to(&mut h, "[queued]");
    assert!(screen.contains("Called the sponsor"), "{screen}");
}

#[test]
fn a_play_just_done_is_not_recommended_again_until_its_follow_up() {
    let (mut h, _sink) = harness(80, 24);
    let first = recommended(&h).into_iter().next().unwrap();
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Enter);
    h.chars("done");
    h.key(KeyCode::Enter);
    let now = recommended(&h);
    assert!(
        now.iter().all(|r| r.id != first.id),
        "{} is still recommended: {now:?}",
        first.id
    );
}

#[test]
fn tab_moves_through_the_fields_both_ways() {
    let (mut h, _sink) = harness(80, 24);
    h.key(KeyCode::Char('p'));
    let mut seen = vec![logger(&h).focus];
    for _ in 0..5 {
        h.key(KeyCode::Tab);
        seen.push(logger(&h).focus);
    }
    use Field::*;
    assert_eq!(seen, [Play, Outcome, Note, When, FollowUp, Play]);
    press(&mut h, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(logger(&h).focus, FollowUp);
}

#[test]
fn typing_filters_the_plays_and_arrows_choose() {
    let (mut h, _sink) = harness(80, 24);
    h.key(KeyCode::Char('p'));
    let all = logger(&h).shown.len();
    assert!(all > 1, "the stage has several plays");
    // Recommended plays come first, with their reason.
    let recs = recommended(&h).len();
    let l = logger(&h);
    assert!(l.choices[..recs].iter().all(|c| c.reason.is_some()));
    assert!(l.choices[recs..].iter().all(|c| c.reason.is_none()));

    // Down, then Enter picks the second play.
    h.key(KeyCode::Down);
    let second = logger(&h).choices[logger(&h).shown[1]].play_id.clone();
    h.key(KeyCode::Enter);
    assert_eq!(logger(&h).play().unwrap().play_id, second);

    // Back to the play field (note, when, follow-up, play): a word of the
    // last play's title narrows it.
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    assert_eq!(logger(&h).focus, Field::Play);
    let last = logger(&h).choices.last().unwrap().clone();
    let word = last.title.split_whitespace().last().unwrap().to_uppercase();
    h.chars(&word);
    let l = logger(&h);
    assert!(l.shown.len() < all, "{word} narrows the plays");
    assert!(l
        .shown
        .iter()
        .any(|&i| l.choices[i].play_id == last.play_id));
    for &i in &l.shown {
        let c = &l.choices[i];
        let hay = format!("{} {}", c.title, c.play_id).to_lowercase();
        assert!(hay.contains(&word.to_lowercase()), "{} matches", c.title);
    }
    // Nothing matches: Enter says so and stays.
    h.chars("zzqq");
    assert!(logger(&h).shown.is_empty());
    h.key(KeyCode::Enter);
    assert_eq!(logger(&h).focus, Field::Play);
    assert!(logger(&h).error.is_some());
    assert!(h.screen().contains("no play matches"));
    // Backspace widens it again.
    for _ in 0..4 {
        h.key(KeyCode::Backspace);
    }
    assert!(!logger(&h).shown.is_empty());
    assert!(logger(&h).error.is_none());
}

#[test]
fn the_outcome_cycles_with_arrows_and_first_letters() {
    let (mut h, _sink) = harness(80, 24);
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Tab);
    let outcome = |h: &Harness| logger(h).outcome;
    assert_eq!(outcome(&h), PlayOutcome::Done, "done by default");
    h.key(KeyCode::Right);
    assert_eq!(outcome(&h), PlayOutcome::NoAnswer);
    h.key(KeyCode::Left);
    h.key(KeyCode::Left);
    assert_eq!(outcome(&h), PlayOutcome::Declined, "it wraps around");
    h.key(KeyCode::Char('r'));
    assert_eq!(outcome(&h), PlayOutcome::Rescheduled);
    h.key(KeyCode::Char('d'));
    assert_eq!(outcome(&h), PlayOutcome::Declined);
    h.key(KeyCode::Char('d'));
    assert_eq!(outcome(&h), PlayOutcome::Done, "d again: the other d");
    h.key(KeyCode::Char('n'));
    assert_eq!(outcome(&h), PlayOutcome::NoAnswer);
    assert!(h.screen().contains("[no_answer]"));
}

#[test]
fn bad_times_keep_the_form_open_on_the_field_at_fault() {
    let (mut h, sink) = harness(80, 24);
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Enter);
    h.chars("a note");
    // When: "soon" does not read.
    h.key(KeyCode::Tab);
    ctrl(&mut h, 'u');
    h.chars("soon");
    assert!(h.screen().contains("not understood"));
    // From the follow-up field, ctrl-s submits: the cursor goes to When.
    h.key(KeyCode::Tab);
    ctrl(&mut h, 's');
    assert!(sink.drafts.lock().unwrap().is_empty(), "nothing queued");
    let l = logger(&h);
    assert_eq!(l.focus, Field::When);
    let (field, why) = l.error.clone().unwrap();
    assert_eq!(field, Field::When);
    assert!(why.contains("`soon` is not a time"), "{why}");
    assert!(h.screen().contains("is not a time"), "{}", h.screen());
    // Fixed; a bad follow-up is next.
    ctrl(&mut h, 'u');
    assert!(logger(&h).error.is_none(), "editing clears the error");
    h.chars("yesterday 15:00");
    h.key(KeyCode::Tab);
    ctrl(&mut h, 'u');
    h.chars("+2h");
    h.key(KeyCode::Enter);
    let l = logger(&h);
    assert_eq!(l.focus, Field::FollowUp);
    assert!(l.error.as_ref().unwrap().1.contains("not a follow-up"));
    // Fixed: it goes, with everything as typed.
    ctrl(&mut h, 'u');
    h.chars("none");
    h.key(KeyCode::Enter);
    let drafts = sink.drafts.lock().unwrap().clone();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].note, "a note");
    assert_eq!(drafts[0].follow_up, None);
    assert_eq!(
        drafts[0].at.to_rfc3339(),
        "2026-11-22T15:00:00+00:00",
        "yesterday 15:00 in the app's zone (UTC here)"
    );
}

#[test]
fn a_note_spans_lines() {
    let (mut h, sink) = harness(80, 24);
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Enter);
    h.chars("first");
    press(&mut h, KeyCode::Enter, KeyModifiers::ALT);
    h.chars("second");
    ctrl(&mut h, 'j');
    h.chars("third");
    assert!(h.app.logger().is_some(), "new lines do not submit");
    h.key(KeyCode::Enter);
    let drafts = sink.drafts.lock().unwrap().clone();
    assert_eq!(drafts[0].note, "first\nsecond\nthird");
}

#[test]
fn esc_cancels_and_asks_once_when_a_note_would_be_lost() {
    let (mut h, sink) = harness(80, 24);
    // Nothing typed: one Esc closes.
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Esc);
    assert!(h.app.logger().is_none());
    assert!(
        matches!(h.app.screen, Screen::List),
        "Esc did not reach the list"
    );

    // A note typed: the first Esc asks, another key keeps editing.
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Enter);
    h.chars("keep me");
    h.key(KeyCode::Esc);
    assert!(h.app.logger().is_some());
    assert!(h.screen().contains("Esc again discards the note"));
    h.chars("!");
    assert_eq!(logger(&h).note, "keep me!");
    assert!(!h.screen().contains("Esc again"));
    // Two Esc discard it.
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert!(h.app.logger().is_none());
    assert!(sink.drafts.lock().unwrap().is_empty());
}

#[test]
fn a_refused_queue_keeps_everything_typed() {
    let (mut h, sink) = harness(80, 24);
    *sink.refuse.lock().unwrap() = Some("disk full");
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Enter);
    h.chars("important note");
    h.key(KeyCode::Enter);
    let l = logger(&h);
    assert_eq!(l.note, "important note");
    assert!(l
        .error
        .as_ref()
        .unwrap()
        .1
        .contains("not queued: disk full"));
    assert!(h.screen().contains("disk full"));
    assert_eq!(h.app.deliveries.waiting, 0);
    // The disk has room again: Enter queues it.
    *sink.refuse.lock().unwrap() = None;
    h.key(KeyCode::Enter);
    assert!(h.app.logger().is_none());
    assert_eq!(sink.drafts.lock().unwrap()[0].note, "important note");
}

#[test]
fn without_a_sink_p_says_why() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Char('p'));
    assert!(h.app.logger().is_none());
    assert_eq!(h.app.notice.as_deref(), Some(NO_SINK));
    assert!(h.screen().contains("logging plays is unavailable"));
}

#[test]
fn from_the_account_view_it_goes_back_there() {
    let (mut h, sink) = harness(80, 24);
    h.key(KeyCode::Char('j'));
    let account = selected_id(&h);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('p'));
    assert_eq!(logger(&h).account_id, account);
    // Tab to the outcome: no_answer.
    h.key(KeyCode::Tab);
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Enter);
    assert_eq!(
        sink.drafts.lock().unwrap()[0].outcome,
        PlayOutcome::NoAnswer
    );
    assert!(matches!(&h.app.screen, Screen::Account(v) if v.detail.item.id == account.as_str()));
    let screen = scroll_to(&mut h, "[queued]");
    assert!(screen.contains("no_answer"), "{screen}");
}

#[test]
fn the_focused_field_shows_without_colour() {
    let (mut h, _sink) = harness(80, 24);
    assert!(!h.color, "drawn as with NO_COLOR");
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Enter);
    let styled = h.styled_screen();
    let note = styled
        .lines()
        .position(|l| l.contains("> Note"))
        .expect("the note is marked focused");
    let runs = styled.lines().nth(note + 1).unwrap();
    assert!(runs.contains("REVERSED"), "{runs}");
}

#[test]
fn logger_80x24() {
    let (mut h, _sink) = harness(80, 24);
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Enter);
    h.chars("Walked through the adoption plan");
    press(&mut h, KeyCode::Enter, KeyModifiers::ALT);
    h.chars("Next: exec sponsor call");
    insta::assert_snapshot!(h.screen());
}

#[test]
fn logger_160x48() {
    let (mut h, _sink) = harness(160, 48);
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Tab);
    insta::assert_snapshot!(h.screen());
}
