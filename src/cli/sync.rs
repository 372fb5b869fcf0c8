//! `orienteer sync [--full]`: fetch from the live source into the local
//! store now, and say what came: accounts, warnings, time. The first sync
//! into an empty cache also says what the mapping misses.

use super::args::SyncArgs;
use super::context::{warn, Context};
use super::Failure;
use crate::app::load::mapping_report;
use crate::domain::text::clean;
use crate::source::Source;
use chrono::Utc;
use std::io::{IsTerminal, Write};
use std::time::Instant;

pub(crate) async fn run(
    ctx: &Context,
    args: &SyncArgs,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let Some(synced) = &ctx.synced else {
        writeln!(
            out,
            "the demo portfolio is generated, not synced: nothing to do"
        )?;
        return Ok(());
    };
    if ctx.offline {
        return Err(Failure::NotOffline {
            why: "a sync calls the source; run `orienteer sync` without it",
        });
    }
    // A missing token is bad setup (exit 2), said before anything starts.
    ctx.tokens.ready(true).await?;
    if args.allow_delete {
        synced.allow_delete();
    }
    let description = ctx.source.describe();
    let first = !synced.has_synced().await;
    let started = Instant::now();
    let as_of = ctx.clock.as_of(Utc::now());
    let sync = async {
        match args.full {
            true => synced.sync_full(as_of.day).await,
            false => synced.sync(as_of.day).await,
        }
    };
    let result = if std::io::stderr().is_terminal() {
        eprintln!("syncing {description}");
        super::progress_bar::while_running(synced.as_ref(), sync).await
    } else {
        sync.await
    };
    let snapshot = result.map_err(|error| Failure::Sync {
        from: description.clone(),
        error: Box::new(error),
    })?;
    let warnings = snapshot.all_warnings();
    warn(&warnings);
    writeln!(
        out,
        "synced {description}: {}, {} changed, {}, {:.1} s",
        count(snapshot.accounts.len(), "account"),
        synced.last_changed(),
        count(warnings.len(), "warning"),
        started.elapsed().as_secs_f64()
    )?;
    // Once for a mapping: on the first sync, and on the one that reads
    // everything again because the mapping changed.
    if first || remapped(&snapshot.warnings) {
        synced.check_mapping(&snapshot.accounts).await;
        let engine = ctx
            .engine
            .for_book(&synced.recordable(), &snapshot.accounts);
        let lines = mapping_report(&engine, synced.as_ref(), &snapshot.accounts);
        write_mapping(&lines, out)?;
    }
    Ok(())
}

/// Whether a sync's warnings say the mapping changed since the last one.
pub(crate) fn remapped(warnings: &[String]) -> bool {
    warnings.iter().any(|w| w == crate::sync::MAPPING_CHANGED)
}

/// What the mapping misses, under its heading; nothing when it misses
/// nothing.
pub(crate) fn write_mapping(lines: &[String], out: &mut impl Write) -> std::io::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out, "What the mapping misses:")?;
    for line in lines {
        writeln!(out, "  {}", clean(line))?;
    }
    Ok(())
}

/// `1 account`, `2 accounts`.
fn count(n: usize, what: &str) -> String {
    match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    }
}
