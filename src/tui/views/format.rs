//! Small formatting helpers shared by the views.

use crate::domain::report::TrendRow;
use ratatui::text::{Line, Span};

use crate::domain::numbers::cut;
pub(crate) use crate::domain::numbers::width as columns;
pub(crate) use crate::domain::numbers::{days, fit, money};
pub(crate) use crate::domain::text::wrap;

/// A 7-day change as an arrow and points: `↓12`, `↑3`, `=`.
pub(crate) fn trend(delta: Option<f64>) -> String {
    match delta {
        None => String::new(),
        Some(d) if d.abs() < 1.0 => "=".into(),
        Some(d) if d > 0.0 => format!("↑{d:.0}"),
        Some(d) => format!("↓{:.0}", -d),
    }
}

/// The move that matters, marked with its span: `↓25w` over 7 days,
/// `↓23m` over 30 days, `=` for no change.
pub(crate) fn main_trend(t: Option<&TrendRow>) -> String {
    match t {
        None => String::new(),
        Some(t) if t.delta.abs() < 1.0 => "=".into(),
        Some(t) => {
            let span = if t.days == 7 { 'w' } else { 'm' };
            format!("{}{span}", trend(Some(t.delta)))
        }
    }
}

/// `line` cut to `width` columns of display width, ending in `…` when cut; each span
/// keeps its style.
pub(crate) fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    let len: usize = line.spans.iter().map(|s| columns(&s.content)).sum();
    if len <= width {
        return line;
    }
    let mut left = width;
    let mut spans = Vec::new();
    for span in line.spans {
        let n = columns(&span.content);
        if n < left {
            left -= n;
            spans.push(span);
            continue;
        }
        // The span where the line ends: cut it, with the ellipsis.
        if left > 0 {
            spans.push(Span::styled(cut(&span.content, left), span.style));
        }
        break;
    }
    Line::from(spans).style(line.style)
}

/// A score 0..100 as one of eight bar heights, or a space for no data.
pub(crate) fn spark(score: Option<f64>) -> char {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    match score {
        None => ' ',
        Some(s) => BARS[((s.clamp(0.0, 100.0) / 100.0 * 7.0).round()) as usize],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(money(Some(1_250_000.0)), "$1.2M");
        assert_eq!(money(Some(85_400.0)), "$85k");
        assert_eq!(money(None), "-");
        assert_eq!(trend(Some(-12.4)), "↓12");
        assert_eq!(trend(Some(0.4)), "=");
        assert_eq!(fit("Northwind Logistics", 10), "Northwind…");
        assert_eq!(fit("Acme", 10), "Acme");
        let line = Line::from(vec![Span::raw("ab"), Span::raw("cd"), Span::raw("ef")]);
        assert_eq!(fit_line(line.clone(), 6).to_string(), "abcdef");
        assert_eq!(fit_line(line.clone(), 5).to_string(), "abcd…");
        assert_eq!(fit_line(line.clone(), 4).to_string(), "abc…");
        assert_eq!(fit_line(line, 1).to_string(), "…");
        assert_eq!(spark(Some(100.0)), '█');
        assert_eq!(spark(Some(0.0)), '▁');
    }
}
