//! Engagement heat maps: active users over licenses, week by week over the
//! last 26 ISO weeks, per account or averaged per segment or owner. A week
//! with no usage reading is missing, never zero. Levels are a few shades,
//! each with its own character, so the grid reads without colour.

use crate::domain::account::Account;
use crate::domain::vocab::Metric;
use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// How many weeks a heat map covers, the current one last.
pub(crate) const WEEKS: usize = 26;

/// The shades, lowest engagement first: below 25 %, 25 to 50 %, 50 to
/// 75 %, 75 % and more.
pub(crate) const GLYPHS: [char; 4] = ['░', '▒', '▓', '█'];

/// A week with no usage reading.
pub(crate) const MISSING: char = '·';

/// What the rows are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeatBy {
    #[default]
    Account,
    Segment,
    Owner,
}

impl HeatBy {
    pub(crate) const ALL: [HeatBy; 3] = [HeatBy::Account, HeatBy::Segment, HeatBy::Owner];

    pub(crate) fn id(self) -> &'static str {
        match self {
            HeatBy::Account => "account",
            HeatBy::Segment => "segment",
            HeatBy::Owner => "owner",
        }
    }

    pub(crate) fn next(self) -> HeatBy {
        let i = HeatBy::ALL.iter().position(|b| *b == self).unwrap_or(0);
        HeatBy::ALL[(i + 1) % HeatBy::ALL.len()]
    }
}

/// One ISO week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Week {
    /// `2026-W48`.
    pub label: String,
    /// Its Monday.
    pub start: NaiveDate,
}

/// One row of the grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeatRow {
    /// The account's name, or the segment or owner (`(none)` when unset).
    pub key: String,
    /// The account's id, for a row per account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Accounts averaged into the row (1 for an account).
    pub accounts: usize,
    /// Engagement per week (active users / licenses), oldest first;
    /// `None` for a week without a reading.
    pub cells: Vec<Option<f32>>,
    /// The mean of the weeks with a reading.
    pub mean: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeatMap {
    pub(crate) by: HeatBy,
    pub(crate) as_of: NaiveDate,
    pub weeks: Vec<Week>,
    /// Accounts: lowest mean engagement first, no reading last. Groups:
    /// alphabetically, `(none)` last.
    pub rows: Vec<HeatRow>,
}

/// The shade (an index into [`GLYPHS`]) of an engagement level; above 100 %
/// is the top shade.
pub(crate) fn level(value: f32) -> usize {
    let v = value.clamp(0.0, 1.0);
    ((v * GLYPHS.len() as f32) as usize).min(GLYPHS.len() - 1)
}

/// The character of a cell.
pub fn glyph(cell: Option<f32>) -> char {
    cell.map_or(MISSING, |v| GLYPHS[level(v)])
}

/// How many weeks fit on one line of `width` columns after a label of
/// `label_width` and a space, at `cell_width` columns a week: the grid folds
/// into blocks of this many weeks. At least one.
pub fn weeks_per_block(width: usize, label_width: usize, cell_width: usize) -> usize {
    let room = width.saturating_sub(label_width + 1) / cell_width.max(1);
    room.clamp(1, WEEKS)
}

/// The 26 weeks ending with the week of `now`.
pub(crate) fn weeks(now: NaiveDate) -> Vec<Week> {
    // Checked: a day at the end of the calendar (`--as-of`) gives the
    // calendar's first day, never a panic.
    let back = |day: NaiveDate, days: u64| {
        day.checked_sub_days(Days::new(days))
            .unwrap_or(NaiveDate::MIN)
    };
    let monday = back(now, u64::from(now.weekday().num_days_from_monday()));
    (0..WEEKS)
        .map(|k| {
            let start = back(monday, 7 * (WEEKS - 1 - k) as u64);
            let iso = start.iso_week();
            Week {
                label: format!("{}-W{:02}", iso.year(), iso.week()),
                start,
            }
        })
        .collect()
}

/// The engagement of `account` in each of `weeks` (Mondays), up to `now`:
/// the last active-users reading of the week over the licenses held then.
pub(crate) fn engagement(
    account: &Account,
    starts: &[NaiveDate],
    now: NaiveDate,
) -> Vec<Option<f32>> {
    let users = account.metrics.get(Metric::ActiveUsers).points();
    let licenses = account.metrics.get(Metric::Licenses);
    starts
        .iter()
        .map(|&start| {
            let end = start
                .checked_add_days(Days::new(6))
                .unwrap_or(NaiveDate::MAX)
                .min(now);
            let upto = users.partition_point(|p| p.at <= end);
            let p = users[..upto].last().filter(|p| p.at >= start)?;
            let l = licenses.at(p.at).filter(|l| *l > 0.0)?;
            Some((f64::from(p.value) / l) as f32)
        })
        .collect()
}

#[derive(Debug, Clone, Default)]
struct Sum {
    accounts: usize,
    total: [f64; WEEKS],
    counts: [u32; WEEKS],
}

/// Builds [`HeatMap`]s one account at a time, for every grouping at once.
pub struct HeatMapBuilder {
    now: NaiveDate,
    weeks: Vec<Week>,
    starts: Vec<NaiveDate>,
    accounts: Vec<HeatRow>,
    /// Segment, then owner; `None` is "(none)", sorted last.
    groups: [BTreeMap<Option<String>, Sum>; 2],
}

impl HeatMapBuilder {
    pub(crate) fn new(now: NaiveDate) -> HeatMapBuilder {
        let weeks = weeks(now);
        let starts = weeks.iter().map(|w| w.start).collect();
        HeatMapBuilder {
            now,
            weeks,
            starts,
            accounts: Vec::new(),
            groups: Default::default(),
        }
    }

    /// Adds `account`; churned accounts are left out (they are no
    /// longer customers).
    pub(crate) fn add(&mut self, account: &Account) {
        if !account.is_customer() {
            return;
        }
        let cells = engagement(account, &self.starts, self.now);
        let keys = [&account.segment, &account.owner];
        for (group, key) in self.groups.iter_mut().zip(keys) {
            let key = key
                .as_deref()
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(str::to_string);
            let sum = group.entry(key).or_default();
            sum.accounts += 1;
            for (w, c) in cells.iter().enumerate() {
                if let Some(v) = c {
                    sum.total[w] += f64::from(*v);
                    sum.counts[w] += 1;
                }
            }
        }
        self.accounts.push(HeatRow {
            key: account.name.clone(),
            id: Some(account.id.to_string()),
            accounts: 1,
            mean: mean(&cells),
            cells,
        });
    }

    /// The heat map with a row per account, segment or owner.
    pub(crate) fn finish(&self, by: HeatBy) -> HeatMap {
        let rows = match by {
            HeatBy::Account => {
                let mut rows = self.accounts.clone();
                rows.sort_by(|a, b| {
                    let m = |r: &HeatRow| r.mean.unwrap_or(f32::INFINITY);
                    m(a).total_cmp(&m(b)).then_with(|| a.key.cmp(&b.key))
                });
                rows
            }
            HeatBy::Segment | HeatBy::Owner => {
                let group = &self.groups[usize::from(by == HeatBy::Owner)];
                let mut rows: Vec<HeatRow> = group
                    .iter()
                    .map(|(key, sum)| {
                        let cells: Vec<Option<f32>> = sum
                            .total
                            .iter()
                            .zip(sum.counts)
                            .map(|(t, n)| (n > 0).then(|| (t / f64::from(n)) as f32))
                            .collect();
                        HeatRow {
                            key: key.clone().unwrap_or_else(|| super::cohorts::NONE.into()),
                            id: None,
                            accounts: sum.accounts,
                            mean: mean(&cells),
                            cells,
                        }
                    })
                    .collect();
                // `None` sorts first in the map: put it last.
                if group.keys().next().is_some_and(Option::is_none) {
                    rows.rotate_left(1);
                }
                rows
            }
        };
        HeatMap {
            by,
            as_of: self.now,
            weeks: self.weeks.clone(),
            rows,
        }
    }
}

fn mean(cells: &[Option<f32>]) -> Option<f32> {
    let (sum, n) = cells
        .iter()
        .flatten()
        .fold((0.0f64, 0u32), |(s, n), v| (s + f64::from(*v), n + 1));
    (n > 0).then(|| (sum / f64::from(n)) as f32)
}

/// The segment or owner row an account falls in (a [`HeatRow::key`]).
pub(crate) fn row_of(account: &Account, by: HeatBy) -> String {
    let key = match by {
        HeatBy::Account => return account.name.clone(),
        HeatBy::Segment => &account.segment,
        HeatBy::Owner => &account.owner,
    };
    match key.as_deref().map(str::trim) {
        Some(k) if !k.is_empty() => k.to_string(),
        _ => super::cohorts::NONE.to_string(),
    }
}

/// The heat map of `accounts` as of `now`, with a row per `by`.
pub fn heatmap(accounts: &[Account], now: NaiveDate, by: HeatBy) -> HeatMap {
    let mut b = HeatMapBuilder::new(now);
    for a in accounts {
        b.add(a);
    }
    b.finish(by)
}
