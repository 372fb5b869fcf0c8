//! Saved views and the filters a CSM reaches for in the TUI: my accounts,
//! renewals within N days, the sort turned around, and the view in force.

use super::state::App;
use crate::saved_views::{Column, SavedView, ME_HINT};

/// The steps of the renewal filter, in days; after the last, any renewal.
pub(crate) const RENEWAL_STEPS: [u32; 3] = [30, 60, 90];

impl App {
    /// Gives the app the config's `me` and saved views (built-in first),
    /// and applies none of them: the first view is taken as in force only
    /// when the state already is its state.
    pub fn set_views(&mut self, me: Option<String>, views: Vec<SavedView>) {
        self.me = me;
        self.views = views;
        self.view = self.views.iter().position(|v| self.is_state_of(v));
    }

    /// Applies view `index`: its filter, sort and columns, from the top of
    /// the list. A view that cannot be applied here says why.
    pub(crate) fn apply_view(&mut self, index: usize) {
        let Some(view) = self.views.get(index) else {
            return;
        };
        self.view = Some(index);
        match view.filter(&self.engine, self.me.as_deref()) {
            Ok(filter) => {
                self.filter = filter;
                self.sort = view.sort;
                self.reverse = view.reverse;
                self.resort();
                self.selected = 0;
                self.offset = 0;
            }
            Err(e) => self.notice = Some(format!("view \"{}\": {e}", view.name)),
        }
    }

    /// The next saved view (after the last, the first).
    pub(crate) fn cycle_view(&mut self) {
        if self.views.is_empty() {
            return;
        }
        let next = self.view.map_or(0, |i| (i + 1) % self.views.len());
        self.apply_view(next);
    }

    /// The view in force, if one was applied.
    pub(crate) fn current_view(&self) -> Option<&SavedView> {
        self.views.get(self.view?)
    }

    /// The view's name, with `*` when the filters or sort were changed since.
    pub(crate) fn view_label(&self) -> Option<String> {
        let view = self.current_view()?;
        let changed = if self.is_state_of(view) { "" } else { "*" };
        Some(format!("{}{changed}", view.name))
    }

    /// Whether the view in force filters (rather than only sorting).
    pub(crate) fn view_has_filters(&self) -> bool {
        self.current_view().is_some_and(|v| {
            v.filter(&self.engine, self.me.as_deref())
                .map_or(true, |f| f != Default::default())
        })
    }

    /// The optional columns the current view allows (`None`: all).
    pub(crate) fn view_columns(&self) -> Option<&[Column]> {
        self.current_view()?.columns.as_deref()
    }

    /// What the list's Why column tells: the follow-up due in a list of
    /// follow-ups due (the rule `watchlist` follows too).
    pub(crate) fn why_column(&self) -> crate::domain::report::Why {
        crate::domain::report::Why::of(&self.filter)
    }

    /// Whether the filter and sort are exactly `view`'s.
    fn is_state_of(&self, view: &SavedView) -> bool {
        view.sort == self.sort
            && view.reverse == self.reverse
            && view
                .filter(&self.engine, self.me.as_deref())
                .is_ok_and(|f| f == self.filter)
    }

    /// Only `me`'s accounts, or everyone's again; without `me`, says how
    /// to set it.
    pub(crate) fn toggle_mine(&mut self) {
        let Some(me) = self.me.clone() else {
            self.notice = Some(ME_HINT.to_string());
            return;
        };
        let mine = self
            .filter
            .owner
            .as_deref()
            .is_some_and(|o| o.to_lowercase() == me.to_lowercase());
        self.filter.owner = if mine { None } else { Some(me) };
        self.refilter();
    }

    /// Whether the owner filter is `me`.
    pub(crate) fn showing_mine(&self) -> bool {
        let (Some(me), Some(owner)) = (&self.me, &self.filter.owner) else {
            return false;
        };
        me.to_lowercase() == owner.to_lowercase()
    }

    /// Renewals within the next step of [`RENEWAL_STEPS`] days, then any.
    pub(crate) fn cycle_renewal(&mut self) {
        let now = self.filter.renewal_within;
        self.filter.renewal_within = match now {
            None => Some(RENEWAL_STEPS[0]),
            Some(d) => RENEWAL_STEPS.into_iter().find(|&s| s > d),
        };
        self.refilter();
    }

    /// Turns the order around, read from its new top.
    pub(crate) fn toggle_reverse(&mut self) {
        self.reverse = !self.reverse;
        self.resort();
        self.selected = 0;
        self.offset = 0;
    }
}
