//! `orienteer config check`: the file checked and summed up (the config
//! layer's [`crate::config::summary`]), then what the source's mapping
//! misses, decided from the mapping alone (there are no accounts yet): the
//! milestones it does not track and the fields it does not map, with what
//! that turns off (the domain's [`Coverage`], as the first sync and the
//! TUI's `i` say it). For HubSpot, with its token in the environment, the
//! mapped names are checked against the portal's property list; without
//! one, it says they were not checked. A token command is never run here.

use super::sync::write_mapping;
use super::Failure;
use crate::config::{Loaded, SourceConfig, TokenSource};
use crate::domain::coverage::Coverage;
use crate::source::http::Http;
use crate::source::hubspot::{check, HubSpot};
use crate::source::mapping::FieldMap;
use std::path::Path;

pub(crate) async fn run(flag: Option<&Path>) -> Result<String, Failure> {
    let loaded = crate::config::load(flag)?;
    let mut text = crate::config::summary(&loaded);
    text.push_str(&log_line());
    let mut text = text.into_bytes();
    write_mapping(&mapping(&loaded).await, &mut text)?;
    Ok(String::from_utf8_lossy(&text).into_owned())
}

/// Where the log file and crash reports go.
fn log_line() -> String {
    let path = crate::observe::log_path()
        .map(Into::into)
        .or_else(|| crate::observe::file::path(crate::store::Store::dir_from_env().as_deref()));
    match path {
        Some(p) => format!("  log file: {} (crash reports beside it)\n", p.display()),
        None => "  log file: none (no home directory; set ORIENTEER_LOG)\n".into(),
    }
}

/// What the configured source's mapping misses.
async fn mapping(loaded: &Loaded) -> Vec<String> {
    match &loaded.config.source {
        SourceConfig::Demo { .. } => Vec::new(),
        SourceConfig::Rest { .. } => vec![
            "REST has no mapping to check: its accounts say what they hold; \
             the first `orienteer sync` says what they miss"
                .into(),
        ],
        SourceConfig::Hubspot {
            base_url,
            token,
            map,
        } => {
            let recorded = check::recorded(map);
            let engine = loaded
                .engine
                .for_mapping(&check::recordable(map), &recorded);
            let mut lines = Coverage::new(&engine, &recorded).lines();
            lines.extend(names(base_url, token, map).await);
            lines
        }
    }
}

/// The mapped names HubSpot does not have, with the nearest it has; or
/// why they were not checked.
async fn names(base_url: &str, token: &TokenSource, map: &FieldMap) -> Vec<String> {
    if map.properties().is_empty() {
        return Vec::new();
    }
    let var = match token {
        TokenSource::Env(var) => var,
        TokenSource::Cmd(_) => {
            return vec![
                "property names not checked: `config check` does not run token_cmd; \
                         the first `orienteer sync` checks them"
                    .into(),
            ]
        }
    };
    if std::env::var_os(var).is_none_or(|v| v.is_empty()) {
        return vec![format!(
            "property names not checked: no token in ${var}; set it to check them"
        )];
    }
    let hub = match Http::new(HubSpot::http_config(base_url, token.lazy())) {
        Ok(http) => HubSpot::new(http, map.clone()),
        Err(e) => return vec![format!("property names not checked: {e}")],
    };
    let names = hub.property_names().await;
    check::unknown_names(map, &names)
}
