//! A portfolio built from parts (one per thread of a load) is the one
//! built in one go: the same sort keys, name ranks included, whatever the
//! split, with equal names and equal ids ranked by id, then position.

use super::{base, day, NOW};
use crate::domain::engine::Engine;
use crate::domain::model::Model;
use crate::domain::portfolio::{Part, Portfolio, SortKey};
use crate::domain::Account;

fn named(name: &str, id: &str) -> Account {
    let mut a = base();
    a.name = name.to_string();
    a.id = id.into();
    a
}

fn accounts() -> Vec<Account> {
    [
        ("Zeta", "z1"),
        ("acme", "a2"),
        ("Acme", "a1"),
        ("ACME", "a2"),
        ("Émile", "e1"),
        ("émile", "e0"),
        ("Beta", "b1"),
        ("acme", "a1"),
        ("Beta", "b1"),
        ("", "x"),
        ("Zeta", "z0"),
    ]
    .into_iter()
    .map(|(n, i)| named(n, i))
    .collect()
}

#[test]
fn parts_rank_names_as_one_portfolio_does() {
    let engine = Engine::new(Model::default()).unwrap();
    let now = day(NOW);
    // The rule, worked out here: (lower-case name, id, position).
    let all = accounts();
    let mut expected: Vec<u32> = (0..all.len() as u32).collect();
    expected.sort_by_key(|&i| {
        let a = &all[i as usize];
        (a.name.to_lowercase(), a.id.as_str().to_string(), i)
    });
    let whole = Portfolio::new(&engine, accounts(), now);
    assert_eq!(whole.sorted(SortKey::Name), expected);
    for size in 1..=all.len() {
        let parts = all
            .chunks(size)
            .map(|run| Part::evaluate(&engine, run, now))
            .collect();
        let joined = Portfolio::from_parts(accounts(), parts, now);
        for key in SortKey::ALL {
            assert_eq!(
                joined.sorted(key),
                whole.sorted(key),
                "{key}, parts of {size}"
            );
        }
        assert_eq!(joined.churned(), whole.churned());
        assert_eq!(joined.evals.len(), all.len());
    }
}

#[test]
fn no_parts_make_an_empty_portfolio() {
    let p = Portfolio::from_parts(Vec::new(), Vec::new(), day(NOW));
    assert!(p.is_empty());
    assert!(p.sorted(SortKey::Name).is_empty());
}
