//! The rows the JSON twin prints with `--limit` from a source that makes
//! its accounts one at a time ([`super::top`]'s path) are the bytes the
//! whole loaded portfolio gives ([`super::select`]), in every format.

use super::*;
use crate::app::load::Loader;
use crate::cli::args::{Cli, Command};
use crate::clock::{AsOf, Zone};
use crate::domain::Model;
use crate::source::Demo;
use chrono::NaiveDate;
use clap::Parser;
use std::sync::Arc;

/// Writes `whole` (the whole-book path's rows) and `top`'s rows in every
/// format and asserts the bytes are the same; returns how many rows
/// `top` had.
pub(super) fn assert_same_output(
    whole: &[WatchItem],
    top: &crate::app::top::TopRows,
    day: NaiveDate,
    case: &[&str],
) -> usize {
    let rows: Vec<WatchItem> = top
        .rows
        .iter()
        .map(|(a, e)| watch_item(&top.engine, a, e, day))
        .collect();
    for format in [ListFormat::Json, ListFormat::Csv, ListFormat::Table] {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        write(whole, format, Why::Attention, &mut a).unwrap();
        write(&rows, format, Why::Attention, &mut b).unwrap();
        assert!(a == b, "{case:?} {format:?} differ");
    }
    rows.len()
}

pub(super) fn args(flags: &[&str]) -> WatchlistArgs {
    let argv = ["orienteer", "watchlist"].iter().chain(flags);
    match Cli::try_parse_from(argv).unwrap().command {
        Some(Command::Watchlist(args)) => args,
        _ => unreachable!("a watchlist command"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_rows_made_one_at_a_time_are_the_whole_books_rows() {
    let engine = Arc::new(Engine::new(Model::default()).unwrap());
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let zone = Zone::Named(chrono_tz::UTC);
    let as_of = AsOf {
        instant: zone.start_of(day),
        day,
        zone,
    };
    let loader = Loader::new(engine.clone(), Arc::new(Demo::new(3_000, day)));
    let data = loader.load(as_of).await.unwrap();
    let views = saved_views::all(&engine, &[]);
    let me = Some("maya chen".to_string());
    let cases: &[&[&str]] = &[
        &["--limit", "20"],
        &["--limit", "0"],
        &["--limit", "1", "--reverse"],
        &["--limit", "5000"],
        &["--limit", "40", "--sort", "name"],
        &["--limit", "40", "--sort", "name", "--reverse"],
        &["--limit", "25", "--sort", "health"],
        &["--limit", "25", "--sort", "renewal", "--reverse"],
        &["--limit", "25", "--sort", "arr"],
        &["--limit", "25", "--sort", "alerts"],
        &["--limit", "25", "--sort", "overdue", "--reverse"],
        &["--limit", "30", "--band", "poor,unknown"],
        &["--limit", "30", "--stage", "onboarding", "--sort", "health"],
        &["--limit", "30", "--owner", "me"],
        &[
            "--limit",
            "30",
            "--renewal-within",
            "60",
            "--sort",
            "renewal",
        ],
        &["--limit", "30", "--view", "renewals in 90 days at risk"],
        &["--limit", "30", "--view", "Onboarding behind", "--reverse"],
        &["--limit", "30", "--view", "Follow-ups due"],
    ];
    let mut shown = 0;
    for flags in cases {
        let args = args(flags);
        let whole = select(&data.engine, &data.portfolio, &args, me.clone(), &views).unwrap();
        let want = choose(&engine, &args, me.clone(), &views).unwrap();
        let top = loader.top(as_of, want).await.unwrap().unwrap();
        assert!(top.warnings.is_empty() && top.mapping == data.mapping);
        shown += assert_same_output(&whole, &top, day, flags);
    }
    // The cases list rows: the comparison is not between two empty lists.
    assert!(shown > 300, "{shown} rows");
}
