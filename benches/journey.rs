//! Speed of the portfolio review with 100,000 demo accounts: cohorts, the
//! engagement heat map, the early-warning pass (every account evaluated
//! again as of yesterday), one step of the TUI's journey job and its last
//! part, the journey review of the closed accounts looked at.
//!
//! cargo bench --bench journey

use chrono::{Duration, NaiveDate};
use divan::Bencher;
use orienteer::app::load::evaluate_portfolio;
use orienteer::domain::journey::cohorts::{cohorts, CohortBy};
use orienteer::domain::journey::early_warning::changes;
use orienteer::domain::journey::heatmap::{heatmap, HeatBy};
use orienteer::domain::portfolio::Portfolio;
use orienteer::domain::review::{from_looks, look, Look, DEFAULT_HORIZON_DAYS};
use orienteer::domain::{Engine, Model};
use orienteer::source::demo::Demo;
use orienteer::tui::review::Journey;
use std::sync::{Arc, OnceLock};

const SIZE: usize = 100_000;

fn main() {
    divan::main();
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn engine() -> &'static Arc<Engine> {
    static E: OnceLock<Arc<Engine>> = OnceLock::new();
    E.get_or_init(|| Arc::new(Engine::new(Model::default()).unwrap()))
}

fn portfolio() -> &'static Portfolio {
    static P: OnceLock<Portfolio> = OnceLock::new();
    P.get_or_init(|| evaluate_portfolio(engine(), Demo::new(SIZE, today()).accounts(), today()))
}

/// Cohorts by contract-start month, with the owners' load.
#[divan::bench(sample_count = 10)]
fn cohorts_100k() -> usize {
    let p = portfolio();
    cohorts(engine(), &p.accounts, &p.evals, p.now, CohortBy::Start)
        .cohorts
        .len()
}

/// The heat map, a row per account and averaged per segment.
#[divan::bench(sample_count = 10, args = ["account", "segment"])]
fn heatmap_100k(by: &str) -> usize {
    let by = if by == "account" {
        HeatBy::Account
    } else {
        HeatBy::Segment
    };
    heatmap(&portfolio().accounts, today(), by).rows.len()
}

/// What changed since yesterday: every customer evaluated again, on one
/// thread (as the TUI's job and `orienteer changes` do).
#[divan::bench(sample_count = 5)]
fn changes_100k() -> usize {
    let p = portfolio();
    let since = p.now - Duration::days(1);
    changes(engine(), &p.accounts, &p.evals, since, p.now)
        .changes
        .len()
}

/// One step of the TUI's journey job (2,000 accounts: changes, cohorts and
/// heat map at once): how long a key can wait behind it.
#[divan::bench(sample_count = 20)]
fn journey_step(bencher: Bencher) {
    let p = portfolio();
    bencher
        .with_inputs(|| {
            let mut j = Journey::default();
            j.restart(p);
            j
        })
        .bench_local_refs(|j| j.step(1, engine(), p));
}

/// The journey job's last part: the review (signals, the health model's
/// AUC, the cross-validated weight fit) of the closed accounts its steps
/// looked at. It runs on the blocking pool, not between keys.
#[divan::bench(sample_count = 10)]
fn journey_review_finish(bencher: Bencher) {
    let p = portfolio();
    let looks: Vec<Look> = p
        .accounts
        .iter()
        .filter_map(|a| look(engine(), a, p.now, DEFAULT_HORIZON_DAYS))
        .collect();
    bencher.bench_local(|| {
        from_looks(engine(), &looks, p.now, DEFAULT_HORIZON_DAYS)
            .signals
            .len()
    });
}
