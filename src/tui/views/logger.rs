//! The play logger, drawn over the screen it was opened on. The focused
//! field reads without colour: its label is marked `>` and in reverse
//! video, and the highlighted play is marked `>` too.

use super::format::fit;
use crate::tui::form;
use crate::tui::logger::{Field, Logger, OUTCOMES};
use crate::tui::state::App;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// Width of the field labels, marker included.
const LABEL: usize = 12;

pub(crate) fn render(app: &App, logger: &Logger, theme: &Theme, frame: &mut Frame, area: Rect) {
    let l = logger;
    // Fixed lines: filter, outcome, when, follow-up, error, two of hints.
    let note_lines = if area.height >= 40 { 5 } else { 3 };
    let fixed = 7 + note_lines + usize::from(l.bulk.is_some());
    // As many play rows as the form has plays, as far as the screen has
    // room: the form keeps its size while the filter narrows.
    let room = usize::from(area.height.saturating_sub(2)).saturating_sub(fixed);
    let play_rows = l.choices.len().min(room).max(1);
    let popup = form::popup(area, fixed + play_rows + 2, 100);
    let inner_w = form::inner_width(popup);

    let mut lines = Vec::new();
    if let Some(bulk) = &l.bulk {
        // Whom the logs go to, as many names as fit.
        let names = crate::tui::marks::names_fitting(&bulk.names(), inner_w.saturating_sub(4));
        lines.push(Line::styled(format!(" on {names}"), theme.dim()));
    }
    let filter = if l.filter.is_empty() && l.focus == Field::Play {
        "type to filter".to_string()
    } else {
        l.filter.clone()
    };
    let filter_style = if l.filter.is_empty() {
        theme.dim()
    } else {
        Style::default()
    };
    lines.push(Line::from(vec![
        label(Field::Play, l, theme),
        Span::styled(fit(&filter, inner_w.saturating_sub(LABEL)), filter_style),
    ]));
    lines.extend(play_list(l, theme, inner_w, play_rows));
    lines.push(Line::from(
        std::iter::once(label(Field::Outcome, l, theme))
            .chain(OUTCOMES.iter().map(|&o| {
                if o == l.outcome {
                    Span::styled(format!("[{}] ", o.id()), theme.title())
                } else {
                    Span::styled(format!(" {}  ", o.id()), theme.dim())
                }
            }))
            .collect::<Vec<_>>(),
    ));
    lines.extend(note(l, theme, inner_w, note_lines));
    let now = app.typed_now();
    let zone = app.clock.zone;
    let when = l
        .parsed_at(now, zone)
        .map(|at| zone.label(at))
        .map_err(|e| e.to_string());
    lines.push(text_field(Field::When, &l.when, when, l, theme, inner_w));
    let follow = l
        .parsed_follow_up(now, zone)
        .map(|d| match d {
            Some(d) => d.format("%a %Y-%m-%d").to_string(),
            None => "no follow-up".into(),
        })
        .map_err(|e| e.to_string());
    lines.push(text_field(
        Field::FollowUp,
        &l.follow_up,
        follow,
        l,
        theme,
        inner_w,
    ));
    lines.push(match (&l.error, l.confirm_discard) {
        _ if l.queuing => Line::styled(" queuing…", theme.dim()),
        (_, true) => Line::styled(
            " Esc again discards the note; any other key keeps editing",
            theme.warn(),
        ),
        (Some((field, why)), _) => Line::styled(
            fit(&format!(" {}: {why}", field.label()), inner_w),
            theme.warn(),
        ),
        (None, _) => Line::default(),
    });
    lines.extend(hints(l, theme, inner_w));

    let title = match &l.bulk {
        Some(_) => format!(" Log on {} ", l.account_name),
        None => format!(" Log a play · {} ", l.account_name),
    };
    form::draw(frame, popup, &title, lines, theme);
}

/// A field's label: `> Label` in reverse video when it has the focus.
fn label(field: Field, l: &Logger, theme: &Theme) -> Span<'static> {
    if l.focus == field {
        Span::styled(
            format!("{:<LABEL$}", format!("> {}", field.label())),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    } else {
        Span::styled(
            format!("{:<LABEL$}", format!("  {}", field.label())),
            theme.dim(),
        )
    }
}

/// The plays that pass the filter, the highlighted one kept in view; the
/// picked one marked `*`, recommended ones with their reason.
fn play_list(l: &Logger, theme: &Theme, width: usize, rows: usize) -> Vec<Line<'static>> {
    if l.shown.is_empty() {
        let mut out = vec![Line::styled(
            "    no play matches; Backspace widens the filter",
            theme.dim(),
        )];
        out.resize(rows, Line::default());
        return out;
    }
    let start = l.cursor.saturating_sub(rows.saturating_sub(1));
    let title_w = (width / 2).clamp(16, 34);
    let mut out: Vec<Line> = l
        .shown
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(row, &i)| {
            let c = &l.choices[i];
            let here = row == l.cursor;
            let mark = match (here && l.focus == Field::Play, l.picked == Some(i)) {
                (true, _) => "  > ",
                (false, true) => "  * ",
                (false, false) => "    ",
            };
            let title = fit(&c.title, title_w);
            let why = match &c.reason {
                Some(r) => format!(" because {r}"),
                None => " (not recommended)".into(),
            };
            let rest = width.saturating_sub(4 + title_w);
            let title_style = match (here && l.focus == Field::Play, c.reason.is_some()) {
                (true, _) => theme.selected(),
                (false, true) => theme.accent(),
                (false, false) => Style::default(),
            };
            Line::from(vec![
                Span::raw(mark),
                Span::styled(format!("{title:<title_w$}"), title_style),
                Span::styled(fit(&why, rest), theme.dim()),
            ])
        })
        .collect();
    out.resize(rows, Line::default());
    out
}

/// The note's last `rows` lines (the cursor is at its end).
fn note(l: &Logger, theme: &Theme, width: usize, rows: usize) -> Vec<Line<'static>> {
    let text_w = width.saturating_sub(LABEL + 1);
    let mut parts: Vec<String> = l
        .note
        .split('\n')
        .map(|p| crate::domain::text::clean(p).into_owned())
        .collect();
    if l.focus == Field::Note {
        if let Some(last) = parts.last_mut() {
            last.push('_');
        }
    }
    if l.note.is_empty() && l.focus != Field::Note {
        parts = vec![String::new()];
    }
    let skip = parts.len().saturating_sub(rows);
    let more = skip > 0;
    let mut out: Vec<Line> = parts
        .iter()
        .skip(skip)
        .enumerate()
        .map(|(n, part)| {
            let head = if n == 0 {
                label(Field::Note, l, theme)
            } else {
                Span::raw(" ".repeat(LABEL))
            };
            // The end of a long line shows: that is where typing goes.
            Line::from(vec![head, Span::raw(form::tail(part, text_w))])
        })
        .collect();
    if more {
        if let Some(first) = out.first_mut() {
            first.push_span(Span::styled(" (↑ more)", theme.dim()));
        }
    }
    if l.editing {
        out.push(Line::styled(" (in the editor…)", theme.dim()));
    }
    out.resize(rows, Line::default());
    out
}

/// A free-text field and what it reads as (or why it cannot be read).
fn text_field(
    field: Field,
    text: &str,
    parsed: Result<String, String>,
    l: &Logger,
    theme: &Theme,
    width: usize,
) -> Line<'static> {
    let cursor = if l.focus == field { "_" } else { "" };
    let typed = format!(
        "{:<18}",
        format!("{}{cursor}", crate::domain::text::clean(text))
    );
    let rest = width.saturating_sub(LABEL + typed.chars().count());
    let (shown, style) = match parsed {
        Ok(p) => (format!(" = {p}"), theme.dim()),
        // The full reason shows on submit; here, that it does not read.
        Err(_) => (" ? not understood".to_string(), theme.warn()),
    };
    Line::from(vec![
        label(field, l, theme),
        Span::raw(typed),
        Span::styled(fit(&shown, rest), style),
    ])
}

/// The keys, on two lines that fit 80 columns.
fn hints(l: &Logger, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let enter = match l.focus {
        Field::Play => "Enter pick",
        _ => "Enter submit",
    };
    let first = format!(" {enter} · Tab/S-Tab field · ctrl-s submit · Esc cancel");
    let second = match l.focus {
        Field::Play => " type to filter · ↑/↓ choose",
        Field::Outcome => " ←/→ or space cycle · a first letter picks (d twice: declined)",
        Field::Note => " alt-enter/ctrl-j new line · ctrl-e $EDITOR · ctrl-u clear",
        Field::When => " now, -2h, yesterday 15:00, 2026-11-20 · ctrl-u clear",
        Field::FollowUp => " +7d, +2w, fri, 2026-12-01, none · ctrl-u clear",
    };
    vec![
        Line::styled(fit(&first, width), theme.accent()),
        Line::styled(fit(second, width), theme.dim()),
    ]
}
