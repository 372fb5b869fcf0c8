//! The portfolio as the TUI shows it: the loaded snapshot, which nothing
//! changes after the load, and a small overlay of local changes on top of
//! it (the plays logged here and not yet in the source's data, where their
//! write-back stands, and the snoozes changed here, in [`Local`]).
//!
//! One function, [`Overlay::apply`], takes a change: it puts it in the
//! overlay, evaluates that one account again (its account as the snapshot
//! holds it, plus its overlay) and works out its sort keys; the caller then
//! moves it in its order with [`Shown::reposition`] (a binary search, never
//! a sort of the whole list). A new snapshot ([`Overlay::rebase`]) keeps
//! only the changes its data does not already carry.

use super::{Filter, Portfolio, SortKey, Summary};
use crate::domain::account::{Account, Delivery, PlayLog, Snooze};
use crate::domain::engine::Engine;
use crate::domain::evaluate::Evaluation;
use crate::domain::inbox::Inbox;
use crate::domain::listing::{Matcher, SortKeys};
use crate::domain::play::follow_up_due;
use crate::domain::vocab::{AccountId, AlertKind, Band, LogId};
use chrono::NaiveDate;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

/// One local change to an account.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Change {
    /// A play just logged (queued in the outbox): it shows on its account
    /// at once, and the account is evaluated as the next load will.
    Logged(PlayLog),
    /// Where the write-back of log `log` stands now.
    Delivery {
        log: LogId,
        state: Delivery,
        error: Option<String>,
    },
    /// An alert snoozed here (kept in the local store): it replaces that
    /// alert's snooze on the account.
    Snoozed(Snooze),
    /// The snooze of an alert, or of every alert (`None`), removed here.
    Unsnoozed(Option<AlertKind>),
}

/// The local changes of one account that the loaded data does not carry.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Local {
    /// Plays logged here, not yet in the loaded data.
    pub(crate) logs: Vec<PlayLog>,
    /// Write-back states newer than the loaded data's, of logs it carries.
    pub(crate) deliveries: Vec<(LogId, Delivery, Option<String>)>,
    /// The account's snoozes as changed here (all of them, in place of the
    /// loaded ones), until the loaded data carries the same; `None`: not
    /// changed here.
    pub(crate) snoozes: Option<Vec<Snooze>>,
}

impl Local {
    pub(crate) fn is_empty(&self) -> bool {
        self.logs.is_empty() && self.deliveries.is_empty() && self.snoozes.is_none()
    }

    /// Takes `change` on `base`, the account as the snapshot holds it.
    fn take(&mut self, change: Change, base: &Account) {
        match change {
            Change::Logged(log) => {
                self.logs.retain(|l| l.id != log.id);
                self.logs.push(log);
            }
            Change::Delivery { log, state, error } => {
                match self.logs.iter_mut().find(|l| l.id == log) {
                    Some(l) => (l.state, l.error) = (Some(state), error),
                    None => {
                        self.deliveries.retain(|(id, ..)| *id != log);
                        self.deliveries.push((log, state, error));
                    }
                }
            }
            Change::Snoozed(snooze) => {
                let mine = self.snoozes.get_or_insert_with(|| base.snoozes.clone());
                mine.retain(|s| s.alert != snooze.alert);
                mine.push(snooze);
            }
            Change::Unsnoozed(alert) => {
                let mine = self.snoozes.get_or_insert_with(|| base.snoozes.clone());
                mine.retain(|s| alert.is_some_and(|a| s.alert != a));
            }
        }
    }

    /// `account` with these changes on it.
    fn put_on(&self, account: &mut Account) {
        for (id, state, error) in &self.deliveries {
            if let Some(l) = account.plays_logged.iter_mut().find(|l| l.id == *id) {
                (l.state, l.error) = (Some(*state), error.clone());
            }
        }
        account.plays_logged.extend(self.logs.iter().cloned());
        if let Some(snoozes) = &self.snoozes {
            account.snoozes.clone_from(snoozes);
        }
    }

    /// Drops what `account`, as newly loaded, already carries: a log whose
    /// id it returns, and the delivery states of its logs (the load read
    /// them afresh).
    fn settle(&mut self, account: &Account) {
        let carried = |id: &LogId| account.plays_logged.iter().any(|l| l.id == *id);
        self.logs.retain(|l| !carried(&l.id));
        self.deliveries.retain(|(id, ..)| !carried(id));
        // The snoozes changed here, once the load attaches the same ones
        // from the store (in any order).
        let same = |mine: &Vec<Snooze>| {
            mine.len() == account.snoozes.len() && mine.iter().all(|s| account.snoozes.contains(s))
        };
        if self.snoozes.as_ref().is_some_and(same) {
            self.snoozes = None;
        }
    }
}

/// An account as the overlay shows it, for the snapshot it was worked out on.
#[derive(Debug, Clone)]
struct Entry {
    account: Account,
    eval: Evaluation,
    keys: SortKeys,
}

/// The local changes over one snapshot: by account id (what a reload
/// keeps), and each changed account evaluated (by its index in the
/// snapshot).
#[derive(Debug, Default)]
pub struct Overlay {
    local: HashMap<AccountId, Local>,
    /// Few entries: a filter over the whole list looks each row up here.
    shown: BTreeMap<u32, Entry>,
}

impl Overlay {
    /// Puts `change` on account `id` of `snapshot`, and evaluates that one
    /// account again with `engine` (the snapshot's). Its index, or `None`
    /// (nothing kept) when the snapshot has no such account.
    pub(crate) fn apply(
        &mut self,
        engine: &Engine,
        snapshot: &Portfolio,
        id: &AccountId,
        change: Change,
    ) -> Option<usize> {
        let i = snapshot.find(id.as_str())?;
        let local = self.local.entry(id.clone()).or_default();
        local.take(change, &snapshot.accounts[i]);
        self.shown
            .insert(i as u32, entry(engine, snapshot, i, local));
        Some(i)
    }

    /// A new snapshot: keeps only the changes its data does not already
    /// carry (a log the source now returns drops out), on the accounts it
    /// still has, evaluated again on it.
    pub(crate) fn rebase(&mut self, engine: &Engine, snapshot: &Portfolio) {
        self.shown.clear();
        let mut local = std::mem::take(&mut self.local);
        local.retain(|id, changes| {
            let Some(i) = snapshot.find(id.as_str()) else {
                return false;
            };
            changes.settle(&snapshot.accounts[i]);
            if changes.is_empty() {
                return false;
            }
            self.shown
                .insert(i as u32, entry(engine, snapshot, i, changes));
            true
        });
        self.local = local;
    }

    /// How many accounts have local changes.
    pub fn len(&self) -> usize {
        self.local.len()
    }

    pub fn is_empty(&self) -> bool {
        self.local.is_empty()
    }
}

fn entry(engine: &Engine, snapshot: &Portfolio, i: usize, local: &Local) -> Entry {
    let mut account = snapshot.accounts[i].clone();
    local.put_on(&mut account);
    let eval = engine.evaluate(&account, snapshot.now);
    // The name, id, owner and segment are the snapshot's: so are its name
    // rank and the text filter's entry.
    let keys = SortKeys::of(&account, &eval, snapshot.keys[i].name);
    Entry {
        account,
        eval,
        keys,
    }
}

/// A row's place in a sorted order: its key, its name rank, its index.
pub(crate) type Place = (u64, u32, u32);

/// The snapshot read through the overlay: what the TUI shows.
#[derive(Clone, Copy)]
pub struct Shown<'a> {
    pub(crate) snapshot: &'a Portfolio,
    overlay: Option<&'a Overlay>,
}

impl<'a> Shown<'a> {
    pub(crate) fn new(snapshot: &'a Portfolio, overlay: &'a Overlay) -> Shown<'a> {
        Shown {
            snapshot,
            overlay: Some(overlay),
        }
    }

    /// The snapshot alone (the command line: no local changes).
    pub(crate) fn bare(snapshot: &'a Portfolio) -> Shown<'a> {
        Shown {
            snapshot,
            overlay: None,
        }
    }

    fn entry(&self, i: usize) -> Option<&'a Entry> {
        let shown = &self.overlay?.shown;
        if shown.is_empty() {
            return None;
        }
        shown.get(&(i as u32))
    }

    pub fn now(&self) -> NaiveDate {
        self.snapshot.now
    }

    /// Account `i` with its local changes.
    pub fn account(&self, i: usize) -> &'a Account {
        self.entry(i)
            .map_or(&self.snapshot.accounts[i], |e| &e.account)
    }

    /// Account `i`'s evaluation, local changes included.
    pub fn eval(&self, i: usize) -> &'a Evaluation {
        self.entry(i).map_or(&self.snapshot.evals[i], |e| &e.eval)
    }

    fn keys(&self, i: usize) -> &'a SortKeys {
        self.entry(i).map_or(&self.snapshot.keys[i], |e| &e.keys)
    }

    /// The account of id `id` (ids are the snapshot's).
    pub fn find(&self, id: &str) -> Option<usize> {
        self.snapshot.find(id)
    }

    /// Where account `i` sorts by `key`: ascending places are the order.
    pub(crate) fn place(&self, key: SortKey, i: u32) -> Place {
        let k = self.keys(i as usize);
        (k.first(key), k.name, i)
    }

    /// The listed accounts (every customer) in `key` order, ties by name;
    /// `reverse` turns the whole order around.
    pub(crate) fn sorted_by(&self, key: SortKey, reverse: bool) -> Vec<u32> {
        let accounts = &self.snapshot.accounts;
        let mut keyed: Vec<Place> = (0..accounts.len() as u32)
            .filter(|&i| accounts[i as usize].is_customer())
            .map(|i| self.place(key, i))
            .collect();
        keyed.sort_unstable();
        let mut order: Vec<u32> = keyed.into_iter().map(|(_, _, i)| i).collect();
        if reverse {
            order.reverse();
        }
        order
    }

    /// Moves account `i` in `rows` (sorted by `key`, turned around when
    /// `reverse`) from where its place `old` put it to where it belongs
    /// now: out, then back in only if `keep`. A binary search each way,
    /// no sort. False when `old` was not in `rows` (nothing changes then).
    pub(crate) fn reposition(
        &self,
        rows: &mut Vec<u32>,
        (key, reverse): (SortKey, bool),
        i: u32,
        old: Place,
        keep: bool,
    ) -> bool {
        let towards = |j: u32, target: &Place| {
            let at = if j == i { old } else { self.place(key, j) };
            let c = at.cmp(target);
            if reverse {
                c.reverse()
            } else {
                c
            }
        };
        let Ok(at) = rows.binary_search_by(|&j| towards(j, &old)) else {
            return false;
        };
        rows.remove(at);
        if keep {
            let new = self.place(key, i);
            let to = rows.partition_point(|&j| towards(j, &new) == Ordering::Less);
            rows.insert(to, i);
        }
        true
    }

    /// The accounts of `order` that pass `filter`, in the same order.
    pub(crate) fn filter(&self, order: &[u32], filter: &Filter) -> Vec<u32> {
        let m = Matcher::new(filter, self.now());
        order
            .iter()
            .copied()
            .filter(|&i| self.passes(i as usize, &m))
            .collect()
    }

    /// Whether account `i` passes `filter`.
    pub(crate) fn accepts(&self, i: usize, filter: &Filter) -> bool {
        self.passes(i, &Matcher::new(filter, self.now()))
    }

    fn passes(&self, i: usize, m: &Matcher) -> bool {
        m.accepts(self.account(i), self.eval(i), || {
            self.snapshot.haystack()[i].as_str()
        })
    }

    /// What the accounts of `rows` add up to.
    pub(crate) fn summary(&self, rows: &[u32]) -> Summary {
        let mut s = Summary {
            accounts: rows.len(),
            ..Summary::default()
        };
        let now = self.now();
        for &i in rows {
            let eval = self.eval(i as usize);
            match eval.inbox() {
                Inbox::NeedsYou => s.need_you += 1,
                Inbox::Handled => s.handled += 1,
                Inbox::Quiet => {}
            }
            if follow_up_due(self.account(i as usize), now).is_some() {
                s.follow_ups_due += 1;
            }
            let band = eval.health.band;
            let slot = Band::LISTED.iter().position(|b| *b == band);
            s.bands[slot.unwrap_or(3)] += 1;
            match self.account(i as usize).arr {
                Some(arr) => s.arr += arr,
                None => s.arr_unknown += 1,
            }
        }
        s
    }
}
