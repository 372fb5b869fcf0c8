//! The Review screen's Cohorts tab: one row per cohort (size, ARR, health
//! bands, churn) and the share reaching each milestone on time, as many
//! milestones as fit. (The owners' load is `orienteer cohorts`'s.)

use super::format::{fit, fit_line};
use crate::domain::journey::Cohorts;
use crate::domain::review::cohort_rows::{cohort_row, milestone_column, milestone_legend, BANDS};
use crate::tui::review::ReviewView;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

const KEY: usize = 14;
/// Cohort, accounts, ARR, four bands, churn: the fixed columns.
const FIXED: usize = KEY + 6 + 11 + 4 * 5 + 6;

/// Draws the table; returns the rows it had room for.
pub(crate) fn render(
    c: &Cohorts,
    view: &ReviewView,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) -> usize {
    let width = usize::from(area.width);
    let milestones = (width.saturating_sub(FIXED) / 6).min(c.milestone_ids.len());
    let mut head = format!(
        "{:<KEY$}{:>6}{:>11}{:>5}{:>5}{:>5}{:>5}{:>6}",
        "Cohort", "Accts", "ARR", "Good", "Avg", "Poor", "n/a", "Churn"
    );
    for i in 0..milestones {
        head.push_str(&format!("{:>6}", milestone_column(i)));
    }
    let mut lines = vec![Line::styled(head, theme.header())];
    let page = usize::from(area.height.saturating_sub(3)).max(1);
    let offset = (view.selected + 1).saturating_sub(page);
    // Only the rows on screen.
    for (n, k) in c.cohorts.iter().enumerate().skip(offset).take(page) {
        let k = &cohort_row(k);
        let mut spans = vec![Span::raw(format!(
            "{:<KEY$}{:>6}{:>11}",
            fit(&k.key, KEY - 1),
            k.accounts,
            k.arr_short,
        ))];
        for (band, count) in BANDS.iter().zip(k.bands) {
            spans.push(Span::styled(format!("{count:>5}"), theme.band(*band)));
        }
        spans.push(Span::raw(format!("{:>6}", k.churn_rate)));
        for m in k.on_time.iter().take(milestones) {
            spans.push(Span::raw(format!("{m:>6}")));
        }
        let line = Line::from(spans);
        lines.push(fit_line(
            if n == view.selected {
                line.style(theme.selected())
            } else {
                line
            },
            width,
        ));
    }
    // The milestones the M columns stand for, on one line.
    let mut legend = milestone_legend(c);
    legend.truncate(milestones);
    let mut foot = format!("on time, of those due: {}", legend.join(" · "));
    if milestones == 0 {
        foot = "milestones on time: widen the terminal to see them".into();
    }
    while lines.len() < usize::from(area.height).saturating_sub(1) {
        lines.push(Line::raw(""));
    }
    lines.push(fit_line(Line::styled(foot, theme.dim()), width));
    frame.render_widget(Paragraph::new(lines), area);
    page
}
