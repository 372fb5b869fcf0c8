//! The list's window: which rows show on the lines the table has, and the
//! one line about the inbox among them ("── 6 handled ──" above the first
//! handled row, or "Nothing needs you" above a list that starts with
//! them). That line is not a row: the selection, `j`/`k` and clicks skip
//! it; it only takes a line of the window when it falls inside it.

use super::App;
use crate::domain::listing::HandledShown;
use crate::domain::portfolio::SortKey;
use crate::domain::Inbox;

/// The rows a window shows and where its inbox line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    /// The first row shown.
    pub(crate) start: usize,
    /// How many rows show (the inbox line not counted).
    pub(crate) rows: usize,
    /// The line of the window the inbox line takes, counted from its first
    /// line, when it shows.
    pub(crate) marker: Option<usize>,
}

impl Window {
    /// The row drawn on `line` of the window, if a row is drawn there.
    pub(crate) fn row_at(&self, line: usize) -> Option<usize> {
        let row = match self.marker {
            Some(m) if line == m => return None,
            Some(m) if line > m => line - 1,
            _ => line,
        };
        (row < self.rows).then_some(self.start + row)
    }

    /// Lines the window fills: its rows and the inbox line.
    #[cfg(test)]
    fn lines(&self) -> usize {
        self.rows + usize::from(self.marker.is_some())
    }
}

/// The window of `lines` lines over a list of `len` rows that shows row
/// `selected`, moving from `offset` as little as possible; `before` is the
/// row the inbox line goes above, if the list has one. The line shows when
/// its place falls inside the window and a row is left beside it.
pub(crate) fn window(
    offset: usize,
    selected: usize,
    lines: usize,
    len: usize,
    before: Option<usize>,
) -> Window {
    let lines = lines.max(1);
    let mut start = super::window_start(offset, selected, lines, len);
    let inside = |start: usize| {
        before.filter(|&m| lines > 1 && m < len && (start..start + lines).contains(&m))
    };
    if inside(start).is_some() && selected >= start + lines - 1 {
        // The line pushes the last row off: the window moves one down so
        // the selected row stays on screen.
        start += 1;
    }
    let marker = inside(start).map(|m| m - start);
    let room = lines - usize::from(marker.is_some());
    Window {
        start,
        rows: room.min(len.saturating_sub(start)),
        marker,
    }
}

impl App {
    /// The row the inbox line goes above: the first handled row, when the
    /// list is in attention order (needs-you, then handled) and no filter
    /// leaves the handled accounts out or lists them alone. `None` when the
    /// list has no handled row.
    pub(crate) fn inbox_line(&self) -> Option<usize> {
        let grouped = self.sort == SortKey::Attention
            && !self.reverse
            && !self.changes_only
            && self.filter.handled == HandledShown::Show;
        if !grouped {
            return None;
        }
        let p = self.shown()?;
        let inbox = |i: u32| p.eval(i as usize).inbox();
        // The order groups needs-you < handled < quiet: a binary search.
        let first = self.visible.partition_point(|&i| inbox(i) < Inbox::Handled);
        let i = *self.visible.get(first)?;
        (inbox(i) == Inbox::Handled).then_some(first)
    }

    /// The window the list draws now, on `lines` lines.
    pub(crate) fn list_window(&self, lines: usize) -> Window {
        window(
            self.offset,
            self.selected,
            lines,
            self.visible.len(),
            self.inbox_line(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inbox_line_takes_a_line_but_never_hides_the_selected_row() {
        // 20 rows on 5 lines, the first handled row is row 7.
        let w = |offset, selected| window(offset, selected, 5, 20, Some(7));
        // Far from it: five rows, no line.
        assert_eq!(
            w(0, 0),
            Window {
                start: 0,
                rows: 5,
                marker: None
            }
        );
        // Row 7 would be the last line: the line takes it, the window moves.
        assert_eq!(
            w(3, 6),
            Window {
                start: 3,
                rows: 4,
                marker: Some(4)
            }
        );
        assert_eq!(
            w(3, 7),
            Window {
                start: 4,
                rows: 4,
                marker: Some(3)
            }
        );
        // At the top of the window, above its row.
        assert_eq!(
            w(7, 9),
            Window {
                start: 7,
                rows: 4,
                marker: Some(0)
            }
        );
        // Passed: gone.
        assert_eq!(
            w(8, 9),
            Window {
                start: 8,
                rows: 5,
                marker: None
            }
        );
        // A list that starts handled: the line first.
        let top = window(0, 0, 5, 20, Some(0));
        assert_eq!(
            top,
            Window {
                start: 0,
                rows: 4,
                marker: Some(0)
            }
        );
        // The last row selected, the line in the last page.
        let end = window(0, 19, 5, 20, Some(17));
        assert_eq!(end.row_at(end.lines() - 1), Some(19));
        // One line: no room for it.
        assert_eq!(window(0, 7, 1, 20, Some(7)).marker, None);
        // A short list: its rows and the line.
        let short = window(0, 0, 10, 3, Some(1));
        assert_eq!(
            short,
            Window {
                start: 0,
                rows: 3,
                marker: Some(1)
            }
        );
    }

    #[test]
    fn lines_map_to_rows_around_the_inbox_line() {
        let w = Window {
            start: 10,
            rows: 4,
            marker: Some(2),
        };
        let rows: Vec<Option<usize>> = (0..6).map(|l| w.row_at(l)).collect();
        assert_eq!(rows, [Some(10), Some(11), None, Some(12), Some(13), None]);
        assert_eq!(w.lines(), 5);
    }
}
