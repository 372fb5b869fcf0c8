//! The snooze form (`z`) driven by keys through `update`, with the
//! in-memory sink standing in for the store (the real store has its own
//! tests, and tests/e2e_pty.rs drives the real binary): from the list to a
//! snoozed alert, its points gone and the list moved, as a reload with the
//! snooze stored would show it.

mod common;
mod tui_logger_support;

use common::{clock, demo_data, Harness};
use crossterm::event::KeyCode;
use orienteer::domain::account::Snooze;
use orienteer::domain::portfolio::Portfolio;
use orienteer::domain::vocab::AccountId;
use orienteer::tui::snoozer::{SnoozeField, SnoozeForm, SnoozeWrite};
use orienteer::tui::state::{App, Data, Mode, Screen};
use std::sync::Arc;
use tui_logger_support::*;

fn form(h: &Harness) -> &SnoozeForm {
    h.app.snoozer().expect("the snooze form is open")
}

/// The selected account's attention score and its place in the list.
fn score_and_row(h: &Harness, id: &AccountId) -> (f64, usize) {
    let p = h.app.shown().unwrap();
    let i = p.find(id.as_str()).unwrap();
    let row = h.app.visible.iter().position(|&v| v as usize == i);
    (p.eval(i).attention.score, row.unwrap())
}

/// The demo data as loaded, with `snoozes` kept for account `id`.
fn data_with(h: &Harness, id: &AccountId, snoozes: &[Snooze]) -> Data {
    let mut data = demo_data(&h.app.engine, clock() - chrono::Duration::minutes(5));
    let p = &data.portfolio;
    let mut accounts = p.accounts.clone();
    let i = p.find(id.as_str()).unwrap();
    accounts[i].snoozes = snoozes.to_vec();
    data.portfolio = Arc::new(Portfolio::new(&data.engine, accounts, p.now));
    data
}

fn loaded(h: &Harness, data: Data) -> App {
    let mut app = App::new(
        h.app.engine.clone(),
        orienteer::keymap::Keymap::new(&Default::default()),
        common::utc_clock(),
        h.app.now,
    );
    app.set_data(data);
    app
}

/// z, 1 (a week), Enter, the reason, Enter: the snooze on disk.
fn snooze_top(h: &mut Harness, reason: &str) {
    h.key(KeyCode::Char('z'));
    h.key(KeyCode::Char('1'));
    h.key(KeyCode::Enter);
    h.chars(reason);
    h.key(KeyCode::Enter);
}

#[test]
fn z_on_a_row_snoozes_its_top_alert_and_the_list_moves_as_a_reload_would() {
    let (mut h, sink) = harness(160, 48);
    let id = selected_id(&h);
    let (score, row) = score_and_row(&h, &id);
    assert_eq!(row, 0, "the top row");

    h.key(KeyCode::Char('z'));
    let f = form(&h);
    assert_eq!(f.focus, SnoozeField::Until);
    assert_eq!(f.preset, Some(0), "a week, preset");
    assert!(f.alert().snoozed.is_none());
    let kind = f.alert().kind;
    let top = {
        let p = h.app.shown().unwrap();
        let e = p.eval(p.find(id.as_str()).unwrap());
        e.alerts
            .iter()
            .find(|a| a.severity.is_risk())
            .unwrap()
            .kind()
    };
    assert_eq!(kind, top, "the row's top risk alert");
    assert!(h.screen().contains("until "), "{}", h.screen());
    h.key(KeyCode::Char('1'));
    h.key(KeyCode::Enter);
    assert_eq!(form(&h).focus, SnoozeField::Reason);
    h.chars("customer on vacation");
    h.key(KeyCode::Enter);

    // Written once, through the store.
    let kept = sink.snoozes.lock().unwrap().clone();
    assert_eq!(kept.len(), 1, "kept once");
    let (account, snooze) = &kept[0];
    assert_eq!(account, &id);
    assert_eq!(snooze.alert, kind);
    assert_eq!(snooze.reason, "customer on vacation");
    let today = h.app.shown().unwrap().now();
    assert_eq!(snooze.until, today + chrono::Duration::days(7));

    // The form closed, the status line says so, the account lost points.
    assert!(matches!(h.app.mode, Mode::Normal));
    let screen = h.screen();
    let words = format!(
        "Snoozed {} on {} until {}",
        kind.label(),
        h.app.portfolio().unwrap().accounts[h.app.portfolio().unwrap().find(id.as_str()).unwrap()]
            .name,
        snooze.until.format("%m-%d")
    );
    assert!(screen.contains(&words), "{words} in\n{screen}");
    let (after, _) = score_and_row(&h, &id);
    assert!(after < score, "its points go: {after} < {score}");

    // As a reload with the snooze stored shows it.
    let reloaded = loaded(&h, data_with(&h, &id, std::slice::from_ref(snooze)));
    assert_eq!(h.app.order, reloaded.order, "the order a reload gives");
    assert_eq!(h.app.visible, reloaded.visible, "the list a reload gives");
    assert_eq!(
        h.app.rows(0, h.app.visible.len()),
        reloaded.rows(0, reloaded.visible.len()),
        "every row's cells"
    );
    assert_eq!(h.app.summary, reloaded.summary, "the header's counts");

    // A reload that carries it drops the local change; one that does not
    // (yet) keeps it.
    h.app.set_data(data_with(&h, &id, &[]));
    assert_eq!(h.app.overlay.len(), 1, "kept until the load carries it");
    assert_eq!(h.app.order, reloaded.order);
    h.app
        .set_data(data_with(&h, &id, std::slice::from_ref(snooze)));
    assert!(h.app.overlay.is_empty(), "the load carries it");
    assert_eq!(h.app.order, reloaded.order);
}

#[test]
fn the_account_view_shows_the_snoozed_alert_dimmed_with_its_mark_and_z_unsnoozes_it() {
    let (mut h, sink) = harness(160, 48);
    let id = selected_id(&h);
    let (score, _) = score_and_row(&h, &id);
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.screen, Screen::Account(_)));
    snooze_top(&mut h, "customer on vacation");
    let screen = h.screen();
    assert!(
        screen.contains("snoozed until") && screen.contains(": customer on vacation"),
        "{screen}"
    );

    // z again: the snoozed alert is not offered first; up/down reach it.
    h.key(KeyCode::Char('z'));
    let at = form(&h)
        .alerts
        .iter()
        .position(|a| a.snoozed.is_some())
        .expect("the snoozed alert is offered");
    for _ in 0..form(&h).alerts.len() {
        if form(&h).cursor == at {
            break;
        }
        let key = if form(&h).cursor < at {
            KeyCode::Down
        } else {
            KeyCode::Up
        };
        h.key(key);
    }
    assert_eq!(form(&h).cursor, at);
    assert!(h.screen().contains("Enter unsnoozes"), "{}", h.screen());
    h.key(KeyCode::Enter);
    assert!(
        sink.snoozes.lock().unwrap().is_empty(),
        "removed from the store"
    );
    assert!(h.screen().contains("Unsnoozed "), "{}", h.screen());
    assert!(!h.screen().contains("snoozed until"), "{}", h.screen());
    assert_eq!(score_and_row(&h, &id).0, score, "its points are back");
}

#[test]
fn esc_cancels_and_nothing_is_kept() {
    let (mut h, sink) = harness(80, 24);
    let order = h.app.order.clone();
    h.key(KeyCode::Char('z'));
    h.key(KeyCode::Enter);
    h.chars("typed");
    h.key(KeyCode::Esc);
    assert!(h.app.snoozer().is_none());
    assert!(sink.snoozes.lock().unwrap().is_empty());
    assert!(h.app.overlay.is_empty());
    assert_eq!(h.app.order, order);
}

#[test]
fn an_empty_reason_is_refused_in_the_form_and_nothing_is_saved() {
    let (mut h, sink) = harness(80, 24);
    h.key(KeyCode::Char('z'));
    h.key(KeyCode::Enter);
    h.chars("   ");
    let out = h.key(KeyCode::Enter);
    assert_eq!(out.effect, None, "nothing to write");
    let f = form(&h);
    let (field, why) = f.error.clone().expect("a reason is required");
    assert_eq!(field, SnoozeField::Reason);
    assert!(why.contains("reason"), "{why}");
    assert!(h.screen().contains("say why"), "{}", h.screen());
    assert!(sink.snoozes.lock().unwrap().is_empty());
    assert!(h.app.overlay.is_empty());
}

#[test]
fn a_bad_or_past_date_is_refused_in_the_form_and_nothing_is_saved() {
    for (typed, says) in [
        ("someday", "not a day to snooze until"),
        ("2020-01-01", "not after today"),
    ] {
        let (mut h, sink) = harness(80, 24);
        h.key(KeyCode::Char('z'));
        h.key(KeyCode::Backspace);
        assert_eq!(form(&h).preset, None, "Backspace clears the preset");
        h.chars(typed);
        h.key(KeyCode::Enter);
        let (field, why) = form(&h).error.clone().expect("refused");
        assert_eq!(field, SnoozeField::Until, "{typed}");
        assert!(why.contains(says), "{typed}: {why}");
        assert_eq!(form(&h).focus, SnoozeField::Until);
        assert!(sink.snoozes.lock().unwrap().is_empty());
        assert!(h.app.overlay.is_empty());
    }
}

#[test]
fn a_typed_day_reads_as_the_logger_reads_it_and_shows_resolved() {
    let (mut h, sink) = harness(80, 24);
    let today = h.app.shown().unwrap().now();
    h.key(KeyCode::Char('z'));
    h.key(KeyCode::Tab);
    assert_eq!(form(&h).preset, Some(1), "tab: the next preset");
    h.key(KeyCode::Backspace);
    h.chars("+10d");
    let day = today + chrono::Duration::days(10);
    let resolved = format!("until {}", day.format("%a %Y-%m-%d"));
    assert!(
        h.screen().contains(&resolved),
        "{resolved} in\n{}",
        h.screen()
    );
    h.key(KeyCode::Enter);
    h.chars("waiting on legal");
    h.key(KeyCode::Enter);
    let kept = sink.snoozes.lock().unwrap().clone();
    assert_eq!(kept[0].1.until, day);
}

#[test]
fn a_failed_write_says_so_and_keeps_nothing() {
    let (mut h, sink) = harness(80, 24);
    *sink.refuse.lock().unwrap() = Some("disk full");
    let order = h.app.order.clone();
    snooze_top(&mut h, "customer on vacation");
    let f = form(&h);
    assert!(!f.saving, "the form takes keys again");
    let (_, why) = f.error.clone().expect("the failure shows");
    assert!(
        why.contains("not saved") && why.contains("disk full"),
        "{why}"
    );
    assert_eq!(f.reason, "customer on vacation", "as typed");
    assert!(h.app.overlay.is_empty(), "nothing kept");
    assert_eq!(h.app.order, order);
}

#[test]
fn the_job_written_is_the_form_s() {
    // The effect carries what the store writes: the snooze, by the CLI's rule.
    let (mut h, _sink) = harness(80, 24);
    h.app.play_sink = Some(Arc::new(MemorySink::default()));
    h.key(KeyCode::Char('z'));
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Enter);
    h.chars("renewal call booked");
    let out = orienteer::tui::update::update(
        &mut h.app,
        orienteer::tui::update::Msg::Key(crossterm::event::KeyEvent::from(KeyCode::Enter)),
    );
    match out.effect {
        Some(orienteer::tui::update::Effect::Snooze(job)) => match job.write {
            SnoozeWrite::Put(s) => {
                let today = h.app.shown().unwrap().now();
                assert_eq!(
                    s.until,
                    today.checked_add_months(chrono::Months::new(1)).unwrap()
                );
                assert_eq!(s.at, today);
            }
            other => panic!("a snooze, not {other:?}"),
        },
        other => panic!("the store writes it: {other:?}"),
    }
    assert!(form(&h).saving, "the form waits for the store");
}

#[test]
fn snooze_form_80x24() {
    let (mut h, _sink) = harness(80, 24);
    h.key(KeyCode::Char('z'));
    h.key(KeyCode::Enter);
    h.chars("customer on vacation");
    insta::assert_snapshot!(h.screen());
}

#[test]
fn snooze_form_160x48() {
    let (mut h, _sink) = harness(160, 48);
    h.key(KeyCode::Char('z'));
    h.key(KeyCode::Char('2'));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn snoozed_alert_in_the_account_view_80x24() {
    let (mut h, _sink) = harness(80, 24);
    h.key(KeyCode::Enter);
    snooze_top(&mut h, "customer on vacation");
    let screen = scroll_to(&mut h, "snoozed until");
    insta::assert_snapshot!(screen);
}

#[test]
fn snoozed_alert_in_the_account_view_160x48() {
    let (mut h, _sink) = harness(160, 48);
    h.key(KeyCode::Enter);
    snooze_top(&mut h, "customer on vacation");
    insta::assert_snapshot!(h.screen());
}
