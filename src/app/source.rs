//! Builds the configured source: the demo, HubSpot or the REST contract,
//! with the `[usage]` feed merged in when there is one. Tokens are read on
//! first use (when a request must carry one), never when the config is
//! parsed or the source is built: the cache alone needs no secret.

use crate::config::{SourceConfig, TokenSource, UsageConfig};
use crate::source::demo::Demo;
use crate::source::http::{Http, HttpConfig, Limits, Token};
use crate::source::hubspot::HubSpot;
use crate::source::rest::Rest;
use crate::source::usage::{UsageFeed, WithUsage};
use crate::source::writeback::{LocalOnly, WriteBack};
use crate::source::{Source, SourceError};
use crate::store::{Store, StoreError};
use crate::sync::{DeleteGuard, Synced};
use chrono::Utc;
use std::sync::Arc;

/// What the flags say about the source: `--demo`, `--demo-size`,
/// `--offline`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flags {
    pub demo: bool,
    pub demo_size: Option<u32>,
    pub offline: bool,
}

/// Why the configured source could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// The source or the usage feed (`what`, e.g. "source ([source])").
    #[error("cannot set up the {what}: {error}")]
    Source {
        what: &'static str,
        error: Box<SourceError>,
    },
    /// No place for the local store.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The source the flags and the config choose. `--demo` (or `--demo-size`)
/// chooses the demo whatever the config names, without the usage feed;
/// its size is `--demo-size`, else the config's demo size, else the
/// default.
/// The source to load from, and for a live source the same source as the
/// sync layer sees it (for `orienteer sync`).
pub(crate) struct Chosen {
    pub(crate) source: Arc<dyn Source>,
    pub(crate) synced: Option<Arc<Synced>>,
    /// Where logged plays are written back: the CRM adapter itself.
    pub(crate) writer: Arc<dyn WriteBack>,
    /// The source's name in the local store (see [`store_key`]).
    pub(crate) key: String,
    /// The tokens of the source and of the usage feed, read on first use.
    pub(crate) tokens: Tokens,
}

/// The configured tokens (clones of the clients' own: reading one here
/// reads it for the client too, once).
#[derive(Clone, Default)]
pub(crate) struct Tokens {
    pub(crate) source: Option<Token>,
    pub(crate) usage: Option<Token>,
}

impl Tokens {
    /// Reads the source's token (and the usage feed's, with `usage`) now:
    /// for a command that must send. A missing variable or a failing
    /// command is bad setup (exit 2), named as when the source is built.
    pub(crate) async fn ready(&self, usage: bool) -> Result<(), SetupError> {
        if let Some(token) = &self.source {
            token.ready().await.map_err(setup_failure)?;
        }
        if let (true, Some(token)) = (usage, &self.usage) {
            token.ready().await.map_err(usage_failure)?;
        }
        Ok(())
    }
}

/// `me` (the config's) is who a follow-up is assigned to when the
/// account's owner is not a user of the CRM.
pub(crate) fn choose_source(
    global: Flags,
    configured: &SourceConfig,
    usage: Option<&UsageConfig>,
    me: Option<&str>,
    limits: Limits,
    deletes: DeleteGuard,
) -> Result<Chosen, SetupError> {
    let plain = |source: Arc<dyn Source>| Chosen {
        source,
        synced: None,
        writer: Arc::new(LocalOnly),
        key: "demo".into(),
        tokens: Tokens::default(),
    };
    let forced = global.demo || global.demo_size.is_some();
    let (demo_size, demo_day) = match configured {
        SourceConfig::Demo { size, day } => (*size, *day),
        _ => (Demo::DEFAULT_SIZE, None),
    };
    // The demo is generated for the as-of day of each fetch, not this one,
    // unless the config fixes its day (to replay mornings on one book).
    let demo = |size: u32| -> Arc<dyn Source> {
        Arc::new(Demo::new(size as usize, Utc::now().date_naive()).fixed_on(demo_day))
    };
    if forced {
        return Ok(plain(demo(global.demo_size.unwrap_or(demo_size))));
    }
    // One token per client, shared with `tokens`: read once, on first use.
    let source_token = configured_token(configured).map(TokenSource::lazy);
    let built = match (configured, source_token.clone()) {
        (SourceConfig::Hubspot { base_url, map, .. }, Some(token)) => {
            let config = HttpConfig {
                limits,
                connect_timeout: limits.connect_timeout,
                ..HubSpot::http_config(base_url, token)
            };
            Http::new(config).map(|http| {
                let hubspot = Arc::new(HubSpot::new(http, map.clone()).with_me(me));
                (
                    hubspot.clone() as Arc<dyn Source>,
                    hubspot as Arc<dyn WriteBack>,
                )
            })
        }
        (SourceConfig::Rest { base_url, .. }, Some(token)) => http_with(base_url, token, limits)
            .map(|http| {
                let rest = Arc::new(Rest::new(http));
                (rest.clone() as Arc<dyn Source>, rest as Arc<dyn WriteBack>)
            }),
        // The demo (a live source always has a token).
        _ => Ok((demo(demo_size), Arc::new(LocalOnly) as Arc<dyn WriteBack>)),
    };
    let (crm, writer) = built.map_err(setup_failure)?;
    let mut tokens = Tokens {
        source: source_token,
        usage: None,
    };
    let live: Arc<dyn Source> = match usage {
        None => crm,
        Some(usage) => {
            let token = usage.token.lazy();
            let feed = http_with(&usage.base_url, token.clone(), limits).map_err(usage_failure)?;
            tokens.usage = Some(token);
            Arc::new(WithUsage::new(crm, UsageFeed::new(feed), usage.match_on))
        }
    };
    if matches!(configured, SourceConfig::Demo { .. }) {
        return Ok(plain(live));
    }
    let key = store_key(configured);
    // A live source syncs into the local store and falls back on it.
    let store = Store::default_path()?;
    let synced = Synced::new(live, key.clone(), store)
        .offline(global.offline)
        .mapping(configured.mapping_fingerprint())
        .deletes(deletes);
    let synced = Arc::new(synced);
    Ok(Chosen {
        source: synced.clone(),
        synced: Some(synced),
        writer,
        key,
        tokens,
    })
}

/// The source's name in the local store: its kind and where it is.
pub(crate) fn store_key(configured: &SourceConfig) -> String {
    match configured {
        SourceConfig::Demo { .. } => "demo".into(),
        SourceConfig::Hubspot { base_url, .. } => format!("hubspot {base_url}"),
        SourceConfig::Rest { base_url, .. } => format!("rest {base_url}"),
    }
}

fn setup_failure(error: SourceError) -> SetupError {
    SetupError::Source {
        what: "source ([source])",
        error: Box::new(error),
    }
}

fn usage_failure(error: SourceError) -> SetupError {
    SetupError::Source {
        what: "usage feed ([usage])",
        error: Box::new(error),
    }
}

fn configured_token(configured: &SourceConfig) -> Option<&TokenSource> {
    match configured {
        SourceConfig::Demo { .. } => None,
        SourceConfig::Hubspot { token, .. } | SourceConfig::Rest { token, .. } => Some(token),
    }
}

/// A client for `base_url`, its token read on first use.
fn http_with(base_url: &str, token: Token, limits: Limits) -> Result<Http, SourceError> {
    let config = HttpConfig {
        token: Some(token),
        limits,
        connect_timeout: limits.connect_timeout,
        ..HttpConfig::new(base_url)
    };
    Http::new(config)
}
