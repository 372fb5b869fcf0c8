//! `orienteer account ID`: everything about one account, as text or JSON.

use super::args::DetailFormat;
use crate::domain::account::Outcome;
use crate::domain::report::{problem_text, AccountDetail, BAD_VALUE};
use std::io::Write;

const NO_DATA: &str = "no data";

pub(crate) fn write(
    d: &AccountDetail,
    format: DetailFormat,
    out: &mut impl Write,
) -> std::io::Result<()> {
    if format == DetailFormat::Json {
        serde_json::to_writer_pretty(&mut *out, d)?;
        return writeln!(out);
    }
    let i = &d.item;
    let h = &i.health;
    // A value the source did not give reads "no data", whatever it is.
    let num = |v: Option<f64>, p: usize| v.map_or(NO_DATA.to_string(), |v| format!("{v:.p$}"));
    let text = |v: Option<&str>| v.unwrap_or(NO_DATA).to_string();
    match i.closed() {
        // A closed account says so first: "churned on 2026-06-01".
        Some(closed) => writeln!(out, "{} ({}) · {closed}", i.name, i.id)?,
        None => writeln!(out, "{} ({})", i.name, i.id)?,
    }
    let renewal = match (i.renewal_date, i.days_to_renewal) {
        _ if i.outcome == Outcome::Churned => "none (churned)".into(),
        (Some(r), Some(n)) => format!("{r} ({n} days)"),
        _ if i.bad_value("renewal_date") => BAD_VALUE.into(),
        _ => NO_DATA.into(),
    };
    let arr = match i.arr {
        None if i.bad_value("arr") => BAD_VALUE.into(),
        arr => num(arr, 0),
    };
    writeln!(
        out,
        "owner {} · segment {} · stage {} · ARR {arr} · renewal {renewal} · outcome {}",
        text(i.owner.as_deref()),
        text(i.segment.as_deref()),
        i.stage,
        i.outcome.id(),
    )?;
    if let Some(url) = &d.url {
        writeln!(out, "{url}")?;
    }
    for p in &i.field_problems {
        writeln!(out, "{}", problem_text(p))?;
    }
    writeln!(out, "\nHealth")?;
    writeln!(
        out,
        "  score {} ({}) · coverage {} · 7 days {} · 30 days {}",
        num(h.score, 0),
        h.band.id(),
        crate::domain::numbers::percent(Some(h.coverage)),
        num(h.delta_7d, 0),
        num(h.delta_30d, 0)
    )?;
    for b in h.breakdown.iter().flatten() {
        writeln!(
            out,
            "  {:<22} value {:>7} x weight {:.2} = points {:>7} (set {:.2})",
            b.indicator.id(),
            num(b.value, 0),
            b.weight,
            num(b.contribution, 1),
            b.configured_weight
        )?;
    }
    writeln!(out, "\nMilestones")?;
    for m in &d.milestones {
        let how = m
            .how_to_track
            .as_ref()
            .map_or(String::new(), |h| format!(" ({h})"));
        writeln!(
            out,
            "  {:<12} {:<22} expected {:<10} completed {:<13} {}{how}",
            m.stage,
            m.id,
            m.expected_by.map_or("-".into(), |e| e.to_string()),
            m.completed_text(),
            m.status_text()
        )?;
    }
    writeln!(out, "\nAlerts")?;
    for a in &i.alerts {
        writeln!(out, "  {:<8} {:<22} {}", a.severity.id(), a.id, a.message)?;
    }
    writeln!(out, "\nPlays")?;
    for p in &i.recommended_plays {
        writeln!(out, "  {:<22} {} (because {})", p.id, p.title, p.reason)?;
    }
    writeln!(out, "\nContacts")?;
    for c in &d.contacts {
        writeln!(
            out,
            "  {} · {} · {} · last seen {}",
            c.name,
            text(c.role.as_ref().map(|r| r.id())),
            text(c.email.as_deref()),
            c.last_seen.map_or(NO_DATA.into(), |s| s.to_string())
        )?;
    }
    writeln!(out, "\nEvents")?;
    for e in &d.events {
        let detail = e.detail.as_deref().unwrap_or("");
        writeln!(out, "  {} {:<22} {detail}", e.at, e.kind)?;
    }
    writeln!(out, "\nPlays logged")?;
    for l in &d.plays_logged {
        let follow = l
            .follow_up
            .map_or(String::new(), |f| format!(" · follow up {f}"));
        let state = l.state.map_or(String::new(), |s| format!(" [{}]", s.id()));
        writeln!(
            out,
            "  {} {} {}{follow}{state} · {}",
            l.at,
            l.play_id,
            l.outcome.id(),
            l.note
        )?;
        if let Some(why) = &l.error {
            writeln!(out, "    failed: {why}")?;
        }
    }
    for h in &d.held_back {
        writeln!(
            out,
            "  {}: just logged, not recommended again before {}",
            h.title, h.until
        )?;
    }
    Ok(())
}
