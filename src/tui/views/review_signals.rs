//! The Review screen's Signals tab: the ranked signals of a
//! [`Review`], one row each, the selected one explained under the table.
//! Readable without colour: the selection is reversed and marked `>`,
//! and evidence is a word.

use crate::domain::review::rows::signal_row;
pub use crate::domain::review::rows::{evidence, explain};
use crate::domain::review::Review;
use crate::tui::theme::Theme;
use crate::tui::views::format::wrap;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};
use ratatui::Frame;

/// Lines of the explanation under the table at most.
const EXPLAIN_LINES: usize = 3;

/// Draws the Signals tab of `review` in `area`, row `selected` selected
/// and kept in view.
pub fn draw_signals(
    frame: &mut Frame,
    area: Rect,
    review: &Review,
    selected: usize,
    theme: &Theme,
) {
    let said = review
        .signals
        .get(selected.min(review.signals.len().saturating_sub(1)))
        .map(|s| wrap(&explain(s), usize::from(area.width).max(1), 0))
        .unwrap_or_default();
    let foot_h = said.len().min(EXPLAIN_LINES) + 1;
    let [head, table, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(foot_h as u16),
    ])
    .areas(area);
    let title = format!(
        "{} renewed, {} churned, each as it stood {} days before its outcome",
        review.renewed, review.churned, review.horizon_days
    );
    frame.render_widget(Paragraph::new(Span::styled(title, theme.title())), head);

    if review.signals.is_empty() {
        let none = "No closed accounts to learn from: no renewal outcome is known yet.";
        frame.render_widget(Paragraph::new(Span::styled(none, theme.dim())), table);
        return;
    }
    let wide = area.width >= 120;
    let visible = usize::from(table.height.saturating_sub(1)).max(1);
    let selected = selected.min(review.signals.len() - 1);
    let offset = selected.saturating_sub(visible - 1);
    // Only the rows on screen are built: this runs on every frame.
    let rows = review
        .signals
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, s)| (i, signal_row(i + 1, s)))
        .map(|(i, r)| {
            let mark = if i == selected { ">" } else { " " };
            let mut cells = vec![format!("{mark}{:>3}", r.rank)];
            if wide {
                cells.push(r.kind.to_string());
            }
            let style = if i == selected {
                theme.selected()
            } else if !r.telling {
                theme.dim()
            } else {
                ratatui::style::Style::new()
            };
            cells.extend([
                r.label,
                r.with.to_string(),
                r.churn_with,
                r.without.to_string(),
                r.churn_without,
                r.lift,
                r.p,
                r.evidence.to_string(),
            ]);
            Row::new(cells).style(style)
        });
    let mut widths = vec![Constraint::Length(4)];
    let mut header = vec!["   #"];
    if wide {
        widths.push(Constraint::Length(9));
        header.push("Kind");
    }
    widths.extend([
        if wide {
            Constraint::Length(40)
        } else {
            Constraint::Fill(1)
        },
        Constraint::Length(5),
        Constraint::Length(5),
        Constraint::Length(7),
        Constraint::Length(5),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(8),
    ]);
    header.extend([
        "Signal", "With", "churn", "Without", "churn", "Lift", "p", "Evidence",
    ]);
    let t = Table::new(rows, widths)
        .header(Row::new(header).style(theme.header()))
        .column_spacing(1);
    frame.render_widget(t, table);

    let mut lines: Vec<Line> = said
        .into_iter()
        .take(EXPLAIN_LINES)
        .map(Line::from)
        .collect();
    lines.push(Line::from(Span::styled(
        "Enter: accounts behind it · ranked by p (Fisher exact), risks first, then lift",
        theme.dim(),
    )));
    frame.render_widget(Paragraph::new(lines), foot);
}
