//! `orienteer snooze ACCOUNT ALERT --until WHEN --reason TEXT`: finds the
//! account (by id or the start of its name, as `account` and `log-play`
//! do), checks that the alert is active on it today, reads the day as the
//! play logger reads days (plus the presets `1w`, `2w`, `1m`), and keeps
//! the snooze in the local store. With `[snooze] write_back`, its note is
//! queued for the source in the same transaction, then sent as `log-play`
//! sends (`note <id> sent` or `queued`). Bad input exits 2 and changes
//! nothing.

use super::args::SnoozeArgs;
use super::context::Context;
use super::log_play::{report, SEND_DEADLINE};
use super::Failure;
use crate::app::load::Data;
use crate::clock::when::parse_until;
use crate::domain::draft::{find_account, DraftError};
use crate::domain::snoozing::entered;
use crate::domain::text::clean;
use chrono::Utc;
use std::io::Write;

pub(crate) async fn run(
    ctx: &Context,
    args: &SnoozeArgs,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let Some(outbox) = &ctx.outbox else {
        return Err(Failure::NoStore {
            so: ", so no snooze can be kept",
        });
    };
    let (data, i) = account_data(ctx, &args.account).await?;
    let portfolio = &data.portfolio;
    let today = portfolio.now;
    let until = parse_until(&args.until, today).map_err(|e| Failure::BadInput {
        option: "--until",
        why: e.to_string(),
    })?;
    let (account, eval) = (&portfolio.accounts[i], &portfolio.evals[i]);
    let snooze = entered(account, eval, &args.alert, today, until, &args.reason)
        .map_err(|e| Failure::Snooze(Box::new(e)))?;
    let note = outbox.snooze(&account.id, &snooze, ctx.snooze_write_back)?;
    writeln!(
        out,
        "Snoozed {} on {} until {}: {}",
        snooze.alert,
        clean(&account.name),
        snooze.until,
        clean(&snooze.reason)
    )?;
    let Some(note) = note else {
        return Ok(());
    };
    // `[snooze] write_back`: the note is queued; like `log-play`, try once
    // to send it (cut short, it stays uncertain and the next flush checks).
    if !ctx.offline {
        let flush = outbox.flush_once(ctx.writer.as_ref());
        let _ = tokio::time::timeout(SEND_DEADLINE, flush).await;
    }
    report(outbox, &note.id, "note ", out)
}

/// The data with the account `query` names, and its index: from the
/// local cache of a live source when the account is there (no network
/// needed), else from a load, as `log-play` finds its account.
pub(super) async fn account_data(ctx: &Context, query: &str) -> Result<(Data, usize), Failure> {
    let as_of = ctx.clock.as_of(Utc::now());
    if let Some(data) = ctx.loader().load_cached(as_of).await {
        match find_account(&data.portfolio, query) {
            Err(DraftError::NoAccount { .. }) => {}
            Ok(i) => return Ok((data, i)),
            Err(e) => return Err(e.into()),
        }
    }
    let data = ctx.data().await?;
    let i = find_account(&data.portfolio, query)?;
    Ok((data, i))
}
