//! `orienteer heatmap`: engagement over the last 26 weeks as a grid of
//! shaded cells (text, readable without colour: each level has its own
//! character), JSON or CSV. Weeks fold into blocks to fit 80 columns.

use super::args::{HeatByArg, HeatFormat, HeatmapArgs};
use crate::app::csv_out::Csv;
use crate::domain::journey::heatmap::{heatmap, weeks_per_block, HeatBy, HeatMap};
use crate::domain::numbers::{cell, fit};
use crate::domain::portfolio::Portfolio;
use crate::domain::review::heat_rows::{heat_lines, legend as legend_items, span_title};
use crate::domain::text::clean;
use std::io::Write;

/// The text grid's width.
pub const WIDTH: usize = 80;
/// The label column of the text grid.
const LABEL: usize = 24;

pub(crate) fn by(arg: HeatByArg) -> HeatBy {
    match arg {
        HeatByArg::Account => HeatBy::Account,
        HeatByArg::Segment => HeatBy::Segment,
        HeatByArg::Owner => HeatBy::Owner,
    }
}

pub(crate) fn run(p: &Portfolio, args: &HeatmapArgs, out: &mut impl Write) -> std::io::Result<()> {
    let mut map = heatmap(&p.accounts, p.now, by(args.by));
    if let Some(n) = args.limit {
        map.rows.truncate(n);
    }
    match args.format {
        HeatFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &map)?;
            writeln!(out)
        }
        HeatFormat::Csv => csv(&map, out),
        HeatFormat::Text => text(&map, WIDTH, out),
    }
}

/// The legend: each shade's character and range, and the missing mark.
pub fn legend() -> String {
    let parts: Vec<String> = legend_items()
        .iter()
        .map(|item| format!("{g}{g} {}", item.range, g = item.glyph))
        .collect();
    parts.join("  ")
}

fn csv(map: &HeatMap, out: &mut impl Write) -> std::io::Result<()> {
    let mut head = vec!["row".to_string(), "id".into(), "accounts".into()];
    head.extend(map.weeks.iter().map(|w| w.label.clone()));
    let mut w = Csv::new(out);
    w.row(&head)?;
    for r in &map.rows {
        let mut fields = vec![
            clean(&r.key).into_owned(),
            r.id.as_deref()
                .map_or(String::new(), |i| clean(i).into_owned()),
            r.accounts.to_string(),
        ];
        fields.extend(
            r.cells
                .iter()
                .map(|c| c.map_or(String::new(), |v| format!("{v:.3}"))),
        );
        w.row(fields)?;
    }
    w.finish()
}

/// The grid in `width` columns: a label, then two characters a week; the
/// weeks fold into blocks, each under its own first and last week.
pub fn text(map: &HeatMap, width: usize, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "Engagement (active users / licenses) by {} · 26 weeks to {}",
        map.by.id(),
        map.as_of
    )?;
    writeln!(out, "{}", legend())?;
    let per = weeks_per_block(width, LABEL, 2);
    let rows = heat_lines(map);
    for (b, weeks) in map.weeks.chunks(per).enumerate() {
        let from = b * per;
        let span = weeks.len() * 2;
        let title = span_title(weeks);
        writeln!(out)?;
        writeln!(out, "{:<LABEL$} {}", "", fit(&title, span.max(8)))?;
        for r in &rows {
            let cells: String = r.cells[from..from + weeks.len()]
                .iter()
                .flat_map(|c| [c.glyph, c.glyph])
                .collect();
            writeln!(out, "{} {cells}", cell(&r.label, LABEL))?;
        }
    }
    Ok(())
}
