//! What the CSM entered to log a play, turned into a [`LogDraft`] by one
//! rule for both faces: the TUI's play logger and `orienteer log-play`
//! call [`log_draft`] (or its two halves, [`offered`] and [`draft`]) and
//! only lay out its result or its [`DraftError`].
//!
//! The rule: the account by id or the unique start of its name
//! ([`find_account`], which every command taking an account uses); the
//! plays offered for it ([`super::logging::choices`]); when it happened
//! (read in the configured zone) and the day that makes its log's day; the
//! play's own follow-up counted from that day; a follow-up typed
//! (`+3d`, `fri`) counted from today; the outcome in either spelling.

use super::account::{Account, PlayOutcome};
use super::engine::Engine;
use super::evaluate::Evaluation;
use super::logging::{choices, Choice, LogDraft};
use super::portfolio::{Lookup, Portfolio};
use super::report::play_rows;
use super::text::clean;
use super::typed_time::WhenError;
use super::vocab::{AccountId, PlayId};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use std::fmt;

/// How a face reads the times typed (the configured zone and now); the
/// clock implements it, so the domain stays free of IO.
pub(crate) trait ReadTime {
    /// When a play happened, from `text` (`now`, `-2h`, `yesterday`, ...).
    fn at(&self, text: &str) -> Result<DateTime<Utc>, WhenError>;
    /// The day of `at` in the configured zone.
    fn day(&self, at: DateTime<Utc>) -> NaiveDate;
    /// A follow-up typed (`+7d`, `fri`, `none`, ...), counted from today;
    /// nothing or `default` gives `default`.
    fn follow_up(
        &self,
        text: &str,
        default: Option<NaiveDate>,
    ) -> Result<Option<NaiveDate>, WhenError>;
}

/// What the CSM entered, as typed.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Entered<'a> {
    /// The play's id.
    pub(crate) play: &'a str,
    /// `done`, `no_answer` (or `no-answer`), `rescheduled`, `declined`.
    pub(crate) outcome: &'a str,
    /// When it happened; empty means now.
    pub(crate) when: &'a str,
    /// When to follow up; `None` means the play's own follow-up.
    pub(crate) follow_up: Option<&'a str>,
    pub(crate) note: &'a str,
}

/// A draft ready to queue: the log, the day it is dated (the play's day in
/// the configured zone) and the play's title.
#[derive(Debug, Clone, PartialEq)]
pub struct Drafted {
    pub draft: LogDraft,
    pub day: NaiveDate,
    pub play_title: String,
}

/// Why the entry is not a draft. Its text is the message both faces show.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftError {
    /// No account has that id or a name starting so.
    NoAccount {
        query: String,
    },
    /// Several accounts' names start so: the candidates (id, name), in
    /// portfolio order.
    Ambiguous {
        query: String,
        candidates: Vec<(AccountId, String)>,
    },
    /// The play is not one offered for the account.
    UnknownPlay {
        play: String,
        account_id: AccountId,
        account_name: String,
        offered: Vec<PlayId>,
    },
    Outcome(String),
    When(WhenError),
    FollowUp(WhenError),
}

/// How many candidates an ambiguous name lists.
const CANDIDATES_SHOWN: usize = 20;

impl fmt::Display for DraftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DraftError::NoAccount { query } => write!(
                f,
                "no account with id `{}` or a name starting so",
                clean(query)
            ),
            DraftError::Ambiguous { query, candidates } => {
                write!(
                    f,
                    "`{}` matches {} accounts; give an id:",
                    clean(query),
                    candidates.len()
                )?;
                for (id, name) in candidates.iter().take(CANDIDATES_SHOWN) {
                    write!(f, "\n  {id}  {name}")?;
                }
                let more = candidates.len().saturating_sub(CANDIDATES_SHOWN);
                if more > 0 {
                    write!(f, "\n  … and {more} more")?;
                }
                Ok(())
            }
            DraftError::UnknownPlay {
                play,
                account_id,
                account_name,
                offered,
            } => {
                let ids: Vec<&str> = offered.iter().map(PlayId::as_str).collect();
                write!(
                    f,
                    "no play `{}`; the plays offered for {} ({}) are: {}",
                    clean(play),
                    clean(account_id.as_str()),
                    clean(account_name),
                    ids.join(", ")
                )
            }
            DraftError::Outcome(why) => f.write_str(why),
            DraftError::When(why) | DraftError::FollowUp(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for DraftError {}

/// The account `query` names: its id (any case), or the start of its name
/// when only one account's name starts so. The one lookup of every command
/// that takes an account, and of the TUI.
pub(crate) fn find_account(portfolio: &Portfolio, query: &str) -> Result<usize, DraftError> {
    match portfolio.lookup(query) {
        Lookup::One(i) => Ok(i),
        Lookup::None => Err(DraftError::NoAccount {
            query: query.to_string(),
        }),
        Lookup::Several(all) => Err(DraftError::Ambiguous {
            query: query.to_string(),
            candidates: all
                .iter()
                .map(|&i| {
                    let a = &portfolio.accounts[i];
                    (a.id.clone(), a.name.clone())
                })
                .collect(),
        }),
    }
}

/// The plays offered for `account` (evaluated as `eval` by `engine`): its
/// recommended plays, its stage's, any stage's. The logger's list and
/// `log-play`'s check alike.
pub(crate) fn offered(engine: &Engine, account: &Account, eval: &Evaluation) -> Vec<Choice> {
    choices(engine, eval.stage, &play_rows(engine, account, eval))
}

/// An outcome in either spelling (`no_answer`, `no-answer`, any case).
pub(crate) fn outcome(text: &str) -> Result<PlayOutcome, DraftError> {
    let t = text.trim().to_lowercase().replace('-', "_");
    [
        PlayOutcome::Done,
        PlayOutcome::NoAnswer,
        PlayOutcome::Rescheduled,
        PlayOutcome::Declined,
    ]
    .into_iter()
    .find(|o| o.id() == t || (t.is_empty() && *o == PlayOutcome::Done))
    .ok_or_else(|| {
        DraftError::Outcome(format!(
            "`{}` is not an outcome; use done, no_answer (or no-answer), rescheduled or declined",
            clean(text.trim())
        ))
    })
}

/// The draft for the account `account_id` (named `account_name`), whose offered plays are `offered`, from what
/// was entered. Checked in the form's order: play, outcome, when, follow-up.
pub(crate) fn draft(
    account_id: &AccountId,
    account_name: &str,
    offered: &[Choice],
    entered: &Entered,
    time: &dyn ReadTime,
) -> Result<Drafted, DraftError> {
    let play = offered
        .iter()
        .find(|c| c.play_id.as_str() == entered.play)
        .ok_or_else(|| DraftError::UnknownPlay {
            play: entered.play.to_string(),
            account_id: account_id.clone(),
            account_name: account_name.to_string(),
            offered: offered.iter().map(|c| c.play_id.clone()).collect(),
        })?;
    let outcome = outcome(entered.outcome)?;
    let at = time.at(entered.when).map_err(DraftError::When)?;
    let day = time.day(at);
    let follow_up =
        follow_up(Some(play), day, entered.follow_up, time).map_err(DraftError::FollowUp)?;
    Ok(Drafted {
        draft: LogDraft {
            account_id: account_id.clone(),
            play_id: play.play_id.clone(),
            outcome,
            note: entered.note.trim_end().to_string(),
            at,
            follow_up,
            prompted_by: play.recommendation_id.clone(),
        },
        day,
        play_title: play.title.clone(),
    })
}

/// The follow-up of a log of `play` on `day`: the one `typed` (counted
/// from today), else the play's own counted from `day`. The logger's
/// preview and [`draft`] both ask this.
pub(crate) fn follow_up(
    play: Option<&Choice>,
    day: NaiveDate,
    typed: Option<&str>,
    time: &dyn ReadTime,
) -> Result<Option<NaiveDate>, WhenError> {
    let default = play.and_then(|p| default_follow_up(p, day));
    match typed {
        None => Ok(default),
        Some(text) => time.follow_up(text, default),
    }
}

/// The play's own follow-up: its days counted from the play's `day`.
fn default_follow_up(play: &Choice, day: NaiveDate) -> Option<NaiveDate> {
    let days = play.follow_up_days?;
    day.checked_add_signed(TimeDelta::days(i64::from(days)))
}

/// The whole rule: the account `account` names in `portfolio`, and the
/// draft from what was entered for it.
pub(crate) fn log_draft(
    engine: &Engine,
    portfolio: &Portfolio,
    account: &str,
    entered: &Entered,
    time: &dyn ReadTime,
) -> Result<Drafted, DraftError> {
    let i = find_account(portfolio, account)?;
    let offered = offered(engine, &portfolio.accounts[i], &portfolio.evals[i]);
    let account = &portfolio.accounts[i];
    draft(&account.id, &account.name, &offered, entered, time)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Days in UTC, now 2026-11-23 09:30; `at` reads `now` and `yesterday`.
    struct Fixed;

    fn now() -> DateTime<Utc> {
        "2026-11-23T09:30:00Z".parse().unwrap()
    }

    impl ReadTime for Fixed {
        fn at(&self, text: &str) -> Result<DateTime<Utc>, WhenError> {
            match text {
                "" | "now" => Ok(now()),
                "yesterday" => Ok(now() - TimeDelta::days(1)),
                other => Err(WhenError::NotATime(other.to_string())),
            }
        }
        fn day(&self, at: DateTime<Utc>) -> NaiveDate {
            at.date_naive()
        }
        fn follow_up(
            &self,
            text: &str,
            default: Option<NaiveDate>,
        ) -> Result<Option<NaiveDate>, WhenError> {
            match text {
                "" | "default" => Ok(default),
                "none" => Ok(None),
                _ => Err(WhenError::NotAFollowUp(text.to_string())),
            }
        }
    }

    fn choice(id: &str, days: Option<u32>) -> Choice {
        Choice {
            play_id: PlayId::from(id.to_string()),
            title: format!("Title of {id}"),
            reason: None,
            recommendation_id: None,
            follow_up_days: days,
        }
    }

    const ACME: &str = "101";

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_play_of_yesterday_is_dated_yesterday_and_followed_up_from_then() {
        let offered = [choice("check-in", Some(7))];
        let entered = Entered {
            play: "check-in",
            outcome: "no-answer",
            when: "yesterday",
            ..Entered::default()
        };
        let d = draft(&ACME.into(), "Acme", &offered, &entered, &Fixed).unwrap();
        assert_eq!(d.day, day("2026-11-22"));
        assert_eq!(d.draft.follow_up, Some(day("2026-11-29")));
        assert_eq!(d.draft.outcome, PlayOutcome::NoAnswer);
        assert_eq!(d.play_title, "Title of check-in");
    }

    #[test]
    fn outcomes_in_either_spelling() {
        let cases = [
            ("done", PlayOutcome::Done),
            ("", PlayOutcome::Done),
            ("no_answer", PlayOutcome::NoAnswer),
            ("No-Answer", PlayOutcome::NoAnswer),
            ("rescheduled", PlayOutcome::Rescheduled),
            ("declined", PlayOutcome::Declined),
        ];
        for (text, want) in cases {
            assert_eq!(outcome(text), Ok(want), "{text:?}");
        }
        let err = outcome("maybe").unwrap_err().to_string();
        assert!(err.contains("no-answer"), "{err}");
    }

    #[test]
    fn errors_name_the_field_at_fault() {
        let offered = [choice("check-in", None)];
        let with = |play, when, follow_up| Entered {
            play,
            when,
            follow_up,
            ..Entered::default()
        };
        let err = draft(
            &ACME.into(),
            "Acme",
            &offered,
            &with("qbr", "", None),
            &Fixed,
        )
        .unwrap_err();
        assert!(matches!(err, DraftError::UnknownPlay { .. }));
        assert!(err.to_string().contains("are: check-in"), "{err}");
        let err = draft(
            &ACME.into(),
            "Acme",
            &offered,
            &with("check-in", "soon", None),
            &Fixed,
        );
        assert!(matches!(err, Err(DraftError::When(_))));
        let err = draft(
            &ACME.into(),
            "Acme",
            &offered,
            &with("check-in", "", Some("x")),
            &Fixed,
        );
        assert!(matches!(err, Err(DraftError::FollowUp(_))));
        let ok = draft(
            &ACME.into(),
            "Acme",
            &offered,
            &with("check-in", "", Some("none")),
            &Fixed,
        );
        assert_eq!(ok.unwrap().draft.follow_up, None);
    }

    #[test]
    fn an_ambiguous_name_lists_the_candidates() {
        let err = DraftError::Ambiguous {
            query: "ac".into(),
            candidates: (0..25)
                .map(|i| (AccountId::from(format!("{i}")), format!("Ac {i}")))
                .collect(),
        };
        let text = err.to_string();
        assert!(text.starts_with("`ac` matches 25 accounts; give an id:"));
        assert!(text.contains("\n  19  Ac 19") && !text.contains("Ac 20\n"));
        assert!(text.ends_with("… and 5 more"), "{text}");
    }
}
