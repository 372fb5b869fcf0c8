//! The snooze form's way to the store and back, as the play logger's:
//! `z` opens it, saving returns [`Effect::Snooze`] (the store thread writes
//! it), and [`Msg::Snoozed`] brings the answer: on disk, the change goes
//! through [`App::apply`] (the alert dims, its points and Why go, the list
//! moves) and the form closes; a failed write says so and keeps nothing.

use super::{SnoozeForm, SnoozeJob, SnoozeStep, SnoozeWrite};
use crate::domain::portfolio::Change;
use crate::tui::form::refused;
use crate::tui::plays::{PlaySink, QueueError, NO_SINK};
use crate::tui::state::{App, Mode};
use crate::tui::update::{Effect, Msg, Outcome};
use crossterm::event::KeyEvent;

/// Writes `job` through `sink` (the disk write) and says how it went as
/// the message `update` takes: what the store thread does for
/// [`Effect::Snooze`].
pub fn carry_out_snooze(sink: &dyn PlaySink, job: SnoozeJob) -> Msg {
    let result = match &job.write {
        SnoozeWrite::Put(s) => sink.snooze(&job.account, s),
        SnoozeWrite::Remove(kind) => sink.unsnooze(&job.account, Some(*kind)),
    };
    Msg::Snoozed {
        job: Box::new(job),
        result,
    }
}

impl App {
    /// The snooze form, when it has the keyboard.
    pub fn snoozer(&self) -> Option<&SnoozeForm> {
        match &self.mode {
            Mode::Snoozing(f) => Some(f),
            _ => None,
        }
    }

    fn snoozer_mut(&mut self) -> Option<&mut SnoozeForm> {
        match &mut self.mode {
            Mode::Snoozing(f) => Some(f),
            _ => None,
        }
    }
}

/// `z`: the snooze form on the open account (account view) or the
/// selected row's. Without a store, or an alert, it says why.
pub(crate) fn open_snoozer(app: &mut App) {
    if app.play_sink.is_none() {
        app.notice = Some(NO_SINK.replace("logging plays", "snoozing"));
        return;
    }
    let index = crate::tui::form::target(app);
    let (Some(i), Some(p)) = (index, app.shown()) else {
        app.notice = Some("no account selected to snooze an alert of".into());
        return;
    };
    match SnoozeForm::new(&app.engine, p.account(i), p.eval(i)) {
        Some(form) => app.mode = Mode::Snoozing(Box::new(form)),
        None => {
            let name = crate::domain::text::clean(&p.account(i).name).into_owned();
            app.notice = Some(format!("{name} has no alerts to snooze"));
        }
    }
}

/// A key while the snooze form is open: the form has the keyboard.
pub(crate) fn snoozer_key(app: &mut App, key: KeyEvent) -> Outcome {
    let Some(p) = app.shown() else {
        return Outcome::default();
    };
    let Some(form) = app.snoozer() else {
        return Outcome::default();
    };
    if form.saving {
        // The write is under way: keys that slipped through wait.
        return Outcome::default();
    }
    let Some(i) = p.find(form.account_id.as_str()) else {
        app.mode = Mode::Normal;
        return redraw(None);
    };
    let (account, eval, today) = (p.account(i).clone(), p.eval(i).clone(), p.now());
    let has_sink = app.play_sink.is_some();
    let Some(form) = app.snoozer_mut() else {
        return Outcome::default();
    };
    match form.key(key, &account, &eval, today) {
        SnoozeStep::Stay => redraw(None),
        SnoozeStep::Cancel => {
            app.mode = Mode::Normal;
            redraw(None)
        }
        SnoozeStep::Save(job) => {
            if !has_sink {
                form.error = Some((form.focus, format!("not saved: {NO_SINK}")));
                return redraw(None);
            }
            form.saving = true;
            redraw(Some(Effect::Snooze(Box::new(job))))
        }
    }
}

/// The store thread's answer: on disk (the form closes, the change shows
/// at once, the status line says so), or why not (the form stays open,
/// as typed, with the reason; nothing changes).
pub(crate) fn snoozed(app: &mut App, job: SnoozeJob, result: Result<(), QueueError>) -> Outcome {
    if let Err(why) = result {
        let words = refused("saved", &why);
        match app.snoozer_mut() {
            Some(f) => {
                f.saving = false;
                f.error = Some((f.focus, words));
            }
            None => app.notice = Some(words),
        }
        return redraw(None);
    }
    if app.snoozer().is_some() {
        app.mode = Mode::Normal;
    }
    let (change, words) = match job.write {
        SnoozeWrite::Put(s) => {
            let until = s.until.format("%m-%d");
            let words = format!("Snoozed {} on {} until {until}", s.alert.label(), job.name);
            (Change::Snoozed(s), words)
        }
        SnoozeWrite::Remove(kind) => (
            Change::Unsnoozed(Some(kind)),
            format!("Unsnoozed {} on {}", kind.label(), job.name),
        ),
    };
    app.apply(&job.account, change);
    app.notice = Some(crate::domain::text::clean(&words).into_owned());
    redraw(None)
}

fn redraw(effect: Option<Effect>) -> Outcome {
    Outcome {
        redraw: true,
        effect,
    }
}
