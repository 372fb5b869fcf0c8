//! `p` with marks: one play logger for every marked account. The form
//! offers the plays every marked account is offered
//! ([`crate::domain::logging::common_choices`]); submitting drafts one log
//! per account by the rule a single log follows (each with its own
//! recommendation), and the store thread queues each in the outbox as its
//! own row with its own id ([`Effect::QueueAll`]), so each reaches the
//! source exactly once. Each answer comes back as a [`Msg::Queued`] of its
//! own; once all are in, the form closes and the status line says "queued
//! 12 logs", naming any account whose log the store refused.
//!
//! [`Msg::Queued`]: crate::tui::update::Msg::Queued

use super::plural;
use crate::domain::account::PlayLog;
use crate::domain::draft::{draft, Drafted, Entered};
use crate::domain::logging::{common_choices, Choice};
use crate::domain::vocab::AccountId;
use crate::tui::form::refused;
use crate::tui::logger::{Field, Logger};
use crate::tui::plays::{insert_log, QueueError, NO_SINK};
use crate::tui::state::{App, Mode};
use crate::tui::update::{Effect, Outcome};

/// One marked account of a bulk log.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub id: AccountId,
    /// Cleaned.
    pub name: String,
    /// The plays it is offered, with its own recommendations.
    pub(crate) choices: Vec<Choice>,
}

/// The bulk side of a play logger opened on marks.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkLog {
    pub targets: Vec<Target>,
    /// Answers from the store thread still to come.
    pub(crate) waiting: usize,
    pub(crate) queued: usize,
    /// "Harbor Solar: why", for each log the store refused.
    pub(crate) failed: Vec<String>,
}

impl BulkLog {
    /// The targets' names, for the form.
    pub(crate) fn names(&self) -> Vec<String> {
        self.targets.iter().map(|t| t.name.clone()).collect()
    }
}

/// `p` with marks: the logger on every marked account, or why not.
pub(crate) fn open(app: &mut App) {
    if app.play_sink.is_none() {
        app.notice = Some(NO_SINK.into());
        return;
    }
    let Some(p) = app.shown() else {
        return;
    };
    let targets: Vec<Target> = app
        .marked()
        .into_iter()
        .map(|i| Target {
            id: p.account(i).id.clone(),
            name: crate::domain::text::clean(&p.account(i).name).into_owned(),
            choices: crate::domain::draft::offered(&app.engine, p.account(i), p.eval(i)),
        })
        .collect();
    let lists: Vec<Vec<Choice>> = targets.iter().map(|t| t.choices.clone()).collect();
    let common = common_choices(&lists);
    let Some(first) = targets.first() else {
        return;
    };
    if common.is_empty() {
        app.notice = Some(format!(
            "no play is offered on all {} marked accounts: mark fewer, or of one stage",
            targets.len()
        ));
        return;
    }
    let mut logger = Logger::new_on(
        first.id.clone(),
        super::plural(targets.len(), "account"),
        common,
    );
    logger.bulk = Some(BulkLog {
        targets,
        waiting: 0,
        queued: 0,
        failed: Vec::new(),
    });
    app.mode = Mode::Logging(Box::new(logger));
}

/// The logs of a bulk form, one per account, by the rule of one log; the
/// form's fields checked first (on the common plays), then each account's
/// (named when it is at fault).
pub(crate) fn drafts(
    logger: &Logger,
    bulk: &BulkLog,
    entered: &Entered,
    time: &dyn crate::domain::draft::ReadTime,
) -> Result<Vec<Drafted>, (Field, String)> {
    bulk.targets
        .iter()
        .map(|t| {
            draft(&t.id, &t.name, &t.choices, entered, time)
                .map_err(|e| (logger.focus, format!("{}: {e}", t.name)))
        })
        .collect()
}

/// Submits a bulk form: each log checked as one would be, then all of
/// them handed to the store thread at once ([`Effect::QueueAll`]).
pub(crate) fn submit(app: &mut App, drafted: Vec<Drafted>) -> Outcome {
    let Some(sink) = app.play_sink.clone() else {
        app.notice = Some(NO_SINK.into());
        return redraw(None);
    };
    let checked = drafted.iter().try_for_each(|d| {
        sink.check(&d.draft)
            .map_err(|e| (d.draft.account_id.clone(), e))
    });
    let Some(l) = app.logger_mut() else {
        return Outcome::default();
    };
    let Some(bulk) = l.bulk.as_mut() else {
        return Outcome::default();
    };
    if let Err((id, why)) = checked {
        let name = name_of(bulk, &id);
        l.error = Some((l.focus, format!("{name}: {}", refused("queued", &why))));
        return redraw(None);
    }
    bulk.waiting = drafted.len();
    l.queuing = true;
    redraw(Some(Effect::QueueAll(drafted)))
}

/// One answer of the store thread for a bulk form: the log shows on its
/// account; when all are in, the form closes and the status line counts
/// them, naming the accounts whose logs were refused.
pub(crate) fn queued(app: &mut App, account: AccountId, result: Result<PlayLog, QueueError>) {
    let Some(bulk) = app.logger_mut().and_then(|l| l.bulk.as_mut()) else {
        return;
    };
    bulk.waiting = bulk.waiting.saturating_sub(1);
    let ok = match result {
        Ok(log) => {
            bulk.queued += 1;
            Some(log)
        }
        Err(why) => {
            let name = name_of(bulk, &account);
            bulk.failed
                .push(format!("{name}: {}", refused("queued", &why)));
            None
        }
    };
    let done = bulk.waiting == 0;
    if let Some(log) = ok {
        app.deliveries.waiting += 1;
        insert_log(app, &account, log);
    }
    if !done {
        return;
    }
    let Some(bulk) = app.close_logger().and_then(|l| l.bulk) else {
        return;
    };
    let mut words = format!("queued {}", plural(bulk.queued, "log"));
    if let Some(first) = bulk.failed.first() {
        words.push_str(&format!(" · {first}"));
        if bulk.failed.len() > 1 {
            words.push_str(&format!(" (and {} more)", bulk.failed.len() - 1));
        }
    }
    app.notice = Some(words);
}

fn name_of(bulk: &BulkLog, id: &AccountId) -> String {
    bulk.targets
        .iter()
        .find(|t| t.id == *id)
        .map_or_else(|| id.to_string(), |t| t.name.clone())
}

fn redraw(effect: Option<Effect>) -> Outcome {
    Outcome {
        redraw: true,
        effect,
    }
}
