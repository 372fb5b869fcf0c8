//! Key bindings: the actions of the TUI, the keys that trigger them, and the
//! user's overrides from the `[keys]` table of the config file.
//!
//! `ctrl-c` always quits: it is wired in, cannot be rebound to another
//! action, and works even if `quit` is given no keys at all.

use crossterm::event::{KeyEvent, KeyEventKind};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

mod keyspec;
pub use keyspec::KeySpec;

mod action;
pub use action::{Action, Screen};

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
    /// Per screen (list, account, review, agenda), what each key does there.
    lookup: [HashMap<KeySpec, Action>; Screen::COUNT],
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
        let mut lookup: [HashMap<KeySpec, Action>; Screen::COUNT] = Default::default();
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
