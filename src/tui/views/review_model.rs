//! The Review screen's Model tab: how well the health score told renewed
//! from churned accounts (AUC, overall and per stage), the fitted weights
//! beside the configured ones, and the config to paste. A suggestion,
//! labelled as one, and only when it earns it; otherwise why there is
//! none.

use crate::domain::review::model::StageModel;
pub(crate) use crate::domain::review::rows::grade;
use crate::domain::review::rows::{stage_rows, StageRow};
use crate::domain::review::Review;
use crate::domain::text::clean;
use crate::domain::Indicator;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::domain::numbers::auc;

fn stage_line(s: &StageRow, wide: bool) -> String {
    let mut line = format!(
        "  {:<16} {:>8} {:>7} {:>6} {:>11}",
        s.stage, s.accounts, s.churned, s.auc, s.fitted_auc
    );
    if wide {
        line.push_str(&format!("   {}", s.grade));
    }
    line
}

fn weights_lines(s: &StageModel, theme: &Theme, out: &mut Vec<Line<'static>>) {
    let Some(suggested) = &s.suggested else {
        return;
    };
    out.push(Line::from(Span::styled(
        format!(
            "  {:<24} {:>10} {:>10}",
            clean(&s.stage),
            "current",
            "suggested"
        ),
        theme.header(),
    )));
    for ind in Indicator::ALL {
        let (now, new) = (s.weights[ind.id()], suggested[ind.id()]);
        let arrow = match new.total_cmp(&now) {
            std::cmp::Ordering::Greater => "up",
            std::cmp::Ordering::Less => "down",
            std::cmp::Ordering::Equal => "",
        };
        out.push(Line::from(format!(
            "  {:<24} {:>10.2} {:>10.2}  {arrow}",
            ind.title(),
            now,
            new
        )));
    }
}

/// Draws the Model tab of `review` in `area`, from line `scroll` on.
pub fn draw_model(frame: &mut Frame, area: Rect, review: &Review, scroll: u16, theme: &Theme) {
    let lines = lines(review, area.width >= 120, theme);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

/// How many lines the Model tab of `review` has before wrapping: the
/// bound of its scroll.
pub fn line_count(review: &Review) -> usize {
    lines(review, false, &Theme::plain()).len()
}

/// The Model tab's lines (`wide`: with the grades beside the stages).
fn lines(review: &Review, wide: bool, theme: &Theme) -> Vec<Line<'static>> {
    let m = &review.model;
    if m.accounts == 0 {
        // No score at the horizon: the reason (and what would help) is
        // all there is to say.
        return vec![Line::from(Span::styled(
            format!("{}.", m.label),
            theme.warn(),
        ))];
    }
    let mut lines: Vec<Line<'static>> = vec![
        Line::from(Span::styled(
            format!(
                "Health score {} days before the outcome: AUC {} over {} accounts ({})",
                review.horizon_days,
                auc(m.auc),
                m.accounts,
                grade(m.auc)
            ),
            theme.title(),
        )),
        Line::from(Span::styled(
            "  1.00: every renewed account scored above every churned one; 0.50: chance",
            theme.dim(),
        )),
        Line::from(""),
        Line::from(Span::styled(
            format!(
                "  {:<16} {:>8} {:>7} {:>6} {:>11}",
                "Stage", "accounts", "churned", "AUC", "fitted (cv)"
            ),
            theme.header(),
        )),
    ];
    for s in &stage_rows(m) {
        lines.push(Line::from(stage_line(s, wide)));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        format!("{}.", m.label),
        theme.warn(),
    )));
    if m.toml.is_empty() {
        return lines;
    }
    lines.push(Line::from(Span::styled(
        "  Fitted to past outcomes, checked on accounts left out of the fit.",
        theme.dim(),
    )));
    for s in &m.per_stage {
        weights_lines(s, theme, &mut lines);
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "To try it, paste into the config file:",
        theme.title(),
    )));
    for l in m.toml.lines() {
        lines.push(Line::from(format!("  {}", clean(l))));
    }
    lines
}
