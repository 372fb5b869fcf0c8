//! One clock for the whole app: the time zone days are counted in, an
//! optional fixed as-of (`--as-of`), and the [`AsOf`] value that each load
//! computes once and evaluates, shows and keeps.
//!
//! `domain` never reads the clock: it takes the as-of day as an argument.

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::str::FromStr;

pub(crate) mod when;

/// The time zone days are counted in: the computer's own, or a named one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zone {
    /// The computer's zone (`TZ`, else the system setting).
    #[default]
    Local,
    /// An IANA zone such as `Europe/Berlin`.
    Named(Tz),
}

impl Zone {
    /// The calendar day of `instant` in this zone.
    pub(crate) fn day(&self, instant: DateTime<Utc>) -> NaiveDate {
        match self {
            Zone::Local => instant.with_timezone(&Local).date_naive(),
            Zone::Named(tz) => instant.with_timezone(tz).date_naive(),
        }
    }

    /// `instant` as shown to the user: local time with the zone's
    /// abbreviation (`CET`) or, for the computer's zone, its offset (`+01:00`).
    pub(crate) fn label(&self, instant: DateTime<Utc>) -> String {
        match self {
            Zone::Local => instant
                .with_timezone(&Local)
                .format("%Y-%m-%d %H:%M %:z")
                .to_string(),
            Zone::Named(tz) => instant
                .with_timezone(tz)
                .format("%Y-%m-%d %H:%M %Z")
                .to_string(),
        }
    }

    /// The instant a wall-clock time in this zone names: the earlier one
    /// when a clock change repeats it, `None` when a clock change skips it.
    pub(crate) fn instant(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        match self {
            Zone::Local => Local
                .from_local_datetime(&local)
                .earliest()
                .map(|d| d.with_timezone(&Utc)),
            Zone::Named(tz) => tz
                .from_local_datetime(&local)
                .earliest()
                .map(|d| d.with_timezone(&Utc)),
        }
    }

    /// The first instant of `day` in this zone (the day's midnight, or the
    /// first valid time when a clock change skips midnight).
    pub(crate) fn start_of(&self, day: NaiveDate) -> DateTime<Utc> {
        fn first<Z: TimeZone>(zone: &Z, day: NaiveDate) -> DateTime<Utc> {
            (0..24)
                .filter_map(|h| NaiveTime::from_hms_opt(h, 0, 0))
                .find_map(|t| zone.from_local_datetime(&day.and_time(t)).earliest())
                .map_or_else(
                    || day.and_time(NaiveTime::MIN).and_utc(),
                    |d| d.with_timezone(&Utc),
                )
        }
        match self {
            Zone::Local => first(&Local, day),
            Zone::Named(tz) => first(tz, day),
        }
    }
}

impl FromStr for Zone {
    type Err = String;

    /// `local`, or an IANA zone name.
    fn from_str(s: &str) -> Result<Zone, String> {
        if s.eq_ignore_ascii_case("local") {
            return Ok(Zone::Local);
        }
        s.parse::<Tz>().map(Zone::Named).map_err(|_| {
            format!(
                "unknown time zone `{s}`; expected \"local\" or an IANA name \
                 such as \"Europe/Berlin\" or \"America/New_York\""
            )
        })
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Local => f.write_str("local"),
            Zone::Named(tz) => f.write_str(tz.name()),
        }
    }
}

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Zone, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A fixed as-of, from `--as-of`: a day, or an exact instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pin {
    /// `YYYY-MM-DD`: that day, from its start in the configured zone.
    Day(NaiveDate),
    /// A full RFC 3339 instant, e.g. `2026-11-23T17:15:00+01:00`.
    Instant(DateTime<Utc>),
}

impl FromStr for Pin {
    type Err = String;

    fn from_str(s: &str) -> Result<Pin, String> {
        if let Ok(day) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(Pin::Day(day));
        }
        DateTime::parse_from_rfc3339(s)
            .map(|t| Pin::Instant(t.with_timezone(&Utc)))
            .map_err(|_| {
                format!(
                    "`{s}` is not a date (YYYY-MM-DD) or an RFC 3339 instant \
                     (e.g. 2026-11-23T17:15:00+01:00)"
                )
            })
    }
}

/// The moment a load evaluates: computed once per load, shown in the
/// header, and the day every number of that load is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AsOf {
    pub(crate) instant: DateTime<Utc>,
    /// The day of `instant` in `zone`.
    pub day: NaiveDate,
    pub(crate) zone: Zone,
}

impl AsOf {
    /// The as-of `instant`, its day counted in `zone`.
    pub fn at(instant: DateTime<Utc>, zone: Zone) -> AsOf {
        AsOf {
            instant,
            day: zone.day(instant),
            zone,
        }
    }

    /// The as-of day, but never after today (in its zone): the day to
    /// clean up by, so that a replay of a later day (`--as-of`) deletes
    /// nothing today still keeps.
    pub(crate) fn cleanup_day(&self) -> NaiveDate {
        self.day.min(self.zone.day(Utc::now()))
    }

    /// The instant in its zone, e.g. `2026-11-23 17:15 CET`.
    pub(crate) fn label(&self) -> String {
        self.zone.label(self.instant)
    }
}

/// The app's clock: the configured zone and, with `--as-of`, a fixed as-of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Clock {
    pub zone: Zone,
    pub(crate) pin: Option<Pin>,
}

impl Clock {
    pub fn new(zone: Zone, pin: Option<Pin>) -> Clock {
        Clock { zone, pin }
    }

    /// The as-of for a load started at `now` (the wall clock), or the fixed one.
    pub fn as_of(&self, now: DateTime<Utc>) -> AsOf {
        match self.pin {
            None => AsOf::at(now, self.zone),
            Some(Pin::Instant(instant)) => AsOf::at(instant, self.zone),
            Some(Pin::Day(day)) => AsOf {
                instant: self.zone.start_of(day),
                day,
                zone: self.zone,
            },
        }
    }

    /// The as-of day at `now`: it changes at midnight in the zone, unless fixed.
    pub fn day(&self, now: DateTime<Utc>) -> NaiveDate {
        self.as_of(now).day
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn berlin() -> Zone {
        "Europe/Berlin".parse().unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn days_are_counted_in_the_zone() {
        // 23:30 UTC is already the next day in Berlin.
        let late = utc("2026-11-23T23:30:00Z");
        assert_eq!(berlin().day(late).to_string(), "2026-11-24");
        assert_eq!(Zone::Named(Tz::UTC).day(late).to_string(), "2026-11-23");
        assert_eq!(berlin().label(late), "2026-11-24 00:30 CET");
        assert_eq!(Zone::Named(Tz::UTC).label(late), "2026-11-23 23:30 UTC");
        let summer = utc("2026-07-01T12:00:00Z");
        assert_eq!(berlin().label(summer), "2026-07-01 14:00 CEST");
    }

    #[test]
    fn zones_parse_by_name_or_local() {
        assert_eq!("local".parse::<Zone>(), Ok(Zone::Local));
        assert_eq!(berlin().to_string(), "Europe/Berlin");
        let err = "Mars/Olympus".parse::<Zone>().unwrap_err();
        assert!(err.contains("Mars/Olympus"), "{err}");
    }

    #[test]
    fn as_of_pins_a_day_or_an_instant() {
        let now = utc("2026-11-23T09:30:00Z");
        let day: Pin = "2026-01-15".parse().unwrap();
        let clock = Clock::new(berlin(), Some(day));
        let a = clock.as_of(now);
        assert_eq!(a.day.to_string(), "2026-01-15");
        assert_eq!(a.label(), "2026-01-15 00:00 CET");
        let instant: Pin = "2026-11-23T23:30:00Z".parse().unwrap();
        let a = Clock::new(berlin(), Some(instant)).as_of(now);
        assert_eq!(a.day.to_string(), "2026-11-24");
        assert!("23/11/2026".parse::<Pin>().is_err());
        // Unpinned: the wall clock, and the day rolls over at midnight.
        let free = Clock::new(berlin(), None);
        assert_eq!(free.as_of(now).instant, now);
        assert_eq!(
            free.day(utc("2026-11-23T22:59:59Z")).to_string(),
            "2026-11-23"
        );
        assert_eq!(
            free.day(utc("2026-11-23T23:00:00Z")).to_string(),
            "2026-11-24"
        );
    }
}
