//! Marks on the watch list, as mutt and k9s mark rows: space marks the
//! selected row and moves down, `*` marks every row the filters show, `u`
//! clears them. Marks are account ids, so they survive a re-sort, a filter,
//! a view change and a background reload; an account that leaves the data
//! leaves the marks. Esc clears the filters first, then the changes view,
//! and only when nothing else is left to clear, the marks (and says so).
//!
//! With marks, `p` logs one play on every marked account ([`log`]), `y`
//! copies their ids and `e` writes them to a CSV file ([`export`]). `z`
//! still snoozes the selected row's alert only.

use super::state::App;
use crate::domain::vocab::AccountId;
use std::collections::BTreeSet;

pub mod export;
pub(crate) mod log;

/// The marked accounts, by id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks(BTreeSet<AccountId>);

impl Marks {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, id: &AccountId) -> bool {
        self.0.contains(id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &AccountId> {
        self.0.iter()
    }
}

impl App {
    /// Space: marks the selected row, or unmarks it, and moves down.
    pub(crate) fn toggle_mark(&mut self) {
        let Some(id) = self.selected_id() else {
            return;
        };
        if !self.marks.0.remove(&id) {
            self.marks.0.insert(id);
        }
        self.selected = (self.selected + 1).min(self.visible.len().saturating_sub(1));
    }

    /// `*`: marks every row the filters show (all of them, not the page).
    pub(crate) fn mark_all(&mut self) {
        let Some(p) = self.portfolio() else {
            return;
        };
        let ids: Vec<AccountId> = self
            .visible
            .iter()
            .map(|&i| p.accounts[i as usize].id.clone())
            .collect();
        self.marks.0.extend(ids);
    }

    /// `u`: clears the marks; how many there were.
    pub(crate) fn clear_marks(&mut self) -> usize {
        std::mem::take(&mut self.marks.0).len()
    }

    /// Drops the marks of accounts the data no longer has (after a load).
    pub(crate) fn prune_marks(&mut self) {
        let Some(p) = self.data.as_ref().map(|d| d.portfolio.clone()) else {
            return;
        };
        self.marks.0.retain(|id| p.find(id.as_str()).is_some());
    }

    /// The marked accounts' portfolio indexes, in the list's order (the
    /// sort in force), those the filters hide after those it shows.
    pub fn marked(&self) -> Vec<usize> {
        let Some(p) = self.portfolio() else {
            return Vec::new();
        };
        let mut found: Vec<usize> = self
            .marks
            .ids()
            .filter_map(|id| p.find(id.as_str()))
            .collect();
        let place = |i: &usize| {
            let listed = self.visible.iter().position(|&v| v as usize == *i);
            let ordered = self.order.iter().position(|&v| v as usize == *i);
            (
                listed.is_none(),
                listed.or(ordered).unwrap_or(usize::MAX),
                *i,
            )
        };
        found.sort_by_key(place);
        found
    }

    /// The selected row's account id.
    fn selected_id(&self) -> Option<AccountId> {
        let i = self.selected_account()?;
        Some(self.portfolio()?.accounts[i].id.clone())
    }
}

/// `n` and the word, with an `s` unless `n` is 1.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The names of `names` joined by commas, as many as fit `width` columns,
/// then "and 9 more".
pub(crate) fn names_fitting(names: &[String], width: usize) -> String {
    let mut out = String::new();
    for (n, name) in names.iter().enumerate() {
        let left = names.len() - n - 1;
        let more = if left > 0 {
            format!(", and {left} more")
        } else {
            String::new()
        };
        let sep = if out.is_empty() { "" } else { ", " };
        let with = format!("{out}{sep}{name}");
        let cols = crate::domain::numbers::width(&with) + crate::domain::numbers::width(&more);
        if cols > width {
            let rest = names.len() - n;
            let tail = if out.is_empty() {
                format!("{rest} accounts")
            } else {
                format!("{out}, and {rest} more")
            };
            return super::views::format::fit(&tail, width);
        }
        out = with;
    }
    out
}
