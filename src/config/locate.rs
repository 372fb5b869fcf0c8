//! Where the config file is: `--config PATH`, else `$ORIENTEER_CONFIG`, else
//! `config.toml` in the platform's config directory.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

/// The environment variable naming a config file.
pub const ENV_VAR: &str = "ORIENTEER_CONFIG";

/// Why a config path was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// `--config PATH` on the command line.
    Flag,
    /// The `ORIENTEER_CONFIG` environment variable.
    Env,
    /// The platform's config directory (the default).
    Platform,
}

impl Origin {
    /// How the origin is named in messages.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Origin::Flag => "--config",
            Origin::Env => ENV_VAR,
            Origin::Platform => "the platform config directory",
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// `config.toml` in the platform config directory (e.g.
/// `~/.config/orienteer/` on Linux), whether or not it exists; `None` when
/// the system has no home directory.
pub fn platform_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "orienteer").map(|d| d.config_dir().join("config.toml"))
}

/// The config path and why it was chosen, reading `ORIENTEER_CONFIG` from
/// the process environment. The platform path is returned even when no file
/// is there.
pub fn locate(flag: Option<&Path>) -> Option<(PathBuf, Origin)> {
    locate_with(flag, std::env::var_os(ENV_VAR), platform_path())
}

/// [`locate`] with the environment variable and platform path passed in:
/// the flag beats a non-empty `env`, which beats `platform`.
pub fn locate_with(
    flag: Option<&Path>,
    env: Option<OsString>,
    platform: Option<PathBuf>,
) -> Option<(PathBuf, Origin)> {
    if let Some(flag) = flag {
        return Some((flag.to_path_buf(), Origin::Flag));
    }
    if let Some(env) = env.filter(|e| !e.is_empty()) {
        return Some((PathBuf::from(env), Origin::Env));
    }
    platform.map(|p| (p, Origin::Platform))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_path_ends_in_orienteer_config_toml() {
        if let Some(path) = platform_path() {
            assert!(path.ends_with("config.toml"), "{}", path.display());
            let dir = path.parent().unwrap().to_string_lossy().to_lowercase();
            assert!(dir.contains("orienteer"), "{dir}");
        }
    }

    #[test]
    fn an_empty_env_var_counts_as_unset() {
        let got = locate_with(None, Some(OsString::new()), Some("/p/config.toml".into()));
        assert_eq!(got, Some(("/p/config.toml".into(), Origin::Platform)));
        assert_eq!(locate_with(None, None, None), None);
    }
}
