//! The small rule languages of the config file: when a stage starts, when a
//! milestone is expected, what triggers a play. Each parses from a string so
//! that a bad rule is reported at its place in the file.

use super::account::Metric;
use super::alert::AlertKind;
use super::health::Band;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A date a milestone is measured from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    ContractStart,
    RenewalDate,
    /// The completion date of another milestone.
    Milestone(String),
}

/// `anchor ± Nd`, for example `renewal_date - 60d`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Expected {
    pub anchor: Anchor,
    pub offset_days: i32,
}

/// When an account enters a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum StageStart {
    /// From the start of the contract (or always, when it is unknown).
    ContractStart,
    /// Once this milestone is reached.
    Milestone(String),
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
        Anchor::Milestone(id) => id,
    }
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
        let (anchor, sign, rest) = match (s.find('+'), s.find('-')) {
            (Some(i), _) => (&s[..i], 1, &s[i + 1..]),
            (None, Some(i)) => (&s[..i], -1, &s[i + 1..]),
            (None, None) => (s, 1, "0d"),
        };
        let anchor = anchor.trim();
        let days = rest.trim().strip_suffix('d').ok_or_else(bad)?;
        let days: i32 = days.trim().parse().map_err(|_| bad())?;
        if !is_ident(anchor) {
            return Err(bad());
        }
        let anchor = match anchor {
            "contract_start" => Anchor::ContractStart,
            "renewal_date" => Anchor::RenewalDate,
            id => Anchor::Milestone(id.to_string()),
        };
        Ok(Expected {
            anchor,
            offset_days: sign * days,
        })
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.offset_days < 0 { '-' } else { '+' };
        let name = anchor_name(&self.anchor);
        write!(f, "{name} {sign} {}d", self.offset_days.abs())
    }
}

impl FromStr for StageStart {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let words: Vec<&str> = s.split_whitespace().collect();
        match words.as_slice() {
            ["contract_start"] => Ok(StageStart::ContractStart),
            ["renewal_window"] => Ok(StageStart::RenewalWindow),
            ["milestone", id] if is_ident(id) => Ok(StageStart::Milestone(id.to_string())),
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
            Metric::from_id(m).ok_or_else(|| {
                let all: Vec<_> = Metric::ALL.iter().map(|m| m.id()).collect();
                format!("unknown metric `{m}`; metrics are {}", all.join(", "))
            })
        };
        match words.as_slice() {
            ["manual"] => Ok(Trigger::Manual),
            ["band", b] => match *b {
                "good" => Ok(Trigger::Band(Band::Good)),
                "average" => Ok(Trigger::Band(Band::Average)),
                "poor" => Ok(Trigger::Band(Band::Poor)),
                "unknown" => Ok(Trigger::Band(Band::Unknown)),
                _ => Err(format!(
                    "unknown band `{b}`; bands are good, average, poor, unknown"
                )),
            },
            ["alert", a] => AlertKind::from_id(a).map(Trigger::Alert).ok_or_else(|| {
                let all: Vec<_> = AlertKind::ALL.iter().map(|k| k.id()).collect();
                format!("unknown alert `{a}`; alerts are {}", all.join(", "))
            }),
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
}
