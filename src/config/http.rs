//! `[http]`: the bounds every request keeps (see
//! [`crate::source::http::Limits`]), each a whole number in its documented
//! range.

use crate::source::http::limits::{Limits, MB, RANGES};
use serde::Deserialize;
use std::time::Duration;

/// `[http]` as written: any key left out keeps its default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(super) struct HttpKeys {
    connect_timeout: Option<u64>,
    deadline: Option<u64>,
    min_rate: Option<u64>,
    min_rate_window: Option<u64>,
    max_wait: Option<u64>,
    max_body: Option<u64>,
}

impl HttpKeys {
    /// The limits, or the first key out of its range: its name and what
    /// to write instead.
    pub(super) fn resolve(&self) -> Result<Limits, (&'static str, String)> {
        let written = [
            self.connect_timeout,
            self.deadline,
            self.min_rate,
            self.min_rate_window,
            self.max_wait,
            self.max_body,
        ];
        for ((key, low, high, unit), value) in RANGES.iter().zip(written) {
            if let Some(v) = value.filter(|v| !(*low..=*high).contains(v)) {
                return Err((
                    key,
                    format!("{key} = {v} is out of range: write {low} to {high} ({unit})"),
                ));
            }
        }
        let d = Limits::default();
        let secs = |v: Option<u64>, default: Duration| v.map_or(default, Duration::from_secs);
        Ok(Limits {
            connect_timeout: secs(self.connect_timeout, d.connect_timeout),
            deadline: secs(self.deadline, d.deadline),
            min_rate: self.min_rate.unwrap_or(d.min_rate),
            min_rate_window: secs(self.min_rate_window, d.min_rate_window),
            max_wait: secs(self.max_wait, d.max_wait),
            max_body: self.max_body.map_or(d.max_body, |mb| mb * MB),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_left_out_keep_their_defaults_and_ranges_are_checked() {
        assert_eq!(HttpKeys::default().resolve(), Ok(Limits::default()));
        let keys = HttpKeys {
            deadline: Some(2),
            max_body: Some(1),
            ..HttpKeys::default()
        };
        let limits = keys.resolve().unwrap();
        assert_eq!(limits.deadline, Duration::from_secs(2));
        assert_eq!(limits.max_body, MB);
        let bad = HttpKeys {
            max_wait: Some(100_000),
            ..HttpKeys::default()
        };
        let (key, message) = bad.resolve().unwrap_err();
        assert_eq!(key, "max_wait");
        assert!(message.contains("0 to 3600 (seconds)"), "{message}");
    }
}
