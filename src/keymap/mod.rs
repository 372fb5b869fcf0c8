//! Key bindings: the actions of the TUI, the keys that trigger them, and the
//! user's overrides from the `[keys]` table of the config file.
//!
//! `ctrl-c` always quits: it is wired in, cannot be rebound to another
//! action, and works even if `quit` is given no keys at all.

use crossterm::event::{KeyEvent, KeyEventKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

mod keyspec;
pub use keyspec::KeySpec;

/// Something the user can do with one key press.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Filter,
    CycleSort,
    StageAll,
    Stage1,
    Stage2,
    Stage3,
    Stage4,
    Stage5,
    CycleBand,
    Open,
    Back,
    Help,
    Refresh,
    // The account view's own keys.
    NextAccount,
    PrevAccount,
    OpenUrl,
    CopyId,
    MyAccounts,
    CycleRenewal,
    ReverseSort,
    CycleView,
    DataInfo,
    // The Review screen and the early-warning view.
    Review,
    Changes,
    NextTab,
    PrevTab,
    LogPlay,
    Snooze,
}

/// The screens of the TUI, as far as keys are concerned: an action acts on
/// some of them, and two actions may share a key when they share no screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    List,
    Account,
    Review,
}

/// Each action with its id, help text and default keys, in help order.
const TABLE: [(Action, &str, &str, &[&str]); 35] = [
    (Action::Quit, "quit", "Quit", &["q"]),
    (Action::Up, "up", "Move up", &["k", "up"]),
    (Action::Down, "down", "Move down", &["j", "down"]),
    (Action::PageUp, "page_up", "Page up", &["pgup"]),
    (Action::PageDown, "page_down", "Page down", &["pgdn"]),
    (Action::Top, "top", "Go to the first row", &["g", "home"]),
    (
        Action::Bottom,
        "bottom",
        "Go to the last row",
        &["G", "end"],
    ),
    (Action::Filter, "filter", "Filter accounts by text", &["/"]),
    (
        Action::CycleSort,
        "cycle_sort",
        "Change the sort order",
        &["s"],
    ),
    (Action::StageAll, "stage_all", "Show all stages", &["0"]),
    (Action::Stage1, "stage1", "Show only stage 1", &["1"]),
    (Action::Stage2, "stage2", "Show only stage 2", &["2"]),
    (Action::Stage3, "stage3", "Show only stage 3", &["3"]),
    (Action::Stage4, "stage4", "Show only stage 4", &["4"]),
    (Action::Stage5, "stage5", "Show only stage 5", &["5"]),
    (
        Action::CycleBand,
        "cycle_band",
        "Filter by health band (cycles)",
        &["b"],
    ),
    (
        Action::Open,
        "open",
        "Open the selected account",
        &["enter"],
    ),
    (Action::Back, "back", "Go back / clear the filter", &["esc"]),
    (Action::Help, "help", "Show this help", &["?"]),
    (
        Action::Refresh,
        "refresh",
        "Reload data from the source",
        &["r"],
    ),
    (
        Action::NextAccount,
        "next_account",
        "Open the next account of the list",
        &["J", "right"],
    ),
    (
        Action::PrevAccount,
        "prev_account",
        "Open the previous account of the list",
        &["K", "left"],
    ),
    (
        Action::OpenUrl,
        "open_url",
        "Open the account in the source system",
        &["o"],
    ),
    (
        Action::CopyId,
        "copy_id",
        "Copy the account id to the clipboard",
        &["y"],
    ),
    (
        Action::MyAccounts,
        "my_accounts",
        "Only my accounts (config `me`), or everyone's",
        &["m"],
    ),
    (
        Action::CycleRenewal,
        "cycle_renewal",
        "Renewals within 30, 60, 90 days, any (cycles)",
        &["w"],
    ),
    (
        Action::ReverseSort,
        "reverse_sort",
        "Turn the sort order around",
        &["S"],
    ),
    (Action::CycleView, "cycle_view", "Next saved view", &["v"]),
    (
        Action::DataInfo,
        "data_info",
        "About the data: source, age, last sync, warnings",
        &["i"],
    ),
    (
        Action::Review,
        "review",
        "Review: signals, model, cohorts, heat map",
        &["R"],
    ),
    (
        Action::Changes,
        "changes",
        "Only accounts changed since yesterday, or all",
        &["c"],
    ),
    (Action::NextTab, "next_tab", "Next tab", &["tab"]),
    (Action::PrevTab, "prev_tab", "Previous tab", &["backtab"]),
    (
        Action::LogPlay,
        "log_play",
        "Log a play on the account (the play logger)",
        &["p"],
    ),
    (
        Action::Snooze,
        "snooze",
        "Snooze an alert until a date, with a reason",
        &["z"],
    ),
];

impl Action {
    /// Every action, in the order the help screen lists them.
    pub const ALL: [Action; TABLE.len()] = {
        let mut all = [Action::Quit; TABLE.len()];
        let mut i = 0;
        while i < TABLE.len() {
            all[i] = TABLE[i].0;
            i += 1;
        }
        all
    };

    fn row(self) -> &'static (Action, &'static str, &'static str, &'static [&'static str]) {
        // TABLE lists the actions in declaration order.
        &TABLE[self as usize]
    }

    /// The name used in the `[keys]` table, e.g. `page_up`.
    pub fn id(self) -> &'static str {
        self.row().1
    }

    /// The stage position a stage key shows (`stage1` is the first stage).
    pub(crate) fn stage(self) -> Option<usize> {
        match self {
            Action::Stage1 => Some(0),
            Action::Stage2 => Some(1),
            Action::Stage3 => Some(2),
            Action::Stage4 => Some(3),
            Action::Stage5 => Some(4),
            _ => None,
        }
    }

    /// One line for the help screen.
    pub(crate) fn description(self) -> &'static str {
        self.row().2
    }

    /// The screens this action acts on; help on a screen lists only these.
    pub(crate) fn screens(self) -> &'static [Screen] {
        use Action::*;
        const EVERY: &[Screen] = &[Screen::List, Screen::Account, Screen::Review];
        const LIST: &[Screen] = &[Screen::List];
        const ACCOUNT: &[Screen] = &[Screen::Account];
        const LIST_REVIEW: &[Screen] = &[Screen::List, Screen::Review];
        const REVIEW: &[Screen] = &[Screen::Review];
        const LIST_ACCOUNT: &[Screen] = &[Screen::List, Screen::Account];
        match self {
            // On the account view, quit goes back to the list.
            Quit | Up | Down | PageUp | PageDown | Top | Bottom | Back | Help | Refresh
            | DataInfo => EVERY,
            Open | CycleSort => LIST_REVIEW,
            Filter | StageAll | Stage1 | Stage2 | Stage3 | Stage4 | Stage5 | CycleBand
            | MyAccounts | CycleRenewal | ReverseSort | CycleView | Review | Changes => LIST,
            NextAccount | PrevAccount | OpenUrl | CopyId => ACCOUNT,
            LogPlay | Snooze => LIST_ACCOUNT,
            NextTab | PrevTab => REVIEW,
        }
    }

    /// The help line of this action on `screen`: on the account view, quit
    /// goes back to the list.
    pub(crate) fn description_on(self, screen: Screen) -> &'static str {
        match (self, screen) {
            (Action::Quit, Screen::Account) => "Back to the list (quit from there)",
            (Action::Back, Screen::Account) => "Back to the list",
            (Action::Up, Screen::Account) => "Scroll up",
            (Action::Down, Screen::Account) => "Scroll down",
            (Action::PageUp, Screen::Account) => "Scroll a page up",
            (Action::PageDown, Screen::Account) => "Scroll a page down",
            (Action::Top, Screen::Account) => "Go to the top",
            (Action::Bottom, Screen::Account) => "Go to the end",
            (Action::Quit, Screen::Review) => "Back to the list (quit from there)",
            (Action::Back, Screen::Review) => "Close the accounts of a row, or back to the list",
            (Action::Open, Screen::Review) => "List the accounts behind the row; open one",
            (Action::CycleSort, Screen::Review) => "Group by start, segment, owner, stage (cycles)",
            _ => self.description(),
        }
    }

    pub(crate) fn acts_on(self, screen: Screen) -> bool {
        self.screens().contains(&screen)
    }

    pub(crate) fn from_id(id: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.id() == id)
    }

    /// The built-in keys of this action.
    pub fn default_keys(self) -> Vec<KeySpec> {
        self.row()
            .3
            .iter()
            .map(|k| k.parse().expect("built-in key specs parse"))
            .collect()
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
/// Why a set of key overrides cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeymapError {
    /// `action` was given `ctrl-c`, which always quits.
    Reserved { action: Action },
    /// `key` is bound to both `action` (given by the user) and `other`.
    Conflict {
        action: Action,
        key: KeySpec,
        other: Action,
        /// True when `other` has the key by default, not by the user.
        other_is_default: bool,
    },
}

impl KeymapError {
    /// The user-given action at fault, named by `keys.<action>` in the file.
    pub(crate) fn action(&self) -> Action {
        match self {
            KeymapError::Reserved { action } | KeymapError::Conflict { action, .. } => *action,
        }
    }
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeymapError::Reserved { .. } => {
                f.write_str("ctrl-c always quits and cannot be bound to another action")
            }
            KeymapError::Conflict {
                key,
                other,
                other_is_default,
                ..
            } => {
                write!(f, "`{key}` is also bound to `{other}`")?;
                if *other_is_default {
                    write!(f, " by default; give `{other}` other keys too")?;
                }
                Ok(())
            }
        }
    }
}

/// The key bindings in use: the defaults with the user's overrides applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    keys: BTreeMap<Action, Vec<KeySpec>>,
    /// Per screen (list, account, review), what each key does there.
    lookup: [HashMap<KeySpec, Action>; 3],
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap::new(&BTreeMap::new())
    }
}

impl Keymap {
    /// An action in `overrides` gets exactly the keys given there (none, if
    /// the list is empty); the others keep their defaults. Where two actions
    /// share a key, the first in help order wins; [`Keymap::try_new`]
    /// reports that as an error instead.
    pub fn new(overrides: &BTreeMap<Action, Vec<KeySpec>>) -> Keymap {
        let mut keys = BTreeMap::new();
        let mut lookup: [HashMap<KeySpec, Action>; 3] = Default::default();
        for action in Action::ALL {
            let mut list = match overrides.get(&action) {
                Some(given) => given.clone(),
                None => action.default_keys(),
            };
            dedup(&mut list);
            if action != Action::Quit {
                list.retain(|k| !k.is_ctrl_c());
            }
            for &screen in action.screens() {
                for key in &list {
                    lookup[screen as usize].entry(*key).or_insert(action);
                }
            }
            keys.insert(action, list);
        }
        Keymap { keys, lookup }
    }

    /// Like [`Keymap::new`], but a key bound to two actions, or ctrl-c
    /// bound to anything but `quit`, is an error naming a user-given action.
    pub fn try_new(overrides: &BTreeMap<Action, Vec<KeySpec>>) -> Result<Keymap, KeymapError> {
        for (&action, list) in overrides {
            if action != Action::Quit && list.iter().any(KeySpec::is_ctrl_c) {
                return Err(KeymapError::Reserved { action });
            }
        }
        let keymap = Keymap::new(overrides);
        let mut owner: HashMap<(Screen, KeySpec), Action> = HashMap::new();
        // User-given actions go last, so that a conflict names one of them.
        let mut order: Vec<Action> = Action::ALL.to_vec();
        order.sort_by_key(|a| overrides.contains_key(a));
        for action in order {
            for key in keymap.keys(action) {
                for &screen in action.screens() {
                    if let Some(&other) = owner.get(&(screen, *key)) {
                        return Err(KeymapError::Conflict {
                            action,
                            key: *key,
                            other,
                            other_is_default: !overrides.contains_key(&other),
                        });
                    }
                    owner.insert((screen, *key), action);
                }
            }
        }
        Ok(keymap)
    }

    /// The action a key press has on `screen`, if any. Key releases are
    /// ignored, and ctrl-c always means [`Action::Quit`].
    pub fn action(&self, screen: Screen, event: &KeyEvent) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        self.global(event).or_else(|| {
            self.lookup[screen as usize]
                .get(&KeySpec::from_event(event))
                .copied()
        })
    }

    /// The action of a key that acts in every mode, even over help or the
    /// filter prompt: ctrl-c, which always quits. The one place that knows it.
    pub(crate) fn global(&self, event: &KeyEvent) -> Option<Action> {
        let global = event.kind != KeyEventKind::Release && KeySpec::from_event(event).is_ctrl_c();
        global.then_some(Action::Quit)
    }

    /// The keys bound to an action (ctrl-c for quit is implied, not listed).
    pub(crate) fn keys(&self, action: Action) -> &[KeySpec] {
        self.keys.get(&action).map_or(&[], Vec::as_slice)
    }

    /// One row per action, in [`Action::ALL`] order: the keys joined by `/`
    /// (quit also shows ctrl-c) and the description. Actions with no keys
    /// are left out.
    pub(crate) fn help(&self) -> Vec<(Action, String, &'static str)> {
        Action::ALL
            .into_iter()
            .filter_map(|action| {
                let mut names: Vec<String> =
                    self.keys(action).iter().map(|k| k.to_string()).collect();
                if action == Action::Quit && !self.keys(action).iter().any(KeySpec::is_ctrl_c) {
                    names.push("ctrl-c".into());
                }
                (!names.is_empty()).then(|| (action, names.join("/"), action.description()))
            })
            .collect()
    }

    /// [`Keymap::help`] for one screen: only the actions that act there,
    /// described as they act there. On the account and Review screens quit's row does not
    /// list ctrl-c, which quits rather than going back.
    pub(crate) fn help_on(&self, screen: Screen) -> Vec<(Action, String, &'static str)> {
        self.help()
            .into_iter()
            .filter(|(action, ..)| action.acts_on(screen))
            .filter_map(|(action, keys, _)| {
                let keys = match (action, screen) {
                    (Action::Quit, Screen::Account | Screen::Review) => {
                        let keys: Vec<String> = self
                            .keys(action)
                            .iter()
                            .filter(|k| !k.is_ctrl_c())
                            .map(|k| k.to_string())
                            .collect();
                        if keys.is_empty() {
                            return None;
                        }
                        keys.join("/")
                    }
                    _ => keys,
                };
                Some((action, keys, action.description_on(screen)))
            })
            .collect()
    }
}

fn dedup(list: &mut Vec<KeySpec>) {
    let mut seen = Vec::with_capacity(list.len());
    list.retain(|k| {
        let new = !seen.contains(k);
        seen.push(*k);
        new
    });
}

#[cfg(test)]
mod tests;
