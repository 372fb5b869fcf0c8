//! The skeleton of one demo account: its dates, its size and how its
//! quality moves over time. Metrics, milestones and people follow from it.

use super::archetype::{Archetype, Quirk};
use super::rng::Rng;
use chrono::{Duration, NaiveDate};
use Archetype::*;

/// Days of metric history: 26 weeks.
pub(crate) const HISTORY_DAYS: i64 = 182;

/// `day` moved by `days` (saturating at the ends of the calendar).
pub(crate) fn shift(day: NaiveDate, days: i64) -> NaiveDate {
    day.checked_add_signed(Duration::days(days)).unwrap_or(day)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Segment {
    Enterprise,
    MidMarket,
    Smb,
}

impl Segment {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Segment::Enterprise => "Enterprise",
            Segment::MidMarket => "Mid-Market",
            Segment::Smb => "SMB",
        }
    }
}

pub(crate) struct Plan {
    pub(crate) arch: Archetype,
    pub(crate) quirk: Quirk,
    pub(crate) segment: Segment,
    /// The last day with data: today, or the renewal date of a closed account.
    pub(crate) end: NaiveDate,
    pub(crate) start: NaiveDate,
    pub(crate) renewal: NaiveDate,
    pub(crate) first_value: Option<NaiveDate>,
    /// The first day with metrics.
    pub(crate) data_from: NaiveDate,
    /// Quality at `end`, and before a decline (0..1).
    pub(crate) q_now: f64,
    pub(crate) q_then: f64,
    /// Length of the decline that ends at `end`; 0 for none.
    pub(crate) decline_days: i64,
    /// Quality gained per day over the history, for accounts that do not decline.
    pub(crate) drift: f64,
    /// Licenses bought: at the start, and after an expansion.
    pub(crate) licenses: Vec<(NaiveDate, f64)>,
    /// Price per seat and year.
    pub(crate) price: f64,
}

impl Plan {
    pub(crate) fn new(rng: &mut Rng, arch: Archetype, quirk: Quirk, today: NaiveDate) -> Plan {
        let segment = match (rng.unit(), arch) {
            (u, Surge) if u < 0.35 => Segment::Enterprise,
            (_, Surge) => Segment::MidMarket,
            (u, _) if u < 0.2 => Segment::Enterprise,
            (u, _) if u < 0.55 => Segment::MidMarket,
            _ => Segment::Smb,
        };
        let (start, renewal, first_value, end) = timeline(rng, arch, quirk, today);
        let (lo, hi) = arch.quality();
        let q_now = rng.float(lo, hi);
        let (q_then, decline_days) = match arch {
            Slipping | RenewalAtRisk => (rng.float(0.45, 0.6), rng.int(60, 90)),
            // Usage starts falling before the renewal window opens: a true
            // driver of the demo's churn, visible 90 days before the outcome.
            Churned => (rng.float(0.45, 0.65), rng.int(110, 150)),
            _ => (q_now, 0),
        };
        let drift = rng.float(-0.03, 0.08) / HISTORY_DAYS as f64;
        let (seats, price) = match segment {
            Segment::Smb => (rng.int(8, 60), rng.float(500.0, 900.0)),
            Segment::MidMarket => (rng.int(60, 400), rng.float(400.0, 700.0)),
            Segment::Enterprise => (rng.int(400, 3000), rng.float(250.0, 450.0)),
        };
        let mut licenses = vec![(start, seats as f64)];
        // An expansion at the last anniversary before the end of the data.
        let years_in = ((end - start).num_days() - 1) / 365;
        if years_in >= 1 && !arch.is_onboarding() && arch != Churned && rng.chance(0.3) {
            let grown = (seats as f64 * rng.float(1.1, 1.5)).round();
            licenses.push((shift(start, 365 * years_in), grown));
        }
        // A renewed account's history reaches back before the renewal it
        // signed, so the renewal can be looked back on.
        let back_to = if arch == Renewed { renewal } else { end };
        let data_from = shift(start, 2).max(shift(back_to, -HISTORY_DAYS));
        Plan {
            arch,
            quirk,
            segment,
            end,
            start,
            renewal,
            first_value,
            data_from,
            q_now,
            q_then,
            decline_days,
            drift,
            licenses,
            price,
        }
    }

    /// Quality on `day`, 0..1.
    pub(crate) fn quality(&self, day: NaiveDate) -> f64 {
        let before_end = (self.end - day).num_days() as f64;
        let q = if self.decline_days > 0 {
            let d = self.decline_days as f64;
            if before_end >= d {
                self.q_then
            } else {
                self.q_now + (self.q_then - self.q_now) * before_end / d
            }
        } else {
            self.q_now - self.drift * before_end
        };
        q.clamp(0.0, 1.0)
    }

    /// The share of its eventual usage a new account has reached on `day`.
    pub(crate) fn ramp(&self, day: NaiveDate) -> f64 {
        if !self.arch.is_onboarding() {
            return 1.0;
        }
        let days = (day - self.data_from).num_days() as f64;
        0.8 + 0.2 * (days / 14.0).clamp(0.0, 1.0)
    }

    pub(crate) fn licenses_at(&self, day: NaiveDate) -> f64 {
        self.licenses
            .iter()
            .rev()
            .find(|(d, _)| *d <= day)
            .or(self.licenses.first())
            .map_or(0.0, |(_, l)| *l)
    }

    pub(crate) fn arr(&self) -> f64 {
        (self.licenses_at(self.end) * self.price / 100.0).round() * 100.0
    }
}

/// (contract start, renewal date, first value, end of data).
fn timeline(
    rng: &mut Rng,
    arch: Archetype,
    quirk: Quirk,
    today: NaiveDate,
) -> (NaiveDate, NaiveDate, Option<NaiveDate>, NaiveDate) {
    let onboarding_age = match arch {
        Onboarding => Some(rng.int(6, 27)),
        Surge => Some(rng.int(9, 27)),
        NotStarted => Some(rng.int(16, 50)),
        SlowStart => Some(rng.int(38, 85)),
        NoData if rng.chance(0.5) => Some(rng.int(0, 6)),
        _ => None,
    };
    if let Some(age) = onboarding_age {
        let start = shift(today, -age);
        return (start, shift(start, 365), None, today);
    }
    let late_first_value = match arch {
        Churned => 0.5,
        LowAdoption | Slipping | RenewalAtRisk => 0.4,
        _ => 0.1,
    };
    let first_value_after = if rng.chance(late_first_value) {
        rng.int(31, 55)
    } else {
        rng.int(15, 30)
    };
    let (renewal, years, end) = if arch.is_closed() {
        // A renewed customer goes on using the product; a churned one's
        // data stops at the renewal it did not sign.
        let renewal = shift(today, -rng.int(10, 330));
        let end = if arch == Renewed { today } else { renewal };
        (renewal, rng.int(1, 3), end)
    } else if arch.is_pre_renewal() {
        let days = match arch {
            RenewalAtRisk if quirk == Quirk::RenewalOverdue => -rng.int(2, 20),
            RenewalAtRisk => rng.int(10, 55),
            _ => rng.int(3, 89),
        };
        (shift(today, days), rng.int(1, 4), today)
    } else {
        let years = if rng.chance(0.4) { 1 } else { rng.int(2, 4) };
        let days = if years == 1 {
            rng.int(91, 290)
        } else {
            rng.int(91, 364)
        };
        (shift(today, days), years, today)
    };
    let start = shift(renewal, -365 * years);
    (start, renewal, Some(shift(start, first_value_after)), end)
}
