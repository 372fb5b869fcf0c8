//! The command line's side of the context ([`crate::app::context`]):
//! built from the flags, its data loaded with the source's warnings and
//! what the mapping misses said on stderr.

use super::args::Global;
use super::Failure;
pub(crate) use crate::app::context::{Context, Options};
use crate::app::load::Data;
use chrono::Utc;

impl Context {
    /// The context the flags and the config file give, for a command.
    pub(crate) fn load(global: &Global) -> Result<Context, Failure> {
        let options = Options {
            config: global.config.clone(),
            flags: crate::app::source::Flags {
                demo: global.demo,
                demo_size: global.demo_size,
                offline: global.offline,
            },
            as_of: global.as_of,
        };
        let ctx = Context::open(&options)?;
        if let Some(line) = &ctx.recovered {
            eprintln!("orienteer: {line}");
        }
        Ok(ctx)
    }

    /// Fetches from the source and evaluates every account, as of now (or
    /// `--as-of`) in the configured zone; the source's warnings go to stderr,
    /// and `--offline` says how old the cache is there. The data's engine,
    /// not `self.engine`, is the one for its accounts.
    pub async fn data(&self) -> Result<Data, Failure> {
        let as_of = self.clock.as_of(Utc::now());
        let first = match &self.synced {
            Some(synced) => !synced.has_synced().await,
            None => false,
        };
        let data = match self.loader().load(as_of).await {
            Ok(data) => data,
            // A load that ran out of time has already fallen back on the
            // cache, when there is one (the loader does it for both faces).
            Err(e) => {
                // With no cache to fall back on, a token that cannot be
                // read is bad setup (exit 2), named as such.
                if !self.offline {
                    self.tokens.ready(true).await?;
                }
                return Err(Failure::Load {
                    from: self.source.describe(),
                    error: Box::new(e),
                });
            }
        };
        let offline = (self.offline && self.synced.is_some()).then_some(data.fetched_at);
        report(&data.warnings, offline, &data.mapping, first)?;
        Ok(data)
    }
}

/// What a load says on stderr besides its rows, for every command that
/// loads: its warnings, `--offline`'s line (when the data is the cache
/// fetched at `offline`), and what the mapping misses on the first sync
/// into an empty cache (`first`) or the first after a mapping change.
pub(crate) fn report(
    warnings: &[String],
    offline: Option<chrono::DateTime<Utc>>,
    mapping: &[String],
    first: bool,
) -> std::io::Result<()> {
    warn(warnings);
    if let Some(fetched_at) = offline {
        say_offline(fetched_at);
    }
    if (first || super::sync::remapped(warnings)) && !mapping.is_empty() {
        let mut text = Vec::new();
        super::sync::write_mapping(mapping, &mut text)?;
        eprint!("{}", String::from_utf8_lossy(&text));
    }
    Ok(())
}

/// `--offline`'s line on stderr: whose data, and how old.
pub(crate) fn say_offline(fetched_at: chrono::DateTime<Utc>) {
    eprintln!("{}", offline_line(fetched_at, Utc::now()));
}

/// The `--offline` line for a cache fetched at `fetched_at`, as of `now`:
/// its age reads as the TUI's header says it.
fn offline_line(fetched_at: chrono::DateTime<Utc>, now: chrono::DateTime<Utc>) -> String {
    format!(
        "orienteer: offline: the cache of the last sync, {} ({})",
        crate::domain::numbers::ago(fetched_at, now),
        fetched_at.format("%Y-%m-%d %H:%M UTC")
    )
}

/// How many warnings a command prints before it counts the rest.
const WARNINGS_SHOWN: usize = 10;

/// Prints what the source reported as wrong but not fatal on stderr.
pub(crate) fn warn(warnings: &[String]) {
    for w in warnings.iter().take(WARNINGS_SHOWN) {
        eprintln!("orienteer: warning: {}", crate::domain::text::clean(w));
    }
    if warnings.len() > WARNINGS_SHOWN {
        eprintln!(
            "orienteer: … and {} more warnings",
            warnings.len() - WARNINGS_SHOWN
        );
    }
}

#[cfg(test)]
mod tests {
    use super::offline_line;

    #[test]
    fn the_offline_line_says_the_age_as_the_tui_does() {
        let now: chrono::DateTime<chrono::Utc> = "2026-11-23T09:30:00Z".parse().unwrap();
        let at = now - chrono::TimeDelta::hours(30);
        // A day, as the TUI's header says (the CLI's own rule said 30 h).
        assert_eq!(
            offline_line(at, now),
            "orienteer: offline: the cache of the last sync, 1 day ago (2026-11-22 03:30 UTC)"
        );
    }
}
