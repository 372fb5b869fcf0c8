//! HubSpot's JSON shapes (CRM v3), as its public documentation gives them.
//! Only the parts the adapter reads; unknown keys are ignored. Every
//! property value is a string or `null` by the documentation; a number, a
//! boolean, an object or a list where a string belongs is read as its JSON
//! text, so one odd value costs its field (the mapper cannot read it and
//! says so), never the page or the sync. Ids likewise.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// A value that should be a string: any other JSON becomes its text.
fn text_of(v: Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

fn lenient_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(text_of(Value::deserialize(d)?))
}

fn lenient_id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(text_of(Value::deserialize(d)?).unwrap_or_default())
}

fn lenient_properties<'de, D: Deserializer<'de>>(d: D) -> Result<Properties, D::Error> {
    let raw = Option::<BTreeMap<String, Value>>::deserialize(d)?.unwrap_or_default();
    Ok(raw.into_iter().map(|(k, v)| (k, text_of(v))).collect())
}

/// A record's properties: name -> value (`null` when unset).
pub(crate) type Properties = BTreeMap<String, Option<String>>;

/// One page of a list endpoint (`GET /crm/v3/objects/companies`,
/// `GET /crm/v3/owners`).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Page<T> {
    #[serde(default = "Vec::new")]
    pub(crate) results: Vec<T>,
    #[serde(default)]
    pub(crate) paging: Option<Paging>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Paging {
    #[serde(default)]
    pub(crate) next: Option<Next>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Next {
    pub(crate) after: String,
}

impl Paging {
    /// The cursor of the next page, if there is one.
    pub(crate) fn after(paging: &Option<Paging>) -> Option<&str> {
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
pub(crate) struct HistoryEntry {
    #[serde(default, deserialize_with = "lenient_text")]
    pub(crate) value: Option<String>,
    pub(crate) timestamp: String,
}

/// A CRM record: a company, contact or ticket.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Record {
    #[serde(deserialize_with = "lenient_id")]
    pub(crate) id: String,
    #[serde(default, deserialize_with = "lenient_properties")]
    pub(crate) properties: Properties,
    #[serde(default)]
    pub(crate) properties_with_history: BTreeMap<String, Vec<HistoryEntry>>,
    #[serde(default)]
    pub(crate) associations: BTreeMap<String, Associated>,
}

impl Record {
    /// The value of `property`, trimmed; `None` when unset or empty.
    pub(crate) fn get(&self, property: &str) -> Option<&str> {
        self.properties
            .get(property)?
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    /// The ids of the records associated under `kind` (`contacts`, `tickets`).
    pub(crate) fn associated(&self, kind: &str) -> impl Iterator<Item = &str> {
        self.associations
            .get(kind)
            .into_iter()
            .flat_map(|a| a.results.iter().map(|r| r.id.as_str()))
    }
}

/// The associations of one kind on a record.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Associated {
    #[serde(default)]
    pub(crate) results: Vec<AssociationRef>,
    #[serde(default)]
    pub(crate) paging: Option<Paging>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct AssociationRef {
    #[serde(deserialize_with = "lenient_id")]
    pub(crate) id: String,
}

/// `POST /crm/v3/objects/{type}/batch/read`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BatchRead {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) properties: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) properties_with_history: Vec<String>,
    pub(crate) inputs: Vec<IdInput>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct IdInput {
    pub(crate) id: String,
}

/// The answer of a batch read (`status`, `results`; `errors` when some
/// ids were not found).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct BatchResult<T> {
    #[serde(default = "Vec::new")]
    pub(crate) results: Vec<T>,
    #[serde(default)]
    pub(crate) errors: Vec<BatchError>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct BatchError {
    #[serde(default)]
    pub(crate) message: String,
}

/// One answer of `POST /crm/v3/associations/companies/{to}/batch/read`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct AssociationRow {
    pub(crate) from: AssociationRef,
    #[serde(default)]
    pub(crate) to: Vec<AssociationRef>,
}

/// `GET /crm/v3/owners`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Owner {
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) email: Option<String>,
    #[serde(default)]
    pub(crate) first_name: Option<String>,
    #[serde(default)]
    pub(crate) last_name: Option<String>,
}

/// `GET /account-info/v3/details`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AccountInfo {
    pub(crate) portal_id: u64,
    /// e.g. `app-eu1.hubspot.com` for a portal hosted in the EU.
    #[serde(default)]
    pub(crate) ui_domain: Option<String>,
}

/// `POST /crm/v3/objects/companies/search`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SearchRequest<'a> {
    pub(crate) filter_groups: Vec<FilterGroup>,
    pub(crate) sorts: Vec<Sort>,
    pub(crate) properties: Vec<&'a str>,
    pub(crate) limit: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) after: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct FilterGroup {
    pub(crate) filters: Vec<Filter>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Filter {
    pub(crate) property_name: &'static str,
    pub(crate) operator: &'static str,
    pub(crate) value: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Sort {
    pub(crate) property_name: &'static str,
    pub(crate) direction: &'static str,
}

/// The answer of a search: one page (its `total` is not needed: the
/// paging says when it ends).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct SearchPage {
    #[serde(default)]
    pub(crate) results: Vec<Record>,
    #[serde(default)]
    pub(crate) paging: Option<Paging>,
}

#[cfg(test)]
mod lenient_tests {
    use super::*;

    #[test]
    fn a_value_that_is_not_a_string_is_read_as_its_text() {
        let r: Record = serde_json::from_value(serde_json::json!({
            "id": 123,
            "properties": {
                "name": "Acme", "licenses": 40, "active": true,
                "odd": {"nested": [1, 2]}, "gone": null
            },
            "propertiesWithHistory": {
                "licenses": [{"value": 40, "timestamp": "2026-11-01T00:00:00Z"}]
            },
            "associations": {"contacts": {"results": [{"id": 7, "type": "x"}]}}
        }))
        .unwrap();
        assert_eq!(r.id, "123");
        assert_eq!(r.get("licenses"), Some("40"));
        assert_eq!(r.get("active"), Some("true"));
        assert_eq!(r.get("odd"), Some(r#"{"nested":[1,2]}"#));
        assert_eq!(r.get("gone"), None);
        assert_eq!(
            r.properties_with_history["licenses"][0].value.as_deref(),
            Some("40")
        );
        assert_eq!(r.associated("contacts").collect::<Vec<_>>(), ["7"]);
    }
}
