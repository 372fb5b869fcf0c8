//! Speed of live data: a full HubSpot sync of 10,000 companies with their
//! contacts from a HubSpot on loopback (a real HTTP server on 127.0.0.1,
//! `tests/loopback_hubspot`), a full fetch paced by HubSpot's rate-limit
//! headers, and the TUI's first frame from the local cache: open the
//! store, load the accounts, evaluate them, draw one frame at 80x24.
//!
//! cargo bench --bench sync

#[path = "../tests/loopback_hubspot/mod.rs"]
mod loopback_hubspot;

use chrono::{NaiveDate, TimeZone, Utc};
use divan::Bencher;
use loopback_hubspot::{Portal, Server};
use orienteer::app::load::Loader;
use orienteer::clock::{Clock, Zone};
use orienteer::domain::{Engine, Model};
use orienteer::keymap::Keymap;
use orienteer::source::demo::Demo;
use orienteer::source::http::{Http, Token};
use orienteer::source::hubspot::HubSpot;
use orienteer::source::mapping::{Field, FieldMap};
use orienteer::store::{Change, Store, SyncWrite};
use orienteer::sync::Synced;
use orienteer::tui::state::App;
use orienteer::tui::theme::Theme;
use orienteer::tui::views;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use tempfile::TempDir;
use tokio::runtime::Runtime;

const COMPANIES: usize = 10_000;
const KEY: &str = "hubspot http://127.0.0.1/";

fn main() {
    divan::main();
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The process's runtime, as the binary builds it (2 workers).
fn runtime() -> &'static Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    RT.get_or_init(|| orienteer::app::runtime::runtime().unwrap())
}

/// 10,000 companies with 1 to 3 contacts each, every 10th with history.
fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        runtime().block_on(loopback_hubspot::start(Portal {
            companies: COMPANIES,
            max_contacts: 3,
            history_every: 10,
            rate_limit: None,
        }))
    })
}

/// Metrics and the stage are mapped: pages of 50 with history.
fn field_map() -> FieldMap {
    let fields = [
        (Field::Arr, "annualrevenue"),
        (Field::Licenses, "licenses"),
        (Field::ActiveUsers, "active_users"),
        (Field::Nps, "nps"),
        (Field::Segment, "tier"),
        (Field::Stage, "cs_stage"),
        (Field::ContractStart, "contract_start"),
        (Field::RenewalDate, "renewal_date"),
    ];
    FieldMap {
        fields: fields.iter().map(|(f, p)| (*f, p.to_string())).collect(),
        milestones: Default::default(),
    }
}

fn hubspot(base_url: String) -> HubSpot {
    let config = HubSpot::http_config(base_url, Token::new("pat-na1-bench"));
    HubSpot::new(Http::new(config).unwrap(), field_map())
}

/// A full sync: every page of companies, the contacts by batch read, the
/// owners and the portal, mapped and committed to a new store file.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn sync_hubspot_10k(bencher: Bencher) {
    let url = server().url();
    bencher
        .with_inputs(|| tempfile::tempdir().unwrap())
        .bench_local_values(|dir| {
            let synced = Synced::new(
                Arc::new(hubspot(url.clone())),
                KEY,
                dir.path().join("orienteer.db"),
            );
            let snapshot = runtime().block_on(synced.sync(today())).unwrap();
            assert_eq!(snapshot.accounts.len(), COMPANIES);
            assert!(
                snapshot.warnings.is_empty(),
                "{:?}",
                &snapshot.warnings[..1]
            );
            dir
        });
}

/// A full fetch against a server that advertises and enforces 100
/// requests per 2 s window (`X-HubSpot-RateLimit-*`, 429 past it): 6,605
/// companies are 202 requests, so three windows, and the limit allows 4 s
/// (the third window opens 4 s after the first). A fresh server each time,
/// so that no window carries over.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn paced_fetch_202_requests_at_100_per_2s(bencher: Bencher) {
    use loopback_hubspot::RateLimit;
    use orienteer::source::Source;
    use std::sync::atomic::Ordering;
    bencher
        .with_inputs(|| {
            runtime().block_on(loopback_hubspot::start(Portal {
                companies: 6_605,
                max_contacts: 3,
                history_every: 0,
                rate_limit: Some(RateLimit {
                    max: 100,
                    window: std::time::Duration::from_secs(2),
                }),
            }))
        })
        .bench_local_values(|server| {
            let map = FieldMap {
                fields: [(Field::Arr, "annualrevenue".to_string())].into(),
                milestones: Default::default(),
            };
            let config = HubSpot::http_config(server.url(), Token::new("pat-na1-bench"));
            let source = HubSpot::new(Http::new(config).unwrap(), map);
            let snapshot = runtime().block_on(source.fetch(today())).unwrap();
            assert_eq!(snapshot.accounts.len(), 6_605);
            assert_eq!(server.counters.throttled.load(Ordering::Relaxed), 0);
            server
        });
}

/// One store file holding a sync of 10,000 and one of 100,000 demo
/// accounts (richer than the loopback's companies: history for every
/// metric), written once.
fn store_path() -> &'static PathBuf {
    static DIR: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("orienteer.db");
        let mut store = Store::open(&path).unwrap();
        for size in [10_000, 100_000] {
            let accounts = Demo::new(size, today()).accounts();
            store
                .commit_sync(&SyncWrite {
                    source: &format!("{KEY}{size}"),
                    description: "HubSpot",
                    fetched_at: Utc::now(),
                    change: Change::Full(&accounts),
                    cursors: &[],
                })
                .unwrap();
        }
        (dir, path)
    })
    .1
}

/// What the TUI does before its first frame with data: read the cache
/// (open the store, load the accounts), evaluate them and build the filter
/// index on the blocking pool, then draw.
fn first_frame(bencher: Bencher, size: usize) {
    let path = store_path().clone();
    let engine = Arc::new(Engine::new(Model::default()).unwrap());
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let clock = Clock::new(Zone::Named(chrono_tz::UTC), None);
    // The source is never called: only its cache is read.
    let source = Synced::new(
        Arc::new(hubspot("http://127.0.0.1:9".into())),
        format!("{KEY}{size}"),
        path,
    );
    let loader = Loader {
        prepare_filter: true,
        ..Loader::new(engine.clone(), Arc::new(source))
    };
    let theme = Theme {
        color: true,
        ascii: false,
    };
    bencher.bench_local(|| {
        let data = runtime()
            .block_on(loader.load_cached(clock.as_of(now)))
            .expect("the cache");
        assert_eq!(data.portfolio.len(), size);
        let mut app = App::new(engine.clone(), Keymap::new(&Default::default()), clock, now);
        app.set_data(data);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|f| {
                views::render(&app, &theme, f);
            })
            .unwrap();
        app
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn first_frame_from_cache_10k(bencher: Bencher) {
    first_frame(bencher, 10_000);
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn first_frame_from_cache_100k(bencher: Bencher) {
    first_frame(bencher, 100_000);
}
