//! Fresh log ids: 26 characters of Crockford's base32 (digits and capital
//! letters), time first so ids sort roughly by when they were made, then 80
//! random bits. Alphanumeric, so the id is one word wherever it is embedded
//! (HubSpot's `CONTAINS_TOKEN` matches whole words).

use crate::domain::LogId;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The length of a log id.
pub(crate) const LEN: usize = 26;

/// A new id, unique across processes and machines in practice.
pub fn new_log_id() -> LogId {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    // RandomState is seeded from the OS once per process, then stepped.
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u32(std::process::id());
    let high = hasher.finish();
    hasher.write_u64(millis);
    let low = hasher.finish();
    // 48 bits of time, then 80 random bits: 128 bits in 26 digits of 5.
    let value: u128 = (u128::from(millis & 0xFFFF_FFFF_FFFF) << 80)
        | (u128::from(high) << 16)
        | u128::from(low & 0xFFFF);
    let mut out = [0u8; LEN];
    for (i, slot) in out.iter_mut().enumerate() {
        let shift = 5 * (LEN - 1 - i);
        *slot = ALPHABET[((value >> shift) & 31) as usize];
    }
    LogId::from(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_26_alphanumeric_characters_and_differ() {
        let ids: std::collections::HashSet<String> =
            (0..1000).map(|_| new_log_id().to_string()).collect();
        assert_eq!(ids.len(), 1000);
        for id in &ids {
            assert_eq!(id.len(), LEN);
            assert!(id.chars().all(|c| c.is_ascii_alphanumeric()), "{id}");
        }
    }
}
