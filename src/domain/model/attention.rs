//! `[attention]`: how the default watch-list order weighs what needs a CSM
//! today. Each account gets urgency points from what is wrong with it,
//! multiplied by a factor for its ARR; the list shows the most points first,
//! and each row names the part that gave it the most.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct AttentionModel {
    /// An open account past its renewal date with no outcome.
    pub(crate) renewal_overdue: f64,
    /// A renewal within this many days is near: its points grow from 0 at
    /// this distance to their full value on the renewal day (see
    /// [`AttentionModel::nearness`]).
    pub(crate) renewal_near_days: u32,
    /// A near renewal with poor health, on the day.
    pub(crate) renewal_near_poor: f64,
    /// A near renewal with average health, on the day; also one with no
    /// health data (unknown is not poor, but a renewal with nothing known
    /// is a reason to look).
    pub(crate) renewal_near_average: f64,
    /// The shape of that growth: the exponent of the share of the window
    /// gone by. 1 is a straight line; above 1 the points come late (mostly
    /// in the last weeks), below 1 early. From [`NEAR_SHAPE_MIN`] to [`NEAR_SHAPE_MAX`].
    pub(crate) renewal_near_shape: f64,
    /// Each critical alert.
    pub(crate) critical_alert: f64,
    /// Each warning.
    pub(crate) warning_alert: f64,
    /// Points per health point lost, over 7 or 30 days (the larger fall).
    pub(crate) per_point_dropped: f64,
    /// Falls smaller than this many points are noise.
    pub(crate) min_drop: f64,
    /// Poor health now.
    pub(crate) poor_health: f64,
    /// Average health now.
    pub(crate) average_health: f64,
    /// Each overdue milestone of the current stage.
    pub(crate) overdue_milestone: f64,
    /// The ARR at which the factor is 1; the factor is
    /// `(ARR / arr_reference) ^ arr_exponent`, kept within `arr_min..=arr_max`.
    /// An account with no ARR gets 1.
    pub(crate) arr_reference: f64,
    pub(crate) arr_exponent: f64,
    pub(crate) arr_min: f64,
    pub(crate) arr_max: f64,
    /// A play logged without a follow-up marks its account handled for
    /// this many days (with one: until the follow-up). 0 to 3650; 0 means
    /// only a log with a follow-up marks an account handled.
    pub(crate) handled_days: u32,
    /// A handled account comes back when its renewal comes within this many
    /// days and was not within them on the day the play was logged. 0 to
    /// 3650; 0 wakes it on the renewal day only.
    pub(crate) renewal_wake_days: u32,
}

impl Default for AttentionModel {
    fn default() -> Self {
        AttentionModel {
            renewal_overdue: 100.0,
            renewal_near_days: 90,
            renewal_near_poor: 60.0,
            renewal_near_average: 25.0,
            renewal_near_shape: 1.0,
            critical_alert: 35.0,
            warning_alert: 10.0,
            per_point_dropped: 2.0,
            min_drop: 5.0,
            poor_health: 30.0,
            average_health: 8.0,
            overdue_milestone: 3.0,
            arr_reference: 50_000.0,
            arr_exponent: 0.25,
            arr_min: 0.5,
            arr_max: 2.0,
            handled_days: 7,
            renewal_wake_days: 14,
        }
    }
}

/// The range of `renewal_near_shape`.
pub(crate) const NEAR_SHAPE_MIN: f64 = 0.1;
pub(crate) const NEAR_SHAPE_MAX: f64 = 10.0;

impl AttentionModel {
    /// How near a renewal `days` ahead is, from 0 (at `renewal_near_days`
    /// or further) to 1 (on the day or past it):
    /// `(1 - days / renewal_near_days) ^ renewal_near_shape`. Continuous,
    /// and strictly growing as `days` shrinks inside the window.
    pub(crate) fn nearness(&self, days: i64) -> f64 {
        let window = f64::from(self.renewal_near_days);
        if days >= i64::from(self.renewal_near_days) {
            return 0.0;
        }
        let gone = (1.0 - days.max(0) as f64 / window).clamp(0.0, 1.0);
        gone.powf(self.renewal_near_shape)
    }

    /// The settings that are points or factors, by name, for checking.
    pub(crate) fn numbers(&self) -> [(&'static str, f64); 14] {
        [
            ("renewal_overdue", self.renewal_overdue),
            ("renewal_near_poor", self.renewal_near_poor),
            ("renewal_near_average", self.renewal_near_average),
            ("critical_alert", self.critical_alert),
            ("warning_alert", self.warning_alert),
            ("per_point_dropped", self.per_point_dropped),
            ("min_drop", self.min_drop),
            ("poor_health", self.poor_health),
            ("average_health", self.average_health),
            ("overdue_milestone", self.overdue_milestone),
            ("arr_reference", self.arr_reference),
            ("arr_exponent", self.arr_exponent),
            ("arr_min", self.arr_min),
            ("arr_max", self.arr_max),
        ]
    }
}
