//! The `config` subcommands: `path`, `check` and `init`. Each returns its
//! output (or error) for the CLI to print.

use super::error::ConfigError;
use super::locate::{locate, Origin, ENV_VAR};
use super::{example, load, Loaded};
use crate::keymap::Action;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where the config file is, why there, and whether it exists.
pub fn cmd_path(flag: Option<&Path>) -> String {
    describe_path(locate(flag))
}

fn describe_path(location: Option<(PathBuf, Origin)>) -> String {
    let Some((path, origin)) = location else {
        return ConfigError::NoLocation.to_string();
    };
    let chosen = match origin {
        Origin::Flag => "the --config option".to_string(),
        Origin::Env => format!("the {ENV_VAR} environment variable"),
        Origin::Platform => format!("the platform default (no --config, {ENV_VAR} unset)"),
    };
    let status = match std::fs::metadata(&path) {
        Ok(m) if m.is_file() => "exists".to_string(),
        Ok(_) => "exists but is not a file".to_string(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => match origin {
            Origin::Platform => "does not exist: the built-in defaults and demo data are used \
                                 (`config init` writes a documented one)"
                .to_string(),
            _ => "does not exist: Orienteer will stop with an error".to_string(),
        },
        Err(e) => format!("cannot be read: {e}"),
    };
    format!(
        "{}\n  chosen by: {chosen}\n  status: {status}\n",
        path.display()
    )
}

/// Loads and validates the config, and sums up what it holds.
pub fn cmd_check(flag: Option<&Path>) -> Result<String, ConfigError> {
    load(flag).map(|loaded| summary(&loaded))
}

/// What `config check` says of a loaded config: the file, then what it
/// holds.
pub fn summary(loaded: &Loaded) -> String {
    let config = &loaded.config;
    let model = &config.model;
    let mut out = String::new();
    match (&config.path, &loaded.location) {
        (Some(path), _) => {
            let _ = writeln!(out, "{}: OK", path.display());
        }
        (None, Some((path, _))) => {
            let _ = writeln!(
                out,
                "{}: no such file; using the built-in defaults",
                path.display()
            );
        }
        (None, None) => out.push_str("no config file; using the built-in defaults\n"),
    }
    let stages: Vec<&str> = model.stages.iter().map(|s| s.id.as_str()).collect();
    let _ = writeln!(out, "  {} stages: {}", stages.len(), stages.join(", "));
    let _ = writeln!(out, "  {} milestones", model.milestones.len());
    let _ = writeln!(out, "  {} plays", model.plays.len());
    let _ = writeln!(out, "  {} health weight sets", model.health.weights.len());
    let keymap = config.keymap();
    let rebound: Vec<&str> = Action::ALL
        .into_iter()
        .filter(|a| keymap.keys(*a) != a.default_keys().as_slice())
        .map(Action::id)
        .collect();
    if rebound.is_empty() {
        out.push_str("  keys: the defaults\n");
    } else {
        let _ = writeln!(out, "  keys: rebound {}", rebound.join(", "));
    }
    let _ = writeln!(out, "  source: {}", config.source.describe());
    if let Some(usage) = &config.usage {
        let on = usage.match_on.record_key();
        let _ = writeln!(out, "  usage: {} (matched on {on})", usage.base_url);
    }
    let _ = writeln!(out, "  timezone: {}", config.zone);
    let _ = writeln!(out, "  mouse: {}", config.mouse);
    out
}

/// Writes the documented example config to the config path, creating its
/// directory. An existing file is only replaced when `force` is set.
pub fn cmd_init(flag: Option<&Path>, force: bool) -> Result<PathBuf, ConfigError> {
    let (path, _) = locate(flag).ok_or(ConfigError::NoLocation)?;
    write_example(&path, force)?;
    Ok(path)
}

fn write_example(path: &Path, force: bool) -> Result<(), ConfigError> {
    let write_err = |source| ConfigError::Write {
        path: path.to_path_buf(),
        source,
    };
    if !force && path.symlink_metadata().is_ok() {
        return Err(ConfigError::Exists {
            path: path.to_path_buf(),
        });
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(write_err)?;
    }
    std::fs::write(path, example()).map_err(write_err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::load_with;

    #[test]
    fn path_says_where_from_and_whether_it_exists() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        let out = describe_path(Some((file.clone(), Origin::Platform)));
        assert!(out.starts_with(&file.display().to_string()), "{out}");
        assert!(out.contains("platform default"), "{out}");
        assert!(
            out.contains("does not exist: the built-in defaults"),
            "{out}"
        );
        let out = describe_path(Some((file.clone(), Origin::Env)));
        assert!(
            out.contains("ORIENTEER_CONFIG environment variable"),
            "{out}"
        );
        assert!(out.contains("will stop with an error"), "{out}");
        std::fs::write(&file, "").unwrap();
        let out = describe_path(Some((file, Origin::Flag)));
        assert!(
            out.contains("--config option") && out.contains("status: exists"),
            "{out}"
        );
        assert!(describe_path(None).contains("no place for a config file"));
    }

    #[test]
    fn check_sums_up_defaults_when_there_is_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let platform = dir.path().join("orienteer/config.toml");
        let loaded = load_with(None, None, Some(platform.clone())).unwrap();
        assert!(loaded.is_defaults());
        let out = summary(&loaded);
        assert!(
            out.contains("no such file; using the built-in defaults"),
            "{out}"
        );
        assert!(
            out.contains("3 stages: onboarding, established, pre_renewal"),
            "{out}"
        );
        assert!(
            out.contains("12 milestones") && out.contains("11 plays"),
            "{out}"
        );
        assert!(out.contains("keys: the defaults") && out.contains("demo (300 accounts)"));
    }

    #[test]
    fn init_writes_the_example_and_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/config.toml");
        assert_eq!(cmd_init(Some(&path), false).unwrap(), path);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), example());
        std::fs::write(&path, "# mine").unwrap();
        let err = cmd_init(Some(&path), false).unwrap_err();
        assert!(matches!(err, ConfigError::Exists { .. }), "{err}");
        assert!(err.to_string().contains("already exists"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "# mine");
        cmd_init(Some(&path), true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), example());
        let out = cmd_check(Some(&path)).unwrap();
        assert!(out.contains(": OK"), "{out}");
        assert!(out.contains("keys: the defaults"), "{out}");
    }
}
