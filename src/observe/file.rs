//! The log file: where it lives, its rotation, and a writer that creates
//! it (mode 0600, its folder 0700) only when there is a line to write.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tracing_subscriber::fmt::MakeWriter;

/// Names the log file, overriding every other place.
pub(crate) const ENV_VAR: &str = "ORIENTEER_LOG";
/// The log file's name in its folder.
pub(crate) const FILE_NAME: &str = "orienteer.log";
/// A log file larger than this at start is moved to `orienteer.log.1`
/// (replacing the one before) and a new one started: at most twice this
/// on disk.
pub(crate) const ROTATE_AT: u64 = 5 * 1024 * 1024;

/// `$ORIENTEER_LOG`; else `orienteer.log` in `data_dir`, the data dir
/// `$ORIENTEER_DATA` names (a data dir moved elsewhere, as tests do,
/// takes the log along); else in the
/// platform state dir, or the data dir where there is none (macOS,
/// Windows). `None` without a home directory.
pub(crate) fn path(data_dir: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(ENV_VAR).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    if let Some(dir) = data_dir {
        return Some(dir.join(FILE_NAME));
    }
    let dirs = directories::ProjectDirs::from("", "", "orienteer")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_dir());
    Some(dir.join(FILE_NAME))
}

/// Keeps the log small: a file past [`ROTATE_AT`] becomes `NAME.1`.
/// Best effort: a failure leaves the file as it was.
pub(crate) fn rotate(path: &Path) {
    let big = std::fs::metadata(path).is_ok_and(|m| m.len() > ROTATE_AT);
    if big {
        let mut old = path.as_os_str().to_owned();
        old.push(".1");
        let _ = std::fs::rename(path, PathBuf::from(old));
    }
}

/// Opens `path` to append, creating it and its folder, private to the user.
pub(crate) fn open_private(path: &Path, append: bool) -> std::io::Result<File> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
    }
    let mut options = OpenOptions::new();
    match append {
        true => options.append(true).create(true),
        false => options.write(true).create_new(true),
    };
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// The log file, opened at its first line.
pub(crate) struct LogFile {
    path: PathBuf,
    file: Mutex<Option<File>>,
}

impl LogFile {
    pub(crate) fn new(path: PathBuf) -> LogFile {
        LogFile {
            path,
            file: Mutex::new(None),
        }
    }

    fn write_line(&self, buf: &[u8]) -> std::io::Result<()> {
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        if file.is_none() {
            *file = Some(open_private(&self.path, true)?);
        }
        match file.as_mut() {
            Some(f) => f.write_all(buf),
            None => Ok(()),
        }
    }
}

/// One line being written to a [`LogFile`].
pub(crate) struct LineWriter<'a>(&'a LogFile);

impl Write for LineWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // A log that cannot be written must not stop the app.
        let _ = self.0.write_line(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for LogFile {
    type Writer = LineWriter<'a>;

    fn make_writer(&'a self) -> LineWriter<'a> {
        LineWriter(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_log_is_moved_aside_at_start_and_a_small_one_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, b"small").unwrap();
        rotate(&path);
        assert_eq!(std::fs::read(&path).unwrap(), b"small");
        std::fs::write(&path, vec![b'x'; ROTATE_AT as usize + 1]).unwrap();
        rotate(&path);
        assert!(!path.exists());
        let old = dir.path().join("orienteer.log.1");
        assert_eq!(std::fs::metadata(old).unwrap().len(), ROTATE_AT + 1);
    }

    #[test]
    fn the_file_is_made_at_the_first_line_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logs").join(FILE_NAME);
        let log = LogFile::new(path.clone());
        let _ = log.make_writer();
        assert!(!path.exists());
        log.make_writer().write_all(b"one\n").unwrap();
        log.make_writer().write_all(b"two\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one\ntwo\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "{mode:o}");
        }
    }
}
