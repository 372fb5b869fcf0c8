//! Staying under a source's rate limit: the budget its headers report, the
//! window to wait out when it is spent, and `Retry-After` on a 429. Every
//! wait goes through a [`Sleeper`], so tests can record waits instead of
//! sitting through them.
//!
//! Hand-written on purpose: rate-limit crates (a token bucket, GCRA) pace
//! to a limit known in advance; this one follows what the source reports
//! (budget, window, `Retry-After`) and the requests still in flight.

use super::RateLimitHeaders;
use reqwest::header::HeaderMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// Waits. The default is tokio's timer; a test can pass one that records
/// the waits and returns at once.
pub trait Sleeper: Send + Sync {
    fn sleep(&self, wait: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>>;
}

/// Tokio's timer (which tokio's paused test time also drives).
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, wait: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(tokio::time::sleep(wait))
    }
}

/// A minimum time between two requests of one client, whatever the
/// budget says: for an endpoint with a limit of its own that no header
/// reports (HubSpot's search API, about 5 requests a second). See
/// [`super::Http::spaced`].
#[derive(Debug)]
pub(crate) struct Spacing {
    interval: Duration,
    /// The earliest instant the next request may go.
    next: Mutex<Option<Instant>>,
}

impl Spacing {
    pub(crate) fn new(interval: Duration) -> Spacing {
        Spacing {
            interval,
            next: Mutex::new(None),
        }
    }

    /// How long a request at `now` waits for its slot. The slot is taken
    /// at once, so callers arriving together are spaced too.
    pub(crate) fn admit(&self, now: Instant) -> Duration {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        let at = next.map_or(now, |n| n.max(now));
        *next = Some(at + self.interval);
        at - now
    }
}

/// The window assumed when a source reports a spent budget but no window.
const DEFAULT_WINDOW: Duration = Duration::from_secs(1);
/// The wait on a 429 that gives neither `Retry-After` nor a window.
pub(crate) const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(1);

/// What the client knows of the source's rate limit, shared by every
/// request of one [`super::Http`].
#[derive(Debug)]
pub(crate) struct Pacer {
    headers: Option<RateLimitHeaders>,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Requests left in the window: the last count the source reported,
    /// less the requests sent since.
    remaining: Option<u64>,
    /// The window's length, as last reported.
    window: Option<Duration>,
    /// No request starts before this.
    gate: Option<Instant>,
    /// When the current window opened: its first request. The source's
    /// window opens then too, so a spent budget waits for the window's
    /// end, not a whole window from the moment it ran out.
    opened: Option<Instant>,
    /// Requests sent and not yet answered: a count the source reports
    /// does not know them yet.
    in_flight: u64,
    /// Which window this is, counted from 0: an answer to a request sent
    /// in an earlier window says nothing of this one's budget.
    window_no: u64,
}

/// A request let through: how long it waits first, and the window it was
/// sent in (hand it back to [`Pacer::observe`] with its answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Admission {
    pub(crate) wait: Duration,
    pub(crate) window: u64,
}

impl State {
    /// How long a request admitted at `now` waits, counted against the
    /// budget. A spent budget closes the gate until the window's end and
    /// starts the next window there.
    fn wait(&mut self, now: Instant) -> Duration {
        if let Some(gate) = self.gate.filter(|g| *g > now) {
            return gate - now;
        }
        self.gate = None;
        let opened = *self.opened.get_or_insert(now);
        match self.remaining {
            Some(0) => {
                let window = self.window.unwrap_or(DEFAULT_WINDOW);
                let gate = (opened + window).max(now) + MARGIN;
                self.next_window(gate);
                gate - now
            }
            Some(n) => {
                self.remaining = Some(n - 1);
                Duration::ZERO
            }
            None => Duration::ZERO,
        }
    }

    /// No request starts before `gate`, which opens a new window with an
    /// unknown budget.
    fn next_window(&mut self, gate: Instant) {
        self.gate = Some(gate);
        self.opened = Some(gate);
        self.remaining = None;
        self.window_no += 1;
    }
}

/// Leeway past the window's end, for the clocks of client and source.
const MARGIN: Duration = Duration::from_millis(5);

impl Pacer {
    pub(crate) fn new(headers: Option<RateLimitHeaders>) -> Pacer {
        Pacer {
            headers,
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // The state stays consistent even if a holder panicked.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How long to wait before sending a request, counting it against the
    /// budget. A spent budget closes the gate for a window.
    /// Every request admitted must be reported [`Pacer::finished`].
    pub(crate) fn admit(&self, now: Instant) -> Admission {
        let mut state = self.state();
        state.in_flight += 1;
        let wait = state.wait(now);
        Admission {
            wait,
            window: state.window_no,
        }
    }

    /// A request admitted earlier has its answer (or failed).
    pub(crate) fn finished(&self) {
        let mut state = self.state();
        state.in_flight = state.in_flight.saturating_sub(1);
    }

    /// Reads the rate-limit headers of a response that arrived at `now`.
    ///
    /// **Where the window starts.** The source opens a window with the
    /// first request it counts in it, which arrives a little after the
    /// client sent it, later still on a busy machine. An answer saying
    /// `Remaining` is `Max - 1` was that first request: the source's window
    /// opened before this answer arrived, so `now` is a bound the client's
    /// clock can trust. The window is taken to open no earlier than that,
    /// so that a spent budget never waits for a window the source has not
    /// closed yet (a 429).
    ///
    /// **Late answers.** An answer to a request sent in an earlier window
    /// (`window` older than the current one) is left out of the budget: the
    /// spent budget it reports belongs to a window already waited out.
    pub(crate) fn observe(&self, headers: &HeaderMap, now: Instant, window: u64) {
        let Some(names) = &self.headers else { return };
        let number = |name: &str| header_number(headers, name);
        let mut state = self.state();
        if let Some(window) = self.interval(headers) {
            state.window = Some(window);
        }
        let Some(reported) = number(&names.remaining) else {
            return;
        };
        if window < state.window_no {
            return;
        }
        let first = number(&names.max).is_some_and(|max| max > 0 && reported + 1 == max);
        if first {
            state.opened = Some(state.opened.map_or(now, |o| o.max(now)));
        }
        // Requests still on their way are not in the source's count.
        let left = reported.saturating_sub(state.in_flight);
        // Answers can arrive out of order: within a window the budget only
        // goes down, so an older, higher count never raises it again.
        state.remaining = Some(match state.remaining {
            Some(known) if !first => known.min(left),
            _ => left,
        });
    }

    /// A 429: no request starts until `Retry-After` (else the window, else
    /// a second) has passed. Returns that wait.
    pub(crate) fn throttled(&self, headers: &HeaderMap, now: Instant) -> Duration {
        let mut state = self.state();
        if let Some(window) = self.interval(headers) {
            state.window = Some(window);
        }
        let wait = retry_after(headers)
            .or(state.window)
            .unwrap_or(DEFAULT_RETRY_AFTER);
        let until = state.gate.map_or(now + wait, |g| g.max(now + wait));
        state.next_window(until);
        until - now
    }
}

impl Pacer {
    /// Forgets a gate and a budget: a wait too long to take (past
    /// `[http] max_wait`) is not inherited by the next request, which asks
    /// the source afresh.
    pub(crate) fn forget(&self) {
        let mut state = self.state();
        state.gate = None;
        state.opened = None;
        state.remaining = None;
        state.window = None;
        state.window_no += 1;
    }

    /// The window's length, if the headers report it.
    fn interval(&self, headers: &HeaderMap) -> Option<Duration> {
        let names = self.headers.as_ref()?;
        header_number(headers, &names.interval_ms)
            .filter(|ms| *ms > 0)
            .map(Duration::from_millis)
    }
}

fn header_number(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
}

/// `Retry-After` in seconds (the HTTP-date form is rare in APIs and falls
/// back to the window).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    let seconds: f64 = value.trim().parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds.min(3600.0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn names() -> RateLimitHeaders {
        RateLimitHeaders {
            remaining: "x-rl-remaining".into(),
            interval_ms: "x-rl-interval".into(),
            max: "x-rl-max".into(),
        }
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn a_spent_budget_waits_out_the_window() {
        let pacer = Pacer::new(Some(names()));
        let now = Instant::now();
        assert_eq!(pacer.admit(now).wait, Duration::ZERO);
        pacer.finished();
        pacer.observe(
            &headers(&[("x-rl-remaining", "2"), ("x-rl-interval", "10000")]),
            now,
            0,
        );
        assert_eq!(pacer.admit(now).wait, Duration::ZERO);
        assert_eq!(pacer.admit(now).wait, Duration::ZERO);
        // Both requests of the budget are out: the third waits for the end
        // of the window that opened with the first request.
        assert_eq!(pacer.admit(now).wait, Duration::from_secs(10) + MARGIN);
        // Others wait for the same gate.
        let later = now + Duration::from_secs(4);
        assert_eq!(pacer.admit(later).wait, Duration::from_secs(6) + MARGIN);
        // After it, the budget is unknown until the next response says.
        assert_eq!(
            pacer.admit(now + Duration::from_secs(11)).wait,
            Duration::ZERO
        );
    }

    #[test]
    fn requests_still_on_their_way_count_against_a_reported_budget() {
        let pacer = Pacer::new(Some(names()));
        let now = Instant::now();
        // Four requests out at once; the first answer says 3 are left.
        for _ in 0..4 {
            assert_eq!(pacer.admit(now).wait, Duration::ZERO);
        }
        pacer.finished();
        pacer.observe(
            &headers(&[("x-rl-remaining", "3"), ("x-rl-interval", "1000")]),
            now,
            0,
        );
        // The three still on their way take those three: the next waits.
        assert!(pacer.admit(now).wait > Duration::ZERO);
    }

    /// A window opens with its first request: a budget spent late in it
    /// waits only for what is left of it.
    #[test]
    fn a_spent_budget_waits_for_the_end_of_the_window_not_a_whole_one() {
        let pacer = Pacer::new(Some(names()));
        let start = Instant::now();
        assert_eq!(pacer.admit(start).wait, Duration::ZERO);
        pacer.finished();
        pacer.observe(
            &headers(&[("x-rl-remaining", "0"), ("x-rl-interval", "1000")]),
            start,
            0,
        );
        let late = start + Duration::from_millis(900);
        assert_eq!(pacer.admit(late).wait, Duration::from_millis(100) + MARGIN);
    }

    /// The source's window opened with the first request it counted, which
    /// it answered with `Remaining = Max - 1`: the client's window starts
    /// no earlier than that answer, however early the client sent it.
    #[test]
    fn the_window_starts_when_the_source_says_it_did() {
        let pacer = Pacer::new(Some(names()));
        let sent = Instant::now();
        assert_eq!(pacer.admit(sent).wait, Duration::ZERO);
        pacer.finished();
        // The request sat 200 ms in a busy client before the source saw it.
        let answered = sent + Duration::from_millis(200);
        pacer.observe(
            &headers(&[
                ("x-rl-remaining", "1"),
                ("x-rl-max", "2"),
                ("x-rl-interval", "1000"),
            ]),
            answered,
            0,
        );
        assert_eq!(pacer.admit(answered).wait, Duration::ZERO);
        // Spent: wait for the end of the source's window, which opened at
        // the latest when its first answer came back, not when it was sent.
        let wait = pacer.admit(answered).wait;
        assert_eq!(wait, Duration::from_millis(1000) + MARGIN);
        // A later answer in the same window moves nothing.
        let pacer = Pacer::new(Some(names()));
        assert_eq!(pacer.admit(sent).wait, Duration::ZERO);
        pacer.finished();
        let later = sent + Duration::from_millis(300);
        pacer.observe(
            &headers(&[
                ("x-rl-remaining", "0"),
                ("x-rl-max", "2"),
                ("x-rl-interval", "1000"),
            ]),
            later,
            0,
        );
        assert_eq!(pacer.admit(later).wait, Duration::from_millis(700) + MARGIN);
    }

    /// An answer from a window already waited out (it arrived after the
    /// gate opened) says its budget is spent: that is no news of the new
    /// window, which must not wait a whole window more.
    #[test]
    fn a_late_answer_from_an_earlier_window_is_left_out() {
        let pacer = Pacer::new(Some(names()));
        let start = Instant::now();
        let first = pacer.admit(start);
        pacer.finished();
        let spent = headers(&[("x-rl-remaining", "0"), ("x-rl-interval", "1000")]);
        pacer.observe(&spent, start, first.window);
        let late = pacer.admit(start);
        assert_eq!(late.wait, Duration::from_millis(1000) + MARGIN);
        let opened = start + late.wait;
        // Sent before the gate, answered after it, by the old window.
        pacer.observe(&spent, opened, first.window);
        assert_eq!(pacer.admit(opened).wait, Duration::ZERO);
        // The same answer to a request of this window does count.
        pacer.observe(&spent, opened, late.window);
        assert!(pacer.admit(opened).wait > Duration::from_millis(900));
    }

    #[test]
    fn a_spaced_client_waits_its_interval_between_requests() {
        let spacing = Spacing::new(Duration::from_millis(250));
        let start = Instant::now();
        assert_eq!(
            spacing.admit(start),
            Duration::ZERO,
            "the first goes at once"
        );
        // Two at once: each takes the next slot.
        assert_eq!(spacing.admit(start), Duration::from_millis(250));
        assert_eq!(spacing.admit(start), Duration::from_millis(500));
        // Idle past the slots: no wait.
        let later = start + Duration::from_secs(1);
        assert_eq!(spacing.admit(later), Duration::ZERO);
        assert_eq!(
            spacing.admit(later + Duration::from_millis(100)),
            Duration::from_millis(150)
        );
    }

    #[test]
    fn a_429_waits_retry_after_else_the_window() {
        let pacer = Pacer::new(Some(names()));
        let now = Instant::now();
        let wait = pacer.throttled(&headers(&[("retry-after", "3")]), now);
        assert_eq!(wait, Duration::from_secs(3));
        assert_eq!(pacer.admit(now).wait, Duration::from_secs(3));
        let wait = pacer.throttled(&headers(&[("x-rl-interval", "2000")]), now);
        // The longer gate of the two stands.
        assert_eq!(wait, Duration::from_secs(3));
        let pacer = Pacer::new(None);
        assert_eq!(pacer.throttled(&HeaderMap::new(), now), DEFAULT_RETRY_AFTER);
    }
}
