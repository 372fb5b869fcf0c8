//! The export prompt (`e`): the file name being typed, what it writes, a
//! problem if any, and the keys.

use super::format::fit;
use crate::tui::form;
use crate::tui::marks::export::ExportPrompt;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::Frame;

pub(crate) fn render(p: &ExportPrompt, theme: &Theme, frame: &mut Frame, area: Rect) {
    let popup = form::popup(area, 6, 90);
    let w = form::inner_width(popup);
    let label = " File: ";
    let name = crate::domain::text::clean(&p.path);
    let field = Span::styled(
        form::tail(&format!("{name}_"), w.saturating_sub(label.len())),
        Style::new().add_modifier(Modifier::BOLD),
    );
    let status = match (&p.error, p.overwrite) {
        _ if p.writing => Line::styled(" writing…", theme.dim()),
        (Some(why), _) => Line::styled(fit(&format!(" {why}"), w), theme.warn()),
        (None, true) => Line::styled(
            fit(" This file exists: Enter or e again replaces it", w),
            theme.warn(),
        ),
        (None, false) => Line::default(),
    };
    let lines = vec![
        Line::from(vec![Span::raw(label), field]),
        status,
        Line::styled(
            fit(" Enter write · ~/ is your home folder · Esc cancel", w),
            theme.accent(),
        ),
        Line::styled(
            fit(" The columns of `orienteer watchlist --format csv`", w),
            theme.dim(),
        ),
    ];
    let what = match p.marked {
        true => "marked",
        false => "listed",
    };
    let title = format!(" Export {} {what} accounts to CSV ", p.count);
    form::draw(frame, popup, &title, lines, theme);
}
