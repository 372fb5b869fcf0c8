//! The built-in demo portfolio: deterministic, relative to `today`, and
//! generated per account from (seed, index) alone, so it is the same on
//! every run, in any order and on any number of threads.
//!
//! Every block of 100 accounts holds the same mix of stories (see
//! [`archetype`]): healthy accounts in every stage, onboarding that stalled,
//! usage that slips, a sudden crash, a renewal at risk, a surge of new users,
//! accounts with no data, and renewals already won or lost. So the first 100
//! accounts already show every stage, band, default alert and play.
//!
//! Generation is CPU-bound (about a quarter of a second for 100,000
//! accounts on two cores): as a [`Source`] it runs on the blocking pool.

mod archetype;
mod journey;
mod metrics;
mod names;
mod people;
mod plan;
mod rng;
mod tasks;

use super::{FetchFuture, Snapshot, Source};
use crate::domain::account::{Account, Outcome};
use archetype::{Archetype, Quirk};
use chrono::NaiveDate;
use plan::{shift, Plan};
use rng::Rng;

/// The account one of whose events carries a terminal escape sequence in
/// its detail, to show that text from a source is sanitized before it is drawn.
pub const ESCAPE_INDEX: usize = 7;

/// A generated portfolio of `size` accounts as of `today`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demo {
    pub size: usize,
    pub today: NaiveDate,
    pub seed: u64,
    /// The day the book is generated for whatever the as-of day of a
    /// fetch (`[source] demo_day`): `--as-of` then replays the days after
    /// it on the same book. `None`: generated for each fetch's as-of day.
    pub fixed: Option<NaiveDate>,
}

impl Demo {
    /// The default portfolio size. The size limits live here only: the
    /// config file and the command line read them.
    pub(crate) const DEFAULT_SIZE: u32 = 300;
    /// The smallest portfolio.
    pub(crate) const MIN_SIZE: u32 = 1;
    /// The largest portfolio.
    pub(crate) const MAX_SIZE: u32 = 1_000_000;
    /// The seed of [`Demo::new`].
    pub(crate) const DEFAULT_SEED: u64 = 0x0C5A_11CE_2026_0001;

    pub fn new(size: usize, today: NaiveDate) -> Demo {
        Demo {
            size,
            today,
            seed: Demo::DEFAULT_SEED,
            fixed: None,
        }
    }

    /// This demo, generated as of `day` for every fetch when it is given.
    pub(crate) fn fixed_on(self, day: Option<NaiveDate>) -> Demo {
        Demo { fixed: day, ..self }
    }

    /// Account `index`, which depends on nothing but (seed, index, today).
    pub fn account(&self, index: usize) -> Account {
        let mut rng = Rng::new(self.seed, index as u64);
        let (arch, quirk) = archetype::of(self.seed, index);
        let plan = Plan::new(&mut rng, arch, quirk, self.today);
        let (metrics, support) = metrics::build(&mut rng, &plan);
        let milestones = journey::milestones(&mut rng, &plan);
        let (contacts, events) = people::build(&mut rng, &plan, &support, self.seed, index);
        let id = format!("D{index:06}");
        let plays_logged = journey::plays(&mut rng, &plan, &id);
        // A renewed account is still a customer: its renewal date is the
        // next one, a term after the renewal it signed.
        let mut renewal_date = plan.renewal;
        let (outcome, outcome_date) = match arch {
            Archetype::Renewed => {
                renewal_date = shift(plan.renewal, 365);
                (Outcome::Renewed, Some(shift(plan.renewal, -rng.int(0, 20))))
            }
            Archetype::Churned => {
                let day = shift(plan.end, rng.int(0, 9)).min(self.today);
                (Outcome::Churned, Some(day))
            }
            _ => (Outcome::Open, None),
        };
        let owner = names::OWNERS[rng.below(names::OWNERS.len() as u64) as usize];
        let owner = (quirk != Quirk::NoOwner).then(|| owner.to_string());
        let tasks = tasks::build(self.seed, index, arch, owner.as_deref(), self.today);
        Account {
            url: Some(names::join(&["https://crm.example.com/accounts/", &id])),
            name: names::company(self.seed, index),
            owner,
            segment: (quirk != Quirk::NoSegment).then(|| plan.segment.name().to_string()),
            stage: None,
            contract_start: Some(plan.start),
            renewal_date: (quirk != Quirk::NoRenewalDate).then_some(renewal_date),
            arr: (quirk != Quirk::NoArr).then(|| plan.arr()),
            domain: None,
            outcome,
            outcome_date,
            metrics,
            milestones,
            events,
            contacts,
            plays_logged,
            tasks,
            field_problems: Vec::new(),
            recorded_scores: Default::default(),
            snoozes: Vec::new(),
            id: id.into(),
        }
    }

    /// All accounts, in index order. Large portfolios are generated on all
    /// cores; the result does not depend on how many there are.
    pub fn accounts(&self) -> Vec<Account> {
        let mut out = Vec::new();
        out.resize_with(self.size, Account::default);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        if threads == 1 || self.size < 2_000 {
            for (i, slot) in out.iter_mut().enumerate() {
                *slot = self.account(i);
            }
            return out;
        }
        let chunk = self.size.div_ceil(threads);
        std::thread::scope(|s| {
            for (c, part) in out.chunks_mut(chunk).enumerate() {
                s.spawn(move || {
                    for (j, slot) in part.iter_mut().enumerate() {
                        *slot = self.account(c * chunk + j);
                    }
                });
            }
        });
        out
    }
}

impl super::Generator for Demo {
    fn len(&self) -> usize {
        self.size
    }

    fn account(&self, index: usize) -> Account {
        Demo::account(self, index)
    }
}

impl Source for Demo {
    fn describe(&self) -> String {
        format!("built-in demo portfolio ({} accounts)", self.size)
    }

    fn recordable(&self) -> crate::domain::tracking::Recordable {
        crate::domain::tracking::Recordable::All
    }

    /// Generates the portfolio relative to `as_of` (not `self.today`;
    /// `self.fixed` when set), on
    /// the blocking pool: it is CPU work. A panic in the generation is
    /// passed on to the caller's task, which reports it.
    fn generator(&self, as_of: NaiveDate) -> Option<std::sync::Arc<dyn super::Generator>> {
        Some(std::sync::Arc::new(Demo {
            today: self.fixed.unwrap_or(as_of),
            ..self.clone()
        }))
    }

    fn fetch(&self, as_of: NaiveDate) -> FetchFuture<'_> {
        let demo = Demo {
            today: self.fixed.unwrap_or(as_of),
            ..self.clone()
        };
        Box::pin(async move {
            let accounts = crate::observe::blocking(move || demo.accounts()).await;
            Ok(Snapshot {
                accounts,
                fetched_at: chrono::Utc::now(),
                origin: super::Origin::live("demo data"),
                warnings: Vec::new(),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::archetype::{self, Archetype::*};
    use super::*;
    use crate::domain::milestone::MilestoneStatus;
    use crate::domain::AlertKind::{self, *};
    use crate::domain::{Band, Engine, Model};

    /// What every account of an archetype must show as of today: its
    /// stage, band (if the story fixes one), alerts and recommended plays.
    fn story(
        arch: Archetype,
    ) -> (
        &'static str,
        Option<Band>,
        &'static [AlertKind],
        &'static [&'static str],
    ) {
        match arch {
            Onboarding => (
                "onboarding",
                Some(Band::Good),
                &[],
                &["onboarding-education"],
            ),
            Surge => (
                "onboarding",
                Some(Band::Good),
                &[UsersSurge],
                &["new-user-training"],
            ),
            NotStarted => (
                "onboarding",
                Some(Band::Poor),
                &[OnboardingNotStarted, MilestoneOverdue],
                &["onboarding-kickstart"],
            ),
            SlowStart => ("onboarding", None, &[MilestoneOverdue], &[]),
            Healthy => ("established", Some(Band::Good), &[], &[]),
            Adopter => (
                "established",
                Some(Band::Good),
                &[FeatureAdopted],
                &["adoption-review"],
            ),
            Steady => ("established", Some(Band::Average), &[], &[]),
            LowAdoption => ("established", Some(Band::Average), &[], &["sponsor-review"]),
            Slipping => (
                "established",
                Some(Band::Poor),
                &[UsageDecline, ChampionLeft],
                &["escalate-poor-health"],
            ),
            Crash => ("established", None, &[HealthDrop, UsageDecline], &[]),
            Turnover => ("established", None, &[AdminChanged], &[]),
            NoData => ("", Some(Band::Unknown), &[], &[]),
            RenewalReady => ("pre_renewal", Some(Band::Good), &[], &[]),
            RenewalReview => (
                "pre_renewal",
                Some(Band::Average),
                &[],
                &["business-review"],
            ),
            RenewalAtRisk => (
                "pre_renewal",
                None,
                &[
                    UsageDecline,
                    SupportBacklog,
                    LicenseUnderuse,
                    ExecInactive,
                    MilestoneOverdue,
                ],
                &["win-back", "escalate-tickets"],
            ),
            RenewalBacklog => (
                "pre_renewal",
                None,
                &[SupportBacklog],
                &["escalate-tickets"],
            ),
            RenewalUnderused => ("pre_renewal", None, &[LicenseUnderuse], &[]),
            Renewed => ("", None, &[], &[]),
            Churned => ("pre_renewal", None, &[], &[]),
        }
    }

    #[test]
    fn every_archetype_tells_its_story() {
        let engine = Engine::new(Model::default()).unwrap();
        for today in ["2026-11-23", "2025-02-28"] {
            let demo = Demo::new(0, today.parse().unwrap());
            for i in 0..2_000 {
                let (arch, _) = archetype::of(demo.seed, i);
                let a = demo.account(i);
                let e = engine.evaluate(&a, demo.today);
                let (stage, band, alerts, plays) = story(arch);
                let ctx = format!("account {i} ({arch:?}) on {today}");
                if !stage.is_empty() {
                    assert_eq!(engine.stage(e.stage).id.as_str(), stage, "{ctx}");
                }
                if let Some(band) = band {
                    assert_eq!(e.health.band, band, "{ctx}: {:?}", e.health.score());
                }
                for kind in alerts {
                    assert!(
                        e.alerts.iter().any(|x| x.kind() == *kind),
                        "{ctx}: no {kind:?}"
                    );
                }
                for play in plays {
                    // Rescheduled to a later follow-up: off the list until then.
                    let scheduled = a
                        .plays_logged
                        .iter()
                        .any(|l| l.play_id == *play && l.follow_up.is_some_and(|f| f > demo.today));
                    if scheduled {
                        continue;
                    }
                    let ids: Vec<&str> = e
                        .plays
                        .iter()
                        .map(|r| engine.play(r.play).id.as_str())
                        .collect();
                    assert!(ids.contains(play), "{ctx}: no {play} in {ids:?}");
                }
                if arch == SlowStart {
                    let done = engine.completions(&a);
                    let states = engine.milestone_states(&a, &done, demo.today);
                    assert_eq!(
                        states[0].status,
                        MilestoneStatus::DoneLate,
                        "{ctx}: kickoff"
                    );
                }
                if !matches!(arch, Crash | Slipping | RenewalAtRisk) {
                    assert!(
                        !e.alerts.iter().any(|x| x.kind() == HealthDrop),
                        "{ctx}: spurious health drop"
                    );
                }
                if arch.is_closed() {
                    let outcome = a.outcome_date.unwrap();
                    assert!(!a.is_open() && outcome <= demo.today, "{ctx}");
                    // Renewed: the next renewal is ahead; churned: it passed.
                    let renewal = a.renewal_date.unwrap();
                    assert_eq!(renewal > demo.today, arch == Renewed, "{ctx}");
                    assert_eq!(a.is_customer(), arch == Renewed, "{ctx}");
                } else {
                    assert!(a.is_open(), "{ctx}");
                }
            }
        }
    }
}
