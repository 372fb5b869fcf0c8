//! The config file may name a command to run (`token_cmd`): like ssh's
//! StrictModes, a file another user could write is refused before it is
//! read, with the `chmod` that fixes it.

use std::path::Path;

/// Why the file at `path` is not safe to read, and what to run; `None`
/// when it is safe (always on systems without Unix modes).
pub fn unsafe_because(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        let shown = path.display();
        if meta.mode() & 0o022 != 0 {
            let who = match meta.mode() & 0o002 {
                0 => "its group",
                _ => "every user",
            };
            return Some(format!(
                "the config file can be changed by {who} (mode {:o}), and it may name a command \
                 to run: it is not read. Run `chmod go-w {shown}`",
                meta.mode() & 0o777
            ));
        }
        // The process's own user, where the system says it cheaply.
        if let Ok(me) = std::fs::metadata("/proc/self").map(|m| m.uid()) {
            if meta.uid() != me && meta.uid() != 0 {
                return Some(format!(
                    "the config file belongs to another user (uid {}), and it may name a \
                     command to run: it is not read. Use your own copy, or run `chown {me} \
                     {shown}` and `chmod go-w {shown}`",
                    meta.uid()
                ));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    None
}
