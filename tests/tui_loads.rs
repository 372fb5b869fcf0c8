//! The load pipeline as the app lives it: real load tasks (`spawn_load`)
//! against a scripted test source that panics, fails, hangs or answers,
//! the results fed back through `update`; and the day rolling over.

mod common;
mod hostile;

use chrono::{Duration as Days, NaiveDate};
use common::{clock, today, utc_clock, Harness};
use crossterm::event::KeyCode;
use orienteer::app::load::{Data, LoadError, Loader};
use orienteer::domain::portfolio::Portfolio;
use orienteer::domain::report::watch_item;
use orienteer::domain::{Account, Engine, Model};
use orienteer::keymap::Keymap;
use orienteer::source::{Demo, FetchFuture, Progress, Snapshot, Source, SourceError};
use orienteer::tui::spawn_load;
use orienteer::tui::state::{App, Screen};
use orienteer::tui::update::{update, Effect, Msg, Outcome};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

/// What the scripted source does on its next fetch.
enum Step {
    Answer(Vec<Account>),
    Fail(SourceError),
    Panic,
    Hang,
    /// Reports 2 of 5 accounts read, then answers after a second.
    Progressing(Vec<Account>),
}

/// A source that plays its steps in order, one per fetch.
struct Scripted {
    steps: Mutex<VecDeque<Step>>,
    progress: Progress,
    /// The as-of day of each fetch.
    days: Mutex<Vec<NaiveDate>>,
}

impl Scripted {
    fn new(steps: impl IntoIterator<Item = Step>) -> Arc<Scripted> {
        Arc::new(Scripted {
            steps: Mutex::new(steps.into_iter().collect()),
            progress: Progress::default(),
            days: Mutex::new(Vec::new()),
        })
    }
}

impl Source for Scripted {
    fn describe(&self) -> String {
        "scripted test source".into()
    }

    fn fetch(&self, as_of: NaiveDate) -> FetchFuture<'_> {
        self.days.lock().unwrap().push(as_of);
        let step = self.steps.lock().unwrap().pop_front().expect("a step left");
        Box::pin(async move {
            match step {
                Step::Answer(accounts) => Ok(Snapshot {
                    accounts,
                    fetched_at: clock(),
                    origin: orienteer::source::Origin::live("test data"),
                    warnings: Vec::new(),
                }),
                Step::Fail(e) => Err(e),
                Step::Panic => panic!("the source fell over"),
                Step::Hang => std::future::pending().await,
                Step::Progressing(accounts) => {
                    self.progress.start("accounts", Some(5));
                    self.progress.advance(2);
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    Ok(Snapshot {
                        accounts,
                        fetched_at: clock(),
                        origin: orienteer::source::Origin::live("test data"),
                        warnings: Vec::new(),
                    })
                }
            }
        })
    }

    fn progress(&self) -> Option<&Progress> {
        Some(&self.progress)
    }
}

/// The fixed demo accounts of `today()`: data that does not move with the day.
fn accounts() -> Vec<Account> {
    Demo::new(300, today()).accounts()
}

struct Rig {
    h: Harness,
    loader: Loader,
    tx: UnboundedSender<Msg>,
    rx: UnboundedReceiver<Msg>,
}

impl Rig {
    fn new(source: Arc<dyn Source>) -> Rig {
        let h = Harness::new(80, 24);
        let loader = Loader::new(h.app.engine.clone(), source);
        let (tx, rx) = unbounded_channel();
        Rig { h, loader, tx, rx }
    }

    /// Carries out an effect as the event loop does: a load as of `clock()`.
    fn run(&mut self, out: &Outcome) {
        if let Some(Effect::Load(request)) = out.effect {
            let as_of = self.h.app.clock.as_of(self.h.app.now);
            spawn_load(&self.tx, &self.loader, as_of, request, false);
        }
    }

    fn key(&mut self, code: KeyCode) -> Outcome {
        let out = self.h.key(code);
        self.run(&out);
        out
    }

    /// The next message a load sends; a deadline so a lost one fails the test.
    async fn next(&mut self) -> Msg {
        tokio::time::timeout(Duration::from_secs(60), self.rx.recv())
            .await
            .expect("a load always reports back")
            .expect("the channel is open")
    }

    /// Waits for the next load result and hands it to `update`.
    async fn settle(&mut self) -> Outcome {
        let msg = self.next().await;
        let out = update(&mut self.h.app, msg);
        self.run(&out);
        self.h.draw();
        out
    }
}

#[tokio::test]
async fn a_panicking_fetch_is_a_failed_load_and_r_loads_again() {
    let source = Scripted::new([Step::Panic, Step::Answer(accounts())]);
    let mut rig = Rig::new(source);
    assert_eq!(rig.key(KeyCode::Char('r')).effect, Some(Effect::Load(1)));
    rig.settle().await;
    let failure = rig.h.app.failure.as_ref().expect("a failed load");
    assert!(matches!(failure, LoadError::Panicked(m) if m.contains("fell over")));
    assert!(!rig.h.app.loads.busy(), "nothing left running");
    let screen = rig.h.screen();
    assert!(screen.contains("load failed (crash)"), "{screen}");
    let shown = rig.h.app.data.as_ref().map(|d| d.origin.clone());
    assert_eq!(
        shown,
        Some(orienteer::source::Origin::live("demo data")),
        "the old data stays shown"
    );

    assert_eq!(rig.key(KeyCode::Char('r')).effect, Some(Effect::Load(2)));
    rig.settle().await;
    assert!(rig.h.app.failure.is_none());
    assert!(rig.h.screen().contains("test data"), "{}", rig.h.screen());
}

#[tokio::test(start_paused = true)]
async fn a_load_that_never_answers_times_out_and_r_works_after_it() {
    let source = Scripted::new([Step::Hang, Step::Answer(accounts())]);
    let mut rig = Rig::new(source);
    rig.loader.timeout = Duration::from_secs(5);
    rig.key(KeyCode::Char('r'));
    rig.settle().await;
    assert!(matches!(rig.h.app.failure, Some(LoadError::TimedOut(_))));
    assert!(rig.h.screen().contains("load failed (timeout)"));
    assert_eq!(rig.key(KeyCode::Char('r')).effect, Some(Effect::Load(2)));
    rig.settle().await;
    assert!(rig.h.app.failure.is_none());
}

/// A REST source on loopback that first asks to wait a billion seconds:
/// the load fails at once, saying so, and `r` then asks the source again
/// (the wait is forgotten) and shows what it answers.
#[tokio::test]
async fn after_a_rate_limit_of_years_r_asks_again_and_loads() {
    use hostile::{Hostile, Mode};
    use orienteer::source::http::{Http, HttpConfig, Token};
    use orienteer::source::rest::Rest;
    let retry = vec![("Retry-After".to_string(), "1000000000".to_string())];
    let server = Hostile::start(Mode::Status(429, retry)).await;
    let http = Http::new(HttpConfig {
        token: Some(Token::new("secret-tok")),
        ..HttpConfig::new(&server.url)
    })
    .unwrap();
    let mut rig = Rig::new(Arc::new(Rest::new(http)));
    rig.key(KeyCode::Char('r'));
    rig.settle().await;
    let screen = wide(&mut rig);
    assert!(
        screen.contains("load failed (rate limited)") && screen.contains("longer than 5 min"),
        "{screen}"
    );
    assert!(!rig.h.app.loads.busy(), "not wedged in the wait");

    let account = serde_json::json!({"id": "R1", "name": "Fresh Start Ltd",
        "contract_start": "2026-01-01", "renewal_date": "2027-01-01"});
    server.set(Mode::Json(
        serde_json::json!({"accounts": [account], "next_cursor": null}).to_string(),
    ));
    assert_eq!(rig.key(KeyCode::Char('r')).effect, Some(Effect::Load(2)));
    rig.settle().await;
    assert!(rig.h.app.failure.is_none(), "{:?}", rig.h.app.failure);
    assert_eq!(server.requests(), 2, "r sent a request");
    assert!(rig.h.screen().contains("Fresh Start"), "{}", rig.h.screen());
}

#[tokio::test]
async fn error_kinds_read_differently() {
    let source = Scripted::new([
        Step::Fail(SourceError::Auth("token expired".into())),
        Step::Fail(SourceError::Transport("connection refused".into())),
        Step::Fail(SourceError::Api {
            status: 429,
            message: "slow down".into(),
        }),
    ]);
    let mut rig = Rig::new(source);
    for want in [
        "load failed (auth): the source rejected the credentials: token expired · r retries",
        "load failed (network): cannot reach the source",
        "load failed (rate limited)",
    ] {
        rig.key(KeyCode::Char('r'));
        rig.settle().await;
        let screen = wide(&mut rig);
        assert!(screen.contains(want), "{want} in\n{screen}");
    }
    assert!(matches!(
        rig.h.app.failure,
        Some(LoadError::Source(SourceError::Api { status: 429, .. }))
    ));
}

/// A fetch that reports its progress shows it in the status line while it
/// runs; the finished load clears it.
#[tokio::test]
async fn the_status_line_shows_how_far_the_fetch_has_come() {
    let source = Scripted::new([Step::Progressing(accounts())]);
    let mut rig = Rig::new(source);
    rig.key(KeyCode::Char('r'));
    let out = rig.settle().await;
    assert!(out.redraw);
    let screen = rig.h.screen();
    assert!(screen.contains("refreshing: accounts 2 of 5…"), "{screen}");
    loop {
        rig.settle().await;
        if !rig.h.app.loads.busy() {
            break;
        }
    }
    assert_eq!(rig.h.app.progress, None);
    let screen = rig.h.screen();
    assert!(
        !screen.contains("refreshing") && screen.contains("test data"),
        "{screen}"
    );
}

/// The screen at 200 columns, where a long status line fits.
fn wide(rig: &mut Rig) -> String {
    use ratatui::{backend::TestBackend, Terminal};
    rig.h.terminal = Terminal::new(TestBackend::new(200, 24)).unwrap();
    rig.h.draw()
}

#[tokio::test]
async fn a_refresh_during_a_load_is_queued_and_runs_after_it() {
    let mut newer = accounts();
    newer.truncate(100);
    let source = Scripted::new([Step::Answer(accounts()), Step::Answer(newer)]);
    let mut rig = Rig::new(source.clone());
    assert_eq!(rig.key(KeyCode::Char('r')).effect, Some(Effect::Load(1)));
    assert_eq!(rig.key(KeyCode::Char('r')).effect, None, "queued");
    assert_eq!(rig.key(KeyCode::Char('r')).effect, None, "still one queued");
    assert!(rig.h.screen().contains("refreshing… (then again)"));
    // The first load ends: its result is superseded, the queued one starts.
    let out = rig.settle().await;
    assert_eq!(out.effect, Some(Effect::Load(2)));
    assert!(rig.h.screen().contains("demo data"), "load 1 was dropped");
    rig.settle().await;
    assert!(!rig.h.app.loads.busy() && !rig.h.app.loads.pending());
    assert_eq!(rig.h.app.portfolio().unwrap().accounts.len(), 100);
    assert_eq!(
        source.days.lock().unwrap().len(),
        2,
        "two fetches, not three"
    );
}

/// The cache comes first while the real load runs, but only when nothing
/// is shown yet and only for the load under way.
#[test]
fn the_cache_shows_while_the_first_load_runs() {
    let engine = Arc::new(Engine::new(Model::default()).unwrap());
    let mut app = App::new(
        engine.clone(),
        Keymap::new(&Default::default()),
        common::utc_clock(),
        common::clock(),
    );
    let request = match update(&mut app, Msg::Reload).effect {
        Some(Effect::Load(r)) => r,
        other => panic!("{other:?}"),
    };
    let cached = || Box::new(common::demo_data(&engine, common::clock()));
    let stale = update(
        &mut app,
        Msg::Preloaded {
            request: request + 1,
            data: cached(),
        },
    );
    assert_eq!(stale, Outcome::default());
    assert!(app.data.is_none(), "not for another load");
    assert!(
        update(
            &mut app,
            Msg::Preloaded {
                request,
                data: cached()
            }
        )
        .redraw
    );
    assert!(
        app.data.is_some() && app.loads.busy(),
        "shown, still loading"
    );
    let again = update(
        &mut app,
        Msg::Preloaded {
            request,
            data: cached(),
        },
    );
    assert_eq!(again, Outcome::default(), "never over data already shown");
}

#[test]
fn a_stale_result_is_dropped() {
    let mut h = Harness::new(80, 24);
    assert_eq!(h.key(KeyCode::Char('r')).effect, Some(Effect::Load(1)));
    let before = h.screen();
    for request in [0, 7] {
        let stale = update(
            &mut h.app,
            Msg::Loaded {
                request,
                result: Err(SourceError::Transport("late".into()).into()),
            },
        );
        assert_eq!(stale, Outcome::default(), "not drawn, nothing started");
    }
    assert!(h.app.failure.is_none() && h.app.loads.busy());
    assert_eq!(h.draw(), before);
}

#[test]
fn a_reload_of_shuffled_data_keeps_the_selected_account_and_the_open_view() {
    let mut h = Harness::new(80, 24);
    for _ in 0..30 {
        h.key(KeyCode::Char('j'));
    }
    let id = {
        let p = h.app.portfolio().unwrap();
        p.accounts[h.app.selected_account().unwrap()].id.clone()
    };
    let row = h.app.selected;
    h.key(KeyCode::Enter);
    // New data: other accounts removed, the rest in reverse order.
    let mut accounts: Vec<Account> = Demo::new(300, today())
        .accounts()
        .into_iter()
        .enumerate()
        .filter(|(i, a)| i % 3 != 0 || a.id == id)
        .map(|(_, a)| a)
        .collect();
    accounts.reverse();
    let engine = h.app.engine.clone();
    let as_of = h.app.data.as_ref().unwrap().as_of;
    h.key(KeyCode::Char('r'));
    update(
        &mut h.app,
        Msg::Loaded {
            request: 1,
            result: Ok(Data {
                engine: engine.clone(),
                portfolio: Portfolio::new(&engine, accounts, as_of.day).into(),
                origin: orienteer::source::Origin::live("demo data"),
                fetched_at: clock(),
                as_of,
                warnings: Vec::new(),
                mapping: Vec::new(),
            }),
        },
    );
    h.draw();
    let Screen::Account(view) = &h.app.screen else {
        panic!("the account view stays open")
    };
    assert_eq!(view.detail.item.id, id.as_str());
    h.key(KeyCode::Esc);
    let p = h.app.portfolio().unwrap();
    assert_eq!(p.accounts[h.app.selected_account().unwrap()].id, id);
    assert_ne!(
        h.app.selected, row,
        "the row moved; the selection followed it"
    );
}

#[tokio::test]
async fn past_midnight_the_tick_reloads_and_the_numbers_move_a_day() {
    let source = Scripted::new([Step::Answer(accounts())]);
    let mut rig = Rig::new(source.clone());
    // The harness shows the demo as of 2026-11-23; reload it as fixed data.
    let days_left = |rig: &Rig| {
        let p = rig.h.app.portfolio().unwrap();
        let i = p.find("D000010").unwrap();
        let row = watch_item(&rig.h.app.engine, &p.accounts[i], &p.evals[i], p.now);
        row.days_to_renewal.unwrap()
    };
    let before = days_left(&rig);

    // A tick on the same day only redraws the age.
    let same_day = clock() + Days::hours(10);
    let out = update(&mut rig.h.app, Msg::Tick(same_day));
    assert_eq!(out.effect, None);

    let next_day = today().succ_opt().unwrap();
    let after_midnight = next_day.and_hms_opt(0, 0, 30).unwrap().and_utc();
    let out = update(&mut rig.h.app, Msg::Tick(after_midnight));
    assert_eq!(
        out.effect,
        Some(Effect::Load(1)),
        "a new day: evaluate again"
    );
    rig.run(&out);
    let again = update(&mut rig.h.app, Msg::Tick(after_midnight));
    assert_eq!(again.effect, None, "one reload, not one per tick");
    rig.settle().await;
    assert_eq!(source.days.lock().unwrap()[..], [next_day]);
    let data = rig.h.app.data.as_ref().unwrap();
    assert_eq!(data.as_of.day, next_day);
    assert_eq!(days_left(&rig), before - 1, "one day closer to renewal");
    assert!(rig.h.screen().contains("as of 2026-11-24 00:00 UTC"));
    assert_eq!(utc_clock().day(after_midnight), next_day);
}

#[tokio::test]
async fn a_first_load_that_fails_says_so_in_the_list_and_in_i() {
    let source = Scripted::new([Step::Fail(SourceError::Transport(
        "connection refused".into(),
    ))]);
    let mut rig = Rig::new(source);
    // A first run: nothing cached, nothing shown yet.
    rig.h.app.data = None;
    let screen = rig.h.draw();
    assert!(screen.contains("Loading the accounts…"), "{screen}");
    rig.key(KeyCode::Char('r'));
    rig.settle().await;
    let screen = rig.h.draw();
    assert!(
        screen.contains("No data: the load failed (network). r tries again · i shows why."),
        "{screen}"
    );
    rig.key(KeyCode::Char('i'));
    let screen = rig.h.draw();
    assert!(screen.contains("none: the load failed"), "{screen}");
    assert!(!screen.contains("first load is running"), "{screen}");
}
