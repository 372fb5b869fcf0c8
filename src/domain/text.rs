//! Text from a source is untrusted: it must never reach the terminal with
//! escape sequences, invisible formatting or stacked marks in it.

use std::borrow::Cow;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
use unicode_width::UnicodeWidthChar;

/// The most combining marks kept on one character: enough for every
/// script's accents (Vietnamese stacks two), not for a tower of marks that
/// draws over the rows above and below.
pub(crate) const MAX_MARKS: usize = 3;

/// What becomes of a character.
enum Kind {
    /// Printed as it is.
    Keep,
    /// A combining mark: kept up to [`MAX_MARKS`] in a row.
    Mark,
    /// A line break of any kind, or a tab: a space.
    Space,
    /// Dropped: a control (C0, DEL, C1, so ESC and CSI), a format
    /// character (bidi overrides and isolates, zero-width characters, the
    /// soft hyphen, the Arabic letter mark, word joiners, tag characters,
    /// the byte-order mark), or a private-use character.
    Drop,
}

fn kind(c: char) -> Kind {
    if c.is_ascii() {
        return match c {
            '\t' | '\n' | '\r' => Kind::Space,
            c if c.is_ascii_control() => Kind::Drop,
            _ => Kind::Keep,
        };
    }
    match c.general_category() {
        GeneralCategory::LineSeparator | GeneralCategory::ParagraphSeparator => Kind::Space,
        GeneralCategory::Control
        | GeneralCategory::Format
        | GeneralCategory::PrivateUse
        | GeneralCategory::Surrogate => Kind::Drop,
        GeneralCategory::NonspacingMark
        | GeneralCategory::SpacingMark
        | GeneralCategory::EnclosingMark => Kind::Mark,
        _ => Kind::Keep,
    }
}

/// `s` made safe to draw: tabs and line breaks (including U+2028 and
/// U+2029) become a space; controls, format characters and private-use
/// characters are dropped; a run of combining marks is cut to
/// [`MAX_MARKS`]. Plain text comes back borrowed, untouched.
pub(crate) fn clean(s: &str) -> Cow<'_, str> {
    let mut marks = 0;
    let untouched = s.chars().all(|c| match kind(c) {
        Kind::Keep => {
            marks = 0;
            true
        }
        Kind::Mark => {
            marks += 1;
            marks <= MAX_MARKS
        }
        Kind::Space | Kind::Drop => false,
    });
    if untouched {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut marks = 0;
    for c in s.chars() {
        match kind(c) {
            Kind::Keep => {
                marks = 0;
                out.push(c);
            }
            Kind::Mark => {
                marks += 1;
                if marks <= MAX_MARKS {
                    out.push(c);
                }
            }
            Kind::Space => {
                marks = 0;
                out.push(' ');
            }
            Kind::Drop => {}
        }
    }
    Cow::Owned(out)
}

/// `s` cut to at most `columns` of display width, with `…` after it when
/// cut (a message, a cursor, an error kept in the store): a wide glyph
/// counts two columns and is never split, and a character's combining
/// marks stay with it (up to [`MAX_MARKS`]; a longer run counts one
/// column a mark, so no run of marks escapes the cut). Every other
/// character counts at least one column, zero-width or not. Text that fits
/// comes back borrowed.
pub(crate) fn shorten(s: &str, columns: usize) -> Cow<'_, str> {
    let mut used = 0;
    let mut marks = 0;
    for (i, c) in s.char_indices() {
        let w = match kind(c) {
            Kind::Mark => {
                marks += 1;
                usize::from(marks > MAX_MARKS)
            }
            _ => {
                marks = 0;
                c.width().unwrap_or(0).max(1)
            }
        };
        if used + w > columns {
            return Cow::Owned(format!("{}…", &s[..i]));
        }
        used += w;
    }
    Cow::Borrowed(s)
}

/// `text` word-wrapped to `width` columns of display width (a wide glyph
/// counts two), broken at whitespace; continuation lines start with
/// `indent` spaces, counted in their width. A word longer than a line
/// stands alone on its line, whole (the frame it is drawn in cuts it).
/// Empty text is one empty line. The one wrap both faces use.
pub(crate) fn wrap(text: &str, width: usize, indent: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let w = crate::domain::numbers::width(word);
        let room = if lines.is_empty() {
            width
        } else {
            width.saturating_sub(indent)
        };
        if used > 0 && used + 1 + w > room {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        line.push_str(word);
        used += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    let pad = " ".repeat(indent);
    for l in lines.iter_mut().skip(1) {
        l.insert_str(0, &pad);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_by_display_width() {
        assert_eq!(
            wrap("one two three four", 9, 2),
            ["one two", "  three", "  four"]
        );
        assert_eq!(wrap("short", 20, 4), ["short"]);
        assert_eq!(wrap("", 20, 4), [""]);
        assert_eq!(wrap("a b c", 3, 0), ["a b", "c"]);
        // A word longer than a line stays whole on its own line.
        assert_eq!(wrap("a Northwind b", 5, 0), ["a", "Northwind", "b"]);
        // Wide glyphs count two columns: five characters, ten columns.
        assert_eq!(wrap("東京 都庁 本社", 9, 0), ["東京 都庁", "本社"]);
        assert_eq!(wrap("東京 都庁", 8, 0), ["東京", "都庁"]);
    }

    #[test]
    fn shorten_cuts_to_display_width_never_inside_a_glyph() {
        let cases = [
            ("abc", 3, "abc"),
            ("abcd", 3, "abc…"),
            // Wide CJK: two columns each, never half a glyph.
            ("東京都庁", 5, "東京…"),
            ("東京都庁", 4, "東京…"),
            // A mark stays on its base: é is one column.
            ("Cafe\u{0301}s", 4, "Cafe\u{0301}…"),
            ("", 0, ""),
            ("a", 0, "…"),
        ];
        for (raw, columns, want) in cases {
            assert_eq!(shorten(raw, columns), want, "{raw:?} to {columns}");
        }
        assert!(matches!(shorten("fits", 4), Cow::Borrowed(_)));
        // Zero-width characters and towers of marks still count.
        let hidden = "\u{200B}".repeat(1_000);
        assert_eq!(shorten(&hidden, 10).chars().count(), 11);
        let tower = format!("Z{}", "\u{0301}".repeat(1_000));
        // Z, its marks, nine more marks at a column each, the ellipsis.
        assert_eq!(shorten(&tower, 10).chars().count(), 1 + MAX_MARKS + 9 + 1);
    }
    use proptest::prelude::*;

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

    #[test]
    fn drops_format_characters_and_breaks_lines_into_spaces() {
        let cases = [
            // Arabic letter mark, word joiner, soft hyphen, zero width space.
            ("a\u{061C}b\u{2060}c\u{00AD}d\u{200B}e", "abcde"),
            // Line and paragraph separators.
            ("one\u{2028}two\u{2029}three", "one two three"),
            // Tag characters (invisible text smuggled in a name).
            ("Acme\u{E0041}\u{E0042}\u{E007F}", "Acme"),
            // Private use.
            ("x\u{E000}\u{F8FF}\u{F0000}y", "xy"),
            // The byte-order mark and an isolate.
            ("\u{FEFF}A\u{2066}B\u{2069}", "AB"),
        ];
        for (raw, want) in cases {
            assert_eq!(clean(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn caps_runs_of_combining_marks() {
        let zalgo = format!("Z{}a", "\u{0301}".repeat(300));
        assert_eq!(clean(&zalgo), format!("Z{}a", "\u{0301}".repeat(MAX_MARKS)));
        // Real accents stay: decomposed é, Vietnamese ệ (two marks).
        for ok in ["Cafe\u{0301}", "Vie\u{0323}\u{0302}t", "नमस्ते"] {
            assert!(matches!(clean(ok), Cow::Borrowed(_)), "{ok:?}");
        }
    }

    fn banned(c: char) -> bool {
        matches!(
            c.general_category(),
            GeneralCategory::Control
                | GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
                | GeneralCategory::PrivateUse
        )
    }

    fn is_mark(c: char) -> bool {
        matches!(
            c.general_category(),
            GeneralCategory::NonspacingMark
                | GeneralCategory::SpacingMark
                | GeneralCategory::EnclosingMark
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn nothing_unsafe_survives(s in any::<String>(), marks in 0usize..40) {
            // Arbitrary text, with a run of marks and the usual suspects mixed in.
            let s = format!("{s}\u{1b}[31m{}\u{202E}{s}\u{2028}", "\u{0336}".repeat(marks));
            let out = clean(&s);
            prop_assert!(!out.chars().any(banned), "{out:?}");
            let mut run = 0;
            for c in out.chars() {
                run = if is_mark(c) { run + 1 } else { 0 };
                prop_assert!(run <= MAX_MARKS, "{out:?}");
            }
            // Clean text stays as it is.
            prop_assert_eq!(clean(&out), out.clone());
        }
    }
}
