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
    pub(crate) fn reported(hint: impl Into<String>) -> Recordable {
        Recordable::Named {
            ids: Vec::new(),
            hint: hint.into(),
        }
    }

    /// How to track milestone `id`, if the source can say.
    pub(crate) fn hint_for(&self, id: &str) -> Option<String> {
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
pub(crate) struct Recorded {
    metrics: [bool; METRICS],
    pub(crate) contract_start: bool,
    pub(crate) renewal_date: bool,
    pub(crate) arr: bool,
    /// Known from a mapping of fields (HubSpot): what it lacks is "not
    /// mapped" rather than "no data".
    pub(crate) by_mapping: bool,
}

impl Recorded {
    /// Whether `metric` is recorded.
    pub(crate) fn has(&self, metric: Metric) -> bool {
        self.metrics[metric as usize]
    }

    /// Records `metric` too.
    pub(crate) fn add(&mut self, metric: Metric) {
        self.metrics[metric as usize] = true;
    }

    /// What some account of `accounts` reports. One pass, stopping early
    /// once everything is seen.
    pub(crate) fn from_accounts(accounts: &[Account]) -> Recorded {
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
    pub(crate) fn union(mut self, other: &Recorded) -> Recorded {
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
        let mut tally = self.tally(recordable);
        tally.add(accounts);
        self.for_tally(recordable, &tally)
    }

    /// [`Engine::for_book`] from what a [`BookTally`] of every account of
    /// the book found (accounts read a chunk at a time).
    pub fn for_tally(&self, recordable: &Recordable, tally: &BookTally) -> Engine {
        let defs = &self.model.milestones;
        let reported = |id: &MilestoneId| {
            defs.iter()
                .zip(&tally.reported)
                .any(|(m, r)| *r && m.id == *id)
        };
        self.tracking(recordable, tally.derivable, reported)
    }

    /// A [`BookTally`] for a source that can record `recordable`, before
    /// any account: what the source records needs no account to show it
    /// (marked found), and the seats share is looked for only when a
    /// milestone it could derive is not recorded. So the accounts are
    /// read only for what they can still change.
    pub fn tally(&self, recordable: &Recordable) -> BookTally {
        let defs = &self.model.milestones;
        let named = |m: &MilestoneId| match recordable {
            Recordable::All => true,
            Recordable::Named { ids, .. } => ids.iter().any(|id| *id == *m.as_str()),
        };
        let reported: Vec<bool> = defs.iter().map(|m| named(&m.id)).collect();
        let derivable = !defs
            .iter()
            .zip(&reported)
            .any(|(m, r)| !r && m.seats_share.is_some());
        BookTally {
            ids: defs.iter().map(|m| m.id.clone()).collect(),
            reported,
            derivable,
        }
    }

    /// Whether [`Engine::for_book`] depends on the accounts at all for a
    /// source that can record `recordable`: not when it records every
    /// milestone (the demo, or a mapping naming them all).
    pub fn needs_accounts(&self, recordable: &Recordable) -> bool {
        !self.tally(recordable).is_complete()
    }

    /// This engine for a source known only by its mapping (`orienteer
    /// config check`: no accounts yet): a milestone is tracked when the
    /// source can record it, or when a rule derives it from metrics the
    /// mapping records (the seats share needs seats and licenses).
    pub(crate) fn for_mapping(&self, recordable: &Recordable, recorded: &Recorded) -> Engine {
        let derivable = recorded.has(Metric::SeatsAssigned) && recorded.has(Metric::Licenses);
        self.tracking(recordable, derivable, |_| false)
    }

    /// The one rule of [`Engine::for_book`] and [`Engine::for_mapping`]:
    /// named, else reported, else derived from metrics the book has.
    fn tracking(
        &self,
        recordable: &Recordable,
        derivable: bool,
        reported: impl Fn(&MilestoneId) -> bool,
    ) -> Engine {
        let mut engine = self.clone();
        let defs = &self.model.milestones;
        engine.derived_only = vec![false; defs.len()];
        engine.tracked = match recordable {
            Recordable::All => vec![true; defs.len()],
            Recordable::Named { ids, .. } => {
                let recorded: Vec<bool> = defs
                    .iter()
                    .map(|m| ids.iter().any(|id| *id == *m.id.as_str()) || reported(&m.id))
                    .collect();
                for (i, m) in defs.iter().enumerate() {
                    engine.derived_only[i] = !recorded[i] && derivable && m.seats_share.is_some();
                }
                recorded
                    .iter()
                    .zip(&engine.derived_only)
                    .map(|(r, d)| r | d)
                    .collect()
            }
        };
        engine.hints = defs
            .iter()
            .map(|m| recordable.hint_for(m.id.as_str()))
            .collect();
        engine
    }

    /// Whether the book can record milestone `m` (see [`Engine::for_book`]).
    pub(crate) fn is_tracked(&self, m: MilestoneIx) -> bool {
        self.tracked[m.get()]
    }

    /// Whether milestone `m` is known for `account`: tracked by the book,
    /// and, where only metrics derive it, the account has those metrics.
    pub(crate) fn tracks(&self, m: MilestoneIx, account: &Account) -> bool {
        self.tracked[m.get()] && (!self.derived_only[m.get()] || derives(account))
    }

    /// The milestones this book cannot record, in model order.
    pub fn untracked(&self) -> impl Iterator<Item = MilestoneIx> + '_ {
        (0..self.tracked.len())
            .filter(|&i| !self.tracked[i])
            .map(MilestoneIx::new)
    }

    /// How to track milestone `m`, where the source can say.
    pub(crate) fn tracking_hint(&self, m: MilestoneIx) -> Option<&str> {
        self.hints.get(m.get())?.as_deref()
    }
}

/// What [`Engine::for_book`] needs to know of a book, gathered a few
/// accounts at a time: which milestones some account reports, and whether
/// some account has the metrics the seats share is derived from. Tallies
/// of parts of a book are merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookTally {
    /// The model's milestone ids, in model order.
    ids: Vec<MilestoneId>,
    /// Whether some account reports each, in model order.
    reported: Vec<bool>,
    derivable: bool,
}

impl BookTally {
    /// Takes `accounts` into the tally. One pass, stopping early once
    /// everything is seen.
    pub fn add(&mut self, accounts: &[Account]) {
        for a in accounts {
            if self.is_complete() {
                return;
            }
            self.derivable = self.derivable || derives(a);
            for (id, r) in self.ids.iter().zip(self.reported.iter_mut()) {
                *r = *r || a.milestones.contains_key(id);
            }
        }
    }

    /// What either tally found (of the same engine).
    pub fn merge(mut self, other: &BookTally) -> BookTally {
        for (a, b) in self.reported.iter_mut().zip(&other.reported) {
            *a |= b;
        }
        self.derivable |= other.derivable;
        self
    }

    /// Whether more accounts can change nothing.
    pub fn is_complete(&self) -> bool {
        self.derivable && self.reported.iter().all(|r| *r)
    }
}

/// Whether `account` has the metrics the seats share is derived from.
fn derives(account: &Account) -> bool {
    !account.metrics.get(Metric::SeatsAssigned).is_empty()
        && !account.metrics.get(Metric::Licenses).is_empty()
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
    fn tallies_of_parts_of_a_book_merged_track_what_the_whole_book_does() {
        let mut a = Account::default();
        a.milestones.insert("renewal_qbr".into(), day("2026-01-01"));
        let mut b = Account::default();
        b.milestones.insert("admin_setup".into(), day("2026-01-02"));
        let book = [Account::default(), a, b];
        let named = Recordable::Named {
            ids: vec!["kickoff".into()],
            hint: "{id}".into(),
        };
        let e = engine();
        let (mut first, mut rest) = (e.tally(&named), e.tally(&named));
        first.add(&book[..2]);
        rest.add(&book[2..]);
        assert!(!first.is_complete());
        let merged = e.for_tally(&named, &first.merge(&rest));
        let whole = e.for_book(&named, &book);
        assert_eq!(ids(&merged, true), ids(&whole, true));
        assert_eq!(ids(&whole, true), ["kickoff", "admin_setup", "renewal_qbr"]);
        assert!(e.needs_accounts(&named));
        assert!(!e.needs_accounts(&Recordable::All));
        // What the source records is found before any account is read.
        assert!(e.tally(&Recordable::All).is_complete());
        assert!(!e.tally(&named).is_complete());
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
        let e = engine().for_book(&reported, std::slice::from_ref(&a));
        assert_eq!(ids(&e, true), ["licenses_20pct"]);
        let seats_share = MilestoneIx::new(3);
        assert!(e.tracks(seats_share, &a));
        assert!(
            !e.tracks(seats_share, &Account::default()),
            "an account without seats cannot tell"
        );
    }
}
