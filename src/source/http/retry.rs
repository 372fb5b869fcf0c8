//! When to try again, and how long to wait first: one policy for the HTTP
//! layer (a request retried within a call) and the outbox (a log retried
//! across flushes). Which statuses are worth another try ([`again`]) and
//! the curve (exponential backoff with jitter, so that many clients
//! failing at once do not come back at once, [`Backoff`]) live here only.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The first wait after a failed request; each further failure doubles it.
pub(crate) const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// The longest wait between two attempts at a request.
pub(crate) const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// A backoff curve: doubling from `first`, capped at `max`, each wait
/// somewhere in its upper half.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Backoff {
    pub(crate) first: Duration,
    pub(crate) max: Duration,
}

impl Backoff {
    /// Between the attempts of one request.
    pub(crate) const REQUEST: Backoff = Backoff {
        first: FIRST_BACKOFF,
        max: MAX_BACKOFF,
    };

    /// The wait before retry number `retry` (0 for the first retry).
    pub(crate) fn wait(&self, retry: u32, jitter: &Jitter) -> Duration {
        let full = self
            .first
            .saturating_mul(1u32.checked_shl(retry.min(16)).unwrap_or(u32::MAX))
            .min(self.max);
        full.mul_f64(0.5 + 0.5 * jitter.fraction())
    }
}

/// What an error status says about trying again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Again {
    /// The server's own failure or a request timeout: after a backoff.
    Soon,
    /// 429: once the source's wait is over (never given up on).
    WaitOut,
    /// 401, 403: once the token is fixed.
    AfterFix,
    /// Anything else (a 4xx, 501 Not Implemented): sending the same again
    /// cannot help.
    Never,
}

/// The one rule, for the HTTP layer and the outbox alike.
pub(crate) fn again(status: u16) -> Again {
    match status {
        429 => Again::WaitOut,
        401 | 403 => Again::AfterFix,
        408 => Again::Soon,
        501 => Again::Never,
        500..=599 => Again::Soon,
        _ => Again::Never,
    }
}

/// A tiny xorshift64 generator, seeded from the clock: jitter needs to
/// differ between processes, not to be unpredictable.
#[derive(Debug)]
pub(crate) struct Jitter(AtomicU64);

impl Jitter {
    pub(crate) fn from_time() -> Jitter {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Jitter::seeded(nanos ^ u64::from(std::process::id()).rotate_left(32))
    }

    pub(crate) fn seeded(seed: u64) -> Jitter {
        // Zero is xorshift's one fixed point.
        Jitter(AtomicU64::new(seed | 1))
    }

    fn next(&self) -> u64 {
        let step = |mut x: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut old = self.0.load(Ordering::Relaxed);
        loop {
            let new = step(old);
            match self
                .0
                .compare_exchange_weak(old, new, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return new,
                Err(seen) => old = seen,
            }
        }
    }

    /// A fraction in [0, 1).
    pub(crate) fn fraction(&self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The wait before retry number `retry` of a request.
pub(crate) fn backoff(retry: u32, jitter: &Jitter) -> Duration {
    Backoff::REQUEST.wait(retry, jitter)
}

/// Whether a request is tried again after a backoff ([`Again::Soon`]).
/// 429 is handled apart (it is waited out).
pub(crate) fn retryable_status(status: u16) -> bool {
    again(status) == Again::Soon
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_jitter_and_is_capped() {
        let jitter = Jitter::seeded(42);
        for retry in 0..20 {
            let full = FIRST_BACKOFF
                .saturating_mul(2u32.saturating_pow(retry))
                .min(MAX_BACKOFF);
            let wait = backoff(retry, &jitter);
            assert!(wait >= full / 2 && wait <= full, "{retry}: {wait:?}");
        }
    }

    #[test]
    fn jitter_spreads() {
        let jitter = Jitter::seeded(7);
        let draws: Vec<f64> = (0..1000).map(|_| jitter.fraction()).collect();
        assert!(draws.iter().all(|f| (0.0..1.0).contains(f)));
        let low = draws.iter().filter(|f| **f < 0.5).count();
        assert!((400..600).contains(&low), "{low}");
    }

    #[test]
    fn server_failures_are_retried_client_errors_are_not() {
        for s in [500, 502, 503, 504, 408] {
            assert!(retryable_status(s), "{s}");
        }
        for s in [400, 401, 403, 404, 429, 501] {
            assert!(!retryable_status(s), "{s}");
        }
    }
}
