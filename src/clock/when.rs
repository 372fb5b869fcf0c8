//! "When", as a CSM types it while logging a play: when it happened
//! (`now`, `-2h`, `yesterday 15:00`, `2026-11-20`) and when to follow up
//! (`+7d`, `fri`, a date, `none`). The TUI's play logger and
//! `orienteer log-play` read them with the same functions, in the
//! configured zone.

use super::Zone;
use crate::domain::draft::ReadTime;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};

/// How far ahead of now a play's time may be: a play is logged after it
/// happened, but clocks drift.
const FUTURE_SLACK: TimeDelta = TimeDelta::minutes(5);

pub(crate) use crate::domain::typed_time::WhenError;

/// When a play happened, from what the user typed, relative to `now`.
/// A day without a time means noon that day (or now, if that is earlier),
/// so that the day survives any zone the source shows it in.
pub(crate) fn parse_at(
    text: &str,
    now: DateTime<Utc>,
    zone: Zone,
) -> Result<DateTime<Utc>, WhenError> {
    let t = text.trim().to_lowercase();
    let bad = || WhenError::NotATime(text.trim().to_string());
    let today = zone.day(now);
    let at = if t.is_empty() || t == "now" {
        now
    } else if let Some(ago) = t
        .strip_prefix('-')
        .or_else(|| t.strip_suffix(" ago"))
        .map(str::trim)
    {
        now - span(ago, true).ok_or_else(bad)?
    } else if let Some((day, time)) = day_and_time(&t, today) {
        match time {
            Some(time) => {
                zone.instant(day.and_time(time))
                    .ok_or_else(|| WhenError::NoSuchTime {
                        text: text.trim().to_string(),
                        zone: zone.to_string(),
                    })?
            }
            None => noon(day, zone).min(now),
        }
    } else if let Ok(exact) = DateTime::parse_from_rfc3339(text.trim()) {
        exact.with_timezone(&Utc)
    } else {
        return Err(bad());
    };
    if at > now + FUTURE_SLACK {
        return Err(WhenError::InTheFuture {
            text: text.trim().to_string(),
            at: zone.label(at),
        });
    }
    Ok(at)
}

/// When to follow up, from what the user typed: `default` (or nothing)
/// keeps `default` (the play's own follow-up), `none` means no follow-up.
pub(crate) fn parse_follow_up(
    text: &str,
    today: NaiveDate,
    default: Option<NaiveDate>,
) -> Result<Option<NaiveDate>, WhenError> {
    let t = text.trim().to_lowercase();
    let bad = || WhenError::NotAFollowUp(text.trim().to_string());
    let day = match t.as_str() {
        "" | "default" => return Ok(default),
        "none" | "no" | "-" => return Ok(None),
        "today" => today,
        "tomorrow" => today
            .checked_add_signed(TimeDelta::days(1))
            .ok_or_else(bad)?,
        _ => {
            if let Some(weekday) = weekday(&t) {
                next_weekday(today, weekday).ok_or_else(bad)?
            } else if let Some(ahead) = span(t.strip_prefix('+').unwrap_or(&t), false) {
                today.checked_add_signed(ahead).ok_or_else(bad)?
            } else {
                NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| bad())?
            }
        }
    };
    if day < today {
        return Err(WhenError::PastFollowUp { day, today });
    }
    Ok(Some(day))
}

/// The day a snooze ends, from what the user typed: the presets `1w`,
/// `2w`, `1m` (a calendar month), or a day as the follow-up reads it
/// ([`parse_follow_up`]: `+10d`, `fri`, `2026-12-24`); after `today`.
pub(crate) fn parse_until(text: &str, today: NaiveDate) -> Result<NaiveDate, WhenError> {
    let t = text.trim().to_lowercase();
    let bad = || WhenError::NotAnUntil(text.trim().to_string());
    let months = t
        .strip_prefix('+')
        .unwrap_or(&t)
        .strip_suffix('m')
        .or_else(|| t.strip_suffix(" month"))
        .or_else(|| t.strip_suffix(" months"))
        .and_then(|n| n.trim().parse::<u32>().ok())
        .filter(|&n| n <= 1_200);
    let day = match months {
        Some(n) => today
            .checked_add_months(chrono::Months::new(n))
            .ok_or_else(bad)?,
        None => match parse_follow_up(&t, today, None) {
            Ok(Some(day)) => day,
            Ok(None) => return Err(bad()),
            Err(WhenError::PastFollowUp { day, today }) => {
                return Err(WhenError::PastUntil { day, today })
            }
            Err(_) => return Err(bad()),
        },
    };
    if day <= today {
        return Err(WhenError::PastUntil { day, today });
    }
    Ok(day)
}

/// How both faces read the times typed while logging a play: `now` in
/// `zone` (the domain's [`ReadTime`], for [`crate::domain::draft`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Typed {
    pub(crate) now: DateTime<Utc>,
    pub(crate) zone: Zone,
}

impl ReadTime for Typed {
    fn at(&self, text: &str) -> Result<DateTime<Utc>, WhenError> {
        parse_at(text, self.now, self.zone)
    }

    fn day(&self, at: DateTime<Utc>) -> NaiveDate {
        self.zone.day(at)
    }

    fn follow_up(
        &self,
        text: &str,
        default: Option<NaiveDate>,
    ) -> Result<Option<NaiveDate>, WhenError> {
        parse_follow_up(text, self.zone.day(self.now), default)
    }
}

/// `90m`, `2h`, `3d`, `2w` (minutes and hours only when `with_time`).
fn span(text: &str, with_time: bool) -> Option<TimeDelta> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = text.split_at(split);
    let n: i64 = n.parse().ok().filter(|&n| n <= 100_000)?;
    match unit.trim() {
        "m" | "min" | "mins" | "minutes" if with_time => Some(TimeDelta::minutes(n)),
        "h" | "hour" | "hours" if with_time => Some(TimeDelta::hours(n)),
        "d" | "day" | "days" => Some(TimeDelta::days(n)),
        "w" | "week" | "weeks" => Some(TimeDelta::weeks(n)),
        _ => None,
    }
}

/// `today`, `yesterday`, a date or a time of day, each with an optional
/// time after it.
fn day_and_time(t: &str, today: NaiveDate) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let (head, rest) = match t.split_once(' ') {
        Some((h, r)) => (h, Some(r.trim())),
        // 2026-11-20t15:00 (lowercased ISO 8601)
        None if t.len() > 11 && t.as_bytes()[10] == b't' && t.is_char_boundary(11) => {
            (&t[..10], Some(&t[11..]))
        }
        None => (t, None),
    };
    let day = match head {
        "today" => Some(today),
        "yesterday" => today.checked_sub_signed(TimeDelta::days(1)),
        _ => NaiveDate::parse_from_str(head, "%Y-%m-%d").ok(),
    };
    match (day, rest) {
        (Some(day), None) => Some((day, None)),
        (Some(day), Some(rest)) => Some((day, Some(time_of_day(rest)?))),
        (None, None) => Some((today, Some(time_of_day(head)?))),
        (None, Some(_)) => None,
    }
}

/// `15:00`, `9:30`, `15:00:10`.
fn time_of_day(t: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(t, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
        .ok()
}

fn noon(day: NaiveDate, zone: Zone) -> DateTime<Utc> {
    let noon = NaiveTime::from_hms_opt(12, 0, 0).expect("noon is a time");
    zone.instant(day.and_time(noon))
        .unwrap_or_else(|| zone.start_of(day))
}

fn weekday(t: &str) -> Option<Weekday> {
    const DAYS: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    DAYS.iter()
        .find(|(name, _)| t.len() >= 3 && name.starts_with(t))
        .map(|&(_, d)| d)
}

/// The first `weekday` after `today` (a week ahead when today is one);
/// `None` past the calendar's end.
fn next_weekday(today: NaiveDate, weekday: Weekday) -> Option<NaiveDate> {
    let ahead = (7 + weekday.num_days_from_monday() as i64
        - today.weekday().num_days_from_monday() as i64
        - 1)
        % 7
        + 1;
    today.checked_add_signed(TimeDelta::days(ahead))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn berlin() -> Zone {
        "Europe/Berlin".parse().unwrap()
    }

    /// Monday 2026-11-23, 16:00 in Berlin.
    fn now() -> DateTime<Utc> {
        "2026-11-23T15:00:00Z".parse().unwrap()
    }

    fn at(text: &str) -> Result<String, String> {
        parse_at(text, now(), berlin())
            .map(|t| t.to_rfc3339())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn times_a_play_happened() {
        let cases = [
            ("", "2026-11-23T15:00:00+00:00"),
            ("now", "2026-11-23T15:00:00+00:00"),
            ("-2h", "2026-11-23T13:00:00+00:00"),
            ("-90m", "2026-11-23T13:30:00+00:00"),
            ("2h ago", "2026-11-23T13:00:00+00:00"),
            ("-1d", "2026-11-22T15:00:00+00:00"),
            ("14:00", "2026-11-23T13:00:00+00:00"),
            ("today 9:30", "2026-11-23T08:30:00+00:00"),
            ("Yesterday 15:00", "2026-11-22T14:00:00+00:00"),
            ("yesterday", "2026-11-22T11:00:00+00:00"),
            ("2026-11-20", "2026-11-20T11:00:00+00:00"),
            ("2026-11-20 15:00", "2026-11-20T14:00:00+00:00"),
            ("2026-11-20T15:00", "2026-11-20T14:00:00+00:00"),
            ("2026-11-20T15:00:00Z", "2026-11-20T15:00:00+00:00"),
            // Noon today is earlier than now: noon.
            ("today", "2026-11-23T11:00:00+00:00"),
        ];
        for (text, want) in cases {
            assert_eq!(at(text).as_deref(), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn a_day_without_a_time_is_never_after_now() {
        let morning: DateTime<Utc> = "2026-11-23T07:00:00Z".parse().unwrap();
        let got = parse_at("today", morning, berlin()).unwrap();
        assert_eq!(got, morning);
    }

    #[test]
    fn bad_and_future_times_say_what_is_accepted() {
        for text in ["soon", "-2x", "25:00", "2026-13-01", "tomorrow 9:00", "-"] {
            let err = at(text).unwrap_err();
            assert!(
                err.contains("is not a time") && err.contains("yesterday 15:00"),
                "{text}: {err}"
            );
        }
        let err = at("2026-11-24 10:00").unwrap_err();
        assert!(err.contains("in the future"), "{err}");
        // Within the slack for clock drift.
        assert!(at("16:04").is_ok());
    }

    #[test]
    fn follow_ups() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(); // a Monday
        let default = Some(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        let day = |s: &str| Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        let cases = [
            ("", default),
            ("default", default),
            ("none", None),
            ("+7d", day("2026-11-30")),
            ("3d", day("2026-11-26")),
            ("+2w", day("2026-12-07")),
            ("tomorrow", day("2026-11-24")),
            ("today", day("2026-11-23")),
            ("fri", day("2026-11-27")),
            ("Monday", day("2026-11-30")),
            ("2026-12-01", day("2026-12-01")),
        ];
        for (text, want) in cases {
            assert_eq!(parse_follow_up(text, today, default), Ok(want), "{text:?}");
        }
        let err = parse_follow_up("2026-11-01", today, default).unwrap_err();
        assert_eq!(
            err,
            WhenError::PastFollowUp {
                day: day("2026-11-01").unwrap(),
                today
            }
        );
        assert!(err.to_string().contains("in the past"), "{err}");
        let err = parse_follow_up("+2h", today, default).unwrap_err();
        assert_eq!(err, WhenError::NotAFollowUp("+2h".into()));
        assert!(err.to_string().contains("+2w"), "{err}");
        let err = parse_follow_up("mo", today, default).unwrap_err();
        assert_eq!(err, WhenError::NotAFollowUp("mo".into()));
    }
}

#[cfg(test)]
mod until_tests {
    use super::*;

    #[test]
    fn a_snooze_ends_on_a_preset_or_a_day_the_logger_reads_and_after_today() {
        let today: NaiveDate = "2026-11-23".parse().unwrap();
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        for (text, want) in [
            ("1w", day("2026-11-30")),
            ("2w", day("2026-12-07")),
            ("1m", day("2026-12-23")),
            (" 1M ", day("2026-12-23")),
            ("+10d", day("2026-12-03")),
            ("tomorrow", day("2026-11-24")),
            ("fri", day("2026-11-27")),
            ("2026-12-24", day("2026-12-24")),
        ] {
            assert_eq!(parse_until(text, today), Ok(want), "{text}");
        }
        for text in ["", "none", "soon", "0m", "today", "2026-11-01", "1y"] {
            let e = parse_until(text, today).unwrap_err();
            assert!(
                matches!(e, WhenError::NotAnUntil(_) | WhenError::PastUntil { .. }),
                "{text}: {e}"
            );
        }
        assert_eq!(
            parse_until("2026-11-01", today).unwrap_err().to_string(),
            "2026-11-01 is not after today (2026-11-23); snooze until a later day"
        );
    }
}
