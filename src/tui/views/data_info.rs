//! `i`: about the data on screen. Where it came from, how old it is, what
//! the last load or sync said when it failed (in full, where the header
//! has room for its kind only), and every warning the source gave: a bad
//! field, an account without usage data, a sync that fell back on the
//! cache; then what the mapping misses (milestones not tracked, fields not
//! mapped, mapped properties no account has a value for), and where the
//! log file is. It scrolls like help.

use super::format::wrap;
use crate::domain::text::clean;
use crate::keymap::Action;
use crate::tui::state::App;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// Label column width.
const LABEL: usize = 10;

/// Draws the overlay over `area`; returns the lines it had room for and
/// how far it can scroll.
pub(crate) fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) -> (usize, usize) {
    let width = area.width.min(100);
    let lines = lines(app, theme, usize::from(width.saturating_sub(2)));
    let sync = app
        .keymap
        .keys(Action::Refresh)
        .first()
        .map_or(String::new(), |k| format!("{k} syncs now · "));
    let closing = format!(" {sync}any other key closes this");
    super::overlay::render(
        app,
        theme,
        frame,
        area,
        (" About the data ", width),
        lines,
        closing,
    )
}

/// The overlay's text, wrapped to `width`.
fn lines(app: &App, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let mut field = |label: &str, value: &str, style| {
        let room = width.saturating_sub(LABEL + 1);
        for (i, l) in wrap(value, room, 0).into_iter().enumerate() {
            let head = if i == 0 { label } else { "" };
            out.push(Line::styled(format!(" {head:<LABEL$}{l}"), style));
        }
    };
    let plain = ratatui::style::Style::default();
    match &app.data {
        None if app.loads.busy() => field("Data", "none yet: the first load is running", plain),
        None => field("Data", "none: the load failed (below)", plain),
        Some(d) => {
            // The failed sync's message is the first warning, below.
            field("Source", &super::origin::label(&d.origin), plain);
            let fetched = format!(
                "{} ({})",
                crate::domain::numbers::ago(d.fetched_at, app.now),
                d.as_of.zone.label(d.fetched_at)
            );
            field("Fetched", &fetched, plain);
            field("As of", &d.as_of.label(), plain);
        }
    }
    if let Some(e) = &app.failure {
        let text = format!("failed ({}): {}", e.kind(), clean(&e.to_string()));
        field("Last load", &text, theme.warn());
    } else if app.loads.busy() {
        field("Last load", "running…", plain);
    }
    let log = app.log_path.as_ref().map_or_else(
        || "none".into(),
        |p| format!("{} (crash reports beside it)", p.display()),
    );
    field("Log file", &log, plain);
    let warnings = app.data.as_ref().map_or(&[][..], |d| &d.warnings[..]);
    if warnings.is_empty() {
        field("Warnings", "none", plain);
    } else {
        field("Warnings", &warnings.len().to_string(), theme.warn());
        bullets(&mut out, warnings, width);
    }
    let mapping = app.data.as_ref().map_or(&[][..], |d| &d.mapping[..]);
    if !mapping.is_empty() {
        out.push(Line::default());
        out.push(Line::styled(" What the mapping misses", theme.header()));
        bullets(&mut out, mapping, width);
    }
    out
}

/// Each of `items` as a bullet, wrapped to `width`, cleaned.
fn bullets(out: &mut Vec<Line<'static>>, items: &[String], width: usize) {
    for w in items {
        for (i, l) in wrap(&clean(w), width.saturating_sub(3), 0)
            .into_iter()
            .enumerate()
        {
            let bullet = if i == 0 { " • " } else { "   " };
            out.push(Line::from(vec![Span::raw(bullet), Span::raw(l)]));
        }
    }
}
