//! `?`: the live key map of the screen under it, drawn from the bindings in
//! force. When it does not fit the terminal it scrolls, and its border says
//! there is more.

use crate::tui::state::App;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// Draws help over `area`; returns the lines of keys it had room for and
/// how far it can scroll.
pub(crate) fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) -> (usize, usize) {
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
    super::overlay::render(
        app,
        theme,
        frame,
        area,
        (" Keys ", 60),
        lines,
        " ctrl-c always quits · any other key closes this".into(),
    )
}
