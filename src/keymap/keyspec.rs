//! [`KeySpec`]: one key with its modifiers, as written in the config file.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One key with its modifiers, written like `q`, `G`, `?`, `enter`, `pgdn`,
/// `ctrl-c` or `f5`. For character keys, case matters and shift is implied
/// by the character: write `G`, not `shift-g`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct KeySpec {
    code: KeyCode,
    modifiers: KeyModifiers,
}

const NAMED: [(&str, KeyCode); 16] = [
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pgup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
];

const ALIASES: [(&str, &str); 5] = [
    ("escape", "esc"),
    ("return", "enter"),
    ("pageup", "pgup"),
    ("pagedown", "pgdn"),
    ("del", "delete"),
];

/// The modifiers a binding can use; others (super, hyper, meta) are ignored.
const USED: KeyModifiers = KeyModifiers::CONTROL
    .union(KeyModifiers::ALT)
    .union(KeyModifiers::SHIFT);

impl KeySpec {
    pub(crate) fn new(code: KeyCode, modifiers: KeyModifiers) -> KeySpec {
        let mut modifiers = modifiers.intersection(USED);
        // The character itself says whether shift was held.
        if matches!(code, KeyCode::Char(_) | KeyCode::BackTab) {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        KeySpec { code, modifiers }
    }

    /// The key a terminal event stands for, normalized like a parsed spec.
    pub(crate) fn from_event(event: &KeyEvent) -> KeySpec {
        KeySpec::new(event.code, event.modifiers)
    }

    /// True for `ctrl-c`, which always quits.
    pub(crate) fn is_ctrl_c(&self) -> bool {
        matches!(self.code, KeyCode::Char('c' | 'C')) && self.modifiers == KeyModifiers::CONTROL
    }
}

fn key_help() -> String {
    let names: Vec<&str> = NAMED.iter().map(|(n, _)| *n).collect();
    format!(
        "write one character (`q`, `G`, `?`), a key name ({}, f1..f24), \
         optionally after ctrl-, alt- or shift- (e.g. `ctrl-r`)",
        names.join(", ")
    )
}

impl FromStr for KeySpec {
    type Err = String;

    fn from_str(s: &str) -> Result<KeySpec, String> {
        let bad = |why: &str| format!("`{s}` is not a key: {why}; {}", key_help());
        let mut rest = s;
        let mut modifiers = KeyModifiers::NONE;
        // A modifier prefix only counts when something follows it, so `-` is a key.
        loop {
            let lower = rest.to_ascii_lowercase();
            let found = [
                ("ctrl-", KeyModifiers::CONTROL),
                ("alt-", KeyModifiers::ALT),
                ("shift-", KeyModifiers::SHIFT),
            ]
            .into_iter()
            .find(|(p, _)| lower.starts_with(p) && rest.len() > p.len());
            let Some((prefix, m)) = found else { break };
            if modifiers.contains(m) {
                return Err(bad(&format!(
                    "`{}` is given twice",
                    &prefix[..prefix.len() - 1]
                )));
            }
            modifiers.insert(m);
            rest = &rest[prefix.len()..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (None, _) => return Err(bad("it is empty")),
            (Some(c), None) if c.is_whitespace() || c.is_control() => {
                return Err(bad("use `space` or a key name for blank keys"))
            }
            (Some(c), None) => {
                if modifiers.contains(KeyModifiers::SHIFT) {
                    return Err(bad(&format!(
                        "write the shifted character itself (e.g. `{}`) instead of shift-",
                        c.to_uppercase()
                    )));
                }
                KeyCode::Char(c)
            }
            _ => {
                let lower = rest.to_ascii_lowercase();
                let name = ALIASES
                    .iter()
                    .find(|(alias, _)| *alias == lower)
                    .map_or(lower.as_str(), |(_, name)| name);
                if let Some((_, code)) = NAMED.iter().find(|(n, _)| *n == name) {
                    *code
                } else if let Some(n) = name.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    if !(1..=24).contains(&n) {
                        return Err(bad("function keys go from f1 to f24"));
                    }
                    KeyCode::F(n)
                } else {
                    return Err(bad("unknown key name"));
                }
            }
        };
        if code == KeyCode::Tab && modifiers.contains(KeyModifiers::SHIFT) {
            modifiers.remove(KeyModifiers::SHIFT);
            return Ok(KeySpec::new(KeyCode::BackTab, modifiers));
        }
        Ok(KeySpec::new(code, modifiers))
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (m, name) in [
            (KeyModifiers::CONTROL, "ctrl-"),
            (KeyModifiers::ALT, "alt-"),
            (KeyModifiers::SHIFT, "shift-"),
        ] {
            if self.modifiers.contains(m) {
                f.write_str(name)?;
            }
        }
        if let Some((name, _)) = NAMED.iter().find(|(_, c)| *c == self.code) {
            return f.write_str(name);
        }
        match self.code {
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

impl TryFrom<String> for KeySpec {
    type Error = String;
    fn try_from(s: String) -> Result<KeySpec, String> {
        s.parse()
    }
}

impl From<KeySpec> for String {
    fn from(k: KeySpec) -> String {
        k.to_string()
    }
}
