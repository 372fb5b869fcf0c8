//! When to try a request again, and how long to wait first: exponential
//! backoff with jitter, so that many clients failing at once do not come
//! back at once.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The first wait after a failure; each further failure doubles it.
pub const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// The longest wait between two attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// A tiny xorshift64 generator, seeded from the clock: jitter needs to
/// differ between processes, not to be unpredictable.
#[derive(Debug)]
pub struct Jitter(AtomicU64);

impl Jitter {
    pub fn from_time() -> Jitter {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Jitter::seeded(nanos ^ u64::from(std::process::id()).rotate_left(32))
    }

    pub fn seeded(seed: u64) -> Jitter {
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
    pub fn fraction(&self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The wait before retry number `retry` (0 for the first retry): the
/// doubling backoff, capped, then somewhere in its upper half.
pub fn backoff(retry: u32, jitter: &Jitter) -> Duration {
    let full = FIRST_BACKOFF
        .saturating_mul(1u32.checked_shl(retry.min(16)).unwrap_or(u32::MAX))
        .min(MAX_BACKOFF);
    full.mul_f64(0.5 + 0.5 * jitter.fraction())
}

/// Whether a status is worth trying again after a pause: the server's own
/// failures and a request timeout. 429 is handled apart (it is waited out,
/// never given up on).
pub fn retryable_status(status: u16) -> bool {
    status == 408 || (500..=599).contains(&status) && status != 501
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
