//! `update(app, msg)`: the only place the app state changes. Pure: no IO,
//! no terminal, no disk; effects are returned for the event loop to carry
//! out (a logged play is written by the store thread, [`Effect::Queue`],
//! and "queued" shows only when [`Msg::Queued`] says it is on disk).

use super::links::Opener;
use super::loads::Finished;
use super::plays::DeliveryUpdate;
use super::state::{AccountView, App, Data, Mode, Screen};
use super::views::Drawn;
use crate::keymap::{Action, Screen as KeyScreen};
use crate::load::LoadError;
use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent};
use std::time::Instant;

pub enum Msg {
    Key(KeyEvent),
    /// A mouse event and when it arrived (a double-click is two clicks on
    /// a row within [`super::mouse::DOUBLE_CLICK`]).
    Mouse {
        event: MouseEvent,
        at: Instant,
    },
    Resize,
    /// What the last draw had room for.
    Drawn(Drawn),
    /// Load (again) from the source: the first load, or a reload.
    Reload,
    /// The source's cache, evaluated, while load `request` still runs: it
    /// is shown when nothing else is yet.
    Preloaded {
        request: u64,
        data: Box<Data>,
    },
    /// How far load `request`'s fetch has come.
    Progress {
        request: u64,
        step: crate::source::Step,
    },
    /// A load finished; `request` is the id of the load that started it.
    Loaded {
        request: u64,
        result: Result<Data, LoadError>,
    },
    /// The wall clock moved on: the age of the data, and at midnight (in
    /// the configured zone) a new as-of day.
    Tick(DateTime<Utc>),
    /// The browser could not be started on `url`, for the reason `why`.
    OpenFailed {
        url: String,
        why: String,
    },
    /// The next step of the journey job of data `generation` (see
    /// [`super::review`]).
    JourneyStep(u64),
    /// The journey review of data `generation`, made on the blocking pool.
    Reviewed {
        generation: u64,
        review: Box<crate::domain::review::Review>,
    },
    /// The write-back of a logged play changed (sent, failed, retried).
    Delivery(DeliveryUpdate),
    /// The background flusher crashed (why) and starts again shortly.
    DeliveryRestarted(String),
    /// The journey review of data `generation` failed (a panic in the
    /// fit): why.
    ReviewFailed {
        generation: u64,
        why: String,
    },
    /// `$EDITOR` gave the play logger's note back (`Err`: why it could not).
    NoteEdited(Result<String, String>),
    /// The store thread wrote the log of play `title` on `account` (on
    /// disk), or could not (why).
    Queued {
        account: crate::domain::vocab::AccountId,
        title: String,
        result: Result<crate::domain::account::PlayLog, String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Start a new load with this request id.
    Load(u64),
    /// Open this link in the browser (an http or https URL).
    OpenUrl(String),
    /// Put this text (free of control characters) on the clipboard, with
    /// OSC 52 through the terminal.
    Copy(String),
    /// Post [`Msg::JourneyStep`] with this generation, behind the input
    /// already queued.
    JourneyStep(u64),
    /// Make the journey review of data `generation` from these looks on
    /// the blocking pool, and post it back as [`Msg::Reviewed`].
    Review(u64, super::review::Looks),
    /// Suspend the TUI and edit the play logger's note in `$EDITOR`; the
    /// result comes back as [`Msg::NoteEdited`].
    EditNote(String),
    /// Write this log to the store on the store thread; the answer comes
    /// back as [`Msg::Queued`].
    Queue(Box<crate::domain::draft::Drafted>),
    Quit,
}

/// What an update did.
#[derive(Debug, Default, PartialEq)]
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
        Msg::Preloaded { request, data } => {
            if app.loads.is_running(request) && app.data.is_none() {
                app.set_data(*data);
                super::review::keys::after_data(app)
            } else {
                Outcome::default()
            }
        }
        Msg::Progress { request, step } => {
            let news = app.loads.is_running(request) && app.progress.as_ref() != Some(&step);
            if news {
                app.progress = Some(step);
            }
            Outcome {
                redraw: news,
                effect: None,
            }
        }
        Msg::Loaded { request, result } => match app.loads.finish(request) {
            Finished::Stale => Outcome::default(),
            // A newer request came in while it ran: its result is dropped.
            Finished::Superseded { next } => Outcome {
                redraw: true,
                effect: Some(Effect::Load(next)),
            },
            Finished::Current => {
                app.progress = None;
                match result {
                    Ok(data) => {
                        app.set_data(data);
                        return super::review::keys::after_data(app);
                    }
                    Err(e) => app.failure = Some(e),
                }
                redraw()
            }
        },
        // The play logger is keys only: the mouse must not move the list
        // under it.
        Msg::Mouse { .. } if app.logger().is_some() => Outcome::default(),
        Msg::Mouse { event, at } => Outcome {
            redraw: super::mouse::on_mouse(app, event, at),
            effect: None,
        },
        Msg::OpenFailed { url, why } => show_link(app, &url, &why),
        Msg::JourneyStep(generation) => super::review::keys::on_step(app, generation),
        Msg::Reviewed { generation, review } => {
            super::review::keys::on_reviewed(app, generation, *review)
        }
        Msg::Delivery(change) => Outcome {
            redraw: super::plays::apply_delivery(app, change),
            effect: None,
        },
        Msg::DeliveryRestarted(why) => {
            app.deliveries.restarted = Some(why);
            redraw()
        }
        Msg::ReviewFailed { generation, why } => {
            super::review::keys::on_review_failed(app, generation, why)
        }
        Msg::Queued {
            account,
            title,
            result,
        } => super::plays::queued(app, account, &title, result),
        Msg::NoteEdited(result) => {
            super::plays::note_edited(app, result);
            redraw()
        }
        Msg::Key(key) if key.kind == KeyEventKind::Release => Outcome::default(),
        Msg::Key(key) => {
            // A notice lasts until the next key.
            let had_notice = app.notice.take().is_some();
            let mut out = on_key(app, key);
            out.redraw |= had_notice;
            out
        }
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
    app.list_table = drawn.list_table;
    if let Some(rows) = drawn.list_rows {
        app.page = rows.max(1);
        app.keep_visible();
    }
    if let (Some(lines), Screen::Account(view)) = (drawn.account_lines, &mut app.screen) {
        view.height = u16::try_from(lines).unwrap_or(u16::MAX).max(1);
        let max = u16::try_from(drawn.max_scroll).unwrap_or(u16::MAX);
        view.scroll = view.scroll.min(max);
    }
    if let (Some(rows), Screen::Review(view)) = (drawn.review_rows, &mut app.screen) {
        view.page = rows.max(1);
    }
    if let Some((lines, max)) = drawn.help {
        let help = &mut app.help;
        help.height = u16::try_from(lines).unwrap_or(u16::MAX).max(1);
        help.max_scroll = u16::try_from(max).unwrap_or(u16::MAX);
        help.scroll = help.scroll.min(help.max_scroll);
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Outcome {
    // Keys that act in every mode (ctrl-c): the keymap says which.
    if app.keymap.global(&key) == Some(Action::Quit) {
        return quit();
    }
    if app.logger().is_some() {
        return super::plays::logger_key(app, key);
    }
    if let Some(then) = unbound_alt(app, key) {
        // Esc and a key typed quickly (over SSH) arrive as one Alt-key:
        // do what Esc does, then the key.
        let esc = on_key(app, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
        if esc.effect == Some(Effect::Quit) {
            return esc;
        }
        let then = on_key(app, then);
        return Outcome {
            redraw: esc.redraw || then.redraw,
            effect: then.effect.or(esc.effect),
        };
    }
    match app.mode {
        Mode::Info if app.keymap.action(app.key_screen(), &key) == Some(Action::Refresh) => {
            // Sync from where the reason for syncing is shown.
            return reload(app);
        }
        Mode::Help | Mode::Info => {
            help_key(app, key);
            return redraw();
        }
        Mode::Filtering => {
            if type_into_filter(app, key) {
                return redraw();
            }
        }
        Mode::Normal => {}
        // Taken by the logger above.
        Mode::Logging(_) => return Outcome::default(),
    }
    let screen = app.key_screen();
    let Some(action) = app.keymap.action(screen, &key) else {
        return Outcome::default();
    };
    match action {
        // On the account view, quit goes back to the list.
        // Over the list, quit goes back to the screen under.
        Action::Quit if screen != KeyScreen::List => app.back(),
        Action::Quit => return quit(),
        Action::Help => {
            app.mode = Mode::Help;
            app.help.scroll = 0;
        }
        Action::DataInfo => {
            app.mode = Mode::Info;
            app.help.scroll = 0;
        }
        // The review failed: `r` on its screen fits it again.
        Action::Refresh if screen == KeyScreen::Review && app.journey.failed().is_some() => {
            return super::review::keys::retry_review(app)
        }
        Action::Refresh => return reload(app),
        Action::NextAccount => move_account(app, 1),
        Action::PrevAccount => move_account(app, -1),
        Action::OpenUrl => return open_link(app),
        Action::CopyId => return copy_id(app),
        Action::LogPlay => super::plays::open_logger(app),
        a if screen == KeyScreen::Review => super::review::keys::on_key(app, a),
        a => match &mut app.screen {
            Screen::Account(view) => {
                if account_key(view, a) {
                    app.back();
                }
            }
            Screen::Review(_) => {}
            Screen::List => {
                list_key(app, a);
                app.keep_visible();
            }
        },
    }
    redraw()
}

/// An Alt-key the key map does not bind, as the key without Alt: the
/// terminal's way of sending Esc followed quickly by that key.
fn unbound_alt(app: &App, key: KeyEvent) -> Option<KeyEvent> {
    let bound = app.keymap.action(app.key_screen(), &key).is_some();
    if !key.modifiers.contains(KeyModifiers::ALT) || bound {
        return None;
    }
    let mut then = key;
    then.modifiers.remove(KeyModifiers::ALT);
    Some(then)
}

/// Keys over help or the data overlay: the move keys scroll it, any other
/// key closes it.
fn help_key(app: &mut App, key: KeyEvent) {
    let action = app.keymap.action(app.key_screen(), &key);
    let help = &mut app.help;
    let page = help.height.max(1);
    match action {
        Some(Action::Up) => help.scroll = help.scroll.saturating_sub(1),
        Some(Action::Down) => help.scroll = help.scroll.saturating_add(1),
        Some(Action::PageUp) => help.scroll = help.scroll.saturating_sub(page),
        Some(Action::PageDown) => help.scroll = help.scroll.saturating_add(page),
        Some(Action::Top) => help.scroll = 0,
        Some(Action::Bottom) => help.scroll = u16::MAX,
        _ => {
            app.mode = Mode::Normal;
            return;
        }
    }
    help.scroll = help.scroll.min(help.max_scroll);
}

/// Keys while the filter prompt is open: characters edit the filter,
/// Enter or Tab keep it and close the prompt, Esc clears it, Ctrl-U clears
/// the text and Ctrl-W deletes the word before the cursor (always at the
/// end). Returns false
/// for keys the prompt leaves to the keymap (arrows, PgUp/PgDn).
fn type_into_filter(app: &mut App, key: KeyEvent) -> bool {
    match key.code {
        KeyCode::Char('u') if key.modifiers == KeyModifiers::CONTROL => {
            app.filter.text.clear();
            app.refilter();
        }
        KeyCode::Char('w') if key.modifiers == KeyModifiers::CONTROL => {
            delete_word(&mut app.filter.text);
            app.refilter();
        }
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
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

/// Deletes the word at the end of `text` and the spaces after it, as
/// Ctrl-W does in a shell.
fn delete_word(text: &mut String) {
    let kept = text
        .trim_end()
        .trim_end_matches(|c: char| !c.is_whitespace())
        .len();
    text.truncate(kept);
}

fn list_key(app: &mut App, action: Action) {
    let last = app.visible.len().saturating_sub(1);
    let page = app.page.max(1);
    match action {
        Action::Up => app.selected = app.selected.saturating_sub(1),
        Action::Down => app.selected = (app.selected + 1).min(last),
        // A page moves the window too: the selection keeps its screen row.
        Action::PageUp => {
            app.selected = app.selected.saturating_sub(page);
            app.offset = app.offset.saturating_sub(page);
        }
        Action::PageDown => {
            app.selected = (app.selected + page).min(last);
            app.offset = (app.offset + page).min(app.visible.len().saturating_sub(page));
        }
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
        Action::MyAccounts => app.toggle_mine(),
        Action::CycleRenewal => app.cycle_renewal(),
        Action::ReverseSort => app.toggle_reverse(),
        Action::CycleView => app.cycle_view(),
        Action::Open => {
            if let Some(i) = app.selected_account() {
                app.open(i);
            }
        }
        Action::Back => {
            if !app.clear_filters() && app.changes_only {
                app.toggle_changes();
            }
        }
        Action::Review => app.open_review(),
        Action::Changes => app.toggle_changes(),
        // Keys of the account view, or handled before the screen is known.
        Action::Quit
        | Action::Help
        | Action::Refresh
        | Action::NextAccount
        | Action::PrevAccount
        | Action::OpenUrl
        | Action::CopyId
        | Action::DataInfo
        | Action::LogPlay
        | Action::NextTab
        | Action::PrevTab => {}
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

/// The next (`step` 1) or previous (-1) account of the list, from the
/// account view; at either end it stays and says so.
fn move_account(app: &mut App, step: isize) {
    if !app.step_account(step) {
        let end = if step > 0 { "last" } else { "first" };
        app.notice = Some(format!("this is the {end} account of the list"));
    }
}

/// `o`: the account's link in the browser, or, where no browser can be
/// opened (over SSH), on the status line and the clipboard.
fn open_link(app: &mut App) -> Outcome {
    let Some(view) = app.account() else {
        return Outcome::default();
    };
    let Some(url) = view.detail.url.clone() else {
        app.notice = Some("no link for this account".into());
        return redraw();
    };
    let web = url.starts_with("https://") || url.starts_with("http://");
    match (&app.opener, web) {
        (Opener::Local, true) => {
            app.notice = Some(format!("opening {url}"));
            Outcome {
                redraw: true,
                effect: Some(Effect::OpenUrl(url)),
            }
        }
        (Opener::Local, false) => show_link(app, &url, "not a web link"),
        (Opener::Unavailable(why), _) => show_link(app, &url, why),
    }
}

/// Shows `url` in the status line, saying why it was not opened, and
/// copies it.
fn show_link(app: &mut App, url: &str, why: &str) -> Outcome {
    let url = clean(url);
    app.notice = Some(format!("{why}: {url} (copied)"));
    Outcome {
        redraw: true,
        effect: Some(Effect::Copy(url)),
    }
}

/// `y`: the account id to the clipboard.
fn copy_id(app: &mut App) -> Outcome {
    let Some(view) = app.account() else {
        return Outcome::default();
    };
    let id = clean(&view.detail.item.id);
    app.notice = Some(format!("copied {id}"));
    Outcome {
        redraw: true,
        effect: Some(Effect::Copy(id)),
    }
}

/// Text fit for the terminal and the clipboard: no control characters.
fn clean(text: &str) -> String {
    crate::domain::text::clean(text)
        .chars()
        .filter(|c| !c.is_control())
        .collect()
}
