//! A load is supervised as a whole: a panic while showing the cache first
//! (before the load's own watched fetch starts) still comes back as the
//! load's one `Msg::Loaded`, a crash, instead of "loading…" for ever.

mod common;

use chrono::NaiveDate;
use orienteer::app::load::{LoadError, Loader};
use orienteer::source::{CachedFuture, FetchFuture, Source};
use orienteer::tui::spawn_load;
use orienteer::tui::update::Msg;
use std::sync::Arc;
use std::time::Duration;

/// A source whose cache read panics.
struct BadCache;

impl Source for BadCache {
    fn describe(&self) -> String {
        "a source with a bad cache".into()
    }

    fn fetch(&self, _as_of: NaiveDate) -> FetchFuture<'_> {
        Box::pin(std::future::pending())
    }

    fn cached(&self, _as_of: NaiveDate) -> CachedFuture<'_> {
        Box::pin(async { panic!("the cache read fell over") })
    }
}

#[tokio::test]
async fn a_panic_showing_the_cache_first_is_the_loads_failure() {
    let h = common::Harness::new(80, 24);
    let loader = Loader::new(h.app.engine.clone(), Arc::new(BadCache));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let as_of = h.app.clock.as_of(h.app.now);
    spawn_load(&tx, &loader, as_of, 7, true);
    let msg = tokio::time::timeout(Duration::from_secs(20), rx.recv())
        .await
        .expect("the load reports back")
        .unwrap();
    match msg {
        Msg::Loaded {
            request: 7,
            result: Err(LoadError::Panicked(why)),
        } => assert_eq!(why, "the cache read fell over"),
        _ => panic!("not the load's failure"),
    }
}
