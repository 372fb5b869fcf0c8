//! The mouse, when the config leaves it on: the wheel scrolls (the list's
//! selection, the account view, help), a click on a list row selects it
//! and a second click on it within [`DOUBLE_CLICK`] opens the account.
//! Pure like the rest of `update`: the time of each event comes in with it,
//! and rows are found from where the last draw put them.

use super::state::{App, Click, Mode, Screen};
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use std::time::{Duration, Instant};

/// Two clicks on the same row within this are a double-click.
pub const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// Rows (or lines) one notch of the wheel moves.
pub const WHEEL_ROWS: usize = 3;

/// Handles one mouse event that arrived at `at`; true when the screen changes.
pub(crate) fn on_mouse(app: &mut App, event: MouseEvent, at: Instant) -> bool {
    match event.kind {
        MouseEventKind::ScrollDown => wheel(app, true),
        MouseEventKind::ScrollUp => wheel(app, false),
        MouseEventKind::Down(MouseButton::Left) => click(app, event.column, event.row, at),
        _ => false,
    }
}

fn wheel(app: &mut App, down: bool) -> bool {
    let step = |v: usize| {
        if down {
            v.saturating_add(WHEEL_ROWS)
        } else {
            v.saturating_sub(WHEEL_ROWS)
        }
    };
    let lines = |v: u16| u16::try_from(step(usize::from(v))).unwrap_or(u16::MAX);
    if app.mode.overlay() {
        app.help.scroll = lines(app.help.scroll).min(app.help.max_scroll);
        return true;
    }
    match &mut app.screen {
        // Past the end is clamped when it is drawn, as for the keys.
        Screen::Account(view) => view.scroll = lines(view.scroll),
        Screen::Review(_) => return false,
        Screen::List => {
            let last = app.visible.len().saturating_sub(1);
            app.selected = step(app.selected).min(last);
            app.keep_visible();
        }
    }
    true
}

fn click(app: &mut App, column: u16, row: u16, at: Instant) -> bool {
    if app.mode.overlay() {
        // A click closes help, as a key does.
        app.mode = Mode::Normal;
        return true;
    }
    if !matches!(app.screen, Screen::List) {
        return false;
    }
    let Some(row) = app
        .list_table
        .and_then(|table| table.row_at(column, row))
        .filter(|&r| r < app.visible.len())
    else {
        return false;
    };
    app.selected = row;
    app.keep_visible();
    let Some(account) = app.selected_account() else {
        return true;
    };
    let double = app.last_click.is_some_and(|c| {
        c.account == account && at.saturating_duration_since(c.at) <= DOUBLE_CLICK
    });
    if double {
        app.last_click = None;
        app.open(account);
    } else {
        app.last_click = Some(Click { account, at });
    }
    true
}
