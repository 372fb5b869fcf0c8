//! What every face needs: the config, the compiled model, the key map and
//! the data source, chosen from the flags and the config file.

use super::load::Loader;
use super::source::{Flags, SetupError, Tokens};
use crate::clock::{Clock, Pin};
use crate::config::ConfigError;
use crate::domain::Engine;
use crate::keymap::Keymap;
use crate::outbox::Outbox;
use crate::saved_views::SavedView;
use crate::source::writeback::WriteBack;
use crate::source::Source;
use crate::sync::Synced;
use std::path::PathBuf;
use std::sync::Arc;

/// What the command line says about the context: `--config`, the source
/// flags and `--as-of`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub config: Option<PathBuf>,
    pub flags: Flags,
    pub as_of: Option<Pin>,
}

/// Why a context could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ContextError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Setup(#[from] SetupError),
}

pub struct Context {
    pub(crate) engine: Arc<Engine>,
    pub(crate) keymap: Keymap,
    pub(crate) source: Arc<dyn Source>,
    /// The live source as the sync layer sees it; `None` for the demo.
    pub(crate) synced: Option<Arc<Synced>>,
    /// The configured time zone, and `--as-of` if given.
    pub(crate) clock: Clock,
    /// `me` from the config: who "my accounts" belong to.
    pub(crate) me: Option<String>,
    /// Whether the TUI takes the mouse (config `mouse`).
    pub(crate) mouse: bool,
    /// How often the TUI syncs: only for a live source.
    pub(crate) sync_every: Option<std::time::Duration>,
    /// The saved views: the built-in ones, then the config's.
    pub(crate) views: Vec<SavedView>,
    /// Where logged plays are written back (the CRM adapter, or the demo's
    /// local store).
    pub(crate) writer: Arc<dyn WriteBack>,
    /// The play outbox of the chosen source; `None` when there is no place
    /// for the local store.
    pub(crate) outbox: Option<Outbox>,
    /// The source's tokens, read on first use; a command that must send
    /// reads them first ([`Tokens::ready`]).
    pub(crate) tokens: Tokens,
    /// `--offline`: the local cache only.
    pub(crate) offline: bool,
    /// How long a load may take ([`super::load::timeout_for`]).
    pub load_timeout: std::time::Duration,
    /// The line saying a damaged store file was moved aside, if it was.
    pub(crate) recovered: Option<String>,
    /// `[snooze] write_back`: a snooze also queues a note on the account
    /// ([`Outbox::snooze`]).
    pub(crate) snooze_write_back: bool,
}

impl Context {
    /// Reads the config, compiles the model, chooses the source and its
    /// writer; a store file that will not open is moved aside first, its
    /// queued plays carried over ([`Context::recovered`] says so).
    pub fn open(options: &Options) -> Result<Context, ContextError> {
        let loaded = crate::config::load(options.config.as_deref())?;
        let keymap = loaded.config.keymap();
        // The model (weights, rules, plays) always comes from the config.
        let chosen = super::source::choose_source(
            options.flags,
            &loaded.config.source,
            loaded.config.usage.as_ref(),
            loaded.config.me.as_deref(),
            loaded.config.http,
            crate::sync::DeleteGuard {
                max_share: loaded.config.max_delete_share,
            },
        )?;
        let chosen_live = chosen.synced.is_some();
        let views = crate::saved_views::all(&loaded.engine, &loaded.config.views);
        // A store file that will not open is moved aside before anything
        // uses it, its queued plays carried over.
        let recovered = crate::store::Store::default_path()
            .ok()
            .filter(|path| path.exists())
            .and_then(|path| crate::store::recover::open_or_recover(&path));
        let outbox = crate::store::Store::default_path()
            .ok()
            .map(|path| Outbox::new(path, chosen.key.clone()));
        Ok(Context {
            engine: Arc::new(loaded.engine),
            keymap,
            source: chosen.source,
            synced: chosen.synced,
            clock: Clock::new(loaded.config.zone, options.as_of),
            me: loaded.config.me.clone(),
            mouse: loaded.config.mouse,
            sync_every: chosen_live.then_some(loaded.config.sync_interval).flatten(),
            views,
            writer: chosen.writer,
            outbox,
            tokens: chosen.tokens,
            offline: options.flags.offline,
            load_timeout: super::load::timeout_for(&loaded.config.http),
            recovered,
            snooze_write_back: loaded.config.snooze_write_back,
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
}
