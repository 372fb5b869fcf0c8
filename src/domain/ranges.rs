//! The documented range of every day count in the model: a count past it
//! is refused when the config is read (file, line, key, range), so no date
//! arithmetic downstream can overflow on it.

use super::model::Model;
use super::vocab::AlertKind;

/// The longest day count anywhere in the model: ten years.
pub const MAX_DAYS: i64 = 3650;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::expr::Expected;

    #[test]
    fn every_day_count_has_its_range() {
        type Set = fn(&mut Model, i64);
        let cases: [(&str, Set); 5] = [
            ("lifecycle.pre_renewal_days", |m, d| {
                m.lifecycle.pre_renewal_days = d as u32
            }),
            ("attention.renewal_near_days", |m, d| {
                m.attention.renewal_near_days = d as u32
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
}
