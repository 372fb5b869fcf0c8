//! Speed of the local store with demo accounts: loading the cached
//! snapshot (what the first frame of the TUI waits on) and writing a full
//! sync.
//!
//! cargo bench --bench store

use chrono::{NaiveDate, Utc};
use divan::Bencher;
use orienteer::domain::Account;
use orienteer::source::demo::Demo;
use orienteer::store::{Change, Store};
use std::path::PathBuf;
use std::sync::OnceLock;
use tempfile::TempDir;

fn main() {
    divan::main();
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn accounts(size: usize) -> Vec<Account> {
    Demo::new(size, today()).accounts()
}

/// One store file per size, written once: `demo-<size>` holds `size`
/// demo accounts.
fn store_path() -> &'static PathBuf {
    static DIR: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("orienteer.db");
        let mut store = Store::open(&path).unwrap();
        for size in [10_000, 100_000] {
            store
                .write_accounts(
                    &format!("demo-{size}"),
                    Change::Full(&accounts(size)),
                    Utc::now(),
                )
                .unwrap();
        }
        let bytes = std::fs::metadata(&path).unwrap().len();
        eprintln!("store file: {:.0} MB", bytes as f64 / 1e6);
        (dir, path)
    })
    .1
}

/// Every cached account back as `Account`s, from a store already open.
#[divan::bench(args = [10_000, 100_000], sample_count = 10, sample_size = 1)]
fn load_accounts(bencher: Bencher, size: usize) {
    let store = Store::open(store_path()).unwrap();
    let source = format!("demo-{size}");
    bencher.bench_local(|| store.load_accounts(&source).unwrap());
}

/// Opening the file (schema check, WAL) and loading: a cold start.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn open_and_load_100k() -> Vec<Account> {
    let store = Store::open(store_path()).unwrap();
    store.load_accounts("demo-100000").unwrap()
}

/// A full sync of 100,000 accounts in one transaction.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn replace_100k(bencher: Bencher) {
    let mut store = Store::open(store_path()).unwrap();
    let accounts = accounts(100_000);
    bencher.bench_local(|| {
        store
            .write_accounts("replace", Change::Full(&accounts), Utc::now())
            .unwrap()
    });
}
