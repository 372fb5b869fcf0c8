//! Terminal setup and teardown. The terminal is restored when the guard
//! drops (q, Ctrl-C, an error) and by a panic hook that chains the previous
//! hook, so the panic message still prints. A panic on a load thread is not
//! the app's end: the load reports it (see [`crate::app::load`]) and the app
//! shows it, so the hook leaves the terminal alone, prints nothing over
//! the screen and only logs it. Any other panic restores the terminal,
//! then the hook before it (the crash report's, [`crate::observe::crash`])
//! writes the report and says where it is.

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen};
use crossterm::QueueableCommand;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::{DefaultTerminal, Frame, Terminal};
use std::io::Write;

pub(crate) struct Guard {
    pub(crate) terminal: DefaultTerminal,
    /// Mouse capture is on, to be turned off again.
    mouse: bool,
}

impl Guard {
    /// Raw mode and the alternate screen; with `mouse`, mouse capture too.
    pub(crate) fn new(mouse: bool) -> std::io::Result<Guard> {
        install_panic_hook(mouse);
        crossterm::terminal::enable_raw_mode()?;
        let guard = Guard {
            terminal: Terminal::new(CrosstermBackend::new(std::io::stdout()))?,
            mouse,
        };
        let mut out = std::io::stdout();
        out.queue(EnterAlternateScreen)?;
        if mouse {
            out.queue(EnableMouseCapture)?;
        }
        out.flush()?;
        Ok(guard)
    }
}

/// Leaves the terminal as it was found: a synchronized update ended (a
/// panic may come between its begin and its end, and a terminal left in
/// it shows nothing more), mouse capture off, then ratatui's restore (raw
/// mode off, main screen, cursor shown).
fn restore(mouse: bool) {
    let mut out = std::io::stdout();
    let _ = restore_modes(&mut out, mouse);
    ratatui::restore();
}

/// Writes what ends the modes the app turns on: synchronized update, and
/// with `mouse` mouse capture.
fn restore_modes(out: &mut impl Write, mouse: bool) -> std::io::Result<()> {
    out.queue(EndSynchronizedUpdate)?;
    if mouse {
        out.queue(DisableMouseCapture)?;
    }
    out.flush()
}

fn install_panic_hook(mouse: bool) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if crate::app::runtime::on_load_thread() {
            crate::observe::crash::job_panicked(info);
            return;
        }
        restore(mouse);
        previous(info);
    }));
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore(self.mouse);
    }
}

/// Draws one frame inside a synchronized update, so a slow link never
/// shows a half-drawn screen.
pub(crate) fn draw_synced<B: Backend, T>(
    terminal: &mut Terminal<B>,
    render: impl FnOnce(&mut Frame) -> T,
) -> anyhow::Result<T> {
    let mut out = std::io::stdout();
    out.queue(BeginSynchronizedUpdate)?;
    let mut result = None;
    terminal
        .draw(|f| result = Some(render(f)))
        .map_err(|e| anyhow::anyhow!("drawing failed: {e}"))?;
    out.queue(EndSynchronizedUpdate)?;
    out.flush()?;
    Ok(result.expect("draw calls render"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_restore_ends_synchronized_update_and_mouse_capture() {
        let mut out = Vec::new();
        restore_modes(&mut out, true).unwrap();
        let written = String::from_utf8(out).unwrap();
        assert!(written.contains("\x1b[?2026l"), "{written:?}");
        assert!(written.contains("\x1b[?1000l"), "{written:?}");
        let mut out = Vec::new();
        restore_modes(&mut out, false).unwrap();
        let written = String::from_utf8(out).unwrap();
        assert!(written.contains("\x1b[?2026l"), "{written:?}");
        assert!(!written.contains("\x1b[?1000l"), "{written:?}");
    }
}
