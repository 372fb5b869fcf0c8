//! Keys on the Review screen, the journey job's steps, and the
//! early-warning view of the list.

use super::{Drill, ReviewView, Stepped, Tab};
use crate::domain::journey::cohorts::cohort_of;
use crate::domain::journey::heatmap::row_of;
use crate::domain::journey::HeatBy;
use crate::domain::review::Review;
use crate::keymap::Action;
use crate::tui::state::{App, Screen};
use crate::tui::update::{Effect, Outcome};
use crate::tui::views::review_model;
use std::collections::HashSet;

impl App {
    /// New data is in: the journey job starts again for it, and lists of
    /// accounts behind a row (indexes into the old data) close.
    pub(crate) fn new_journey(&mut self) {
        if let Some(d) = &self.data {
            self.journey.restart(&d.portfolio);
        }
        for screen in self.screens_mut() {
            if let Screen::Review(view) = screen {
                view.drill = None;
            }
        }
    }

    /// Opens the Review screen over the list, on its first tab.
    pub(crate) fn open_review(&mut self) {
        self.push(Screen::Review(Box::default()));
    }

    /// The list shows only the accounts changed since yesterday, most
    /// urgent first, or every account again.
    pub(crate) fn toggle_changes(&mut self) {
        if let Some(why) = self.journey.failed().filter(|_| !self.changes_only) {
            let why = crate::domain::text::clean(why);
            self.notice = Some(format!(
                "the review failed ({why}): open it and retry to see what changed"
            ));
            return;
        }
        if !self.changes_only && self.journey.result().is_none() {
            self.notice = Some("still working out what changed since yesterday…".into());
            return;
        }
        self.changes_only = !self.changes_only;
        self.resort();
        self.selected = 0;
        self.offset = 0;
    }

    /// Runs the journey job of the data shown to its end at once (for
    /// tests and benchmarks; the app steps it between keys).
    pub fn finish_journey(&mut self) {
        let generation = self.journey.generation;
        loop {
            match on_step(self, generation).effect {
                Some(Effect::JourneyStep(_)) => {}
                Some(Effect::Review(g, looks)) => {
                    let review = looks.review(&self.engine);
                    on_reviewed(self, g, review);
                    return;
                }
                _ => return,
            }
        }
    }
}

/// After new data: start its journey job.
pub(crate) fn after_data(app: &mut App) -> Outcome {
    let generation = app.journey.generation;
    Outcome {
        redraw: true,
        effect: app
            .journey
            .wants(generation)
            .then_some(Effect::JourneyStep(generation)),
    }
}

/// One step of the journey job of data `generation`; a step for data
/// since replaced does nothing.
pub(crate) fn on_step(app: &mut App, generation: u64) -> Outcome {
    let Some(data) = &app.data else {
        return Outcome::default();
    };
    let on_review = matches!(app.screen, Screen::Review(_));
    match app.journey.step(generation, &app.engine, &data.portfolio) {
        Stepped::Stale => Outcome::default(),
        Stepped::More => Outcome {
            redraw: on_review,
            effect: Some(Effect::JourneyStep(generation)),
        },
        // The review goes to the blocking pool; its result comes back
        // as `Msg::Reviewed`.
        Stepped::Review(looks) => Outcome {
            redraw: on_review,
            effect: Some(Effect::Review(generation, looks)),
        },
    }
}

/// The review of the job of `generation` came back from the blocking
/// pool: the result is shown (dropped if the data was replaced meanwhile).
pub(crate) fn on_reviewed(app: &mut App, generation: u64, review: Review) -> Outcome {
    if !app.journey.reviewed(generation, review) {
        return Outcome::default();
    }
    if app.changes_only {
        app.resort();
    }
    Outcome {
        redraw: true,
        effect: None,
    }
}

/// The review of the job of `generation` failed on the blocking pool: the
/// Review screen says why and how to retry (dropped if the data was
/// replaced meanwhile).
pub(crate) fn on_review_failed(app: &mut App, generation: u64, why: String) -> Outcome {
    let failed = app.journey.fail(generation, why.clone());
    if failed && app.changes_only {
        // The changes view has nothing true to show: back to every account.
        app.changes_only = false;
        app.resort();
        let why = crate::domain::text::clean(&why);
        app.notice = Some(format!(
            "the review failed ({why}): showing every account; open it and retry to see what changed"
        ));
    }
    Outcome {
        redraw: failed,
        effect: None,
    }
}

/// `r` on the Review screen after a failure: the review is made again.
pub(crate) fn retry_review(app: &mut App) -> Outcome {
    Outcome {
        redraw: true,
        effect: app
            .journey
            .retry()
            .map(|(generation, looks)| Effect::Review(generation, looks)),
    }
}

/// The rows of the tab on screen (or of the list of accounts behind one).
fn rows(app: &App, view: &ReviewView) -> usize {
    if let Some(d) = &view.drill {
        return d.accounts.len();
    }
    let Some(r) = app.journey.result() else {
        return 0;
    };
    match view.tab {
        Tab::Signals => r.review.signals.len(),
        Tab::Model => review_model::line_count(&r.review),
        Tab::Cohorts => r.cohorts(view.cohort_by).cohorts.len(),
        Tab::HeatMap => r.heat(view.heat_by).rows.len(),
    }
}

/// A key on the Review screen.
pub(crate) fn on_key(app: &mut App, action: Action) {
    let Screen::Review(view) = &app.screen else {
        return;
    };
    let mut view: ReviewView = (**view).clone();
    let n = rows(app, &view);
    let last = n.saturating_sub(1);
    let page = view.page.max(1);
    let at = view.drill.as_ref().map_or(view.selected, |d| d.selected);
    let go = |v: &mut ReviewView, to: usize| match &mut v.drill {
        Some(d) => d.selected = to.min(last),
        None => v.selected = to.min(last),
    };
    match action {
        Action::NextTab | Action::PrevTab => {
            let step = if action == Action::NextTab { 1 } else { -1 };
            view.tab = view.tab.step(step);
            view.selected = 0;
            view.drill = None;
        }
        Action::CycleSort => {
            match view.tab {
                Tab::Cohorts => view.cohort_by = view.cohort_by.next(),
                Tab::HeatMap => view.heat_by = view.heat_by.next(),
                Tab::Signals | Tab::Model => {}
            }
            view.selected = 0;
            view.drill = None;
        }
        Action::Up => go(&mut view, at.saturating_sub(1)),
        Action::Down => go(&mut view, at + 1),
        Action::PageUp => go(&mut view, at.saturating_sub(page)),
        Action::PageDown => go(&mut view, at + page),
        Action::Top => go(&mut view, 0),
        Action::Bottom => go(&mut view, last),
        // Esc closes the accounts of a row (`take`), else leaves the screen.
        Action::Back if view.drill.take().is_none() => {
            app.back();
            return;
        }
        Action::Open => {
            if let Some(i) = open_target(app, &mut view) {
                // The account goes over the Review screen as it is now:
                // Esc comes back to this row.
                app.screen = Screen::Review(Box::new(view));
                app.open(i);
                return;
            }
        }
        _ => {}
    }
    app.screen = Screen::Review(Box::new(view));
}

/// Enter: the account to open, or (setting `view.drill`) the list of
/// accounts behind the selected row.
fn open_target(app: &App, view: &mut ReviewView) -> Option<usize> {
    if let Some(d) = &view.drill {
        return d.accounts.get(d.selected).copied();
    }
    let p = app.portfolio()?;
    let r = app.journey.result()?;
    let (title, member): (String, Box<dyn Fn(usize) -> bool>) = match view.tab {
        Tab::Model => return None,
        Tab::Signals => {
            let signal = r.review.signals.get(view.selected)?;
            let ids: HashSet<&str> = signal.accounts.iter().map(|id| id.as_str()).collect();
            (
                format!("Signal {}: {}", view.selected + 1, signal.label()),
                Box::new(move |i| ids.contains(p.accounts[i].id.as_str())),
            )
        }
        Tab::Cohorts => {
            let by = view.cohort_by;
            let key = r.cohorts(by).cohorts.get(view.selected)?.key.clone();
            let engine = &app.engine;
            (
                format!("Cohort {key} (by {})", by.id()),
                Box::new(move |i| cohort_of(engine, &p.accounts[i], &p.evals[i], by) == key),
            )
        }
        Tab::HeatMap => {
            let row = r.heat(view.heat_by).rows.get(view.selected)?;
            if view.heat_by == HeatBy::Account {
                return row.id.as_deref().and_then(|id| p.find(id));
            }
            let (by, key) = (view.heat_by, row.key.clone());
            (
                format!("{} {key}", by.id()),
                Box::new(move |i| p.accounts[i].is_customer() && row_of(&p.accounts[i], by) == key),
            )
        }
    };
    let mut accounts: Vec<usize> = (0..p.len()).filter(|&i| member(i)).collect();
    accounts.sort_by(|&a, &b| {
        p.evals[b]
            .attention
            .score
            .total_cmp(&p.evals[a].attention.score)
    });
    view.drill = Some(Drill {
        title,
        accounts,
        selected: 0,
    });
    None
}
