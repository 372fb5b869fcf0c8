//! From HubSpot records to the canonical [`Account`]. Pure: the records
//! come in already read, with the contacts, tickets and owners they refer
//! to. An unmapped or empty property is absent, never zero; a value that
//! cannot be read (or a share out of 0..1) costs that field only, and is
//! kept on the account as a [`FieldProblem`] naming the field, the
//! property and the value, which a load turns into a warning.

use super::parse::{self, Expected};
use super::wire::{HistoryEntry, Record};
use crate::domain::account::{Account, Contact, Event, FieldProblem, Observed, Point, Series};
use crate::domain::vocab::{EventKind, Metric};
use crate::source::mapping::{Field, FieldMap};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The company property read for a field the mapping leaves unmapped.
pub(crate) const NAME: &str = "name";
pub(crate) const DOMAIN: &str = "domain";
pub(crate) const OWNER_ID: &str = "hubspot_owner_id";
pub(crate) const LAST_MODIFIED: &str = "hs_lastmodifieddate";

/// Contact properties read for every contact.
pub(crate) const CONTACT_PROPERTIES: [&str; 6] = [
    "firstname",
    "lastname",
    "email",
    "hs_lastmodifieddate",
    "notes_last_contacted",
    "hs_last_sales_activity_timestamp",
];

/// Ticket properties read for every ticket.
pub(crate) const TICKET_PROPERTIES: [&str; 4] = [
    "hs_pipeline_stage",
    "hs_ticket_priority",
    "createdate",
    "closed_date",
];

/// Where a company's page in HubSpot is: `https://<ui>/contacts/<portal>/company/<id>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Portal {
    pub(crate) id: u64,
    /// `app.hubspot.com`, or the EU one (`app-eu1.hubspot.com`).
    pub(crate) ui_domain: String,
}

/// The host of HubSpot's app when the API names none, or one outside
/// HubSpot's own domain.
pub(crate) const DEFAULT_UI_DOMAIN: &str = "app.hubspot.com";

impl Portal {
    /// The app's host as the API gave it, if it is one of HubSpot's own
    /// (`hubspot.com` or a name under it, letters, digits, `-` and `.`
    /// only); else [`DEFAULT_UI_DOMAIN`]: a link's host never comes from an
    /// API answer alone.
    pub(crate) fn ui_domain(given: Option<&str>) -> String {
        let given = given.map(|d| d.trim().to_ascii_lowercase());
        let trusted = |d: &str| {
            let plain = !d.is_empty()
                && d.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
            plain && !d.contains("..") && (d == "hubspot.com" || d.ends_with(".hubspot.com"))
        };
        match given {
            Some(d) if trusted(&d) => d,
            _ => DEFAULT_UI_DOMAIN.to_string(),
        }
    }

    pub(crate) fn company_url(&self, id: &str) -> String {
        format!(
            "https://{}/contacts/{}/company/{}",
            self.ui_domain, self.id, id
        )
    }
}

/// Everything a company is mapped with, besides the record itself.
#[derive(Debug, Clone)]
pub(crate) struct Context<'a> {
    pub(crate) map: &'a FieldMap,
    /// The day of the fetch: a current value with no history is dated so.
    pub(crate) day: NaiveDate,
    pub(crate) portal: Option<&'a Portal>,
    /// Owner id -> name, when `owner` is not mapped to a company property.
    pub(crate) owners: Option<&'a HashMap<String, String>>,
    /// The contact property that gives a contact's role, if any.
    pub(crate) contact_role: Option<&'a str>,
    pub(crate) contacts: &'a HashMap<String, Record>,
    /// The tickets read, `None` when they were not read (then nothing is
    /// said about open tickets).
    pub(crate) tickets: Option<&'a HashMap<String, Record>>,
}

/// The properties of a company to request: the mapped ones and those the
/// adapter always reads.
pub(crate) fn company_properties(map: &FieldMap) -> Vec<&str> {
    let mut all = map.properties();
    all.extend([NAME, DOMAIN, OWNER_ID, LAST_MODIFIED]);
    all.sort_unstable();
    all.dedup();
    all
}

/// The properties whose history to request: the metrics (for trends and
/// alerts) and the stage (for the day it was entered).
pub(crate) fn history_properties(map: &FieldMap) -> Vec<&str> {
    let mut all: Vec<&str> = map
        .metric_properties()
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    all.extend(map.property(Field::Stage));
    all.sort_unstable();
    all.dedup();
    all
}

/// The contact properties to request.
pub(crate) fn contact_properties(role: Option<&str>) -> Vec<&str> {
    let mut all: Vec<&str> = CONTACT_PROPERTIES.to_vec();
    all.extend(role);
    all.dedup();
    all
}

/// The snake_case id of a field, as `[source.fields]` writes it.
pub(crate) fn field_id(field: Field) -> String {
    serde_json::to_value(field)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| format!("{field:?}"))
}

/// Collects the problems of one account's fields, and the warnings about
/// its contacts and histories, each naming it.
struct Warner<'w> {
    prefix: String,
    out: &'w mut Vec<String>,
    problems: Vec<FieldProblem>,
}

impl Warner<'_> {
    /// A value of the company's own record that costs its field.
    fn bad(&mut self, field: &str, property: &str, value: &str, expected: &str) {
        self.problems
            .push(FieldProblem::new(field, property, value, expected));
    }

    fn cannot_read(&mut self, what: &str, property: &str, value: &str, expected: Expected) {
        let shown: String = value.chars().take(60).collect();
        self.out.push(format!(
            "{}: {what} ({property}): cannot read `{shown}` as {}",
            self.prefix,
            expected.describe()
        ));
    }
}

/// Maps one company. Its fields' problems go on the account; warnings
/// about its contacts and histories go to `warnings`.
pub(crate) fn company(record: &Record, cx: &Context, warnings: &mut Vec<String>) -> Account {
    let map = cx.map;
    let prop = |field: Field, default: &'static str| map.property(field).unwrap_or(default);
    let domain = record.get(prop(Field::Domain, DOMAIN)).map(str::to_string);
    let name = record
        .get(prop(Field::Name, NAME))
        .map(str::to_string)
        .or_else(|| domain.clone())
        .unwrap_or_else(|| format!("company {}", record.id));
    let mut w = Warner {
        prefix: format!("account {} ({name})", record.id),
        out: warnings,
        problems: Vec::new(),
    };
    let mut account = Account {
        id: record.id.as_str().into(),
        name,
        domain,
        url: cx.portal.map(|p| p.company_url(&record.id)),
        owner: owner(record, cx),
        segment: mapped(record, map, Field::Segment).map(|(_, v)| v.to_string()),
        ..Account::default()
    };
    if let Some((property, value)) = mapped(record, map, Field::Stage) {
        account.stage = Some(Observed {
            value: value.into(),
            as_of: held_since(record.properties_with_history.get(property), value),
        });
    }
    account.contract_start = date_field(record, map, Field::ContractStart, &mut w);
    account.renewal_date = date_field(record, map, Field::RenewalDate, &mut w);
    account.outcome_date = date_field(record, map, Field::OutcomeDate, &mut w);
    if let Some((property, value)) = mapped(record, map, Field::Arr) {
        account.arr = read(
            &mut w,
            Field::Arr,
            property,
            value,
            Expected::Number,
            parse::number,
        );
    }
    if let Some((property, value)) = mapped(record, map, Field::Outcome) {
        account.outcome = read(
            &mut w,
            Field::Outcome,
            property,
            value,
            Expected::Outcome,
            parse::outcome,
        )
        .unwrap_or_default();
    }
    for (metric, property) in map.metric_properties() {
        let series = metric_series(record, metric, property, cx.day, &mut w);
        account.metrics.set(metric, series);
    }
    for (milestone, property) in &map.milestones {
        let Some(value) = record.get(property) else {
            continue;
        };
        match parse::date(value) {
            Some(d) => {
                account.milestones.insert(milestone.clone(), d);
            }
            None => w.bad(
                &format!("milestones.{milestone}"),
                property,
                value,
                Expected::Date.describe(),
            ),
        }
    }
    account.contacts = record
        .associated("contacts")
        .filter_map(|id| cx.contacts.get(id))
        .map(|c| contact(c, cx.contact_role, &mut w))
        .collect();
    if let Some(tickets) = cx.tickets {
        let tickets: Vec<&Record> = record
            .associated("tickets")
            .filter_map(|id| tickets.get(id))
            .collect();
        if map.property(Field::OpenTickets).is_none() {
            let open = tickets
                .iter()
                .filter(|t| t.get("closed_date").is_none())
                .count();
            let point = Point {
                at: cx.day,
                value: open as f32,
            };
            account
                .metrics
                .set(Metric::OpenTickets, Series::new(vec![point]));
        }
        account
            .events
            .extend(tickets.iter().filter_map(|t| ticket_event(t)));
        account.events.sort_by_key(|e| e.at);
    }
    account.field_problems = w.problems;
    account
}

/// A mapped field's property and its value, if set.
fn mapped<'r>(record: &'r Record, map: &'r FieldMap, field: Field) -> Option<(&'r str, &'r str)> {
    let property = map.property(field)?;
    Some((property, record.get(property)?))
}

fn read<T>(
    w: &mut Warner,
    field: Field,
    property: &str,
    value: &str,
    expected: Expected,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let parsed = parse(value);
    if parsed.is_none() {
        w.bad(&field_id(field), property, value, expected.describe());
    }
    parsed
}

fn date_field(record: &Record, map: &FieldMap, field: Field, w: &mut Warner) -> Option<NaiveDate> {
    let (property, value) = mapped(record, map, field)?;
    read(w, field, property, value, Expected::Date, parse::date)
}

/// The owner: a mapped property's value, else the name of the HubSpot
/// owner (`hubspot_owner_id`) when the owners were read.
fn owner(record: &Record, cx: &Context) -> Option<String> {
    match cx.map.property(Field::Owner) {
        Some(property) => record.get(property).map(str::to_string),
        None => cx.owners?.get(record.get(OWNER_ID)?).cloned(),
    }
}

/// The day `value` has held since: the oldest of the newest run of history
/// entries with that value (history lists the newest first).
fn held_since(history: Option<&Vec<HistoryEntry>>, value: &str) -> Option<NaiveDate> {
    history?
        .iter()
        .take_while(|e| e.value.as_deref().map(str::trim) == Some(value))
        .last()
        .and_then(|e| parse::date(&e.timestamp))
}

/// A metric's series: its history (one point per day, the last change of
/// the day), with the current value as the latest point. A current value
/// that cannot be read, or a share out of 0..1 (85 where 0.85 is meant),
/// loses the whole metric: its history alone would pass a stale value off
/// as today's. History values that cannot be read or are out of range are
/// left out, with one warning.
fn metric_series(
    record: &Record,
    metric: Metric,
    property: &str,
    day: NaiveDate,
    w: &mut Warner,
) -> Series {
    let field = format!("field {metric}");
    let Some(value) = record.get(property) else {
        return Series::default();
    };
    let Some(current) = parse::number(value) else {
        w.bad(metric.id(), property, value, Expected::Number.describe());
        return Series::default();
    };
    if !metric.accepts(current) {
        w.bad(metric.id(), property, value, Metric::SHARE);
        return Series::default();
    }
    let mut by_day: Vec<Point> = Vec::new();
    let mut newest: Option<(NaiveDate, f64)> = None;
    let mut unreadable = 0;
    for entry in record
        .properties_with_history
        .get(property)
        .into_iter()
        .flatten()
    {
        let Some(v) = entry
            .value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
        else {
            continue;
        };
        match (
            parse::date(&entry.timestamp),
            parse::number(v).filter(|v| metric.accepts(*v)),
        ) {
            (Some(at), Some(v)) => {
                newest.get_or_insert((at, v));
                // Newest first: the first point seen for a day is its last change.
                if !by_day.iter().any(|p| p.at == at) {
                    by_day.push(Point {
                        at,
                        value: v as f32,
                    });
                }
            }
            _ => unreadable += 1,
        }
    }
    if unreadable > 0 {
        w.out.push(format!(
            "{}: {field} ({property}): {unreadable} history values could not be read and were left out",
            w.prefix
        ));
    }
    match newest {
        Some((_, v)) if v == current => {}
        _ => {
            let at = newest.map_or(day, |(at, _)| at.max(day));
            by_day.retain(|p| p.at != at);
            by_day.push(Point {
                at,
                value: current as f32,
            });
        }
    }
    Series::new(by_day)
}

/// A contact: name from first and last name (else the email), email, the
/// role only from a mapped property, last seen from the latest of
/// `notes_last_contacted` and `hs_last_sales_activity_timestamp`.
fn contact(record: &Record, role: Option<&str>, w: &mut Warner) -> Contact {
    let full = [record.get("firstname"), record.get("lastname")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let email = record.get("email").map(str::to_string);
    let name = if full.is_empty() {
        email
            .clone()
            .unwrap_or_else(|| format!("contact {}", record.id))
    } else {
        full
    };
    let mut last_seen = None;
    for property in ["notes_last_contacted", "hs_last_sales_activity_timestamp"] {
        let Some(value) = record.get(property) else {
            continue;
        };
        match parse::date(value) {
            Some(d) => last_seen = last_seen.max(Some(d)),
            None => w.cannot_read(
                &format!("contact {}", record.id),
                property,
                value,
                Expected::Date,
            ),
        }
    }
    Contact {
        name,
        role: role.and_then(|p| record.get(p)).and_then(parse::role),
        email,
        last_seen,
        as_of: record.get(LAST_MODIFIED).and_then(parse::date),
    }
}

/// A ticket as a `support_ticket_opened` event on the day it was created,
/// with its priority.
fn ticket_event(ticket: &Record) -> Option<Event> {
    Some(Event {
        kind: EventKind::SupportTicketOpened,
        at: parse::date(ticket.get("createdate")?)?,
        detail: ticket.get("hs_ticket_priority").map(str::to_string),
    })
}

#[cfg(test)]
#[path = "map_tests.rs"]
mod tests;
