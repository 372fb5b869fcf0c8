//! The watch list's sorts and filters, checked on the order itself.

use chrono::NaiveDate;
use orienteer::domain::portfolio::{Filter, Portfolio, SortKey};
use orienteer::domain::{Band, Engine, Inbox, Model, Severity};
use orienteer::source::demo::Demo;
use proptest::prelude::*;
use std::sync::OnceLock;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn portfolio() -> &'static Portfolio {
    static P: OnceLock<Portfolio> = OnceLock::new();
    P.get_or_init(|| {
        let engine = Engine::new(Model::default()).unwrap();
        Portfolio::new(&engine, Demo::new(600, today()).accounts(), today())
    })
}

/// The sort key of account `i` as the watch list orders it: smaller first.
fn key(p: &Portfolio, sort: SortKey, i: usize) -> (f64, String) {
    let a = &p.accounts[i];
    let e = &p.evals[i];
    let name = a.name.to_lowercase();
    let weight = |s: Severity| match s {
        Severity::Critical => 1e6,
        Severity::Warning => 1e3,
        Severity::Info => 1.0,
        Severity::Positive => 0.0,
    };
    let first = match sort {
        // The inbox's groups first (needs you, handled, quiet), then the
        // most points.
        SortKey::Attention => {
            let group = match e.inbox() {
                Inbox::NeedsYou => 0.0,
                Inbox::Handled => 1.0,
                Inbox::Quiet => 2.0,
            };
            group * 1e12 - e.attention.score
        }
        SortKey::Overdue => -(e.overdue_milestones as f64),
        SortKey::Health => e.health.score().map_or(f64::NEG_INFINITY, |s| s),
        SortKey::Renewal => a
            .renewal_date
            .map_or(f64::INFINITY, |d| (d - today()).num_days() as f64),
        SortKey::Arr => -a.arr.unwrap_or(0.0),
        SortKey::Name => 0.0,
        SortKey::Alerts => -e.alerts.iter().map(|a| weight(a.severity)).sum::<f64>(),
    };
    (first, name)
}

#[test]
fn every_sort_orders_by_its_key_then_by_name() {
    let p = portfolio();
    for sort in SortKey::ALL {
        let order = p.sorted(sort);
        assert!(order.len() > 400, "{sort}: {} open accounts", order.len());
        for pair in order.windows(2) {
            let (a, b) = (pair[0] as usize, pair[1] as usize);
            let (ka, kb) = (key(p, sort, a), key(p, sort, b));
            assert!(
                ka.0 < kb.0 || (ka.0 == kb.0 && ka.1 <= kb.1),
                "{sort}: {} {ka:?} before {} {kb:?}",
                p.accounts[a].id,
                p.accounts[b].id
            );
        }
        // The orders really differ: each key is read.
        if sort != SortKey::Health {
            assert_ne!(order, p.sorted(SortKey::Health), "{sort}");
        }
        // Reversed is the same order turned around.
        let mut reversed = p.sorted_by(sort, true);
        reversed.reverse();
        assert_eq!(reversed, order, "{sort} reversed");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Typing one more character narrows the rows already shown; that
    /// gives the same rows, in the same order, as filtering from scratch.
    #[test]
    fn narrowing_the_filter_equals_filtering_from_scratch(
        text in "[a-z ]{0,6}",
        next in "[a-z]",
        sort in 0..SortKey::ALL.len(),
        band in prop::option::of(0..4usize),
    ) {
        let p = portfolio();
        let order = p.sorted(SortKey::ALL[sort]);
        let mut filter = Filter {
            text,
            bands: band.map(|b| vec![Band::LISTED[b]]).unwrap_or_default(),
            ..Filter::default()
        };
        let shown = p.filter(&order, &filter);
        filter.text.push_str(&next);
        let narrowed = p.filter(&shown, &filter);
        let scratch = p.filter(&order, &filter);
        prop_assert_eq!(narrowed, scratch);
    }
}

/// The name sort is `to_lowercase` order, then id, for ASCII names and
/// others alike, mixed (the ASCII ones are compared without a new string).
#[test]
fn name_sort_is_lowercase_order_then_id() {
    use orienteer::domain::account::Account;
    let engine = Engine::new(Model::default()).unwrap();
    let names = [
        "beta", "Alpha", "Éclair", "éclair", "alpha", "Ωmega", "ωmega", "Zeta", "zeta", "ÄBC",
        "äbc", "abc", "ABD", "a", "Ab", "Straße", "STRASSE", "ΣΑΣ", "σας", "[x]", "_x", "~",
    ];
    let accounts: Vec<Account> = names
        .iter()
        .enumerate()
        .map(|(i, name)| Account {
            // Ids in reverse, so that a tie is not settled by position.
            id: format!("N{:02}", names.len() - i).into(),
            name: (*name).into(),
            ..Account::default()
        })
        .collect();
    let p = Portfolio::new(&engine, accounts, today());
    let got: Vec<&str> = p
        .sorted(SortKey::Name)
        .iter()
        .map(|&i| p.accounts[i as usize].name.as_str())
        .collect();
    let mut want: Vec<(String, String, &str)> = p
        .accounts
        .iter()
        .map(|a| (a.name.to_lowercase(), a.id.to_string(), a.name.as_str()))
        .collect();
    want.sort();
    let want: Vec<&str> = want.iter().map(|w| w.2).collect();
    assert_eq!(got, want);
}
