//! A daily history of each account's health score, so trends build up
//! even when the source keeps no history. One row per account and day.

use super::{Store, StoreError};
use crate::domain::{AccountId, Band};
use chrono::NaiveDate;
use rusqlite::params;
use std::collections::HashMap;

impl Store {
    /// Records the scores of `day`, in one transaction. Idempotent per
    /// account and day: recording a day again replaces that day's score
    /// and band (the last load of the day wins).
    pub fn record_scores(
        &mut self,
        day: NaiveDate,
        scores: &[(AccountId, Option<f64>, Band)],
    ) -> Result<(), StoreError> {
        self.in_write(|tx, path| {
            let err = |e| StoreError::sqlite(path, e);
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO score_history (account_id, day, score, band) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (account_id, day) DO UPDATE SET score = excluded.score, band = excluded.band",
                )
                .map_err(err)?;
            let day = day_text(day);
            for (id, score, band) in scores {
                // A NaN is no data, like a missing score.
                let score = score.filter(|s| s.is_finite());
                stmt.execute(params![id.as_str(), day, score, band.id()])
                    .map_err(err)?;
            }
            Ok(())
        })
    }

    /// The recorded scores of `account` from `since` on, oldest first; a
    /// day with no data has `None`, a day never recorded is absent.
    pub fn score_history(
        &self,
        account: &AccountId,
        since: NaiveDate,
    ) -> Result<Vec<(NaiveDate, Option<f64>)>, StoreError> {
        let err = |e| StoreError::sqlite(&self.path, e);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT day, score FROM score_history WHERE account_id = ?1 AND day >= ?2 ORDER BY day",
            )
            .map_err(err)?;
        let rows = stmt
            .query_map(params![account.as_str(), day_text(since)], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<f64>>(1)?))
            })
            .map_err(err)?;
        let mut out = Vec::new();
        for row in rows {
            let (day, score) = row.map_err(err)?;
            out.push((parse_day(&self.path, &day)?, score));
        }
        Ok(out)
    }

    /// Every account's recorded scores since `since`, by account, oldest
    /// first: one query for the whole portfolio.
    pub(crate) fn score_histories(
        &self,
        since: NaiveDate,
    ) -> Result<HashMap<String, Vec<(NaiveDate, f64)>>, StoreError> {
        self.score_histories_of(None, since)
    }

    /// [`Store::score_histories`] of the accounts whose ids are within
    /// `ids` (first and last, both included; `None` for all): one query
    /// per chunk of a chunked read.
    pub(crate) fn score_histories_of(
        &self,
        ids: Option<(&str, &str)>,
        since: NaiveDate,
    ) -> Result<HashMap<String, Vec<(NaiveDate, f64)>>, StoreError> {
        let err = |e| StoreError::sqlite(&self.path, e);
        // Within a range of ids, the primary key (account_id, day) finds them.
        let (sql, first, last) = match ids {
            Some((first, last)) => (
                "SELECT account_id, day, score FROM score_history \
                 WHERE account_id BETWEEN ?2 AND ?3 AND day >= ?1 AND score IS NOT NULL \
                 ORDER BY account_id, day",
                first,
                last,
            ),
            None => (
                "SELECT account_id, day, score FROM score_history \
                 WHERE day >= ?1 AND score IS NOT NULL AND ?2 = ?3 ORDER BY account_id, day",
                "",
                "",
            ),
        };
        let mut stmt = self.conn.prepare_cached(sql).map_err(err)?;
        let rows = stmt
            .query_map(params![day_text(since), first, last], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, f64>(2)?,
                ))
            })
            .map_err(err)?;
        let mut out: HashMap<String, Vec<(NaiveDate, f64)>> = HashMap::new();
        for row in rows {
            let (id, day, score) = row.map_err(err)?;
            out.entry(id)
                .or_default()
                .push((parse_day(&self.path, &day)?, score));
        }
        Ok(out)
    }

    /// Forgets the scores recorded before `day` (the history grows by one
    /// row per account a day); returns how many rows went.
    pub fn prune_scores(&mut self, before: NaiveDate) -> Result<usize, StoreError> {
        self.conn
            .execute(
                "DELETE FROM score_history WHERE day < ?1",
                [day_text(before)],
            )
            .map_err(|e| StoreError::sqlite(&self.path, e))
    }
}

/// Days are stored as `YYYY-MM-DD`, which sorts as the days do.
fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn parse_day(path: &std::path::Path, text: &str) -> Result<NaiveDate, StoreError> {
    text.parse().map_err(|e| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: format!("bad day {text:?} in the score history: {e}"),
    })
}
