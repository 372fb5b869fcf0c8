//! The Review screen's Heat map tab: a row per account, segment or owner,
//! a cell per week shaded by engagement. Each shade has its own character,
//! so the grid reads without colour; colour only repeats it. The most
//! recent weeks that fit are shown.

use super::format::{fit, fit_line};
use crate::domain::journey::heatmap::{weeks_per_block, HeatMap};
use crate::domain::review::heat_rows::{heat_line, legend as legend_items, span_title};
use crate::domain::Band;
use crate::tui::review::ReviewView;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

const LABEL: usize = 24;

/// The style of a shade: the bands' colours, low to high.
fn shade(theme: &Theme, level: Option<usize>) -> Style {
    match level {
        None => theme.dim(),
        Some(0) => theme.band(Band::Poor),
        Some(1) => theme.band(Band::Average),
        Some(_) => theme.band(Band::Good),
    }
}

/// Draws the grid; returns the rows it had room for.
pub(crate) fn render(
    m: &HeatMap,
    view: &ReviewView,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) -> usize {
    let width = usize::from(area.width);
    let shown = weeks_per_block(width, LABEL, 2).min(m.weeks.len());
    let from = m.weeks.len() - shown;
    let mut lines = vec![Line::styled(
        format!(
            "{:<LABEL$} {}",
            "",
            fit(&span_title(&m.weeks[from..]), shown * 2)
        ),
        theme.header(),
    )];
    let page = usize::from(area.height.saturating_sub(2)).max(1);
    let offset = (view.selected + 1).saturating_sub(page);
    // Only the rows on screen are built: a map by account has one per
    // account, and this runs on every frame.
    for (n, row) in m.rows.iter().enumerate().skip(offset).take(page) {
        let r = heat_line(row);
        let label = format!("{:<LABEL$} ", fit(&r.label, LABEL - 1));
        let label_style = if n == view.selected {
            theme.selected()
        } else {
            Style::new()
        };
        let mut spans = vec![Span::styled(label, label_style)];
        for c in &r.cells[from..] {
            let g = c.glyph;
            spans.push(Span::styled(format!("{g}{g}"), shade(theme, c.level)));
        }
        lines.push(fit_line(Line::from(spans), width));
    }
    while lines.len() < usize::from(area.height).saturating_sub(1) {
        lines.push(Line::raw(""));
    }
    lines.push(fit_line(legend(theme), width));
    frame.render_widget(Paragraph::new(lines), area);
    page
}

fn legend(theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for item in legend_items() {
        let g = item.glyph;
        match item.level {
            Some(_) => {
                spans.push(Span::styled(format!("{g}{g}"), shade(theme, item.level)));
                spans.push(Span::styled(format!(" {}  ", item.range), theme.dim()));
            }
            None => spans.push(Span::styled(format!("{g}{g} {}", item.range), theme.dim())),
        }
    }
    Line::from(spans)
}
