//! Text from a source is untrusted: it must never reach the terminal with
//! escape sequences or control characters in it.

use std::borrow::Cow;

fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// `s` with every control character (C0, DEL, C1, including ESC and CSI)
/// and bidi override replaced: tabs and newlines become a space, the rest
/// is dropped.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter_map(|c| match c {
                '\t' | '\n' | '\r' => Some(' '),
                c if is_unsafe(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn strips_escape_sequences_and_controls() {
        let cases = [
            ("Acme Corp", "Acme Corp"),
            ("\x1b[2J\x1b]0;pwned\x07Acme", "[2J]0;pwnedAcme"),
            ("line\nbreak\ttab", "line break tab"),
            ("c1\u{9b}31mred", "c131mred"),
            ("bidi\u{202E}txet", "biditxet"),
            ("Zoë Café", "Zoë Café"),
        ];
        for (raw, want) in cases {
            assert_eq!(clean(raw), want, "{raw:?}");
        }
    }
}
