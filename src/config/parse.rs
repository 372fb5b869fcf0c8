//! From the text of a config file to a validated [`Config`] and [`Engine`],
//! with every problem reported at its key and place in the file.

use super::error::{Invalid, Location};
use super::http::HttpKeys;
use super::keypath::{self, Segment};
use super::merge::{AlertRulesPatch, HealthPatch};
use super::snooze::SnoozeConfig;
use super::source::{Fault, RawSource, RawUsage};
use super::sync::SyncConfig;
use super::views::RawView;
use super::Config;
use crate::clock::Zone;
use crate::domain::model::{AttentionModel, Lifecycle, MilestoneDef, PlayDef, StageDef, Weights};
use crate::domain::{Engine, Model};
use crate::keymap::{Action, KeySpec, Keymap, KeymapError};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use toml::de::DeTable;
use toml::Spanned;

/// The file as written. The model's sections are declared one by one rather
/// than flattened from [`Model`], so that an unknown key is still an error
/// that names the key, and every error keeps its place in the file.
#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct FileLayout {
    lifecycle: Lifecycle,
    stages: Vec<StageDef>,
    milestones: Vec<MilestoneDef>,
    health: HealthPatch,
    alerts: AlertRulesPatch,
    plays: Vec<PlayDef>,
    attention: AttentionModel,
    keys: BTreeMap<String, KeyList>,
    source: RawSource,
    usage: Option<RawUsage>,
    timezone: Zone,
    me: Option<String>,
    mouse: bool,
    sync: SyncConfig,
    http: HttpKeys,
    views: Vec<RawView>,
    snooze: SnoozeConfig,
}

impl Default for FileLayout {
    fn default() -> FileLayout {
        let model = Model::default();
        FileLayout {
            timezone: Zone::default(),
            me: None,
            mouse: true,
            sync: SyncConfig::default(),
            http: HttpKeys::default(),
            views: Vec::new(),
            snooze: SnoozeConfig::default(),
            lifecycle: model.lifecycle,
            stages: model.stages,
            milestones: model.milestones,
            health: HealthPatch::default(),
            alerts: AlertRulesPatch::default(),
            plays: model.plays,
            attention: model.attention,
            keys: BTreeMap::new(),
            source: RawSource::default(),
            usage: None,
        }
    }
}

/// `action = "key"` or `action = ["key", ...]`.
#[derive(Debug)]
struct KeyList(Vec<KeySpec>);

impl<'de> Deserialize<'de> for KeyList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<KeyList, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = KeyList;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key like \"q\" or a list of keys like [\"k\", \"up\"]")
            }

            fn visit_str<E: de::Error>(self, s: &str) -> Result<KeyList, E> {
                s.parse().map(|k| KeyList(vec![k])).map_err(E::custom)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<KeyList, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = seq.next_element::<KeySpec>()? {
                    keys.push(key);
                }
                Ok(KeyList(keys))
            }
        }
        deserializer.deserialize_any(ListVisitor)
    }
}

/// Which span of a key to point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The key itself (an unknown name).
    Key,
    /// Its value (a bad value).
    Value,
}

/// The parse of one file's text, for turning problems into [`Invalid`].
struct Doc<'a> {
    text: &'a str,
    path: &'a Path,
    doc: Spanned<DeTable<'a>>,
}

/// Parses and validates a config file's text; `path` is only used in messages.
pub(crate) fn parse(text: &str, path: &Path) -> Result<(Config, Engine), Invalid> {
    let doc = DeTable::parse(text).map_err(|e| {
        let mut message = format!("TOML syntax error: {}", e.message());
        let written = e.span().and_then(|s| text.get(s)).filter(|w| !w.is_empty());
        if let (Some(written), "duplicate key") = (written, e.message()) {
            message.push_str(&format!(" `{written}`"));
        }
        Invalid {
            path: path.to_path_buf(),
            location: e.span().map(|s| Location::of_offset(text, s.start)),
            key: None,
            message,
        }
    })?;
    let src = Doc { text, path, doc };
    let layout: FileLayout =
        serde_path_to_error::deserialize(toml::Deserializer::from(src.doc.clone()))
            .map_err(|e| src.serde_error(&e))?;

    let alerts = layout.alerts.resolve().map_err(|(key, message)| {
        let mut invalid = src.at(keypath::parse(&key), Part::Key, message);
        invalid.key = Some(key);
        invalid
    })?;
    let model = Model {
        lifecycle: layout.lifecycle,
        health: layout.health.resolve(&layout.stages),
        stages: layout.stages,
        milestones: layout.milestones,
        alerts,
        plays: layout.plays,
        attention: layout.attention,
    };
    let engine = Engine::new(model.clone())
        .map_err(|e| src.at(engine_path(&model, &e.path), Part::Value, e.message))?;

    let mut keys = BTreeMap::new();
    for (name, list) in layout.keys {
        let Some(action) = Action::from_id(&name) else {
            let all: Vec<&str> = Action::ALL.iter().map(|a| a.id()).collect();
            let message = format!("unknown action `{name}`; actions are {}", all.join(", "));
            return Err(src.at(keys_path(&name), Part::Key, message));
        };
        keys.insert(action, list.0);
    }
    Keymap::try_new(&keys).map_err(|e| {
        let path = keys_path(e.action().id());
        // Point at the key in the list, when the file wrote a list.
        let mut item = path.clone();
        if let KeymapError::Conflict { action, key, .. } = &e {
            let list = keys.get(action).map_or(&[][..], Vec::as_slice);
            if let Some(i) = list.iter().position(|k| k == key) {
                item.push(Segment::Index(i));
            }
        }
        let located = keypath::find(&src.doc, &item).is_some_and(|f| f.depth == item.len());
        let mut invalid = src.at(
            if located { item } else { path.clone() },
            Part::Value,
            e.to_string(),
        );
        invalid.key = Some(keypath::render(&path));
        invalid
    })?;

    let located = |f: Fault| {
        let part = if f.at_key { Part::Key } else { Part::Value };
        src.at(f.path, part, f.message)
    };
    let source = layout.source.resolve(&model.milestones).map_err(located)?;
    let usage = match &layout.usage {
        Some(raw) => Some(raw.resolve().map_err(located)?),
        None => None,
    };

    let http = layout.http.resolve().map_err(|(key, message)| {
        let path = vec![Segment::Key("http".into()), Segment::Key(key.into())];
        src.at(path, Part::Value, message)
    })?;
    if let Some((key, message)) = layout.sync.out_of_range() {
        let path = vec![Segment::Key("sync".into()), Segment::Key(key.into())];
        return Err(src.at(path, Part::Value, message));
    }

    let views = super::views::resolve(layout.views, &engine, layout.me.as_deref())
        .map_err(|(path, message)| src.at(path, Part::Value, message))?;

    let config = Config {
        model,
        keys,
        source,
        usage,
        zone: layout.timezone,
        me: layout.me,
        mouse: layout.mouse,
        sync_interval: layout.sync.interval.0,
        http,
        max_delete_share: layout.sync.max_delete_share,
        views,
        snooze_write_back: layout.snooze.write_back,
        path: Some(path.to_path_buf()),
    };
    Ok((config, engine))
}

fn keys_path(action: &str) -> Vec<Segment> {
    vec![Segment::Key("keys".into()), Segment::Key(action.into())]
}

/// The key path of an [`Engine::new`] error. `health.weights.STAGE` is
/// built from the stage id itself (which may hold dots), and gains the
/// weight's name when one is negative or not a number, to point at it.
fn engine_path(model: &Model, path: &str) -> Vec<Segment> {
    const NAMES: [&str; 5] = [
        "business_outcomes",
        "product_engagement",
        "service_utilization",
        "customer_satisfaction",
        "support_operations",
    ];
    let Some((stage, weights)) = path
        .strip_prefix("health.weights.")
        .and_then(|stage| model.health.weights.get_key_value(stage))
    else {
        return keypath::parse(path);
    };
    let mut segments = ["health", "weights", stage.as_str()]
        .map(|k| Segment::Key(k.to_string()))
        .to_vec();
    let weights: &Weights = weights;
    if let Some(i) = weights
        .as_array()
        .iter()
        .position(|v| !(0.0..=crate::domain::MAX_WEIGHT).contains(v))
    {
        segments.push(Segment::Key(NAMES[i].to_string()));
    }
    segments
}

impl Doc<'_> {
    fn location(&self, offset: usize) -> Location {
        Location::of_offset(self.text, offset)
    }

    /// A problem at a key path, located in the file if the key is there.
    fn at(&self, segments: Vec<Segment>, part: Part, message: String) -> Invalid {
        let found = keypath::find(&self.doc, &segments);
        let mut message = message;
        let depth = found.as_ref().map_or(0, |f| f.depth);
        // The list or map holding the key: the file replaces those as a whole.
        let mut container = segments.clone();
        if container.len() > 1 && matches!(container.last(), Some(Segment::Key(_))) {
            container.pop();
        }
        while container.len() > 1 && matches!(container.last(), Some(Segment::Index(_))) {
            container.pop();
        }
        let location = match found {
            Some(f) if f.depth == segments.len() => {
                let span = match part {
                    Part::Key => f.key.unwrap_or(f.value),
                    Part::Value => f.value,
                };
                Some(self.location(span.start))
            }
            Some(f) if depth >= container.len() => Some(self.location(f.value.start)),
            _ => {
                // The value at fault is a built-in default that no longer
                // fits what the file sets.
                message.push_str(&format!(
                    " (a built-in default, since the file does not set `{}`)",
                    keypath::render(&container)
                ));
                None
            }
        };
        Invalid {
            path: self.path.to_path_buf(),
            location,
            key: Some(keypath::render(&segments)),
            message,
        }
    }

    fn serde_error(&self, e: &serde_path_to_error::Error<toml::de::Error>) -> Invalid {
        let inner = e.inner();
        let mut segments: Vec<Segment> = e
            .path()
            .iter()
            .filter_map(|s| match s {
                serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
                serde_path_to_error::Segment::Map { key } => Some(Segment::Key(key.clone())),
                serde_path_to_error::Segment::Enum { variant } => {
                    Some(Segment::Key(variant.clone()))
                }
                serde_path_to_error::Segment::Unknown => None,
            })
            .collect();
        let message = inner.message().to_string();
        let unknown = unknown_field(&message);
        if let Some(field) = unknown {
            // serde_path_to_error names the unknown field itself in some
            // versions and not in others.
            if segments.last() != Some(&Segment::Key(field.to_string())) {
                segments.push(Segment::Key(field.to_string()));
            }
        }
        // Our own lookup points into arrays, where toml only gives the
        // array's span; toml's span is the fallback.
        let found = keypath::find(&self.doc, &segments).filter(|f| f.depth == segments.len());
        let span = match found {
            Some(f) if unknown.is_some() => Some(f.key.unwrap_or(f.value)),
            Some(f) => Some(f.value),
            None => inner.span(),
        };
        let location = span.map(|s| self.location(s.start));
        let key = keypath::render(&segments);
        Invalid {
            path: self.path.to_path_buf(),
            location,
            key: (!key.is_empty()).then_some(key),
            message,
        }
    }
}

/// The field named by serde's "unknown field `x`, expected ..." message.
fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split_once('`').map(|(field, _)| field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_names_are_read_from_serde_messages() {
        assert_eq!(
            unknown_field("unknown field `foo`, expected one of `a`, `b`"),
            Some("foo")
        );
        assert_eq!(unknown_field("invalid type: string"), None);
    }

    #[test]
    fn weights_errors_point_at_the_bad_weight() {
        let mut model = Model::default();
        let w = model.health.weights.get_mut("established").unwrap();
        w.customer_satisfaction = -1.0;
        model
            .health
            .weights
            .insert("a.b".into(), Weights::default());
        let path = |p: &str| keypath::render(&engine_path(&model, p));
        assert_eq!(
            path("health.weights.established"),
            "health.weights.established.customer_satisfaction"
        );
        assert_eq!(
            path("health.weights.onboarding"),
            "health.weights.onboarding"
        );
        assert_eq!(path("health.weights.a.b"), "health.weights.\"a.b\"");
        assert_eq!(path("plays[1].stage"), "plays[1].stage");
    }
}
