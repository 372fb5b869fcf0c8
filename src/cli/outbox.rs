//! `orienteer outbox [list | flush | retry ID | discard ID]`: the logged
//! plays of the configured source and where their write-back stands.

use super::args::{DetailFormat, OutboxAction};
use super::context::Context;
use super::Failure;
use crate::domain::text::clean;
use crate::domain::LogId;
use crate::store::OutboxRow;
use chrono::SecondsFormat;
use serde_json::json;
use std::io::Write;

pub(crate) async fn run(
    ctx: &Context,
    action: Option<OutboxAction>,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let Some(outbox) = &ctx.outbox else {
        return Err(Failure::NoStore { so: "" });
    };
    let action = action.unwrap_or(OutboxAction::List {
        format: DetailFormat::Text,
    });
    match action {
        OutboxAction::List { format } => {
            let rows = outbox.list()?;
            match format {
                DetailFormat::Json => {
                    let all: Vec<_> = rows.iter().map(row_json).collect();
                    serde_json::to_writer_pretty(&mut *out, &all).map_err(std::io::Error::from)?;
                    writeln!(out)?;
                }
                DetailFormat::Text => write_table(&rows, out)?,
            }
        }
        OutboxAction::Flush => {
            if ctx.offline {
                return Err(Failure::NotOffline {
                    why: "a flush sends to the source; run it without --offline",
                });
            }
            // "Send now": what waits out a backoff goes too. A token is
            // needed only when something waits to be sent.
            if outbox.waiting()? > 0 {
                ctx.tokens.ready(false).await?;
            }
            let report = outbox.flush_now(ctx.writer.as_ref()).await?;
            for u in &report.updates {
                let why = u
                    .error
                    .as_deref()
                    .map_or(String::new(), |e| format!(": {}", clean(e)));
                writeln!(out, "{} {}{why}", u.log_id, u.state.id())?;
            }
            writeln!(
                out,
                "sent {}, failed {}, not through {}; {} waiting",
                report.sent, report.failed, report.later, report.waiting
            )?;
        }
        OutboxAction::Retry { id } => {
            let row = outbox.retry(&LogId::from(id))?;
            writeln!(out, "{} queued", row.log.id)?;
        }
        OutboxAction::Discard { id } => {
            let row = outbox.discard(&LogId::from(id))?;
            writeln!(out, "{} discarded", row.log.id)?;
        }
    }
    Ok(())
}

fn row_json(r: &OutboxRow) -> serde_json::Value {
    let time = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    let l = &r.log;
    json!({
        "id": clean(l.id.as_str()),
        "account_id": clean(r.account_id.as_str()),
        "kind": r.kind.id(),
        "play": clean(l.play_id.as_str()),
        "outcome": l.outcome.id(),
        "at": l.at,
        "instant": time(r.at),
        "note": clean(&l.note),
        "follow_up": l.follow_up,
        "state": r.state().id(),
        "error": l.error.as_deref().map(clean),
        "attempts": r.attempts,
        "next_attempt": time(r.next_at),
        "queued_at": time(r.created_at),
        "sent_at": r.sent_at.map(time),
    })
}

fn write_table(rows: &[OutboxRow], out: &mut impl Write) -> Result<(), Failure> {
    if rows.is_empty() {
        writeln!(out, "the outbox is empty")?;
        return Ok(());
    }
    writeln!(
        out,
        "{:<26}  {:<12}  {:<20}  {:<10}  {:<6}  {:>3}  ERROR",
        "ID", "ACCOUNT", "PLAY", "DAY", "STATE", "TRY"
    )?;
    for r in rows {
        writeln!(
            out,
            "{:<26}  {:<12}  {:<20}  {:<10}  {:<6}  {:>3}  {}",
            clean(r.log.id.as_str()),
            clean(r.account_id.as_str()),
            clean(r.log.play_id.as_str()),
            r.log.at,
            r.state().id(),
            r.attempts,
            clean(r.log.error.as_deref().unwrap_or(""))
        )?;
    }
    Ok(())
}
