//! Views are functions of state: `render(app, frame)` draws the current
//! screen and reports the sizes the next key press needs.

mod account;
pub(crate) mod columns;
mod data_info;
mod export;
pub(crate) mod format;
mod help;
mod list;
mod list_head;
mod logger;
mod origin;
mod overlay;
mod review;
mod review_cohorts;
mod review_heatmap;
pub mod review_model;
pub mod review_signals;
mod snoozer;

use super::state::{App, Mode, Screen, Window};
use super::theme::Theme;
use crate::keymap::Action;
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// Where the watch list's rows were drawn: the `window`'s lines from
/// screen row `top` (under the column titles), between columns `left` and
/// `right` (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ListTable {
    pub(crate) top: u16,
    pub(crate) left: u16,
    pub(crate) right: u16,
    pub(crate) window: Window,
}

impl ListTable {
    /// The list row drawn at screen cell (`column`, `row`), if any (the
    /// inbox line is none).
    pub(crate) fn row_at(&self, column: u16, row: u16) -> Option<usize> {
        let inside = (self.left..self.right).contains(&column) && row >= self.top;
        inside
            .then(|| self.window.row_at(usize::from(row - self.top)))
            .flatten()
    }
}

/// What the last draw had room for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Drawn {
    /// Rows of the list on screen, when the list was drawn.
    pub(crate) list_rows: Option<usize>,
    /// Where the list's rows were drawn, for mapping clicks to rows.
    pub(crate) list_table: Option<ListTable>,
    /// Lines of the account view on screen, when it was drawn.
    pub(crate) account_lines: Option<usize>,
    /// How far the account view can scroll.
    pub(crate) max_scroll: usize,
    /// Lines of keys help had room for and how far it can scroll, when
    /// help was drawn.
    pub(crate) help: Option<(usize, usize)>,
    /// Rows of the Review screen's table on screen, when it was drawn.
    pub(crate) review_rows: Option<usize>,
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame) -> Drawn {
    let area = frame.area();
    let mut drawn = match &app.screen {
        Screen::Account(view) => account::render(app, view, theme, frame, area),
        Screen::List => list::render(app, theme, frame, area),
        Screen::Review(view) => review::render(app, view, theme, frame, area),
    };
    if let Some(l) = app.logger() {
        logger::render(app, l, theme, frame, area);
    }
    if let Some(f) = app.snoozer() {
        snoozer::render(app, f, theme, frame, area);
    }
    if let Some(p) = app.exporter() {
        export::render(p, theme, frame, area);
    }
    match app.mode {
        Mode::Help => drawn.help = Some(help::render(app, theme, frame, area)),
        Mode::Info => drawn.help = Some(data_info::render(app, theme, frame, area)),
        Mode::Normal
        | Mode::Filtering
        | Mode::Logging(_)
        | Mode::Snoozing(_)
        | Mode::Exporting(_) => {}
    }
    drawn
}

/// The status line: how loading goes, then the logged plays waiting to be
/// sent or failed.
fn status(app: &App, theme: &Theme) -> Option<Span<'static>> {
    let load = load_status(app);
    let logs = app.deliveries.summary(|id| {
        let p = app.portfolio()?;
        Some(p.accounts[p.find(id.as_str())?].name.clone())
    });
    let d = &app.deliveries;
    let style = if load.is_some() || !d.failed.is_empty() || d.restarted.is_some() {
        theme.warn()
    } else {
        theme.accent()
    };
    let text = match (load, logs) {
        (Some(load), Some(logs)) => format!("{load} · {logs}"),
        (Some(text), None) | (None, Some(text)) => text,
        (None, None) => return None,
    };
    Some(Span::styled(format!("  {text}"), style))
}

/// How loading goes: loading, refreshing (with one more queued), or the
/// kind and reason of the last failure.
fn load_status(app: &App) -> Option<String> {
    // What the running fetch reports, if it does: `companies 3,400 of 6,605`.
    let step = app
        .progress
        .as_ref()
        .filter(|s| !s.what.is_empty())
        .map(|s| format!(": {}", s.label()))
        .unwrap_or_default();
    let text = match (&app.failure, app.loads.busy()) {
        (_, true) if app.data.is_none() => format!("loading{step}…"),
        (_, true) if app.loads.pending() => format!("refreshing{step}… (then again)"),
        (_, true) => format!("refreshing{step}…"),
        (Some(e), false) => {
            let retry = app
                .keymap
                .keys(Action::Refresh)
                .first()
                .map_or(String::new(), |k| format!(" · {k} retries"));
            let why = crate::domain::text::clean(&e.to_string()).into_owned();
            format!("load failed ({}): {why}{retry}", e.kind())
        }
        (None, false) if app.data.is_none() => "loading…".to_string(),
        (None, false) => return None,
    };
    Some(text)
}

/// Key hints drawn from the live key map: the first key of each action.
fn hints(app: &App, theme: &Theme, items: &[(Action, &str)]) -> Line<'static> {
    hints_fitting(app, theme, items, usize::MAX)
}

/// [`hints`] in `width` columns: a hint that does not fit whole is left
/// out and the next ones, shorter maybe, still get their chance, so the
/// first ones always show.
fn hints_fitting(
    app: &App,
    theme: &Theme,
    items: &[(Action, &str)],
    width: usize,
) -> Line<'static> {
    let mut spans = Vec::new();
    let mut left = width;
    for (action, label) in items {
        let Some(key) = app.keymap.keys(*action).first() else {
            continue;
        };
        let (key, label) = (key.to_string(), format!(" {label}"));
        let gap = if spans.is_empty() { 0 } else { 2 };
        let need = gap + format::columns(&key) + format::columns(&label);
        if need > left {
            continue;
        }
        left -= need;
        if gap > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key, theme.accent()));
        spans.push(Span::styled(label, theme.dim()));
    }
    Line::from(spans)
}
