//! The account view: Health, Milestones, Alerts, Plays, Contacts (and
//! recent events and logged plays). Two columns when there is room, one
//! scrolling column at 80x24.

use super::format::{days, fit, main_trend, money, spark, wrap};
use super::Drawn;
use crate::domain::account::{Delivery, Outcome};
use crate::domain::milestone::MilestoneStatus;
use crate::domain::report::{problem_text, AccountDetail, BAD_VALUE};
use crate::keymap::Action;
use crate::tui::state::{AccountView, App};
use crate::tui::theme::{band_word, Theme};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

const TWO_COLUMNS: u16 = 120;

/// The follow-up due, first thing: "Follow-up due 2d ago: win-back
/// (logged 11-24)"; nothing when none is due.
fn follow_up(d: &AccountDetail, theme: &Theme) -> Vec<Line<'static>> {
    d.item
        .follow_up_due
        .iter()
        .map(|f| Line::from(Span::styled(f.headline(), theme.warn())))
        .collect()
}

pub(crate) fn render(
    app: &App,
    view: &AccountView,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) -> Drawn {
    let d = &view.detail;
    // A notice (a long link, say) may take up to three lines.
    let notice = app.notice.as_deref().map(|n| cut(n, area.width));
    let foot_h = notice.as_ref().map_or(1, |n| n.len().clamp(1, 3)) as u16;
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(foot_h),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(title(app, d, theme)), head);
    let (left, right) = if area.width >= TWO_COLUMNS {
        let mut l = follow_up(d, theme);
        l.extend(problems(d, theme, body.width / 2));
        l.extend(health(d, theme));
        l.push(Line::default());
        l.extend(milestones(d, theme, body.width / 2));
        let half = body.width.saturating_sub(2) / 2;
        let mut r = alerts(d, theme, half);
        r.push(Line::default());
        r.extend(plays(d, theme, half));
        r.push(Line::default());
        r.extend(contacts(d, theme));
        r.push(Line::default());
        r.extend(history(d, theme));
        (l, Some(r))
    } else {
        let mut all = follow_up(d, theme);
        all.extend(problems(d, theme, body.width));
        all.extend(health(d, theme));
        for section in [
            alerts(d, theme, body.width),
            plays(d, theme, body.width),
            milestones(d, theme, body.width),
            contacts(d, theme),
            history(d, theme),
        ] {
            all.push(Line::default());
            all.extend(section);
        }
        (all, None)
    };
    let tallest = left.len().max(right.as_ref().map_or(0, Vec::len));
    let max_scroll = tallest.saturating_sub(body.height as usize);
    let scroll = view
        .scroll
        .min(u16::try_from(max_scroll).unwrap_or(u16::MAX));
    match right {
        Some(right) => {
            let [l, r] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
                .spacing(2)
                .areas(body);
            frame.render_widget(Paragraph::new(left).scroll((scroll, 0)), l);
            frame.render_widget(Paragraph::new(right).scroll((scroll, 0)), r);
        }
        None => frame.render_widget(Paragraph::new(left).scroll((scroll, 0)), body),
    }
    let more = if max_scroll > scroll as usize {
        "  ↓ more"
    } else {
        ""
    };
    if let Some(notice) = notice {
        let lines: Vec<Line> = notice
            .into_iter()
            .map(|l| Line::styled(l, theme.accent()))
            .collect();
        frame.render_widget(Paragraph::new(lines), foot);
    } else {
        // q goes back too; help says so. These fit in 80 columns.
        let mut hints = super::hints(
            app,
            theme,
            &[
                (Action::Back, "back"),
                (Action::Down, "scroll"),
                (Action::NextAccount, "next"),
                (Action::PrevAccount, "prev"),
                (Action::OpenUrl, "open"),
                (Action::CopyId, "copy id"),
                (Action::LogPlay, "log"),
                (Action::Help, "help"),
            ],
        );
        hints.push_span(Span::styled(more, theme.accent()));
        frame.render_widget(Paragraph::new(hints), foot);
    }
    Drawn {
        account_lines: Some(body.height as usize),
        max_scroll,
        ..Drawn::default()
    }
}

fn title(app: &App, d: &AccountDetail, theme: &Theme) -> Vec<Line<'static>> {
    let i = &d.item;
    let h = &i.health;
    let stage = &i.stage_title;
    let score = h.score.map_or("no data".to_string(), |s| format!("{s:.0}"));
    let first = Line::from(
        vec![
            Span::styled(i.name.clone(), theme.title()),
            Span::raw(format!("  {stage}  ")),
            Span::styled(
                format!("health {score} {}", band_word(h.band)),
                theme.band(h.band),
            ),
            Span::raw(format!("  {}", main_trend(h.trend.as_ref()))),
        ]
        .into_iter()
        .chain(super::status(app, theme))
        .collect::<Vec<_>>(),
    );
    let renew = match (i.renewal_date, i.days_to_renewal) {
        (Some(r), Some(n)) => format!("renews {r} ({})", days(Some(n))),
        _ if i.bad_value("renewal_date") => format!("renewal date {BAD_VALUE}"),
        _ => "renewal date unknown".into(),
    };
    // A closed account says how it closed, before the rest: a churned one
    // renews no more.
    let mut second = Vec::new();
    if let Some(closed) = i.closed() {
        let style = if i.outcome == Outcome::Churned {
            theme.warn()
        } else {
            theme.accent()
        };
        second.push(Span::styled(closed, style));
        second.push(Span::styled(" · ", theme.dim()));
    }
    let renew = if i.outcome == Outcome::Churned {
        String::new()
    } else {
        format!("{renew} · ")
    };
    let arr = match i.arr {
        None if i.bad_value("arr") => BAD_VALUE.to_string(),
        arr => money(arr),
    };
    second.push(Span::styled(
        format!(
            "{} · {} · ARR {arr} · {renew}{}",
            i.owner.as_deref().unwrap_or("no owner"),
            i.segment.as_deref().unwrap_or("no segment"),
            i.id
        ),
        theme.dim(),
    ));
    vec![first, Line::from(second)]
}

/// The values of the CRM record that could not be used, first, so the CSM
/// knows which record to fix; nothing when there are none.
fn problems(d: &AccountDetail, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    let all = &d.item.field_problems;
    if all.is_empty() {
        return Vec::new();
    }
    let mut out = vec![section("Bad values in the CRM", theme)];
    for p in all {
        let room = usize::from(width.saturating_sub(2));
        for (i, l) in wrap(&problem_text(p), room, 2).into_iter().enumerate() {
            let pad = if i == 0 { "  " } else { "    " };
            out.push(Line::styled(format!("{pad}{l}"), theme.warn()));
        }
    }
    out.push(Line::default());
    out
}

fn section(name: &str, theme: &Theme) -> Line<'static> {
    Line::styled(name.to_string(), theme.header())
}

fn health(d: &AccountDetail, theme: &Theme) -> Vec<Line<'static>> {
    let h = &d.item.health;
    let mut out = vec![section("Health", theme)];
    let delta = |v: Option<f64>| v.map_or("no data".into(), |v| format!("{v:+.0}"));
    out.push(Line::raw(format!(
        "  coverage {} · 7 days {} · 30 days {}",
        crate::domain::numbers::percent(Some(h.coverage)),
        delta(h.delta_7d),
        delta(h.delta_30d)
    )));
    // Points = value x the weight used; the configured weight ("set") is
    // shared out over the indicators that have data.
    out.push(Line::styled(
        format!(
            "  {:<22}{:>8}{:>9}{:>9}{:>6}",
            "Indicator", "Value", "x Weight", "= Points", "set"
        ),
        theme.dim(),
    ));
    for row in h.breakdown.iter().flatten() {
        let value = row.value.map_or("no data".into(), |v| format!("{v:.0}"));
        let points = row.contribution.map_or("-".into(), |v| format!("{v:.1}"));
        let style = if row.value.is_none() {
            theme.dim()
        } else {
            Default::default()
        };
        // An indicator with no data drops out: it has no weight in the score.
        let weight = match row.value {
            Some(_) => format!("{:.2}", row.weight),
            None => "-".into(),
        };
        out.push(Line::styled(
            format!(
                "  {:<22}{value:>8}{weight:>9}{points:>9}{:>6.2}",
                row.indicator.title(),
                row.configured_weight
            ),
            style,
        ));
    }
    if let Some(weeks) = &h.weekly {
        let bars: String = weeks.iter().map(|w| spark(w.score)).collect();
        let scores: Vec<f64> = weeks.iter().filter_map(|w| w.score).collect();
        let range = match (
            scores.iter().copied().reduce(f64::min),
            scores.iter().copied().reduce(f64::max),
        ) {
            (Some(lo), Some(hi)) => format!(" {lo:.0}..{hi:.0}"),
            _ => " no history".into(),
        };
        out.push(Line::from(vec![
            Span::raw(format!("  {} weeks ", weeks.len())),
            Span::styled(bars, theme.band(h.band)),
            Span::styled(range, theme.dim()),
        ]));
    }
    out
}

fn milestones(d: &AccountDetail, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    // "by 2026-01-05" where a day is only a bound, else just the day.
    let done_w = if d.milestones.iter().any(|m| m.reached_by.is_some()) {
        13
    } else {
        10
    };
    let title_w = (width as usize).saturating_sub(28 + done_w).clamp(12, 28);
    let mut out = vec![
        section("Milestones", theme),
        Line::styled(
            format!(
                "  {:<title_w$} {:<10}  {:<done_w$}  Status",
                "", "Expected", "Completed"
            ),
            theme.dim(),
        ),
    ];
    for stage in &d.stages {
        let current = stage.id == d.item.stage;
        let mark = if current { " (current stage)" } else { "" };
        out.push(Line::styled(
            format!(" {}{mark}", stage.title),
            theme.title(),
        ));
        for m in d.milestones.iter().filter(|m| m.stage == stage.id) {
            let by = m.expected_by.map_or("-".into(), |e| e.to_string());
            let done = m.completed_text();
            let row = format!(
                "  {:<title_w$} {by:<10}  {done:<done_w$}  ",
                fit(&m.title, title_w)
            );
            let untracked = m.status == MilestoneStatus::Untracked;
            out.push(Line::from(vec![
                if untracked {
                    Span::styled(row, theme.dim())
                } else {
                    Span::raw(row)
                },
                Span::styled(m.status_text(), theme.milestone(m.status)),
            ]));
        }
    }
    // How to track what is not: once, not under every row.
    let untracked: Vec<&str> = d
        .milestones
        .iter()
        .filter_map(|m| m.how_to_track.as_deref())
        .collect();
    if let Some(first) = untracked.first() {
        let text = format!(
            "Not tracked: the source records no date for these, so they raise \
             nothing. To track one: {first}"
        );
        for part in wrap(&text, (width as usize).saturating_sub(2), 2) {
            out.push(Line::styled(format!("  {part}"), theme.dim()));
        }
    }
    out
}

fn alerts(d: &AccountDetail, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    let mut out = vec![section("Alerts", theme)];
    if d.item.alerts.is_empty() {
        out.push(Line::styled("  none", theme.dim()));
    }
    for a in &d.item.alerts {
        // A snoozed alert is dimmed, its mark under it; a woken one says
        // why it woke, in the warning colour.
        let held = a.snoozed.as_ref().is_some_and(|s| s.woken.is_none());
        let (tag_style, text_style) = match held {
            true => (theme.dim(), theme.dim()),
            false => (theme.severity(a.severity), Style::default()),
        };
        let text = wrap(&a.message, (width as usize).saturating_sub(11), 11);
        for (n, part) in text.into_iter().enumerate() {
            let tag = if n == 0 {
                format!("  {:<8} ", a.severity.id())
            } else {
                String::new()
            };
            out.push(Line::from(vec![
                Span::styled(tag, tag_style),
                Span::styled(part, text_style),
            ]));
        }
        if let Some(s) = &a.snoozed {
            let mark = crate::domain::text::clean(&s.text).into_owned();
            let style = if held { theme.dim() } else { theme.warn() };
            let parts = wrap(&mark, (width as usize).saturating_sub(13), 13);
            for (n, part) in parts.into_iter().enumerate() {
                let pad = if n == 0 { 13 } else { 0 };
                out.push(Line::styled(format!("{:pad$}{part}", ""), style));
            }
        }
    }
    out
}

fn plays(d: &AccountDetail, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    let width = width as usize;
    let mut out = vec![section("Plays", theme)];
    if d.item.recommended_plays.is_empty() {
        let msg = match d.next_follow_up {
            Some(f) => format!("  nothing new: a follow-up is scheduled for {f} (below)"),
            None => "  nothing recommended".into(),
        };
        out.push(Line::styled(msg, theme.dim()));
    }
    for p in &d.item.recommended_plays {
        let follow = p
            .follow_up_days
            .map_or(String::new(), |n| format!(" · follow up in {n}d"));
        out.push(Line::from(vec![
            Span::styled(format!("  ▸ {}", p.title), theme.accent()),
            Span::styled(follow, theme.dim()),
        ]));
        for line in wrap(&format!("because {}", p.reason), width.saturating_sub(4), 2) {
            out.push(Line::styled(format!("    {line}"), theme.dim()));
        }
        for step in &p.steps {
            for line in wrap(&format!("· {step}"), width.saturating_sub(4), 2) {
                out.push(Line::raw(format!("    {line}")));
            }
        }
    }
    for h in &d.held_back {
        let text = format!(
            "{}: just logged, not recommended again before {}",
            h.title, h.until
        );
        for line in wrap(&text, width.saturating_sub(4), 2) {
            out.push(Line::styled(format!("  {line}"), theme.dim()));
        }
    }
    if !d.plays_logged.is_empty() {
        out.push(Line::styled(" Logged", theme.title()));
        for l in d.plays_logged.iter().take(5) {
            let follow = l
                .follow_up
                .map_or(String::new(), |f| format!(", follow up {f}"));
            // Where a play logged here stands: queued, sent, failed.
            let state = l.state.map_or(String::new(), |s| format!(" [{}]", s.id()));
            let text = format!(
                "{} {} {}{follow}{state}: {}",
                l.at,
                l.play_id,
                l.outcome.id(),
                l.note
            );
            for line in wrap(&text, width.saturating_sub(2), 11) {
                out.push(Line::raw(format!("  {line}")));
            }
            if l.state == Some(Delivery::Failed) {
                let why = l.error.as_deref().unwrap_or("no reason given");
                for line in wrap(&format!("failed: {why}"), width.saturating_sub(13), 0) {
                    out.push(Line::styled(format!("             {line}"), theme.warn()));
                }
            }
        }
    }
    out
}

fn contacts(d: &AccountDetail, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = vec![section("Contacts", theme)];
    if d.contacts.is_empty() {
        out.push(Line::styled("  no contacts", theme.dim()));
    }
    for c in &d.contacts {
        let seen = c
            .last_seen
            .map_or("never seen".into(), |s| format!("seen {s}"));
        out.push(Line::raw(format!(
            "  {:<20} {:<13} {}",
            fit(&c.name, 20),
            c.role.as_ref().map_or("-", |r| r.id()),
            seen
        )));
        if let Some(e) = &c.email {
            out.push(Line::styled(format!("  {:<20} {e}", ""), theme.dim()));
        }
    }
    out
}

fn history(d: &AccountDetail, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = vec![section("Recent events", theme)];
    if d.events.is_empty() {
        out.push(Line::styled("  none", theme.dim()));
    }
    for e in d.events.iter().take(8) {
        let detail = e.detail.as_deref().unwrap_or("");
        out.push(Line::raw(format!("  {} {:<22} {detail}", e.at, e.kind)));
    }
    out
}

/// `text` in lines of `width` characters, cut anywhere: a link has no
/// spaces to wrap at, and must be shown whole.
fn cut(text: &str, width: u16) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(usize::from(width.max(1)))
        .map(|c| c.iter().collect())
        .collect()
}
