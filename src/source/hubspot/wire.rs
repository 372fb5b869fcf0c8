//! HubSpot's JSON shapes (CRM v3), as its public documentation gives them.
//! Only the parts the adapter reads; unknown keys are ignored. Every
//! property value is a string or `null`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A record's properties: name -> value (`null` when unset).
pub type Properties = BTreeMap<String, Option<String>>;

/// One page of a list endpoint (`GET /crm/v3/objects/companies`,
/// `GET /crm/v3/owners`).
#[derive(Debug, Clone, Deserialize)]
pub struct Page<T> {
    #[serde(default = "Vec::new")]
    pub results: Vec<T>,
    #[serde(default)]
    pub paging: Option<Paging>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Paging {
    #[serde(default)]
    pub next: Option<Next>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Next {
    pub after: String,
}

impl Paging {
    /// The cursor of the next page, if there is one.
    pub fn after(paging: &Option<Paging>) -> Option<&str> {
        paging
            .as_ref()
            .and_then(|p| p.next.as_ref())
            .map(|n| n.after.as_str())
            .filter(|a| !a.is_empty())
    }
}

/// One change of a property, as `propertiesWithHistory` lists them
/// (newest first).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct HistoryEntry {
    #[serde(default)]
    pub value: Option<String>,
    pub timestamp: String,
}

/// A CRM record: a company, contact or ticket.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    pub id: String,
    #[serde(default)]
    pub properties: Properties,
    #[serde(default)]
    pub properties_with_history: BTreeMap<String, Vec<HistoryEntry>>,
    #[serde(default)]
    pub associations: BTreeMap<String, Associated>,
}

impl Record {
    /// The value of `property`, trimmed; `None` when unset or empty.
    pub fn get(&self, property: &str) -> Option<&str> {
        self.properties
            .get(property)?
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    /// The ids of the records associated under `kind` (`contacts`, `tickets`).
    pub fn associated(&self, kind: &str) -> impl Iterator<Item = &str> {
        self.associations
            .get(kind)
            .into_iter()
            .flat_map(|a| a.results.iter().map(|r| r.id.as_str()))
    }
}

/// The associations of one kind on a record.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Associated {
    #[serde(default)]
    pub results: Vec<AssociationRef>,
    #[serde(default)]
    pub paging: Option<Paging>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AssociationRef {
    pub id: String,
}

/// `POST /crm/v3/objects/{type}/batch/read`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchRead {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub properties_with_history: Vec<String>,
    pub inputs: Vec<IdInput>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IdInput {
    pub id: String,
}

/// The answer of a batch read (`status`, `results`; `errors` when some
/// ids were not found).
#[derive(Debug, Clone, Deserialize)]
pub struct BatchResult<T> {
    #[serde(default = "Vec::new")]
    pub results: Vec<T>,
    #[serde(default)]
    pub errors: Vec<BatchError>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct BatchError {
    #[serde(default)]
    pub message: String,
}

/// One answer of `POST /crm/v3/associations/companies/{to}/batch/read`.
#[derive(Debug, Clone, Deserialize)]
pub struct AssociationRow {
    pub from: AssociationRef,
    #[serde(default)]
    pub to: Vec<AssociationRef>,
}

/// `GET /crm/v3/owners`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Owner {
    pub id: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
}

/// `GET /account-info/v3/details`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountInfo {
    pub portal_id: u64,
    /// e.g. `app-eu1.hubspot.com` for a portal hosted in the EU.
    #[serde(default)]
    pub ui_domain: Option<String>,
}

/// `POST /crm/v3/objects/companies/search`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchRequest<'a> {
    pub filter_groups: Vec<FilterGroup>,
    pub sorts: Vec<Sort>,
    pub properties: Vec<&'a str>,
    pub limit: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FilterGroup {
    pub filters: Vec<Filter>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Filter {
    pub property_name: &'static str,
    pub operator: &'static str,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sort {
    pub property_name: &'static str,
    pub direction: &'static str,
}

/// The answer of a search: one page, and how many records match in all.
#[derive(Debug, Clone, Deserialize)]
pub struct SearchPage {
    #[serde(default)]
    pub total: u64,
    #[serde(default)]
    pub results: Vec<Record>,
    #[serde(default)]
    pub paging: Option<Paging>,
}
