//! Reading HubSpot's string-typed property values: numbers, dates and
//! instants (in the three forms HubSpot writes them), renewal outcomes.
//! Pure; `None` means "cannot read", and the caller says which field.

use crate::domain::account::Outcome;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// What a value was expected to be, for warnings ("cannot read `x` as a
/// number").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expected {
    Number,
    Date,
    Outcome,
}

impl Expected {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Expected::Number => "a number",
            Expected::Date => "a date",
            Expected::Outcome => "an outcome (open, renewed or churned)",
        }
    }
}

/// A number as a person or HubSpot writes it: `42`, `-3.5`, `1e3`,
/// `1,234,567.89` (commas only as thousands separators, so `0,5` is not
/// read as 5), `1 234` (spaces, also non-breaking, between digits).
pub(crate) fn number(s: &str) -> Option<f64> {
    let s = s.trim();
    let compact: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if compact.contains(',') && !thousands_grouped(&compact) {
        return None;
    }
    let plain = compact.replace(',', "");
    // Rust reads "inf" and "NaN"; a CRM value never means those.
    let numeric = plain
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'));
    if !numeric || !plain.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    plain.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Whether the commas of `s` group the integer part by thousands.
fn thousands_grouped(s: &str) -> bool {
    let int = s.split('.').next().unwrap_or("");
    let int = int.strip_prefix(['-', '+']).unwrap_or(int);
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
        && !s.split('.').skip(1).any(|frac| frac.contains(','))
}

/// An instant in any of HubSpot's forms: an ISO timestamp
/// (`2026-11-20T10:00:00.000Z`, or without a zone: read as UTC), epoch
/// milliseconds (`1763632800000`), or a bare date (`2026-11-20`, midnight UTC).
pub(crate) fn instant(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s
            .parse::<i64>()
            .ok()
            .and_then(DateTime::from_timestamp_millis);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(t.and_utc());
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

/// A date in any of HubSpot's forms (see [`instant`]); a timestamp counts
/// on its UTC day, which is how HubSpot stores date-picker properties
/// (midnight UTC).
pub(crate) fn date(s: &str) -> Option<NaiveDate> {
    instant(s).map(|t| t.date_naive())
}

/// `open`, `renewed` or `churned`, in any case.
pub(crate) fn outcome(s: &str) -> Option<Outcome> {
    match s.trim().to_ascii_lowercase().as_str() {
        "open" => Some(Outcome::Open),
        "renewed" => Some(Outcome::Renewed),
        "churned" => Some(Outcome::Churned),
        _ => None,
    }
}

/// A contact role as a CRM writes it (`Champion`, `EXECUTIVE_SPONSOR`,
/// `exec sponsor`), in the ids of [`crate::domain::ContactRole`]. A
/// multiple-choice value (`a;b`) gives its first known role.
pub(crate) fn role(s: &str) -> Option<crate::domain::vocab::ContactRole> {
    use crate::domain::vocab::ContactRole;
    let ids: Vec<String> = s
        .split(';')
        .map(|v| {
            let v = v.trim().to_ascii_lowercase().replace([' ', '-'], "_");
            match v.as_str() {
                "executive_sponsor" | "sponsor" => "exec_sponsor".to_string(),
                "administrator" => "admin".to_string(),
                _ => v,
            }
        })
        .filter(|v| !v.is_empty())
        .collect();
    let known = ids
        .iter()
        .map(|id| ContactRole::from(id.as_str()))
        .find(|r| !matches!(r, ContactRole::Other(_)));
    known.or_else(|| ids.into_iter().next().map(ContactRole::from))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vocab::ContactRole;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn numbers_in_the_forms_people_write_them() {
        let cases: [(&str, Option<f64>); 17] = [
            ("42", Some(42.0)),
            (" 42 ", Some(42.0)),
            ("-3.5", Some(-3.5)),
            ("0.45", Some(0.45)),
            ("1e3", Some(1000.0)),
            ("1,234", Some(1234.0)),
            ("1,234,567.5", Some(1_234_567.5)),
            ("1 234", Some(1234.0)),
            ("1\u{a0}234", Some(1234.0)),
            ("0,5", None),
            ("12,34", None),
            ("1,234.5,6", None),
            ("forty", None),
            ("NaN", None),
            ("inf", None),
            ("", None),
            ("12abc", None),
        ];
        for (text, want) in cases {
            assert_eq!(number(text), want, "{text:?}");
        }
    }

    #[test]
    fn dates_in_all_three_forms() {
        assert_eq!(date("2026-11-20"), Some(day("2026-11-20")));
        assert_eq!(date("2026-11-20T10:00:00.000Z"), Some(day("2026-11-20")));
        assert_eq!(date("2026-11-20T23:30:00-02:00"), Some(day("2026-11-21")));
        assert_eq!(date("2026-11-20T10:00:00"), Some(day("2026-11-20")));
        // Midnight UTC as HubSpot stores a date-picker value, and a time.
        assert_eq!(date("1763596800000"), Some(day("2025-11-20")));
        assert_eq!(date("1763632800000"), Some(day("2025-11-20")));
        for bad in [
            "",
            "2026-13-01",
            "20/11/2026",
            "yesterday",
            "2026-11-20T25:00:00Z",
        ] {
            assert_eq!(date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn instants_keep_the_time() {
        let t = instant("2026-11-20T10:00:00.000Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-20T10:00:00+00:00");
        assert_eq!(
            instant("1763632800000").unwrap().timestamp_millis(),
            1763632800000
        );
    }

    #[test]
    fn outcomes_in_any_case() {
        assert_eq!(outcome("Renewed"), Some(Outcome::Renewed));
        assert_eq!(outcome(" CHURNED "), Some(Outcome::Churned));
        assert_eq!(outcome("open"), Some(Outcome::Open));
        assert_eq!(outcome("won"), None);
        assert_eq!(outcome(""), None);
    }

    #[test]
    fn roles_as_crms_write_them() {
        assert_eq!(role("Champion"), Some(ContactRole::Champion));
        assert_eq!(role("EXECUTIVE_SPONSOR"), Some(ContactRole::ExecSponsor));
        assert_eq!(role("exec sponsor"), Some(ContactRole::ExecSponsor));
        assert_eq!(role("END_USER;CHAMPION"), Some(ContactRole::Champion));
        assert_eq!(
            role("Budget holder"),
            Some(ContactRole::Other("budget_holder".into()))
        );
        assert_eq!(role(" ; "), None);
    }
}
