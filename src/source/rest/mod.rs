//! The generic REST source: Orienteer's own JSON contract
//! (`docs/sources/rest.md`, `docs/sources/rest.openapi.yaml`) for teams whose
//! accounts sit in their own service or warehouse. Its payload is the
//! canonical [`Account`] as it serializes.
//!
//! - `GET /accounts?limit=&cursor=&updated_since=` ->
//!   `{"accounts": [...], "next_cursor": "..." | null}`
//! - `GET /accounts/{id}` -> one account
//! - `POST /play-logs` with an `Idempotency-Key` header: a logged play

mod decode;

pub(crate) use decode::{point, shown};

use super::http::Http;
use super::listing::Cursors;
use super::writeback::{DeliverFuture, Outgoing, Receipt, WriteBack};
use super::{ChangedFuture, ChangedSnapshot, FetchFuture, Progress, Snapshot, Source, SourceError};
use crate::domain::account::PlayLog;
use crate::domain::tracking::Recordable;
use crate::domain::{Account, AccountId};
use crate::store::LogKind;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::Value;

/// One page of `GET /accounts`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Page {
    pub(crate) accounts: Vec<Account>,
    pub(crate) next_cursor: Option<String>,
    /// Fields and records lost to bad data on this page.
    pub(crate) warnings: Vec<String>,
}

/// A client of the REST contract.
#[derive(Debug)]
pub struct Rest {
    http: Http,
    page_size: u32,
    progress: Progress,
}

/// The body of `POST /play-logs`: the logged play and its account.
#[derive(Debug, Serialize)]
struct PlayLogPost<'a> {
    account_id: &'a AccountId,
    #[serde(flatten)]
    log: &'a PlayLog,
}

impl Rest {
    /// Accounts asked for per page.
    pub(crate) const PAGE_SIZE: u32 = 200;

    pub fn new(http: Http) -> Rest {
        let progress = Progress::default();
        Rest {
            http: http.showing_waits(progress.wait_note()),
            page_size: Rest::PAGE_SIZE,
            progress,
        }
    }

    pub fn with_page_size(mut self, page_size: u32) -> Rest {
        self.page_size = page_size.max(1);
        self
    }

    /// One page of accounts, from `cursor` (none: the first page), only
    /// those changed since `updated_since` if given.
    pub(crate) async fn page(
        &self,
        cursor: Option<&str>,
        updated_since: Option<DateTime<Utc>>,
    ) -> Result<Page, SourceError> {
        let mut query = vec![("limit", self.page_size.to_string())];
        if let Some(cursor) = cursor {
            query.push(("cursor", cursor.to_string()));
        }
        if let Some(since) = updated_since {
            query.push((
                "updated_since",
                since.to_rfc3339_opts(SecondsFormat::Secs, true),
            ));
        }
        let body: Value = self.http.get_json("accounts", &query).await?;
        let Some(records) = body.get("accounts").and_then(Value::as_array) else {
            return Err(SourceError::Data(
                "GET /accounts: the answer has no `accounts` list".into(),
            ));
        };
        let mut warnings = Vec::new();
        let accounts = records
            .iter()
            .filter_map(|r| decode::account(r, &mut warnings))
            .collect();
        Ok(Page {
            accounts,
            next_cursor: next_cursor(&body)?,
            warnings,
        })
    }

    /// Every page of accounts (changed since `updated_since` if given),
    /// with the warnings of all of them.
    pub async fn accounts(
        &self,
        updated_since: Option<DateTime<Utc>>,
    ) -> Result<(Vec<Account>, Vec<String>), SourceError> {
        let mut accounts = Vec::new();
        let mut warnings = Vec::new();
        let mut cursor: Option<String> = None;
        let mut cursors = Cursors::new("GET /accounts");
        match updated_since {
            None => self.progress.start_accounts("accounts"),
            Some(_) => self.progress.start("changed accounts", None),
        }
        loop {
            let page = self.page(cursor.as_deref(), updated_since).await?;
            self.progress.advance(page.accounts.len() as u64);
            accounts.extend(page.accounts);
            warnings.extend(page.warnings);
            match page.next_cursor {
                Some(next) => {
                    cursors.next(&next)?;
                    cursor = Some(next);
                }
                None => return Ok((accounts, warnings)),
            }
        }
    }

    /// One account, by id.
    pub async fn account(&self, id: &AccountId) -> Result<(Account, Vec<String>), SourceError> {
        let body: Value = self
            .http
            .get_json(&format!("accounts/{}", encode_segment(id.as_str())), &[])
            .await?;
        let mut warnings = Vec::new();
        decode::account(&body, &mut warnings)
            .map(|a| (a, warnings.clone()))
            .ok_or_else(|| {
                SourceError::Data(format!("GET /accounts/{{id}}: {}", warnings.join("; ")))
            })
    }

    /// Posts a logged play; its id is the `Idempotency-Key`, so a retry (or
    /// a second flush of the outbox) records it once.
    pub async fn post_play_log(
        &self,
        account_id: &AccountId,
        log: &PlayLog,
    ) -> Result<(), SourceError> {
        let body = PlayLogPost { account_id, log };
        let _: serde::de::IgnoredAny = self
            .http
            .post_json(
                "play-logs",
                &body,
                &[("Idempotency-Key", log.id.as_str().to_string())],
            )
            .await?;
        Ok(())
    }
}

/// The contract's answer to a replayed `Idempotency-Key` is the first
/// answer, with nothing recorded twice; so an uncertain earlier attempt is
/// settled by sending again with the same key, and `check_first` needs no
/// request of its own. Tried once: the outbox retries. The contract has
/// no notes: a plain note (a snooze's) stays in the local store, as the
/// demo keeps its logs.
impl WriteBack for Rest {
    fn deliver<'a>(&'a self, item: &'a Outgoing, _check_first: bool) -> DeliverFuture<'a> {
        Box::pin(async move {
            if item.kind == LogKind::Note {
                return Ok(Receipt {
                    remote_id: None,
                    found: false,
                });
            }
            let once = Rest {
                http: self.http.clone().once(),
                page_size: self.page_size,
                progress: Progress::default(),
            };
            once.post_play_log(&item.account_id, &item.log).await?;
            Ok(Receipt {
                remote_id: None,
                found: false,
            })
        })
    }
}

fn next_cursor(body: &Value) -> Result<Option<String>, SourceError> {
    match body.get("next_cursor") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(SourceError::Data(format!(
            "GET /accounts: `next_cursor` is not a string or null (got {})",
            shown(other)
        ))),
    }
}

/// A path segment with everything but unreserved characters escaped.
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Source for Rest {
    fn describe(&self) -> String {
        format!("REST API at {}", self.http.host())
    }

    fn recordable(&self) -> Recordable {
        Recordable::reported("report `milestones.{id}` in GET /accounts")
    }

    fn fetch(&self, _as_of: NaiveDate) -> FetchFuture<'_> {
        Box::pin(async move {
            let (accounts, warnings) = self.accounts(None).await?;
            Ok(Snapshot {
                accounts,
                fetched_at: Utc::now(),
                origin: super::Origin::live(format!("REST {}", self.http.host())),
                warnings,
            })
        })
    }

    fn progress(&self) -> Option<&Progress> {
        Some(&self.progress)
    }

    /// The contract's `updated_since`: the accounts updated since then.
    /// The cursor is when this fetch started (the contract gives no
    /// modification time per account).
    fn fetch_changed(&self, since: DateTime<Utc>, _as_of: NaiveDate) -> Option<ChangedFuture<'_>> {
        Some(Box::pin(async move {
            let started = Utc::now();
            let (accounts, warnings) = self.accounts(Some(since)).await?;
            Ok(ChangedSnapshot {
                accounts,
                cursor: Some(started),
                fetched_at: started,
                warnings,
            })
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_escaped_in_paths() {
        assert_eq!(encode_segment("A-1_b.c~"), "A-1_b.c~");
        assert_eq!(encode_segment("a/b c?é"), "a%2Fb%20c%3F%C3%A9");
    }
}
