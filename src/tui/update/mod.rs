//! `update(app, msg)`: the only place the app state changes. Pure: no IO,
//! no terminal, no disk; effects are returned for the event loop to carry
//! out (a logged play is written by the store thread, [`Effect::Queue`],
//! and "queued" shows only when [`Msg::Queued`] says it is on disk).

use super::loads::Finished;
use super::plays::DeliveryUpdate;
use super::state::{App, Data, Mode, Screen};
use super::views::Drawn;
use crate::app::load::LoadError;
use chrono::{DateTime, Utc};
use crossterm::event::{KeyEvent, KeyEventKind, MouseEvent};
use std::time::Instant;

mod keys;
mod screens;

use keys::on_key;
use screens::show_link;

pub enum Msg {
    Key(KeyEvent),
    /// A mouse event and when it arrived (a double-click is two clicks on
    /// a row within [`super::mouse::DOUBLE_CLICK`]).
    Mouse {
        event: MouseEvent,
        at: Instant,
    },
    Resize,
    /// The terminal stopped giving keys (a read failed, or the input
    /// thread panicked): the app cannot be driven any more, so it ends
    /// and says why rather than waiting for keys that never come.
    InputLost(String),
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
        result: Result<crate::domain::account::PlayLog, super::plays::QueueError>,
    },
    /// The store thread wrote the snooze form's `job` (on disk), or could
    /// not (why).
    Snoozed {
        job: Box<super::snoozer::SnoozeJob>,
        result: Result<(), super::plays::QueueError>,
    },
    /// The export's file was written (how many accounts), or why not.
    Exported {
        path: std::path::PathBuf,
        result: Result<usize, super::marks::export::ExportError>,
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
    /// Write these logs (a bulk log: one per marked account) to the store
    /// on the store thread, each its own row; each answer comes back as
    /// its own [`Msg::Queued`].
    QueueAll(Vec<crate::domain::draft::Drafted>),
    /// Write this snooze (or unsnooze) to the store on the store thread;
    /// the answer comes back as [`Msg::Snoozed`].
    Snooze(Box<super::snoozer::SnoozeJob>),
    /// Write this CSV file off the event loop; the answer comes back as
    /// [`Msg::Exported`].
    Export(Box<super::marks::export::ExportJob>),
    Quit,
    /// End with this error: remember where the CSM was, restore the
    /// terminal, and say it (exit 1).
    Fail(String),
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
        Msg::InputLost(why) => Outcome {
            redraw: false,
            effect: Some(Effect::Fail(format!(
                "the terminal stopped giving keys: {why}"
            ))),
        },
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
        Msg::Mouse { .. }
            if !matches!(
                app.mode,
                Mode::Normal | Mode::Filtering | Mode::Help | Mode::Info
            ) =>
        {
            Outcome::default()
        }
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
        Msg::Snoozed { job, result } => super::snoozer::flow::snoozed(app, *job, result),
        Msg::Exported { path, result } => super::marks::export::exported(app, path, result),
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
