//! The watch list: header, table (worst health first), preview of the
//! selected account, and the key hints or filter prompt.

use super::columns::{layout_only, Column, SPACING};
use super::format::{days, fit, fit_line, main_trend, money};
use super::{Drawn, ListTable};
use crate::domain::report::{watch_row, WatchRow};
use crate::domain::Band;
use crate::keymap::Action;
use crate::tui::state::{window_start, App, Mode};
use crate::tui::theme::{band_word, Theme};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

pub(crate) fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) -> Drawn {
    let [head, body, preview, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let width = usize::from(area.width);
    let header = header(app, theme, area.width)
        .into_iter()
        .map(|l| fit_line(l, width));
    frame.render_widget(Paragraph::new(header.collect::<Vec<_>>()), head);
    let page = body.height.saturating_sub(1) as usize;
    // The window follows the selection even when the stored offset is stale
    // (first frame after a resize, a reload or another screen).
    let offset = window_start(app.offset, app.selected, page, app.visible.len());
    let rows = table(app, theme, frame, body, page, offset);
    let selected = rows
        .as_deref()
        .and_then(|r| r.get(app.selected.checked_sub(offset)?));
    let position = format!("{}/{} ", app.selected + 1, app.visible.len());
    frame.render_widget(
        Paragraph::new(fit_line(
            preview_line(app, theme, &position, selected),
            width,
        )),
        preview,
    );
    frame.render_widget(Paragraph::new(fit_line(footer(app, theme), width)), foot);
    // Rows under the column titles, as far as the list goes.
    let shown = app.visible.len().saturating_sub(offset).min(page);
    let list_table = rows.is_some_and(|r| !r.is_empty()).then(|| ListTable {
        top: body.y + 1,
        rows: u16::try_from(shown).unwrap_or(u16::MAX),
        left: body.x,
        right: body.x + body.width,
        offset,
    });
    Drawn {
        list_rows: Some(page),
        list_table,
        ..Drawn::default()
    }
}

fn header(app: &App, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    let mut top = vec![Span::styled("Orienteer", theme.title())];
    // The load status first, so its kind shows even on a narrow screen.
    top.extend(super::status(app, theme));
    // Then that there is more to know, and the key that shows it.
    top.extend(warnings_hint(app, theme));
    if let Some(d) = &app.data {
        // How old the data is comes first: over a slow link a CSM must see
        // it even when the rest of the line is cut.
        top.push(Span::raw(format!(
            "  data {} · {} · as of {}",
            crate::domain::numbers::ago(d.fetched_at, app.now),
            super::origin::label(&d.origin),
            d.as_of.label(),
        )));
    }
    // What the list shows adds up to these: they follow the filters.
    let mut second = Vec::new();
    if let Some(p) = app.portfolio() {
        let s = &app.summary;
        // No listed account with an ARR: a sum of nothing is not $0.
        let arr = if s.accounts > 0 && s.arr_unknown >= s.accounts {
            "ARR unknown".to_string()
        } else if s.arr_unknown > 0 && width >= 100 {
            format!("{} ({} without ARR)", money(Some(s.arr)), s.arr_unknown)
        } else {
            money(Some(s.arr))
        };
        second.push(Span::raw(format!("{} accounts {arr} ", s.accounts)));
        for (band, n) in Band::LISTED.iter().zip(s.bands) {
            second.push(Span::raw(" "));
            second.push(Span::styled(
                format!("{n} {}", band_word(*band)),
                theme.band(*band),
            ));
        }
        let changed = changes(app, theme, width);
        if app.changes_only {
            // The view's reason first: it is what the view is for.
            second.splice(0..0, changed);
        } else {
            second.extend(changed);
        }
        if p.churned() > 0 {
            second.push(Span::styled(
                format!(" · {} churned not shown", p.churned()),
                theme.dim(),
            ));
        }
    }
    vec![Line::from(top), Line::from(second)]
}

/// `2 warnings (i)` when the source gave warnings (a failed sync with the
/// cache shown is one): the key opens them in full.
fn warnings_hint(app: &App, theme: &Theme) -> Option<Span<'static>> {
    let n = app.data.as_ref()?.warnings.len();
    let key = app.keymap.keys(Action::DataInfo).first()?.to_string();
    let what = if n == 1 { "warning" } else { "warnings" };
    (n > 0).then(|| Span::styled(format!("  {n} {what} ({key})"), theme.warn()))
}

/// Early warning: how many accounts changed since yesterday, and on the
/// changes view why the selected one is there.
fn changes(app: &App, theme: &Theme, width: u16) -> Vec<Span<'static>> {
    let Some(r) = app.journey.result() else {
        return Vec::new();
    };
    let n = r.changes.changes.len();
    if n == 0 && !app.changes_only {
        return Vec::new();
    }
    let key = app
        .keymap
        .keys(Action::Changes)
        .first()
        .map_or(String::new(), |k| format!(" ({k})"));
    let since = if width >= 100 { " since yesterday" } else { "" };
    if app.changes_only {
        let why = app
            .selected_account()
            .and_then(|i| app.journey.reason(i))
            .unwrap_or("");
        return vec![
            Span::styled(format!("{n} changed{since}{key}: "), theme.warn()),
            Span::raw(format!("{} · ", crate::domain::text::clean(why))),
        ];
    }
    vec![Span::styled(
        format!(" · {n} changed{since}{key}"),
        theme.warn(),
    )]
}

fn health_cell(item: &WatchRow, theme: &Theme) -> Cell<'static> {
    let h = &item.health;
    let score = h.score.map_or("  -".to_string(), |s| format!("{s:>3.0}"));
    let text = format!(
        "{score} {:<4} {:<4}",
        band_word(h.band),
        main_trend(h.trend.as_ref())
    );
    Cell::from(Span::styled(text, theme.band(h.band)))
}

/// Draws the table; returns the rows drawn, for the preview line.
fn table<'a>(
    app: &'a App,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    page: usize,
    offset: usize,
) -> Option<Vec<WatchRow<'a>>> {
    let Some(p) = app.shown() else {
        // Nothing to list yet: say why rather than leave the body blank.
        let (text, style) = no_data(app, theme);
        frame.render_widget(Paragraph::new(text).style(style), area);
        return None;
    };
    if app.visible.is_empty() {
        let msg = if app.filter == Default::default() {
            "No open accounts."
        } else {
            "No account matches the filters. Esc clears them."
        };
        frame.render_widget(Paragraph::new(msg).style(theme.dim()), area);
        return Some(Vec::new());
    }
    let columns = layout_only(area.width, app.view_columns());
    // Only the rows on screen, and of each only what the list draws.
    let end = (offset + page).min(app.visible.len());
    let items: Vec<WatchRow> = app.visible[offset.min(end)..end]
        .iter()
        .map(|&i| {
            let i = i as usize;
            // As shown: the snapshot with the CSM's own changes on it.
            watch_row(&app.engine, p.account(i), p.eval(i), p.now())
        })
        .collect();
    let widths: Vec<Constraint> = columns
        .iter()
        .map(|&(_, w)| Constraint::Length(w))
        .collect();
    let head: Vec<&str> = columns.iter().map(|(c, _)| c.title()).collect();
    let rows = items.iter().enumerate().map(|(n, item)| {
        let cells = columns
            .iter()
            .map(|&(column, width)| cell(item, column, width, theme));
        let row = Row::new(cells);
        if offset + n == app.selected {
            row.style(theme.selected())
        } else {
            row
        }
    });
    let table = Table::new(rows, widths)
        .header(Row::new(head).style(theme.header()))
        .column_spacing(SPACING);
    frame.render_widget(table, area);
    Some(items)
}

/// One cell of `item`, its text cut to `width` with `…`.
fn cell(item: &WatchRow, column: Column, width: u16, theme: &Theme) -> Cell<'static> {
    let text = |s: &str| fit(s, usize::from(width));
    match column {
        Column::Health => health_cell(item, theme),
        Column::Account => Cell::from(text(&item.name)),
        Column::Owner => Cell::from(text(item.owner.as_deref().unwrap_or("-"))),
        Column::Stage => Cell::from(text(item.stage_title)),
        // `?`: the CRM has a value, but not one that reads as a number.
        Column::Arr if item.arr_bad => Cell::from("?"),
        Column::Arr => Cell::from(money(item.arr)),
        Column::Renew => {
            let renew = Span::raw(days(item.days_to_renewal));
            if item.days_to_renewal.is_some_and(|d| d < 0) {
                Cell::from(renew.style(theme.warn()))
            } else {
                Cell::from(renew)
            }
        }
        Column::Alerts => count_cell(item.risk_alerts, theme),
        Column::Overdue => count_cell(item.overdue_milestones, theme),
        Column::Why => Cell::from(text(&item.why())),
        Column::NextPlay => Cell::from(text(item.next_play.unwrap_or(""))).style(theme.accent()),
    }
}

fn count_cell(n: usize, theme: &Theme) -> Cell<'static> {
    if n == 0 {
        Cell::from(Span::styled("·", theme.dim()))
    } else {
        Cell::from(Span::styled(n.to_string(), theme.warn()))
    }
}

/// The selected row's position, first alert and next play.
fn preview_line(
    app: &App,
    theme: &Theme,
    position: &str,
    item: Option<&WatchRow>,
) -> Line<'static> {
    let Some(item) = item else {
        return Line::default();
    };
    let mut spans = vec![
        Span::styled(position.to_string(), theme.dim()),
        Span::styled(format!("▸ {}: ", item.name), theme.title()),
    ];
    match item.first_alert {
        Some(a) => spans.push(Span::raw(a.message(&app.engine))),
        None if item.health.score.is_none() => spans.push(Span::styled(
            "no health data from the source yet",
            theme.dim(),
        )),
        None => spans.push(Span::styled("no alerts", theme.dim())),
    }
    if let Some(title) = item.next_play {
        spans.push(Span::raw(" → "));
        spans.push(Span::styled(title.to_string(), theme.accent()));
    }
    Line::from(spans)
}

/// A notice (how to set `me`), else the filters in force and how to leave
/// them, or else the key hints with the sort and the view.
fn footer(app: &App, theme: &Theme) -> Line<'static> {
    if let Some(notice) = &app.notice {
        return Line::from(Span::styled(notice.clone(), theme.warn()));
    }
    let f = &app.filter;
    let typing = app.mode == Mode::Filtering;
    if typing || f != &Default::default() {
        let mut spans = Vec::new();
        let label = |spans: &mut Vec<Span<'static>>, name: &str, value: String| {
            spans.push(Span::styled(format!("{name}: "), theme.title()));
            spans.push(Span::raw(format!("{value}  ")));
        };
        // The view the filters came from, when it has filters of its own.
        if let Some(view) = app.view_label().filter(|_| app.view_has_filters()) {
            label(&mut spans, "view", view);
        }
        if typing || !f.text.is_empty() {
            spans.push(Span::styled("filter: ", theme.title()));
            spans.push(Span::raw(f.text.clone()));
            if typing {
                spans.push(Span::styled("▏", theme.accent()));
            }
            spans.push(Span::raw("  "));
        }
        if let Some(title) = app.filter_stage_title() {
            label(&mut spans, "stage", title.to_string());
        }
        if !f.bands.is_empty() {
            spans.push(Span::styled("band: ", theme.title()));
            for b in &f.bands {
                spans.push(Span::styled(format!("{} ", band_word(*b)), theme.band(*b)));
            }
            spans.push(Span::raw(" "));
        }
        if app.showing_mine() {
            spans.push(Span::styled("mine  ", theme.title()));
        } else if let Some(owner) = &f.owner {
            label(
                &mut spans,
                "owner",
                crate::domain::text::clean(owner).into_owned(),
            );
        }
        if let Some(d) = f.renewal_within {
            label(&mut spans, "renews", format!("≤{d}d"));
        }
        if f.follow_up_due {
            spans.push(Span::styled("follow-up due  ", theme.title()));
        }
        let how = if typing {
            "Enter keep · Esc clear"
        } else {
            "Esc clears"
        };
        spans.push(Span::styled(how, theme.dim()));
        return Line::from(spans);
    }
    // The sort in force shows on its key's hint, and the view on its own.
    let reversed = if app.reverse { " rev" } else { "" };
    let sort = format!("sort:{}{reversed}", app.sort.id());
    let view = format!("view:{}", app.view_label().unwrap_or_else(|| "-".into()));
    super::hints(
        app,
        theme,
        &[
            (Action::Open, "open"),
            (Action::Filter, "filter"),
            (Action::CycleSort, &sort),
            (Action::CycleBand, "band"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
            (Action::CycleView, &view),
        ],
    )
}

/// What the list says before it has any data: the first load running, or
/// failed (with the keys that retry it and show why).
fn no_data(app: &App, theme: &Theme) -> (String, ratatui::style::Style) {
    let key = |a: Action, default: &str| {
        app.keymap
            .keys(a)
            .first()
            .map_or(default.to_string(), ToString::to_string)
    };
    match &app.failure {
        Some(e) if !app.loads.busy() => (
            format!(
                "No data: the load failed ({}). {} tries again · {} shows why.",
                e.kind(),
                key(Action::Refresh, "r"),
                key(Action::DataInfo, "i"),
            ),
            theme.warn(),
        ),
        _ => ("Loading the accounts…".to_string(), theme.dim()),
    }
}
