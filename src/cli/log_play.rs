//! `orienteer log-play ACCOUNT PLAY`: finds the account (by id or the
//! start of its name, as `orienteer account` does), checks that the play
//! is one the TUI's play logger offers for it, queues the log durably,
//! then tries once to send it (with a short deadline) and prints `<id>
//! sent` or `<id> queued`. Bad input queues
//! nothing (exit 2); a queued log is as good as sent (exit 0): the next
//! flush (the TUI's, or `orienteer outbox flush`) sends it.

use super::args::LogPlayArgs;
use super::context::Context;
use super::Failure;
use crate::clock::when::Typed;
use crate::domain::account::Delivery;
use crate::domain::draft::{log_draft, DraftError, Drafted, Entered};
use crate::domain::text::clean;
use crate::domain::LogId;
use crate::outbox::Outbox;
use crate::source::writeback::check_note;
use chrono::Utc;
use std::io::{Read, Write};
use std::time::Duration;

/// How long `log-play` tries to send before it leaves the log queued.
pub(crate) const SEND_DEADLINE: Duration = Duration::from_secs(8);

pub(crate) async fn run(
    ctx: &Context,
    args: &LogPlayArgs,
    offline: bool,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let Some(outbox) = &ctx.outbox else {
        return Err(Failure::NoStore {
            so: ", so no play can be queued",
        });
    };
    if !offline {
        // It is to be sent: without its token it would only wait.
        ctx.tokens.ready(false).await?;
    }
    let note = match args.note.as_deref() {
        Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| Failure::BadInput {
                    option: "--note -",
                    why: format!("could not read stdin: {e}"),
                })?;
            text
        }
        Some(text) => text.to_string(),
        None => String::new(),
    };
    let entered = Entered {
        play: &args.play,
        outcome: &args.outcome,
        when: args.at.as_deref().unwrap_or("now"),
        follow_up: args.follow_up.as_deref(),
        note: &note,
    };
    // "now" is the as-of instant under `--as-of` (a replayed morning logs
    // on that morning), else the wall clock.
    let time = Typed {
        now: ctx.clock.as_of(Utc::now()).instant,
        zone: ctx.clock.zone,
    };
    let Drafted {
        draft,
        day,
        play_title,
    } = drafted(ctx, &args.account, &entered, &time).await?;
    check_note(ctx.writer.as_ref(), &draft.note).map_err(Failure::NoteTooLong)?;
    let log = outbox
        .queue(&draft, day, &play_title)
        .map_err(|e| Failure::Queue(Box::new(e)))?;
    if !offline {
        // Cut short, the attempt stays uncertain and the next flush checks it.
        let _ = tokio::time::timeout(SEND_DEADLINE, outbox.flush_once(ctx.writer.as_ref())).await;
    }
    report(outbox, &log.id, "", out)
}

/// The draft by the one rule the TUI's logger follows too, on the account
/// `query` names: from the local cache of a live source when the account
/// is there (no network needed), else from a load.
async fn drafted(
    ctx: &Context,
    query: &str,
    entered: &Entered<'_>,
    time: &Typed,
) -> Result<Drafted, Failure> {
    let as_of = ctx.clock.as_of(time.now);
    if let Some(data) = ctx.loader().load_cached(as_of).await {
        match log_draft(&data.engine, &data.portfolio, query, entered, time) {
            Err(DraftError::NoAccount { .. }) => {}
            done => return done.map_err(Failure::from),
        }
    }
    let data = ctx.data().await?;
    log_draft(&data.engine, &data.portfolio, query, entered, time).map_err(Failure::from)
}

/// Prints where the log stands (after `prefix`, e.g. `note `); a failed
/// log is an error (exit 1).
pub(super) fn report(
    outbox: &Outbox,
    id: &LogId,
    prefix: &str,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let row = outbox.list()?.into_iter().find(|r| r.log.id == *id);
    let (state, error) = match row {
        Some(r) => (r.state(), r.log.error),
        None => (Delivery::Queued, None),
    };
    writeln!(out, "{prefix}{id} {}", state.id())?;
    match (state, error) {
        (Delivery::Failed, Some(error)) => Err(Failure::LogFailed {
            id: id.clone(),
            error,
        }),
        (Delivery::Queued, Some(e)) => {
            eprintln!("orienteer: not sent yet: {}", clean(&e));
            Ok(())
        }
        _ => Ok(()),
    }
}
