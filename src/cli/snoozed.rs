//! `orienteer snoozed [--format json]`: the snoozes kept in the local
//! store for this source, sorted by the day they end, each with its
//! account, alert, reason, the day it was made, and whether it has woken
//! (its day came, the alert got worse or more severe) as of today (or
//! `--as-of`). An ended snooze is listed for 30 days after its day, then
//! forgotten (deleted here, or by the next load). Text fits 80 columns;
//! every name is cleaned.

use super::args::{SnoozedArgs, SnoozedFormat};
use super::context::Context;
use super::Failure;
use crate::domain::snooze::SnoozeWake;
use crate::domain::snoozing::{listing, SnoozedItem};
use crate::domain::text::shorten;
use std::io::Write;

pub(crate) async fn run(
    ctx: &Context,
    args: &SnoozedArgs,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let rows = match &ctx.outbox {
        Some(outbox) => {
            let as_of = ctx.clock.as_of(chrono::Utc::now());
            outbox.forget_snoozes(as_of.cleanup_day())?;
            outbox.snoozes()?
        }
        None => Vec::new(),
    };
    let items = match rows.is_empty() {
        true => Vec::new(),
        false => {
            let data = ctx.data().await?;
            let rows: Vec<_> = rows.into_iter().map(|r| (r.account_id, r.snooze)).collect();
            listing(&data.portfolio, &rows)
        }
    };
    match args.format {
        SnoozedFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &items).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        SnoozedFormat::Text => write_text(&items, out)?,
    }
    Ok(())
}

/// What a snooze's state reads as in the list.
fn state(item: &SnoozedItem) -> &'static str {
    match (item.woken, item.active) {
        (None, true) => "holds",
        (None, false) => "no alert",
        (Some(SnoozeWake::Date), _) => "ended",
        (Some(SnoozeWake::Worse), _) => "woke: worse",
        (Some(SnoozeWake::SeverityUp), _) => "woke: severer",
    }
}

/// Two lines a snooze, within 80 columns: the day it ends, the account,
/// the alert and its state; then the reason and the day it was made.
fn write_text(items: &[SnoozedItem], out: &mut impl Write) -> std::io::Result<()> {
    if items.is_empty() {
        return writeln!(out, "No snoozes.");
    }
    for item in items {
        writeln!(
            out,
            "{}  {:<26}  {:<22}  {}",
            item.until,
            shorten(&item.account, 26),
            item.alert.id(),
            state(item)
        )?;
        let since = format!(" (since {})", item.at);
        let room = 80 - 12 - since.len();
        writeln!(out, "            {}{since}", shorten(&item.reason, room))?;
    }
    Ok(())
}
