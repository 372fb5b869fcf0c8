//! The check a full sync passes before it replaces the cache: a listing
//! that would delete more than a share of the cached accounts (an empty
//! page, a listing cut short) is refused unless the user says the accounts
//! really went (`orienteer sync --full --allow-delete`).

use crate::domain::numbers::percent;
use crate::domain::Account;
use crate::source::SourceError;
use std::collections::HashSet;

pub use crate::config::DEFAULT_MAX_DELETE_SHARE;

/// How much a full sync may delete.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeleteGuard {
    /// The share of the cached accounts (0 to 1) a full sync may delete.
    pub max_share: f64,
    /// `--allow-delete`: any share.
    pub allow: bool,
}

impl Default for DeleteGuard {
    fn default() -> DeleteGuard {
        DeleteGuard {
            max_share: DEFAULT_MAX_DELETE_SHARE,
            allow: false,
        }
    }
}

impl DeleteGuard {
    /// Refuses a listing that would remove more than the allowed share of
    /// `cached` (the ids the cache holds).
    pub fn check(&self, cached: &[String], listed: &[Account]) -> Result<(), SourceError> {
        if self.allow || cached.is_empty() {
            return Ok(());
        }
        let listed: HashSet<&str> = listed.iter().map(|a| a.id.as_str()).collect();
        let gone = cached
            .iter()
            .filter(|id| !listed.contains(id.as_str()))
            .count();
        let share = gone as f64 / cached.len() as f64;
        if share <= self.max_share {
            return Ok(());
        }
        Err(SourceError::Data(format!(
            "the source listed {} accounts; replacing the cache would delete {gone} of the {} \
             cached ({}), more than the {} `[sync] max_delete_share` allows, so the \
             cache is unchanged. If those accounts really were deleted, run `orienteer sync \
             --full --allow-delete`",
            listed.len(),
            cached.len(),
            percent(Some(share)),
            percent(Some(self.max_share))
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AccountId;

    fn listed(ids: &[&str]) -> Vec<Account> {
        ids.iter()
            .map(|id| Account {
                id: AccountId::from(*id),
                ..Account::default()
            })
            .collect()
    }

    #[test]
    fn deletions_up_to_the_share_pass_and_past_it_are_refused() {
        let cached: Vec<String> = (0..10).map(|i| format!("a{i}")).collect();
        let guard = DeleteGuard::default();
        let nine: Vec<&str> = cached[..9].iter().map(String::as_str).collect();
        assert!(guard.check(&cached, &listed(&nine)).is_ok());
        let eight: Vec<&str> = cached[..8].iter().map(String::as_str).collect();
        let e = guard
            .check(&cached, &listed(&eight))
            .unwrap_err()
            .to_string();
        assert!(e.contains("delete 2 of the 10 cached (20%)"), "{e}");
        assert!(e.contains("orienteer sync --full --allow-delete"), "{e}");
        // Nothing listed when the cache holds accounts: 100%.
        assert!(guard.check(&cached, &[]).is_err());
        let allow = DeleteGuard {
            allow: true,
            ..guard
        };
        assert!(allow.check(&cached, &[]).is_ok());
        // An empty cache has nothing to lose.
        assert!(guard.check(&[], &[]).is_ok());
    }
}
