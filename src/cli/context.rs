//! What every command needs: the config, the compiled model, the key map
//! and the data source, chosen from the flags and the config file.

use super::args::Global;
use super::Failure;
use crate::app::load::{Data, LoadError, Loader};
use crate::app::source::Tokens;
use crate::clock::Clock;
use crate::config::ConfigError;
use crate::domain::Engine;
use crate::keymap::Keymap;
use crate::outbox::Outbox;
use crate::saved_views::SavedView;
use crate::source::writeback::WriteBack;
use crate::source::Source;
use crate::sync::Synced;
use chrono::Utc;
use std::sync::Arc;

pub struct Context {
    pub engine: Arc<Engine>,
    pub keymap: Keymap,
    pub source: Arc<dyn Source>,
    /// The live source as the sync layer sees it; `None` for the demo.
    pub synced: Option<Arc<Synced>>,
    /// The configured time zone, and `--as-of` if given.
    pub clock: Clock,
    /// `me` from the config: who "my accounts" belong to.
    pub me: Option<String>,
    /// Whether the TUI takes the mouse (config `mouse`).
    pub mouse: bool,
    /// How often the TUI syncs: only for a live source.
    pub sync_every: Option<std::time::Duration>,
    /// The saved views: the built-in ones, then the config's.
    pub views: Vec<SavedView>,
    /// Where logged plays are written back (the CRM adapter, or the demo's
    /// local store).
    pub writer: Arc<dyn WriteBack>,
    /// The play outbox of the chosen source; `None` when there is no place
    /// for the local store.
    pub outbox: Option<Outbox>,
    /// The source's tokens, read on first use; a command that must send
    /// reads them first ([`Tokens::ready`]).
    pub tokens: Tokens,
    /// `--offline`: the local cache only.
    pub offline: bool,
    /// How long a load may take ([`crate::app::load::timeout_for`]).
    pub load_timeout: std::time::Duration,
}

pub fn config_failure(e: ConfigError) -> Failure {
    Failure::Config(e)
}

impl Context {
    pub fn load(global: &Global) -> Result<Context, Failure> {
        let loaded = crate::config::load(global.config.as_deref()).map_err(config_failure)?;
        let keymap = loaded.config.keymap();
        // The model (weights, rules, plays) always comes from the config.
        let flags = crate::app::source::Flags {
            demo: global.demo,
            demo_size: global.demo_size,
            offline: global.offline,
        };
        let chosen = crate::app::source::choose_source(
            flags,
            &loaded.config.source,
            loaded.config.usage.as_ref(),
            loaded.config.me.as_deref(),
            loaded.config.http,
            crate::sync::DeleteGuard {
                max_share: loaded.config.max_delete_share,
                allow: false,
            },
        )?;
        let chosen_live = chosen.synced.is_some();
        let views = crate::saved_views::all(&loaded.engine, &loaded.config.views);
        // A store file that will not open is moved aside before anything
        // uses it, its queued plays carried over.
        if let Ok(path) = crate::store::Store::default_path() {
            if path.exists() {
                if let Some(line) = crate::store::recover::open_or_recover(&path) {
                    eprintln!("orienteer: {line}");
                }
            }
        }
        let outbox = crate::store::Store::default_path()
            .ok()
            .map(|path| Outbox::new(path, chosen.key.clone()));
        Ok(Context {
            engine: Arc::new(loaded.engine),
            keymap,
            source: chosen.source,
            synced: chosen.synced,
            clock: Clock::new(loaded.config.zone, global.as_of),
            me: loaded.config.me.clone(),
            mouse: loaded.config.mouse,
            sync_every: chosen_live.then_some(loaded.config.sync_interval).flatten(),
            views,
            writer: chosen.writer,
            outbox,
            tokens: chosen.tokens,
            offline: global.offline,
            load_timeout: crate::app::load::timeout_for(&loaded.config.http),
        })
    }

    pub fn loader(&self) -> Loader {
        let mut loader =
            Loader::new(self.engine.clone(), self.source.clone()).with_timeout(self.load_timeout);
        // A live sync's scores are recorded in the store, day by day.
        if let Some(synced) = &self.synced {
            loader = loader.with_scores(synced.scores());
        }
        match &self.outbox {
            Some(outbox) => loader.with_outbox(outbox.clone()),
            None => loader,
        }
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
            // The whole load ran out of time (a source that answers too
            // slowly for every retry): the cache answers, as when the
            // source fails outright.
            Err(e @ LoadError::TimedOut(_)) if !self.offline && self.synced.is_some() => {
                match self.loader().load_cached(as_of).await {
                    Some(mut data) => {
                        data.warnings.insert(
                            0,
                            format!(
                                "could not sync ({}): {} {e}; showing the cache",
                                e.kind(),
                                self.source.describe()
                            ),
                        );
                        data
                    }
                    None => {
                        return Err(Failure::Load {
                            from: self.source.describe(),
                            error: Box::new(e),
                        })
                    }
                }
            }
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
        warn(&data.warnings);
        if self.offline && self.synced.is_some() {
            say_offline(data.fetched_at);
        }
        // The first sync into an empty cache, and the first after a mapping
        // change, say what the mapping misses.
        if (first || super::sync::remapped(&data.warnings)) && !data.mapping.is_empty() {
            let mut text = Vec::new();
            super::sync::write_mapping(&data.mapping, &mut text)?;
            eprint!("{}", String::from_utf8_lossy(&text));
        }
        Ok(data)
    }
}

/// `--offline`'s line on stderr: whose data, and how old.
pub fn say_offline(fetched_at: chrono::DateTime<Utc>) {
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
pub fn warn(warnings: &[String]) {
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
        // The TUI's header says a day, not 30 h (the CLI's own rule did).
        assert_eq!(crate::tui::views::format::age(at, now), "1 day ago");
        assert_eq!(
            offline_line(at, now),
            "orienteer: offline: the cache of the last sync, 1 day ago (2026-11-22 03:30 UTC)"
        );
    }
}
