//! Ctrl-E in the play logger: the note in `$VISUAL` or `$EDITOR` (else
//! `vi`), with the TUI suspended. The input thread stops reading while the
//! editor has the terminal ([`InputGate`]), the terminal leaves raw mode
//! and the alternate screen, and both come back afterwards, whatever the
//! editor did.

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::ExecutableCommand;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// How long the input thread waits for a key before it looks at the gate
/// again: the longest a suspension waits for it.
pub(crate) const POLL: Duration = Duration::from_millis(50);

/// Shared by the input thread and the event loop: while closed, the input
/// thread reads nothing, so the keys typed go to the editor.
#[derive(Clone, Default)]
pub(crate) struct InputGate {
    closed: Arc<AtomicBool>,
    /// Held by the input thread while it polls or reads, and by the event
    /// loop while the gate is closed.
    reading: Arc<Mutex<()>>,
}

impl InputGate {
    /// Closes the gate; returns once the input thread has stopped reading.
    pub(crate) fn close(&self) -> MutexGuard<'_, ()> {
        self.closed.store(true, Ordering::SeqCst);
        self.reading.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Opens the gate again (after the guard from `close` is dropped).
    pub(crate) fn open(&self) {
        self.closed.store(false, Ordering::SeqCst);
    }

    /// For the input thread: `None` while the gate is closed (it should
    /// wait and ask again), else the hold to keep while polling or reading.
    pub(crate) fn enter(&self) -> Option<MutexGuard<'_, ()>> {
        if self.closed.load(Ordering::SeqCst) {
            std::thread::sleep(POLL);
            return None;
        }
        Some(self.reading.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Suspends the TUI, edits `note` in the user's editor, and restores the
/// TUI (the caller redraws everything). The edited note, or why not.
pub(crate) fn edit_note(gate: &InputGate, mouse: bool, note: &str) -> Result<String, String> {
    let held = gate.close();
    let result = suspended(mouse, || run_editor(note));
    drop(held);
    gate.open();
    result
}

/// Runs `f` with the terminal as the shell left it, then takes it back.
fn suspended<T>(mouse: bool, f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    let mut out = std::io::stdout();
    if mouse {
        let _ = out.execute(DisableMouseCapture);
    }
    let _ = out.execute(LeaveAlternateScreen);
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = out.flush();
    let result = f();
    let back = crossterm::terminal::enable_raw_mode()
        .and_then(|()| out.execute(EnterAlternateScreen).map(|_| ()))
        .and_then(|()| {
            if mouse {
                out.execute(EnableMouseCapture).map(|_| ())
            } else {
                Ok(())
            }
        });
    back.map_err(|e| format!("could not take the terminal back: {e}"))?;
    result
}

/// The editor command: `$VISUAL`, else `$EDITOR`, else `vi`, split on
/// spaces (`code -w` works).
fn editor_command() -> Vec<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|v| v.split_whitespace().map(String::from).collect::<Vec<_>>())
        .find(|words| !words.is_empty())
        .unwrap_or_else(|| vec!["vi".into()])
}

fn run_editor(note: &str) -> Result<String, String> {
    let file = NoteFile::create(note)?;
    let command = editor_command();
    let status = std::process::Command::new(&command[0])
        .args(&command[1..])
        .arg(&file.0)
        .status()
        .map_err(|e| format!("could not start the editor `{}`: {e}", command[0]))?;
    if !status.success() {
        return Err(format!(
            "the editor `{}` failed ({status}); the note is as it was",
            command[0]
        ));
    }
    std::fs::read_to_string(&file.0).map_err(|e| format!("could not read the edited note: {e}"))
}

/// A private temporary file holding the note; removed when dropped.
struct NoteFile(PathBuf);

impl NoteFile {
    fn create(note: &str) -> Result<NoteFile, String> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!("orienteer-note-{}-{nanos}.md", std::process::id());
        let path = std::env::temp_dir().join(name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut f = options
            .open(&path)
            .map_err(|e| format!("could not write the note to {}: {e}", path.display()))?;
        let file = NoteFile(path);
        f.write_all(note.as_bytes())
            .map_err(|e| format!("could not write the note: {e}"))?;
        Ok(file)
    }
}

impl Drop for NoteFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
