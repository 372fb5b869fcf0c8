//! `e`: the marked accounts (else the list as filtered) to a CSV file the
//! CSM names, with the columns and the formula defusing of `orienteer
//! watchlist --format csv` ([`crate::app::csv_out::watch_list`]). A
//! one-line prompt offers `orienteer-marked-<day>.csv` in the current
//! folder; `~/` is the home folder. The file is written outside `update`
//! ([`Effect::Export`], [`carry_out_export`]); a file that exists is not
//! overwritten until Enter (or `e`) is pressed again on the same name. A
//! write that fails says the path and why; the marks stay either way.

use crate::domain::report::{watch_item, WatchItem};
use crate::tui::form::LineEdit;
use crate::tui::state::{App, Mode};
use crate::tui::update::{Effect, Msg, Outcome};
use crossterm::event::{KeyCode, KeyEvent};
use std::path::PathBuf;

/// The prompt's state.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportPrompt {
    /// The file name as typed.
    pub path: String,
    /// How many accounts it writes, and whether they are the marked ones.
    pub(crate) count: usize,
    pub(crate) marked: bool,
    /// The file exists and the next Enter overwrites it.
    pub overwrite: bool,
    /// Why the last write failed, until the name is edited.
    pub error: Option<String>,
    /// Handed to the event loop: keys wait for its answer.
    pub(crate) writing: bool,
}

/// A file to write: what the event loop does for [`Effect::Export`].
#[derive(Debug, Clone, PartialEq)]
pub struct ExportJob {
    /// As typed (`~/` not yet expanded).
    pub path: String,
    pub items: Vec<WatchItem>,
    /// Replace the file if it exists.
    pub overwrite: bool,
}

/// Why a file was not written.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportError {
    /// It exists, and overwriting was not asked.
    Exists(PathBuf),
    /// The path and the reason.
    Io(PathBuf, String),
}

/// `e` on the list: the prompt, with the default file name.
pub(crate) fn open(app: &mut App) {
    let marked = !app.marks.is_empty();
    let count = if marked {
        app.marked().len()
    } else {
        app.visible.len()
    };
    if count == 0 {
        app.notice = Some("no accounts to export: the list is empty".into());
        return;
    }
    let day = app.clock.day(app.now).format("%Y-%m-%d");
    let what = if marked { "marked" } else { "list" };
    app.mode = Mode::Exporting(Box::new(ExportPrompt {
        path: format!("orienteer-{what}-{day}.csv"),
        count,
        marked,
        overwrite: false,
        error: None,
        writing: false,
    }));
}

impl App {
    /// The export prompt, when it has the keyboard.
    pub fn exporter(&self) -> Option<&ExportPrompt> {
        match &self.mode {
            Mode::Exporting(p) => Some(p),
            _ => None,
        }
    }

    fn exporter_mut(&mut self) -> Option<&mut ExportPrompt> {
        match &mut self.mode {
            Mode::Exporting(p) => Some(p),
            _ => None,
        }
    }

    /// The rows `e` writes: the marked accounts, else the list as filtered.
    fn export_rows(&self) -> Vec<WatchItem> {
        let Some(p) = self.shown() else {
            return Vec::new();
        };
        let rows = match self.marks.is_empty() {
            true => self.visible.iter().map(|&i| i as usize).collect(),
            false => self.marked(),
        };
        let item = |i: usize| watch_item(&self.engine, p.account(i), p.eval(i), p.now());
        rows.into_iter().map(item).collect()
    }
}

/// A key while the prompt is open: it edits the name; Enter (or `e` on a
/// name that exists) writes; Esc cancels.
pub(crate) fn key(app: &mut App, key: KeyEvent) -> Outcome {
    let Some(prompt) = app.exporter() else {
        return Outcome::default();
    };
    if prompt.writing {
        return Outcome::default();
    }
    let confirm = prompt.overwrite && key.code == KeyCode::Char('e');
    match key.code {
        KeyCode::Esc => app.mode = Mode::Normal,
        KeyCode::Enter => return write(app),
        _ if confirm => return write(app),
        _ => {
            if let (Some(edit), Some(p)) = (LineEdit::of(key), app.exporter_mut()) {
                edit.apply(&mut p.path);
                p.overwrite = false;
                p.error = None;
            }
        }
    }
    redraw(None)
}

fn write(app: &mut App) -> Outcome {
    let items = app.export_rows();
    let Some(p) = app.exporter_mut() else {
        return Outcome::default();
    };
    if p.path.trim().is_empty() {
        p.error = Some("type a file name".into());
        return redraw(None);
    }
    p.writing = true;
    let job = ExportJob {
        path: p.path.trim().to_string(),
        items,
        overwrite: p.overwrite,
    };
    redraw(Some(Effect::Export(Box::new(job))))
}

/// The file name as the disk reads it: `~/` is the home folder.
pub fn expand(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// Writes the job's file (not over one that exists unless asked) and says
/// how it went as the message `update` takes.
pub fn carry_out_export(job: ExportJob) -> Msg {
    let path = expand(&job.path);
    let result = write_file(&path, &job.items, job.overwrite).map(|()| job.items.len());
    Msg::Exported { path, result }
}

fn write_file(path: &PathBuf, items: &[WatchItem], overwrite: bool) -> Result<(), ExportError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if overwrite {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let io = |e: std::io::Error| ExportError::Io(path.clone(), e.to_string());
    let file = options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => ExportError::Exists(path.clone()),
        _ => io(e),
    })?;
    let mut out = std::io::BufWriter::new(file);
    crate::app::csv_out::watch_list(items, &mut out).map_err(io)?;
    std::io::Write::flush(&mut out).map_err(io)?;
    out.get_ref().sync_all().map_err(io)
}

/// The writer's answer: written (the prompt closes, the status line says
/// where), the file exists (the prompt asks to confirm), or why not (the
/// prompt stays with the path and the reason). The marks stay.
pub(crate) fn exported(
    app: &mut App,
    path: PathBuf,
    result: Result<usize, ExportError>,
) -> Outcome {
    let shown = crate::domain::text::clean(&path.display().to_string()).into_owned();
    match result {
        Ok(n) => {
            if app.exporter().is_some() {
                app.mode = Mode::Normal;
            }
            app.notice = Some(format!("wrote {} to {shown}", super::plural(n, "account")));
        }
        Err(e) => {
            let Some(p) = app.exporter_mut() else {
                return Outcome::default();
            };
            p.writing = false;
            match e {
                ExportError::Exists(_) => p.overwrite = true,
                ExportError::Io(_, why) => {
                    let why = crate::domain::text::clean(&why).into_owned();
                    p.error = Some(format!("could not write {shown}: {why}"));
                }
            }
        }
    }
    redraw(None)
}

fn redraw(effect: Option<Effect>) -> Outcome {
    Outcome {
        redraw: true,
        effect,
    }
}
