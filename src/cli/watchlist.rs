//! `orienteer watchlist`: the watch list as a table, JSON or CSV, built
//! from the same rows the TUI draws.

use super::args::{BandArg, HandledArg, ListFormat, WatchlistArgs};
use super::context::Context;
use super::Failure;
use crate::app::top::Want;
use crate::domain::listing::HandledShown;
use crate::domain::numbers::{cell, days, width as columns};
use crate::domain::portfolio::{Filter, Portfolio};
use crate::domain::report::{watch_item, WatchItem, Why};
use crate::domain::Band;
use crate::domain::Engine;
use crate::saved_views::{self, SavedView};
use std::io::Write;

pub(crate) fn band(arg: BandArg) -> Band {
    match arg {
        BandArg::Good => Band::Good,
        BandArg::Average => Band::Average,
        BandArg::Poor => Band::Poor,
        BandArg::Unknown => Band::Unknown,
    }
}

/// The watch-list rows the arguments select, in watch-list order.
/// `me` is the config's `me`, for `--owner me`; `views` are the saved
/// views `--view` chooses from. The flags given override the view's.
pub(crate) fn select(
    engine: &Engine,
    portfolio: &Portfolio,
    args: &WatchlistArgs,
    me: Option<String>,
    views: &[SavedView],
) -> Result<Vec<WatchItem>, Failure> {
    let want = choose(engine, args, me, views)?;
    let order = portfolio.filter(&portfolio.sorted_by(want.key, want.reverse), &want.filter);
    Ok(order
        .iter()
        .take(want.limit)
        .map(|&i| {
            let i = i as usize;
            watch_item(
                engine,
                &portfolio.accounts[i],
                &portfolio.evals[i],
                portfolio.now,
            )
        })
        .collect())
}

/// The same rows as [`select`] with `--limit`, without holding the whole
/// book ([`crate::app::top`]), from a source that makes its accounts one
/// at a time or, `--offline`, from the local cache read a chunk at a time;
/// `None` otherwise (a live sync, nothing cached), or with no limit: then
/// [`select`] over the loaded portfolio. The warnings and the offline line
/// go to stderr as [`Context::data`] says them.
pub(crate) async fn top(
    ctx: &Context,
    args: &WatchlistArgs,
) -> Result<Option<Vec<WatchItem>>, Failure> {
    if args.limit.is_none() {
        return Ok(None);
    }
    let want = choose(&ctx.engine, args, ctx.me.clone(), &ctx.views)?;
    let as_of = ctx.clock.as_of(chrono::Utc::now());
    let result = match (&ctx.synced, ctx.offline) {
        (Some(synced), true) => ctx.loader().top_cached(synced.clone(), as_of, want).await,
        _ => ctx.loader().top(as_of, want).await,
    };
    let Some(result) = result else {
        return Ok(None);
    };
    let top = result.map_err(|e| Failure::Load {
        from: ctx.source.describe(),
        error: Box::new(e),
    })?;
    super::context::report(&top.warnings, top.fetched_at, &top.mapping, false)?;
    Ok(Some(
        top.rows
            .iter()
            .map(|(a, e)| watch_item(&top.engine, a, e, as_of.day))
            .collect(),
    ))
}

/// The filter, order and limit the arguments (and `--view`) ask for.
pub(crate) fn choose(
    engine: &Engine,
    args: &WatchlistArgs,
    me: Option<String>,
    views: &[SavedView],
) -> Result<Want, Failure> {
    let (mut filter, view) = selection(
        engine,
        args.view.as_deref(),
        args.owner.as_deref(),
        me,
        views,
    )?;
    if let Some(id) = &args.stage {
        filter.stage = Some(engine.stage_index(id).ok_or_else(|| {
            let ids: Vec<&str> = engine.model.stages.iter().map(|s| s.id.as_str()).collect();
            Failure::BadInput {
                option: "--stage",
                why: format!("unknown stage `{id}`; stages are {}", ids.join(", ")),
            }
        })?);
    }
    if !args.band.is_empty() {
        filter.bands = args.band.iter().copied().map(band).collect();
    }
    if args.renewal_within.is_some() {
        filter.renewal_within = args.renewal_within;
    }
    if let Some(which) = args.handled {
        filter.handled = match which {
            HandledArg::Show => HandledShown::Show,
            HandledArg::Hide => HandledShown::Hide,
            HandledArg::Only => HandledShown::Only,
        };
    }
    Ok(Want {
        filter,
        key: args.sort.or(view.map(|v| v.sort)).unwrap_or_default(),
        reverse: args.reverse || view.is_some_and(|v| v.reverse),
        limit: args.limit.unwrap_or(usize::MAX),
    })
}

/// The filter of `--view NAME` (a saved view, found in any case) with
/// `--owner NAME|me` over it, and the view: the selection `watchlist` and
/// `digest` share. `me` is the config's `me`, for `--owner me`; `views`
/// are the saved views `--view` chooses from. Exit 2 for an unknown view,
/// a view that cannot be applied, or `--owner me` without `me`.
pub(crate) fn selection<'v>(
    engine: &Engine,
    view: Option<&str>,
    owner: Option<&str>,
    me: Option<String>,
    views: &'v [SavedView],
) -> Result<(Filter, Option<&'v SavedView>), Failure> {
    let view = match view {
        None => None,
        Some(name) => {
            let i = saved_views::find(views, name).ok_or_else(|| Failure::BadInput {
                option: "--view",
                why: format!(
                    "unknown view \"{name}\"; views are {}",
                    saved_views::names(views)
                ),
            })?;
            Some(&views[i])
        }
    };
    let mut filter = match view {
        Some(v) => v
            .filter(engine, me.as_deref())
            .map_err(|e| Failure::BadInput {
                option: "--view",
                why: format!("view \"{}\": {e}", v.name),
            })?,
        None => Filter::default(),
    };
    match owner {
        Some("me") => {
            filter.owner = Some(me.ok_or_else(|| Failure::BadInput {
                option: "--owner me",
                why: "needs `me = \"Your Name\"` in the config file".into(),
            })?)
        }
        Some(other) => filter.owner = Some(other.to_string()),
        None => {}
    }
    Ok((filter, view))
}

/// Writes `items` in `format`; the table's Why column tells `why` (the
/// follow-up due in the "Follow-ups due" view, as the TUI's list does).
pub(crate) fn write(
    items: &[WatchItem],
    format: ListFormat,
    why: Why,
    out: &mut impl Write,
) -> std::io::Result<()> {
    match format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, items)?;
            writeln!(out)
        }
        ListFormat::Csv => crate::app::csv_out::watch_list(items, out),
        ListFormat::Table => table(items, why, out),
    }
}

fn table(items: &[WatchItem], why: Why, out: &mut impl Write) -> std::io::Result<()> {
    let width = |f: &dyn Fn(&WatchItem) -> usize, min: usize, max: usize| {
        items.iter().map(f).max().unwrap_or(min).clamp(min, max)
    };
    let id_w = width(&|i| columns(&i.id), 2, 24);
    let name_w = width(&|i| columns(&i.name), 7, 32);
    let why_w = width(&|i| columns(&i.why_in(why, usize::MAX)), 3, 28);
    writeln!(
        out,
        "{:<id_w$}  {:>5} {:<7} {:>4}  {:<name_w$}  {:<11} {:>10} {:>6} {:>6} {:>7}  {:<why_w$}  Next play",
        "Id", "Score", "Band", "7d", "Account", "Stage", "ARR", "Renew", "Risks", "Overdue", "Why"
    )?;
    for i in items {
        let h = &i.health;
        writeln!(
            out,
            "{}  {:>5} {:<7} {:>4}  {}  {:<11} {:>10} {:>6} {:>6} {:>7}  {}  {}",
            cell(&i.id, id_w),
            h.score.map_or("-".into(), |s| format!("{s:.0}")),
            h.band.id(),
            h.delta_7d.map_or("-".into(), |d| format!("{d:+.0}")),
            cell(&i.name, name_w),
            i.stage,
            match i.arr {
                Some(a) => format!("{a:.0}"),
                None if i.bad_value("arr") => "?".into(),
                None => "-".into(),
            },
            days(i.days_to_renewal),
            i.risk_alerts,
            i.overdue_milestones,
            cell(&i.why_in(why, why_w), why_w),
            i.recommended_plays
                .first()
                .map_or("-", |p| p.title.as_str()),
        )?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "watchlist_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "watchlist_store_tests.rs"]
mod store_tests;
