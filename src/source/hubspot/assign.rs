//! Who a note and its follow-up task are assigned to (`hubspot_owner_id`):
//! the account's owner when the owner is a HubSpot user, else the user
//! the config's `me` names, else no one (the record is created
//! unassigned, as HubSpot allows).
//!
//! The cache holds the owner as the sync mapped it: the owner's name
//! (first and last name, else the email) when `owner` is not mapped, or
//! the mapped property's value. Both are looked up in the users of `GET
//! /crm/v3/owners` (active ones), by id, email or name, in any case; the
//! listing is read once per flush, and only when there is someone to look
//! up.

use super::wire::{Owner, Page, Paging};
use super::HubSpot;
use crate::source::SourceError;
use std::collections::HashMap;
use std::sync::Arc;

/// The name the adapter gives an owner: first and last name, else the
/// email; `None` for an owner with neither.
pub(super) fn owner_name(o: &Owner) -> Option<String> {
    let full = [o.first_name.as_deref(), o.last_name.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Some(full)
        .filter(|n| !n.is_empty())
        .or_else(|| o.email.clone())
}

/// The portal's users by every way the cache or the config may name
/// them: id, email and name, lower-cased. A key two users share names
/// neither.
#[derive(Debug, Default)]
pub(super) struct Directory {
    ids: HashMap<String, Option<String>>,
}

impl Directory {
    pub(super) fn new(owners: &[Owner]) -> Directory {
        let mut ids: HashMap<String, Option<String>> = HashMap::new();
        for o in owners {
            let keys = [Some(o.id.clone()), o.email.clone(), owner_name(o)];
            for key in keys.into_iter().flatten() {
                let key = key.trim().to_lowercase();
                if key.is_empty() {
                    continue;
                }
                ids.entry(key)
                    .and_modify(|id| {
                        if id.as_deref() != Some(o.id.as_str()) {
                            *id = None;
                        }
                    })
                    .or_insert_with(|| Some(o.id.clone()));
            }
        }
        Directory { ids }
    }

    /// The id of the one user `who` names, if any.
    pub(super) fn find(&self, who: &str) -> Option<&str> {
        self.ids.get(&who.trim().to_lowercase())?.as_deref()
    }
}

impl HubSpot {
    /// The HubSpot user to assign a log of an account owned by `owner` to:
    /// that owner if a user, else `me`'s user, else `None`.
    pub(super) async fn assignee(
        &self,
        owner: Option<&str>,
    ) -> Result<Option<String>, SourceError> {
        let wanted: Vec<&str> = [owner, self.me.as_deref()]
            .into_iter()
            .flatten()
            .filter(|w| !w.trim().is_empty())
            .collect();
        if wanted.is_empty() {
            return Ok(None);
        }
        let directory = self.directory().await?;
        Ok(wanted
            .into_iter()
            .find_map(|w| directory.find(w))
            .map(str::to_string))
    }

    /// The users, read once per flush (see `WriteBack::flush_started`). A
    /// token without the owners scope, or a portal that refuses the
    /// listing, leaves every log unassigned rather than failing it; the
    /// network or a 5xx fails the attempt, which is tried again.
    async fn directory(&self) -> Result<Arc<Directory>, SourceError> {
        if let Some(d) = self.directory.lock().ok().and_then(|d| d.clone()) {
            return Ok(d);
        }
        let directory = match self.all_owners().await {
            Ok(owners) => Directory::new(&owners),
            Err(SourceError::Auth(_)) => Directory::default(),
            Err(SourceError::Api { status, .. }) if (400..500).contains(&status) => {
                Directory::default()
            }
            Err(e) => return Err(e),
        };
        let directory = Arc::new(directory);
        if let Ok(mut slot) = self.directory.lock() {
            *slot = Some(directory.clone());
        }
        Ok(directory)
    }

    /// Forgets the users read for the last flush.
    pub(super) fn forget_directory(&self) {
        if let Ok(mut slot) = self.directory.lock() {
            *slot = None;
        }
    }

    /// Every active owner, page by page (`GET /crm/v3/owners`).
    pub(super) async fn all_owners(&self) -> Result<Vec<Owner>, SourceError> {
        let mut owners = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let mut query = vec![("limit", "100".to_string())];
            query.extend(after.clone().map(|a| ("after", a)));
            let page: Page<Owner> = self.http.get_json("/crm/v3/owners", &query).await?;
            owners.extend(page.results);
            match Paging::after(&page.paging) {
                Some(next) if after.as_deref() != Some(next) => after = Some(next.to_string()),
                _ => return Ok(owners),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(id: &str, email: Option<&str>, first: Option<&str>, last: Option<&str>) -> Owner {
        Owner {
            id: id.into(),
            email: email.map(str::to_string),
            first_name: first.map(str::to_string),
            last_name: last.map(str::to_string),
        }
    }

    #[test]
    fn users_are_found_by_id_email_or_name_in_any_case() {
        let d = Directory::new(&[
            owner("77", Some("dana@x.com"), Some("Dana"), Some("Reyes")),
            owner("78", Some("sam@x.com"), None, None),
        ]);
        assert_eq!(d.find("Dana Reyes"), Some("77"));
        assert_eq!(d.find(" dana reyes "), Some("77"));
        assert_eq!(d.find("DANA@x.com"), Some("77"));
        assert_eq!(d.find("77"), Some("77"));
        // No name: the email is the name, as the sync maps it.
        assert_eq!(d.find("sam@x.com"), Some("78"));
        assert_eq!(d.find("Fox Mulder"), None);
        assert_eq!(d.find(""), None);
    }

    #[test]
    fn a_name_two_users_share_names_neither() {
        let d = Directory::new(&[
            owner("1", Some("a@x.com"), Some("Alex"), Some("Kim")),
            owner("2", Some("b@x.com"), Some("Alex"), Some("Kim")),
        ]);
        assert_eq!(d.find("Alex Kim"), None);
        assert_eq!(d.find("b@x.com"), Some("2"));
    }
}
