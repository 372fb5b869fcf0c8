//! `[sync]`: how often the TUI syncs a live source in the background.

use serde::Deserialize;
use std::time::Duration;

/// `[sync]` as written.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct SyncConfig {
    /// `"15m"`, `"1h"`, `"90s"`, or `"off"`.
    pub(crate) interval: Interval,
    /// The share of the cached accounts (0 to 1) a full sync may delete.
    pub(crate) max_delete_share: f64,
}

impl Default for SyncConfig {
    fn default() -> SyncConfig {
        SyncConfig {
            interval: Interval(Some(Duration::from_secs(15 * 60))),
            max_delete_share: DEFAULT_MAX_DELETE_SHARE,
        }
    }
}

/// The default `[sync] max_delete_share`: a full sync may delete up to a
/// tenth of the cached accounts without `--allow-delete`.
pub(crate) const DEFAULT_MAX_DELETE_SHARE: f64 = 0.1;

impl SyncConfig {
    /// The numbers out of their documented range: key and what is allowed.
    pub(crate) fn out_of_range(&self) -> Option<(&'static str, String)> {
        let share = self.max_delete_share;
        (!(share.is_finite() && (0.0..=1.0).contains(&share))).then(|| {
            (
                "max_delete_share",
                format!("expected a share from 0 to 1 (default 0.1), got {share}"),
            )
        })
    }
}

/// A time between syncs, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub(crate) struct Interval(pub Option<Duration>);

/// The shortest interval: a live source is not to be hammered.
const MIN_SECS: u64 = 60;

/// The longest interval: a day (longer is "off" in all but name).
const MAX_SECS: u64 = 24 * 3600;

impl TryFrom<String> for Interval {
    type Error = String;

    fn try_from(s: String) -> Result<Interval, String> {
        let bad = || format!("`{s}` is not an interval: write e.g. \"15m\", \"1h\" or \"off\"");
        let t = s.trim();
        if t == "off" {
            return Ok(Interval(None));
        }
        let (n, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?);
        let n: u64 = n.parse().map_err(|_| bad())?;
        let secs = match unit {
            "s" => n,
            "m" => n.saturating_mul(60),
            "h" => n.saturating_mul(3600),
            _ => return Err(bad()),
        };
        if secs < MIN_SECS {
            return Err(format!("`{s}` is too often: at least every 1m, or \"off\""));
        }
        if secs > MAX_SECS {
            return Err(format!(
                "`{s}` is too long: at most every 24h (1m to 24h), or \"off\""
            ));
        }
        Ok(Interval(Some(Duration::from_secs(secs))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_as_written() {
        let read = |s: &str| Interval::try_from(s.to_string());
        assert_eq!(read("15m"), Ok(Interval(Some(Duration::from_secs(900)))));
        assert_eq!(read("1h"), Ok(Interval(Some(Duration::from_secs(3600)))));
        assert_eq!(read("off"), Ok(Interval(None)));
        assert_eq!(read("24h"), Ok(Interval(Some(Duration::from_secs(86400)))));
        for bad in [
            "",
            "15",
            "m",
            "5x",
            "30s",
            "25h",
            "1441m",
            "99999999999999999999h",
        ] {
            assert!(read(bad).is_err(), "{bad:?}");
        }
    }
}
