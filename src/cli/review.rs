//! `orienteer review`: the journey review (signals that told churned from
//! renewed accounts, and how good the health model was) as text or JSON,
//! from the same [`crate::domain::review::review`] the TUI shows.

use super::args::DetailFormat;
use crate::domain::numbers::{auc, fit, pad};
use crate::domain::review::rows::{signal_rows, stage_rows};
use crate::domain::review::Review;
use crate::domain::text::{clean, wrap};
use std::io::{self, Write};

/// Writes `review` in `format`.
pub fn write(review: &Review, format: DetailFormat, out: &mut impl Write) -> io::Result<()> {
    match format {
        DetailFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, review).map_err(io::Error::from)?;
            writeln!(out)
        }
        DetailFormat::Text => text(review, out),
    }
}

fn text(r: &Review, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "Review as of {}: {} renewed, {} churned,\neach as it stood {} days before its outcome.",
        r.as_of, r.renewed, r.churned, r.horizon_days
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{:>3} {:<35} {:>5} {:>5} {:>7} {:>5} {:>5} {:>7}",
        "#", "Signal", "With", "churn", "Without", "churn", "Lift", "p"
    )?;
    for row in signal_rows(r) {
        writeln!(
            out,
            "{:>3} {:<35} {:>5} {:>5} {:>7} {:>5} {:>5} {:>7}",
            row.rank,
            pad(&fit(&row.label, 35), 35),
            row.with,
            row.churn_with,
            row.without,
            row.churn_without,
            row.lift,
            row.p,
        )?;
        if !row.same_as.is_empty() {
            let same = format!("same accounts as: {}", row.same_as);
            for line in wrap(&same, 80 - 8, 0) {
                writeln!(out, "{:8}{line}", "")?;
            }
        }
    }
    if r.signals.is_empty() {
        writeln!(out, "    no closed accounts to learn from")?;
    }
    writeln!(out)?;
    let m = &r.model;
    if m.accounts == 0 {
        // No score at the horizon: the reason is the whole section.
        for line in wrap(&format!("Health model: {}.", m.label), 80, 0) {
            writeln!(out, "{line}")?;
        }
        return Ok(());
    }
    writeln!(
        out,
        "Health model: AUC {} over {} accounts\n  (1: every renewed account scored above every churned one; 0.5: chance)",
        auc(m.auc),
        m.accounts
    )?;
    writeln!(
        out,
        "  {:<20} {:>8} {:>7} {:>7} {:>14}",
        "Stage", "accounts", "churned", "AUC", "suggested (cv)"
    )?;
    for s in stage_rows(m) {
        writeln!(
            out,
            "  {:<20} {:>8} {:>7} {:>7} {:>14}",
            s.stage, s.accounts, s.churned, s.auc, s.fitted_auc
        )?;
    }
    writeln!(out)?;
    for line in wrap(&format!("{}.", m.label), 80, 0) {
        writeln!(out, "{line}")?;
    }
    if !m.toml.is_empty() {
        writeln!(out, "To try it, paste into the config file:")?;
        writeln!(out)?;
        for line in m.toml.lines() {
            writeln!(out, "{}", clean(line))?;
        }
    }
    Ok(())
}
