//! The small rule languages of the config file: when a stage starts, when a
//! milestone is expected, what triggers a play. Each parses from a string so
//! that a bad rule is reported at its place in the file.

use crate::domain::vocab::{AlertKind, Band, Metric, MilestoneId};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A date a milestone is measured from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Anchor {
    ContractStart,
    RenewalDate,
    /// The completion date of another milestone.
    Milestone(MilestoneId),
}

/// `anchor ± Nd`, for example `renewal_date - 60d`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub(crate) struct Expected {
    pub(crate) anchor: Anchor,
    pub(crate) offset_days: i32,
}

/// When an account enters a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub(crate) enum StageStart {
    /// From the start of the contract (or always, when it is unknown).
    ContractStart,
    /// Once this milestone is reached.
    Milestone(MilestoneId),
    /// Once the renewal date is within `lifecycle.pre_renewal_days`.
    RenewalWindow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Below,
    AtLeast,
}

/// What makes a play recommended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Trigger {
    Band(Band),
    Alert(AlertKind),
    Metric {
        metric: Metric,
        cmp: Cmp,
        value: f64,
    },
    /// Never recommended; the CSM logs it by hand.
    Manual,
}

fn anchor_name(anchor: &Anchor) -> &str {
    match anchor {
        Anchor::ContractStart => "contract_start",
        Anchor::RenewalDate => "renewal_date",
        Anchor::Milestone(id) => id.as_str(),
    }
}

/// Splits `ANCHOR ± Nd` into the anchor and the signed number of days.
/// Ids may hold `-`, so the operator is the last `+` or `-` that is
/// followed by nothing but a number and `d`; without one, the whole text is
/// the anchor and the offset is zero.
fn split_offset(s: &str) -> Option<(&str, i64)> {
    let body = s.trim_end().strip_suffix('d')?;
    let digits_at = body.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let digits = &body[digits_at..];
    let before = body[..digits_at].trim_end();
    let sign = match before.chars().last()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    if digits.is_empty() {
        return None;
    }
    // Too many digits for an i64 is simply out of range.
    let days: i64 = digits.parse().unwrap_or(i64::MAX);
    Some((&before[..before.len() - 1], sign * days))
}

impl FromStr for Expected {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "`{s}` is not an expected time: write ANCHOR + Nd or ANCHOR - Nd, where ANCHOR is \
                 contract_start, renewal_date or a milestone id (e.g. `contract_start + 7d`)"
            )
        };
        let (anchor, days) = split_offset(s).unwrap_or((s, 0));
        let anchor = anchor.trim();
        if !is_ident(anchor) {
            return Err(bad());
        }
        let offset_days = i32::try_from(days).map_err(|_| {
            format!(
                "`{s}`: {days} days is out of range (at most {} either way)",
                i32::MAX
            )
        })?;
        let anchor = match anchor {
            "contract_start" => Anchor::ContractStart,
            "renewal_date" => Anchor::RenewalDate,
            id => Anchor::Milestone(id.into()),
        };
        Ok(Expected {
            anchor,
            offset_days,
        })
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.offset_days < 0 { '-' } else { '+' };
        let name = anchor_name(&self.anchor);
        write!(f, "{name} {sign} {}d", self.offset_days.unsigned_abs())
    }
}

impl FromStr for StageStart {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let words: Vec<&str> = s.split_whitespace().collect();
        match words.as_slice() {
            ["contract_start"] => Ok(StageStart::ContractStart),
            ["renewal_window"] => Ok(StageStart::RenewalWindow),
            ["milestone", id] if is_ident(id) => Ok(StageStart::Milestone((*id).into())),
            _ => Err(format!(
                "`{s}` is not a stage start: write `contract_start`, `renewal_window` or \
                 `milestone ID`"
            )),
        }
    }
}

impl fmt::Display for StageStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StageStart::ContractStart => f.write_str("contract_start"),
            StageStart::RenewalWindow => f.write_str("renewal_window"),
            StageStart::Milestone(id) => write!(f, "milestone {id}"),
        }
    }
}

impl FromStr for Trigger {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let words: Vec<&str> = s.split_whitespace().collect();
        let metric = |m: &str| {
            Metric::from_id(m)
                .ok_or_else(|| format!("unknown metric `{m}`; metrics are {}", Metric::ids()))
        };
        match words.as_slice() {
            ["manual"] => Ok(Trigger::Manual),
            ["band", b] => Band::from_id(b).map(Trigger::Band).ok_or_else(|| {
                let all: Vec<&str> = Band::LISTED.iter().map(|b| b.id()).collect();
                format!("unknown band `{b}`; bands are {}", all.join(", "))
            }),
            ["alert", a] => AlertKind::from_id(a)
                .map(Trigger::Alert)
                .ok_or_else(|| format!("unknown alert `{a}`; alerts are {}", AlertKind::ids())),
            [m, op @ ("<" | ">="), v] => {
                let value: f64 = v
                    .parse()
                    .map_err(|_| format!("`{v}` in trigger `{s}` is not a number"))?;
                let cmp = if *op == "<" { Cmp::Below } else { Cmp::AtLeast };
                Ok(Trigger::Metric {
                    metric: metric(m)?,
                    cmp,
                    value,
                })
            }
            _ => Err(format!(
                "`{s}` is not a trigger: write `band BAND`, `alert ALERT_ID`, \
                 `METRIC < NUMBER`, `METRIC >= NUMBER` or `manual`"
            )),
        }
    }
}

impl fmt::Display for Trigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Trigger::Manual => f.write_str("manual"),
            Trigger::Band(b) => write!(f, "band {}", b.id()),
            Trigger::Alert(a) => write!(f, "alert {}", a.id()),
            Trigger::Metric { metric, cmp, value } => {
                let op = if *cmp == Cmp::Below { "<" } else { ">=" };
                write!(f, "{} {op} {value}", metric.id())
            }
        }
    }
}

fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

macro_rules! string_conversions {
    ($($t:ty),*) => {$(
        impl TryFrom<String> for $t {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                s.parse()
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.to_string()
            }
        }
    )*};
}
string_conversions!(Expected, StageStart, Trigger);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_parses_and_prints() {
        for (text, anchor, days) in [
            ("contract_start + 7d", Anchor::ContractStart, 7),
            ("renewal_date - 60d", Anchor::RenewalDate, -60),
            (
                "first_value+30d",
                Anchor::Milestone("first_value".into()),
                30,
            ),
            ("renewal_date", Anchor::RenewalDate, 0),
            // Ids may hold `-`: the operator is the one before the number.
            ("go-live - 7d", Anchor::Milestone("go-live".into()), -7),
            ("go-live", Anchor::Milestone("go-live".into()), 0),
            ("phase-2d + 3d", Anchor::Milestone("phase-2d".into()), 3),
            ("x - 2147483648d", Anchor::Milestone("x".into()), i32::MIN),
        ] {
            let e: Expected = text.parse().unwrap();
            assert_eq!((e.anchor.clone(), e.offset_days), (anchor, days), "{text}");
            assert_eq!(e.to_string().parse::<Expected>().unwrap(), e);
        }
        for bad in [
            "",
            "+ 7d",
            "contract_start + 7",
            "contract_start + xd",
            "a b + 1d",
            // No overflow: a sign on the number, or a number out of range.
            "x - -2147483648d",
            "x + 2147483648d",
            "x + 99999999999999999999999d",
        ] {
            assert!(bad.parse::<Expected>().is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn triggers_parse_and_print() {
        for text in [
            "manual",
            "band good",
            "alert usage_decline",
            "key_feature_adoption < 0.3",
            "nps >= 50",
        ] {
            let t: Trigger = text.parse().unwrap();
            assert_eq!(t.to_string(), text);
        }
        let err = "alert nope".parse::<Trigger>().unwrap_err();
        assert!(err.contains("unknown alert `nope`"), "{err}");
        assert!("band blue".parse::<Trigger>().is_err());
        assert!("seats < x".parse::<Trigger>().is_err());
    }

    #[test]
    fn stage_starts_parse() {
        assert_eq!(
            "milestone first_value".parse::<StageStart>().unwrap(),
            StageStart::Milestone("first_value".into())
        );
        assert!("whenever".parse::<StageStart>().is_err());
    }

    fn ident() -> impl proptest::strategy::Strategy<Value = String> {
        "[a-z0-9_][a-z0-9_-]{0,12}"
    }

    proptest::proptest! {
        /// Every rule the model prints parses back to itself.
        #[test]
        fn printed_expected_times_parse_back(id in ident(), days in proptest::num::i32::ANY) {
            let anchor = match id.as_str() {
                "contract_start" => Anchor::ContractStart,
                "renewal_date" => Anchor::RenewalDate,
                _ => Anchor::Milestone(id.as_str().into()),
            };
            let e = Expected { anchor, offset_days: days };
            proptest::prop_assert_eq!(e.to_string().parse::<Expected>(), Ok(e));
        }

        #[test]
        fn printed_stage_starts_and_triggers_parse_back(
            id in ident(),
            value in -1.0e6f64..1.0e6,
            metric in 0..Metric::ALL.len(),
            alert in 0..AlertKind::ALL.len(),
        ) {
            let start = StageStart::Milestone(id.as_str().into());
            proptest::prop_assert_eq!(start.to_string().parse::<StageStart>(), Ok(start));
            for t in [
                Trigger::Alert(AlertKind::ALL[alert]),
                Trigger::Metric { metric: Metric::ALL[metric], cmp: Cmp::Below, value },
                Trigger::Metric { metric: Metric::ALL[metric], cmp: Cmp::AtLeast, value },
            ] {
                proptest::prop_assert_eq!(t.to_string().parse::<Trigger>(), Ok(t));
            }
        }
    }
}
