//! The Review screen's Heat map tab: a row per account, segment or owner,
//! a cell per week shaded by engagement. Each shade has its own character,
//! so the grid reads without colour; colour only repeats it. The most
//! recent weeks that fit are shown.

use super::format::{fit, fit_line};
use crate::domain::journey::heatmap::{glyph, level, weeks_per_block, HeatMap, GLYPHS, MISSING};
use crate::domain::text::clean;
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
fn shade(theme: &Theme, cell: Option<f32>) -> Style {
    match cell.map(level) {
        None => theme.dim(),
        Some(0) => theme.band(Band::Poor),
        Some(1) => theme.band(Band::Average),
        Some(_) => theme.band(Band::Good),
    }
}

/// Draws the grid; returns the rows it had room for.
pub fn render(
    m: &HeatMap,
    view: &ReviewView,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) -> usize {
    let width = usize::from(area.width);
    let shown = weeks_per_block(width, LABEL, 2).min(m.weeks.len());
    let from = m.weeks.len() - shown;
    let first = &m.weeks[from].label;
    let last = &m.weeks[m.weeks.len() - 1].label;
    let mut lines = vec![Line::styled(
        format!(
            "{:<LABEL$} {}",
            "",
            fit(&format!("{first} … {last}"), shown * 2)
        ),
        theme.header(),
    )];
    let page = usize::from(area.height.saturating_sub(2)).max(1);
    let offset = (view.selected + 1).saturating_sub(page);
    for (n, r) in m.rows.iter().enumerate().skip(offset).take(page) {
        let label = format!("{:<LABEL$} ", fit(&clean(&r.key), LABEL - 1));
        let label_style = if n == view.selected {
            theme.selected()
        } else {
            Style::new()
        };
        let mut spans = vec![Span::styled(label, label_style)];
        for c in &r.cells[from..] {
            let g = glyph(*c);
            spans.push(Span::styled(format!("{g}{g}"), shade(theme, *c)));
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
    let n = GLYPHS.len();
    let mut spans = Vec::new();
    for (i, g) in GLYPHS.iter().enumerate() {
        let v = Some((i as f32 + 0.5) / n as f32);
        spans.push(Span::styled(format!("{g}{g}"), shade(theme, v)));
        let range = if i + 1 == n {
            format!(" {}%+  ", i * 100 / n)
        } else {
            format!(" {}-{}%  ", i * 100 / n, (i + 1) * 100 / n)
        };
        spans.push(Span::styled(range, theme.dim()));
    }
    spans.push(Span::styled(
        format!("{MISSING}{MISSING} no data"),
        theme.dim(),
    ));
    Line::from(spans)
}
