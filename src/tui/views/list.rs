//! The watch list: header, table (worst health first), preview of the
//! selected account, and the key hints or filter prompt.

use super::columns::{layout_only, Column, SPACING};
use super::format::{days, fit, fit_line, main_trend, money};
use super::{list_head, Drawn, ListTable};
use crate::domain::numbers::width as columns;
use crate::domain::report::{watch_row, WatchRow, Why};
use crate::domain::Inbox;
use crate::keymap::Action;
use crate::tui::state::{App, Mode, Window};
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
    let header = list_head::header(app, theme, area.width)
        .into_iter()
        .map(|l| fit_line(l, width));
    frame.render_widget(Paragraph::new(header.collect::<Vec<_>>()), head);
    let page = body.height.saturating_sub(1) as usize;
    // The window follows the selection even when the stored offset is stale
    // (first frame after a resize, a reload or another screen).
    let window = app.list_window(page);
    let rows = table(app, theme, frame, body, window);
    let selected = rows
        .as_deref()
        .and_then(|r| r.get(app.selected.checked_sub(window.start)?));
    let position = format!("{}/{} ", app.selected + 1, app.visible.len());
    frame.render_widget(
        Paragraph::new(fit_line(
            preview_line(app, theme, &position, selected),
            width,
        )),
        preview,
    );
    frame.render_widget(
        Paragraph::new(fit_line(footer(app, theme, width), width)),
        foot,
    );
    // Rows under the column titles, as far as the list goes.
    let list_table = rows.is_some_and(|r| !r.is_empty()).then(|| ListTable {
        top: body.y + 1,
        left: body.x,
        right: body.x + body.width,
        window,
    });
    Drawn {
        list_rows: Some(page),
        list_table,
        ..Drawn::default()
    }
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
    window: Window,
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
    let end = (window.start + window.rows).min(app.visible.len());
    let items: Vec<WatchRow> = app.visible[window.start.min(end)..end]
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
    let why = app.why_column();
    // With marks, every name gives way to the mark's column, so names
    // stay in line.
    let marking = !app.marks.is_empty();
    let mut rows: Vec<Row> = items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let i = app.visible[window.start + n] as usize;
            let marked = marking.then(|| app.marks.contains(&p.account(i).id));
            let cells = columns
                .iter()
                .map(|&(column, width)| cell(item, column, width, why, marked, theme));
            let row = Row::new(cells);
            match (window.start + n == app.selected, marked) {
                (true, Some(true)) => row.style(theme.selected().patch(theme.marked())),
                (true, _) => row.style(theme.selected()),
                (false, Some(true)) => row.style(theme.marked()),
                (false, _) => row,
            }
        })
        .collect();
    // The inbox line: an empty row in the table, its text drawn over it.
    if let Some(m) = window.marker {
        rows.insert(m, Row::new(Vec::<Cell>::new()));
    }
    let table = Table::new(rows, widths)
        .header(Row::new(head).style(theme.header()))
        .column_spacing(SPACING);
    frame.render_widget(table, area);
    if let Some(m) = window.marker {
        let y = area.y + 1 + u16::try_from(m).unwrap_or(u16::MAX);
        if y < area.y + area.height {
            let line = Rect {
                y,
                height: 1,
                ..area
            };
            let text = fit_line(
                inbox_line(app, theme, window.start),
                usize::from(area.width),
            );
            frame.render_widget(Paragraph::new(text), line);
        }
    }
    Some(items)
}

/// The line above the first handled row: the handled group's title, or,
/// when it is the first row, that nothing else needs the CSM.
fn inbox_line(app: &App, theme: &Theme, start: usize) -> Line<'static> {
    let n = app.summary.handled;
    let first = app.inbox_line() == Some(0) && start == 0;
    if first {
        return Line::from(Span::styled(
            format!("Nothing needs you: {n} handled below"),
            theme.accent(),
        ));
    }
    let rule = if theme.ascii { "--" } else { "──" };
    Line::from(Span::styled(
        format!("{rule} {n} handled {rule}"),
        theme.dim(),
    ))
}

/// One cell of `item`, its text cut to `width` with `…`; `why` says what
/// the Why column tells; `marked`, when the list has marks, whether this
/// row is one.
fn cell(
    item: &WatchRow,
    column: Column,
    width: u16,
    why: Why,
    marked: Option<bool>,
    theme: &Theme,
) -> Cell<'static> {
    let text = |s: &str| fit(s, usize::from(width));
    match column {
        Column::Health => health_cell(item, theme),
        Column::Account => name_cell(item, width, marked, theme),
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
        Column::Why => Cell::from(item.why_in(why, usize::from(width))),
        Column::NextPlay => Cell::from(text(item.next_play.unwrap_or(""))).style(theme.accent()),
    }
}

/// The name, after the row's marks: `● ` when it is marked (the column
/// kept blank on the other rows while the list has marks), `✓ ` when it
/// is handled.
fn name_cell(item: &WatchRow, width: u16, marked: Option<bool>, theme: &Theme) -> Cell<'static> {
    let mut spans = Vec::new();
    match marked {
        Some(true) => {
            let glyph = theme.mark_glyph();
            spans.push(Span::styled(format!("{glyph} "), theme.marked()));
        }
        Some(false) => spans.push(Span::raw("  ")),
        None => {}
    }
    if item.inbox() == Inbox::Handled {
        let mark = theme.handled_mark();
        spans.push(Span::styled(format!("{mark} "), theme.dim()));
    }
    let used: usize = spans.iter().map(|s| columns(&s.content)).sum();
    spans.push(Span::raw(fit(
        &item.name,
        usize::from(width).saturating_sub(used),
    )));
    Cell::from(Line::from(spans))
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
fn footer(app: &App, theme: &Theme, width: usize) -> Line<'static> {
    if let Some(notice) = &app.notice {
        return Line::from(Span::styled(notice.clone(), theme.warn()));
    }
    let f = &app.filter;
    let typing = app.mode == Mode::Filtering;
    if !app.marks.is_empty() && !typing {
        return marks_footer(app, theme, width);
    }
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
        if f.behind {
            spans.push(Span::styled("behind  ", theme.title()));
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
    // The keys of the morning first (log, snooze, help), then the view and
    // sort in force (state a CSM must see), then the rest as they fit; help
    // lists them all.
    super::hints_fitting(
        app,
        theme,
        &[
            (Action::LogPlay, "log"),
            (Action::Snooze, "snooze"),
            (Action::Help, "help"),
            (Action::CycleView, &view),
            (Action::CycleSort, &sort),
            (Action::Filter, "filter"),
            (Action::Open, "open"),
            (Action::CycleBand, "band"),
            (Action::Quit, "quit"),
        ],
        width,
    )
}

/// With marks: how many, and the keys that act on them.
fn marks_footer(app: &App, theme: &Theme, width: usize) -> Line<'static> {
    let count = format!("{} marked: ", app.marks.len());
    let hints = super::hints_fitting(
        app,
        theme,
        &[
            (Action::LogPlay, "log"),
            (Action::CopyId, "copy"),
            (Action::Export, "export"),
            (Action::ClearMarks, "clear"),
        ],
        width.saturating_sub(columns(&count)),
    );
    let mut spans = vec![Span::styled(count, theme.marked())];
    spans.extend(hints.spans);
    Line::from(spans)
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
