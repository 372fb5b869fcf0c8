//! The stories demo accounts tell. Every block of 100 consecutive indices
//! holds exactly the mix of [`DECK`], shuffled per block, so any 100 accounts
//! show every story and a portfolio of any size has a realistic mix: most
//! accounts fine, a minority in trouble, about 12% with a known outcome.

use super::rng::mix;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Archetype {
    // Onboarding.
    /// On track, good health.
    Onboarding,
    /// On track, and a wave of new users this week.
    Surge,
    /// No kickoff weeks after the contract started.
    NotStarted,
    /// Late kickoff, first value overdue.
    SlowStart,
    // Established.
    Healthy,
    /// Healthy, and started using a key feature in the last fortnight.
    Adopter,
    /// Middling on every indicator.
    Steady,
    /// Uses the product but not its key features.
    LowAdoption,
    /// Usage falling for weeks, champion gone, poor health.
    Slipping,
    /// Fine until last week, then usage collapsed and tickets piled up.
    Crash,
    /// A new admin and sometimes a lost champion; otherwise fine.
    Turnover,
    /// No metrics at all (new, or migrated without data).
    NoData,
    // Pre-renewal.
    RenewalReady,
    /// Average health, needs a business review.
    RenewalReview,
    /// Declining usage, ticket backlog, unused seats, absent sponsor.
    RenewalAtRisk,
    /// Healthy-ish, but support tickets are piling up.
    RenewalBacklog,
    /// Fewer than half the seats assigned.
    RenewalUnderused,
    // Closed: the renewal date has passed and the outcome is known.
    Renewed,
    Churned,
}

/// A gap in the data, to show "no data" where a field is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quirk {
    None,
    NoOwner,
    NoArr,
    NoRenewalDate,
    NoSegment,
    NoSatisfaction,
    NoSupportData,
    NoOutcomes,
    NoContacts,
    /// The renewal date passed a few days ago with no outcome recorded.
    RenewalOverdue,
}

use Archetype::*;

/// The mix per 100 accounts.
pub(crate) const DECK: [(Archetype, Quirk, u8); 30] = [
    (Onboarding, Quirk::None, 5),
    (Surge, Quirk::None, 2),
    (NotStarted, Quirk::None, 2),
    (SlowStart, Quirk::None, 2),
    (NoData, Quirk::None, 2),
    (Healthy, Quirk::None, 19),
    (Healthy, Quirk::NoOwner, 1),
    (Healthy, Quirk::NoArr, 1),
    (Healthy, Quirk::NoRenewalDate, 1),
    (Healthy, Quirk::NoSegment, 1),
    (Healthy, Quirk::NoSatisfaction, 1),
    (Healthy, Quirk::NoOutcomes, 1),
    (Healthy, Quirk::NoContacts, 1),
    (Adopter, Quirk::None, 4),
    (Steady, Quirk::None, 7),
    (Steady, Quirk::NoSupportData, 1),
    (LowAdoption, Quirk::None, 4),
    (Slipping, Quirk::None, 5),
    (Crash, Quirk::None, 1),
    (Turnover, Quirk::None, 2),
    (RenewalReady, Quirk::None, 11),
    (RenewalReady, Quirk::NoOwner, 1),
    (RenewalReview, Quirk::None, 5),
    (RenewalAtRisk, Quirk::None, 3),
    (RenewalAtRisk, Quirk::RenewalOverdue, 1),
    (RenewalBacklog, Quirk::None, 2),
    (RenewalUnderused, Quirk::None, 2),
    (Renewed, Quirk::None, 7),
    (Renewed, Quirk::NoArr, 1),
    (Churned, Quirk::None, 4),
];

pub(crate) const BLOCK: usize = 100;

/// Multipliers coprime with [`BLOCK`], so `i * m + c` permutes a block.
const STRIDES: [u64; 12] = [3, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47];

fn entry(position: usize) -> (Archetype, Quirk) {
    let mut left = position;
    for (arch, quirk, count) in DECK {
        if left < usize::from(count) {
            return (arch, quirk);
        }
        left -= usize::from(count);
    }
    unreachable!("the deck has {BLOCK} entries")
}

/// The archetype of account `index`.
pub(crate) fn of(seed: u64, index: usize) -> (Archetype, Quirk) {
    let block = (index / BLOCK) as u64;
    let h = mix(seed ^ mix(block ^ 0xDEC0));
    let stride = STRIDES[(h % STRIDES.len() as u64) as usize];
    let offset = (h >> 32) % BLOCK as u64;
    let position = ((index % BLOCK) as u64 * stride + offset) % BLOCK as u64;
    entry(position as usize)
}

impl Archetype {
    pub(crate) fn is_closed(self) -> bool {
        matches!(self, Renewed | Churned)
    }

    pub(crate) fn is_onboarding(self) -> bool {
        matches!(self, Onboarding | Surge | NotStarted | SlowStart)
    }

    pub(crate) fn is_pre_renewal(self) -> bool {
        matches!(
            self,
            RenewalReady | RenewalReview | RenewalAtRisk | RenewalBacklog | RenewalUnderused
        )
    }

    /// Accounts in visible trouble: slower check-ins, absent sponsors.
    pub(crate) fn in_trouble(self) -> bool {
        matches!(
            self,
            NotStarted | SlowStart | Slipping | RenewalAtRisk | Churned | LowAdoption
        )
    }

    /// Quality now (at the end of the history), as a range: 1 is a model
    /// customer, 0 one that has given up.
    pub(crate) fn quality(self) -> (f64, f64) {
        match self {
            Onboarding | Surge => (0.8, 1.0),
            NotStarted => (0.0, 0.1),
            SlowStart => (0.3, 0.45),
            Healthy | RenewalReady | Adopter => (0.75, 1.0),
            Turnover | Crash => (0.7, 0.9),
            Steady | RenewalReview => (0.4, 0.52),
            LowAdoption => (0.45, 0.6),
            Slipping | RenewalAtRisk => (0.0, 0.12),
            RenewalBacklog => (0.6, 0.8),
            RenewalUnderused => (0.6, 0.75),
            // Some renewed customers were middling too: health predicts
            // churn in the demo, but not perfectly.
            Renewed => (0.45, 0.95),
            Churned => (0.05, 0.3),
            NoData => (0.5, 0.5),
        }
    }

    /// Whether usage declines over the last weeks of the history.
    pub(crate) fn declines(self) -> bool {
        matches!(self, Slipping | RenewalAtRisk | Churned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deck_fills_a_block_and_every_block_holds_the_mix() {
        let total: usize = DECK.iter().map(|d| usize::from(d.2)).sum();
        assert_eq!(total, BLOCK);
        for block in [0, 1, 17] {
            let mut got: Vec<_> = (0..BLOCK).map(|i| of(9, block * BLOCK + i)).collect();
            let mut want: Vec<_> = (0..BLOCK).map(entry).collect();
            let key = |x: &(Archetype, Quirk)| (x.0, x.1 as u8);
            got.sort_by_key(key);
            want.sort_by_key(key);
            assert_eq!(got, want, "block {block}");
        }
    }
}
