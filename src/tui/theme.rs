//! Every style the TUI uses, in one place. With `NO_COLOR` set the theme
//! keeps only bold, dim and reverse, and bands still read as words.

use crate::domain::milestone::MilestoneStatus;
use crate::domain::Band;
use crate::domain::Severity;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub(crate) fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub(crate) fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub(crate) fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub(crate) fn selected(&self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub(crate) fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub(crate) fn band(&self, band: Band) -> Style {
        match band {
            Band::Good => self.fg(Color::Green),
            Band::Average => self.fg(Color::Yellow),
            Band::Poor => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Band::Unknown => self.dim(),
        }
    }

    pub(crate) fn severity(&self, s: Severity) -> Style {
        match s {
            Severity::Critical => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Severity::Warning => self.fg(Color::Yellow),
            Severity::Info => Style::new(),
            Severity::Positive => self.fg(Color::Green),
        }
    }

    pub(crate) fn milestone(&self, s: MilestoneStatus) -> Style {
        match s {
            MilestoneStatus::Overdue => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            MilestoneStatus::DueSoon => self.fg(Color::Yellow),
            MilestoneStatus::DoneLate => self.fg(Color::Yellow),
            MilestoneStatus::Done | MilestoneStatus::DoneImplied => self.fg(Color::Green),
            MilestoneStatus::Pending => Style::new(),
            MilestoneStatus::Untracked => self.dim(),
        }
    }

    pub(crate) fn warn(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub(crate) fn accent(&self) -> Style {
        self.fg(Color::Cyan)
    }
}

/// The band as a word, so it reads without colour.
pub(crate) fn band_word(band: Band) -> &'static str {
    match band {
        Band::Good => "good",
        Band::Average => "avg",
        Band::Poor => "POOR",
        Band::Unknown => "n/a",
    }
}
