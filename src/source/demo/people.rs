//! Contacts and events. Events tell the same story as the metrics: a
//! champion who left is gone from the contacts, a new admin is the admin
//! contact, an exec login matches the sponsor's last-seen date.

use super::archetype::{Archetype, Quirk};
use super::metrics::Support;
use super::names::{self, FEATURES, PEOPLE, TICKETS};
use super::plan::{shift, Plan, Segment};
use super::rng::Rng;
use super::ESCAPE_INDEX;
use crate::domain::account::{Contact, Event};
use crate::domain::{ContactRole, EventKind};
use chrono::NaiveDate;
use Archetype::*;

/// The detail of the data export of account [`ESCAPE_INDEX`]: an attempt
/// to clear the screen and a right-to-left override, to show that text
/// from a source is sanitized.
pub(crate) const ESCAPE_DETAIL: &str = "Q3 usage report\u{1b}[2J\u{202e}txt.exe";

fn event(kind: EventKind, at: NaiveDate, detail: Option<String>) -> Event {
    Event { kind, at, detail }
}

/// `n` users added, the count as text as sources send it.
fn users_added(at: NaiveDate, n: i64) -> Event {
    event(EventKind::UsersAdded, at, Some(n.max(1).to_string()))
}

/// A contact as the source saw it on `as_of`.
fn contact(
    name: &str,
    role: &str,
    mail: (&str, &str),
    seen: NaiveDate,
    as_of: NaiveDate,
) -> Contact {
    Contact {
        name: name.to_string(),
        role: Some(ContactRole::from(role)),
        email: Some(names::join(&[mail.0, "@", mail.1])),
        last_seen: Some(seen),
        as_of: Some(as_of),
    }
}

pub(crate) fn build(
    rng: &mut Rng,
    plan: &Plan,
    support: &Support,
    seed: u64,
    index: usize,
) -> (Vec<Contact>, Vec<Event>) {
    let arch = plan.arch;
    let end = plan.end;
    let ago = |rng: &mut Rng, lo: i64, hi: i64| shift(end, -rng.int(lo, hi)).max(plan.start);
    // A day in the 30 days before the day 90 days ahead of the outcome
    // (see `Demo::account`: a renewal signed up to 20 days early, a churn
    // recorded up to 9 days late).
    let before_horizon = |rng: &mut Rng| {
        let days = if arch == Renewed {
            rng.int(110, 120)
        } else {
            rng.int(91, 110)
        };
        shift(plan.renewal, -days).max(plan.start)
    };
    let person = |rng: &mut Rng| {
        let first = rng.below(PEOPLE as u64) as usize;
        names::person(first, rng.below(PEOPLE as u64) as usize)
    };
    let (champion, champion_mail) = person(rng);
    let (admin, admin_mail) = person(rng);
    let (exec, exec_mail) = person(rng);
    let mut events = Vec::new();

    let champion_left = match arch {
        Slipping => Some(ago(rng, 2, 28)),
        Turnover => rng.chance(0.5).then(|| ago(rng, 2, 28)),
        RenewalAtRisk => rng.chance(0.4).then(|| ago(rng, 2, 28)),
        // A churned account's champion often left in the weeks before its
        // renewal window opened: a true driver of the demo's churn, dated
        // so a review 90 days before the outcome can see it.
        Churned => rng.chance(0.6).then(|| before_horizon(rng)),
        Renewed => rng.chance(0.1).then(|| before_horizon(rng)),
        _ if !arch.is_onboarding() && rng.chance(0.02) => Some(ago(rng, 40, 200)),
        _ => None,
    };
    if let Some(at) = champion_left {
        events.push(event(EventKind::ChampionLeft, at, Some(champion.clone())));
    }
    let admin_changed = match arch {
        // Noise: an admin change as likely before a renewal as before a
        // churn, which a review must not take for a driver.
        Renewed | Churned if rng.chance(0.3) => Some(before_horizon(rng)),
        Turnover => Some(ago(rng, 1, 25)),
        Crash => rng.chance(0.5).then(|| ago(rng, 1, 20)),
        Healthy | Steady | RenewalReady if rng.chance(0.04) => Some(ago(rng, 1, 90)),
        _ => None,
    };
    if let Some(at) = admin_changed {
        events.push(event(EventKind::AdminChanged, at, Some(admin.clone())));
    }

    let mut contacts = Vec::with_capacity(3);
    let trouble = arch.in_trouble();
    if champion_left.is_none() {
        let seen = if trouble {
            ago(rng, 5, 40)
        } else {
            ago(rng, 0, 12)
        };
        contacts.push((champion, "champion", champion_mail, seen));
    }
    if plan.segment != Segment::Smb || rng.chance(0.5) {
        let seen = ago(rng, 0, 20);
        contacts.push((admin, "admin", admin_mail, seen));
    }
    let exec_seen = match arch {
        RenewalAtRisk | Churned | Slipping => ago(rng, 35, 150),
        NotStarted | SlowStart => ago(rng, 20, 60),
        _ if rng.chance(0.12) => ago(rng, 31, 80),
        _ => ago(rng, 1, 26),
    };
    if rng.chance(0.4) {
        events.push(event(EventKind::ExecLogin, exec_seen, None));
    }
    contacts.push((exec, "exec_sponsor", exec_mail, exec_seen));

    let first_upload = shift(plan.start, rng.int(8, 12));
    if first_upload <= end && first_upload >= shift(end, -200) && arch != NotStarted {
        let n = (plan.licenses_at(plan.start) * rng.float(0.2, 0.5)).round() as i64;
        events.push(users_added(first_upload, n));
    }
    match arch {
        Surge => {
            let (a, b) = (rng.int(8, 30), rng.int(3, 12));
            events.push(users_added(ago(rng, 0, 6), a));
            events.push(users_added(ago(rng, 0, 6), b));
        }
        Healthy | RenewalReady | Renewed if rng.chance(0.15) => {
            let n = rng.int(2, 9);
            events.push(users_added(ago(rng, 10, 150), n));
        }
        _ => {}
    }

    let feature = |rng: &mut Rng| Some(rng.pick(&FEATURES).to_string());
    match arch {
        Adopter => events.push(event(
            EventKind::FeatureAdopted,
            ago(rng, 0, 12),
            feature(rng),
        )),
        Healthy | RenewalReady | Renewed | Turnover if rng.chance(0.3) => {
            events.push(event(
                EventKind::FeatureAdopted,
                ago(rng, 20, 160),
                feature(rng),
            ));
        }
        _ => {}
    }

    let export = match arch {
        Slipping => rng.chance(0.4).then(|| ago(rng, 1, 20)),
        RenewalAtRisk => rng.chance(0.3).then(|| ago(rng, 1, 20)),
        Churned => rng.chance(0.7).then(|| ago(rng, 5, 40)),
        _ => None,
    };
    if let Some(at) = export {
        events.push(event(
            EventKind::DataExport,
            at,
            Some("All users (CSV)".into()),
        ));
    }
    if index == ESCAPE_INDEX {
        let at = ago(rng, 2, 12);
        events.push(event(EventKind::DataExport, at, Some(ESCAPE_DETAIL.into())));
    }

    if let Some((at, n)) = support.recent_tickets.filter(|(_, n)| *n > 0.0) {
        events.push(event(
            EventKind::SupportTicketOpened,
            at,
            Some(rng.pick(&TICKETS).to_string()),
        ));
        if n >= 3.0 && rng.chance(0.5) {
            let at = shift(at, -rng.int(1, 10));
            events.push(event(
                EventKind::SupportTicketOpened,
                at,
                Some(rng.pick(&TICKETS).to_string()),
            ));
        }
    }
    if let Some(at) = support.crash_day {
        events.push(event(
            EventKind::SupportTicketOpened,
            at,
            Some(rng.pick(&TICKETS).to_string()),
        ));
    }
    events.sort_by_key(|e| e.at);
    events.shrink_to_fit();

    let contacts = if plan.quirk == Quirk::NoContacts {
        Vec::new()
    } else {
        let domain = names::domain(seed, index);
        contacts
            .iter()
            .map(|(name, role, mail, seen)| contact(name, role, (mail, &domain), *seen, end))
            .collect()
    };
    (contacts, events)
}
