//! The config file may name a command to run (`token_cmd`): like ssh's
//! StrictModes, a file another user could write is refused before it is
//! read, with the `chmod` that fixes it.

use std::path::Path;

/// Why the file at `path` is not safe to read, and what to run; `None`
/// when it is safe (always on systems without Unix modes).
pub(crate) fn unsafe_because(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        // Only a file can be rewritten to name a command: `/dev/null` (an
        // empty config) always reads empty.
        if !meta.is_file() {
            return None;
        }
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

#[cfg(all(test, unix))]
mod tests {
    use super::unsafe_because;

    #[test]
    fn dev_null_is_an_empty_config_not_a_writable_file() {
        assert_eq!(unsafe_because(std::path::Path::new("/dev/null")), None);
    }
}
