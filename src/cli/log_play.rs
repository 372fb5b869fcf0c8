//! `orienteer log-play ACCOUNT PLAY`: finds the account (by id or the
//! start of its name, as `orienteer account` does), checks that the play
//! is one the TUI's play logger offers for it, queues the log durably,
//! then tries once to send it (with a short deadline) and prints `<id>
//! sent` or `<id> queued`. Bad input queues
//! nothing (exit 2); a queued log is as good as sent (exit 0): the next
//! flush (the TUI's, or `orienteer outbox flush`) sends it.

use super::account::lookup;
use super::args::{LogPlayArgs, OutcomeArg};
use super::context::Context;
use super::Failure;
use crate::clock::when::{parse_at, parse_follow_up};
use crate::domain::account::{Delivery, PlayOutcome};
use crate::domain::logging::{choices, Choice, LogDraft};
use crate::domain::report::watch_item;
use crate::domain::text::clean;
use crate::domain::{Account, LogId};
use crate::load::Data;
use crate::outbox::Outbox;
use crate::source::writeback::check_note;
use chrono::{TimeDelta, Utc};
use std::io::{Read, Write};
use std::time::Duration;

/// How long `log-play` tries to send before it leaves the log queued.
pub const SEND_DEADLINE: Duration = Duration::from_secs(8);

pub async fn run(
    ctx: &Context,
    args: &LogPlayArgs,
    offline: bool,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let Some(outbox) = &ctx.outbox else {
        return Err(Failure::Runtime(
            "no place for the local store, so no play can be queued: set ORIENTEER_DATA".into(),
        ));
    };
    if !offline {
        // It is to be sent: without its token it would only wait.
        ctx.tokens.ready(false).await?;
    }
    let now = Utc::now();
    let zone = ctx.clock.zone;
    let at = match &args.at {
        Some(text) => {
            parse_at(text, now, zone).map_err(|e| Failure::Usage(format!("--at: {e}")))?
        }
        None => now,
    };
    let day = zone.day(at);
    let (account, offered) = find_account(ctx, &args.account).await?;
    let Some(play) = offered.iter().find(|c| c.play_id.as_str() == args.play) else {
        let ids: Vec<&str> = offered.iter().map(|c| c.play_id.as_str()).collect();
        return Err(Failure::Usage(format!(
            "no play `{}`; the plays offered for {} ({}) are: {}",
            clean(&args.play),
            clean(account.id.as_str()),
            clean(&account.name),
            ids.join(", ")
        )));
    };
    let default = play
        .follow_up_days
        .map(|d| day + TimeDelta::days(i64::from(d)));
    let follow_up = match &args.follow_up {
        Some(text) => parse_follow_up(text, zone.day(now), default)
            .map_err(|e| Failure::Usage(format!("--follow-up: {e}")))?,
        None => default,
    };
    let note = match args.note.as_deref() {
        Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| Failure::Usage(format!("--note -: could not read stdin: {e}")))?;
            text.trim_end().to_string()
        }
        Some(text) => text.to_string(),
        None => String::new(),
    };
    let draft = LogDraft {
        account_id: account.id.clone(),
        play_id: play.play_id.clone(),
        outcome: outcome(args.outcome),
        note,
        at,
        follow_up,
        prompted_by: play.recommendation_id.clone(),
    };
    check_note(ctx.writer.as_ref(), &draft.note).map_err(Failure::Usage)?;
    let log = outbox
        .queue(&draft, day, &play.title)
        .map_err(|e| Failure::Runtime(format!("could not queue the log: {e}")))?;
    if !offline {
        // Cut short, the attempt stays uncertain and the next flush checks it.
        let _ = tokio::time::timeout(SEND_DEADLINE, outbox.flush_once(ctx.writer.as_ref())).await;
    }
    report(outbox, &log.id, out)
}

/// Prints where the log stands; a failed log is an error (exit 1).
fn report(outbox: &Outbox, id: &LogId, out: &mut impl Write) -> Result<(), Failure> {
    let row = outbox
        .list()
        .map_err(|e| Failure::Runtime(e.to_string()))?
        .into_iter()
        .find(|r| r.log.id == *id);
    let (state, error) = match row {
        Some(r) => (r.state(), r.log.error),
        None => (Delivery::Queued, None),
    };
    writeln!(out, "{id} {}", state.id())?;
    match (state, error) {
        (Delivery::Failed, Some(e)) => Err(Failure::Runtime(format!(
            "log {id} failed: {e}; fix it and run `orienteer outbox retry {id}`, or discard it"
        ))),
        (Delivery::Queued, Some(e)) => {
            eprintln!("orienteer: not sent yet: {}", clean(&e));
            Ok(())
        }
        _ => Ok(()),
    }
}

fn outcome(o: OutcomeArg) -> PlayOutcome {
    match o {
        OutcomeArg::Done => PlayOutcome::Done,
        OutcomeArg::NoAnswer => PlayOutcome::NoAnswer,
        OutcomeArg::Rescheduled => PlayOutcome::Rescheduled,
        OutcomeArg::Declined => PlayOutcome::Declined,
    }
}

/// The account `query` names (as `orienteer account` finds it: its id, or
/// the start of its name) and the plays offered for it, which the TUI's
/// play logger offers too. From the local cache of a live source when it
/// is there (no network needed), else from a load.
async fn find_account(ctx: &Context, query: &str) -> Result<(Account, Vec<Choice>), Failure> {
    let as_of = ctx.clock.as_of(Utc::now());
    if let Some(data) = ctx.loader().load_cached(as_of).await {
        if let Some(i) = lookup(&data.portfolio, query)? {
            return Ok(offered(&data, i));
        }
    }
    let data = ctx.data().await?;
    match lookup(&data.portfolio, query)? {
        Some(i) => Ok(offered(&data, i)),
        None => Err(Failure::Usage(format!(
            "no account with id `{}` or a name starting so; nothing was queued",
            clean(query)
        ))),
    }
}

/// The account and the plays offered for it, by the book's engine (the
/// one its evaluation used).
fn offered(data: &Data, i: usize) -> (Account, Vec<Choice>) {
    let (p, engine) = (&data.portfolio, &data.engine);
    let (account, eval) = (&p.accounts[i], &p.evals[i]);
    let item = watch_item(engine, account, eval, p.now);
    let offered = choices(engine, eval.stage, &item.recommended_plays);
    (account.clone(), offered)
}
