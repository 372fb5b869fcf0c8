//! The `[source]` table (where the accounts come from) and the optional
//! `[usage]` table (a usage feed merged into them). Tokens are named here
//! (`token_env`, `token_cmd`) and read only when the source is built.

use super::keypath::Segment;
use crate::domain::model::MilestoneDef;
use crate::source::http::check_base_url;
use crate::source::mapping::{Field, FieldMap};
use crate::source::usage::MatchOn;
use crate::source::Demo;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::source::http::TokenSource;

/// HubSpot's API, unless `base_url` says otherwise.
pub const HUBSPOT_BASE_URL: &str = "https://api.hubapi.com";

/// Where the accounts come from, chosen by `kind` in `[source]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceConfig {
    /// Generated demo accounts (`kind = "demo"`, `demo_size = N`), as of
    /// `day` (`demo_day`) when set, else as of each load's as-of day.
    Demo { size: u32, day: Option<NaiveDate> },
    /// HubSpot companies, mapped by `[source.fields]` and `[source.milestones]`.
    Hubspot {
        base_url: String,
        token: TokenSource,
        map: FieldMap,
    },
    /// Orienteer's REST contract (`docs/sources/rest.md`): canonical accounts.
    Rest {
        base_url: String,
        token: TokenSource,
    },
}

impl Default for SourceConfig {
    fn default() -> SourceConfig {
        SourceConfig::Demo {
            size: Demo::DEFAULT_SIZE,
            day: None,
        }
    }
}

impl SourceConfig {
    /// The `kind` of this source as written in the file.
    pub(crate) fn kind(&self) -> SourceKind {
        match self {
            SourceConfig::Demo { .. } => SourceKind::Demo,
            SourceConfig::Hubspot { .. } => SourceKind::Hubspot,
            SourceConfig::Rest { .. } => SourceKind::Rest,
        }
    }

    /// A short description, e.g. `demo (300 accounts)`.
    pub(crate) fn describe(&self) -> String {
        match self {
            SourceConfig::Demo { size, day: None } => format!("demo ({size} accounts)"),
            SourceConfig::Demo {
                size,
                day: Some(day),
            } => format!("demo ({size} accounts, generated as of {day})"),
            SourceConfig::Hubspot { base_url, .. } => format!("HubSpot ({base_url})"),
            SourceConfig::Rest { base_url, .. } => format!("REST ({base_url})"),
        }
    }

    /// A fingerprint of what decides how the source's records become
    /// accounts: the kind, `base_url`, `[source.fields]` and
    /// `[source.milestones]`. The sync keeps it with the cache and reads
    /// everything again when it changes. Stable across builds (FNV-1a of
    /// the settings as text), never a secret: tokens are left out.
    pub(crate) fn mapping_fingerprint(&self) -> String {
        let mut text = format!("kind={}\n", self.kind().id());
        match self {
            SourceConfig::Demo { .. } => {}
            SourceConfig::Rest { base_url, .. } => text.push_str(&format!("base_url={base_url}\n")),
            SourceConfig::Hubspot { base_url, map, .. } => {
                text.push_str(&format!("base_url={base_url}\n"));
                for (field, property) in &map.fields {
                    text.push_str(&format!("field {}={property}\n", field_id(*field)));
                }
                for (milestone, property) in &map.milestones {
                    text.push_str(&format!("milestone {}={property}\n", milestone.as_str()));
                }
            }
        }
        let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        format!("{hash:016x}")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Demo,
    Hubspot,
    Rest,
}

impl SourceKind {
    fn id(self) -> &'static str {
        match self {
            SourceKind::Demo => "demo",
            SourceKind::Hubspot => "hubspot",
            SourceKind::Rest => "rest",
        }
    }
}

/// `[usage]`: metric history from a second system, merged into the
/// source's accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageConfig {
    pub base_url: String,
    pub token: TokenSource,
    pub match_on: MatchOn,
}

/// A problem with `[source]` or `[usage]`: the key at fault, whether the
/// key's name (rather than its value) is wrong, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fault {
    pub(crate) path: Vec<Segment>,
    pub(crate) at_key: bool,
    pub(crate) message: String,
}

fn fault(path: &[&str], message: String) -> Fault {
    Fault {
        path: path.iter().map(|k| Segment::Key(k.to_string())).collect(),
        at_key: false,
        message,
    }
}

/// `[source]` as written: every kind's settings side by side, so that serde
/// reports each bad value at its own key. [`RawSource::resolve`] checks that
/// the settings fit the kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    pub(crate) kind: SourceKind,
    #[serde(default)]
    pub(crate) demo_size: Option<u32>,
    #[serde(default)]
    pub(crate) demo_day: Option<String>,
    #[serde(default)]
    pub(crate) base_url: Option<String>,
    #[serde(default)]
    pub(crate) token_env: Option<String>,
    #[serde(default)]
    pub(crate) token_cmd: Option<String>,
    #[serde(default)]
    pub(crate) fields: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub(crate) milestones: Option<BTreeMap<String, String>>,
}

impl Default for RawSource {
    fn default() -> RawSource {
        RawSource {
            kind: SourceKind::Demo,
            demo_size: None,
            demo_day: None,
            base_url: None,
            token_env: None,
            token_cmd: None,
            fields: None,
            milestones: None,
        }
    }
}

impl RawSource {
    /// The source, or the key at fault and what is wrong with it.
    /// `milestones` are the model's, which `[source.milestones]` must name.
    pub(crate) fn resolve(&self, milestones: &[MilestoneDef]) -> Result<SourceConfig, Fault> {
        let kind = self.kind.id();
        let unused = |key: &str, why: &str| Fault {
            at_key: true,
            ..fault(
                &["source", key],
                format!("`{key}` is not used by kind = \"{kind}\"{why}"),
            )
        };
        let given = [
            ("demo_size", self.demo_size.is_some()),
            ("demo_day", self.demo_day.is_some()),
            ("base_url", self.base_url.is_some()),
            ("token_env", self.token_env.is_some()),
            ("token_cmd", self.token_cmd.is_some()),
            ("fields", self.fields.is_some()),
            ("milestones", self.milestones.is_some()),
        ];
        let used: &[&str] = match self.kind {
            SourceKind::Demo => &["demo_size", "demo_day"],
            SourceKind::Hubspot => &["base_url", "token_env", "token_cmd", "fields", "milestones"],
            SourceKind::Rest => &["base_url", "token_env", "token_cmd"],
        };
        if let Some((key, _)) = given.iter().find(|(k, g)| *g && !used.contains(k)) {
            let why = match (self.kind, *key) {
                (SourceKind::Rest, "fields" | "milestones") => {
                    " (the REST contract sends canonical accounts)"
                }
                _ => "",
            };
            return Err(unused(key, why));
        }
        match self.kind {
            SourceKind::Demo => {
                let size = self.demo_size.unwrap_or(Demo::DEFAULT_SIZE);
                if !(Demo::MIN_SIZE..=Demo::MAX_SIZE).contains(&size) {
                    return Err(fault(
                        &["source", "demo_size"],
                        format!(
                            "expected {} to {} accounts, got {size}",
                            Demo::MIN_SIZE,
                            Demo::MAX_SIZE
                        ),
                    ));
                }
                let day = match self.demo_day.as_deref() {
                    None => None,
                    Some(text) => Some(crate::domain::calendar::parse_day(text).map_err(|_| {
                        fault(
                            &["source", "demo_day"],
                            format!("expected a date like \"2026-12-03\", got `{text}`"),
                        )
                    })?),
                };
                Ok(SourceConfig::Demo { size, day })
            }
            SourceKind::Hubspot => Ok(SourceConfig::Hubspot {
                base_url: url(
                    &["source"],
                    self.base_url.as_deref(),
                    Some(HUBSPOT_BASE_URL),
                )?,
                token: token(&["source"], &self.token_env, &self.token_cmd)?,
                map: self.field_map(milestones)?,
            }),
            SourceKind::Rest => Ok(SourceConfig::Rest {
                base_url: url(&["source"], self.base_url.as_deref(), None)?,
                token: token(&["source"], &self.token_env, &self.token_cmd)?,
            }),
        }
    }

    fn field_map(&self, milestones: &[MilestoneDef]) -> Result<FieldMap, Fault> {
        let mut map = FieldMap::default();
        let names = || {
            Field::ALL
                .iter()
                .map(|f| field_id(*f))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (name, property) in self.fields.iter().flatten() {
            let path = ["source", "fields", name.as_str()];
            let Some(field) = Field::ALL.iter().find(|f| field_id(**f) == *name) else {
                return Err(Fault {
                    at_key: true,
                    ..fault(
                        &path,
                        format!("unknown field `{name}`; fields are {}", names()),
                    )
                });
            };
            map.fields.insert(*field, property_name(&path, property)?);
        }
        for (id, property) in self.milestones.iter().flatten() {
            let path = ["source", "milestones", id.as_str()];
            let Some(def) = milestones.iter().find(|m| m.id.as_str() == id) else {
                let ids: Vec<&str> = milestones.iter().map(|m| m.id.as_str()).collect();
                return Err(Fault {
                    at_key: true,
                    ..fault(
                        &path,
                        format!(
                            "unknown milestone `{id}`; milestones are {}",
                            ids.join(", ")
                        ),
                    )
                });
            };
            map.milestones
                .insert(def.id.clone(), property_name(&path, property)?);
        }
        Ok(map)
    }
}

/// A field's name as written in `[source.fields]`.
fn field_id(field: Field) -> String {
    serde_json::to_value(field)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn property_name(path: &[&str], property: &str) -> Result<String, Fault> {
    let property = property.trim();
    if property.is_empty() {
        return Err(fault(path, "expected a property name, got \"\"".into()));
    }
    Ok(property.to_string())
}

fn url(table: &[&str], given: Option<&str>, default: Option<&str>) -> Result<String, Fault> {
    let mut at = table.to_vec();
    at.push("base_url");
    let Some(text) = given.or(default) else {
        return Err(fault(
            table,
            "`base_url` is required: the URL of the service".into(),
        ));
    };
    check_base_url(text).map_err(|e| fault(&at, e.to_string()))?;
    Ok(text.to_string())
}

fn token(table: &[&str], env: &Option<String>, cmd: &Option<String>) -> Result<TokenSource, Fault> {
    let at = |key: &'static str| {
        let mut path = table.to_vec();
        path.push(key);
        path
    };
    match (env, cmd) {
        (Some(_), Some(_)) => Err(fault(
            &at("token_cmd"),
            "give token_env or token_cmd, not both".into(),
        )),
        (Some(var), None) if var.trim().is_empty() => Err(fault(
            &at("token_env"),
            "expected the name of an environment variable, got \"\"".into(),
        )),
        (None, Some(c)) if c.trim().is_empty() => Err(fault(
            &at("token_cmd"),
            "expected a command that prints the token, got \"\"".into(),
        )),
        (Some(var), None) => Ok(TokenSource::Env(var.trim().to_string())),
        (None, Some(c)) => Ok(TokenSource::Cmd(c.clone())),
        (None, None) => Err(fault(
            table,
            "a token is required: set token_env (an environment variable's name) or \
             token_cmd (a command that prints it)"
                .into(),
        )),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum UsageKind {
    Rest,
}

/// `[usage]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawUsage {
    #[allow(dead_code)] // one kind so far; the key is required for the next
    pub(crate) kind: UsageKind,
    #[serde(default)]
    pub(crate) base_url: Option<String>,
    #[serde(default)]
    pub(crate) token_env: Option<String>,
    #[serde(default)]
    pub(crate) token_cmd: Option<String>,
    #[serde(default)]
    pub(crate) match_on: MatchOn,
}

impl RawUsage {
    pub(crate) fn resolve(&self) -> Result<UsageConfig, Fault> {
        Ok(UsageConfig {
            base_url: url(&["usage"], self.base_url.as_deref(), None)?,
            token: token(&["usage"], &self.token_env, &self.token_cmd)?,
            match_on: self.match_on,
        })
    }
}
