//! The follow-up due on an account, as the faces name it: which play is
//! due and since when ("win-back due 2d ago"). The "Follow-ups due" view's
//! Why column, `watchlist --view "Follow-ups due"` and the account view
//! all say it from here. Pure: `now` comes in.

use super::account::Account;
use super::calendar::days_between;
use super::listing::Filter;
use super::numbers::{cut, fit, width};
use super::play::due_follow_ups;
use super::vocab::PlayId;
use chrono::NaiveDate;
use serde::Serialize;

/// The earliest follow-up due on an account and not acted on since.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct DueFollowUp {
    /// The play whose follow-up it is.
    pub(crate) play: PlayId,
    /// The follow-up day the CSM set.
    pub(crate) due: NaiveDate,
    /// Days since it came due (0: today).
    pub(crate) days: i64,
    /// The day the play was logged.
    pub(crate) logged: NaiveDate,
}

/// The earliest of the follow-ups due on `account` by `now` (see
/// [`due_follow_ups`]: logging the same play again answers one); `None`
/// when none is due.
pub(crate) fn due_follow_up(account: &Account, now: NaiveDate) -> Option<DueFollowUp> {
    let (log, due) = due_follow_ups(account, now).min_by_key(|&(_, f)| f)?;
    Some(DueFollowUp {
        play: log.play_id.clone(),
        due,
        days: days_between(due, now),
        logged: log.at,
    })
}

impl DueFollowUp {
    /// "win-back due 2d ago", "win-back due today": the Why of a list of
    /// follow-ups due.
    pub(crate) fn why(&self) -> String {
        format!("{} due {}", self.play, self.when())
    }

    /// [`DueFollowUp::why`] in `columns`: the play's id is cut first
    /// ("escalate-poor-h… due 2d ago"), so how long it has been due shows
    /// in a narrow column too.
    pub(crate) fn why_in(&self, columns: usize) -> String {
        let due = format!(" due {}", self.when());
        let play = columns.saturating_sub(width(&due));
        match width(self.play.as_str()) <= play {
            true => format!("{}{due}", self.play),
            false if play >= 4 => format!("{}{due}", cut(self.play.as_str(), play)),
            false => fit(&self.why(), columns),
        }
    }

    /// "2d ago", "today".
    fn when(&self) -> String {
        match self.days {
            0 => "today".into(),
            d => format!("{d}d ago"),
        }
    }

    /// The account view's first line: "Follow-up due 2d ago: win-back
    /// (logged 11-24)".
    pub(crate) fn headline(&self) -> String {
        format!(
            "Follow-up due {}: {} (logged {})",
            self.when(),
            self.play,
            self.logged.format("%m-%d")
        )
    }
}

/// What the Why column tells in a list: why each account is where it is
/// in the attention order, or, in a list of follow-ups due, which is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Why {
    #[default]
    Attention,
    FollowUp,
}

impl Why {
    /// The Why a list filtered by `filter` shows: the follow-up due when
    /// the list is the follow-ups due.
    pub(crate) fn of(filter: &Filter) -> Why {
        match filter.follow_up_due {
            true => Why::FollowUp,
            false => Why::Attention,
        }
    }

    /// The Why cell in `columns` (cut with `…`): `attention` (the
    /// attention order's reason), or the follow-up due when this Why asks
    /// for it and there is one.
    pub(crate) fn text(
        self,
        follow_up: Option<&DueFollowUp>,
        attention: impl FnOnce() -> String,
        columns: usize,
    ) -> String {
        match (self, follow_up) {
            (Why::FollowUp, Some(f)) => f.why_in(columns),
            _ => fit(&attention(), columns),
        }
    }
}
