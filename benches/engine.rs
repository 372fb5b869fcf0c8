//! Speed of the things a CSM waits on, with 100,000 demo accounts:
//! evaluating the portfolio, re-filtering on a keystroke, drawing a frame.
//!
//! cargo bench --bench engine

use chrono::{NaiveDate, TimeZone, Utc};
use divan::Bencher;
use orienteer::app::load::evaluate_portfolio;
use orienteer::clock::{Clock, Zone};
use orienteer::domain::portfolio::{Filter, Portfolio, SortKey};
use orienteer::domain::tracking::Recordable;
use orienteer::domain::{Engine, Model};
use orienteer::keymap::Keymap;
use orienteer::source::demo::Demo;
use orienteer::tui::state::{App, Data};
use orienteer::tui::theme::Theme;
use orienteer::tui::views;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::sync::{Arc, OnceLock};

const SIZE: usize = 100_000;

fn main() {
    divan::main();
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn engine() -> Arc<Engine> {
    Arc::new(Engine::new(Model::default()).unwrap())
}

fn portfolio() -> &'static Portfolio {
    static P: OnceLock<Portfolio> = OnceLock::new();
    P.get_or_init(|| {
        let p = evaluate_portfolio(&engine(), Demo::new(SIZE, today()).accounts(), today());
        p.prepare_filter();
        p
    })
}

/// Health, milestones, alerts and plays for every account.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn evaluate_100k(bencher: Bencher) {
    let engine = engine();
    let accounts = Demo::new(SIZE, today()).accounts();
    bencher
        .with_inputs(|| accounts.clone())
        .bench_local_values(|accounts| evaluate_portfolio(&engine, accounts, today()));
}

/// Which milestones a book tracks, once per load: 100,000 accounts from a
/// portal that maps the onboarding milestones and records nothing later
/// (the worst case: every later milestone is looked for in every account).
#[divan::bench(sample_count = 10)]
fn for_book_100k(bencher: Bencher) {
    let engine = engine();
    let onboarding = ["kickoff", "admin_setup", "users_added", "first_value"];
    let mut accounts = Demo::new(SIZE, today()).accounts();
    for a in &mut accounts {
        a.milestones.retain(|k, _| onboarding.contains(&k.as_str()));
    }
    let portal = Recordable::Named {
        ids: onboarding.iter().map(|s| s.to_string()).collect(),
        hint: String::new(),
    };
    bencher.bench_local(|| engine.for_book(&portal, &accounts));
}

/// One keystroke in the filter prompt: re-filter the sorted order.
#[divan::bench(args = ["n", "north", "zz-no-match"])]
fn filter_keystroke_100k(bencher: Bencher, text: &str) {
    let p = portfolio();
    let order = p.sorted(SortKey::Health);
    let filter = Filter {
        text: text.into(),
        ..Filter::default()
    };
    bencher.bench_local(|| p.filter(&order, &filter));
}

/// `s`: re-sort the whole portfolio by the next key, then filter.
#[divan::bench(args = SortKey::ALL)]
fn sort_keystroke_100k(bencher: Bencher, key: SortKey) {
    let p = portfolio();
    let filter = Filter::default();
    bencher.bench_local(|| p.filter(&p.sorted(key), &filter));
}

fn app() -> App {
    let engine = engine();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let clock = Clock::new(Zone::Named(chrono_tz::UTC), None);
    let mut app = App::new(engine.clone(), Keymap::new(&Default::default()), clock, now);
    let accounts = Demo::new(SIZE, today()).accounts();
    app.set_data(Data {
        engine: engine.clone(),
        portfolio: evaluate_portfolio(&engine, accounts, today()).into(),
        origin: orienteer::source::Origin::live("demo data"),
        fetched_at: now,
        as_of: clock.as_of(now),
        warnings: Vec::new(),
        mapping: Vec::new(),
    });
    app
}

/// Times drawing one frame of `app` at 160x48.
fn draw_160x48(bencher: Bencher, app: &App) {
    let theme = Theme {
        color: true,
        ascii: false,
    };
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    bencher.bench_local(|| {
        terminal
            .draw(|f| {
                views::render(app, &theme, f);
            })
            .map(|_| ())
    });
}

/// One frame of the watch list at 160x48.
#[divan::bench(sample_count = 200)]
fn draw_list_160x48(bencher: Bencher) {
    draw_160x48(bencher, &app());
}

/// One frame of the account view at 160x48.
#[divan::bench(sample_count = 200)]
fn draw_account_160x48(bencher: Bencher) {
    let mut app = app();
    app.open(app.visible[0] as usize);
    draw_160x48(bencher, &app);
}
