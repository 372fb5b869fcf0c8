//! The Review screen: a title line with the tabs (Signals, Model, Cohorts,
//! Heat map), the tab's own body, and key hints. Each tab's body is one
//! match arm of [`body`]; the Signals and Model tabs say they are not
//! wired yet until the signal analysis plugs in there.

use super::format::{fit_line, money};
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

pub fn render(app: &App, view: &ReviewView, theme: &Theme, frame: &mut Frame, area: Rect) -> Drawn {
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
    frame.render_widget(Paragraph::new(fit_line(footer(app, theme), width)), foot);
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
    if let Some((done, all)) = app.journey.progress {
        return Line::styled(format!("computing… {done} of {all} accounts"), theme.warn());
    }
    let Some(r) = &app.journey.result else {
        return Line::styled("waiting for data…", theme.dim());
    };
    let text = match view.tab {
        Tab::Signals => {
            "Which milestones, alerts and indicator levels told churned from renewed".into()
        }
        Tab::Model => "How well the health score predicted renewals and churn".into(),
        Tab::Cohorts => {
            let c = r.cohorts(view.cohort_by);
            let customers: usize = c.owners.iter().map(|o| o.accounts).sum();
            format!(
                "Cohorts by {} · {} customers · {} accounts per owner · as of {}",
                c.by.id(),
                customers,
                c.accounts_per_owner
                    .map_or("-".into(), |r| format!("{r:.1}")),
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
    let Some(r) = &app.journey.result else {
        return 0;
    };
    match view.tab {
        Tab::Signals => not_wired(theme, frame, area, "signal analysis"),
        Tab::Model => not_wired(theme, frame, area, "health-model check"),
        Tab::Cohorts => review_cohorts::render(r.cohorts(view.cohort_by), view, theme, frame, area),
        Tab::HeatMap => review_heatmap::render(r.heat(view.heat_by), view, theme, frame, area),
    }
}

fn not_wired(theme: &Theme, frame: &mut Frame, area: Rect, what: &str) -> usize {
    let lines = vec![
        Line::raw(""),
        Line::styled(format!("  The {what} is not wired yet."), theme.warn()),
        Line::styled(
            "  Cohorts and the heat map are ready: Tab moves to them.",
            theme.dim(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines), area);
    0
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

fn footer(app: &App, theme: &Theme) -> Line<'static> {
    super::hints(
        app,
        theme,
        &[
            (Action::NextTab, "next tab"),
            (Action::CycleSort, "group by"),
            (Action::Open, "accounts"),
            (Action::Back, "back"),
            (Action::Help, "help"),
        ],
    )
}
