//! Terminal setup and teardown. The terminal is restored when the guard
//! drops (q, Ctrl-C, an error) and by ratatui's panic hook, which chains
//! the previous hook so the panic message still prints.

use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use crossterm::QueueableCommand;
use ratatui::backend::Backend;
use ratatui::{DefaultTerminal, Frame, Terminal};
use std::io::Write;

pub struct Guard {
    pub terminal: DefaultTerminal,
}

impl Guard {
    pub fn new() -> std::io::Result<Guard> {
        Ok(Guard {
            terminal: ratatui::try_init()?,
        })
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// Draws one frame inside a synchronized update, so a slow link never
/// shows a half-drawn screen.
pub fn draw_synced<B: Backend, T>(
    terminal: &mut Terminal<B>,
    sync: bool,
    render: impl FnOnce(&mut Frame) -> T,
) -> anyhow::Result<T> {
    let mut out = std::io::stdout();
    if sync {
        out.queue(BeginSynchronizedUpdate)?;
    }
    let mut result = None;
    terminal
        .draw(|f| result = Some(render(f)))
        .map_err(|e| anyhow::anyhow!("drawing failed: {e}"))?;
    if sync {
        out.queue(EndSynchronizedUpdate)?;
        out.flush()?;
    }
    Ok(result.expect("draw calls render"))
}
