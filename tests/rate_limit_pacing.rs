//! A full HubSpot fetch against a server that advertises and enforces a
//! rate limit (HubSpot's `X-HubSpot-RateLimit-*` headers, the budget
//! counting down per window, a 429 past it): the client is never refused,
//! and never goes faster than the limit allows. (How many windows it used
//! is printed, not asserted: windows open lazily, so a busy machine that
//! is slow to send opens more of them without any fault of the pacer.)
//!
//! HubSpot's limit is 100 requests per 10 s; this uses 100 per 2 s. How
//! long the fetch takes against the time the limit allows is a figure of
//! `cargo bench --bench sync -- paced` (see docs/perf.md), not an
//! assertion here: a test's timing depends on how busy the machine is.
//!
//! cargo test --test rate_limit_pacing

mod loopback_hubspot;

use chrono::NaiveDate;
use loopback_hubspot::{Portal, RateLimit};
use orienteer::source::http::{Http, Token};
use orienteer::source::hubspot::HubSpot;
use orienteer::source::mapping::{Field, FieldMap};
use orienteer::source::Source;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_fetch_keeps_to_the_advertised_limit_without_a_429() {
    let limit = RateLimit {
        max: 100,
        window: Duration::from_secs(2),
    };
    // 67 pages of companies, 133 batch reads of their 13,211 contacts (4 in
    // flight), the portal and the owners: 202 requests, so two full windows
    // and 2 requests in the third.
    let companies = 6_605;
    let server = loopback_hubspot::start(Portal {
        companies,
        max_contacts: 3,
        history_every: 0,
        rate_limit: Some(limit),
    })
    .await;
    let map = FieldMap {
        fields: [(Field::Arr, "annualrevenue".to_string())].into(),
        milestones: Default::default(),
    };
    let config = HubSpot::http_config(server.url(), Token::new("pat-na1-test"));
    let source = HubSpot::new(Http::new(config).unwrap(), map);

    let start = Instant::now();
    let snapshot = source
        .fetch(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
        .await
        .unwrap();
    let elapsed = start.elapsed();

    assert_eq!(snapshot.accounts.len(), companies);
    let requests = server.counters.answered.load(Ordering::Relaxed);
    let throttled = server.counters.throttled.load(Ordering::Relaxed);
    let windows = server.counters.windows.load(Ordering::Relaxed);
    eprintln!(
        "{requests} requests in {windows} windows, {throttled} refused with 429, {elapsed:?}"
    );
    assert_eq!(requests, 202);
    assert_eq!(throttled, 0, "no request may be refused");
    // Three windows: the last one opens two windows after the first.
    assert!(
        elapsed >= limit.window * 2,
        "{elapsed:?}: faster than the limit allows"
    );
}
