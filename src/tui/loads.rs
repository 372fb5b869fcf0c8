//! Which load is running and which is waiting: one running, at most one
//! pending, the latest request wins. Pure bookkeeping; the event loop
//! starts the loads it is told to.

/// The load bookkeeping of the app.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Loads {
    /// The id of the last load started.
    last: u64,
    /// The load under way, if any.
    running: Option<u64>,
    /// A load was asked for while one ran: it starts when that one ends,
    /// and the running one's result is dropped as superseded.
    pending: bool,
}

/// What to do with a finished load's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Finished {
    /// The result of the load the app is waiting for: show it.
    Current,
    /// A newer request came in while it ran: drop the result and start
    /// this load instead.
    Superseded { next: u64 },
    /// Not the load under way (an old or unknown id): drop it.
    Stale,
}

impl Loads {
    /// Asks for a load. Returns the id to start now, or `None` when one is
    /// under way: then this request is remembered (once, however often it
    /// is asked) and started when the running one ends.
    pub fn request(&mut self) -> Option<u64> {
        if self.running.is_some() {
            self.pending = true;
            return None;
        }
        Some(self.start())
    }

    fn start(&mut self) -> u64 {
        self.last += 1;
        self.running = Some(self.last);
        self.last
    }

    /// Load `id` finished (with data or an error).
    pub(crate) fn finish(&mut self, id: u64) -> Finished {
        if self.running != Some(id) {
            return Finished::Stale;
        }
        self.running = None;
        if std::mem::take(&mut self.pending) {
            return Finished::Superseded { next: self.start() };
        }
        Finished::Current
    }

    /// A load is under way.
    pub fn busy(&self) -> bool {
        self.running.is_some()
    }

    /// Whether `id` is the load running now.
    pub(crate) fn is_running(&self, id: u64) -> bool {
        self.running == Some(id)
    }

    /// A load is waiting for the running one to end.
    pub fn pending(&self) -> bool {
        self.pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_running_one_pending_latest_wins() {
        let mut l = Loads::default();
        assert_eq!(l.request(), Some(1));
        assert!(l.busy());
        assert_eq!(l.request(), None, "queued, not dropped");
        assert_eq!(l.request(), None, "still one pending");
        assert!(l.pending());
        assert_eq!(l.finish(1), Finished::Superseded { next: 2 });
        assert!(!l.pending() && l.busy());
        assert_eq!(l.finish(1), Finished::Stale, "an old result");
        assert_eq!(l.finish(7), Finished::Stale, "an unknown one");
        assert_eq!(l.finish(2), Finished::Current);
        assert!(!l.busy());
        assert_eq!(l.finish(2), Finished::Stale, "only once");
        assert_eq!(l.request(), Some(3));
    }
}
