//! Builds the configured source: the demo, HubSpot or the REST contract,
//! with the `[usage]` feed merged in when there is one. Tokens are read
//! here, when the source is built, never when the config is parsed.

use super::args::Global;
use super::Failure;
use crate::config::{SourceConfig, TokenSource, UsageConfig};
use crate::source::demo::Demo;
use crate::source::http::{Http, HttpConfig};
use crate::source::hubspot::HubSpot;
use crate::source::rest::Rest;
use crate::source::usage::{UsageFeed, WithUsage};
use crate::source::writeback::{LocalOnly, WriteBack};
use crate::source::{Source, SourceError};
use crate::store::Store;
use crate::sync::Synced;
use chrono::Utc;
use std::sync::Arc;

/// The source the flags and the config choose. `--demo` (or `--demo-size`)
/// chooses the demo whatever the config names, without the usage feed;
/// its size is `--demo-size`, else the config's demo size, else the
/// default.
/// The source to load from, and for a live source the same source as the
/// sync layer sees it (for `orienteer sync`).
pub struct Chosen {
    pub source: Arc<dyn Source>,
    pub synced: Option<Arc<Synced>>,
    /// Where logged plays are written back: the CRM adapter itself.
    pub writer: Arc<dyn WriteBack>,
    /// The source's name in the local store (see [`store_key`]).
    pub key: String,
}

pub fn choose_source(
    global: &Global,
    configured: &SourceConfig,
    usage: Option<&UsageConfig>,
) -> Result<Chosen, Failure> {
    let plain = |source: Arc<dyn Source>| Chosen {
        source,
        synced: None,
        writer: Arc::new(LocalOnly),
        key: "demo".into(),
    };
    let forced = global.demo || global.demo_size.is_some();
    let demo_size = match configured {
        SourceConfig::Demo { size } => *size,
        _ => Demo::DEFAULT_SIZE,
    };
    // The demo is generated for the as-of day of each fetch, not this one.
    let demo = |size: u32| -> Arc<dyn Source> {
        Arc::new(Demo::new(size as usize, Utc::now().date_naive()))
    };
    if forced {
        return Ok(plain(demo(global.demo_size.unwrap_or(demo_size))));
    }
    let built = match configured {
        SourceConfig::Demo { size } => Ok((demo(*size), Arc::new(LocalOnly) as Arc<dyn WriteBack>)),
        SourceConfig::Hubspot {
            base_url,
            token,
            map,
        } => token
            .resolve()
            .and_then(|token| Http::new(HubSpot::http_config(base_url, token)))
            .map(|http| {
                let hubspot = Arc::new(HubSpot::new(http, map.clone()));
                (
                    hubspot.clone() as Arc<dyn Source>,
                    hubspot as Arc<dyn WriteBack>,
                )
            }),
        SourceConfig::Rest { base_url, token } => http(base_url, token).map(|http| {
            let rest = Arc::new(Rest::new(http));
            (rest.clone() as Arc<dyn Source>, rest as Arc<dyn WriteBack>)
        }),
    };
    let (crm, writer) = built.map_err(setup_failure)?;
    let live: Arc<dyn Source> = match usage {
        None => crm,
        Some(usage) => {
            let feed = http(&usage.base_url, &usage.token).map_err(|e| {
                Failure::Usage(format!("cannot set up the usage feed ([usage]): {e}"))
            })?;
            Arc::new(WithUsage::new(crm, UsageFeed::new(feed), usage.match_on))
        }
    };
    if matches!(configured, SourceConfig::Demo { .. }) {
        return Ok(plain(live));
    }
    let key = store_key(configured);
    // A live source syncs into the local store and falls back on it.
    let store = Store::default_path().map_err(|e| Failure::Runtime(e.to_string()))?;
    let synced = Arc::new(Synced::new(live, key.clone(), store).offline(global.offline));
    Ok(Chosen {
        source: synced.clone(),
        synced: Some(synced),
        writer,
        key,
    })
}

/// The source's name in the local store: its kind and where it is.
pub fn store_key(configured: &SourceConfig) -> String {
    match configured {
        SourceConfig::Demo { .. } => "demo".into(),
        SourceConfig::Hubspot { base_url, .. } => format!("hubspot {base_url}"),
        SourceConfig::Rest { base_url, .. } => format!("rest {base_url}"),
    }
}

fn setup_failure(e: SourceError) -> Failure {
    Failure::Usage(format!("cannot set up the source ([source]): {e}"))
}

/// A client for `base_url` with the token read now.
fn http(base_url: &str, token: &TokenSource) -> Result<Http, SourceError> {
    let config = HttpConfig {
        token: Some(token.resolve()?),
        ..HttpConfig::new(base_url)
    };
    Http::new(config)
}
