//! HubSpot as a source: companies are accounts, read through the CRM v3
//! API with a private app token.
//!
//! A full fetch pages through the companies (the mapped properties, the
//! history of the metric and stage properties, the associated contacts and
//! tickets), batch-reads those contacts and tickets, resolves
//! `hubspot_owner_id` through the owners API when `owner` is not mapped,
//! and maps every company with [`map::company`]. [`HubSpot::fetch_changed`]
//! reads only the companies changed since a cursor, through the search API.
//!
//! [`check`] checks the mapping against the book and the portal's property
//! list: what no company has a value for, and the nearest existing name.
//!
//! Endpoints: `GET /crm/v3/objects/companies`, `POST
//! /crm/v3/objects/companies/search`, `POST
//! /crm/v3/objects/{companies,contacts,tickets}/batch/read`, `POST
//! /crm/v3/associations/companies/{contacts,tickets}/batch/read`, `GET
//! /crm/v3/owners`, `GET /account-info/v3/details`, `GET
//! /crm/v3/properties/companies`.

mod assign;
pub mod check;
mod fetch;
pub(crate) mod map;
pub mod notes;
pub(crate) mod parse;
pub(crate) mod wire;

use super::http::{Http, HttpConfig, RateLimitHeaders, Token};
use super::mapping::FieldMap;
use super::{ChangedFuture, CheckFuture, FetchFuture, MappingNotes, Progress, Snapshot, Source};
use crate::domain::tracking::Recordable;
use crate::domain::Account;
use chrono::{DateTime, NaiveDate, Utc};
use map::Portal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use crate::source::ChangedSnapshot;

/// The HubSpot source.
pub struct HubSpot {
    http: Arc<Http>,
    map: FieldMap,
    /// The contact property that holds a contact's role, if any.
    contact_role: Option<String>,
    /// Learnt on the first fetch, for links and the description.
    portal: Mutex<Option<Portal>>,
    /// The portal's company properties, once read (see [`check`]).
    names: Mutex<Option<check::Names>>,
    /// The same client for the search API, which allows about 5 requests
    /// a second: spaced by [`HubSpot::SEARCH_INTERVAL`].
    search: Arc<Http>,
    progress: Progress,
    /// The config's `me`: who a follow-up goes to when the account's owner
    /// is not a HubSpot user.
    me: Option<String>,
    /// The portal's users, read once per flush of the outbox.
    directory: Mutex<Option<Arc<assign::Directory>>>,
}

impl HubSpot {
    /// Time between two search requests: 4 a second, under the documented 5.
    pub(crate) const SEARCH_INTERVAL: Duration = Duration::from_millis(250);

    pub fn new(http: Http, map: FieldMap) -> HubSpot {
        let progress = Progress::default();
        let http = http.showing_waits(progress.wait_note());
        HubSpot {
            search: Arc::new(http.clone().spaced(HubSpot::SEARCH_INTERVAL)),
            http: Arc::new(http),
            map,
            contact_role: None,
            portal: Mutex::new(None),
            names: Mutex::new(None),
            progress,
            me: None,
            directory: Mutex::new(None),
        }
    }

    /// Assigns a logged play's note and task to `me` (a HubSpot user's
    /// name, email or id, as the config's `me` names it) when the
    /// account's owner is not a HubSpot user.
    pub fn with_me(mut self, me: Option<&str>) -> HubSpot {
        self.me = me.map(str::to_string).filter(|m| !m.trim().is_empty());
        self
    }

    /// The HTTP settings for HubSpot: the private app token as a bearer
    /// token, HubSpot's rate-limit headers, retries and parallelism within
    /// the limits of a private app (100 to 190 requests per 10 seconds).
    pub fn http_config(base_url: impl Into<String>, token: Token) -> HttpConfig {
        let mut config = HttpConfig::new(base_url);
        config.token = Some(token);
        config.name = Some("HubSpot".into());
        config.retries = 4;
        config.parallelism = 4;
        config.rate_limit = Some(RateLimitHeaders {
            remaining: "X-HubSpot-RateLimit-Remaining".into(),
            interval_ms: "X-HubSpot-RateLimit-Interval-Milliseconds".into(),
            max: "X-HubSpot-RateLimit-Max".into(),
        });
        config
    }

    /// Reads each contact's role from `property` (a contact property such
    /// as `hs_buying_role` or a custom one with values like `champion`,
    /// `admin`, `exec_sponsor`). Without it, contacts have no role: a job
    /// title is not a role.
    pub fn with_contact_role(mut self, property: impl Into<String>) -> HubSpot {
        self.contact_role = Some(property.into()).filter(|p| !p.trim().is_empty());
        self
    }

    /// The portal, once a fetch has learnt it.
    pub(crate) fn portal_id(&self) -> Option<u64> {
        self.portal.lock().ok()?.as_ref().map(|p| p.id)
    }

    fn origin(&self) -> String {
        match self.portal_id() {
            Some(id) => format!("HubSpot portal {id}"),
            None => "HubSpot".into(),
        }
    }

    /// Every company, mapped as of `as_of`.
    pub(crate) async fn fetch_all(&self, as_of: NaiveDate) -> Result<Snapshot, super::SourceError> {
        let fetched_at = Utc::now();
        let mut warnings = Vec::new();
        let companies = self.list_companies(&mut warnings).await?;
        let accounts = self.assemble(companies, as_of, &mut warnings).await?;
        Ok(Snapshot {
            accounts,
            fetched_at,
            origin: super::Origin::live(self.origin()),
            warnings,
        })
    }

    /// The companies modified at or after `since`, each mapped in full (see
    /// [`ChangedSnapshot`] for the cursor), mapped as of `as_of`.
    pub async fn fetch_changed(
        &self,
        since: DateTime<Utc>,
        as_of: NaiveDate,
    ) -> Result<ChangedSnapshot, super::SourceError> {
        let fetched_at = Utc::now();
        let mut warnings = Vec::new();
        let (ids, cursor) = self.search_changed(since).await?;
        let companies = self.read_companies(&ids, &mut warnings).await?;
        let accounts = self.assemble(companies, as_of, &mut warnings).await?;
        Ok(ChangedSnapshot {
            accounts,
            cursor,
            fetched_at,
            warnings,
        })
    }
}

impl Source for HubSpot {
    fn describe(&self) -> String {
        match self.portal_id() {
            Some(id) => format!("HubSpot (portal {id})"),
            None => format!("HubSpot ({})", self.http.base()),
        }
    }

    fn fetch(&self, as_of: NaiveDate) -> FetchFuture<'_> {
        Box::pin(self.fetch_all(as_of))
    }

    fn fetch_changed(&self, since: DateTime<Utc>, as_of: NaiveDate) -> Option<ChangedFuture<'_>> {
        Some(Box::pin(HubSpot::fetch_changed(self, since, as_of)))
    }

    fn progress(&self) -> Option<&Progress> {
        Some(&self.progress)
    }

    fn recordable(&self) -> Recordable {
        check::recordable(&self.map)
    }

    fn mapping_notes(&self, accounts: &[Account]) -> MappingNotes {
        let names = self.names.lock().ok();
        MappingNotes {
            mapped: Some(check::recorded(&self.map)),
            lines: check::notes(&self.map, accounts, names.as_ref().and_then(|n| n.as_ref())),
        }
    }

    fn check_mapping<'a>(&'a self, accounts: &'a [Account]) -> CheckFuture<'a> {
        Box::pin(self.check_names(accounts))
    }
}
