//! What the data can support: which milestones a book tracks. A milestone
//! the source has no way to record is *unknown*, never late or overdue (see
//! DOMAIN.md, "What the data can support"). The source says what it can
//! record ([`Recordable`]); the accounts it sent say what it did record;
//! [`Engine::for_book`] puts the two together once per load.

use super::account::Account;
use super::engine::Engine;
use super::vocab::{Metric, MilestoneId, MilestoneIx, METRICS};

/// Which milestones a source can record, and how a user would make it
/// record one more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recordable {
    /// Every milestone of the model (the demo generates them all).
    All,
    /// The milestones named (a HubSpot `[source.milestones]` mapping; none
    /// for a source whose accounts say for themselves), and any milestone
    /// an account of the book reports.
    Named {
        ids: Vec<String>,
        /// How to track one more, with `{id}` for the milestone's id: what
        /// the account view shows beside "not tracked".
        hint: String,
    },
}

impl Recordable {
    /// Only what the accounts report: a source with no mapping of its own.
    pub fn reported(hint: impl Into<String>) -> Recordable {
        Recordable::Named {
            ids: Vec::new(),
            hint: hint.into(),
        }
    }

    /// How to track milestone `id`, if the source can say.
    pub fn hint_for(&self, id: &str) -> Option<String> {
        match self {
            Recordable::All => None,
            Recordable::Named { hint, .. } => Some(hint.replace("{id}", id)),
        }
    }
}

/// The canonical data a book records besides its milestones: which
/// metrics, and the contract dates and ARR. What a mapping maps (HubSpot's
/// `[source.fields]`), or what some account of a book reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recorded {
    metrics: [bool; METRICS],
    pub contract_start: bool,
    pub renewal_date: bool,
    pub arr: bool,
    /// Known from a mapping of fields (HubSpot): what it lacks is "not
    /// mapped" rather than "no data".
    pub by_mapping: bool,
}

impl Recorded {
    /// Whether `metric` is recorded.
    pub fn has(&self, metric: Metric) -> bool {
        self.metrics[metric as usize]
    }

    /// Records `metric` too.
    pub fn add(&mut self, metric: Metric) {
        self.metrics[metric as usize] = true;
    }

    /// What some account of `accounts` reports. One pass, stopping early
    /// once everything is seen.
    pub fn from_accounts(accounts: &[Account]) -> Recorded {
        let mut r = Recorded::default();
        for a in accounts {
            for m in Metric::ALL {
                if !a.metrics.get(*m).is_empty() {
                    r.add(*m);
                }
            }
            r.contract_start |= a.contract_start.is_some();
            r.renewal_date |= a.renewal_date.is_some();
            r.arr |= a.arr.is_some();
            if r.metrics.iter().all(|m| *m) && r.contract_start && r.renewal_date && r.arr {
                break;
            }
        }
        r
    }

    /// What either records.
    pub fn union(mut self, other: &Recorded) -> Recorded {
        for (a, b) in self.metrics.iter_mut().zip(other.metrics) {
            *a |= b;
        }
        self.contract_start |= other.contract_start;
        self.renewal_date |= other.renewal_date;
        self.arr |= other.arr;
        self.by_mapping |= other.by_mapping;
        self
    }
}

impl Engine {
    /// This engine for a book from a source that can record `recordable`:
    /// a milestone is tracked when the source can record it, when an
    /// account of `accounts` reports it, or when a rule derives it from
    /// metrics some account reports (the seats share needs seats and
    /// licenses). Cheap: one pass over the accounts.
    pub fn for_book(&self, recordable: &Recordable, accounts: &[Account]) -> Engine {
        let derivable = accounts.iter().any(|a| {
            !a.metrics.get(Metric::SeatsAssigned).points().is_empty()
                && !a.metrics.get(Metric::Licenses).points().is_empty()
        });
        let reported = accounts.iter().flat_map(|a| a.milestones.keys());
        self.tracking(recordable, derivable, reported)
    }

    /// This engine for a source known only by its mapping (`orienteer
    /// config check`: no accounts yet): a milestone is tracked when the
    /// source can record it, or when a rule derives it from metrics the
    /// mapping records (the seats share needs seats and licenses).
    pub fn for_mapping(&self, recordable: &Recordable, recorded: &Recorded) -> Engine {
        let derivable = recorded.has(Metric::SeatsAssigned) && recorded.has(Metric::Licenses);
        self.tracking(recordable, derivable, std::iter::empty())
    }

    /// The one rule of [`Engine::for_book`] and [`Engine::for_mapping`].
    fn tracking<'a>(
        &self,
        recordable: &Recordable,
        derivable: bool,
        reported: impl Iterator<Item = &'a MilestoneId>,
    ) -> Engine {
        let mut engine = self.clone();
        let defs = &self.model.milestones;
        engine.tracked = match recordable {
            Recordable::All => vec![true; defs.len()],
            Recordable::Named { ids, .. } => {
                let mut tracked: Vec<bool> = defs
                    .iter()
                    .map(|m| ids.iter().any(|id| *id == *m.id.as_str()))
                    .collect();
                for (t, m) in tracked.iter_mut().zip(defs) {
                    *t |= derivable && m.seats_share.is_some();
                }
                for id in reported {
                    if let Some(i) = defs.iter().position(|m| m.id == *id) {
                        tracked[i] = true;
                    }
                }
                tracked
            }
        };
        engine.hints = defs
            .iter()
            .map(|m| recordable.hint_for(m.id.as_str()))
            .collect();
        engine
    }

    /// Whether the book can record milestone `m` (see [`Engine::for_book`]).
    pub fn is_tracked(&self, m: MilestoneIx) -> bool {
        self.tracked[m.get()]
    }

    /// The milestones this book cannot record, in model order.
    pub fn untracked(&self) -> impl Iterator<Item = MilestoneIx> + '_ {
        (0..self.tracked.len())
            .filter(|&i| !self.tracked[i])
            .map(MilestoneIx::new)
    }

    /// How to track milestone `m`, where the source can say.
    pub fn tracking_hint(&self, m: MilestoneIx) -> Option<&str> {
        self.hints.get(m.get())?.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::{Point, Series};
    use crate::domain::model::Model;
    use chrono::NaiveDate;

    fn engine() -> Engine {
        Engine::new(Model::default()).unwrap()
    }

    fn ids(e: &Engine, tracked: bool) -> Vec<String> {
        e.model
            .milestones
            .iter()
            .enumerate()
            .filter(|(i, _)| e.is_tracked(MilestoneIx::new(*i)) == tracked)
            .map(|(_, m)| m.id.to_string())
            .collect()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_new_engine_and_the_demo_track_everything() {
        let e = engine();
        assert!(ids(&e, false).is_empty());
        let e = e.for_book(&Recordable::All, &[]);
        assert!(ids(&e, false).is_empty());
        assert_eq!(e.tracking_hint(MilestoneIx::new(0)), None);
    }

    #[test]
    fn a_mapping_tracks_what_it_names_and_what_accounts_report() {
        let mut a = Account::default();
        a.milestones.insert("renewal_qbr".into(), day("2026-01-01"));
        let named = Recordable::Named {
            ids: vec!["kickoff".into(), "first_value".into()],
            hint: "[source.milestones] {id}".into(),
        };
        let e = engine().for_book(&named, &[a]);
        assert_eq!(ids(&e, true), ["kickoff", "first_value", "renewal_qbr"]);
        let i = e
            .model
            .milestones
            .iter()
            .position(|m| m.id == *"admin_setup")
            .unwrap();
        assert_eq!(
            e.tracking_hint(MilestoneIx::new(i)),
            Some("[source.milestones] admin_setup")
        );
    }

    #[test]
    fn the_seats_share_is_tracked_only_where_seats_and_licenses_are() {
        let reported = Recordable::reported("milestones.{id}");
        let mut a = Account::default();
        let one = |v| {
            Series::new(vec![Point {
                at: day("2026-01-01"),
                value: v,
            }])
        };
        a.metrics.set(Metric::Licenses, one(100.0));
        let e = engine().for_book(&reported, std::slice::from_ref(&a));
        assert!(ids(&e, true).is_empty(), "licenses alone derive nothing");
        a.metrics.set(Metric::SeatsAssigned, one(10.0));
        let e = engine().for_book(&reported, &[a]);
        assert_eq!(ids(&e, true), ["licenses_20pct"]);
    }
}
