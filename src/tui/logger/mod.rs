//! The play logger: a form over the list or the account view that turns a
//! few keys into a [`Drafted`] log. `p` opens it on the first recommended
//! play, Enter picks the play and moves to the note, Enter submits: three
//! keys and the note's text from the watch list to queued.
//!
//! Fields, in Tab order: the play (typing filters, Up/Down move, Enter
//! picks), the outcome (Left/Right or a first letter cycles), the note
//! (Alt-Enter or Ctrl-J for a new line, Ctrl-E for `$EDITOR`), when it
//! happened and the follow-up (free text, parsed as typed).

use crate::clock::when::Typed;
use crate::clock::Zone;
use crate::domain::account::{Account, PlayOutcome};
use crate::domain::draft::{draft, follow_up, DraftError, Drafted, Entered, ReadTime};
use crate::domain::typed_time::WhenError;
use crate::domain::vocab::AccountId;
use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub(crate) mod editor;

/// The plays the form offers: the same list `orienteer log-play` accepts.
pub(crate) use crate::domain::logging::Choice;

/// The fields of the form, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Play,
    Outcome,
    Note,
    When,
    FollowUp,
}

impl Field {
    pub(crate) const ALL: [Field; 5] = [
        Field::Play,
        Field::Outcome,
        Field::Note,
        Field::When,
        Field::FollowUp,
    ];

    pub(crate) fn label(self) -> &'static str {
        match self {
            Field::Play => "Play",
            Field::Outcome => "Outcome",
            Field::Note => "Note",
            Field::When => "When",
            Field::FollowUp => "Follow-up",
        }
    }

    fn step(self, by: isize) -> Field {
        let at = Field::ALL.iter().position(|&f| f == self).unwrap_or(0) as isize;
        let n = Field::ALL.len() as isize;
        Field::ALL[(at + by).rem_euclid(n) as usize]
    }
}

/// The outcomes, in the order Left/Right cycle them.
pub(crate) const OUTCOMES: [PlayOutcome; 4] = [
    PlayOutcome::Done,
    PlayOutcome::NoAnswer,
    PlayOutcome::Rescheduled,
    PlayOutcome::Declined,
];

/// The form's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Logger {
    pub account_id: AccountId,
    pub(crate) account_name: String,
    /// Recommended plays first, then the rest of the stage's.
    pub choices: Vec<Choice>,
    /// What was typed in the play field: narrows `choices`.
    pub filter: String,
    /// Indexes into `choices` that pass the filter.
    pub shown: Vec<usize>,
    /// The highlighted row of `shown`.
    pub(crate) cursor: usize,
    /// The play picked (an index into `choices`).
    pub(crate) picked: Option<usize>,
    pub outcome: PlayOutcome,
    pub note: String,
    pub(crate) when: String,
    pub(crate) follow_up: String,
    /// The follow-up was typed by the user: picking a play keeps it.
    pub(crate) follow_up_typed: bool,
    pub focus: Field,
    /// A field's problem, shown on it until it is edited.
    pub error: Option<(Field, String)>,
    /// Esc was pressed once with a note typed: a second Esc discards it.
    pub(crate) confirm_discard: bool,
    /// The form is waiting for `$EDITOR` to give the note back.
    pub(crate) editing: bool,
    /// Submitted: the form waits for the store to say the log is on disk.
    pub queuing: bool,
    /// Opened on marks: one log for each marked account.
    pub bulk: Option<crate::tui::marks::log::BulkLog>,
}

/// What a key did to the form.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Step {
    /// Still open (maybe changed).
    Stay,
    /// Closed without logging.
    Cancel,
    /// The form is complete: queue this.
    Submit(Drafted),
    /// A bulk form is complete: queue these, one per marked account.
    SubmitAll(Vec<Drafted>),
    /// Open the note in `$EDITOR`.
    EditNote(String),
    /// A key the form does not use.
    Ignored,
}

impl Logger {
    /// The form for `account`, on `choices`, the first one preselected.
    pub(crate) fn new(account: &Account, choices: Vec<Choice>) -> Logger {
        let name = crate::domain::text::clean(&account.name).into_owned();
        Logger::new_on(account.id.clone(), name, choices)
    }

    /// The form for the account `account_id` named `account_name` (cleaned).
    pub(crate) fn new_on(
        account_id: AccountId,
        account_name: String,
        choices: Vec<Choice>,
    ) -> Logger {
        let mut l = Logger {
            account_id,
            account_name,
            shown: (0..choices.len()).collect(),
            choices,
            filter: String::new(),
            cursor: 0,
            picked: None,
            outcome: PlayOutcome::Done,
            note: String::new(),
            when: "now".into(),
            follow_up: String::new(),
            follow_up_typed: false,
            focus: Field::Play,
            error: None,
            confirm_discard: false,
            editing: false,
            queuing: false,
            bulk: None,
        };
        l.pick_highlighted();
        l
    }

    /// The play picked, if any.
    pub fn play(&self) -> Option<&Choice> {
        self.picked.and_then(|i| self.choices.get(i))
    }

    /// Picks the highlighted play; pre-fills its follow-up unless one was typed.
    fn pick_highlighted(&mut self) {
        let Some(&i) = self.shown.get(self.cursor) else {
            return;
        };
        self.picked = Some(i);
        if !self.follow_up_typed {
            self.follow_up = match self.choices[i].follow_up_days {
                Some(n) => format!("+{n}d"),
                None => "none".into(),
            };
        }
    }

    /// Whether anything was typed that Esc would lose without asking.
    pub(crate) fn has_note(&self) -> bool {
        !self.note.trim().is_empty()
    }

    fn refilter(&mut self) {
        let words: Vec<String> = self
            .filter
            .to_lowercase()
            .split_whitespace()
            .map(String::from)
            .collect();
        self.shown = self
            .choices
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                let hay = format!("{} {}", c.title, c.play_id).to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .map(|(i, _)| i)
            .collect();
        self.cursor = 0;
        if self.error.as_ref().is_some_and(|(f, _)| *f == Field::Play) {
            self.error = None;
        }
    }

    /// When the play happened, as parsed now (for the form).
    pub(crate) fn parsed_at(
        &self,
        now: DateTime<Utc>,
        zone: Zone,
    ) -> Result<DateTime<Utc>, WhenError> {
        Typed { now, zone }.at(&self.when)
    }

    /// The follow-up as submit would take it (for the form): the play's
    /// own counted from the play's day, or the one typed, from today.
    pub(crate) fn parsed_follow_up(
        &self,
        now: DateTime<Utc>,
        zone: Zone,
    ) -> Result<Option<NaiveDate>, WhenError> {
        // Until "when" reads, the preview counts from today.
        let day = self
            .parsed_at(now, zone)
            .map_or(zone.day(now), |at| zone.day(at));
        follow_up(
            self.play(),
            day,
            self.typed_follow_up(),
            &Typed { now, zone },
        )
    }

    /// The follow-up typed, or `None` for the play's own.
    fn typed_follow_up(&self) -> Option<&str> {
        self.follow_up_typed.then_some(self.follow_up.as_str())
    }

    /// The draft, by the rule `orienteer log-play` follows too, or the
    /// first field at fault with why.
    pub(crate) fn draft(&self, now: DateTime<Utc>, zone: Zone) -> Result<Drafted, (Field, String)> {
        let play = self.play().ok_or_else(|| {
            (
                Field::Play,
                "pick a play: nothing matches the filter".to_string(),
            )
        })?;
        let entered = Entered {
            play: play.play_id.as_str(),
            ..self.entered_fields()
        };
        let time = Typed { now, zone };
        draft(
            &self.account_id,
            &self.account_name,
            &self.choices,
            &entered,
            &time,
        )
        .map_err(|e| {
            let field = match e {
                DraftError::When(_) => Field::When,
                DraftError::FollowUp(_) => Field::FollowUp,
                DraftError::Outcome(_) => Field::Outcome,
                _ => Field::Play,
            };
            (field, e.to_string())
        })
    }

    /// What was entered, as the draft of one log `drafted` read it.
    fn entered<'a>(&'a self, drafted: &'a Drafted) -> Entered<'a> {
        Entered {
            play: drafted.draft.play_id.as_str(),
            ..self.entered_fields()
        }
    }

    /// What was entered in the fields but the play.
    fn entered_fields(&self) -> Entered<'_> {
        Entered {
            play: "",
            outcome: self.outcome.id(),
            when: &self.when,
            follow_up: self.typed_follow_up(),
            note: &self.note,
        }
    }

    /// Takes one key. `now` and `zone` read the time fields on submit.
    pub(crate) fn key(&mut self, key: KeyEvent, now: DateTime<Utc>, zone: Zone) -> Step {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        if key.code != KeyCode::Esc {
            self.confirm_discard = false;
        }
        match key.code {
            KeyCode::Esc => {
                if self.has_note() && !self.confirm_discard {
                    self.confirm_discard = true;
                    return Step::Stay;
                }
                return Step::Cancel;
            }
            KeyCode::Char('s') if ctrl => return self.submit(now, zone),
            KeyCode::Char('e') if ctrl => {
                self.focus = Field::Note;
                self.editing = true;
                return Step::EditNote(self.note.clone());
            }
            KeyCode::Tab => self.focus = self.focus.step(1),
            KeyCode::BackTab => self.focus = self.focus.step(-1),
            KeyCode::Enter if self.focus == Field::Note && alt => self.edit(|t| t.push('\n')),
            KeyCode::Char('j') if ctrl && self.focus == Field::Note => self.edit(|t| t.push('\n')),
            KeyCode::Enter if self.focus == Field::Play => {
                if self.shown.is_empty() {
                    self.error = Some((Field::Play, "nothing matches the filter".into()));
                } else {
                    self.pick_highlighted();
                    self.focus = Field::Note;
                }
            }
            KeyCode::Enter => return self.submit(now, zone),
            _ => return self.field_key(key),
        }
        Step::Stay
    }

    fn submit(&mut self, now: DateTime<Utc>, zone: Zone) -> Step {
        if self.focus == Field::Play {
            // Submitting from the play list takes the highlighted play.
            self.pick_highlighted();
        }
        let drafted = self.draft(now, zone).and_then(|one| match &self.bulk {
            None => Ok(Step::Submit(one)),
            Some(bulk) => {
                let time = Typed { now, zone };
                crate::tui::marks::log::drafts(self, bulk, &self.entered(&one), &time)
                    .map(Step::SubmitAll)
            }
        });
        match drafted {
            Ok(step) => step,
            Err((field, why)) => {
                self.focus = field;
                self.error = Some((field, why));
                Step::Stay
            }
        }
    }

    /// A key for the focused field.
    fn field_key(&mut self, key: KeyEvent) -> Step {
        let typed = crate::tui::form::typed(key);
        match self.focus {
            Field::Play => match key.code {
                KeyCode::Up => self.cursor = self.cursor.saturating_sub(1),
                KeyCode::Down => {
                    self.cursor = (self.cursor + 1).min(self.shown.len().saturating_sub(1))
                }
                KeyCode::Backspace => {
                    self.filter.pop();
                    self.refilter();
                }
                _ => match typed {
                    Some(c) => {
                        self.filter.push(c);
                        self.refilter();
                    }
                    None => return Step::Ignored,
                },
            },
            Field::Outcome => {
                let at = OUTCOMES
                    .iter()
                    .position(|&o| o == self.outcome)
                    .unwrap_or(0);
                self.outcome = match (key.code, typed) {
                    (KeyCode::Right, _) | (_, Some(' ')) => OUTCOMES[(at + 1) % 4],
                    (KeyCode::Left, _) => OUTCOMES[(at + 3) % 4],
                    // A first letter: the next outcome with it (d, d again:
                    // done, declined).
                    (_, Some(c)) => match (1..=4)
                        .map(|n| OUTCOMES[(at + n) % 4])
                        .find(|o| o.id().starts_with(c.to_ascii_lowercase()))
                    {
                        Some(o) => o,
                        None => return Step::Stay,
                    },
                    _ => return Step::Ignored,
                };
            }
            Field::Note | Field::When | Field::FollowUp => {
                match crate::tui::form::LineEdit::of(key) {
                    Some(edit) => self.edit(|t| edit.apply(t)),
                    None => return Step::Ignored,
                }
            }
        }
        Step::Stay
    }

    /// Edits the focused text field; its error goes, as it no longer applies.
    fn edit(&mut self, change: impl FnOnce(&mut String)) {
        let text = match self.focus {
            Field::Note => &mut self.note,
            Field::When => &mut self.when,
            Field::FollowUp => {
                self.follow_up_typed = true;
                &mut self.follow_up
            }
            Field::Play | Field::Outcome => return,
        };
        change(text);
        if self.error.as_ref().is_some_and(|(f, _)| *f == self.focus) {
            self.error = None;
        }
    }

    /// The note back from `$EDITOR` (`None`: the editor failed, keep the note).
    pub(crate) fn edited(&mut self, note: Option<String>) {
        self.editing = false;
        if let Some(note) = note {
            self.note = note.trim_end().to_string();
        }
    }
}
