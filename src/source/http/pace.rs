//! Staying under a source's rate limit: the budget its headers report, the
//! window to wait out when it is spent, and `Retry-After` on a 429. Every
//! wait goes through a [`Sleeper`], so tests can record waits instead of
//! sitting through them.

use super::RateLimitHeaders;
use reqwest::header::HeaderMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
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

/// A sleeper that records each wait and returns at once, for tests.
#[derive(Debug, Clone, Default)]
pub struct RecordingSleeper {
    waits: Arc<Mutex<Vec<Duration>>>,
}

impl RecordingSleeper {
    /// The waits asked for so far, in order.
    pub fn waits(&self) -> Vec<Duration> {
        self.waits.lock().expect("waits lock").clone()
    }
}

impl Sleeper for RecordingSleeper {
    fn sleep(&self, wait: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        self.waits.lock().expect("waits lock").push(wait);
        Box::pin(std::future::ready(()))
    }
}

/// The window assumed when a source reports a spent budget but no window.
const DEFAULT_WINDOW: Duration = Duration::from_secs(1);
/// The wait on a 429 that gives neither `Retry-After` nor a window.
pub const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(1);

/// What the client knows of the source's rate limit, shared by every
/// request of one [`super::Http`].
#[derive(Debug)]
pub struct Pacer {
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
}

/// Leeway past the window's end, for the clocks of client and source.
const MARGIN: Duration = Duration::from_millis(15);

impl Pacer {
    pub fn new(headers: Option<RateLimitHeaders>) -> Pacer {
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
    pub fn admit(&self, now: Instant) -> Duration {
        let mut state = self.state();
        state.in_flight += 1;
        if let Some(gate) = state.gate.filter(|g| *g > now) {
            return gate - now;
        }
        state.gate = None;
        let opened = *state.opened.get_or_insert(now);
        match state.remaining {
            Some(0) => {
                let window = state.window.unwrap_or(DEFAULT_WINDOW);
                let gate = (opened + window).max(now) + MARGIN;
                state.gate = Some(gate);
                // The next window opens when the waiting requests go out.
                state.opened = Some(gate);
                state.remaining = None;
                gate - now
            }
            Some(n) => {
                state.remaining = Some(n - 1);
                Duration::ZERO
            }
            None => Duration::ZERO,
        }
    }

    /// A request admitted earlier has its answer (or failed).
    pub fn finished(&self) {
        let mut state = self.state();
        state.in_flight = state.in_flight.saturating_sub(1);
    }

    /// Reads the rate-limit headers of a response.
    pub fn observe(&self, headers: &HeaderMap) {
        let Some(names) = &self.headers else { return };
        let number = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        let mut state = self.state();
        if let Some(ms) = number(&names.interval_ms).filter(|ms| *ms > 0) {
            state.window = Some(Duration::from_millis(ms));
        }
        if let Some(remaining) = number(&names.remaining) {
            // Requests still on their way are not in the source's count.
            state.remaining = Some(remaining.saturating_sub(state.in_flight));
        }
    }

    /// A 429: no request starts until `Retry-After` (else the window, else
    /// a second) has passed. Returns that wait.
    pub fn throttled(&self, headers: &HeaderMap, now: Instant) -> Duration {
        self.observe(headers);
        let mut state = self.state();
        let wait = retry_after(headers)
            .or(state.window)
            .unwrap_or(DEFAULT_RETRY_AFTER);
        let until = now + wait;
        state.gate = Some(state.gate.map_or(until, |g| g.max(until)));
        state.remaining = None;
        state.gate.map_or(wait, |g| g - now)
    }
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
        assert_eq!(pacer.admit(now), Duration::ZERO);
        pacer.finished();
        pacer.observe(&headers(&[
            ("x-rl-remaining", "2"),
            ("x-rl-interval", "10000"),
        ]));
        assert_eq!(pacer.admit(now), Duration::ZERO);
        assert_eq!(pacer.admit(now), Duration::ZERO);
        // Both requests of the budget are out: the third waits for the end
        // of the window that opened with the first request.
        assert_eq!(pacer.admit(now), Duration::from_secs(10) + MARGIN);
        // Others wait for the same gate.
        let later = now + Duration::from_secs(4);
        assert_eq!(pacer.admit(later), Duration::from_secs(6) + MARGIN);
        // After it, the budget is unknown until the next response says.
        assert_eq!(pacer.admit(now + Duration::from_secs(11)), Duration::ZERO);
    }

    #[test]
    fn requests_still_on_their_way_count_against_a_reported_budget() {
        let pacer = Pacer::new(Some(names()));
        let now = Instant::now();
        // Four requests out at once; the first answer says 3 are left.
        for _ in 0..4 {
            assert_eq!(pacer.admit(now), Duration::ZERO);
        }
        pacer.finished();
        pacer.observe(&headers(&[
            ("x-rl-remaining", "3"),
            ("x-rl-interval", "1000"),
        ]));
        // The three still on their way take those three: the next waits.
        assert!(pacer.admit(now) > Duration::ZERO);
    }

    /// A window opens with its first request: a budget spent late in it
    /// waits only for what is left of it.
    #[test]
    fn a_spent_budget_waits_for_the_end_of_the_window_not_a_whole_one() {
        let pacer = Pacer::new(Some(names()));
        let start = Instant::now();
        assert_eq!(pacer.admit(start), Duration::ZERO);
        pacer.finished();
        pacer.observe(&headers(&[
            ("x-rl-remaining", "0"),
            ("x-rl-interval", "1000"),
        ]));
        let late = start + Duration::from_millis(900);
        assert_eq!(pacer.admit(late), Duration::from_millis(100) + MARGIN);
    }

    #[test]
    fn a_429_waits_retry_after_else_the_window() {
        let pacer = Pacer::new(Some(names()));
        let now = Instant::now();
        let wait = pacer.throttled(&headers(&[("retry-after", "3")]), now);
        assert_eq!(wait, Duration::from_secs(3));
        assert_eq!(pacer.admit(now), Duration::from_secs(3));
        let wait = pacer.throttled(&headers(&[("x-rl-interval", "2000")]), now);
        // The longer gate of the two stands.
        assert_eq!(wait, Duration::from_secs(3));
        let pacer = Pacer::new(None);
        assert_eq!(pacer.throttled(&HeaderMap::new(), now), DEFAULT_RETRY_AFTER);
    }
}
