//! The play logger after submit: deliveries coming back from the outbox,
//! the note through `$EDITOR`, untrusted text, the mouse under the form.

mod common;
mod tui_logger_support;

use common::Harness;
use crossterm::event::{KeyCode, KeyModifiers};
use orienteer::domain::account::Delivery;
use orienteer::domain::vocab::LogId;
use orienteer::tui::plays::DeliveryUpdate;
use orienteer::tui::update::{update, Effect, Msg};
use tui_logger_support::*;

#[test]
fn deliveries_update_the_log_in_place_and_the_status_line() {
    let (mut h, _sink) = harness(80, 24);
    let account = selected_id(&h);
    for note in ["one", "two"] {
        h.key(KeyCode::Char('p'));
        h.key(KeyCode::Down);
        h.key(KeyCode::Enter);
        h.chars(note);
        h.key(KeyCode::Enter);
    }
    assert!(h.screen().contains("2 logs waiting"));
    let deliver = |h: &mut Harness, log: &str, state, error: Option<&str>, waiting| {
        let out = update(
            &mut h.app,
            Msg::Delivery(DeliveryUpdate {
                account_id: account.clone(),
                log_id: LogId::from(log),
                state,
                error: error.map(String::from),
                waiting,
            }),
        );
        assert!(out.redraw);
        h.draw()
    };
    let screen = deliver(&mut h, "log-1", Delivery::Sent, None, 1);
    assert!(screen.contains("1 log waiting"), "{screen}");
    let screen = deliver(
        &mut h,
        "log-2",
        Delivery::Failed,
        Some("HubSpot: property hs_note_body is read-only"),
        0,
    );
    assert!(!screen.contains("waiting"), "{screen}");
    assert!(screen.contains("1 log failed"), "{screen}");
    let name = h.selected_name();
    assert!(
        screen.contains(&format!("{name}: see its Plays")),
        "{screen}"
    );
    let p = h.app.shown().unwrap();
    let logs = &p.account(p.find(account.as_str()).unwrap()).plays_logged;
    let state = |id: &str| logs.iter().find(|l| l.id == id).unwrap();
    assert_eq!(state("log-1").state, Some(Delivery::Sent));
    assert_eq!(state("log-2").state, Some(Delivery::Failed));
    // The reason is on the account's Plays section.
    h.key(KeyCode::Enter);
    let screen = scroll_to(&mut h, "[failed]");
    assert!(screen.contains("[sent]"), "{screen}");
    let screen = scroll_to(&mut h, "is read-only");
    assert!(screen.contains("failed: HubSpot"), "{screen}");
    // Retried and sent: the failure goes from the status line.
    let screen = deliver(&mut h, "log-2", Delivery::Sent, None, 0);
    assert!(!screen.contains("failed"), "{screen}");
}

#[test]
fn ctrl_e_asks_for_the_editor_and_takes_its_note_back() {
    let (mut h, _sink) = harness(80, 24);
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Enter);
    h.chars("draft");
    let out = ctrl(&mut h, 'e');
    assert_eq!(out.effect, Some(Effect::EditNote("draft".into())));
    // Keys while the editor runs do nothing to the form.
    h.chars("x");
    assert_eq!(logger(&h).note, "draft");
    update(&mut h.app, Msg::NoteEdited(Ok("long\nnote\n".into())));
    assert_eq!(logger(&h).note, "long\nnote");
    // An editor that fails leaves the note and says why.
    ctrl(&mut h, 'e');
    update(&mut h.app, Msg::NoteEdited(Err("no editor `nano`".into())));
    let l = logger(&h);
    assert_eq!(l.note, "long\nnote");
    assert!(l.error.as_ref().unwrap().1.contains("nano"));
}

#[test]
fn api_text_in_a_note_never_reaches_the_terminal_raw() {
    let (mut h, _sink) = harness(80, 24);
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Enter);
    update(
        &mut h.app,
        Msg::NoteEdited(Ok("pasted \u{1b}[2Jclear\u{202E}".into())),
    );
    let screen = h.draw();
    assert!(!screen.contains('\u{1b}') && !screen.contains('\u{202E}'));
    assert!(screen.contains("pasted [2Jclear"), "{screen}");
}

#[test]
fn the_mouse_does_not_move_the_list_under_the_form() {
    use crossterm::event::{MouseEvent, MouseEventKind};
    let (mut h, _sink) = harness(80, 24);
    h.key(KeyCode::Char('p'));
    let before = h.app.selected;
    for _ in 0..3 {
        let event = MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 10,
            row: 10,
            modifiers: KeyModifiers::NONE,
        };
        let at = std::time::Instant::now();
        let out = update(&mut h.app, Msg::Mouse { event, at });
        assert!(!out.redraw);
    }
    assert_eq!(h.app.selected, before);
    assert!(h.app.logger().is_some());
}
