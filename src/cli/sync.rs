//! `orienteer sync`: fetch from the live source into the local store now,
//! and say what came: accounts, warnings, time.

use super::context::{warn, Context};
use super::Failure;
use chrono::Utc;
use std::io::{IsTerminal, Write};
use std::time::Instant;

pub async fn run(ctx: &Context, out: &mut impl Write) -> Result<(), Failure> {
    let Some(synced) = &ctx.synced else {
        writeln!(
            out,
            "the demo portfolio is generated, not synced: nothing to do"
        )?;
        return Ok(());
    };
    let description = ctx.source.describe();
    let progress = std::io::stderr().is_terminal();
    if progress {
        eprint!("syncing {description} …");
    }
    let started = Instant::now();
    let as_of = ctx.clock.as_of(Utc::now());
    let result = synced.sync(as_of.day).await;
    if progress {
        eprintln!();
    }
    let snapshot = result.map_err(|e| {
        Failure::Runtime(format!("could not sync {description} ({}): {e}", e.kind()))
    })?;
    warn(&snapshot.warnings);
    writeln!(
        out,
        "synced {description}: {} accounts, {} warnings, {:.1} s",
        snapshot.accounts.len(),
        snapshot.warnings.len(),
        started.elapsed().as_secs_f64()
    )?;
    Ok(())
}
