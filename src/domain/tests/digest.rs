//! The digest's sections, each a table of accounts with `now` passed in
//! (the portfolio's day) and `since` given.

use super::inbox::{after, falls_poor, log, logged, renews_in};
use super::{ago, base, day, event, NOW};
use crate::domain::digest::{digest, Digest};
use crate::domain::engine::Engine;
use crate::domain::journey::early_warning::changes;
use crate::domain::portfolio::{Portfolio, Shown, SortKey};
use crate::domain::vocab::Band;
use crate::domain::{Account, Model};
use chrono::NaiveDate;

/// `a` under id and name `id`.
fn named(id: &str, mut a: Account) -> Account {
    a.id = id.into();
    a.name = id.into();
    a
}

fn engine() -> Engine {
    Engine::new(Model::default()).unwrap()
}

/// The digest of every listed account of `accounts` as of [`NOW`] since `since`.
fn digest_of(accounts: Vec<Account>, since: NaiveDate) -> (Digest, Portfolio) {
    let engine = engine();
    let p = Portfolio::new(&engine, accounts, day(NOW));
    let rows = p.sorted_by(SortKey::Attention, false);
    (digest(&engine, Shown::bare(&p), &rows, since), p)
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<String> {
    items.iter().map(|i| id(i).to_string()).collect()
}

#[test]
fn changed_is_early_warning_over_the_same_accounts_since_the_day() {
    let champion_left = |days_ago| {
        let mut a = base();
        a.events.push(event("champion_left", days_ago, ""));
        a
    };
    let accounts = || {
        vec![
            named("steady", base()),
            named("left today", champion_left(0)),
            named("left 5d ago", champion_left(5)),
            named("fell 3d ago", falls_poor(base(), 3)),
        ]
    };
    type Case = (&'static str, NaiveDate, &'static [&'static str]);
    let cases: [Case; 4] = [
        ("since yesterday", ago(1), &["left today"]),
        (
            "since a week",
            ago(7),
            &["fell 3d ago", "left 5d ago", "left today"],
        ),
        ("since today: nothing", day(NOW), &[]),
        ("a day after now is clamped", after(3), &[]),
    ];
    let engine = engine();
    for (name, since, want) in cases {
        let (d, p) = digest_of(accounts(), since);
        let mut got = ids(&d.changed, |c| &c.id);
        got.sort();
        assert_eq!(got, want, "{name}");
        // The changes command's own list, in its order.
        let c = changes(&engine, &p.accounts, &p.evals, since, p.now);
        assert_eq!(d.changed, c.changes, "{name}");
        assert_eq!(d.since, since.min(p.now), "{name}");
    }
}

#[test]
fn woken_lists_handled_accounts_that_came_back_since_the_day() {
    let accounts = || {
        vec![
            named(
                "handled",
                logged(vec![log("win-back", ago(3), Some(after(4)))]),
            ),
            named(
                "follow-up today",
                logged(vec![log("win-back", ago(7), Some(day(NOW)))]),
            ),
            named(
                "follow-up 2d ago",
                logged(vec![log("check-in", ago(9), Some(ago(2)))]),
            ),
            named("champion left today", {
                let mut a = logged(vec![log("win-back", ago(5), Some(after(5)))]);
                a.events.push(event("champion_left", 0, ""));
                a
            }),
            named(
                "renewal near",
                renews_in(logged(vec![log("win-back", ago(10), Some(after(5)))]), 10),
            ),
        ]
    };
    type Case = (&'static str, NaiveDate, &'static [&'static str]);
    // A follow-up come due is the follow-ups' section's, not news.
    let cases: [Case; 4] = [
        ("since yesterday", ago(1), &["champion left today"]),
        (
            "since 3 days: the same news",
            ago(3),
            &["champion left today"],
        ),
        // Renewing in 10 days came within 14 days 4 days ago.
        (
            "since 5 days: the renewal too",
            ago(5),
            &["champion left today", "renewal near"],
        ),
        ("since today: nothing is new", day(NOW), &[]),
    ];
    for (name, since, want) in cases {
        let (d, p) = digest_of(accounts(), since);
        let mut got = ids(&d.woken, |w| &w.id);
        got.sort();
        assert_eq!(got, want, "{name}");
        for w in &d.woken {
            // The Why the list prints for the account.
            let h = p.evals[w.index].handled.as_ref().unwrap();
            assert!(h.woken_by.is_some(), "{name}: {}", w.id);
            assert_eq!(w.why, h.why(), "{name}");
        }
    }
    let (d, _) = digest_of(accounts(), ago(1));
    let whys: Vec<&str> = d.woken.iter().map(|w| w.why.as_str()).collect();
    assert_eq!(whys, ["champion left, new since handled"]);
    // The follow-up come due today is in its own section.
    assert!(d.follow_ups.iter().any(|f| f.id == "follow-up today"));
}

#[test]
fn follow_ups_due_today_and_overdue_most_overdue_first() {
    let accounts = vec![
        named("none", base()),
        named(
            "due in 3d",
            logged(vec![log("check-in", ago(2), Some(after(3)))]),
        ),
        named(
            "due today",
            logged(vec![log("win-back", ago(7), Some(day(NOW)))]),
        ),
        named(
            "5d overdue",
            logged(vec![log("check-in", ago(9), Some(ago(5)))]),
        ),
        named(
            "logged again",
            logged(vec![
                log("win-back", ago(9), Some(ago(2))),
                log("win-back", ago(1), None),
            ]),
        ),
        named(
            "two due",
            logged(vec![
                log("win-back", ago(12), Some(ago(1))),
                log("check-in", ago(10), Some(ago(4))),
            ]),
        ),
    ];
    let (d, _) = digest_of(accounts, ago(1));
    let got: Vec<(&str, String, i64, NaiveDate)> = d
        .follow_ups
        .iter()
        .map(|f| (f.id.as_str(), f.play.to_string(), f.days_overdue, f.due))
        .collect();
    assert_eq!(
        got,
        vec![
            ("5d overdue", "check-in".into(), 5, ago(5)),
            ("two due", "check-in".into(), 4, ago(4)),
            ("two due", "win-back".into(), 1, ago(1)),
            ("due today", "win-back".into(), 0, day(NOW)),
        ]
    );
    // The header counts accounts, by the same rule.
    assert_eq!(d.counts.follow_ups_due, 3);
}

#[test]
fn renewals_within_30_days_whose_health_is_not_good() {
    let poor = |days| falls_poor(renews_in(base(), days), 20);
    let accounts = vec![
        named("poor in 10d", poor(10)),
        named("good in 10d", renews_in(base(), 10)),
        named("poor in 30d", poor(30)),
        named("poor in 31d", poor(31)),
        named("poor today", poor(0)),
        named("poor yesterday", {
            let mut a = falls_poor(base(), 20);
            a.renewal_date = Some(ago(1));
            a
        }),
        named("no data in 5d", {
            let mut a = renews_in(base(), 5);
            a.metrics = Default::default();
            a
        }),
    ];
    let (d, p) = digest_of(accounts, ago(1));
    let got: Vec<(&str, i64, Band)> = d
        .renewals
        .iter()
        .map(|r| (r.id.as_str(), r.days, r.band))
        .collect();
    assert_eq!(
        got,
        vec![
            ("poor today", 0, Band::Poor),
            ("no data in 5d", 5, Band::Unknown),
            ("poor in 10d", 10, Band::Poor),
            ("poor in 30d", 30, Band::Poor),
        ]
    );
    // The good one is good (so it is left out for its band, not its day).
    let good = p.find("good in 10d").unwrap();
    assert_eq!(p.evals[good].health.band, Band::Good);
    for r in &d.renewals {
        assert_eq!(r.renewal_date, after(r.days as u64));
    }
}

#[test]
fn handled_since_the_day_latest_first() {
    let accounts = || {
        vec![
            named("today", logged(vec![log("check-in", day(NOW), None)])),
            named(
                "yesterday",
                logged(vec![log("win-back", ago(1), Some(after(6)))]),
            ),
            named("3d ago", logged(vec![log("win-back", ago(3), None)])),
            named("long ago", logged(vec![log("win-back", ago(30), None)])),
            named("nothing", base()),
        ]
    };
    let (d, _) = digest_of(accounts(), ago(1));
    let got: Vec<(&str, String, NaiveDate, NaiveDate, bool)> = d
        .handled
        .iter()
        .map(|h| {
            let r = &h.handled;
            (
                h.id.as_str(),
                r.play.to_string(),
                r.at,
                r.until,
                r.follow_up,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("today", "check-in".into(), day(NOW), after(7), false),
            ("yesterday", "win-back".into(), ago(1), after(6), true),
        ]
    );
    let (d, _) = digest_of(accounts(), ago(3));
    assert_eq!(ids(&d.handled, |h| &h.id), ["today", "yesterday", "3d ago"]);
}

#[test]
fn the_counts_are_the_headers_and_an_empty_selection_is_empty() {
    let accounts = vec![
        named("needs you", falls_poor(base(), 3)),
        named(
            "handled",
            logged(vec![log("win-back", ago(1), Some(after(6)))]),
        ),
        named(
            "woken",
            logged(vec![log("win-back", ago(7), Some(day(NOW)))]),
        ),
        named("quiet", base()),
    ];
    let engine = engine();
    let p = Portfolio::new(&engine, accounts, day(NOW));
    let rows = p.sorted_by(SortKey::Attention, false);
    let d = digest(&engine, Shown::bare(&p), &rows, ago(1));
    let s = Shown::bare(&p).summary(&rows);
    assert_eq!(
        (d.counts.need_you, d.counts.handled, d.counts.follow_ups_due),
        (s.need_you, s.handled, s.follow_ups_due)
    );
    assert_eq!(
        (d.counts.need_you, d.counts.handled, d.counts.follow_ups_due),
        (2, 1, 1)
    );
    assert_eq!(
        d.counts.phrase(),
        "2 need you · 1 handled · 1 follow-up due"
    );
    assert!(!d.is_empty());

    let none = digest(&engine, Shown::bare(&p), &[], ago(1));
    assert!(none.is_empty(), "{none:?}");
    assert_eq!(
        none.counts.phrase(),
        "0 need you · 0 handled · 0 follow-ups due"
    );
    assert_eq!((none.as_of, none.since), (day(NOW), ago(1)));
}
