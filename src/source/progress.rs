//! How far a fetch has come, for the progress bar of `orienteer sync` and
//! the TUI's status line: a source reports each step as it goes, and the
//! face that shows it reads a [`Step`] whenever it redraws.

use std::sync::{Arc, Mutex};

/// A wait the HTTP layer is taking, in words ("rate limited by HubSpot,
/// retrying in 42 s"), shared with the [`Progress`] that shows it.
pub(crate) type WaitNote = Arc<Mutex<Option<String>>>;

/// One source's progress, shared between the fetch and whoever shows it.
#[derive(Debug, Default)]
pub struct Progress {
    step: Mutex<Step>,
    waiting: WaitNote,
    /// How many accounts the last sync stored: the likely total of a full
    /// listing, which no list API gives up front.
    expected: Mutex<Option<u64>>,
}

/// What a fetch is doing now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Step {
    /// What is being read, e.g. "companies", "contacts"; empty before the
    /// first step.
    pub(crate) what: &'static str,
    pub(crate) done: u64,
    /// How many there are, when known (a batch of ids), or expected (the
    /// number of accounts the last sync stored).
    pub(crate) total: Option<u64>,
    /// The total is exact (ids to read), not an expectation.
    pub(crate) exact: bool,
    /// A wait being taken, in words (a rate limit).
    pub(crate) waiting: Option<String>,
}

impl Progress {
    fn step(&self) -> std::sync::MutexGuard<'_, Step> {
        self.step.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new step: `what` is being read, `total` of them if known.
    pub fn start(&self, what: &'static str, total: Option<u64>) {
        *self.step() = Step {
            what,
            done: 0,
            total,
            exact: total.is_some(),
            waiting: None,
        };
    }

    /// `n` more of the current step are read (a known total caps it: the
    /// last batch is often short).
    pub fn advance(&self, n: u64) {
        let mut step = self.step();
        step.done += n;
        if let (Some(total), true) = (step.total, step.exact) {
            step.done = step.done.min(total);
        }
    }

    /// A listing of every account begins: its total is what the last sync
    /// stored, if anything.
    pub(crate) fn start_accounts(&self, what: &'static str) {
        let expected = *self.expected.lock().unwrap_or_else(|e| e.into_inner());
        *self.step() = Step {
            what,
            done: 0,
            total: expected,
            exact: false,
            waiting: None,
        };
    }

    /// How many accounts the last sync stored (0: none, no expectation).
    pub(crate) fn expect_accounts(&self, n: u64) {
        *self.expected.lock().unwrap_or_else(|e| e.into_inner()) = (n > 0).then_some(n);
    }

    pub(crate) fn get(&self) -> Step {
        let mut step = self.step().clone();
        step.waiting = self
            .waiting
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        step
    }

    /// Where the HTTP layer writes the wait it is taking, for this
    /// progress to show.
    pub(crate) fn wait_note(&self) -> WaitNote {
        self.waiting.clone()
    }
}

impl Step {
    /// How far along, from 0 to 1, when the total is known. A count past
    /// an expected total (the portfolio grew) shows as nearly done.
    pub(crate) fn fraction(&self) -> Option<f64> {
        let total = self.total.filter(|t| *t > 0)?;
        Some((self.done as f64 / total as f64).min(0.99))
    }

    /// The step in words: `companies 3,400 of 6,605`, `companies 3,400`.
    pub(crate) fn label(&self) -> String {
        let step = self.count();
        match &self.waiting {
            Some(wait) => format!("{step} · {wait}"),
            None => step,
        }
    }

    fn count(&self) -> String {
        if self.what.is_empty() {
            return "starting".into();
        }
        match self.total {
            Some(total) => format!(
                "{} {} of {}",
                self.what,
                thousands(self.done),
                thousands(total.max(self.done))
            ),
            None => format!("{} {}", self.what, thousands(self.done)),
        }
    }
}

/// `12345` as `12,345`.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_count_up_against_what_is_known() {
        let p = Progress::default();
        assert_eq!(p.get().label(), "starting");
        p.start_accounts("companies");
        p.advance(100);
        p.advance(3_300);
        assert_eq!(p.get().label(), "companies 3,400");
        assert_eq!(p.get().fraction(), None);
        // The last sync stored 6,605.
        p.expect_accounts(6_605);
        p.start_accounts("companies");
        p.advance(3_400);
        assert_eq!(p.get().label(), "companies 3,400 of 6,605");
        assert!((p.get().fraction().unwrap() - 3_400.0 / 6_605.0).abs() < 1e-9);
        // A batch has its own total.
        p.start("contacts", Some(10));
        p.advance(12);
        assert_eq!(p.get().label(), "contacts 10 of 10");
        assert_eq!(p.get().fraction(), Some(0.99));
        // An expected total is only a guess: the count goes past it.
        p.start_accounts("companies");
        p.advance(7_000);
        assert_eq!(p.get().label(), "companies 7,000 of 7,000");
        // A rate-limit wait shows beside the count while it is taken.
        *p.wait_note().lock().unwrap() = Some("rate limited by HubSpot, retrying in 42 s".into());
        assert_eq!(
            p.get().label(),
            "companies 7,000 of 7,000 · rate limited by HubSpot, retrying in 42 s"
        );
        *p.wait_note().lock().unwrap() = None;
        assert_eq!(p.get().label(), "companies 7,000 of 7,000");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
