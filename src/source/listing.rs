//! A listing's cursors, checked as the pages come: a server that gives a
//! cursor it gave before (A, A or A, B, A) or more pages than anyone's book
//! needs is answering wrongly, and a sync built on that answer would loop
//! for ever or replace the cache with part of the book. The sync fails
//! instead, and the cache stays as it was.

use super::SourceError;
use std::collections::HashSet;

/// The most pages one listing may take: 100,000 pages of 50 is five
/// million accounts, far past any book.
pub(crate) const MAX_PAGES: usize = 100_000;

/// The cursors one listing has been given so far.
#[derive(Debug)]
pub(crate) struct Cursors {
    /// What is being listed, for messages: `GET /accounts`.
    what: &'static str,
    seen: HashSet<String>,
    pages: usize,
    max_pages: usize,
}

impl Cursors {
    pub(crate) fn new(what: &'static str) -> Cursors {
        Cursors::with_cap(what, MAX_PAGES)
    }

    pub(crate) fn with_cap(what: &'static str, max_pages: usize) -> Cursors {
        Cursors {
            what,
            seen: HashSet::new(),
            pages: 0,
            max_pages,
        }
    }

    /// Counts a page read and checks the cursor it gave for the next one:
    /// an error when the cursor came before or the pages pass the cap.
    pub(crate) fn next(&mut self, cursor: &str) -> Result<(), SourceError> {
        self.pages += 1;
        if self.pages >= self.max_pages {
            return Err(SourceError::Data(format!(
                "{} gave more than {} pages; stopping, the cache is unchanged",
                self.what, self.max_pages
            )));
        }
        if !self.seen.insert(cursor.to_string()) {
            return Err(SourceError::Data(format!(
                "{} gave the cursor `{}` a second time, after {} pages; stopping rather \
                 than looping, the cache is unchanged",
                self.what,
                crate::domain::text::clean(&cut(cursor)),
                self.pages
            )));
        }
        Ok(())
    }
}

/// A cursor as a message shows it: at most 40 columns.
fn cut(cursor: &str) -> std::borrow::Cow<'_, str> {
    crate::domain::text::shorten(cursor, 40)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_given_twice_fails_whenever_it_comes_back() {
        let mut c = Cursors::new("listing");
        assert!(c.next("A").is_ok());
        assert!(c.next("A").is_err());
        let mut c = Cursors::new("listing");
        for cursor in ["A", "B"] {
            assert!(c.next(cursor).is_ok());
        }
        let e = c.next("A").unwrap_err().to_string();
        assert!(e.contains("`A` a second time"), "{e}");
    }

    #[test]
    fn pages_past_the_cap_fail() {
        let mut c = Cursors::with_cap("listing", 3);
        assert!(c.next("1").is_ok());
        assert!(c.next("2").is_ok());
        let e = c.next("3").unwrap_err().to_string();
        assert!(e.contains("more than 3 pages"), "{e}");
    }

    #[test]
    fn long_cursors_are_cut_in_messages() {
        assert_eq!(cut(&"x".repeat(100)).chars().count(), 41);
        assert_eq!(cut("abc"), "abc");
    }
}
