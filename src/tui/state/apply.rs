//! The one way a local change (a logged play, its delivery) reaches the
//! screens: through the overlay, the snapshot untouched.

use super::App;
use crate::domain::portfolio::{Change, Shown, SortKey};
use crate::domain::AccountId;

impl App {
    /// The one way a local change reaches the screens: `change` goes in
    /// the overlay, account `id` is evaluated again (the snapshot's
    /// account plus its overlay), and moved to its place in the order and
    /// the list by a binary search each way (no sort of the whole list);
    /// the open account view shows it. False when the data has no such
    /// account.
    pub(crate) fn apply(&mut self, id: &AccountId, change: Change) -> bool {
        let Some(data) = &self.data else {
            return false;
        };
        let (p, how) = (&data.portfolio, (self.sort, self.reverse));
        let Some(i) = p.find(id.as_str()) else {
            return false;
        };
        let old = Shown::new(p, &self.overlay).place(self.sort, i as u32);
        let keep = self.selected_account();
        if self.overlay.apply(&data.engine, p, id, change).is_none() {
            return false;
        }
        let shown = Shown::new(p, &self.overlay);
        let listed = shown.reposition(&mut self.order, how, i as u32, old, true);
        if self.changes_only {
            // The changes view lists the journey's accounts, in its order.
            self.refilter();
        } else if listed {
            // The list is the order filtered: the account goes back in
            // only if it still passes.
            let passes = shown.accepts(i, &self.filter);
            let was = shown.reposition(&mut self.visible, how, i as u32, old, passes);
            if passes && !was {
                let to = self
                    .visible
                    .partition_point(|&j| before(&shown, how, j, i as u32));
                self.visible.insert(to, i as u32);
            }
            self.summary = shown.summary(&self.visible);
            self.reselect(keep);
        }
        self.reopen();
        true
    }
}

/// Whether `j` comes before `i` in an order sorted by `key` (turned
/// around when `reverse`).
fn before(shown: &Shown<'_>, (key, reverse): (SortKey, bool), j: u32, i: u32) -> bool {
    let (a, b) = (shown.place(key, j), shown.place(key, i));
    if reverse {
        a > b
    } else {
        a < b
    }
}
