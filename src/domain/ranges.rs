//! The documented range of every number in the model: a number past it is
//! refused when the config is read (file, line, key, range), so no date
//! arithmetic downstream can overflow on it, and no sum, product or power
//! of the scores becomes infinite or NaN. `config.example.toml` and
//! `docs/configuration.md` say each range.

use super::model::expr::Trigger;
use super::model::{Model, ThresholdUnit};
use super::vocab::AlertKind;

/// The longest day count anywhere in the model: ten years.
pub(crate) const MAX_DAYS: i64 = 3650;

/// The most urgency points one attention setting gives.
pub(crate) const MAX_POINTS: f64 = 1000.0;

/// The highest play priority.
pub(crate) const MAX_PRIORITY: i32 = 1000;

/// The largest health weight (weights count relative to their sum).
pub(crate) const MAX_WEIGHT: f64 = 100.0;

/// The largest count an alert threshold names (tickets, users).
pub(crate) const MAX_COUNT: f64 = 1_000_000.0;

/// The largest `attention.arr_reference`: a trillion in the ARR's currency.
pub(crate) const MAX_ARR: f64 = 1e12;

/// The largest `attention.arr_exponent`.
pub(crate) const MAX_EXPONENT: f64 = 4.0;

/// The largest ARR factor (`attention.arr_min`, `arr_max`).
pub(crate) const MAX_FACTOR: f64 = 100.0;

/// The largest value a play's trigger compares a metric with, either way
/// (a share's: 0 to 1).
pub(crate) const MAX_METRIC: f64 = 1e9;

/// Every day count of `model`: its key and value.
fn day_counts(model: &Model) -> Vec<(String, i64)> {
    let mut all = vec![(
        "lifecycle.pre_renewal_days".to_string(),
        i64::from(model.lifecycle.pre_renewal_days),
    )];
    all.push((
        "attention.renewal_near_days".into(),
        i64::from(model.attention.renewal_near_days),
    ));
    all.push((
        "attention.handled_days".into(),
        i64::from(model.attention.handled_days),
    ));
    all.push((
        "attention.renewal_wake_days".into(),
        i64::from(model.attention.renewal_wake_days),
    ));
    for &kind in AlertKind::ALL {
        all.push((
            format!("alerts.{}.window_days", kind.id()),
            i64::from(model.alerts.get(kind).window_days),
        ));
    }
    for (i, m) in model.milestones.iter().enumerate() {
        all.push((
            format!("milestones[{i}].expected_by"),
            i64::from(m.expected_by.offset_days),
        ));
    }
    for (i, p) in model.plays.iter().enumerate() {
        if let Some(days) = p.follow_up_days {
            all.push((format!("plays[{i}].follow_up_days"), i64::from(days)));
        }
    }
    all
}

/// Refuses the first day count out of its range: 0 to [`MAX_DAYS`]
/// (a milestone's offset: -MAX_DAYS to MAX_DAYS): its key and why.
pub(super) fn check_days(model: &Model) -> Result<(), (String, String)> {
    for (path, days) in day_counts(model) {
        let signed = path.ends_with("expected_by");
        let lo = if signed { -MAX_DAYS } else { 0 };
        if !(lo..=MAX_DAYS).contains(&days) {
            let range = match signed {
                true => format!("an offset from -{MAX_DAYS}d to +{MAX_DAYS}d"),
                false => format!("a number of days from 0 to {MAX_DAYS}"),
            };
            return Err((path, format!("expected {range} (ten years), got {days}")));
        }
    }
    Ok(())
}

/// `v` within `lo..=hi` (finite: NaN and infinities never are), else the
/// key and what was expected.
fn within(path: &str, v: f64, lo: f64, hi: f64, what: &str) -> Result<(), (String, String)> {
    match v.is_finite() && (lo..=hi).contains(&v) {
        true => Ok(()),
        false => Err((path.to_string(), format!("expected {what}, got {v}"))),
    }
}

/// Refuses the first number of `model`, other than a day count, out of its
/// documented range: its key and why.
pub(super) fn check_numbers(model: &Model) -> Result<(), (String, String)> {
    let h = &model.health;
    let ratio = h.engagement.full_active_ratio;
    if !(ratio.is_finite() && ratio > 0.0 && ratio <= 1.0) {
        return Err((
            "health.engagement.full_active_ratio".into(),
            format!("expected a share above 0 and at most 1, got {ratio}"),
        ));
    }
    within(
        "health.engagement.adoption_share",
        h.engagement.adoption_share,
        0.0,
        1.0,
        "a share from 0 to 1",
    )?;
    for (key, v) in [
        ("per_open_ticket", h.support.per_open_ticket),
        ("per_sla_breach", h.support.per_sla_breach),
        ("per_overdue_invoice", h.support.per_overdue_invoice),
    ] {
        let path = format!("health.support.{key}");
        within(&path, v, 0.0, 100.0, "points from 0 to 100")?;
    }
    for (i, m) in model.milestones.iter().enumerate() {
        if let Some(share) = m.seats_share {
            let path = format!("milestones[{i}].seats_share");
            within(&path, share, 0.0, 1.0, "a share from 0 to 1")?;
        }
    }
    check_attention(model)?;
    for &kind in AlertKind::ALL {
        let path = format!("alerts.{}.threshold", kind.id());
        let t = model.alerts.get(kind).threshold;
        match super::model::settings(kind).threshold {
            Some(ThresholdUnit::Share) => within(&path, t, 0.0, 1.0, "a share from 0 to 1")?,
            Some(ThresholdUnit::Percent) => {
                within(&path, t, 0.0, 100.0, "a percentage from 0 to 100")?
            }
            Some(ThresholdUnit::Points) => {
                within(&path, t, 0.0, 100.0, "health points from 0 to 100")?
            }
            Some(ThresholdUnit::Count) | None => within(
                &path,
                t,
                0.0,
                MAX_COUNT,
                &format!("a count from 0 to {MAX_COUNT}"),
            )?,
        }
    }
    for (i, p) in model.plays.iter().enumerate() {
        if !(0..=MAX_PRIORITY).contains(&p.priority) {
            return Err((
                format!("plays[{i}].priority"),
                format!(
                    "expected a priority from 0 to {MAX_PRIORITY}, got {}",
                    p.priority
                ),
            ));
        }
        if let Trigger::Metric { metric, value, .. } = &p.trigger {
            let path = format!("plays[{i}].trigger");
            match metric.is_share() {
                true => within(&path, *value, 0.0, 1.0, "a share from 0 to 1")?,
                false => within(
                    &path,
                    *value,
                    -MAX_METRIC,
                    MAX_METRIC,
                    &format!("a number from -{MAX_METRIC} to {MAX_METRIC}"),
                )?,
            }
        }
    }
    Ok(())
}

/// `[attention]`: points, factors and the shape of the renewal curve.
fn check_attention(model: &Model) -> Result<(), (String, String)> {
    use super::model::{NEAR_SHAPE_MAX, NEAR_SHAPE_MIN};
    let a = &model.attention;
    for (key, v) in a.numbers() {
        let path = format!("attention.{key}");
        match key {
            "per_point_dropped" => within(&path, v, 0.0, 100.0, "points from 0 to 100")?,
            "min_drop" => within(&path, v, 0.0, 100.0, "health points from 0 to 100")?,
            "arr_reference" => within(
                &path,
                v,
                0.0,
                MAX_ARR,
                &format!("an ARR from 0 to {MAX_ARR}"),
            )?,
            "arr_exponent" => within(
                &path,
                v,
                0.0,
                MAX_EXPONENT,
                &format!("an exponent from 0 to {MAX_EXPONENT}"),
            )?,
            "arr_min" | "arr_max" => within(
                &path,
                v,
                0.0,
                MAX_FACTOR,
                &format!("a factor from 0 to {MAX_FACTOR}"),
            )?,
            _ => within(
                &path,
                v,
                0.0,
                MAX_POINTS,
                &format!("points from 0 to {MAX_POINTS}"),
            )?,
        }
    }
    within(
        "attention.renewal_near_shape",
        a.renewal_near_shape,
        NEAR_SHAPE_MIN,
        NEAR_SHAPE_MAX,
        "an exponent from 0.1 to 10",
    )?;
    if a.arr_reference <= 0.0 || a.arr_min > a.arr_max {
        return Err((
            "attention".into(),
            format!(
                "need arr_reference above 0 and arr_min <= arr_max, got {}, {} and {}",
                a.arr_reference, a.arr_min, a.arr_max
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::expr::Expected;

    #[test]
    fn every_day_count_has_its_range() {
        type Set = fn(&mut Model, i64);
        let cases: [(&str, Set); 7] = [
            ("lifecycle.pre_renewal_days", |m, d| {
                m.lifecycle.pre_renewal_days = d as u32
            }),
            ("attention.renewal_near_days", |m, d| {
                m.attention.renewal_near_days = d as u32
            }),
            ("attention.handled_days", |m, d| {
                m.attention.handled_days = d as u32
            }),
            ("attention.renewal_wake_days", |m, d| {
                m.attention.renewal_wake_days = d as u32
            }),
            ("alerts.champion_left.window_days", |m, d| {
                m.alerts.champion_left.window_days = d as u32
            }),
            ("plays[0].follow_up_days", |m, d| {
                m.plays[0].follow_up_days = Some(d as u32)
            }),
            ("milestones[0].expected_by", |m, d| {
                let anchor = m.milestones[0].expected_by.anchor.clone();
                m.milestones[0].expected_by = Expected {
                    anchor,
                    offset_days: d as i32,
                };
            }),
        ];
        for (key, set) in cases {
            for (days, ok) in [(0, true), (MAX_DAYS, true), (MAX_DAYS + 1, false)] {
                let mut model = Model::default();
                set(&mut model, days);
                let got = check_days(&model);
                assert_eq!(got.is_ok(), ok, "{key} = {days}: {got:?}");
                if let Err((path, message)) = got {
                    assert_eq!(path, key);
                    assert!(message.contains(&MAX_DAYS.to_string()), "{message}");
                }
            }
        }
        let mut model = Model::default();
        model.plays[0].follow_up_days = Some(100_000_000);
        assert!(check_days(&model).is_err());
    }

    #[test]
    fn every_other_number_has_its_range() {
        type Set = fn(&mut Model, f64);
        // key, setter, the highest value in range.
        let cases: [(&str, Set, f64); 10] = [
            (
                "attention.critical_alert",
                |m, v| m.attention.critical_alert = v,
                MAX_POINTS,
            ),
            (
                "attention.per_point_dropped",
                |m, v| m.attention.per_point_dropped = v,
                100.0,
            ),
            ("attention.min_drop", |m, v| m.attention.min_drop = v, 100.0),
            (
                "attention.arr_reference",
                |m, v| m.attention.arr_reference = v,
                MAX_ARR,
            ),
            (
                "attention.arr_exponent",
                |m, v| m.attention.arr_exponent = v,
                MAX_EXPONENT,
            ),
            (
                "attention.arr_max",
                |m, v| m.attention.arr_max = v,
                MAX_FACTOR,
            ),
            (
                "alerts.usage_decline.threshold",
                |m, v| m.alerts.usage_decline.threshold = v,
                100.0,
            ),
            (
                "alerts.health_drop.threshold",
                |m, v| m.alerts.health_drop.threshold = v,
                100.0,
            ),
            (
                "alerts.users_surge.threshold",
                |m, v| m.alerts.users_surge.threshold = v,
                MAX_COUNT,
            ),
            (
                "plays[0].priority",
                |m, v| m.plays[0].priority = v as i32,
                f64::from(MAX_PRIORITY),
            ),
        ];
        for (key, set, high) in cases {
            for (v, ok) in [
                (high, true),
                (high + 1.0, false),
                (-1.0, false),
                (f64::NAN, false),
                (f64::INFINITY, false),
            ] {
                if key.ends_with("priority") && !v.is_finite() {
                    continue;
                }
                let mut model = Model::default();
                set(&mut model, v);
                let got = check_numbers(&model);
                assert_eq!(got.is_ok(), ok, "{key} = {v}: {got:?}");
                if let Err((path, message)) = got {
                    assert_eq!(path, key);
                    let shown = match key.ends_with("priority") {
                        true => (v as i32).to_string(),
                        false => v.to_string(),
                    };
                    assert!(message.contains(&format!("got {shown}")), "{message}");
                }
            }
        }
    }

    #[test]
    fn a_trigger_compares_with_a_number_in_range() {
        use crate::domain::model::expr::Trigger;
        for (trigger, ok) in [
            ("key_feature_adoption < 0.3", true),
            ("key_feature_adoption < 1.5", false),
            ("active_users >= 1000000000", true),
            ("active_users >= 1e10", false),
            ("nps < -100", true),
            ("nps < NaN", false),
            ("csat >= inf", false),
        ] {
            let mut model = Model::default();
            model.plays[0].trigger = trigger.parse::<Trigger>().unwrap();
            let got = check_numbers(&model);
            assert_eq!(got.is_ok(), ok, "{trigger}: {got:?}");
            if let Err((path, _)) = got {
                assert_eq!(path, "plays[0].trigger");
            }
        }
    }
}
