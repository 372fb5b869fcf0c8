//! `orienteer cohorts`: accounts grouped by contract-start month (or
//! segment, owner, stage) and the owners' load, as a table, JSON or CSV.
//! The numbers are [`crate::domain::journey::cohorts`]'s, as the TUI's
//! Review screen shows them.

use super::args::{CohortByArg, CohortsArgs, ListFormat};
use crate::app::csv_out::Csv;
use crate::domain::journey::cohorts::{cohorts, CohortBy, Cohorts};
use crate::domain::numbers::{cell, whole, width as columns};
use crate::domain::portfolio::Portfolio;
use crate::domain::review::cohort_rows::{
    cohort_rows, customers, milestone_column, milestone_legend, owner_rows, per_owner,
};
use crate::domain::text::clean;
use crate::domain::Engine;
use std::io::Write;

pub(crate) fn by(arg: CohortByArg) -> CohortBy {
    match arg {
        CohortByArg::Start => CohortBy::Start,
        CohortByArg::Segment => CohortBy::Segment,
        CohortByArg::Owner => CohortBy::Owner,
        CohortByArg::Stage => CohortBy::Stage,
    }
}

pub(crate) fn run(
    engine: &Engine,
    p: &Portfolio,
    args: &CohortsArgs,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let c = cohorts(engine, &p.accounts, &p.evals, p.now, by(args.by));
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &c)?;
            writeln!(out)
        }
        ListFormat::Csv => csv(&c, out),
        ListFormat::Table => table(&c, out),
    }
}

fn csv(c: &Cohorts, out: &mut impl Write) -> std::io::Result<()> {
    let mut head: Vec<String> = [
        "by",
        "cohort",
        "accounts",
        "arr",
        "arr_unknown",
        "good",
        "average",
        "poor",
        "unknown",
        "renewed",
        "churned",
        "churn_rate",
    ]
    .map(String::from)
    .to_vec();
    head.extend(c.milestone_ids.iter().map(|id| format!("{id}_on_time")));
    let mut w = Csv::new(out);
    w.row(&head)?;
    for k in &c.cohorts {
        let mut fields = vec![
            c.by.id().to_string(),
            clean(&k.key).into_owned(),
            k.accounts.to_string(),
            k.arr.map_or_else(String::new, |a| a.to_string()),
            k.arr_unknown.to_string(),
            k.bands.good.to_string(),
            k.bands.average.to_string(),
            k.bands.poor.to_string(),
            k.bands.unknown.to_string(),
            k.renewed.to_string(),
            k.churned.to_string(),
            k.churn_rate.map_or(String::new(), |r| r.to_string()),
        ];
        fields.extend(
            k.milestones
                .iter()
                .map(|m| m.share_on_time.map_or(String::new(), |s| s.to_string())),
        );
        w.row(fields)?;
    }
    w.finish()
}

/// The cohorts, their milestones on time and the owners' load as text.
pub fn table(c: &Cohorts, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "Cohorts by {} · as of {} · {} customers · {} accounts per owner",
        c.by.id(),
        c.as_of,
        customers(c),
        per_owner(c),
    )?;
    let rows = cohort_rows(c);
    let key_w = c
        .cohorts
        .iter()
        .map(|k| columns(&k.key))
        .max()
        .unwrap_or(6)
        .clamp(6, 24);
    writeln!(
        out,
        "{:<key_w$} {:>6} {:>12} {:>5} {:>5} {:>5} {:>5} {:>6} {:>6}",
        "Cohort", "Accts", "ARR", "Good", "Avg", "Poor", "n/a", "Churn", "Rate"
    )?;
    for k in &rows {
        let [good, average, poor, unknown] = k.bands;
        writeln!(
            out,
            "{} {:>6} {:>12} {:>5} {:>5} {:>5} {:>5} {:>6} {:>6}",
            cell(&k.key, key_w),
            k.accounts,
            whole(k.arr),
            good,
            average,
            poor,
            unknown,
            k.churned,
            k.churn_rate,
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Milestones reached on time (of the accounts they are due for)"
    )?;
    let mut head = format!("{:<key_w$}", "Cohort");
    for i in 0..c.milestone_ids.len() {
        head.push_str(&format!(" {:>5}", milestone_column(i)));
    }
    writeln!(out, "{head}")?;
    for k in &rows {
        let mut line = cell(&k.key, key_w);
        for m in &k.on_time {
            line.push_str(&format!(" {m:>5}"));
        }
        writeln!(out, "{line}")?;
    }
    for m in milestone_legend(c) {
        writeln!(out, "  {m}")?;
    }
    writeln!(out)?;
    writeln!(out, "Owners' load")?;
    writeln!(
        out,
        "{:<24} {:>6} {:>12} {:>5}",
        "Owner", "Accts", "ARR", "Poor"
    )?;
    for o in owner_rows(c) {
        writeln!(
            out,
            "{} {:>6} {:>12} {:>5}",
            cell(&o.owner, 24),
            o.accounts,
            whole(o.arr),
            o.poor
        )?;
    }
    Ok(())
}
