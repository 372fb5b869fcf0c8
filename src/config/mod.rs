//! The config file: the journey model, key bindings and data source, read
//! from TOML and validated so that every problem names its file, line,
//! column and key.
//!
//! The file is found by [`locate`]: `--config PATH`, else the
//! `ORIENTEER_CONFIG` environment variable, else `config.toml` in the
//! platform config directory. A missing platform file is not an error: the
//! built-in defaults are used, with demo data. `config.example.toml` at the
//! repository root (see [`example`]) documents every key.

mod commands;
mod error;
mod http;
mod keypath;
mod locate;
mod merge;
mod parse;
mod perms;
mod snooze;
mod source;
mod sync;
mod views;

pub use commands::{cmd_check, cmd_init, cmd_path, summary};
pub use error::{ConfigError, Invalid, Location};
pub use locate::{locate, locate_with, platform_path, Origin, ENV_VAR};
pub use source::{SourceConfig, SourceKind, TokenSource, UsageConfig, HUBSPOT_BASE_URL};
pub(crate) use sync::DEFAULT_MAX_DELETE_SHARE;

use crate::clock::Zone;
use crate::domain::{Engine, Model};
use crate::keymap::{Action, KeySpec, Keymap};
use crate::saved_views::SavedView;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};

/// A complete, validated configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub model: Model,
    /// The user's key overrides; see [`Keymap::new`].
    pub keys: BTreeMap<Action, Vec<KeySpec>>,
    pub source: SourceConfig,
    /// `[usage]`: a usage feed merged into the source's accounts.
    pub usage: Option<UsageConfig>,
    /// The time zone days are counted in (`timezone`, default: local).
    pub(crate) zone: Zone,
    /// The CSM's own name as owners are written (`me`): "my accounts".
    pub(crate) me: Option<String>,
    /// Whether the TUI takes the mouse (`mouse`, default: true): wheel,
    /// click and double-click. Off leaves the terminal's own selection.
    pub mouse: bool,
    /// How often the TUI syncs a live source (`[sync] interval`); `None`
    /// for only at start and on `r`.
    pub sync_interval: Option<std::time::Duration>,
    /// `[http]`: the deadline, minimum rate, longest wait and largest body
    /// of every request.
    pub http: crate::source::http::Limits,
    /// The share of the cached accounts (0 to 1) a full sync may delete
    /// without `--allow-delete` (`[sync] max_delete_share`, default 0.1).
    pub(crate) max_delete_share: f64,
    /// The file's `[[views]]`, checked; `saved_views::all` puts the
    /// built-in views before them.
    pub views: Vec<SavedView>,
    /// `[snooze] write_back`: a snooze also queues a note on the account
    /// through the outbox (default false).
    pub(crate) snooze_write_back: bool,
    /// The file it was read from; `None` for the built-in defaults.
    pub path: Option<PathBuf>,
}

impl Default for Config {
    /// The built-in defaults, with demo data.
    fn default() -> Config {
        Config {
            model: Model::default(),
            keys: BTreeMap::new(),
            source: SourceConfig::default(),
            usage: None,
            zone: Zone::default(),
            me: None,
            mouse: true,
            sync_interval: sync::SyncConfig::default().interval.0,
            http: crate::source::http::Limits::default(),
            max_delete_share: sync::SyncConfig::default().max_delete_share,
            views: Vec::new(),
            snooze_write_back: false,
            path: None,
        }
    }
}

impl Config {
    /// Parses and validates config text; `path` names the file in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        Ok(parse::parse(text, path)?.0)
    }

    /// The key bindings: the defaults with this config's overrides.
    pub fn keymap(&self) -> Keymap {
        Keymap::new(&self.keys)
    }
}

/// What [`load`] found.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    /// The model, compiled.
    pub engine: Engine,
    /// Where the file was looked for and why there; `None` when there was
    /// no flag, no environment variable and no platform config directory.
    pub location: Option<(PathBuf, Origin)>,
}

impl Loaded {
    /// True when no file was read: the built-in defaults with demo data.
    pub fn is_defaults(&self) -> bool {
        self.config.path.is_none()
    }
}

/// Finds, reads and validates the config file (see [`locate`]).
pub fn load(flag: Option<&Path>) -> Result<Loaded, ConfigError> {
    load_with(flag, std::env::var_os(ENV_VAR), platform_path())
}

/// [`load`] with the environment variable and platform path passed in.
pub fn load_with(
    flag: Option<&Path>,
    env: Option<OsString>,
    platform: Option<PathBuf>,
) -> Result<Loaded, ConfigError> {
    let location = locate_with(flag, env, platform);
    let Some((path, origin)) = &location else {
        return defaults(None);
    };
    if let Some(why) = perms::unsafe_because(path) {
        return Err(ConfigError::Unsafe {
            path: path.clone(),
            why,
        });
    }
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if *origin == Origin::Platform {
                return defaults(location);
            }
            return Err(ConfigError::NotFound {
                path: path.clone(),
                origin: *origin,
            });
        }
        Err(source) => {
            return Err(ConfigError::Read {
                path: path.clone(),
                source,
            })
        }
    };
    let (config, engine) = parse::parse(&text, path)?;
    Ok(Loaded {
        config,
        engine,
        location,
    })
}

fn defaults(location: Option<(PathBuf, Origin)>) -> Result<Loaded, ConfigError> {
    let config = Config::default();
    let engine = Engine::new(config.model.clone()).map_err(|e| Invalid {
        path: PathBuf::from("<built-in defaults>"),
        location: None,
        key: Some(e.path),
        message: e.message,
    })?;
    Ok(Loaded {
        config,
        engine,
        location,
    })
}

/// The documented example config: every key, set to its default.
pub fn example() -> &'static str {
    include_str!("../../config.example.toml")
}
