//! The watch list's two header lines: what the data is, then what the list
//! adds up to, the CSM's inbox first ("14 need you · 6 handled · 3
//! follow-ups due"), what changed since yesterday, then the accounts, ARR
//! and bands as room allows.

use super::format::money;
use crate::domain::numbers::width as columns;
use crate::domain::portfolio::Summary;
use crate::domain::Band;
use crate::keymap::Action;
use crate::tui::state::App;
use crate::tui::theme::{band_word, Theme};
use ratatui::text::{Line, Span};

/// One part of the second line: what goes before it when something is
/// before it, and its spans, longest form first (the first that fits is
/// drawn: "288 accounts $43.0M", else "288 accounts").
type Part = (&'static str, Vec<Vec<Span<'static>>>);

pub(super) fn header(app: &App, theme: &Theme, width: u16) -> Vec<Line<'static>> {
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
    let mut parts: Vec<Part> = Vec::new();
    if let Some(p) = app.portfolio() {
        let s = &app.summary;
        // On the changes view its reason comes first: it is what the view
        // is for; else it is the news of the morning, after the inbox.
        let (first, news) = match app.changes_only {
            true => (changes(app, theme, width), Vec::new()),
            false => (Vec::new(), changes(app, theme, width)),
        };
        parts.push(("", vec![first]));
        parts.extend(inbox(s, theme));
        // The marks, first after the inbox: what `p`, `z`, `y`, `e` act on.
        if !app.marks.is_empty() {
            let text = format!("{} {} marked", theme.mark_glyph(), app.marks.len());
            parts.push((" · ", vec![vec![Span::styled(text, theme.marked())]]));
        }
        parts.push((" · ", vec![news]));
        // No listed account with an ARR: a sum of nothing is not $0.
        let arr = if s.accounts > 0 && s.arr_unknown >= s.accounts {
            "ARR unknown".to_string()
        } else if s.arr_unknown > 0 && width >= 100 {
            format!("{} ({} without ARR)", money(Some(s.arr)), s.arr_unknown)
        } else {
            money(Some(s.arr))
        };
        let accounts = format!("{} accounts", s.accounts);
        parts.push((
            " · ",
            vec![
                vec![Span::raw(format!("{accounts} {arr}"))],
                vec![Span::raw(accounts)],
            ],
        ));
        let mut bands = Vec::new();
        for (band, n) in Band::LISTED.iter().zip(s.bands) {
            if !bands.is_empty() {
                bands.push(Span::raw(" "));
            }
            bands.push(Span::styled(
                format!("{n} {}", band_word(*band)),
                theme.band(*band),
            ));
        }
        parts.push(("  ", vec![bands]));
        if p.churned() > 0 {
            let churned = format!("{} churned not shown", p.churned());
            parts.push((" · ", vec![vec![Span::styled(churned, theme.dim())]]));
        }
    }
    vec![Line::from(top), Line::from(fitting(parts, width))]
}

/// The inbox's counts, each its own part so that the first ones stay when
/// the line is short: a zero count is left out, but for "0 need you" when
/// the list has handled accounts and nothing else needs the CSM.
fn inbox(s: &Summary, theme: &Theme) -> Vec<Part> {
    let mut parts = Vec::new();
    if s.need_you > 0 || s.handled > 0 {
        let style = if s.need_you > 0 {
            theme.title()
        } else {
            theme.dim()
        };
        let text = format!("{} need you", s.need_you);
        parts.push((" · ", vec![vec![Span::styled(text, style)]]));
    }
    if s.handled > 0 {
        let text = format!("{} handled", s.handled);
        parts.push((" · ", vec![vec![Span::styled(text, theme.dim())]]));
    }
    if s.follow_ups_due > 0 {
        let what = if s.follow_ups_due == 1 {
            "follow-up"
        } else {
            "follow-ups"
        };
        let text = format!("{} {what} due", s.follow_ups_due);
        parts.push((" · ", vec![vec![Span::styled(text, theme.warn())]]));
    }
    parts
}

/// The parts that fit in `width` columns, in their order, each in its
/// longest form that fits: a part that does not fit at all is left out,
/// and the next ones still get their chance.
fn fitting(parts: Vec<Part>, width: u16) -> Vec<Span<'static>> {
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut left = usize::from(width);
    for (before, forms) in parts {
        let before = if out.is_empty() { "" } else { before };
        let need = |spans: &[Span]| {
            columns(before) + spans.iter().map(|s| columns(&s.content)).sum::<usize>()
        };
        let Some(spans) = forms
            .into_iter()
            .find(|spans| !spans.is_empty() && need(spans) <= left)
        else {
            continue;
        };
        left -= need(&spans);
        if !before.is_empty() {
            out.push(Span::raw(before));
        }
        out.extend(spans);
    }
    out
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
            Span::raw(crate::domain::text::clean(why).into_owned()),
        ];
    }
    vec![Span::styled(
        format!("{n} changed{since}{key}"),
        theme.warn(),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    fn summary(need_you: usize, handled: usize, follow_ups_due: usize) -> Summary {
        Summary {
            need_you,
            handled,
            follow_ups_due,
            ..Summary::default()
        }
    }

    #[test]
    fn the_inbox_counts_leave_out_zeros_but_say_when_nothing_needs_you() {
        let theme = Theme::plain();
        let cases = [
            ((14, 6, 3), "14 need you · 6 handled · 3 follow-ups due"),
            ((14, 0, 1), "14 need you · 1 follow-up due"),
            ((0, 6, 0), "0 need you · 6 handled"),
            ((2, 0, 0), "2 need you"),
            ((0, 0, 0), ""),
        ];
        for ((n, h, f), want) in cases {
            let parts = inbox(&summary(n, h, f), &theme);
            assert_eq!(text(&fitting(parts, 200)), want);
        }
    }

    #[test]
    fn what_does_not_fit_is_left_out_whole_in_priority_order() {
        let part = |before, s: &str| (before, vec![vec![Span::raw(s.to_string())]]);
        let parts = || {
            vec![
                part(" · ", "14 need you"),
                part(" · ", "6 handled"),
                part(" · ", "288 accounts $43.0M"),
                part("  ", "33 POOR 76 avg"),
            ]
        };
        assert_eq!(
            text(&fitting(parts(), 80)),
            "14 need you · 6 handled · 288 accounts $43.0M  33 POOR 76 avg"
        );
        assert_eq!(text(&fitting(parts(), 30)), "14 need you · 6 handled");
        // The accounts do not fit, the bands still do.
        assert_eq!(
            text(&fitting(parts(), 40)),
            "14 need you · 6 handled  33 POOR 76 avg"
        );
        // A shorter form when the long one does not fit.
        let long = vec![Span::raw("288 accounts $43.0M")];
        let short = vec![Span::raw("288 accounts")];
        let two = || {
            vec![
                part(" · ", "14 need you"),
                (" · ", vec![long.clone(), short.clone()]),
            ]
        };
        assert_eq!(
            text(&fitting(two(), 40)),
            "14 need you · 288 accounts $43.0M"
        );
        assert_eq!(text(&fitting(two(), 30)), "14 need you · 288 accounts");
    }
}
