//! Crash reports: a panic on the app's own thread (the TUI's loop, a
//! command) writes what a developer needs next to the log file (the
//! version and commit, the OS, the panic's message and place, the
//! backtrace; no account data, no token, no config value), and once the
//! terminal is restored one line on stderr says where it is. A panic in a
//! background job is that job's failure, shown by the app: it is logged
//! (with its backtrace), not reported as a crash.

use std::backtrace::Backtrace;
use std::panic::PanicHookInfo;
use std::path::{Path, PathBuf};

/// The longest panic message kept, in characters.
const MESSAGE_CHARS: usize = 2_000;

/// What a crash report says.
#[derive(Debug, Clone)]
pub(crate) struct Report {
    /// What `--version` says: the version and the commit.
    pub(crate) version: String,
    pub(crate) os: String,
    pub(crate) thread: String,
    /// `file:line:column` in the source.
    pub(crate) location: String,
    pub(crate) message: String,
    pub(crate) backtrace: String,
}

impl Report {
    /// The report of the panic `info`, with the backtrace taken here.
    pub(crate) fn of(info: &PanicHookInfo<'_>) -> Report {
        Report::new(
            &payload_text(info.payload()),
            info.location().map(|l| l.to_string()),
            Backtrace::force_capture().to_string(),
        )
    }

    /// A report of a panic with `message`, at `location`, with `backtrace`.
    pub(crate) fn new(message: &str, location: Option<String>, backtrace: String) -> Report {
        let message = crate::domain::text::clean(message);
        let message = crate::domain::text::shorten(&message, MESSAGE_CHARS).into_owned();
        Report {
            version: super::version(),
            os: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
            thread: std::thread::current()
                .name()
                .unwrap_or("unnamed")
                .to_string(),
            location: location.unwrap_or_else(|| "unknown".into()),
            message,
            backtrace,
        }
    }

    /// The report as text.
    pub(crate) fn text(&self) -> String {
        format!(
            "Orienteer crashed. Please attach this file to a bug report: it holds no \
             account data, token or config value.\n\n\
             version:   {}\nos:        {}\nthread:    {}\nlocation:  {}\nmessage:   {}\n\n\
             backtrace:\n{}\n",
            self.version, self.os, self.thread, self.location, self.message, self.backtrace
        )
    }

    /// Writes the report as a new file in `dir`
    /// (`orienteer-crash-UTCTIME-PID.txt`, mode 0600); returns its path.
    pub(crate) fn write_in(&self, dir: &Path) -> std::io::Result<PathBuf> {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let path = dir.join(format!(
            "orienteer-crash-{stamp}-{}.txt",
            std::process::id()
        ));
        let mut file = super::file::open_private(&path, false)?;
        std::io::Write::write_all(&mut file, self.text().as_bytes())?;
        Ok(path)
    }
}

/// The text of a panic's payload (`panic!("...")` gives a `&str` or a
/// `String`).
pub(crate) fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        return (*s).to_string();
    }
    match payload.downcast_ref::<String>() {
        Some(s) => s.clone(),
        None => "a panic with no message".to_string(),
    }
}

/// A background job panicked: its failure comes back to the app as a
/// message; the log keeps where and the backtrace.
pub(crate) fn job_panicked(info: &PanicHookInfo<'_>) {
    let report = Report::of(info);
    tracing::error!(
        thread = %report.thread,
        location = %report.location,
        message = %report.message,
        backtrace = %report.backtrace,
        "a background job panicked"
    );
}

/// Installs the crash hook, chained before the one in place (which prints
/// the panic message): reports go to `dir` (the log file's folder; `None`:
/// no place, only the message). Install the TUI's terminal hook after
/// this one, so the terminal is restored before anything is printed.
pub fn install(dir: Option<PathBuf>) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if super::on_load_thread() {
            job_panicked(info);
            return;
        }
        let report = Report::of(info);
        tracing::error!(
            location = %report.location,
            message = %report.message,
            "orienteer crashed"
        );
        let written = dir.as_deref().map(|d| report.write_in(d));
        previous(info);
        match written {
            Some(Ok(path)) => eprintln!(
                "orienteer crashed: the crash report is in {} (please attach it to a bug report)",
                path.display()
            ),
            Some(Err(e)) => {
                eprintln!("orienteer crashed: the crash report could not be written: {e}")
            }
            None => eprintln!("orienteer crashed: no place for a crash report (no home directory)"),
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_has_the_version_the_place_the_message_and_the_backtrace() {
        let report = Report::new(
            "index out of range\x1b[2J",
            Some("src/x.rs:3:7".into()),
            "0: orienteer::main".into(),
        );
        let dir = tempfile::tempdir().unwrap();
        let path = report.write_in(dir.path()).unwrap();
        assert_eq!(path.parent(), Some(dir.path()));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("orienteer-crash-") && name.ends_with(".txt"),
            "{name}"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(&super::super::version()), "{text}");
        assert!(text.contains(env!("CARGO_PKG_VERSION")), "{text}");
        assert!(text.contains("location:  src/x.rs:3:7"), "{text}");
        assert!(text.contains("message:   index out of range"), "{text}");
        assert!(!text.contains('\x1b'), "control characters are cleaned");
        assert!(text.contains("0: orienteer::main"), "{text}");
        assert!(text.contains(std::env::consts::OS), "{text}");
    }

    #[test]
    fn a_long_message_is_cut() {
        let report = Report::new(&"x".repeat(10_000), None, String::new());
        assert_eq!(report.message.chars().count(), MESSAGE_CHARS + 1);
        assert_eq!(report.location, "unknown");
    }
}
