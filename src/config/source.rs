//! The `[source]` table: where the accounts come from.

use crate::source::Demo;
use serde::{Deserialize, Serialize};

/// Where the accounts come from, chosen by `kind` in `[source]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceConfig {
    /// Generated demo accounts (`kind = "demo"`, `demo_size = N`).
    Demo { size: u32 },
}

impl Default for SourceConfig {
    fn default() -> SourceConfig {
        SourceConfig::Demo {
            size: Demo::DEFAULT_SIZE,
        }
    }
}

impl SourceConfig {
    /// The `kind` of this source as written in the file.
    pub fn kind(&self) -> SourceKind {
        match self {
            SourceConfig::Demo { .. } => SourceKind::Demo,
        }
    }

    /// A short description, e.g. `demo (300 accounts)`.
    pub fn describe(&self) -> String {
        match self {
            SourceConfig::Demo { size } => format!("demo ({size} accounts)"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Demo,
}

/// `[source]` as written: every kind's settings side by side, so that serde
/// reports each bad value at its own key. [`RawSource::resolve`] checks that
/// the settings fit the kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    pub kind: SourceKind,
    #[serde(default)]
    pub demo_size: Option<u32>,
}

impl Default for RawSource {
    fn default() -> RawSource {
        RawSource {
            kind: SourceKind::Demo,
            demo_size: None,
        }
    }
}

impl RawSource {
    /// The source, or the key at fault and what is wrong with it.
    pub fn resolve(&self) -> Result<SourceConfig, (&'static str, String)> {
        match self.kind {
            SourceKind::Demo => {
                let size = self.demo_size.unwrap_or(Demo::DEFAULT_SIZE);
                if !(Demo::MIN_SIZE..=Demo::MAX_SIZE).contains(&size) {
                    return Err((
                        "source.demo_size",
                        format!(
                            "expected {} to {} accounts, got {size}",
                            Demo::MIN_SIZE,
                            Demo::MAX_SIZE
                        ),
                    ));
                }
                Ok(SourceConfig::Demo { size })
            }
        }
    }
}
