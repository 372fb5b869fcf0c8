//! Dotted key paths (`plays[3].stage`, `health.weights.onboarding`) and
//! where the key they name is written in the parsed TOML document.

use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

/// Splits `plays[3].stage` into `plays`, `3`, `stage`. Keys that themselves
/// hold dots or brackets cannot be told apart; they are simply not found.
pub(crate) fn parse(path: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if !name.is_empty() {
            segments.push(Segment::Key(name.to_string()));
        }
        while let Some((index, after)) = rest.split_once(']') {
            match index.parse() {
                Ok(i) => segments.push(Segment::Index(i)),
                Err(_) => segments.push(Segment::Key(index.to_string())),
            }
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    segments
}

/// Renders segments back in the dotted form.
pub(crate) fn render(segments: &[Segment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                let bare = !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                if bare {
                    out.push_str(k);
                } else {
                    // As TOML would write it.
                    out.push_str(&format!("{k:?}"));
                }
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Where a key path was found in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The span of the last key found (`None` when the path ends in an index).
    pub(crate) key: Option<Range<usize>>,
    /// The span of the value found (for a `[table]`, its header).
    pub(crate) value: Range<usize>,
    /// How many segments of the path were found.
    pub(crate) depth: usize,
}

/// Follows `path` through the document as far as it goes; `None` when not
/// even its first segment is in the document.
pub(crate) fn find(doc: &Spanned<DeTable<'_>>, path: &[Segment]) -> Option<Found> {
    let mut found: Option<Found> = None;
    let mut table: Option<&DeTable<'_>> = Some(doc.get_ref());
    let mut array: Option<&[Spanned<DeValue<'_>>]> = None;
    for (depth, segment) in path.iter().enumerate() {
        let (key, value) = match segment {
            Segment::Key(name) => {
                let Some((k, v)) = table.and_then(|t| t.iter().find(|(k, _)| k.get_ref() == name))
                else {
                    break;
                };
                (Some(k.span()), v)
            }
            Segment::Index(i) => {
                let Some(v) = array.and_then(|a| a.get(*i)) else {
                    break;
                };
                (None, v)
            }
        };
        found = Some(Found {
            key,
            value: value.span(),
            depth: depth + 1,
        });
        table = value.get_ref().as_table();
        array = value.get_ref().as_array().map(|a| &a[..]);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_and_render() {
        use Segment::*;
        let p = parse("plays[3].steps[0]");
        assert_eq!(
            p,
            vec![Key("plays".into()), Index(3), Key("steps".into()), Index(0)]
        );
        assert_eq!(render(&p), "plays[3].steps[0]");
        assert_eq!(
            render(&parse("health.weights.onboarding")),
            "health.weights.onboarding"
        );
        assert_eq!(parse(""), vec![]);
        assert_eq!(
            render(&[Key("keys".into()), Key("a.b c".into())]),
            "keys.\"a.b c\""
        );
        // Odd input never panics.
        for odd in ["[", "]", "a[", "a]b", "a[x]", "..", "a[1][2]", "[[3]]"] {
            let _ = render(&parse(odd));
        }
    }

    #[test]
    fn finds_keys_values_and_array_items() {
        let text =
            "[[plays]]\nid = 'a'\n[[plays]]\nid = 'b'\nstage = 'x'\n[keys]\nup = ['k', 'w']\n";
        let doc = DeTable::parse(text).unwrap();
        let at = |path: &str| find(&doc, &parse(path));
        let stage = at("plays[1].stage").unwrap();
        assert_eq!(&text[stage.value.clone()], "'x'");
        assert_eq!(&text[stage.key.unwrap()], "stage");
        assert_eq!(stage.depth, 3);
        let item = at("keys.up[1]").unwrap();
        assert_eq!(&text[item.value], "'w'");
        assert_eq!(item.key, None);
        let table = at("keys").unwrap();
        assert_eq!(&text[table.value], "[keys]");
        let partial = at("plays[1].title").unwrap();
        assert_eq!(partial.depth, 2);
        assert_eq!(at("plays[7]").unwrap().depth, 1);
        assert_eq!(at("health.bands"), None);
    }
}
