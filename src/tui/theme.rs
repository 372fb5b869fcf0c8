//! Every style the TUI uses, in one place. With `NO_COLOR` set the theme
//! keeps only bold, dim and reverse, and bands still read as words; on a
//! terminal whose locale is not UTF-8 its marks are ASCII.

use crate::domain::milestone::MilestoneStatus;
use crate::domain::Band;
use crate::domain::Severity;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    /// Marks in ASCII only (see [`ascii_only`]).
    pub ascii: bool,
}

impl Theme {
    /// No colour, Unicode marks: what the tests draw with.
    pub const fn plain() -> Theme {
        Theme {
            color: false,
            ascii: false,
        }
    }

    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org);
    /// ASCII marks when the locale says the terminal is not UTF-8.
    pub(crate) fn from_env() -> Theme {
        let var = |name: &str| std::env::var(name).ok();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme {
            color: !no_color,
            ascii: ascii_only(
                [var("LC_ALL"), var("LC_CTYPE"), var("LANG")],
                var("TERM").as_deref(),
            ),
        }
    }

    /// The mark of a handled row: `✓`, or `+` on an ASCII-only terminal.
    pub(crate) fn handled_mark(&self) -> &'static str {
        if self.ascii {
            "+"
        } else {
            "✓"
        }
    }

    /// The mark of a marked row: `●`, or `*` on an ASCII-only terminal.
    pub(crate) fn mark_glyph(&self) -> &'static str {
        if self.ascii {
            "*"
        } else {
            "●"
        }
    }

    /// A marked row: bold, and in colour magenta too; it reads without
    /// colour by its glyph and its weight.
    pub(crate) fn marked(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
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

/// Whether the terminal shows only ASCII: the locale in force (the first
/// of `LC_ALL`, `LC_CTYPE`, `LANG` that is set and not empty) names a
/// character set other than UTF-8 (`C`, `POSIX`, `en_US.ISO-8859-1`), or
/// the terminal is the Linux console. With no locale set at all, UTF-8 is
/// assumed, as the rest of the screen assumes it.
pub(crate) fn ascii_only(locale: [Option<String>; 3], term: Option<&str>) -> bool {
    let in_force = locale.into_iter().flatten().find(|v| !v.is_empty());
    let not_utf8 = in_force.is_some_and(|l| {
        let l = l.to_lowercase();
        !(l.contains("utf-8") || l.contains("utf8"))
    });
    not_utf8 || term == Some("linux")
}

#[cfg(test)]
mod tests {
    use super::ascii_only;

    #[test]
    fn the_locale_in_force_decides_ascii() {
        let s = |v: &str| Some(v.to_string());
        let cases = [
            ([None, None, None], None, false),
            ([None, None, s("en_US.UTF-8")], s("xterm-256color"), false),
            ([None, None, s("de_DE.utf8")], None, false),
            ([None, None, s("C")], None, true),
            ([s("POSIX"), None, s("en_US.UTF-8")], None, true),
            ([s(""), s("C.UTF-8"), s("C")], None, false),
            ([None, None, s("en_US.ISO-8859-1")], None, true),
            ([None, None, s("en_US.UTF-8")], s("linux"), true),
        ];
        for (locale, term, want) in cases {
            let shown = format!("{locale:?} {term:?}");
            assert_eq!(ascii_only(locale, term.as_deref()), want, "{shown}");
        }
    }
}
