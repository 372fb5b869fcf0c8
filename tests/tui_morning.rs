//! The list in the morning: the inbox counts lead the header, a handled
//! row shows its mark, one line (not a row) stands above the handled
//! group, and the list says when nothing needs the CSM. Plays are logged
//! through `update` (`App::apply`), as the logger's store answer is.

mod common;

use common::{log_play, Harness};
use crossterm::event::KeyCode;
use orienteer::domain::Inbox;

/// The rows of the list that need the CSM, as portfolio indexes.
fn need_you(h: &Harness) -> Vec<usize> {
    let p = h.app.shown().unwrap();
    h.app
        .visible
        .iter()
        .map(|&i| i as usize)
        .filter(|&i| p.eval(i).inbox() == Inbox::NeedsYou)
        .collect()
}

/// The demo narrowed to the "harbor" accounts, with a play logged on the
/// `handled` most urgent of them.
fn morning(width: u16, height: u16, handled: usize) -> Harness {
    let mut h = Harness::new(width, height);
    h.key(KeyCode::Char('/'));
    h.chars("harbor");
    h.key(KeyCode::Enter);
    for i in need_you(&h).into_iter().take(handled) {
        log_play(&mut h.app, i, "check-in", 7);
    }
    h.draw();
    h
}

/// The rows of the list in `inbox`, as list positions.
fn rows_in(h: &Harness, inbox: Inbox) -> Vec<usize> {
    let p = h.app.shown().unwrap();
    (0..h.app.visible.len())
        .filter(|&r| p.eval(h.app.visible[r] as usize).inbox() == inbox)
        .collect()
}

fn line_of(screen: &str, text: &str) -> Option<usize> {
    screen.lines().position(|l| l.contains(text))
}

#[test]
fn the_header_counts_the_inbox_first() {
    let h = morning(80, 24, 0);
    let before = rows_in(&h, Inbox::Handled).len();
    let h = morning(80, 24, 2);
    let handled = rows_in(&h, Inbox::Handled).len();
    assert_eq!(handled, before + 2, "two more handled");
    let need_you = rows_in(&h, Inbox::NeedsYou).len();
    let header = h.screen().lines().nth(1).unwrap().to_string();
    let want = format!("{need_you} need you · {handled} handled");
    assert!(header.starts_with(&want), "{header}");
}

#[test]
fn the_handled_group_has_its_line_and_its_marks_80x24() {
    let h = morning(80, 24, 2);
    insta::assert_snapshot!(h.screen());
}

#[test]
fn the_handled_group_has_its_line_and_its_marks_160x48() {
    let h = morning(160, 48, 2);
    insta::assert_snapshot!(h.screen());
}

#[test]
fn nothing_needs_you_says_so_above_the_handled_80x24() {
    let h = morning(80, 24, usize::MAX);
    assert!(need_you(&h).is_empty());
    let screen = h.screen();
    assert_eq!(line_of(&screen, "Nothing needs you:"), Some(3), "{screen}");
    assert!(screen.lines().nth(1).unwrap().starts_with("0 need you · "));
    insta::assert_snapshot!(screen);
}

#[test]
fn nothing_needs_you_160x48() {
    let h = morning(160, 48, usize::MAX);
    insta::assert_snapshot!(h.screen());
}

#[test]
fn the_mark_is_ascii_on_an_ascii_terminal() {
    let mut h = morning(80, 24, 2);
    assert!(h.screen().contains("✓ "));
    h.ascii = true;
    let screen = h.draw();
    assert!(!screen.contains('✓'), "{screen}");
    assert!(
        screen.contains("-- ") && screen.contains(" handled --"),
        "{screen}"
    );
    let marked = screen.lines().filter(|l| l.contains(" + ")).count();
    let on_screen = rows_in(&h, Inbox::Handled)
        .iter()
        .filter(|&&r| r < 20)
        .count();
    assert_eq!(marked, on_screen, "{screen}");
}

#[test]
fn the_line_is_not_a_row_for_keys_or_clicks() {
    let mut h = morning(80, 24, 2);
    let screen = h.screen();
    let line = line_of(&screen, " handled ──").expect("the handled line");
    let first_handled = rows_in(&h, Inbox::Handled)[0];
    // j from the last row above the line lands on the first handled row.
    h.app.selected = first_handled - 1;
    h.key(KeyCode::Char('j'));
    assert_eq!(h.app.selected, first_handled);
    h.key(KeyCode::Char('k'));
    assert_eq!(h.app.selected, first_handled - 1);
    // A click on the line selects nothing; one below it, the row drawn there.
    let click = |h: &mut Harness, row: usize| {
        use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
        let event = MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 20,
            row: row as u16,
            modifiers: KeyModifiers::NONE,
        };
        let at = std::time::Instant::now();
        orienteer::tui::update::update(
            &mut h.app,
            orienteer::tui::update::Msg::Mouse { event, at },
        );
        h.draw();
    };
    h.app.selected = 0;
    h.draw();
    click(&mut h, line);
    assert_eq!(h.app.selected, 0, "the line is not a row");
    click(&mut h, line + 1);
    assert_eq!(h.app.selected, first_handled, "the row under the line");
    let name = h.selected_name();
    assert!(h.screen().lines().nth(line + 1).unwrap().contains(&name));
    // G then g: every row reachable, the line drawn when its place shows.
    h.key(KeyCode::Char('G'));
    assert_eq!(h.app.selected, h.app.visible.len() - 1);
    let name = h.selected_name();
    assert!(h.screen().contains(&name), "the last row is on screen");
    h.key(KeyCode::Char('g'));
    assert_eq!(h.app.selected, 0);
}

#[test]
fn another_order_or_hiding_the_handled_drops_the_line() {
    let mut h = morning(80, 24, 2);
    assert!(h.screen().contains(" handled ──"));
    h.key(KeyCode::Char('s'));
    assert!(!h.screen().contains(" handled ──"), "{}", h.screen());
}
