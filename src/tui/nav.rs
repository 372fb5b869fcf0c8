//! Where the user is: a stack of screens over the list, and the mode that
//! has the keyboard. Esc (or `q` on a screen over the list) pops the top
//! screen, so an account opened from the Review screen goes back to it,
//! at the row it was opened from.

use super::logger::Logger;
use super::state::{App, Mode, Screen};

impl App {
    /// Shows `screen` over the one showing now (Esc comes back to it).
    pub(crate) fn push(&mut self, screen: Screen) {
        let under = std::mem::replace(&mut self.screen, screen);
        if !matches!(under, Screen::List) {
            self.below.push(under);
        }
    }

    /// Closes the top screen: the one under it shows, the list at the
    /// bottom.
    pub(crate) fn back(&mut self) {
        self.screen = self.below.pop().unwrap_or(Screen::List);
    }

    /// The screens from the top down, mutable.
    pub(crate) fn screens_mut(&mut self) -> impl Iterator<Item = &mut Screen> {
        std::iter::once(&mut self.screen).chain(self.below.iter_mut().rev())
    }

    /// The play logger, when it has the keyboard.
    pub fn logger(&self) -> Option<&Logger> {
        match &self.mode {
            Mode::Logging(l) => Some(l),
            _ => None,
        }
    }

    /// The play logger, when it has the keyboard, to change.
    pub(crate) fn logger_mut(&mut self) -> Option<&mut Logger> {
        match &mut self.mode {
            Mode::Logging(l) => Some(l),
            _ => None,
        }
    }

    /// Closes the play logger (if open): the keys go back to the screen.
    pub(crate) fn close_logger(&mut self) -> Option<Box<Logger>> {
        match std::mem::take(&mut self.mode) {
            Mode::Logging(l) => Some(l),
            other => {
                self.mode = other;
                None
            }
        }
    }
}
