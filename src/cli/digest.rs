//! `orienteer digest`: the morning digest ([`crate::domain::digest`]) of
//! the accounts `--owner` and `--view` select (as `watchlist` selects
//! them), since `--since` (yesterday by default), as text that fits 80
//! columns without colour, markdown for a chat, or JSON for a script.
//! Source text (names, play ids) is cleaned before it is laid out, and
//! escaped for markdown.

use super::args::{DigestArgs, DigestFormat};
use super::Failure;
use crate::domain::digest::{digest, Digest};
use crate::domain::numbers::{cell, fit, money};
use crate::domain::portfolio::{Portfolio, Shown, SortKey};
use crate::domain::report::HandledRow;
use crate::domain::text::clean;
use crate::domain::Engine;
use crate::saved_views::SavedView;
use chrono::NaiveDate;
use std::io::Write;

/// The width the text fits.
const COLUMNS: usize = 80;
/// The account name's column in the text.
const NAME_COLUMNS: usize = 28;
/// What an empty digest says.
pub(crate) const NOTHING: &str = "Nothing needs you today.";

/// The digest the arguments ask for: the accounts of `--view` and
/// `--owner` (the selection `watchlist` makes, in attention order) since
/// `--since`. `me` is the config's `me`; `views` the saved views.
pub(crate) fn build(
    engine: &Engine,
    portfolio: &Portfolio,
    args: &DigestArgs,
    me: Option<String>,
    views: &[SavedView],
) -> Result<Digest, Failure> {
    let (filter, _) = super::watchlist::selection(
        engine,
        args.view.as_deref(),
        args.owner.as_deref(),
        me,
        views,
    )?;
    let since = super::changes::since(args.since, portfolio.now)?;
    let rows = portfolio.filter(&portfolio.sorted_by(SortKey::Attention, false), &filter);
    Ok(digest(engine, Shown::bare(portfolio), &rows, since))
}

pub(crate) fn write(d: &Digest, format: DigestFormat, out: &mut impl Write) -> std::io::Result<()> {
    match format {
        DigestFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, d)?;
            writeln!(out)
        }
        DigestFormat::Text => text(d, out),
        DigestFormat::Markdown => markdown(d, out),
    }
}

/// One section of the digest as both text faces lay it out: its title and
/// a line per item (the account's name, then what about it), uncleaned.
struct Section {
    title: String,
    lines: Vec<(String, String)>,
}

fn day(d: NaiveDate) -> String {
    d.format("%m-%d").to_string()
}

/// The sections that have something in them, in the digest's order.
fn sections(d: &Digest) -> Vec<Section> {
    let since = d.since;
    let section = |title: String, lines: Vec<(String, String)>| Section {
        title: format!("{title} ({})", lines.len()),
        lines,
    };
    let all = [
        section(
            format!("Changed since {since}"),
            d.changed
                .iter()
                .map(|c| (c.name.clone(), c.reason.clone()))
                .collect(),
        ),
        section(
            format!("Woken since {since}"),
            d.woken
                .iter()
                .map(|w| (w.name.clone(), w.why.clone()))
                .collect(),
        ),
        section(
            "Follow-ups due".into(),
            d.follow_ups
                .iter()
                .map(|f| {
                    let when = match f.days_overdue {
                        0 => "due today".to_string(),
                        n => format!("{n}d overdue (due {})", day(f.due)),
                    };
                    (f.name.clone(), format!("{}: {when}", f.play))
                })
                .collect(),
        ),
        section(
            "Renewals at risk in the next 30 days".into(),
            d.renewals
                .iter()
                .map(|r| {
                    let when = match r.days {
                        0 => "renews today".to_string(),
                        n => format!("renews in {n}d ({})", day(r.renewal_date)),
                    };
                    let arr = money(r.arr);
                    (
                        r.name.clone(),
                        format!("{when} · {} · ARR {arr}", r.band.id()),
                    )
                })
                .collect(),
        ),
        section(
            format!("Handled since {since}"),
            d.handled
                .iter()
                .map(|h| (h.name.clone(), handled(&h.handled)))
                .collect(),
        ),
    ];
    all.into_iter().filter(|s| !s.lines.is_empty()).collect()
}

/// "win-back on 12-03, follow-up 12-10" (or "until 12-10").
fn handled(h: &HandledRow) -> String {
    let until = match h.follow_up {
        true => "follow-up",
        false => "until",
    };
    format!("{} on {}, {until} {}", h.play, day(h.at), day(h.until))
}

fn title(d: &Digest) -> String {
    format!("Digest for {} (since {})", d.as_of, d.since)
}

/// Plain text: every line cleaned and cut to [`COLUMNS`].
fn text(d: &Digest, out: &mut impl Write) -> std::io::Result<()> {
    let line = |s: &str| fit(&clean(s), COLUMNS);
    writeln!(out, "{}", line(&title(d)))?;
    writeln!(out, "{}", line(&d.counts.phrase()))?;
    if d.is_empty() {
        writeln!(out)?;
        return writeln!(out, "{NOTHING}");
    }
    for s in sections(d) {
        writeln!(out)?;
        writeln!(out, "{}", line(&s.title))?;
        for (name, what) in &s.lines {
            let name = cell(&clean(name), NAME_COLUMNS);
            writeln!(out, "{}", line(&format!("  {name}  {what}")))?;
        }
    }
    Ok(())
}

/// Markdown for a chat: a heading per section, a bullet per item, every
/// piece of text from the data cleaned and escaped.
fn markdown(d: &Digest, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "## {}", escape(&title(d)))?;
    writeln!(out)?;
    writeln!(out, "{}", escape(&d.counts.phrase()))?;
    if d.is_empty() {
        writeln!(out)?;
        return writeln!(out, "{}", escape(NOTHING));
    }
    for s in sections(d) {
        writeln!(out)?;
        writeln!(out, "### {}", escape(&s.title))?;
        writeln!(out)?;
        for (name, what) in &s.lines {
            writeln!(out, "- **{}**: {}", escape(name.trim()), escape(what))?;
        }
    }
    Ok(())
}

/// `s` cleaned (one line, no controls) with every character markdown
/// could read as markup escaped: emphasis, code, links (with `[` and `]`
/// escaped no link or image can form), HTML, headings, tables,
/// strike-through. Lines start with our own text, so `-`, `+` and digits
/// never start a list.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_what_could_be_markup_and_cleans_controls() {
        assert_eq!(escape("Acme_Corp *2*"), "Acme\\_Corp \\*2\\*");
        assert_eq!(escape("[x](http://e)"), "\\[x\\](http://e)");
        assert_eq!(escape("a\nb\u{1b}[31m"), "a b\\[31m");
        assert_eq!(escape("<b>#1|~"), "\\<b\\>\\#1\\|\\~");
    }
}
