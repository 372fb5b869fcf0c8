//! The reading: paging through companies, searching the changed ones,
//! batch reads of companies, contacts and tickets, associations, owners and
//! the portal id. Mapping is [`super::map`]'s.

use super::assign::owner_name;
use super::map::{self, Context, Portal, LAST_MODIFIED};
use super::wire::{
    AccountInfo, Associated, AssociationRef, AssociationRow, BatchRead, BatchResult, Filter,
    FilterGroup, IdInput, Page, Paging, Record, SearchPage, SearchRequest, Sort,
};
use super::{parse, HubSpot};
use crate::domain::Account;
use crate::source::http::Http;
use crate::source::listing::Cursors;
use crate::source::mapping::Field;
use crate::source::{Progress, SourceError};
use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use tokio::task::JoinSet;

/// Companies per page: 100, or 50 when property history is asked for.
pub(crate) const PAGE: usize = 100;
pub(crate) const PAGE_WITH_HISTORY: usize = 50;
/// Ids per batch read.
pub(crate) const BATCH: usize = 100;
/// Results per search page, and how many one search query may reach.
pub(crate) const SEARCH_PAGE: u32 = 200;
pub(crate) const SEARCH_CAP: u64 = 10_000;
/// Batch reads in flight at once.
const IN_FLIGHT: usize = 4;

/// Says what the adapter was doing when a request failed.
fn during(what: &str) -> impl Fn(SourceError) -> SourceError + '_ {
    move |e| match e {
        SourceError::Api { status, message } => SourceError::Api {
            status,
            message: format!("{message} ({what})"),
        },
        SourceError::Data(m) => SourceError::Data(format!("{what}: {m}")),
        other => other,
    }
}

impl HubSpot {
    fn history(&self) -> Vec<&str> {
        map::history_properties(&self.map)
    }

    /// Every company, page by page.
    pub(super) async fn list_companies(
        &self,
        warnings: &mut Vec<String>,
    ) -> Result<Vec<Record>, SourceError> {
        let properties = map::company_properties(&self.map).join(",");
        let history = self.history();
        let limit = if history.is_empty() {
            PAGE
        } else {
            PAGE_WITH_HISTORY
        };
        let mut companies = Vec::new();
        let mut after: Option<String> = None;
        let mut cursors = Cursors::new("listing companies");
        self.progress.start_accounts("companies");
        loop {
            let mut query = vec![
                ("limit", limit.to_string()),
                ("properties", properties.clone()),
                ("associations", "contacts,tickets".to_string()),
                ("archived", "false".to_string()),
            ];
            if !history.is_empty() {
                query.push(("propertiesWithHistory", history.join(",")));
            }
            if let Some(a) = &after {
                query.push(("after", a.clone()));
            }
            let page: Page<Record> = self
                .http
                .get_json("/crm/v3/objects/companies", &query)
                .await
                .map_err(during("listing companies"))?;
            for company in &page.results {
                for (kind, assoc) in &company.associations {
                    if Paging::after(&assoc.paging).is_some() {
                        warnings.push(format!(
                            "account {}: only the first {} {kind} were read",
                            company.id,
                            assoc.results.len()
                        ));
                    }
                }
            }
            self.progress.advance(page.results.len() as u64);
            companies.extend(page.results);
            match Paging::after(&page.paging) {
                Some(next) => {
                    cursors.next(next)?;
                    after = Some(next.to_string());
                }
                None => break,
            }
        }
        Ok(companies)
    }

    /// The ids of the companies modified at or after `since`, in id order,
    /// and the latest modification seen. One search query reaches 10,000
    /// results at most: past that, the search starts again from the last id
    /// seen (`hs_object_id GT`).
    pub(super) async fn search_changed(
        &self,
        since: DateTime<Utc>,
    ) -> Result<(Vec<String>, Option<DateTime<Utc>>), SourceError> {
        let mut ids: Vec<String> = Vec::new();
        let mut cursor: Option<DateTime<Utc>> = None;
        let mut from_id: Option<String> = None;
        let mut after: Option<String> = None;
        let mut cursors = Cursors::new("searching changed companies");
        loop {
            let mut filters = vec![Filter {
                property_name: LAST_MODIFIED,
                operator: "GTE",
                value: since.timestamp_millis().to_string(),
            }];
            if let Some(id) = &from_id {
                filters.push(Filter {
                    property_name: "hs_object_id",
                    operator: "GT",
                    value: id.clone(),
                });
            }
            let body = SearchRequest {
                filter_groups: vec![FilterGroup { filters }],
                sorts: vec![Sort {
                    property_name: "hs_object_id",
                    direction: "ASCENDING",
                }],
                properties: vec!["hs_object_id", LAST_MODIFIED],
                limit: SEARCH_PAGE,
                after: after.clone(),
            };
            let answer: Result<SearchPage, _> = self
                .search
                .post_json("/crm/v3/objects/companies/search", &body, &[])
                .await;
            let page = match answer {
                // Past the 10,000 results of one query: go on from the last id.
                Err(SourceError::Api { status: 400, .. })
                    if after.is_some() && ids.last() != from_id.as_ref() =>
                {
                    from_id = ids.last().cloned();
                    after = None;
                    continue;
                }
                other => other.map_err(during("searching changed companies"))?,
            };
            for company in &page.results {
                let modified = company.get(LAST_MODIFIED).and_then(parse::instant);
                cursor = cursor.max(modified);
                if ids.last().is_none_or(|last| last != &company.id) {
                    ids.push(company.id.clone());
                }
            }
            let Some(next) = Paging::after(&page.paging) else {
                break;
            };
            // The search's cursor is an offset within one query: the query
            // (its starting id) is part of it.
            match &from_id {
                Some(id) => cursors.next(&format!("{next} (from id {id})"))?,
                None => cursors.next(next)?,
            }
            let reach = next
                .parse::<u64>()
                .map_or(0, |n| n + u64::from(SEARCH_PAGE));
            if reach > SEARCH_CAP {
                if ids.last() == from_id.as_ref() {
                    return Err(SourceError::Data(
                        "the search made no progress past 10,000 results".into(),
                    ));
                }
                from_id = ids.last().cloned();
                after = None;
            } else {
                after = Some(next.to_string());
            }
        }
        Ok((ids, cursor))
    }

    /// The companies `ids` with their properties, history and associations.
    pub(super) async fn read_companies(
        &self,
        ids: &[String],
        warnings: &mut Vec<String>,
    ) -> Result<Vec<Record>, SourceError> {
        let history = self.history();
        let per_call = if history.is_empty() {
            BATCH
        } else {
            PAGE_WITH_HISTORY
        };
        let properties = map::company_properties(&self.map);
        let mut read = self
            .batch_read("companies", ids, &properties, &history, per_call, warnings)
            .await?;
        for kind in ["contacts", "tickets"] {
            let links = self.associations(kind, ids).await?;
            for (from, to) in links {
                if let Some(company) = read.get_mut(&from) {
                    company.associations.insert(
                        kind.to_string(),
                        Associated {
                            results: to,
                            paging: None,
                        },
                    );
                }
            }
        }
        Ok(ids.iter().filter_map(|id| read.remove(id)).collect())
    }

    /// The contacts, tickets and owners the companies refer to, and the
    /// companies mapped with them.
    pub(super) async fn assemble(
        &self,
        companies: Vec<Record>,
        day: NaiveDate,
        warnings: &mut Vec<String>,
    ) -> Result<Vec<Account>, SourceError> {
        let portal = self.portal().await;
        let owners = match self.map.property(Field::Owner) {
            Some(_) => None,
            None => self.owners(warnings).await?,
        };
        let associated = |kind: &str| -> Vec<String> {
            let ids: BTreeSet<&str> = companies.iter().flat_map(|c| c.associated(kind)).collect();
            ids.into_iter().map(str::to_string).collect()
        };
        let role = self.contact_role.as_deref();
        let contacts = self
            .optional(
                "contacts",
                &associated("contacts"),
                &map::contact_properties(role),
                warnings,
            )
            .await?
            .unwrap_or_default();
        let tickets = self
            .optional(
                "tickets",
                &associated("tickets"),
                &map::TICKET_PROPERTIES,
                warnings,
            )
            .await?;
        let cx = Context {
            map: &self.map,
            day,
            portal: portal.as_ref(),
            owners: owners.as_ref(),
            contact_role: role,
            contacts: &contacts,
            tickets: tickets.as_ref(),
        };
        Ok(companies
            .iter()
            .map(|c| map::company(c, &cx, warnings))
            .collect())
    }

    /// A batch read that the token may not be allowed (a private app
    /// without the contacts or tickets scope): refused, it is a warning.
    async fn optional(
        &self,
        object: &str,
        ids: &[String],
        properties: &[&str],
        warnings: &mut Vec<String>,
    ) -> Result<Option<HashMap<String, Record>>, SourceError> {
        match self
            .batch_read(object, ids, properties, &[], BATCH, warnings)
            .await
        {
            Ok(read) => Ok(Some(read)),
            Err(SourceError::Auth(m)) => {
                warnings.push(format!("{object} could not be read ({m}): left out"));
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// `POST /crm/v3/objects/{object}/batch/read`, `per_call` ids at a time,
    /// a few calls in flight.
    async fn batch_read(
        &self,
        object: &str,
        ids: &[String],
        properties: &[&str],
        history: &[&str],
        per_call: usize,
        warnings: &mut Vec<String>,
    ) -> Result<HashMap<String, Record>, SourceError> {
        let path = format!("/crm/v3/objects/{object}/batch/read");
        let bodies = ids.chunks(per_call).map(|chunk| BatchRead {
            properties: properties.iter().map(|p| p.to_string()).collect(),
            properties_with_history: history.iter().map(|p| p.to_string()).collect(),
            inputs: chunk.iter().map(|id| IdInput { id: id.clone() }).collect(),
        });
        let what = match object {
            "companies" => format!("reading the {} changed companies", ids.len()),
            _ => format!(
                "reading the {object} of the companies, {} of them",
                ids.len()
            ),
        };
        let step = (&self.progress, per_call as u64);
        self.progress
            .start(object_label(object), Some(ids.len() as u64));
        let answers: Vec<BatchResult<Record>> = in_flight(&self.http, &path, bodies, step)
            .await
            .map_err(during(&what))?;
        let mut out = HashMap::new();
        for answer in answers {
            for e in answer.errors {
                warnings.push(format!("{what}: {}", e.message));
            }
            out.extend(answer.results.into_iter().map(|r| (r.id.clone(), r)));
        }
        Ok(out)
    }

    /// `POST /crm/v3/associations/companies/{kind}/batch/read`: company id ->
    /// the associated records.
    async fn associations(
        &self,
        kind: &str,
        ids: &[String],
    ) -> Result<HashMap<String, Vec<AssociationRef>>, SourceError> {
        let path = format!("/crm/v3/associations/companies/{kind}/batch/read");
        let bodies = ids.chunks(BATCH).map(|chunk| BatchRead {
            properties: Vec::new(),
            properties_with_history: Vec::new(),
            inputs: chunk.iter().map(|id| IdInput { id: id.clone() }).collect(),
        });
        let what = format!("reading the {kind} of {} companies", ids.len());
        self.progress.start("links", Some(ids.len() as u64));
        let step = (&self.progress, BATCH as u64);
        let answers: Vec<BatchResult<AssociationRow>> = in_flight(&self.http, &path, bodies, step)
            .await
            .map_err(during(&what))?;
        Ok(answers
            .into_iter()
            .flat_map(|a| a.results)
            .map(|row| (row.from.id, row.to))
            .collect())
    }

    /// Owner id -> name (first and last name, else the email).
    /// A token without the owners scope costs the owners, with a warning.
    async fn owners(
        &self,
        warnings: &mut Vec<String>,
    ) -> Result<Option<HashMap<String, String>>, SourceError> {
        let owners = match self.all_owners().await {
            Ok(owners) => owners,
            Err(SourceError::Auth(m)) => {
                warnings.push(format!("owners could not be read ({m}): owner left out"));
                return Ok(None);
            }
            Err(e) => {
                return Err(during("reading the owners, to name each account's owner")(
                    e,
                ))
            }
        };
        Ok(Some(
            owners
                .iter()
                .filter_map(|o| Some((o.id.clone(), owner_name(o)?)))
                .collect(),
        ))
    }

    /// The portal, read once (`GET /account-info/v3/details`). A failure
    /// leaves links out, silently: it costs nothing else.
    async fn portal(&self) -> Option<Portal> {
        if let Some(p) = self.portal.lock().ok()?.clone() {
            return Some(p);
        }
        let info: AccountInfo = self
            .http
            .get_json("/account-info/v3/details", &[])
            .await
            .ok()?;
        let portal = Portal {
            id: info.portal_id,
            ui_domain: Portal::ui_domain(info.ui_domain.as_deref()),
        };
        *self.portal.lock().ok()? = Some(portal.clone());
        Some(portal)
    }
}

/// POSTs each body to `path`, [`IN_FLIGHT`] at a time; the answers come
/// back in any order. The first failure stops the rest.
/// Each answer advances `progress` by `per_answer`.
async fn in_flight<T: DeserializeOwned + Send + 'static>(
    http: &Arc<Http>,
    path: &str,
    bodies: impl Iterator<Item = BatchRead>,
    (progress, per_answer): (&Progress, u64),
) -> Result<Vec<T>, SourceError> {
    let mut bodies = bodies;
    let mut set = JoinSet::new();
    let mut out = Vec::new();
    loop {
        while set.len() < IN_FLIGHT {
            let Some(body) = bodies.next() else { break };
            let (http, path) = (Arc::clone(http), path.to_string());
            set.spawn(async move { http.post_json::<_, T>(&path, &body, &[]).await });
        }
        let Some(done) = set.join_next().await else {
            break;
        };
        let answer = done.map_err(|e| SourceError::Transport(format!("a request stopped: {e}")))?;
        out.push(answer?);
        progress.advance(per_answer);
    }
    Ok(out)
}

/// A HubSpot object type as the progress bar names it.
fn object_label(object: &str) -> &'static str {
    match object {
        "companies" => "companies",
        "contacts" => "contacts",
        "tickets" => "tickets",
        _ => "records",
    }
}
