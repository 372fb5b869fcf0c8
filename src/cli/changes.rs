//! `orienteer changes`: early warning. Accounts that dropped a health band
//! or newly raised a critical alert since a day (yesterday by default),
//! most urgent first, as a table or JSON.

use super::args::{ChangesArgs, DetailFormatTable};
use super::Failure;
use crate::domain::journey::early_warning::{changes, Changes};
use crate::domain::numbers::cell;
use crate::domain::portfolio::Portfolio;
use crate::domain::text::clean;
use crate::domain::Engine;
use chrono::{Duration, NaiveDate};
use std::io::Write;

pub(crate) fn run(
    engine: &Engine,
    p: &Portfolio,
    args: &ChangesArgs,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let since = since(args.since, p.now)?;
    let c = changes(engine, &p.accounts, &p.evals, since, p.now);
    match args.format {
        DetailFormatTable::Json => {
            serde_json::to_writer_pretty(&mut *out, &c).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        DetailFormatTable::Table => table(&c, out)?,
    }
    Ok(())
}

/// The day `--since` gives (`changes`, `digest`), the day before `now` by
/// default; a day after `now` is bad input (exit 2).
pub(crate) fn since(given: Option<NaiveDate>, now: NaiveDate) -> Result<NaiveDate, Failure> {
    let since = given.unwrap_or(now - Duration::days(1));
    if since > now {
        return Err(Failure::BadInput {
            option: "--since",
            why: format!("{since} is after the as-of day {now}; give an earlier day"),
        });
    }
    Ok(since)
}

fn table(c: &Changes, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{} changed since {} (as of {})",
        c.changes.len(),
        c.since,
        c.as_of
    )?;
    if c.changes.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "{:<12} {:<28} {:<8} {:<8} What changed",
        "Id", "Account", "Before", "Now"
    )?;
    for ch in &c.changes {
        writeln!(
            out,
            "{} {} {:<8} {:<8} {}",
            cell(&clean(&ch.id), 12),
            cell(&clean(&ch.name), 28),
            ch.band_before.id(),
            ch.band_now.id(),
            ch.reason
        )?;
    }
    Ok(())
}
