//! The world outside the terminal app: opening a link in the browser, and
//! the clipboard through the terminal (OSC 52). `update` decides; the event
//! loop carries out, with the functions here.

use crossterm::clipboard::CopyToClipboard;
use crossterm::Command as _;
use std::io::{self, Write};
use std::process::{Command, Stdio};

/// Whether a link can be opened in a browser on this machine, decided once
/// at startup: not over SSH (the browser would open on the far machine, or
/// nowhere), nor on Linux without a display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opener {
    Local,
    /// Why not, for the status line ("over SSH").
    Unavailable(&'static str),
}

impl Opener {
    /// From the environment of this process.
    pub(crate) fn detect() -> Opener {
        Opener::from_env(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()))
    }

    /// From `set(name)`, true when the variable is set and not empty.
    pub(crate) fn from_env(set: impl Fn(&str) -> bool) -> Opener {
        if set("SSH_CONNECTION") || set("SSH_TTY") {
            return Opener::Unavailable("over SSH");
        }
        let unix_desktop = !cfg!(any(target_os = "macos", windows));
        if unix_desktop && !set("DISPLAY") && !set("WAYLAND_DISPLAY") {
            return Opener::Unavailable("no display");
        }
        Opener::Local
    }
}

/// The platform's command that opens `url` in the browser.
fn opener_command(url: &str) -> Command {
    if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else if cfg!(windows) {
        // Not `cmd /c start`: cmd would read a `&` in the URL as the end
        // of the command and run what follows.
        let mut c = Command::new("rundll32");
        c.args(["url.dll,FileProtocolHandler", url]);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    }
}

/// Starts the browser on `url` without waiting for it. `failed` is called
/// (on another thread) with the reason if the opener cannot be started or
/// exits with a failure.
pub(crate) fn open_url(url: &str, failed: impl FnOnce(String) + Send + 'static) {
    let spawned = opener_command(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    match spawned {
        Err(e) => failed(format!("no opener ({e})")),
        Ok(mut child) => {
            // Reaped on its own thread, so the app never waits for it.
            std::thread::spawn(move || match child.wait() {
                Ok(status) if status.success() => {}
                Ok(status) => failed(format!("the opener failed ({status})")),
                Err(e) => failed(format!("the opener failed ({e})")),
            });
        }
    }
}

/// The OSC 52 command that asks the terminal to put `text` on the
/// clipboard (crossterm's). Control characters are taken out of `text`
/// first, and base64 has none, so the only ESC is the frame's own.
fn copy_command(text: &str) -> CopyToClipboard<String> {
    // A new line stays: the marked ids go one per line. Inside the base64
    // it cannot end the frame.
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    CopyToClipboard::to_clipboard_from(clean)
}

/// The bytes [`copy`] writes for `text`: `ESC ] 52 ; c ; <base64> ESC \`.
pub fn osc52(text: &str) -> String {
    let mut out = String::new();
    copy_command(text)
        .write_ansi(&mut out)
        .expect("writing to a String does not fail");
    out
}

/// Writes the OSC 52 sequence for `text` to `out` (the terminal).
pub(crate) fn copy(out: &mut impl Write, text: &str) -> io::Result<()> {
    crossterm::execute!(out, copy_command(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_frames_the_base64_of_the_text() {
        assert_eq!(osc52("D000123"), "\x1b]52;c;RDAwMDEyMw==\x1b\\");
        assert_eq!(osc52("é"), "\x1b]52;c;w6k=\x1b\\");
    }

    #[test]
    fn a_hostile_id_cannot_escape_the_frame() {
        let hostile = "D1\x1b]52;c;ZXZpbA==\x07\x1b[2J\u{9b}31m\u{7}\r\n";
        let seq = osc52(hostile);
        // The frame's own ESCs: the start and the string terminator.
        assert_eq!(seq.matches('\x1b').count(), 2, "{seq:?}");
        assert!(seq.starts_with("\x1b]52;c;"), "{seq:?}");
        assert!(!seq.contains('\x07'), "{seq:?}");
        assert!(seq.ends_with("\x1b\\"), "{seq:?}");
        assert!(!seq.contains('\u{9b}'));
        // What is copied is the id without its control characters (a new
        // line, in base64, is one line of a list of ids).
        assert_eq!(seq, osc52("D1]52;c;ZXZpbA==[2J31m\n"));
    }

    #[test]
    fn no_browser_over_ssh_or_without_a_display() {
        let env = |vars: &'static [&'static str]| move |name: &str| vars.contains(&name);
        assert_eq!(
            Opener::from_env(env(&["SSH_CONNECTION", "DISPLAY"])),
            Opener::Unavailable("over SSH")
        );
        assert_eq!(
            Opener::from_env(env(&["SSH_TTY", "DISPLAY"])),
            Opener::Unavailable("over SSH")
        );
        let desktop = Opener::from_env(env(&["DISPLAY"]));
        assert_eq!(desktop, Opener::Local);
        if !cfg!(any(target_os = "macos", windows)) {
            assert_eq!(
                Opener::from_env(env(&[])),
                Opener::Unavailable("no display")
            );
            assert_eq!(Opener::from_env(env(&["WAYLAND_DISPLAY"])), Opener::Local);
        }
    }
}
