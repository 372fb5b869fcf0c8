//! A scrolling box over the screen, centred: help (`?`) and about the data
//! (`i`). The move keys scroll it (`App::help` holds how far), any other key
//! closes it; its border says when there is more above or below.

use crate::keymap::Action;
use crate::tui::state::App;
use crate::tui::theme::Theme;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// Draws `lines` in a box titled `title`, at most `width` wide, with the
/// `closing` line under them; returns the lines it had room for and how
/// far it can scroll.
pub(crate) fn render(
    app: &App,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    (title, width): (&str, u16),
    lines: Vec<Line<'static>>,
    closing: String,
) -> (usize, usize) {
    // Borders and the closing line take three rows.
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(3)
        .min(area.height);
    let [v] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    let rows = usize::from(height.saturating_sub(3));
    let max_scroll = lines.len().saturating_sub(rows);
    let scroll = usize::from(app.help.scroll).min(max_scroll);
    let mut shown: Vec<Line> = lines.into_iter().skip(scroll).take(rows).collect();
    shown.push(Line::styled(closing, theme.dim()));
    let mut block = Block::default().borders(Borders::ALL).title(title);
    if scroll > 0 {
        block = block.title(Line::styled(" ↑ more ", theme.accent()).right_aligned());
    }
    if scroll < max_scroll {
        let key = app
            .keymap
            .keys(Action::Down)
            .first()
            .map_or(String::new(), |k| format!(" ({k} scrolls)"));
        block = block
            .title_bottom(Line::styled(format!(" ↓ more{key} "), theme.accent()).right_aligned());
    }
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(shown).block(block), popup);
    (rows, max_scroll)
}
