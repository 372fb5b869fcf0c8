//! How long a request may take, how slowly its answer may come, how long
//! a rate limit may hold it back and how large its answer may be: the
//! `[http]` table of the config, each with its range.

use std::time::Duration;

/// The bounds every request of a client keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Connecting (TCP and TLS).
    pub connect_timeout: Duration,
    /// The whole request, from sending it to the last byte of its answer.
    pub deadline: Duration,
    /// The slowest answer accepted, in bytes a second, measured over
    /// `min_rate_window`; 0 for none.
    pub min_rate: u64,
    pub min_rate_window: Duration,
    /// The longest wait for a rate limit (`Retry-After`, a spent window);
    /// a longer one fails the request.
    pub max_wait: Duration,
    /// The largest answer, in bytes.
    pub max_body: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            connect_timeout: Duration::from_secs(10),
            deadline: Duration::from_secs(60),
            min_rate: 1_000,
            min_rate_window: Duration::from_secs(20),
            max_wait: Duration::from_secs(300),
            max_body: 64 * MB,
        }
    }
}

/// A megabyte, as `max_body` counts.
pub(crate) const MB: u64 = 1024 * 1024;

/// The ranges the config accepts, as (key, lowest, highest, unit).
pub(crate) const RANGES: [(&str, u64, u64, &str); 6] = [
    ("connect_timeout", 1, 300, "seconds"),
    ("deadline", 1, 3_600, "seconds"),
    ("min_rate", 0, 1_000_000_000, "bytes a second"),
    ("min_rate_window", 1, 600, "seconds"),
    ("max_wait", 0, 3_600, "seconds"),
    ("max_body", 1, 4_096, "MB"),
];

/// `n` seconds as a person reads them: `42 s`, `5 min`, `2 h`.
pub(crate) fn spoken(wait: Duration) -> String {
    let secs = wait.as_secs_f64().ceil() as u64;
    match secs {
        0..=119 => format!("{secs} s"),
        120..=7_199 => format!("{} min", secs.div_ceil(60)),
        _ => format!("{} h", secs.div_ceil(3_600)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_read_as_spoken() {
        assert_eq!(spoken(Duration::from_millis(41_200)), "42 s");
        assert_eq!(spoken(Duration::from_secs(300)), "5 min");
        assert_eq!(spoken(Duration::from_secs(1_000_000_000)), "277778 h");
    }

    #[test]
    fn the_defaults_are_in_their_ranges() {
        let d = Limits::default();
        let values = [
            d.connect_timeout.as_secs(),
            d.deadline.as_secs(),
            d.min_rate,
            d.min_rate_window.as_secs(),
            d.max_wait.as_secs(),
            d.max_body / MB,
        ];
        for ((key, low, high, _), v) in RANGES.iter().zip(values) {
            assert!((*low..=*high).contains(&v), "{key} = {v}");
        }
    }
}
