//! The heat map's rows and legend as cells, built once for both faces:
//! the TUI's Heat map tab and `orienteer heatmap` lay these out (the TUI
//! colours a cell by its level) and compute nothing.

use crate::domain::journey::heatmap::{glyph, level, HeatMap, HeatRow, Week, GLYPHS, MISSING};
use crate::domain::text::clean;

/// One week of a row: its character and its shade (`None`: no reading).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeatCell {
    pub glyph: char,
    pub(crate) level: Option<usize>,
}

/// One row of the grid, as each face shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeatLine {
    /// The account, segment or owner, safe to print.
    pub label: String,
    /// Oldest week first.
    pub cells: Vec<HeatCell>,
}

/// One entry of the legend: a shade's character and level (`None` for
/// the missing mark) and the range it stands for (`25-50%`, `no data`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LegendItem {
    pub(crate) glyph: char,
    pub(crate) level: Option<usize>,
    pub(crate) range: String,
}

/// The cell of one week's reading.
pub(crate) fn cell(value: Option<f32>) -> HeatCell {
    HeatCell {
        glyph: glyph(value),
        level: value.map(level),
    }
}

/// The rows of `map`, in its order.
pub fn heat_lines(map: &HeatMap) -> Vec<HeatLine> {
    map.rows.iter().map(heat_line).collect()
}

/// One row of the map as both faces show it (the TUI builds only the
/// rows on screen).
pub(crate) fn heat_line(row: &HeatRow) -> HeatLine {
    HeatLine {
        label: clean(&row.key).into_owned(),
        cells: row.cells.iter().map(|c| cell(*c)).collect(),
    }
}

/// The legend: each shade, low to high, then the missing mark.
pub(crate) fn legend() -> Vec<LegendItem> {
    let n = GLYPHS.len();
    let mut items: Vec<LegendItem> = GLYPHS
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let (lo, hi) = (i * 100 / n, (i + 1) * 100 / n);
            LegendItem {
                glyph: *g,
                level: Some(i),
                range: if i + 1 == n {
                    format!("{lo}%+")
                } else {
                    format!("{lo}-{hi}%")
                },
            }
        })
        .collect();
    items.push(LegendItem {
        glyph: MISSING,
        level: None,
        range: "no data".into(),
    });
    items
}

/// The heading over a run of weeks: `2026-W22 … 2026-W47`.
pub(crate) fn span_title(weeks: &[Week]) -> String {
    match (weeks.first(), weeks.last()) {
        (Some(first), Some(last)) => format!("{} … {}", first.label, last.label),
        _ => String::new(),
    }
}
