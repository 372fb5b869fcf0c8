//! What can go wrong with a config file, said so that the user can find and
//! fix it: `FILE:LINE:COLUMN: KEY: what was expected`.

use super::locate::Origin;
use std::fmt;
use std::io;
use std::path::PathBuf;

/// A 1-based line and column (in characters) in the config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub(crate) line: usize,
    pub(crate) column: usize,
}

impl Location {
    /// The location of a byte offset into `text`. Offsets past the end, or
    /// inside a character, are moved back to the nearest valid place.
    pub(crate) fn of_offset(text: &str, offset: usize) -> Location {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Location {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A problem in the content of a config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub(crate) path: PathBuf,
    /// Where in the file; `None` when the value at fault is not in the file
    /// (a built-in default that no longer fits the rest).
    pub(crate) location: Option<Location>,
    /// The dotted key path, e.g. `plays[2].trigger`; `None` for TOML syntax errors.
    pub(crate) key: Option<String>,
    pub(crate) message: String,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(location) = self.location {
            write!(f, ":{location}")?;
        }
        match &self.key {
            Some(key) => write!(f, ": {key}: {}", self.message),
            None => write!(f, ": {}", self.message),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file given by `--config` or `ORIENTEER_CONFIG` does not exist.
    #[error("{}: no such config file (given by {})", path.display(), origin.describe())]
    NotFound { path: PathBuf, origin: Origin },
    #[error("{}: cannot read the config file: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{0}")]
    Invalid(Box<Invalid>),
    /// The file could be changed by another user (see `perms`).
    #[error("{}: {why}", path.display())]
    Unsafe { path: PathBuf, why: String },
    #[error("{}: the config file already exists; use --force to overwrite it", path.display())]
    Exists { path: PathBuf },
    #[error("{}: cannot write the config file: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "no place for a config file: this system has no user config directory; \
         give one with --config PATH or the ORIENTEER_CONFIG environment variable"
    )]
    NoLocation,
}

impl ConfigError {
    /// The process exit code for a config problem (usage error).
    pub fn exit_code(&self) -> i32 {
        2
    }
}

impl From<Invalid> for ConfigError {
    fn from(invalid: Invalid) -> ConfigError {
        ConfigError::Invalid(Box::new(invalid))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "a = 1\nbé = \"x\"\n";
        let at = |offset| Location::of_offset(text, offset).to_string();
        assert_eq!(at(0), "1:1");
        assert_eq!(at(4), "1:5");
        assert_eq!(at(5), "1:6");
        assert_eq!(at(6), "2:1");
        // `é` is two bytes but one column.
        assert_eq!(at(9), "2:3");
        assert_eq!(at(8), "2:2");
        assert_eq!(at(1000), "3:1");
        assert_eq!(Location::of_offset("", 3).to_string(), "1:1");
    }

    #[test]
    fn invalid_names_file_place_key_and_message() {
        let invalid = Invalid {
            path: "/x/config.toml".into(),
            location: Some(Location { line: 3, column: 7 }),
            key: Some("lifecycle.pre_renewal_days".into()),
            message: "expected u32".into(),
        };
        let err = ConfigError::from(invalid);
        assert_eq!(
            err.to_string(),
            "/x/config.toml:3:7: lifecycle.pre_renewal_days: expected u32"
        );
        assert_eq!(err.exit_code(), 2);
    }
}
