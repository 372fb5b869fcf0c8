//! A usage feed beside the CRM: metric history from the REST contract's
//! `GET /usage?since=&cursor=`, merged into the CRM's accounts by domain or
//! by id. An account the feed has nothing for keeps what the CRM has, and
//! is counted in the warnings.

use super::http::Http;
use super::rest::{point, shown};
use super::{ChangedFuture, FetchFuture, Source, SourceError};
use crate::domain::account::{Point, Series};
use crate::domain::text::clean;
use crate::domain::{Account, Metric};
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// How usage records find their account (`match_on` in `[usage]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchOn {
    /// The customer's web domain (`domain` of the record and the account).
    #[default]
    Domain,
    /// The CRM's account id (`account_id` of the record).
    Id,
}

impl MatchOn {
    /// The record's key field.
    pub(crate) fn record_key(self) -> &'static str {
        match self {
            MatchOn::Domain => "domain",
            MatchOn::Id => "account_id",
        }
    }
}

/// One metric's history for one account, as the feed gives it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UsageRecord {
    /// The domain or account id, as `match_on` says.
    pub(crate) key: String,
    pub(crate) metric: Metric,
    pub(crate) points: Vec<Point>,
}

/// The days of history asked for: the 26-week trend and a little more.
pub(crate) const HISTORY_DAYS: u64 = 190;

/// A client of `GET /usage`.
#[derive(Debug, Clone)]
pub struct UsageFeed {
    http: Http,
}

impl UsageFeed {
    pub fn new(http: Http) -> UsageFeed {
        UsageFeed { http }
    }

    pub(crate) fn host(&self) -> &str {
        self.http.host()
    }

    /// Every page of usage since `since`, keyed as `match_on` says. A bad
    /// record or point is skipped with a warning.
    pub(crate) async fn fetch(
        &self,
        since: NaiveDate,
        match_on: MatchOn,
    ) -> Result<(Vec<UsageRecord>, Vec<String>), SourceError> {
        let mut records = Vec::new();
        let mut warnings = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut query = vec![("since", since.to_string())];
            if let Some(c) = &cursor {
                query.push(("cursor", c.clone()));
            }
            let body: Value = self.http.get_json("usage", &query).await?;
            let Some(items) = body.get("usage").and_then(Value::as_array) else {
                return Err(SourceError::Data(
                    "GET /usage: the answer has no `usage` list".into(),
                ));
            };
            for item in items {
                if let Some(r) = record(item, match_on, &mut warnings) {
                    records.push(r);
                }
            }
            let next = body
                .get("next_cursor")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty());
            match next {
                Some(n) if cursor.as_deref() == Some(n) => {
                    return Err(SourceError::Data(format!(
                        "GET /usage gave the cursor `{}` twice; stopping rather than looping",
                        clean(n)
                    )))
                }
                Some(n) => cursor = Some(n.to_string()),
                None => return Ok((records, warnings)),
            }
        }
    }
}

fn record(item: &Value, match_on: MatchOn, warnings: &mut Vec<String>) -> Option<UsageRecord> {
    let key_field = match_on.record_key();
    let key = match item.get(key_field) {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => {
            warnings.push(format!(
                "usage: a record without `{key_field}` was skipped ({})",
                shown(item)
            ));
            return None;
        }
    };
    let who = clean(&key).into_owned();
    let metric_id = item.get("metric").and_then(Value::as_str).unwrap_or("");
    let Some(metric) = Metric::from_id(metric_id) else {
        warnings.push(format!(
            "usage for {who}: unknown metric `{}` skipped; metrics are {}",
            clean(metric_id),
            Metric::ids()
        ));
        return None;
    };
    let items = item.get("points").and_then(Value::as_array);
    let points = items
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, p)| {
            let got = point(p);
            if got.is_none() {
                warnings.push(format!(
                    "usage for {who}: `{metric_id}` point {i} is not {{at, value}} (got {}); \
                     skipped",
                    shown(p)
                ));
            }
            got
        })
        .collect();
    Some(UsageRecord {
        key,
        metric,
        points,
    })
}

/// A domain as written anywhere: lower case, without scheme, `www.` or path.
fn normalize_domain(d: &str) -> String {
    let d = d.trim().to_ascii_lowercase();
    let d = d
        .strip_prefix("https://")
        .or_else(|| d.strip_prefix("http://"))
        .unwrap_or(&d);
    let d = d.strip_prefix("www.").unwrap_or(d);
    d.split('/').next().unwrap_or("").to_string()
}

/// What a merge did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct MergeSummary {
    /// Accounts that got usage.
    pub(crate) matched: usize,
    /// Accounts the feed had nothing for: they keep the CRM's figures.
    pub(crate) unmatched: usize,
    /// Records that matched no account.
    pub(crate) orphans: usize,
}

/// Merges usage into `accounts`: a point of the feed replaces the CRM's on
/// the same day, the CRM's other points stay.
pub(crate) fn merge(
    accounts: &mut [Account],
    records: Vec<UsageRecord>,
    on: MatchOn,
) -> MergeSummary {
    let key_of = |a: &Account| match on {
        MatchOn::Domain => a.domain.as_deref().map(normalize_domain),
        MatchOn::Id => Some(a.id.as_str().to_string()),
    };
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, a) in accounts.iter().enumerate() {
        if let Some(k) = key_of(a).filter(|k| !k.is_empty()) {
            index.entry(k).or_default().push(i);
        }
    }
    let mut got = vec![false; accounts.len()];
    let mut summary = MergeSummary::default();
    for r in records {
        let key = match on {
            MatchOn::Domain => normalize_domain(&r.key),
            MatchOn::Id => r.key,
        };
        let Some(targets) = index.get(&key) else {
            summary.orphans += 1;
            continue;
        };
        for &i in targets {
            let series = accounts[i].metrics.get(r.metric);
            let mut points: Vec<Point> = series
                .points()
                .iter()
                .filter(|p| !r.points.iter().any(|q| q.at == p.at))
                .copied()
                .collect();
            points.extend(r.points.iter().copied());
            accounts[i].metrics.set(r.metric, Series::new(points));
            got[i] = true;
        }
    }
    summary.matched = got.iter().filter(|g| **g).count();
    summary.unmatched = accounts.len() - summary.matched;
    summary
}

/// A CRM source with a usage feed merged in.
pub struct WithUsage {
    crm: Arc<dyn Source>,
    feed: UsageFeed,
    match_on: MatchOn,
}

impl WithUsage {
    pub fn new(crm: Arc<dyn Source>, feed: UsageFeed, match_on: MatchOn) -> WithUsage {
        WithUsage {
            crm,
            feed,
            match_on,
        }
    }
}

impl Source for WithUsage {
    fn progress(&self) -> Option<&super::Progress> {
        self.crm.progress()
    }

    fn recordable(&self) -> crate::domain::tracking::Recordable {
        self.crm.recordable()
    }

    fn mapping_notes(&self, accounts: &[Account]) -> super::MappingNotes {
        self.crm.mapping_notes(accounts)
    }

    fn check_mapping<'a>(&'a self, accounts: &'a [Account]) -> super::CheckFuture<'a> {
        self.crm.check_mapping(accounts)
    }

    fn describe(&self) -> String {
        format!(
            "{} with usage from {}",
            self.crm.describe(),
            self.feed.host()
        )
    }

    fn fetch(&self, as_of: NaiveDate) -> FetchFuture<'_> {
        Box::pin(async move {
            let mut snapshot = self.crm.fetch(as_of).await?;
            self.add_usage(&mut snapshot.accounts, &mut snapshot.warnings, as_of, true)
                .await?;
            if let super::Origin::Live { source } = &mut snapshot.origin {
                source.push_str(" + usage");
            }
            Ok(snapshot)
        })
    }

    /// The CRM's changed accounts, each with its usage: an incremental
    /// CRM fetch stays incremental. The usage of an account the CRM did
    /// not change is read again by the next full sync (every
    /// [`crate::sync::FULL_EVERY`]).
    fn fetch_changed(&self, since: DateTime<Utc>, as_of: NaiveDate) -> Option<ChangedFuture<'_>> {
        let changes = self.crm.fetch_changed(since, as_of)?;
        Some(Box::pin(async move {
            let mut changes = changes.await?;
            if !changes.accounts.is_empty() {
                self.add_usage(&mut changes.accounts, &mut changes.warnings, as_of, false)
                    .await?;
            }
            Ok(changes)
        }))
    }
}

impl WithUsage {
    /// Reads the feed's history up to `as_of` and merges it into
    /// `accounts`, saying what matched nothing (records matching no
    /// account only for the `whole` book: an incremental fetch has a few).
    async fn add_usage(
        &self,
        accounts: &mut [Account],
        warnings: &mut Vec<String>,
        as_of: NaiveDate,
        whole: bool,
    ) -> Result<(), SourceError> {
        let since = as_of
            .checked_sub_days(Days::new(HISTORY_DAYS))
            .unwrap_or(as_of);
        let (records, feed_warnings) = self.feed.fetch(since, self.match_on).await?;
        warnings.extend(feed_warnings);
        let summary = merge(accounts, records, self.match_on);
        let on = self.match_on.record_key();
        if summary.unmatched > 0 {
            warnings.push(format!(
                "usage: {} of {} accounts had no usage data (matched on {on}); they keep \
                 the CRM's figures",
                summary.unmatched,
                accounts.len()
            ));
        }
        if whole && summary.orphans > 0 {
            warnings.push(format!(
                "usage: {} records matched no account (on {on})",
                summary.orphans
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_match_however_they_are_written() {
        for d in [
            "Acme.com",
            "https://www.acme.com/",
            "http://acme.com/x",
            " www.ACME.com",
        ] {
            assert_eq!(normalize_domain(d), "acme.com", "{d}");
        }
    }

    #[test]
    fn usage_replaces_same_day_points_and_keeps_the_rest() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let p = |at: &str, value| Point { at: day(at), value };
        let mut a = Account {
            id: "A".into(),
            domain: Some("acme.com".into()),
            ..Account::default()
        };
        a.metrics.set(
            Metric::ActiveUsers,
            Series::new(vec![p("2026-10-01", 1.0), p("2026-11-01", 2.0)]),
        );
        let records = vec![UsageRecord {
            key: "www.acme.com".into(),
            metric: Metric::ActiveUsers,
            points: vec![p("2026-11-01", 20.0), p("2026-11-08", 30.0)],
        }];
        let mut accounts = [a, Account::default()];
        let summary = merge(&mut accounts, records, MatchOn::Domain);
        let values: Vec<f32> = accounts[0]
            .metrics
            .get(Metric::ActiveUsers)
            .points()
            .iter()
            .map(|p| p.value)
            .collect();
        assert_eq!(values, vec![1.0, 20.0, 30.0]);
        assert_eq!(
            summary,
            MergeSummary {
                matched: 1,
                unmatched: 1,
                orphans: 0
            }
        );
    }
}
