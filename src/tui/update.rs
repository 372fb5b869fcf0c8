//! `update(app, msg)`: the only place the app state changes. Pure: no IO,
//! no terminal; effects are returned for the event loop to carry out.

use super::state::{App, Data, Screen};
use crate::keymap::Action;
use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub enum Msg {
    Key(KeyEvent),
    Resize,
    /// A load finished; `request` is the id of the load that started it.
    Loaded {
        request: u64,
        result: Result<Data, String>,
    },
    /// The wall clock moved on (for the age of the data).
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

/// Loads are numbered so that only the latest one's result is shown.
#[derive(Debug, Default)]
pub struct Requests {
    pub latest: u64,
    /// A load is under way.
    pub loading: bool,
}

impl Requests {
    /// Starts a load and returns its id, unless one is under way.
    pub fn start(&mut self) -> Option<u64> {
        if self.loading {
            return None;
        }
        self.loading = true;
        self.latest += 1;
        Some(self.latest)
    }
}

pub fn update(app: &mut App, requests: &mut Requests, msg: Msg) -> Outcome {
    match msg {
        Msg::Resize => redraw(),
        Msg::Tick(now) => {
            app.clock = now;
            redraw()
        }
        Msg::Loaded { request, result } => {
            if request != requests.latest {
                return Outcome::default();
            }
            requests.loading = false;
            match result {
                Ok(data) => app.set_data(data),
                Err(e) => app.status = Some(crate::domain::text::clean(&e).into_owned()),
            }
            redraw()
        }
        Msg::Key(key) if key.kind == KeyEventKind::Release => Outcome::default(),
        Msg::Key(key) => on_key(app, requests, key),
    }
}

fn on_key(app: &mut App, requests: &mut Requests, key: KeyEvent) -> Outcome {
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        app.quit = true;
        return Outcome {
            redraw: false,
            effect: Some(Effect::Quit),
        };
    }
    if app.help {
        // Any key closes help; the one that opened it, Esc or q say so plainly.
        app.help = false;
        return redraw();
    }
    if app.typing && type_into_filter(app, key) {
        return redraw();
    }
    let Some(action) = app.keymap.action(&key) else {
        return Outcome::default();
    };
    match (app.screen, action) {
        (_, Action::Quit) => {
            app.quit = true;
            return Outcome {
                redraw: false,
                effect: Some(Effect::Quit),
            };
        }
        (_, Action::Help) => app.help = true,
        (_, Action::Refresh) => {
            // One load at a time: a key held down does not pile them up.
            let Some(request) = requests.start() else {
                return Outcome::default();
            };
            app.status = Some("refreshing…".into());
            return Outcome {
                redraw: true,
                effect: Some(Effect::Load(request)),
            };
        }
        (Screen::Account, a) => account_key(app, a),
        (Screen::List, a) => {
            list_key(app, a);
            app.keep_visible();
        }
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
            app.typing = false;
            app.refilter();
        }
        KeyCode::Enter | KeyCode::Tab => app.typing = false,
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
        Action::Filter => app.typing = true,
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

fn account_key(app: &mut App, action: Action) {
    let Some(view) = app.account.as_mut() else {
        app.screen = Screen::List;
        return;
    };
    let page = view.height.max(1);
    match action {
        Action::Back => {
            app.screen = Screen::List;
            app.account = None;
        }
        Action::Up => view.scroll = view.scroll.saturating_sub(1),
        Action::Down => view.scroll = view.scroll.saturating_add(1),
        Action::PageUp => view.scroll = view.scroll.saturating_sub(page),
        Action::PageDown => view.scroll = view.scroll.saturating_add(page),
        Action::Top => view.scroll = 0,
        Action::Bottom => view.scroll = u16::MAX,
        _ => {}
    }
}
