//! One account record of the REST contract, read field by field: a field
//! of the wrong type, an unparsable number or date, a share out of 0..1,
//! costs that field only, and is kept on the account as a
//! [`FieldProblem`] (a load warns of it, naming the account and the
//! field). The rest of the account, and the other accounts, are kept.

use crate::domain::account::{
    Contact, Event, FieldProblem, Observed, Outcome, PlayLog, Point, Series,
};
use crate::domain::text::clean;
use crate::domain::{Account, Metric, StageId};
use chrono::{DateTime, NaiveDate};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// What was wrong with one record: its fields' problems, and warnings
/// naming the account.
struct Record<'w> {
    who: String,
    warnings: &'w mut Vec<String>,
    problems: Vec<FieldProblem>,
}

impl Record<'_> {
    /// The value at `key` is not `expected`: it costs its field.
    fn bad(&mut self, key: &str, expected: &str, got: &Value) {
        self.bad_field(key, key, expected, got);
    }

    /// The same, for canonical field `field` kept at `key`.
    fn bad_field(&mut self, field: &str, key: &str, expected: &str, got: &Value) {
        let value = match got {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        self.problems
            .push(FieldProblem::new(field, key, &value, expected));
    }
}

/// A value as a warning quotes it: cleaned and short.
pub(crate) fn shown(v: &Value) -> String {
    let text = v.to_string();
    let text = clean(&text);
    match text.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.into_owned(),
    }
}

/// Decodes one record of `accounts`; `None` (with a warning) when it has
/// no usable `id`.
pub(crate) fn account(v: &Value, warnings: &mut Vec<String>) -> Option<Account> {
    let Some(obj) = v.as_object() else {
        warnings.push(format!(
            "a record that is not an object was skipped (got {})",
            shown(v)
        ));
        return None;
    };
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        other => {
            warnings.push(format!(
                "a record without a usable `id` was skipped (id: {})",
                other.map_or("missing".into(), shown)
            ));
            return None;
        }
    };
    let mut a = Account {
        id: id.clone().into(),
        ..Account::default()
    };
    let mut r = Record {
        who: clean(&id).into_owned(),
        warnings,
        problems: Vec::new(),
    };
    a.name = text(obj, "name", &mut r).unwrap_or_else(|| id.clone());
    if a.name != id {
        r.who = format!("{} ({})", clean(&id), clean(&a.name));
    }
    a.owner = text(obj, "owner", &mut r);
    a.segment = text(obj, "segment", &mut r);
    a.domain = text(obj, "domain", &mut r);
    a.url = text(obj, "url", &mut r);
    a.stage = stage(obj, &mut r);
    a.contract_start = date_field(obj, "contract_start", &mut r);
    a.renewal_date = date_field(obj, "renewal_date", &mut r);
    a.arr = number_field(obj, "arr", &mut r);
    a.outcome = outcome(obj, &mut r);
    a.outcome_date = date_field(obj, "outcome_date", &mut r);
    metrics(obj, &mut a, &mut r);
    milestones(obj, &mut a, &mut r);
    a.events = list::<Event>(obj, "events", "an event {kind, at, detail}", &mut r);
    a.contacts = list::<Contact>(obj, "contacts", "a contact {name, role, ...}", &mut r);
    a.plays_logged = list::<PlayLog>(obj, "plays_logged", "a logged play", &mut r);
    a.field_problems = r.problems;
    Some(a)
}

/// A present, non-null value.
fn get<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).filter(|v| !v.is_null())
}

fn text(obj: &Map<String, Value>, key: &str, r: &mut Record) -> Option<String> {
    match get(obj, key)? {
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        other => {
            r.bad(key, "a string", other);
            None
        }
    }
}

/// `YYYY-MM-DD`, or an RFC 3339 instant (its date).
pub(crate) fn date(v: &Value) -> Option<NaiveDate> {
    let s = v.as_str()?.trim();
    s.parse::<NaiveDate>()
        .ok()
        .or_else(|| DateTime::parse_from_rfc3339(s).ok().map(|d| d.date_naive()))
}

/// A JSON number, or a string holding one.
pub(crate) fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|n| n.is_finite())
}

fn date_field(obj: &Map<String, Value>, key: &str, r: &mut Record) -> Option<NaiveDate> {
    let v = get(obj, key)?;
    let d = date(v);
    if d.is_none() {
        r.bad(key, "a date (YYYY-MM-DD)", v);
    }
    d
}

fn number_field(obj: &Map<String, Value>, key: &str, r: &mut Record) -> Option<f64> {
    let v = get(obj, key)?;
    let n = number(v);
    if n.is_none() {
        r.bad(key, "a number", v);
    }
    n
}

fn stage(obj: &Map<String, Value>, r: &mut Record) -> Option<Observed<StageId>> {
    let v = get(obj, "stage")?;
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(Observed::undated(s.trim().into())),
        Value::Object(_) => serde_json::from_value(v.clone())
            .map_err(|_| r.bad("stage", "a stage id or {value, as_of}", v))
            .ok(),
        _ => {
            r.bad("stage", "a stage id or {value, as_of}", v);
            None
        }
    }
}

fn outcome(obj: &Map<String, Value>, r: &mut Record) -> Outcome {
    let Some(v) = get(obj, "outcome") else {
        return Outcome::Open;
    };
    serde_json::from_value(v.clone()).unwrap_or_else(|_| {
        r.bad("outcome", "open, renewed or churned", v);
        Outcome::Open
    })
}

/// `metrics`: metric id -> [{at, value}]. A bad point costs that point.
fn metrics(obj: &Map<String, Value>, a: &mut Account, r: &mut Record) {
    let Some(v) = get(obj, "metrics") else { return };
    let Some(map) = v.as_object() else {
        return r.bad("metrics", "an object of metric series", v);
    };
    for (id, series) in map {
        let field = format!("metrics.{id}");
        let Some(metric) = Metric::from_id(id) else {
            r.warnings.push(format!(
                "account {}: unknown metric `{}` ignored; metrics are {}",
                r.who,
                clean(id),
                Metric::ids()
            ));
            continue;
        };
        let Some(items) = series.as_array() else {
            if !series.is_null() {
                r.bad(&field, "a list of {at, value} points", series);
            }
            continue;
        };
        let points = items
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let key = format!("{field}[{i}]");
                match point(p) {
                    None => r.bad_field(metric.id(), &key, "a point {at, value}", p),
                    Some(point) if !metric.accepts(f64::from(point.value)) => {
                        let value = p.get("value").or_else(|| p.get(1)).unwrap_or(p);
                        r.bad_field(metric.id(), &key, Metric::SHARE, value);
                    }
                    Some(point) => return Some(point),
                }
                None
            })
            .collect();
        a.metrics.set(metric, Series::new(points));
    }
}

/// `{"at": "2026-11-01", "value": 40}`.
/// `{"at": date, "value": number}`, or the pair `[date, number]` that the
/// canonical account serializes to.
pub(crate) fn point(v: &Value) -> Option<Point> {
    let (at, value) = match v {
        Value::Array(pair) if pair.len() == 2 => (&pair[0], &pair[1]),
        _ => (v.get("at")?, v.get("value")?),
    };
    let (at, value) = (date(at)?, number(value)? as f32);
    value.is_finite().then_some(Point { at, value })
}

fn milestones(obj: &Map<String, Value>, a: &mut Account, r: &mut Record) {
    let Some(v) = get(obj, "milestones") else {
        return;
    };
    let Some(map) = v.as_object() else {
        return r.bad("milestones", "an object of milestone dates", v);
    };
    for (id, day) in map {
        if day.is_null() {
            continue;
        }
        match date(day) {
            Some(d) => {
                a.milestones.insert(id.as_str().into(), d);
            }
            None => r.bad(&format!("milestones.{id}"), "a date (YYYY-MM-DD)", day),
        }
    }
}

fn list<T: DeserializeOwned>(
    obj: &Map<String, Value>,
    key: &str,
    expected: &str,
    r: &mut Record,
) -> Vec<T> {
    let Some(v) = get(obj, key) else {
        return Vec::new();
    };
    let Some(items) = v.as_array() else {
        r.bad(key, "a list", v);
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            serde_json::from_value(item.clone())
                .map_err(|_| r.bad(&format!("{key}[{i}]"), expected, item))
                .ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_canonical_serialization_reads_back_whole() {
        let mut a = Account {
            id: "A1".into(),
            name: "Acme".into(),
            owner: Some("Dana".into()),
            arr: Some(1200.5),
            renewal_date: "2027-01-31".parse().ok(),
            outcome: Outcome::Renewed,
            ..Account::default()
        };
        let day = "2026-11-01".parse().unwrap();
        a.metrics.set(
            Metric::ActiveUsers,
            Series::new(vec![Point {
                at: day,
                value: 40.0,
            }]),
        );
        a.milestones.insert("kickoff".into(), day);
        let v = serde_json::to_value(&a).unwrap();
        let mut warnings = Vec::new();
        assert_eq!(account(&v, &mut warnings), Some(a));
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_bad_field_costs_that_field_only() {
        let v = json!({
            "id": 7, "name": "Acme\u{1b}[31m", "arr": "lots", "renewal_date": "31/01/2027",
            "owner": 5, "contract_start": "2026-01-05", "outcome": "maybe",
            "metrics": {"nps": [{"at": "2026-11-01", "value": 30}, {"at": "x", "value": 1}],
                        "bogus": []},
            "milestones": {"kickoff": "2026-01-09", "first_value": true},
            "events": [{"kind": "champion_left", "at": "2026-10-01"}, {"kind": 3}],
            "unknown_extra": 1
        });
        let mut warnings = Vec::new();
        let a = account(&v, &mut warnings).unwrap();
        assert_eq!(a.id.as_str(), "7");
        assert_eq!(
            (a.arr, a.renewal_date, a.owner.as_deref()),
            (None, None, None)
        );
        assert_eq!(a.contract_start, "2026-01-05".parse().ok());
        assert_eq!(a.metrics.get(Metric::Nps).points().len(), 1);
        assert_eq!(a.milestones.len(), 1);
        assert_eq!(a.events.len(), 1);
        let fields: Vec<(&str, &str)> = a
            .field_problems
            .iter()
            .map(|p| (p.field.as_str(), p.property.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("owner", "owner"),
                ("renewal_date", "renewal_date"),
                ("arr", "arr"),
                ("outcome", "outcome"),
                ("nps", "metrics.nps[1]"),
                ("milestones.first_value", "milestones.first_value"),
                ("events[1]", "events[1]"),
            ]
        );
        warnings.extend(crate::domain::account::problem_warnings(&[a]));
        let all = warnings.join("\n");
        for text in [
            "field arr: cannot read `lots` as a number",
            "field renewal_date: cannot read `31/01/2027` as a date (YYYY-MM-DD)",
            "field owner: cannot read `5` as a string",
            "field outcome: cannot read `maybe` as open, renewed or churned",
            "field nps (metrics.nps[1]): cannot read `{\"at\":\"x\",\"value\":1}`",
            "`bogus`",
            "field milestones.first_value: cannot read `true` as a date",
            "field events[1]: cannot read `{\"kind\":3}`",
        ] {
            assert!(all.contains(text), "{text} in\n{all}");
        }
        assert!(all.contains("account 7 (Acme[31m)"), "{all}");
        assert!(!all.contains('\u{1b}'));
        assert_eq!(warnings.len(), 8, "{all}");
    }

    #[test]
    fn a_share_holding_a_percentage_costs_its_point() {
        let v = json!({
            "id": "S", "name": "Share Co",
            "metrics": {"key_feature_adoption": [["2026-10-01", 0.4], ["2026-11-01", 85]]}
        });
        let mut warnings = Vec::new();
        let a = account(&v, &mut warnings).unwrap();
        let points = a.metrics.get(Metric::KeyFeatureAdoption).points();
        assert_eq!(points.len(), 1);
        assert_eq!(points[0].value, 0.4);
        let all = crate::domain::account::problem_warnings(&[a]);
        assert_eq!(
            all,
            ["account S (Share Co): field key_feature_adoption (metrics.key_feature_adoption[1]): \
              cannot read `85` as a share between 0 and 1 (85% is 0.85)"]
        );
    }

    #[test]
    fn a_record_without_id_is_skipped_with_a_warning() {
        let mut warnings = Vec::new();
        assert_eq!(account(&json!({"name": "x"}), &mut warnings), None);
        assert_eq!(account(&json!([1]), &mut warnings), None);
        assert_eq!(warnings.len(), 2);
    }
}
