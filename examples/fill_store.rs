//! Fills a data dir with demo accounts cached for the REST source at
//! `http://127.0.0.1:9`, for the store path's figures in docs/perf.md:
//!   cargo run --release --example fill_store -- DIR [SIZE]
//! (`STORE=DIR bash scripts/cli-figures.sh` runs it when DIR has no store).

use orienteer::source::{Demo, Source};
use orienteer::store::{Change, Store, SyncWrite};
use std::path::PathBuf;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: fill_store DIR [SIZE]")?);
    let size: usize = match args.next() {
        Some(s) => s.parse()?,
        None => 100_000,
    };
    let day = chrono::Utc::now().date_naive();
    let accounts = Demo::new(size, day).fetch(day).await?.accounts;
    std::fs::create_dir_all(&dir)?;
    let mut store = Store::open(dir.join("orienteer.db"))?;
    store.commit_sync(&SyncWrite {
        source: "rest http://127.0.0.1:9",
        description: "REST (loopback)",
        fetched_at: chrono::Utc::now(),
        change: Change::Full(&accounts),
        cursors: &[],
    })?;
    println!("{size} accounts cached in {}", dir.display());
    Ok(())
}
