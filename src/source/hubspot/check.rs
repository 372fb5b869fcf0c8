//! Checking the mapping against the portal: which mapped properties no
//! company has a value for, and, from the portal's property list (`GET
//! /crm/v3/properties/companies`, which needs the
//! `crm.schemas.companies.read` scope), whether each mapped name exists
//! and which existing property is nearest (edit distance to the names and
//! the labels). The list is read at most once a process, and only when a
//! mapped property is empty on every company; a token that may not read
//! it costs this check only, with one line.

use super::map::field_id;
use super::HubSpot;
use crate::domain::account::Account;
use crate::domain::tracking::{Recordable, Recorded};
use crate::domain::Metric;
use crate::source::mapping::{Field, FieldMap};
use crate::source::SourceError;
use serde::Deserialize;

/// The path of the portal's company properties.
pub(crate) const PROPERTIES: &str = "/crm/v3/properties/companies";

/// What is said, once, when the token may not read the property list.
pub const DENIED: &str = "cannot read the property list (needs the crm.schemas.companies.read \
                          scope); skipped the check of property names";

/// A company property as the properties API lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(crate) struct PropertyDef {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) label: String,
}

/// `GET /crm/v3/properties/companies`: `{"results": [...]}`.
#[derive(Debug, Deserialize)]
struct PropertyList {
    results: Vec<PropertyDef>,
}

/// What reading the property list gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Names {
    Listed(Vec<PropertyDef>),
    /// 401 or 403: the token may not read it.
    Denied,
    /// Another failure, with why.
    Failed(String),
}

impl Names {
    /// The line saying the names were not checked, and why, if so.
    pub(crate) fn unchecked(&self) -> Option<String> {
        match self {
            Names::Listed(_) => None,
            Names::Denied => Some(DENIED.to_string()),
            Names::Failed(why) => Some(format!(
                "cannot read the property list ({why}); skipped the check of property names"
            )),
        }
    }

    fn listed(&self) -> Option<&[PropertyDef]> {
        match self {
            Names::Listed(all) => Some(all),
            _ => None,
        }
    }
}

/// Which milestones a HubSpot mapping records: those of
/// `[source.milestones]`.
pub(crate) fn recordable(map: &FieldMap) -> Recordable {
    Recordable::Named {
        ids: map.milestones.keys().map(|m| m.to_string()).collect(),
        hint: "map it: [source.milestones] {id} = \"<date property>\"".into(),
    }
}

/// What a HubSpot mapping records: its mapped metrics, contract dates and
/// ARR, and the open tickets, counted from the associated tickets when
/// `open_tickets` is not mapped.
pub(crate) fn recorded(map: &FieldMap) -> Recorded {
    let mut r = Recorded::default();
    r.contract_start = map.property(Field::ContractStart).is_some();
    r.renewal_date = map.property(Field::RenewalDate).is_some();
    r.arr = map.property(Field::Arr).is_some();
    r.by_mapping = true;
    for (metric, _) in map.metric_properties() {
        r.add(metric);
    }
    r.add(Metric::OpenTickets);
    r
}

/// Whether `account` has a value (or a value that could not be read) for
/// `field`. A name always has one, and so does an outcome (an empty one
/// reads `open`).
fn has(account: &Account, field: Field) -> bool {
    let id = field_id(field);
    if account.field_problems.iter().any(|p| p.field == id) {
        return true;
    }
    match field {
        Field::Name | Field::Outcome => true,
        Field::Domain => account.domain.is_some(),
        Field::Owner => account.owner.is_some(),
        Field::Segment => account.segment.is_some(),
        Field::Stage => account.stage.is_some(),
        Field::ContractStart => account.contract_start.is_some(),
        Field::RenewalDate => account.renewal_date.is_some(),
        Field::Arr => account.arr.is_some(),
        Field::OutcomeDate => account.outcome_date.is_some(),
        f => f
            .metric()
            .is_some_and(|m| !account.metrics.get(m).is_empty()),
    }
}

/// The mapped properties no account of `accounts` has a value for, each
/// with what it maps (`nps`, `milestone kickoff`), in mapping order.
/// Nothing for a book with no accounts.
pub(crate) fn empty_properties<'m>(
    map: &'m FieldMap,
    accounts: &[Account],
) -> Vec<(String, &'m str)> {
    if accounts.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (field, property) in &map.fields {
        if !accounts.iter().any(|a| has(a, *field)) {
            out.push((field_id(*field), property.as_str()));
        }
    }
    for (milestone, property) in &map.milestones {
        let key = format!("milestones.{milestone}");
        let reached = |a: &Account| {
            a.milestones.contains_key(milestone) || a.field_problems.iter().any(|p| p.field == key)
        };
        if !accounts.iter().any(reached) {
            out.push((format!("milestone {milestone}"), property.as_str()));
        }
    }
    out
}

/// The edit distance between `a` and `b` (Levenshtein, by character).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// A label as a name would write it: `Kickoff date` -> `kickoff_date`.
fn as_name(label: &str) -> String {
    label
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect()
}

/// The existing property nearest to `name`, by its name or its label,
/// if one is near enough to be what was meant.
pub(crate) fn nearest<'a>(name: &str, list: &'a [PropertyDef]) -> Option<&'a PropertyDef> {
    let wanted = name.trim().to_lowercase();
    let (best, d) = list
        .iter()
        .map(|p| {
            let by_name = distance(&wanted, &p.name.to_lowercase());
            let by_label = distance(&wanted, &as_name(&p.label));
            (p, by_name.min(by_label))
        })
        .min_by_key(|(_, d)| *d)?;
    let near = (wanted.chars().count() / 3).max(2);
    (d <= near).then_some(best)
}

/// `` `ms_kickoff` `` or `` `ms_kickoff` (Kickoff date) ``.
fn named(p: &PropertyDef) -> String {
    if p.label.trim().is_empty() || as_name(&p.label) == p.name.to_lowercase() {
        format!("`{}`", p.name)
    } else {
        format!("`{}` ({})", p.name, p.label.trim())
    }
}

/// What `names` says of `property`, after a mapping's name: nothing when
/// it exists, else the nearest existing one.
fn hint(property: &str, names: Option<&Names>) -> String {
    let Some(list) = names.and_then(Names::listed) else {
        return " Is the name right?".into();
    };
    if list.iter().any(|p| p.name == property) {
        return String::new();
    }
    match nearest(property, list) {
        Some(p) => format!(" Is the name right? HubSpot has {}", named(p)),
        None => " HubSpot has no company property by that name".into(),
    }
}

/// The notes of a mapping for a book: each mapped property no company has
/// a value for, with the nearest existing name where `names` lists the
/// portal's, then the line saying the names were not checked, if so.
pub(crate) fn notes(map: &FieldMap, accounts: &[Account], names: Option<&Names>) -> Vec<String> {
    let empty = empty_properties(map, accounts);
    let mut out: Vec<String> = empty
        .iter()
        .map(|(what, property)| {
            format!(
                "`{property}` ({what}): no company has a value.{}",
                hint(property, names)
            )
        })
        .collect();
    if !empty.is_empty() {
        out.extend(names.and_then(Names::unchecked));
    }
    out
}

/// Every mapped property the portal does not have, with the nearest that
/// it has (`config check`, which has no companies to look at), or the line
/// saying the names were not checked.
pub(crate) fn unknown_names(map: &FieldMap, names: &Names) -> Vec<String> {
    let Some(list) = names.listed() else {
        return names.unchecked().into_iter().collect();
    };
    let mapped = map.fields.iter().map(|(f, p)| (field_id(*f), p)).chain(
        map.milestones
            .iter()
            .map(|(m, p)| (format!("milestone {m}"), p)),
    );
    let mut out = Vec::new();
    for (what, property) in mapped {
        if list.iter().any(|p| p.name == *property) {
            continue;
        }
        let nearest = match nearest(property, list) {
            Some(p) => format!("; did you mean {}?", named(p)),
            None => String::new(),
        };
        out.push(format!(
            "`{property}` ({what}) is not a company property in HubSpot{nearest}"
        ));
    }
    out
}

impl HubSpot {
    /// Reads the portal's company properties. A 401 or 403 is
    /// [`Names::Denied`]; nothing here fails.
    pub(crate) async fn property_names(&self) -> Names {
        match self.http.get_json::<PropertyList>(PROPERTIES, &[]).await {
            Ok(list) => Names::Listed(list.results),
            Err(SourceError::Auth(_)) => Names::Denied,
            Err(e) => Names::Failed(e.to_string()),
        }
    }

    /// Reads the property list, once a process, when a mapped property is
    /// empty on every account of `accounts`.
    pub(super) async fn check_names(&self, accounts: &[Account]) {
        let known = self.names.lock().map(|n| n.is_some()).unwrap_or(true);
        if known || empty_properties(&self.map, accounts).is_empty() {
            return;
        }
        let names = self.property_names().await;
        if let Ok(mut slot) = self.names.lock() {
            *slot = Some(names);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prop(name: &str, label: &str) -> PropertyDef {
        PropertyDef {
            name: name.into(),
            label: label.into(),
        }
    }

    #[test]
    fn the_nearest_name_is_found_by_name_or_by_label() {
        let list = [
            prop("ms_kickoff", "Kickoff date"),
            prop("annualrevenue", "Annual revenue"),
            prop("cs_health", "Health"),
        ];
        assert_eq!(distance("ms_kick_off", "ms_kickoff"), 1);
        assert_eq!(nearest("ms_kick_off", &list), Some(&list[0]));
        assert_eq!(nearest("kickoff_date", &list), Some(&list[0]));
        assert_eq!(nearest("annual_revenue", &list), Some(&list[1]));
        assert_eq!(nearest("seats_purchased", &list), None, "nothing near");
        assert_eq!(named(&list[0]), "`ms_kickoff` (Kickoff date)");
    }

    #[test]
    fn a_mapping_records_its_fields_and_the_open_tickets() {
        let mut map = FieldMap::default();
        map.fields.insert(Field::Nps, "nps".into());
        map.fields.insert(Field::Arr, "arr".into());
        let r = recorded(&map);
        assert!(r.has(Metric::Nps) && r.has(Metric::OpenTickets) && r.arr);
        assert!(!r.has(Metric::Csat) && !r.renewal_date && r.by_mapping);
    }
}
