//! A full HubSpot fetch against a server that advertises and enforces a
//! rate limit (HubSpot's `X-HubSpot-RateLimit-*` headers, the budget
//! counting down per window, a 429 past it): the client must never be
//! refused, and must take no more than 10% longer than the limit allows.
//!
//! HubSpot's limit is 100 requests per 10 s; this uses 100 per 2 s so that
//! three windows take about 4 s of real time. The time after the last
//! request (mapping 6,605 companies in a debug build, about 0.1 s) is part
//! of the measure, as it is of a real sync; with a 1 s window it alone
//! would be 5% of the time allowed.
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
    // The last window's requests go as soon as it opens.
    let windows = requests.div_ceil(limit.max);
    let allowed = limit.window * (windows as u32 - 1);
    eprintln!(
        "{requests} requests, {throttled} refused with 429, {elapsed:?} \
         (the limit allows {allowed:?}: {:.3}x)",
        elapsed.as_secs_f64() / allowed.as_secs_f64()
    );
    assert_eq!(requests, 202);
    assert_eq!(throttled, 0, "no request may be refused");
    assert!(elapsed >= allowed, "{elapsed:?} < {allowed:?}");
    assert!(
        elapsed <= allowed.mul_f64(1.10),
        "{elapsed:?} is more than 10% over the {allowed:?} the limit allows"
    );
}
