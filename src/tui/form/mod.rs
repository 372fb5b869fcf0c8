//! What the forms over the screen share (the play logger, the snooze form,
//! the export prompt): the centred frame they are drawn in, the one-line
//! field editor (a character, Backspace, Ctrl-U), the account they act on,
//! and the words for a store that refused what they wrote.

use super::state::{App, Screen};
use super::theme::Theme;
use crate::domain::text::clean;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// The frame of a form `height` lines high (its border included) and at
/// most `max_width` wide, centred in `area`.
pub(crate) fn popup(area: Rect, height: usize, max_width: u16) -> Rect {
    let height = u16::try_from(height).unwrap_or(u16::MAX).min(area.height);
    let width = area.width.min(max_width);
    let [v] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(v);
    popup
}

/// The columns inside a frame `popup` (its border left out).
pub(crate) fn inner_width(popup: Rect) -> usize {
    usize::from(popup.width.saturating_sub(2))
}

/// Draws `lines` in a bordered frame at `popup`, over what was there, with
/// `title` on its top border (cut to fit).
pub(crate) fn draw(
    frame: &mut Frame,
    popup: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
    theme: &Theme,
) {
    let title = super::views::format::fit(title, inner_width(popup));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::styled(title, theme.title()));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// The character a key types into a text field, if it types one (no Ctrl
/// or Alt with it).
pub(crate) fn typed(key: KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(c)
        }
        _ => None,
    }
}

/// An edit of a one-line field, the cursor always at its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineEdit {
    Push(char),
    /// Backspace: the last character goes.
    Pop,
    /// Ctrl-U: the whole field goes.
    Clear,
}

impl LineEdit {
    /// The edit `key` makes, if it makes one.
    pub(crate) fn of(key: KeyEvent) -> Option<LineEdit> {
        match key.code {
            KeyCode::Backspace => Some(LineEdit::Pop),
            KeyCode::Char('u') if key.modifiers == KeyModifiers::CONTROL => Some(LineEdit::Clear),
            _ => typed(key).map(LineEdit::Push),
        }
    }

    pub(crate) fn apply(self, text: &mut String) {
        match self {
            LineEdit::Push(c) => text.push(c),
            LineEdit::Pop => {
                text.pop();
            }
            LineEdit::Clear => text.clear(),
        }
    }
}

/// The portfolio index of the account a form opens on: the open account
/// (account view) or the selected row (list); none on the Review screen.
pub(crate) fn target(app: &App) -> Option<usize> {
    match &app.screen {
        Screen::Account(view) => app.portfolio().and_then(|p| p.find(&view.detail.item.id)),
        Screen::List => app.selected_account(),
        // The forms' keys are not bound there: a drilled account opens first.
        Screen::Review(_) => None,
    }
}

/// The words for a write the store refused: "not queued: the store is
/// busy", cleaned for the terminal.
pub(crate) fn refused(what: &str, why: &impl std::fmt::Display) -> String {
    format!("not {what}: {}", clean(&why.to_string()))
}

/// The end of `text` that fits `width` columns: where typing goes.
pub(crate) fn tail(text: &str, width: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars[chars.len().saturating_sub(width)..].iter().collect()
}
