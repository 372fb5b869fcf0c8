//! What every command needs: the config, the compiled model, the key map
//! and the data source, chosen from the flags and the config file.

use super::args::Global;
use super::Failure;
use crate::config::{ConfigError, SourceConfig};
use crate::domain::portfolio::Portfolio;
use crate::domain::Engine;
use crate::keymap::Keymap;
use crate::source::demo::Demo;
use crate::source::Source;
use std::sync::Arc;

pub struct Context {
    pub engine: Arc<Engine>,
    pub keymap: Keymap,
    pub source: Arc<dyn Source>,
}

pub fn config_failure(e: ConfigError) -> Failure {
    Failure::Usage(e.to_string())
}

/// The day accounts are evaluated for: today, where the CSM is.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

impl Context {
    pub fn load(global: &Global) -> Result<Context, Failure> {
        let loaded = crate::config::load(global.config.as_deref()).map_err(config_failure)?;
        let keymap = loaded.config.keymap();
        // The demo is the only source so far. When live sources come, `--demo`
        // and `--demo-size` choose the demo whatever the config names; the
        // model (weights, rules, plays) always comes from the config.
        let configured_size = match loaded.config.source {
            SourceConfig::Demo { size } => size as usize,
        };
        let size = global.demo_size.map_or(configured_size, |n| n as usize);
        let source: Arc<dyn Source> = Arc::new(Demo::new(size, today()));
        Ok(Context {
            engine: Arc::new(loaded.engine),
            keymap,
            source,
        })
    }

    /// Fetches from the source and evaluates every account.
    pub fn portfolio(&self) -> Result<Portfolio, Failure> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Failure::Runtime(format!("could not start: {e}")))?;
        let snapshot = runtime.block_on(self.source.fetch()).map_err(|e| {
            Failure::Runtime(format!(
                "could not load from {}: {e}",
                self.source.describe()
            ))
        })?;
        Ok(Portfolio::new(&self.engine, snapshot.accounts, today()))
    }
}
