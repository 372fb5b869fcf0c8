//! The snooze form: `z` puts an alert aside until a date, with a reason.
//! On a row it takes the row's top alert that is not snoozed; Up/Down
//! choose among the account's alerts. The until field offers three presets
//! (1, 2, 3 or Tab: a week, two weeks, a month) or a day typed as the
//! logger reads days (Backspace clears a preset to type one); Enter moves
//! to the reason, which is required; Enter there saves. On an alert that
//! is snoozed already, Enter unsnoozes it. Esc cancels.
//!
//! The rule is the CLI's: [`crate::clock::when::parse_until`] reads the
//! day, [`crate::domain::snoozing::entered`] makes the snooze.

use crate::clock::when::parse_until;
use crate::domain::account::{Account, Snooze};
use crate::domain::engine::Engine;
use crate::domain::evaluate::Evaluation;
use crate::domain::vocab::{AccountId, AlertKind, Severity};
use crate::tui::form::LineEdit;
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};

pub mod flow;

/// The until field's presets, as the CLI reads them, with their words.
pub(crate) const PRESETS: [(&str, &str); 3] =
    [("1w", "1 week"), ("2w", "2 weeks"), ("1m", "1 month")];

/// The fields of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnoozeField {
    Until,
    Reason,
}

/// One alert of the account the form offers.
#[derive(Debug, Clone, PartialEq)]
pub struct Offered {
    pub kind: AlertKind,
    pub(crate) severity: Severity,
    /// Its message, cleaned.
    pub(crate) message: String,
    /// Its snooze mark while it holds ("snoozed until 12-24: ..."): Enter
    /// then unsnoozes it.
    pub snoozed: Option<String>,
}

/// What the form writes.
#[derive(Debug, Clone, PartialEq)]
pub enum SnoozeWrite {
    Put(Snooze),
    Remove(AlertKind),
}

/// A snooze or unsnooze for the store thread, and what the status line
/// says of it.
#[derive(Debug, Clone, PartialEq)]
pub struct SnoozeJob {
    pub account: AccountId,
    /// The account's name, cleaned.
    pub name: String,
    pub write: SnoozeWrite,
}

/// The form's state.
#[derive(Debug, Clone, PartialEq)]
pub struct SnoozeForm {
    pub account_id: AccountId,
    pub(crate) account_name: String,
    pub alerts: Vec<Offered>,
    /// The chosen alert (an index into `alerts`).
    pub cursor: usize,
    /// The preset chosen, until something is typed in its place.
    pub preset: Option<usize>,
    /// The until day as typed (when no preset is chosen).
    pub until: String,
    pub reason: String,
    pub focus: SnoozeField,
    /// A field's problem, shown on it until it is edited.
    pub error: Option<(SnoozeField, String)>,
    /// Saved: the form waits for the store to say it is on disk.
    pub saving: bool,
}

/// What a key did to the form.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SnoozeStep {
    Stay,
    Cancel,
    Save(SnoozeJob),
}

impl SnoozeForm {
    /// The form on `account` (evaluated as `eval` by `engine`), on its top alert that
    /// is not snoozed: the first risk alert, else the first one. `None`
    /// when the account has no alerts.
    pub(crate) fn new(engine: &Engine, account: &Account, eval: &Evaluation) -> Option<SnoozeForm> {
        let alerts: Vec<Offered> = eval
            .alerts
            .iter()
            .map(|a| Offered {
                kind: a.kind(),
                severity: a.severity,
                message: crate::domain::text::clean(&a.message(engine)).into_owned(),
                snoozed: a
                    .snooze
                    .as_ref()
                    .filter(|_| a.is_snoozed())
                    .map(|m| m.text(a.kind())),
            })
            .collect();
        if alerts.is_empty() {
            return None;
        }
        let open = |a: &&Offered| a.snoozed.is_none();
        let cursor = alerts
            .iter()
            .filter(open)
            .find(|a| a.severity.is_risk())
            .or_else(|| alerts.iter().find(|a| a.snoozed.is_none()))
            .and_then(|t| alerts.iter().position(|a| a == t))
            .unwrap_or(0);
        Some(SnoozeForm {
            account_id: account.id.clone(),
            account_name: crate::domain::text::clean(&account.name).into_owned(),
            alerts,
            cursor,
            preset: Some(0),
            until: String::new(),
            reason: String::new(),
            focus: SnoozeField::Until,
            error: None,
            saving: false,
        })
    }

    /// The chosen alert.
    pub fn alert(&self) -> &Offered {
        &self.alerts[self.cursor.min(self.alerts.len() - 1)]
    }

    /// The until field's text as read: the preset's, or what was typed.
    pub(crate) fn until_text(&self) -> &str {
        match self.preset {
            Some(p) => PRESETS[p].0,
            None => &self.until,
        }
    }

    /// The until day as read on `today`, or why not.
    pub(crate) fn until_day(&self, today: NaiveDate) -> Result<NaiveDate, String> {
        parse_until(self.until_text(), today).map_err(|e| e.to_string())
    }

    /// Takes one key; `account` and `eval` are the account as shown now,
    /// `today` its day.
    pub(crate) fn key(
        &mut self,
        key: KeyEvent,
        account: &Account,
        eval: &Evaluation,
        today: NaiveDate,
    ) -> SnoozeStep {
        match key.code {
            KeyCode::Esc => return SnoozeStep::Cancel,
            KeyCode::Up => self.choose(self.cursor.saturating_sub(1)),
            KeyCode::Down => self.choose(self.cursor + 1),
            KeyCode::Enter if self.alert().snoozed.is_some() => {
                return SnoozeStep::Save(self.job(SnoozeWrite::Remove(self.alert().kind)));
            }
            KeyCode::Enter if self.focus == SnoozeField::Until => match self.until_day(today) {
                Ok(_) => self.focus = SnoozeField::Reason,
                Err(why) => self.error = Some((SnoozeField::Until, why)),
            },
            KeyCode::Enter => return self.save(account, eval, today),
            KeyCode::Tab | KeyCode::BackTab if self.focus == SnoozeField::Reason => {
                self.focus = SnoozeField::Until
            }
            KeyCode::Tab => self.set_preset(self.preset.map_or(0, |p| (p + 1) % 3)),
            KeyCode::BackTab => self.set_preset(self.preset.map_or(2, |p| (p + 2) % 3)),
            _ => match LineEdit::of(key) {
                Some(LineEdit::Push(c @ '1'..='3'))
                    if self.focus == SnoozeField::Until && self.preset.is_some() =>
                {
                    self.set_preset(c as usize - '1' as usize)
                }
                Some(edit) => self.edit(|t| edit.apply(t)),
                None => {}
            },
        }
        SnoozeStep::Stay
    }

    fn choose(&mut self, at: usize) {
        self.cursor = at.min(self.alerts.len() - 1);
        self.error = None;
    }

    fn set_preset(&mut self, p: usize) {
        self.preset = Some(p);
        self.until.clear();
        self.clear_error(SnoozeField::Until);
    }

    /// Edits the focused field; a preset gives way to what is typed.
    fn edit(&mut self, change: impl FnOnce(&mut String)) {
        let text = match self.focus {
            SnoozeField::Until => {
                if self.preset.take().is_some() {
                    self.until.clear();
                }
                &mut self.until
            }
            SnoozeField::Reason => &mut self.reason,
        };
        change(text);
        self.clear_error(self.focus);
    }

    fn clear_error(&mut self, field: SnoozeField) {
        if self.error.as_ref().is_some_and(|(f, _)| *f == field) {
            self.error = None;
        }
    }

    fn job(&self, write: SnoozeWrite) -> SnoozeJob {
        SnoozeJob {
            account: self.account_id.clone(),
            name: self.account_name.clone(),
            write,
        }
    }

    /// The snooze, by the rule the CLI follows too, or the field at fault.
    fn save(&mut self, account: &Account, eval: &Evaluation, today: NaiveDate) -> SnoozeStep {
        let made = self
            .until_day(today)
            .map_err(|why| (SnoozeField::Until, why))
            .and_then(|until| {
                let alert = self.alert().kind.id();
                crate::domain::snoozing::entered(account, eval, alert, today, until, &self.reason)
                    .map_err(|e| (SnoozeField::Reason, reason_words(&e)))
            });
        match made {
            Ok(snooze) => SnoozeStep::Save(self.job(SnoozeWrite::Put(snooze))),
            Err((field, why)) => {
                self.focus = field;
                self.error = Some((field, why));
                SnoozeStep::Stay
            }
        }
    }
}

/// The rule's words for the form: its `--reason` is the reason field.
fn reason_words(e: &crate::domain::snoozing::SnoozeError) -> String {
    let text = e.to_string();
    match text.strip_prefix("--reason: ") {
        Some(rest) => format!("reason: {rest}"),
        None => text,
    }
}
