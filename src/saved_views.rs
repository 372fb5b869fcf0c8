//! Saved views: a name for a filter, a sort and the watch list's optional
//! columns. Built-in views come first, then the config file's `[[views]]`
//! (one with a built-in's name replaces it). The TUI cycles them and
//! `orienteer watchlist --view NAME` applies one, so both faces read the
//! same definitions.

use crate::domain::portfolio::{Filter, SortKey};
use crate::domain::{Band, Engine, StageId};
use std::fmt;

/// A column of the watch list, in the order they are drawn. The table's
/// layout (`tui::views::columns`) decides which fit; a view can limit the
/// optional ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Health,
    Account,
    Owner,
    Stage,
    Arr,
    Renew,
    Alerts,
    Overdue,
    Why,
    NextPlay,
}

impl Column {
    /// Every column, in drawing order.
    pub(crate) const ALL: [Column; 10] = [
        Column::Health,
        Column::Account,
        Column::Owner,
        Column::Stage,
        Column::Arr,
        Column::Renew,
        Column::Alerts,
        Column::Overdue,
        Column::Why,
        Column::NextPlay,
    ];

    /// The name a view's `columns` list uses.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Column::Health => "health",
            Column::Account => "account",
            Column::Owner => "owner",
            Column::Stage => "stage",
            Column::Arr => "arr",
            Column::Renew => "renew",
            Column::Alerts => "alerts",
            Column::Overdue => "overdue",
            Column::Why => "why",
            Column::NextPlay => "next_play",
        }
    }

    pub(crate) fn from_id(id: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.id() == id)
    }

    /// Health and account always show; the others only when they fit.
    pub(crate) fn is_optional(self) -> bool {
        !matches!(self, Column::Health | Column::Account)
    }
}

/// Whose accounts a view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// The config's `me`.
    Me,
    Name(String),
}

/// A named filter, sort and set of columns.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedView {
    pub name: String,
    pub stage: Option<StageId>,
    /// Only these bands; empty for every band.
    pub bands: Vec<Band>,
    pub owner: Option<Owner>,
    pub renewal_within: Option<u32>,
    pub text: String,
    /// Only accounts with a follow-up due
    /// ([`crate::domain::play::follow_up_due`]).
    pub follow_up_due: bool,
    /// Only accounts behind in their stage (see
    /// [`crate::domain::portfolio::Filter::behind`]).
    pub behind: bool,
    pub sort: SortKey,
    pub reverse: bool,
    /// The optional columns the table may show (still only those that
    /// fit); `None` for all of them.
    pub columns: Option<Vec<Column>>,
}

/// Why a view cannot be applied here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewError {
    /// The view names a stage the model does not have.
    UnknownStage(StageId),
    /// The view shows `me`'s accounts and the config has no `me`.
    NoMe,
}

impl fmt::Display for ViewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ViewError::UnknownStage(s) => write!(f, "the model has no stage `{s}`"),
            ViewError::NoMe => f.write_str(ME_HINT),
        }
    }
}

/// What to do when "my accounts" is asked for and `me` is not set.
pub(crate) const ME_HINT: &str =
    "\"my accounts\" needs `me = \"Your Name\"` in the config file (`orienteer config path`)";

impl SavedView {
    /// A view of every account in attention order, named `name`.
    pub fn new(name: &str) -> SavedView {
        SavedView {
            name: name.to_string(),
            stage: None,
            bands: Vec::new(),
            owner: None,
            renewal_within: None,
            text: String::new(),
            follow_up_due: false,
            behind: false,
            sort: SortKey::default(),
            reverse: false,
            columns: None,
        }
    }

    /// The watch-list filter of this view, with `me` for [`Owner::Me`].
    pub fn filter(&self, engine: &Engine, me: Option<&str>) -> Result<Filter, ViewError> {
        let stage = match &self.stage {
            Some(id) => Some(
                engine
                    .stage_index(id.as_str())
                    .ok_or_else(|| ViewError::UnknownStage(id.clone()))?,
            ),
            None => None,
        };
        let owner = match &self.owner {
            None => None,
            Some(Owner::Me) => Some(me.ok_or(ViewError::NoMe)?.to_string()),
            Some(Owner::Name(n)) => Some(n.clone()),
        };
        Ok(Filter {
            text: self.text.clone(),
            stage,
            bands: self.bands.clone(),
            owner,
            renewal_within: self.renewal_within,
            follow_up_due: self.follow_up_due,
            behind: self.behind,
            handled: Default::default(),
        })
    }
}

/// The views every user has, before the config's.
pub(crate) fn builtin() -> Vec<SavedView> {
    let at_risk = SavedView {
        renewal_within: Some(90),
        bands: vec![Band::Poor, Band::Average],
        sort: SortKey::Renewal,
        ..SavedView::new("Renewals in 90 days at risk")
    };
    // Only those behind, with their overdue count in view (at 80 columns
    // too: no renewal or risk count before it).
    let onboarding = SavedView {
        stage: Some("onboarding".into()),
        behind: true,
        sort: SortKey::Overdue,
        columns: Some(vec![
            Column::Arr,
            Column::Overdue,
            Column::Why,
            Column::NextPlay,
            Column::Owner,
        ]),
        ..SavedView::new("Onboarding behind")
    };
    // The Why names the play due and since when: room for it at 80
    // columns (no renewal or risk count before it).
    let follow_ups = SavedView {
        follow_up_due: true,
        columns: Some(vec![
            Column::Arr,
            Column::Why,
            Column::NextPlay,
            Column::Owner,
        ]),
        ..SavedView::new("Follow-ups due")
    };
    vec![SavedView::new("Attention"), at_risk, onboarding, follow_ups]
}

/// The built-in views, then the config's: a config view with a built-in's
/// name (in any case) takes its place. A built-in whose stage the model
/// does not have (stages renamed in the config) is left out.
pub fn all(engine: &Engine, configured: &[SavedView]) -> Vec<SavedView> {
    let mut views: Vec<SavedView> = builtin()
        .into_iter()
        .filter(|v| {
            v.stage
                .as_ref()
                .is_none_or(|s| engine.stage_index(s.as_str()).is_some())
        })
        .collect();
    for view in configured {
        match views.iter().position(|v| same_name(&v.name, &view.name)) {
            Some(i) => views[i] = view.clone(),
            None => views.push(view.clone()),
        }
    }
    views
}

/// The view called `name`: exactly, else in any case.
pub(crate) fn find(views: &[SavedView], name: &str) -> Option<usize> {
    views
        .iter()
        .position(|v| v.name == name)
        .or_else(|| views.iter().position(|v| same_name(&v.name, name)))
}

/// The names of `views`, quoted and joined, for messages.
pub(crate) fn names(views: &[SavedView]) -> String {
    let names: Vec<String> = views.iter().map(|v| format!("\"{}\"", v.name)).collect();
    names.join(", ")
}

pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Model;

    #[test]
    fn config_views_come_after_the_built_ins_and_replace_one_of_the_same_name() {
        let engine = Engine::new(Model::default()).unwrap();
        let mine = SavedView {
            owner: Some(Owner::Me),
            ..SavedView::new("Mine")
        };
        let attention = SavedView {
            reverse: true,
            ..SavedView::new("attention")
        };
        let views = all(&engine, &[mine.clone(), attention.clone()]);
        let names: Vec<&str> = views.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "attention",
                "Renewals in 90 days at risk",
                "Onboarding behind",
                "Follow-ups due",
                "Mine"
            ]
        );
        assert_eq!(views[0], attention);
        assert_eq!(find(&views, "MINE"), Some(4));
        assert_eq!(find(&views, "nope"), None);
        assert_eq!(mine.filter(&engine, None), Err(ViewError::NoMe));
        let f = mine.filter(&engine, Some("Dana")).unwrap();
        assert_eq!(f.owner.as_deref(), Some("Dana"));
    }

    #[test]
    fn built_ins_filter_as_their_names_say() {
        let engine = Engine::new(Model::default()).unwrap();
        let views = all(&engine, &[]);
        let at_risk = views[1].filter(&engine, None).unwrap();
        assert_eq!(at_risk.renewal_within, Some(90));
        assert_eq!(at_risk.bands, [Band::Poor, Band::Average]);
        assert_eq!(views[1].sort, SortKey::Renewal);
        let onboarding = views[2].filter(&engine, None).unwrap();
        assert_eq!(onboarding.stage, engine.stage_index("onboarding"));
        assert!(onboarding.behind, "only those behind");
        assert!(views[3].filter(&engine, None).unwrap().follow_up_due);
        assert_eq!(views[0].filter(&engine, None).unwrap(), Filter::default());
    }

    #[test]
    fn column_ids_round_trip() {
        for c in Column::ALL {
            assert_eq!(Column::from_id(c.id()), Some(c));
        }
        assert_eq!(Column::from_id("Risks"), None);
    }
}
