//! `[[views]]`: saved views of the watch list, checked against the model
//! so that a bad stage, band, sort or column names its key in the file.

use super::keypath::Segment;
use crate::domain::portfolio::SortKey;
use crate::domain::{Band, Engine, MAX_DAYS};
use crate::saved_views::{same_name, Column, Owner, SavedView};
use serde::Deserialize;

/// One `[[views]]` entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawView {
    name: String,
    #[serde(default)]
    stage: Option<String>,
    #[serde(default)]
    bands: Vec<String>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    renewal_within: Option<u32>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    follow_up_due: bool,
    #[serde(default)]
    behind: bool,
    #[serde(default)]
    sort: Option<String>,
    #[serde(default)]
    reverse: bool,
    #[serde(default)]
    columns: Option<Vec<String>>,
}

/// A problem with a view: the key path to point at and what is wrong.
pub(crate) type ViewProblem = (Vec<Segment>, String);

/// Checks the file's views; `me` is the config's, for `owner = "me"`.
pub(crate) fn resolve(
    raw: Vec<RawView>,
    engine: &Engine,
    me: Option<&str>,
) -> Result<Vec<SavedView>, ViewProblem> {
    let mut views: Vec<SavedView> = Vec::with_capacity(raw.len());
    for (i, r) in raw.into_iter().enumerate() {
        let at = |key: &str| vec![views_key(), Segment::Index(i), Segment::Key(key.into())];
        let name = r.name.trim().to_string();
        if name.is_empty() {
            return Err((at("name"), "a view needs a name".into()));
        }
        if views.iter().any(|v| same_name(&v.name, &name)) {
            return Err((
                at("name"),
                format!("a view named \"{name}\" is given twice"),
            ));
        }
        if let Some(stage) = &r.stage {
            if engine.stage_index(stage).is_none() {
                let ids: Vec<&str> = engine.model.stages.iter().map(|s| s.id.as_str()).collect();
                let message = format!("unknown stage `{stage}`; stages are {}", ids.join(", "));
                return Err((at("stage"), message));
            }
        }
        let mut bands = Vec::with_capacity(r.bands.len());
        for (j, b) in r.bands.iter().enumerate() {
            let band = Band::from_id(b).ok_or_else(|| {
                let mut path = at("bands");
                path.push(Segment::Index(j));
                (
                    path,
                    format!("unknown band `{b}`; bands are {}", Band::ids()),
                )
            })?;
            bands.push(band);
        }
        if let Some(days) = r.renewal_within.filter(|d| i64::from(*d) > MAX_DAYS) {
            let message =
                format!("expected a number of days from 0 to {MAX_DAYS} (ten years), got {days}");
            return Err((at("renewal_within"), message));
        }
        let owner = match r.owner.as_deref() {
            None => None,
            Some("me") if me.is_none() => {
                let message = "`me` needs `me = \"Your Name\"` at the top of the file";
                return Err((at("owner"), message.into()));
            }
            Some("me") => Some(Owner::Me),
            Some(name) => Some(Owner::Name(name.to_string())),
        };
        let sort = match r.sort.as_deref() {
            None => SortKey::default(),
            Some(id) => SortKey::from_id(id).ok_or_else(|| {
                let ids: Vec<&str> = SortKey::ALL.iter().map(|k| k.id()).collect();
                let message = format!("unknown sort `{id}`; sorts are {}", ids.join(", "));
                (at("sort"), message)
            })?,
        };
        let columns = match r.columns {
            None => None,
            Some(list) => {
                let mut columns = Vec::with_capacity(list.len());
                for (j, c) in list.iter().enumerate() {
                    let column = Column::from_id(c).ok_or_else(|| {
                        let mut path = at("columns");
                        path.push(Segment::Index(j));
                        let ids: Vec<&str> = Column::ALL
                            .iter()
                            .filter(|c| c.is_optional())
                            .map(|c| c.id())
                            .collect();
                        let message =
                            format!("unknown column `{c}`; columns are {}", ids.join(", "));
                        (path, message)
                    })?;
                    columns.push(column);
                }
                Some(columns)
            }
        };
        views.push(SavedView {
            name,
            stage: r.stage.map(Into::into),
            bands,
            owner,
            renewal_within: r.renewal_within,
            text: r.text,
            follow_up_due: r.follow_up_due,
            behind: r.behind,
            sort,
            reverse: r.reverse,
            columns,
        });
    }
    Ok(views)
}

fn views_key() -> Segment {
    Segment::Key("views".into())
}
