//! `update(app, msg)`: the only place the app state changes. Pure: no IO,
//! no terminal; effects are returned for the event loop to carry out.

use super::loads::Finished;
use super::state::{AccountView, App, Data, Mode, Screen};
use super::views::Drawn;
use crate::keymap::Action;
use crate::load::LoadError;
use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub enum Msg {
    Key(KeyEvent),
    Resize,
    /// What the last draw had room for.
    Drawn(Drawn),
    /// Load (again) from the source: the first load, or a reload.
    Reload,
    /// A load finished; `request` is the id of the load that started it.
    Loaded {
        request: u64,
        result: Result<Data, LoadError>,
    },
    /// The wall clock moved on: the age of the data, and at midnight (in
    /// the configured zone) a new as-of day.
    Tick(DateTime<Utc>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Start a new load with this request id.
    Load(u64),
    Quit,
}

/// What an update did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub redraw: bool,
    pub effect: Option<Effect>,
}

fn redraw() -> Outcome {
    Outcome {
        redraw: true,
        effect: None,
    }
}

fn quit() -> Outcome {
    Outcome {
        redraw: false,
        effect: Some(Effect::Quit),
    }
}

pub fn update(app: &mut App, msg: Msg) -> Outcome {
    match msg {
        Msg::Resize => redraw(),
        Msg::Drawn(drawn) => {
            apply_drawn(app, drawn);
            Outcome::default()
        }
        Msg::Reload => reload(app),
        Msg::Tick(now) => {
            app.now = now;
            // Past midnight the numbers are a day old: evaluate again. A
            // load under way will be followed by another, if it too was
            // for the old day.
            let day = app.data.as_ref().map(|d| d.as_of.day);
            if day.is_some_and(|d| d != app.clock.day(now)) && !app.loads.busy() {
                return reload(app);
            }
            redraw()
        }
        Msg::Loaded { request, result } => match app.loads.finish(request) {
            Finished::Stale => Outcome::default(),
            // A newer request came in while it ran: its result is dropped.
            Finished::Superseded { next } => Outcome {
                redraw: true,
                effect: Some(Effect::Load(next)),
            },
            Finished::Current => {
                match result {
                    Ok(data) => app.set_data(data),
                    Err(e) => app.failure = Some(e),
                }
                redraw()
            }
        },
        Msg::Key(key) if key.kind == KeyEventKind::Release => Outcome::default(),
        Msg::Key(key) => on_key(app, key),
    }
}

/// Asks for a load: started now, or queued behind the one under way.
fn reload(app: &mut App) -> Outcome {
    Outcome {
        redraw: true,
        effect: app.loads.request().map(Effect::Load),
    }
}

/// Takes in what the draw had room for (list rows, account lines).
fn apply_drawn(app: &mut App, drawn: Drawn) {
    if let Some(rows) = drawn.list_rows {
        app.page = rows.max(1);
        app.keep_visible();
    }
    if let (Some(lines), Screen::Account(view)) = (drawn.account_lines, &mut app.screen) {
        view.height = u16::try_from(lines).unwrap_or(u16::MAX).max(1);
        let max = u16::try_from(drawn.max_scroll).unwrap_or(u16::MAX);
        view.scroll = view.scroll.min(max);
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Outcome {
    // Keys that act in every mode (ctrl-c): the keymap says which.
    if app.keymap.global(&key) == Some(Action::Quit) {
        return quit();
    }
    match app.mode {
        Mode::Help => {
            // Any key closes help; the one that opened it, Esc or q say so plainly.
            app.mode = Mode::Normal;
            return redraw();
        }
        Mode::Filtering => {
            if type_into_filter(app, key) {
                return redraw();
            }
        }
        Mode::Normal => {}
    }
    let Some(action) = app.keymap.action(&key) else {
        return Outcome::default();
    };
    match action {
        Action::Quit => return quit(),
        Action::Help => app.mode = Mode::Help,
        Action::Refresh => return reload(app),
        a => match &mut app.screen {
            Screen::Account(view) => {
                if account_key(view, a) {
                    app.screen = Screen::List;
                }
            }
            Screen::List => {
                list_key(app, a);
                app.keep_visible();
            }
        },
    }
    redraw()
}

/// Keys while the filter prompt is open: characters edit the filter,
/// Enter or Tab keep it and close the prompt, Esc clears it. Returns false
/// for keys the prompt leaves to the keymap (arrows, PgUp/PgDn).
fn type_into_filter(app: &mut App, key: KeyEvent) -> bool {
    match key.code {
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            app.filter.text.push(c);
            if c.is_whitespace() {
                app.refilter();
            } else {
                // Adding a character can only narrow the match.
                app.narrow();
            }
        }
        KeyCode::Backspace => {
            app.filter.text.pop();
            app.refilter();
        }
        KeyCode::Esc => {
            app.filter.text.clear();
            app.mode = Mode::Normal;
            app.refilter();
        }
        KeyCode::Enter | KeyCode::Tab => app.mode = Mode::Normal,
        _ => return false,
    }
    true
}

fn list_key(app: &mut App, action: Action) {
    let last = app.visible.len().saturating_sub(1);
    let page = app.page.max(1);
    match action {
        Action::Up => app.selected = app.selected.saturating_sub(1),
        Action::Down => app.selected = (app.selected + 1).min(last),
        Action::PageUp => app.selected = app.selected.saturating_sub(page),
        Action::PageDown => app.selected = (app.selected + page).min(last),
        Action::Top => app.selected = 0,
        Action::Bottom => app.selected = last,
        Action::Filter => app.mode = Mode::Filtering,
        Action::CycleSort => {
            // A new order is read from its top: soonest renewal, largest ARR.
            app.sort = app.sort.next();
            app.resort();
            app.selected = 0;
            app.offset = 0;
        }
        Action::StageAll => app.set_stage(None),
        Action::Stage1 | Action::Stage2 | Action::Stage3 | Action::Stage4 | Action::Stage5 => {
            app.set_stage(action.stage())
        }
        Action::CycleBand => app.cycle_band(),
        Action::Open => {
            if let Some(i) = app.selected_account() {
                app.open(i);
            }
        }
        Action::Back => {
            app.clear_filters();
        }
        Action::Quit | Action::Help | Action::Refresh => {}
    }
}

/// A key on the account view; true when it goes back to the list.
fn account_key(view: &mut AccountView, action: Action) -> bool {
    let page = view.height.max(1);
    match action {
        Action::Back => return true,
        Action::Up => view.scroll = view.scroll.saturating_sub(1),
        Action::Down => view.scroll = view.scroll.saturating_add(1),
        Action::PageUp => view.scroll = view.scroll.saturating_sub(page),
        Action::PageDown => view.scroll = view.scroll.saturating_add(page),
        Action::Top => view.scroll = 0,
        Action::Bottom => view.scroll = u16::MAX,
        _ => {}
    }
    false
}
