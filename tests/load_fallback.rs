//! A load that runs out of time falls back on the cache, in one place
//! (`app::load::Loader`), for both faces: the command line's data and the
//! TUI's load (through the loader, as the TUI starts it) come back as the
//! cached accounts, their origin saying the live load failed and why.

mod common;

use common::Harness;
use orienteer::app::context::{Context, Options};
use orienteer::app::source::Flags;
use orienteer::source::Origin;
use orienteer::tui::spawn_load;
use orienteer::tui::update::{update, Msg};
use std::time::{Duration, Instant};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

const ACCOUNTS: &str = r#"{"accounts": [
    {"id": "R1", "name": "Cached Co", "arr": 5000,
     "contract_start": "2026-01-01", "renewal_date": "2027-01-01"}
], "next_cursor": null}"#;

/// The cache, its origin saying the load ran out of time this load.
fn says_timeout(origin: &Origin) -> bool {
    matches!(origin, Origin::Cached { last_error: Some(e), .. }
        if e.kind == "timeout" && e.this_load && e.message.contains("no answer within 2 s"))
}

// One test: the environment it sets is the process's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_load_past_its_deadline_shows_the_cache_in_the_cli_and_the_tui() {
    let data = tempfile::tempdir().unwrap();
    std::env::set_var("ORIENTEER_DATA", data.path());
    std::env::set_var("ORIENTEER_STATE", data.path().join("state.json"));
    std::env::set_var("ORIENTEER_TEST_TOKEN", "secret-tok");
    let server = MockServer::start().await;
    Mock::given(path("/accounts"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(ACCOUNTS, "application/json"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    // Then the source answers, but far too late.
    Mock::given(path("/accounts"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(ACCOUNTS, "application/json")
                .set_delay(Duration::from_secs(60)),
        )
        .mount(&server)
        .await;
    let (_dir, config) = common::config::file(&format!(
        "[source]\nkind = \"rest\"\nbase_url = \"{}\"\ntoken_env = \"ORIENTEER_TEST_TOKEN\"\n",
        server.uri()
    ));
    let options = Options {
        config: Some(config),
        flags: Flags {
            demo: false,
            demo_size: None,
            offline: false,
        },
        as_of: None,
    };
    let mut ctx = Context::open(&options).expect("the context opens");
    let first = ctx.data().await.expect("the first sync fills the cache");
    assert!(first.origin.is_live());

    // The command line: the load gives up after 2 s and the cache answers.
    ctx.load_timeout = Duration::from_secs(2);
    let started = Instant::now();
    let cached = ctx.data().await.expect("the cache answers");
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(says_timeout(&cached.origin), "{:?}", cached.origin);
    assert_eq!(cached.portfolio.accounts[0].name, "Cached Co");
    assert!(
        cached.warnings[0].contains("showing the cache"),
        "{:?}",
        cached.warnings
    );

    // The TUI: the same loader, started as the event loop starts it.
    let mut h = Harness::new(120, 24);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let started = Instant::now();
    let as_of = h.app.clock.as_of(h.app.now);
    spawn_load(&tx, &ctx.loader(), as_of, 1, false);
    h.app.loads.request();
    let mut loaded = None;
    // Progress first, then the result: a bounded number of messages.
    for _ in 0..1_000 {
        let msg = tokio::time::timeout(Duration::from_secs(20), rx.recv())
            .await
            .expect("the load reports back")
            .expect("the channel is open");
        if matches!(msg, Msg::Loaded { .. }) {
            loaded = Some(msg);
            break;
        }
    }
    let msg = loaded.expect("the load's result");
    assert!(started.elapsed() < Duration::from_secs(20));
    update(&mut h.app, msg);
    assert!(
        h.app.failure.is_none(),
        "not a failed load: the cache shows"
    );
    let d = h.app.data.as_ref().expect("data");
    assert!(says_timeout(&d.origin), "{:?}", d.origin);
    assert_eq!(d.portfolio.accounts[0].name, "Cached Co");
    let screen = h.draw();
    assert!(screen.contains("cached, sync failed (timeout)"), "{screen}");
    assert!(screen.contains("Cached Co"), "{screen}");
    assert!(!screen.contains("secret-tok"), "{screen}");
}
