//! Which columns the watch list shows at a width, and how wide each is.
//! The account name gets its room first; optional columns drop in a fixed
//! order as the width shrinks, and the long texts (why, next play) share
//! what is left.

pub(crate) use crate::saved_views::Column;

impl Column {
    pub(crate) fn title(self) -> &'static str {
        match self {
            Column::Health => "Health",
            Column::Account => "Account",
            Column::Owner => "Owner",
            Column::Stage => "Stage",
            Column::Arr => "ARR",
            Column::Renew => "Renew",
            Column::Alerts => "Risks",
            Column::Overdue => "Overdue",
            Column::Why => "Why",
            Column::NextPlay => "Next play",
        }
    }

    /// The width it needs (for why and next play, the least worth showing).
    fn min_width(self) -> u16 {
        match self {
            Column::Health => 13,
            Column::Account => NAME_MIN,
            Column::Owner => 16,
            Column::Stage => 11,
            Column::Arr | Column::Renew | Column::Alerts => 6,
            Column::Overdue => 7,
            Column::Why => 20,
            Column::NextPlay => 14,
        }
    }
}

/// Room for a typical account name before optional columns get any.
pub(crate) const NAME_MIN: u16 = 24;
/// The name grows to this before why and next play get the rest.
pub(crate) const NAME_MAX: u16 = 28;
/// Between columns.
pub(crate) const SPACING: u16 = 1;

/// Optional columns, most wanted first: the last ones drop first. Why an
/// account is where it is comes first: the order means nothing without it.
const OPTIONAL: [Column; 8] = [
    Column::Why,
    Column::Renew,
    Column::Arr,
    Column::Alerts,
    Column::Stage,
    Column::Overdue,
    Column::NextPlay,
    Column::Owner,
];

/// The columns shown at `width`, in drawing order, with their widths. The
/// widths and the spacing between them add up to `width` (or less, when
/// even health and name do not fit).
#[cfg(test)]
fn layout(width: u16) -> Vec<(Column, u16)> {
    layout_only(width, None)
}

/// [`layout`] with only the optional columns of `only` (a saved view's
/// `columns`), as many of them as fit, in the usual drop order; `None`
/// offers every optional column.
pub(crate) fn layout_only(width: u16, only: Option<&[Column]>) -> Vec<(Column, u16)> {
    let mut used = Column::Health.min_width() + SPACING + NAME_MIN;
    let mut shown = vec![Column::Health, Column::Account];
    let offered = OPTIONAL
        .into_iter()
        .filter(|c| only.is_none_or(|o| o.contains(c)));
    for column in offered {
        let cost = SPACING + column.min_width();
        if used + cost > width {
            break;
        }
        used += cost;
        shown.push(column);
    }
    shown.sort_by_key(|c| *c as u8);
    let mut widths: Vec<(Column, u16)> = shown.iter().map(|&c| (c, c.min_width())).collect();
    let mut spare = width.saturating_sub(used);
    let texts = [Column::Why, Column::NextPlay];
    let has_text = shown.iter().any(|c| texts.contains(c));
    // The name first, up to its maximum (all of the rest without texts).
    for (column, w) in &mut widths {
        if *column == Column::Account {
            let grow = if has_text {
                spare.min(NAME_MAX - NAME_MIN)
            } else {
                spare
            };
            *w += grow;
            spare -= grow;
        }
    }
    // Then the texts: why three parts, next play two.
    let shares: u16 = widths.iter().map(|(c, _)| share(*c)).sum::<u16>().max(1);
    let mut left = spare;
    for (column, w) in &mut widths {
        let grow = (spare * share(*column) / shares).min(left);
        *w += grow;
        left -= grow;
    }
    // Rounding leftovers go to the last text column.
    if let Some((_, w)) = widths.iter_mut().rev().find(|(c, _)| texts.contains(c)) {
        *w += left;
    }
    // On a screen narrower than health and a name, the name takes what is left.
    if width < Column::Health.min_width() + SPACING + NAME_MIN {
        widths[1].1 = width.saturating_sub(Column::Health.min_width() + SPACING);
    }
    widths
}

fn share(column: Column) -> u16 {
    match column {
        Column::Why => 3,
        Column::NextPlay => 2,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(cols: &[(Column, u16)]) -> u16 {
        cols.iter().map(|(_, w)| w).sum::<u16>() + SPACING * (cols.len() as u16 - 1)
    }

    fn names(cols: &[(Column, u16)]) -> Vec<Column> {
        cols.iter().map(|(c, _)| *c).collect()
    }

    #[test]
    fn the_name_keeps_its_room_and_optional_columns_drop_in_order() {
        for width in 38..=260 {
            let cols = layout(width);
            assert_eq!(total(&cols), width, "at {width}");
            let name = cols[1];
            assert_eq!(name.0, Column::Account);
            assert!(name.1 >= NAME_MIN, "name {} at {width}", name.1);
        }
        let at = |w| names(&layout(w));
        assert_eq!(at(40), [Column::Health, Column::Account]);
        // At 80 columns: why, renewal, ARR and risks beside the name.
        assert_eq!(
            at(80),
            [
                Column::Health,
                Column::Account,
                Column::Arr,
                Column::Renew,
                Column::Alerts,
                Column::Why
            ]
        );
        assert!(at(92).contains(&Column::Stage));
        assert!(!at(91).contains(&Column::Stage), "{:?}", at(91));
        assert!(at(120).contains(&Column::Why));
        assert!(at(120).contains(&Column::NextPlay));
        assert!(!at(120).contains(&Column::Owner));
        assert!(at(132).contains(&Column::Owner));
        assert_eq!(at(200).len(), 10);
        // A wide screen gives the name its full room before the texts grow.
        assert_eq!(layout(200)[1].1, NAME_MAX);
    }

    #[test]
    fn a_view_limits_the_optional_columns_and_the_rest_take_the_room() {
        let only = [Column::Owner, Column::Renew];
        for width in 38..=260 {
            let cols = layout_only(width, Some(&only));
            assert_eq!(total(&cols), width, "at {width}");
            assert!(
                cols[2..].iter().all(|(c, _)| only.contains(c)),
                "at {width}"
            );
        }
        // Renewal comes before owner in the drop order.
        assert_eq!(
            names(&layout_only(80, Some(&only))),
            [
                Column::Health,
                Column::Account,
                Column::Owner,
                Column::Renew
            ]
        );
        assert_eq!(
            names(&layout_only(50, Some(&only))),
            [Column::Health, Column::Account, Column::Renew]
        );
        // No optional column: health and a name that takes the whole width.
        let bare = layout_only(100, Some(&[]));
        assert_eq!(names(&bare), [Column::Health, Column::Account]);
        assert_eq!(bare[1].1, 100 - 13 - SPACING);
        assert_eq!(layout_only(120, None), layout(120));
    }

    #[test]
    fn narrow_screens_still_lay_out() {
        for width in 0..38 {
            let cols = layout(width);
            assert_eq!(names(&cols), [Column::Health, Column::Account]);
        }
    }
}
