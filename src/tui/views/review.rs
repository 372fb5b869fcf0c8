//! The Review screen: a title line with the tabs (Signals, Model, Cohorts,
//! Heat map), the tab's own body, and key hints. Each tab's body is one
//! match arm of [`body`].

use super::format::{fit_line, money};
use super::review_model::draw_model;
use super::review_signals::draw_signals;
use super::{review_cohorts, review_heatmap, Drawn};
use crate::domain::text::clean;
use crate::keymap::Action;
use crate::tui::review::{Drill, ReviewView, Tab};
use crate::tui::state::App;
use crate::tui::theme::{band_word, Theme};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub(crate) fn render(
    app: &App,
    view: &ReviewView,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) -> Drawn {
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let width = usize::from(area.width);
    let lines = vec![
        fit_line(tabs(app, view, theme), width),
        fit_line(subtitle(app, view, theme), width),
    ];
    frame.render_widget(Paragraph::new(lines), head);
    let rows = match &view.drill {
        Some(drill) => drill_list(app, drill, theme, frame, body),
        None => self::body(app, view, theme, frame, body),
    };
    frame.render_widget(
        Paragraph::new(fit_line(footer(app, view, theme), width)),
        foot,
    );
    Drawn {
        review_rows: Some(rows),
        ..Drawn::default()
    }
}

fn tabs(app: &App, view: &ReviewView, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled("Review ", theme.title())];
    for tab in Tab::ALL {
        let label = format!(" {} ", tab.title());
        let style = if tab == view.tab {
            theme.selected()
        } else {
            theme.dim()
        };
        spans.push(Span::styled(label, style));
    }
    spans.extend(super::status(app, theme));
    Line::from(spans)
}

/// What the tab shows, or how far the job is.
fn subtitle(app: &App, view: &ReviewView, theme: &Theme) -> Line<'static> {
    if let Some(why) = app.journey.failed() {
        let retry = app
            .keymap
            .keys(crate::keymap::Action::Refresh)
            .first()
            .map_or(String::new(), |k| format!(" · {k} retries"));
        let why = crate::domain::text::clean(why);
        return Line::styled(format!("the review failed: {why}{retry}"), theme.warn());
    }
    if let Some((done, all)) = app.journey.progress() {
        return Line::styled(format!("computing… {done} of {all} accounts"), theme.warn());
    }
    let Some(r) = app.journey.result() else {
        return Line::styled("waiting for data…", theme.dim());
    };
    let text = match view.tab {
        Tab::Signals => {
            "Which milestones, alerts and indicator levels told churned from renewed".into()
        }
        Tab::Model => "How well the health score predicted renewals and churn".into(),
        Tab::Cohorts => {
            use crate::domain::review::cohort_rows::{customers, per_owner};
            let c = r.cohorts(view.cohort_by);
            format!(
                "Cohorts by {} · {} customers · {} accounts per owner · as of {}",
                c.by.id(),
                customers(c),
                per_owner(c),
                c.as_of
            )
        }
        Tab::HeatMap => {
            let m = r.heat(view.heat_by);
            format!(
                "Engagement (active users / licenses) by {} · 26 weeks to {}",
                m.by.id(),
                m.as_of
            )
        }
    };
    Line::styled(text, theme.dim())
}

/// The tab's body; returns the rows of its table on screen.
fn body(app: &App, view: &ReviewView, theme: &Theme, frame: &mut Frame, area: Rect) -> usize {
    let Some(r) = app.journey.result() else {
        return 0;
    };
    match view.tab {
        Tab::Signals => {
            draw_signals(frame, area, &r.review, view.selected, theme);
            // The table's rows: less its title, header and the two lines
            // explaining the selected signal.
            usize::from(area.height.saturating_sub(4))
        }
        Tab::Model => {
            let scroll = u16::try_from(view.selected).unwrap_or(u16::MAX);
            draw_model(frame, area, &r.review, scroll, theme);
            usize::from(area.height)
        }
        Tab::Cohorts => review_cohorts::render(r.cohorts(view.cohort_by), view, theme, frame, area),
        Tab::HeatMap => review_heatmap::render(r.heat(view.heat_by), view, theme, frame, area),
    }
}

/// The accounts behind a row: name, band, ARR; Enter opens one.
fn drill_list(app: &App, drill: &Drill, theme: &Theme, frame: &mut Frame, area: Rect) -> usize {
    let Some(p) = app.portfolio() else {
        return 0;
    };
    let page = usize::from(area.height.saturating_sub(1));
    let offset = (drill.selected + 1).saturating_sub(page);
    let width = usize::from(area.width);
    let mut lines = vec![fit_line(
        Line::styled(
            format!(
                "{} · {} accounts · Enter opens one, Esc goes back",
                clean(&drill.title),
                drill.accounts.len()
            ),
            theme.header(),
        ),
        width,
    )];
    for (n, &i) in drill.accounts.iter().enumerate().skip(offset).take(page) {
        let (a, e) = (&p.accounts[i], &p.evals[i]);
        let band = e.health.band;
        let status = if a.is_customer() { "" } else { " (churned)" };
        let name = format!("{}{status}", clean(&a.name));
        let line = Line::from(vec![
            Span::raw(format!("{:<32} ", super::format::fit(&name, 32))),
            Span::styled(format!("{:<5}", band_word(band)), theme.band(band)),
            Span::raw(format!("{:>10}", money(a.arr))),
        ]);
        let line = if n == drill.selected {
            line.style(theme.selected())
        } else {
            line
        };
        lines.push(fit_line(line, width));
    }
    frame.render_widget(Paragraph::new(lines), area);
    page
}

/// The keys of the tab on screen.
fn footer(app: &App, view: &ReviewView, theme: &Theme) -> Line<'static> {
    let third = match view.tab {
        Tab::Signals => (Action::Open, "accounts"),
        Tab::Model => (Action::Down, "scroll"),
        Tab::Cohorts | Tab::HeatMap => (Action::CycleSort, "group by"),
    };
    let mut keys = vec![(Action::NextTab, "next tab"), third];
    if matches!(view.tab, Tab::Cohorts | Tab::HeatMap) {
        keys.push((Action::Open, "accounts"));
    }
    keys.extend([(Action::Back, "back"), (Action::Help, "help")]);
    super::hints(app, theme, &keys)
}
