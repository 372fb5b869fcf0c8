//! `?`: the live key map of the screen under it, drawn from the bindings in
//! force. When it does not fit the terminal it scrolls, and its border says
//! there is more.

use crate::keymap::Action;
use crate::tui::state::App;
use crate::tui::theme::Theme;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// Draws help over `area`; returns the lines of keys it had room for and
/// how far it can scroll.
pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) -> (usize, usize) {
    let entries: Vec<(String, String)> = app
        .keymap
        .help_on(app.key_screen())
        .into_iter()
        .filter_map(|(action, keys, what)| {
            // Stage keys read as the stages they show; keys for stages the
            // model does not have are left out.
            let what = match action.stage() {
                Some(i) => format!("Show only {}", app.stage_at_position(i)?),
                None => what.to_string(),
            };
            Some((keys, what))
        })
        .collect();
    let key_w = entries
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(4)
        .min(16);
    let lines: Vec<Line> = entries
        .into_iter()
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(format!(" {keys:<key_w$}  "), theme.accent()),
                Span::raw(what),
            ])
        })
        .collect();
    // Borders and the closing line take three rows.
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(3)
        .min(area.height);
    let width = 60.min(area.width);
    let [v] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(v);
    let rows = usize::from(height.saturating_sub(3));
    let max_scroll = lines.len().saturating_sub(rows);
    let scroll = usize::from(app.help.scroll).min(max_scroll);
    let mut shown: Vec<Line> = lines.into_iter().skip(scroll).take(rows).collect();
    shown.push(Line::styled(
        " ctrl-c always quits · any other key closes this",
        theme.dim(),
    ));
    let mut block = Block::default().borders(Borders::ALL).title(" Keys ");
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
