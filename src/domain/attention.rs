//! Attention: how much an account needs its CSM today, and why. The
//! default order of the watch list. See `model::AttentionModel` for the
//! points and the ARR factor.

use super::account::Account;
use super::alert::Alert;
use super::calendar::days_between;
use super::health::Health;
use super::model::AttentionModel;
use super::vocab::{AlertKind, Band, Severity};
use chrono::NaiveDate;

/// What gave an account most of its attention points.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) enum Reason {
    RenewalOverdue {
        days: i64,
    },
    RenewalNear {
        days: i64,
        band: Band,
    },
    Alert(AlertKind),
    Drop {
        points: f64,
        days: u32,
    },
    Health(Band),
    OverdueMilestones(usize),
    /// Nothing needs attention.
    #[default]
    Nothing,
}

/// An account's place in the attention order.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Attention {
    /// Urgency points times the ARR factor: more comes first.
    pub score: f64,
    pub(crate) reason: Reason,
}

impl Attention {
    /// Why the account is where it is, in a few words.
    pub(crate) fn why(&self) -> String {
        match self.reason {
            Reason::RenewalOverdue { days } => format!("renewal {days}d overdue"),
            Reason::RenewalNear { days, band } => {
                let health = match band {
                    Band::Average => "avg",
                    Band::Unknown => "no health data",
                    _ => band.id(),
                };
                format!("renews in {days}d, {health}")
            }
            Reason::Alert(kind) => kind.label().to_string(),
            Reason::Drop { points, days } => format!("down {points:.0} in {days}d"),
            Reason::Health(band) => format!("{} health", band.id()),
            Reason::OverdueMilestones(1) => "a milestone overdue".into(),
            Reason::OverdueMilestones(n) => format!("{n} milestones overdue"),
            Reason::Nothing => String::new(),
        }
    }
}

/// The parts of an account's attention, in order of urgency: at most one
/// of each kind, held on the stack (no allocation per account).
#[derive(Default)]
struct Parts {
    items: [(f64, Reason); 5],
    len: usize,
}

impl Parts {
    fn push(&mut self, part: (f64, Reason)) {
        self.items[self.len] = part;
        self.len += 1;
    }

    fn as_slice(&self) -> &[(f64, Reason)] {
        &self.items[..self.len]
    }
}

/// The attention `account` needs as of `now`.
pub(crate) fn attention(
    model: &AttentionModel,
    account: &Account,
    now: NaiveDate,
    health: &Health,
    alerts: &[Alert],
    overdue_milestones: usize,
) -> Attention {
    // Each part's points and the reason it gives; the reason shown is the
    // part with the most points.
    let mut parts = Parts::default();
    // A snoozed alert counts for nothing, and neither do the parts its
    // facts would give again (the renewal overdue, the drop, the overdue
    // milestones).
    let snoozed = |kind: AlertKind| alerts.iter().any(|a| a.kind() == kind && a.is_snoozed());
    let days_left = account.renewal_date.map(|r| days_between(now, r));
    match days_left {
        Some(d) if d <= 0 && account.is_open() && snoozed(AlertKind::RenewalOverdue) => {}
        Some(d) if d <= 0 && account.is_open() => {
            parts.push((model.renewal_overdue, Reason::RenewalOverdue { days: -d }))
        }
        Some(d) if d < i64::from(model.renewal_near_days) => {
            // Growing as the day nears, from nothing at the window's edge.
            // Unknown health is not poor, but a renewal coming with nothing
            // known about the account is itself a reason to look: it counts
            // as average.
            let full = match health.band {
                Band::Poor => model.renewal_near_poor,
                Band::Average | Band::Unknown => model.renewal_near_average,
                Band::Good => 0.0,
            };
            let points = full * model.nearness(d);
            parts.push((
                points,
                Reason::RenewalNear {
                    days: d,
                    band: health.band,
                },
            ));
        }
        _ => {}
    }
    let per = |s: Severity| match s {
        Severity::Critical => model.critical_alert,
        Severity::Warning => model.warning_alert,
        _ => 0.0,
    };
    // Every alert adds its points; the most severe one names the reason.
    let live = || alerts.iter().filter(|a| !a.is_snoozed());
    let alert_points: f64 = live().map(|a| per(a.severity)).sum();
    let mut extra = 0.0;
    if let Some(first) = live().next() {
        parts.push((per(first.severity), Reason::Alert(first.kind())));
        extra = alert_points - per(first.severity);
    }
    // The move that matters, as the list shows it, when it is a fall.
    if let Some((points, days)) = health
        .main_move()
        .map(|(d, days)| (-d, days))
        .filter(|(fall, _)| *fall >= model.min_drop && !snoozed(AlertKind::HealthDrop))
    {
        parts.push((
            points * model.per_point_dropped,
            Reason::Drop { points, days },
        ));
    }
    let band_points = match health.band {
        Band::Poor => model.poor_health,
        Band::Average => model.average_health,
        _ => 0.0,
    };
    parts.push((band_points, Reason::Health(health.band)));
    let overdue_milestones = match snoozed(AlertKind::MilestoneOverdue) {
        true => 0,
        false => overdue_milestones,
    };
    parts.push((
        overdue_milestones as f64 * model.overdue_milestone,
        Reason::OverdueMilestones(overdue_milestones),
    ));

    let parts = parts.as_slice();
    let points: f64 = parts.iter().map(|(p, _)| p).sum::<f64>() + extra;
    let reason = parts
        .iter()
        .filter(|(p, _)| *p > 0.0)
        // The first of equals wins: the list above is in order of urgency.
        .fold(None::<(f64, Reason)>, |best, &(p, r)| match best {
            Some((bp, _)) if bp >= p => best,
            _ => Some((p, r)),
        })
        .map_or(Reason::Nothing, |(_, r)| r);
    let factor = account.arr.map_or(1.0, |arr| {
        (arr.max(0.0) / model.arr_reference)
            .powf(model.arr_exponent)
            .clamp(model.arr_min, model.arr_max)
    });
    Attention {
        score: points * factor,
        reason,
    }
}
