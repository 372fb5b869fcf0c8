//! Metric histories, kept compact: active users weekly for 26 weeks; seats,
//! key feature adoption and outcomes monthly; NPS or CSAT quarterly; licenses,
//! tickets, SLA breaches and invoices a point or two. Monthly and quarterly
//! points are at least 8 days old, so only weekly usage (and a crash) moves
//! the score within a week.

use super::archetype::{Archetype, Quirk};
use super::plan::{shift, Plan, HISTORY_DAYS};
use super::rng::Rng;
use crate::domain::account::{Metrics, Point, Series};
use crate::domain::Metric;
use chrono::NaiveDate;
use Archetype::*;

/// Dates `end - phase - step * k`, oldest first, from `from` on. With
/// `from_point`, a history cut short by `from` also gets a point on `from`.
fn grid(plan: &Plan, step: i64, count: i64, phase: i64, from_point: bool) -> Vec<NaiveDate> {
    // At least `count` points, and enough to reach back to the data's start.
    let count = count.max((plan.end - plan.data_from).num_days() / step + 1);
    let mut days: Vec<NaiveDate> = (0..count)
        .rev()
        .map(|k| shift(plan.end, -phase - step * k))
        .filter(|d| *d >= plan.data_from)
        .collect();
    let cut_short = shift(plan.end, -phase - step * (count - 1)) < plan.data_from;
    if from_point
        && cut_short
        && days.first() != Some(&plan.data_from)
        && plan.data_from <= plan.end
    {
        days.insert(0, plan.data_from);
    }
    days
}

fn series(mut points: Vec<Point>) -> Series {
    points.shrink_to_fit();
    Series::new(points)
}

fn point(at: NaiveDate, value: f64) -> Point {
    Point {
        at,
        value: value as f32,
    }
}

fn round_to(v: f64, step: f64) -> f64 {
    (v / step).round() * step
}

/// The recent open ticket count, which also decides whether a ticket event
/// is logged: (date, count).
pub(crate) struct Support {
    pub(crate) recent_tickets: Option<(NaiveDate, f64)>,
    pub(crate) crash_day: Option<NaiveDate>,
}

pub(crate) fn build(rng: &mut Rng, plan: &Plan) -> (Metrics, Support) {
    let mut m = Metrics::default();
    let mut support = Support {
        recent_tickets: None,
        crash_day: None,
    };
    let arch = plan.arch;
    if arch == NoData {
        return (m, support);
    }
    let noise = |rng: &mut Rng| 1.0 + rng.float(-0.02, 0.02);
    let q = |day: NaiveDate, personal: f64| (plan.quality(day) + personal).clamp(0.0, 1.0);

    let licenses = plan.licenses.iter().map(|&(d, l)| point(d, l)).collect();
    m.set(Metric::Licenses, series(licenses));

    // Active users, weekly.
    let personal = rng.float(-0.04, 0.04);
    let crash = if arch == Crash {
        Some(rng.float(0.2, 0.3))
    } else {
        None
    };
    // Drawn for every account (it once gave a few curious users where
    // onboarding had not started), so that every later draw, and the demo
    // everyone knows, stay as they were.
    rng.float(0.0, 0.03);
    let mut active: Vec<Point> = grid(plan, 7, HISTORY_DAYS / 7 + 1, 0, true)
        .into_iter()
        .map(|d| {
            let mut ratio = match arch {
                // Nobody uses it where onboarding has not started.
                NotStarted => 0.0,
                _ => (0.04 + 0.88 * q(d, personal)).min(0.98) * plan.ramp(d) * noise(rng),
            };
            if d == plan.end {
                ratio *= crash.unwrap_or(1.0);
            }
            point(d, (plan.licenses_at(d) * ratio).round())
        })
        .collect();
    if arch.declines() && !arch.is_closed() {
        ensure_decline(&mut active, plan.end);
    }
    m.set(Metric::ActiveUsers, series(active));

    // Seats, adoption and outcomes, monthly.
    let phase = rng.int(8, 20);
    let months = grid(plan, 30, 7, phase, true);
    let personal = rng.float(-0.04, 0.04);
    let fixed_seats = match arch {
        RenewalUnderused | RenewalAtRisk => Some(rng.float(0.28, 0.44)),
        NotStarted => Some(0.0),
        _ => None,
    };
    let mut seats = Vec::with_capacity(months.len() + 1);
    if let Some(first) = months.first() {
        // When 20% of the licenses were first in use, for older accounts
        // whose monthly history starts later.
        let late = matches!(arch, Churned | Slipping) && rng.chance(0.5);
        let day = shift(
            plan.start,
            if late {
                rng.int(32, 60)
            } else {
                rng.int(10, 28)
            },
        );
        if day < *first && day <= plan.end {
            let share = rng.float(0.22, 0.4);
            // None on the first day: the reading that crosses 20% dates
            // the milestone, rather than being the first thing known.
            seats.push(point(plan.start, 0.0));
            seats.push(point(day, (plan.licenses_at(day) * share).ceil()));
        }
    }
    for &d in &months {
        let ratio = match fixed_seats {
            Some(r) => r * noise(rng),
            None => (0.22 + 0.76 * q(d, personal)).min(1.0) * plan.ramp(d) * noise(rng),
        };
        seats.push(point(d, (plan.licenses_at(d) * ratio).round()));
    }
    m.set(Metric::SeatsAssigned, series(seats));

    if arch != NotStarted {
        let personal = rng.float(-0.04, 0.04);
        let low = (arch == LowAdoption).then(|| rng.float(0.08, 0.25));
        let adoption = months
            .iter()
            .map(|&d| {
                let v = match low {
                    Some(v) => v * noise(rng),
                    None => (0.05 + 0.8 * q(d, personal)).min(0.95),
                };
                point(d, round_to(v, 0.01))
            })
            .collect();
        m.set(Metric::KeyFeatureAdoption, series(adoption));
    }

    if !arch.is_onboarding() && plan.quirk != Quirk::NoOutcomes {
        let personal = rng.float(-0.04, 0.04);
        let outcomes = months
            .iter()
            .map(|&d| point(d, round_to((0.05 + 0.9 * q(d, personal)).min(1.0), 0.01)))
            .collect();
        m.set(Metric::OutcomesAchieved, series(outcomes));
    }

    // Satisfaction surveys, quarterly: NPS, CSAT, or both.
    if arch != NotStarted && plan.quirk != Quirk::NoSatisfaction {
        let quarters = grid(plan, 91, 3, rng.int(8, 40), false);
        let personal = rng.float(-0.04, 0.04);
        let kind = rng.unit();
        if kind < 0.7 {
            let nps = quarters
                .iter()
                .map(|&d| point(d, (-70.0 + 140.0 * q(d, personal)).round()))
                .collect();
            m.set(Metric::Nps, series(nps));
        }
        if kind >= 0.6 {
            let csat = quarters
                .iter()
                .map(|&d| point(d, round_to((1.4 + 3.5 * q(d, personal)).min(5.0), 0.1)))
                .collect();
            m.set(Metric::Csat, series(csat));
        }
    }

    if arch != NotStarted && plan.quirk != Quirk::NoSupportData {
        support_metrics(rng, plan, &mut m, &mut support);
    }
    (m, support)
}

/// Open tickets, SLA breaches and overdue invoices: a point or two each.
fn support_metrics(rng: &mut Rng, plan: &Plan, m: &mut Metrics, support: &mut Support) {
    let arch = plan.arch;
    let q_at = |d| plan.quality(d);
    let calm = |rng: &mut Rng, d| ((1.0 - q_at(d)) * 2.5 * rng.unit()).round();

    // Nothing is reported before the account's data starts.
    let clip = |d: NaiveDate| d.max(plan.data_from);
    let old = clip(shift(plan.end, -rng.int(40, 80)));
    let recent = clip(shift(plan.end, -rng.int(8, 25)));
    let recent_count = match arch {
        RenewalBacklog | RenewalAtRisk | Churned => rng.int(3, 7) as f64,
        Slipping => rng.int(2, 4) as f64,
        _ => calm(rng, recent),
    };
    let mut tickets = Vec::with_capacity(3);
    if old < recent {
        tickets.push(point(old, calm(rng, old)));
    }
    tickets.push(point(recent, recent_count));
    let trouble = matches!(arch, Slipping | RenewalAtRisk | Churned);
    let mut breaches = Vec::new();
    if trouble || arch == Crash || rng.chance(0.6) {
        let day = clip(shift(plan.end, -rng.int(8, 40)));
        let n = if trouble {
            rng.int(1, 2)
        } else {
            i64::from(rng.chance(0.05))
        };
        breaches.push(point(day, n as f64));
    }
    support.recent_tickets = Some((recent, recent_count));
    if arch == Crash {
        let day = shift(plan.end, -rng.int(1, 3));
        tickets.push(point(day, rng.int(5, 8) as f64));
        breaches.push(point(day, rng.int(2, 3) as f64));
        support.crash_day = Some(day);
    }
    m.set(Metric::OpenTickets, series(tickets));
    m.set(Metric::SlaBreaches, series(breaches));
    if rng.chance(0.5) {
        let owed = matches!(arch, Churned | RenewalAtRisk) && rng.chance(0.4);
        let day = clip(shift(plan.end, -rng.int(8, 60)));
        let invoices = vec![point(day, f64::from(u8::from(owed)))];
        m.set(Metric::OverdueInvoices, series(invoices));
    }
}

/// Makes sure active users fell at least 25% over the last 30 days, as the
/// story of a declining account says, whatever the rounding did.
fn ensure_decline(active: &mut [Point], end: NaiveDate) {
    let month_ago = shift(end, -30);
    let Some(then) = active
        .iter()
        .rev()
        .find(|p| p.at <= month_ago)
        .map(|p| p.value)
    else {
        return;
    };
    if let Some(last) = active.last_mut() {
        if last.at == end && then > 0.0 && last.value > then * 0.75 {
            last.value = (then * 0.7).floor();
        }
    }
}
