//! Speed of the journey review: signals and the health model, including
//! the cross-validated weight fit, over 100,000 demo accounts of which
//! about 12,000 have a known outcome.
//!
//! cargo bench --bench review

use chrono::NaiveDate;
use divan::Bencher;
use orienteer::domain::review::{review, DEFAULT_HORIZON_DAYS};
use orienteer::domain::{Account, Engine, Model};
use orienteer::source::demo::Demo;
use std::sync::OnceLock;

const SIZE: usize = 100_000;

fn main() {
    divan::main();
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn accounts() -> &'static [Account] {
    static A: OnceLock<Vec<Account>> = OnceLock::new();
    A.get_or_init(|| Demo::new(SIZE, today()).accounts())
}

/// The whole review, as `orienteer review` and the Review screen run it.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn review_100k(bencher: Bencher) {
    let engine = Engine::new(Model::default()).unwrap();
    let accounts = accounts();
    bencher.bench(|| review(&engine, accounts, today(), DEFAULT_HORIZON_DAYS));
}
