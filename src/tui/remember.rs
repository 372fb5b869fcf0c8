//! What the TUI remembers between runs: the view, sort, reverse and the
//! filters (not the text filter). Kept as a small JSON file in the
//! platform state dir, or where `ORIENTEER_STATE` says. A missing or
//! unreadable file is simply not used; the next write replaces it.
//! Reading and writing are the event loop's; `update` never does IO.

use super::state::App;
use crate::domain::portfolio::SortKey;
use crate::domain::Band;
use crate::saved_views;
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};

/// The environment variable naming the state file (tests set it).
pub(crate) const ENV_VAR: &str = "ORIENTEER_STATE";

/// The remembered state, by name and id so that it survives a change of
/// the config: what no longer exists is ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Remembered {
    pub view: Option<String>,
    pub sort: Option<String>,
    pub reverse: bool,
    pub stage: Option<String>,
    pub bands: Vec<String>,
    pub owner: Option<String>,
    pub renewal_within: Option<u32>,
    pub follow_up_due: bool,
    pub behind: bool,
}

/// `$ORIENTEER_STATE`, else `state.json` in the platform state dir (the
/// local data dir where there is none); `None` without a home directory.
pub(crate) fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(ENV_VAR).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let dirs = directories::ProjectDirs::from("", "", "orienteer")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(dir.join("state.json"))
}

impl Remembered {
    /// What to remember of `app`.
    pub fn of(app: &App) -> Remembered {
        let f = &app.filter;
        Remembered {
            view: app.current_view().map(|v| v.name.clone()),
            sort: Some(app.sort.id().to_string()),
            reverse: app.reverse,
            stage: f.stage.map(|s| app.engine.stage(s).id.as_str().to_string()),
            bands: f.bands.iter().map(|b| b.id().to_string()).collect(),
            owner: f.owner.clone(),
            renewal_within: f.renewal_within,
            follow_up_due: f.follow_up_due,
            behind: f.behind,
        }
    }

    /// Puts the remembered state back into `app`; a view, sort, stage or
    /// band that no longer exists is left out. The text filter is the
    /// view's, if any.
    pub fn apply(&self, app: &mut App) {
        let view = self
            .view
            .as_deref()
            .and_then(|n| saved_views::find(&app.views, n));
        app.view = view;
        app.filter.text = view.map_or(String::new(), |i| app.views[i].text.clone());
        if let Some(sort) = self.sort.as_deref().and_then(SortKey::from_id) {
            app.sort = sort;
        }
        app.reverse = self.reverse;
        app.filter.stage = self
            .stage
            .as_deref()
            .and_then(|s| app.engine.stage_index(s));
        app.filter.bands = self.bands.iter().filter_map(|b| Band::from_id(b)).collect();
        app.filter.owner = self.owner.clone();
        app.filter.renewal_within = self.renewal_within;
        app.filter.follow_up_due = self.follow_up_due;
        app.filter.behind = self.behind;
        app.resort();
    }

    /// The file at `path`, or `None` when it is missing or not a state file.
    pub fn read(path: &Path) -> Option<Remembered> {
        let text = std::fs::read_to_string(path).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Writes the file (and its directory), replacing it whole: a crash
    /// mid-write leaves the old file or the new one, never half of one.
    /// Remembers `app` at `path` when there is one, on the way out: a
    /// convenience, so a failure to write is only logged.
    pub(crate) fn keep(app: &App, path: Option<&Path>) {
        if let Some(path) = path {
            if let Err(e) = Remembered::of(app).write(path) {
                tracing::warn!("where you were was not remembered: {e}");
            }
        }
    }

    pub fn write(&self, path: &Path) -> io::Result<()> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_string_pretty(self)? + "\n")?;
        std::fs::rename(&tmp, path)
    }
}
