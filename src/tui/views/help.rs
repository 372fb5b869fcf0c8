//! `?`: the live key map, drawn from the bindings in force.

use crate::tui::state::App;
use crate::tui::theme::Theme;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let entries: Vec<(String, String)> = app
        .keymap
        .help()
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
    let mut lines: Vec<Line> = entries
        .into_iter()
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(format!(" {keys:<key_w$}  "), theme.accent()),
                Span::raw(what),
            ])
        })
        .collect();
    lines.push(Line::styled(
        " ctrl-c always quits · any key closes this",
        theme.dim(),
    ));
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2)
        .min(area.height);
    let width = 60.min(area.width);
    let [v] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(v);
    frame.render_widget(Clear, popup);
    let block = Block::default().borders(Borders::ALL).title(" Keys ");
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
