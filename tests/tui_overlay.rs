//! The portfolio is a snapshot shared by `Arc`, with an overlay of local
//! changes: a play logged here shows at once, as a load carrying it would
//! show it, without copying the snapshot; a reload keeps only the logs its
//! data does not carry yet.
//!
//! No sort key reads logs today (attention, health, renewal, ARR, alerts,
//! overdue and name do not), so a log moves no account in the order: these
//! tests assert on what a log does change (the row's recommended plays, the
//! account view's plays) and that the order stays what a reload gives.

mod common;

use common::{clock, demo_data, Harness};
use orienteer::domain::account::{Delivery, PlayLog, PlayOutcome};
use orienteer::domain::report::WatchItem;
use orienteer::domain::vocab::{AccountId, LogId, PlayId};
use orienteer::tui::state::{App, Data, Screen};
use orienteer::tui::update::{update, Msg};
use std::sync::Arc;

/// The demo data as loaded, with `log` on account `id` when given.
fn data_with(h: &Harness, log: Option<(&AccountId, &PlayLog)>) -> Data {
    let mut data = demo_data(&h.app.engine, clock() - chrono::Duration::minutes(5));
    if let Some((id, log)) = log {
        let p = &data.portfolio;
        let mut accounts = p.accounts.clone();
        let i = p.find(id.as_str()).unwrap();
        accounts[i].plays_logged.push(log.clone());
        data.portfolio = Arc::new(orienteer::domain::portfolio::Portfolio::new(
            &data.engine,
            accounts,
            p.now,
        ));
    }
    data
}

/// The first account of the list with a recommended play, and a log of
/// that play, done today, answering the recommendation.
fn top_and_its_log(h: &Harness) -> (AccountId, PlayLog) {
    let row = all_rows(&h.app)
        .into_iter()
        .find(|r| !r.recommended_plays.is_empty())
        .expect("an account with a recommended play");
    let id = AccountId::from(row.id.clone());
    let rec = row.recommended_plays[0].clone();
    let log = PlayLog {
        id: LogId::from("overlay-1".to_string()),
        play_id: PlayId::from(rec.id.clone()),
        outcome: PlayOutcome::Done,
        at: h.app.portfolio().unwrap().now,
        note: "called".into(),
        follow_up: None,
        prompted_by: Some(rec.recommendation_id),
        state: Some(Delivery::Queued),
        error: None,
    };
    (id, log)
}

/// What the store thread posts once the log is on disk.
fn queued(app: &mut App, id: &AccountId, log: &PlayLog) {
    update(
        app,
        Msg::Queued {
            account: id.clone(),
            title: "the play".into(),
            result: Ok(log.clone()),
        },
    );
}

fn all_rows(app: &App) -> Vec<WatchItem> {
    app.rows(0, app.visible.len())
}

/// The app on `data`, its list as the harness's.
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

fn open_detail(app: &mut App, id: &AccountId) -> orienteer::domain::report::AccountDetail {
    let i = app.portfolio().unwrap().find(id.as_str()).unwrap();
    app.open(i);
    match &app.screen {
        Screen::Account(v) => v.detail.clone(),
        _ => panic!("the account view is open"),
    }
}

#[test]
fn a_logged_play_shows_as_a_reload_with_it_would_show_it() {
    let mut h = Harness::new(160, 48);
    let (id, log) = top_and_its_log(&h);
    let before = all_rows(&h.app);
    queued(&mut h.app, &id, &log);

    let mut reloaded = loaded(&h, data_with(&h, Some((&id, &log))));
    assert_eq!(h.app.order, reloaded.order, "the order a reload gives");
    assert_eq!(h.app.visible, reloaded.visible, "the list a reload gives");
    let rows = all_rows(&h.app);
    assert_eq!(rows, all_rows(&reloaded), "every row's cells");
    assert_eq!(h.app.summary, reloaded.summary);
    // What the log changes: the play it answers is no longer recommended.
    let row = |rows: &[WatchItem]| rows.iter().find(|r| r.id == id.as_str()).cloned().unwrap();
    assert_ne!(
        row(&rows).recommended_plays,
        row(&before).recommended_plays,
        "the recommendation the log answers goes"
    );
    assert_eq!(
        open_detail(&mut h.app, &id),
        open_detail(&mut reloaded, &id),
        "the account view shows the log and what follows from it"
    );
}

#[test]
fn a_log_keeps_the_order_right_under_every_sort_and_a_filter() {
    use orienteer::domain::portfolio::SortKey;
    for key in SortKey::ALL {
        for reverse in [false, true] {
            let mut h = Harness::new(80, 24);
            h.app.sort = key;
            h.app.reverse = reverse;
            h.app.filter.text = "a".into();
            h.app.resort();
            let (id, log) = top_and_its_log(&h);
            queued(&mut h.app, &id, &log);
            let mut reloaded = loaded(&h, data_with(&h, Some((&id, &log))));
            reloaded.sort = key;
            reloaded.reverse = reverse;
            reloaded.filter.text = "a".into();
            reloaded.resort();
            assert_eq!(h.app.order, reloaded.order, "{key} {reverse}");
            assert_eq!(h.app.visible, reloaded.visible, "{key} {reverse}");
        }
    }
}

#[test]
fn a_log_with_a_follow_up_due_enters_the_follow_ups_view_as_a_reload_would() {
    // The one filter a log changes: "Follow-ups due". The top account has
    // none due; a log whose follow-up is today puts it in the view (the
    // overlay inserts it in place), and logging the play again takes it out.
    let mut h = Harness::new(80, 24);
    let (id, mut log) = top_and_its_log(&h);
    h.app.filter.follow_up_due = true;
    h.app.resort();
    let index = |app: &App| app.shown().unwrap().find(id.as_str()).unwrap() as u32;
    assert!(!h.app.visible.contains(&index(&h.app)), "not due before");
    // Logged yesterday (after the demo's own logs of it), to follow up today.
    log.follow_up = Some(log.at);
    log.at -= chrono::TimeDelta::days(1);
    queued(&mut h.app, &id, &log);
    let mut reloaded = loaded(&h, data_with(&h, Some((&id, &log))));
    reloaded.filter.follow_up_due = true;
    reloaded.resort();
    assert_eq!(h.app.visible, reloaded.visible, "as a reload lists it");
    assert!(h.app.visible.contains(&index(&h.app)), "due today: listed");
    assert_eq!(h.app.summary, reloaded.summary);

    // The follow-up done today: the same play logged again.
    let mut again = log.clone();
    again.id = "log-again".into();
    again.at = h.app.shown().unwrap().now();
    again.follow_up = None;
    queued(&mut h.app, &id, &again);
    assert!(
        !h.app.visible.contains(&index(&h.app)),
        "answered: it leaves"
    );
}

#[test]
fn a_reload_that_carries_the_log_drops_it_from_the_overlay() {
    let mut h = Harness::new(80, 24);
    let (id, log) = top_and_its_log(&h);
    queued(&mut h.app, &id, &log);
    assert_eq!(h.app.overlay.len(), 1);

    let data = data_with(&h, Some((&id, &log)));
    h.app.set_data(data);
    assert!(h.app.overlay.is_empty(), "the source has it now");
    let p = h.app.shown().unwrap();
    let logs = &p.account(p.find(id.as_str()).unwrap()).plays_logged;
    assert_eq!(
        logs.iter().filter(|l| l.id == log.id).count(),
        1,
        "shown once, not twice"
    );
}

#[test]
fn a_reload_that_does_not_carry_the_log_yet_keeps_it() {
    let mut h = Harness::new(80, 24);
    let (id, log) = top_and_its_log(&h);
    queued(&mut h.app, &id, &log);

    // A load that read the outbox before the log was queued.
    let data = data_with(&h, None);
    h.app.set_data(data);
    assert_eq!(h.app.overlay.len(), 1, "the outbox has not flushed");
    let p = h.app.shown().unwrap();
    let logs = &p.account(p.find(id.as_str()).unwrap()).plays_logged;
    assert!(logs.iter().any(|l| l.id == log.id), "still shown");
    let reloaded = loaded(&h, data_with(&h, Some((&id, &log))));
    assert_eq!(all_rows(&h.app), all_rows(&reloaded));
}

#[test]
fn a_log_does_not_copy_the_snapshot() {
    let mut h = Harness::new(80, 24);
    let snapshot = Arc::clone(&h.app.data.as_ref().unwrap().portfolio);
    assert_eq!(Arc::strong_count(&snapshot), 2, "the app's and this one");
    let (id, log) = top_and_its_log(&h);
    queued(&mut h.app, &id, &log);
    let now = &h.app.data.as_ref().unwrap().portfolio;
    assert!(Arc::ptr_eq(&snapshot, now), "the same snapshot");
    assert_eq!(Arc::strong_count(&snapshot), 2, "and no other copy");
    let i = snapshot.find(id.as_str()).unwrap();
    assert!(
        !snapshot.accounts[i]
            .plays_logged
            .iter()
            .any(|l| l.id == log.id),
        "the snapshot itself is untouched"
    );
}

#[test]
fn the_account_view_shows_its_follow_up_due_first_and_logging_the_play_clears_it() {
    use crossterm::event::KeyCode;
    let mut h = Harness::new(80, 24);
    // The first account of the "Follow-ups due" view, opened.
    for _ in 0..3 {
        h.key(KeyCode::Char('v'));
    }
    assert!(h.app.filter.follow_up_due, "{}", h.screen());
    let i = h.app.selected_account().unwrap();
    h.key(KeyCode::Enter);
    let screen = h.screen();
    let line = screen.lines().nth(2).unwrap().to_string();
    assert!(line.starts_with("Follow-up due "), "first line:\n{screen}");
    // "Follow-up due 2d ago: escalate-poor-health (logged 11-14)"
    let play = line.split(": ").nth(1).unwrap().split(" (").next().unwrap();
    common::log_play(&mut h.app, i, play, 7);
    h.draw();
    let screen = h.screen();
    assert!(!screen.contains("Follow-up due "), "cleared:\n{screen}");
    h.key(KeyCode::Esc);
    let index = i as u32;
    assert!(!h.app.visible.contains(&index), "it leaves the view");
}
