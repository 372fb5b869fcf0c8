//! The Review screen's Signals tab: the ranked signals of a
//! [`Review`], one row each, the selected one explained under the table.
//! Readable without colour: the selection is reversed and marked `>`,
//! and evidence is a word.

use crate::domain::review::signals::Signal;
use crate::domain::review::Review;
use crate::domain::text::clean;
use crate::tui::theme::Theme;
use crate::tui::views::format::wrap;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};
use ratatui::Frame;

/// Below this p-value a signal is called strong; below 0.05, some.
const STRONG: f64 = 0.001;

/// How sure the signal is, in a word.
pub fn evidence(s: &Signal) -> &'static str {
    match s.p_value {
        None => "too few",
        Some(p) if p < STRONG => "strong",
        Some(p) if p < 0.05 => "some",
        Some(_) => "none",
    }
}

fn pct(r: Option<f64>) -> String {
    r.map_or("-".into(), |r| format!("{:.0}%", r * 100.0))
}

fn lift(s: &Signal) -> String {
    match s.lift {
        None if s.with.churned > 0 => "inf".into(),
        None => "-".into(),
        Some(l) if l >= 10.0 => format!("{l:.0}x"),
        Some(l) => format!("{l:.1}x"),
    }
}

fn p_value(s: &Signal) -> String {
    match s.p_value {
        None => "-".into(),
        Some(p) if p < 0.0001 => "<.0001".into(),
        Some(p) => format!("{p:.4}"),
    }
}

/// What the selected signal says, in a sentence, naming the signals
/// folded into it (the same accounts, or exactly the others).
pub fn explain(s: &Signal) -> String {
    let mut out = format!(
        "{}: {} of {} accounts with it churned ({}), {} of {} without ({})",
        clean(&s.label()),
        s.with.churned,
        s.with.accounts,
        pct(s.churn_rate_with),
        s.without.churned,
        s.without.accounts,
        pct(s.churn_rate_without),
    );
    if !s.same_as.is_empty() {
        out.push_str(&format!(
            "; same accounts as: {}",
            clean(&s.same_as_label())
        ));
    }
    out
}

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
    let rows = review
        .signals
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, s)| {
            let mark = if i == selected { ">" } else { " " };
            let mut cells = vec![format!("{mark}{:>3}", i + 1)];
            if wide {
                cells.push(s.kind.id().to_string());
            }
            cells.extend([
                clean(&s.label()).into_owned(),
                s.with.accounts.to_string(),
                pct(s.churn_rate_with),
                s.without.accounts.to_string(),
                pct(s.churn_rate_without),
                lift(s),
                p_value(s),
                evidence(s).to_string(),
            ]);
            let style = if i == selected {
                theme.selected()
            } else if s.p_value.is_none_or(|p| p >= 0.05) {
                theme.dim()
            } else {
                ratatui::style::Style::new()
            };
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
