//! The snooze form, drawn over the screen it was opened on: the account's
//! alerts (the chosen one marked `>`), the until day with its presets and
//! the day it reads as, the reason, a problem if any, and the keys. The
//! focused field's label is marked `>` and in reverse video.

use super::format::fit;
use crate::tui::form;
use crate::tui::snoozer::{SnoozeField, SnoozeForm, PRESETS};
use crate::tui::state::App;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// Width of the field labels, marker included.
const LABEL: usize = 10;

pub(crate) fn render(app: &App, form: &SnoozeForm, theme: &Theme, frame: &mut Frame, area: Rect) {
    let f = form;
    // Fixed lines: until, reason, problem, two of keys; a blank line.
    let fixed = 6;
    let room = usize::from(area.height.saturating_sub(2)).saturating_sub(fixed);
    let alert_rows = f.alerts.len().min(room).max(1);
    let popup = form::popup(area, fixed + alert_rows + 2, 90);
    let w = form::inner_width(popup);

    let mut lines = alert_list(f, theme, w, alert_rows);
    lines.push(Line::default());
    let unsnooze = f.alert().snoozed.is_some();
    if unsnooze {
        lines.push(Line::styled(
            fit(" Enter unsnoozes this alert: it counts again.", w),
            theme.accent(),
        ));
        lines.push(Line::default());
    } else {
        lines.push(until_line(app, f, theme, w));
        let cursor = if f.focus == SnoozeField::Reason {
            "_"
        } else {
            ""
        };
        let reason = format!("{}{cursor}", crate::domain::text::clean(&f.reason));
        // The end of a long reason shows: that is where typing goes.
        let tail = form::tail(&reason, w.saturating_sub(LABEL));
        lines.push(Line::from(vec![
            label(SnoozeField::Reason, "Reason", f),
            Span::raw(tail),
        ]));
    }
    lines.push(match &f.error {
        _ if f.saving => Line::styled(" saving…", theme.dim()),
        Some((_, why)) => Line::styled(fit(&format!(" {why}"), w), theme.warn()),
        None => Line::default(),
    });
    let (first, second) = match (unsnooze, f.focus) {
        (true, _) => (" Enter unsnooze · ↑/↓ alert · Esc cancel", ""),
        (false, SnoozeField::Until) => (
            " Enter next · 1/2/3 or Tab preset · ↑/↓ alert · Esc cancel",
            " or Backspace and type a day: 1w, +10d, fri, 2026-12-24",
        ),
        (false, SnoozeField::Reason) => (
            " Enter snooze · Tab back to until · ↑/↓ alert · Esc cancel",
            " why, in a few words (required): it shows with the alert",
        ),
    };
    lines.push(Line::styled(fit(first, w), theme.accent()));
    lines.push(Line::styled(fit(second, w), theme.dim()));

    let title = format!(" Snooze an alert · {} ", f.account_name);
    form::draw(frame, popup, &title, lines, theme);
}

/// A field's label: `> Label` in reverse video when it has the focus.
fn label(field: SnoozeField, text: &str, f: &SnoozeForm) -> Span<'static> {
    let (mark, style) = if f.focus == field {
        (
            ">",
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    } else {
        (" ", Style::new().add_modifier(Modifier::DIM))
    };
    Span::styled(format!("{:<LABEL$}", format!("{mark} {text}")), style)
}

/// The account's alerts, the chosen one kept in view and marked `>`; a
/// snoozed one dimmed with its mark.
fn alert_list(f: &SnoozeForm, theme: &Theme, width: usize, rows: usize) -> Vec<Line<'static>> {
    let start = f.cursor.saturating_sub(rows.saturating_sub(1));
    let mut out: Vec<Line> = f
        .alerts
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(n, a)| {
            let here = n == f.cursor;
            let mark = if here { " > " } else { "   " };
            let text = match &a.snoozed {
                Some(m) => format!("{} ({m})", a.message),
                None => a.message.clone(),
            };
            let style = match (here, a.snoozed.is_some()) {
                (true, _) => theme.selected(),
                (false, true) => theme.dim(),
                (false, false) => Style::default(),
            };
            let rest = width.saturating_sub(3 + 9);
            Line::from(vec![
                Span::raw(mark),
                Span::styled(
                    format!("{:<8} ", a.severity.id()),
                    theme.severity(a.severity),
                ),
                Span::styled(fit(&text, rest), style),
            ])
        })
        .collect();
    out.resize(rows, Line::default());
    out
}

/// The until field: the presets (the chosen one in brackets) or the day
/// typed, and the day it reads as ("until Thu 2026-12-24").
fn until_line(app: &App, f: &SnoozeForm, theme: &Theme, width: usize) -> Line<'static> {
    let mut spans = vec![label(SnoozeField::Until, "Until", f)];
    for (n, (_, words)) in PRESETS.iter().enumerate() {
        spans.push(if f.preset == Some(n) {
            Span::styled(format!("[{}:{words}] ", n + 1), theme.title())
        } else {
            Span::styled(format!(" {}:{words}  ", n + 1), theme.dim())
        });
    }
    if f.preset.is_none() {
        let cursor = if f.focus == SnoozeField::Until {
            "_"
        } else {
            ""
        };
        spans.push(Span::raw(format!(
            "{}{cursor} ",
            crate::domain::text::clean(&f.until)
        )));
    }
    let today = app.shown().map(|p| p.now());
    let read = today.map(|t| f.until_day(t));
    spans.push(match read {
        Some(Ok(day)) => Span::styled(
            format!("= until {}", day.format("%a %Y-%m-%d")),
            theme.dim(),
        ),
        Some(Err(_)) if f.until.trim().is_empty() => Span::styled("? type a day", theme.warn()),
        _ => Span::styled("? not understood", theme.warn()),
    });
    super::format::fit_line(Line::from(spans), width)
}
