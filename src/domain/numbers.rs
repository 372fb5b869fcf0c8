//! Numbers as both faces print them: shares, lifts, p-values, AUCs, money,
//! days, ages and "how long ago"; and text cut to a display width (a wide
//! CJK glyph takes two columns and is never split). The TUI's views and
//! the CLI's tables use these and nothing of their own.

use chrono::{DateTime, Utc};
use unicode_width::UnicodeWidthChar;

/// What a missing number prints as.
pub(crate) const NONE: &str = "-";

/// An infinite lift (churn only among accounts with the signal). ASCII, so
/// it reads in any terminal and pipe.
pub(crate) const INFINITE: &str = "inf";

/// A share as a whole percentage (`42%`), or `-`.
pub(crate) fn percent(share: Option<f64>) -> String {
    share.map_or(NONE.into(), |s| format!("{:.0}%", s * 100.0))
}

/// A lift with two significant places (`4.8x`, `20x`); `inf` when the
/// accounts without the signal never churned but some with it did (`None`
/// with `churned_with > 0`); else `-`.
pub(crate) fn lift(lift: Option<f64>, churned_with: u64) -> String {
    match lift {
        None if churned_with > 0 => INFINITE.into(),
        None => NONE.into(),
        Some(l) if l >= 10.0 => format!("{l:.0}x"),
        Some(l) => format!("{l:.1}x"),
    }
}

/// A p-value in four decimals (`0.0123`, `<.0001`), or `-`.
pub(crate) fn p_value(p: Option<f64>) -> String {
    match p {
        None => NONE.into(),
        Some(p) if p < 0.0001 => "<.0001".into(),
        Some(p) => format!("{p:.4}"),
    }
}

/// An AUC with two decimals, or `n/a`.
pub(crate) fn auc(a: Option<f64>) -> String {
    a.map_or("n/a".into(), |a| format!("{a:.2}"))
}

/// Money in a few characters: `$1.2M`, `$85k`, `$900`, or `-`.
pub(crate) fn money(v: Option<f64>) -> String {
    match v {
        None => NONE.into(),
        Some(v) if v.abs() >= 999_500.0 => format!("${:.1}M", v / 1_000_000.0),
        Some(v) if v.abs() >= 1_000.0 => format!("${:.0}k", v / 1_000.0),
        Some(v) => format!("${v:.0}"),
    }
}

/// Whole dollars (`1234568`), for a table that prints ARR exactly, or
/// `-` when unknown.
pub(crate) fn whole(v: Option<f64>) -> String {
    v.map_or_else(|| NONE.into(), |v| format!("{v:.0}"))
}

/// Days until a date: `45d`, `-3d` (past), or `-`.
pub(crate) fn days(v: Option<i64>) -> String {
    v.map_or_else(|| NONE.into(), |d| format!("{d}d"))
}

/// How long ago `at` was, as of `now`: `just now`, `5 min ago`, `3 h ago`,
/// `1 day ago`, `2 days ago`.
pub(crate) fn ago(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - at).num_seconds().max(0);
    match secs {
        0..=59 => "just now".into(),
        60..=3599 => format!("{} min ago", secs / 60),
        3600..=86_399 => format!("{} h ago", secs / 3600),
        86_400..=172_799 => "1 day ago".into(),
        _ => format!("{} days ago", secs / 86_400),
    }
}

/// The columns `s` takes in a terminal.
pub fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `s` cut to at most `columns` of display width, ending in `…` when cut;
/// a glyph that would not fit whole is left out, never split.
pub(crate) fn fit(s: &str, columns: usize) -> String {
    if width(s) <= columns {
        return s.to_string();
    }
    if columns == 0 {
        return String::new();
    }
    let mut out = cut(s, columns);
    // No space before the ellipsis.
    out.pop();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// `s` padded with spaces to `columns` of display width (left-aligned):
/// `format!("{:<n$}")` counts characters, so a wide glyph would push the
/// next column out.
pub(crate) fn pad(s: &str, columns: usize) -> String {
    let w = width(s);
    format!("{s}{}", " ".repeat(columns.saturating_sub(w)))
}

/// `s` in a table cell of `columns`: cut to fit (see [`fit`]), then padded.
pub(crate) fn cell(s: &str, columns: usize) -> String {
    pad(&fit(s, columns), columns)
}

/// `s` cut to `columns - 1` of display width and `…`, whether it fits or
/// not (text follows that did not fit); empty at 0 columns.
pub(crate) fn cut(s: &str, columns: usize) -> String {
    if columns == 0 {
        return String::new();
    }
    // Room for the ellipsis (one column).
    let room = columns - 1;
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_as_text() {
        let now: DateTime<Utc> = "2026-11-23T09:30:00Z".parse().unwrap();
        let secs = |s: i64| now - chrono::TimeDelta::seconds(s);
        let cases: [(String, &str); 23] = [
            (percent(Some(0.424)), "42%"),
            (percent(Some(1.0)), "100%"),
            (percent(None), "-"),
            (lift(Some(4.83), 3), "4.8x"),
            (lift(Some(20.4), 3), "20x"),
            (lift(None, 3), "inf"),
            (lift(None, 0), "-"),
            (p_value(Some(0.01234)), "0.0123"),
            (p_value(Some(0.00001)), "<.0001"),
            (p_value(None), "-"),
            (auc(Some(0.8361)), "0.84"),
            (auc(None), "n/a"),
            (money(Some(1_250_000.0)), "$1.2M"),
            (money(Some(85_400.0)), "$85k"),
            (money(Some(900.0)), "$900"),
            (money(None), "-"),
            (days(Some(-3)), "-3d"),
            (days(None), "-"),
            (ago(secs(10), now), "just now"),
            (ago(secs(300), now), "5 min ago"),
            (ago(secs(3 * 3600), now), "3 h ago"),
            (ago(secs(30 * 3600), now), "1 day ago"),
            (ago(secs(2 * 86_400 + 5), now), "2 days ago"),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
    }

    #[test]
    fn latin_names_cut_with_an_ellipsis() {
        assert_eq!(fit("Northwind Logistics", 10), "Northwind…");
        assert_eq!(fit("Acme", 10), "Acme");
        assert_eq!(fit("Acme", 0), "");
    }

    #[test]
    fn a_cjk_name_is_cut_at_a_glyph_never_past_the_width() {
        let name = "株式会社東京データ分析"; // 11 glyphs, 22 columns
        for columns in 5..=12 {
            let cut = fit(name, columns);
            assert!(width(&cut) <= columns, "{columns}: {cut}");
            assert!(cut.ends_with('…'), "{columns}: {cut}");
            // Whole glyphs of the name, in order, then the ellipsis.
            let kept = cut.trim_end_matches('…');
            assert!(name.starts_with(kept), "{columns}: {cut}");
            // As many as fit: one more would not.
            let glyphs = kept.chars().count();
            assert_eq!(glyphs, (columns - 1) / 2, "{columns}: {cut}");
        }
        assert_eq!(fit("東京", 4), "東京");
        // A cell of a table: always its width, whatever the glyphs.
        for columns in 4..=12 {
            assert_eq!(width(&cell(name, columns)), columns, "{columns}");
            assert_eq!(width(&cell("Acme", columns)), columns, "{columns}");
        }
        assert_eq!(cell("東京", 6), "東京  ");
        assert_eq!(fit("東京x", 4), "東…");
    }
}
