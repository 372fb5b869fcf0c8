//! How much a full sync may delete: a listing that would delete more than
//! a share of the cached accounts (an empty page, a listing cut short) is
//! refused unless the user says the accounts really went (`orienteer sync
//! --full --allow-delete`). The store counts and refuses inside the sync's
//! write transaction ([`crate::store::Store::commit_sync_within`]); this
//! says it the way the sync reports it.

use crate::domain::numbers::percent;
use crate::source::SourceError;
use crate::store::StoreError;

pub(crate) use crate::config::DEFAULT_MAX_DELETE_SHARE;

/// How much a full sync may delete (`--allow-delete` is
/// [`super::Synced::allow_delete`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DeleteGuard {
    /// The share of the cached accounts (0 to 1) a full sync may delete.
    pub(crate) max_share: f64,
}

impl Default for DeleteGuard {
    fn default() -> DeleteGuard {
        DeleteGuard {
            max_share: DEFAULT_MAX_DELETE_SHARE,
        }
    }
}

/// The store's refusal as the sync says it (bad data: the listing), with
/// the way out; any other store error is `None`.
pub(super) fn refused(e: &StoreError) -> Option<SourceError> {
    let StoreError::TooManyDeletes {
        listed,
        gone,
        cached,
        max_share,
        ..
    } = e
    else {
        return None;
    };
    let share = *gone as f64 / *cached as f64;
    Some(SourceError::Data(format!(
        "the source listed {listed} accounts; replacing the cache would delete {gone} of the \
         {cached} cached ({}), more than the {} `[sync] max_delete_share` allows, so the \
         cache is unchanged. If those accounts really were deleted, run `orienteer sync \
         --full --allow-delete`",
        percent(Some(share)),
        percent(Some(*max_share))
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Account, AccountId};
    use crate::store::{Change, Store, SyncWrite};

    fn listed(ids: &[String]) -> Vec<Account> {
        ids.iter()
            .map(|id| Account {
                id: AccountId::from(id.as_str()),
                ..Account::default()
            })
            .collect()
    }

    fn commit(store: &mut Store, ids: &[String], max: Option<f64>) -> Result<usize, StoreError> {
        let accounts = listed(ids);
        store.commit_sync_within(
            &SyncWrite {
                source: "s",
                description: "S",
                fetched_at: chrono::Utc::now(),
                change: Change::Full(&accounts),
                cursors: &[],
            },
            max,
        )
    }

    #[test]
    fn the_store_refuses_past_the_share_inside_its_write_and_keeps_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("orienteer.db")).unwrap();
        let ids: Vec<String> = (0..10).map(|i| format!("a{i}")).collect();
        let max = Some(DeleteGuard::default().max_share);
        // An empty cache has nothing to lose.
        assert_eq!(commit(&mut store, &ids, max).unwrap(), 10);
        let e = commit(&mut store, &ids[..8], max).unwrap_err();
        assert!(
            matches!(
                e,
                StoreError::TooManyDeletes {
                    listed: 8,
                    gone: 2,
                    cached: 10,
                    ..
                }
            ),
            "{e:?}"
        );
        let said = refused(&e).unwrap().to_string();
        assert!(said.contains("delete 2 of the 10 cached (20%)"), "{said}");
        assert!(
            said.contains("orienteer sync --full --allow-delete"),
            "{said}"
        );
        assert_eq!(store.account_count("s").unwrap(), 10, "nothing written");
        // Nothing listed when the cache holds accounts: 100%.
        assert!(commit(&mut store, &[], max).is_err());
        // Up to the share passes; any share with no limit.
        assert_eq!(commit(&mut store, &ids[..9], max).unwrap(), 1);
        assert_eq!(commit(&mut store, &[], None).unwrap(), 9);
        assert_eq!(store.account_count("s").unwrap(), 0);
    }
}
