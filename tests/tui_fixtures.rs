//! Snapshots of a small hand-built portfolio, so that a change to the demo
//! generator does not rewrite them, and one with colour, so that the
//! selection highlight and the band colours are checked.

mod common;

use chrono::{Days, NaiveDate};
use common::{today, Harness};
use crossterm::event::KeyCode;
use orienteer::domain::account::{Contact, Event, Point, Series};
use orienteer::domain::{Account, ContactRole, EventKind, Metric};

fn ago(days: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(days)).unwrap()
}

fn ahead(days: u64) -> NaiveDate {
    today().checked_add_days(Days::new(days)).unwrap()
}

fn steady(a: &mut Account, metric: Metric, from: u64, value: f32) {
    let p = Point {
        at: ago(from),
        value,
    };
    a.metrics.set(metric, Series::new(vec![p]));
}

fn account(id: &str, name: &str, start: u64, renewal: u64, arr: f64) -> Account {
    Account {
        id: id.into(),
        name: name.into(),
        owner: Some("Dana Reyes".into()),
        segment: Some("Mid-market".into()),
        contract_start: Some(ago(start)),
        renewal_date: Some(ahead(renewal)),
        arr: Some(arr),
        ..Account::default()
    }
}

/// Four accounts, one per story: usage falling with the champion gone,
/// onboarding never started, a healthy renewal, and no data at all.
fn fixtures() -> Vec<Account> {
    let mut slipping = account("F-1", "Acme Logistics", 400, 200, 120_000.0);
    for m in ["kickoff", "admin_setup", "users_added", "first_value"] {
        slipping.milestones.insert(m.into(), ago(390));
    }
    steady(&mut slipping, Metric::Licenses, 400, 100.0);
    steady(&mut slipping, Metric::SeatsAssigned, 400, 60.0);
    let usage = vec![
        Point {
            at: ago(60),
            value: 70.0,
        },
        Point {
            at: ago(5),
            value: 20.0,
        },
    ];
    slipping
        .metrics
        .set(Metric::ActiveUsers, Series::new(usage));
    slipping.events.push(Event {
        kind: EventKind::ChampionLeft,
        at: ago(4),
        detail: Some("Sam Ortiz".into()),
    });

    let mut stalled = account("F-2", "Bright Dental", 45, 320, 30_000.0);
    steady(&mut stalled, Metric::Licenses, 45, 50.0);
    steady(&mut stalled, Metric::SeatsAssigned, 45, 2.0);
    steady(&mut stalled, Metric::ActiveUsers, 45, 1.0);

    let mut renewing = account("F-3", "Cobalt Labs", 700, 60, 250_000.0);
    for m in ["kickoff", "admin_setup", "users_added", "first_value"] {
        renewing.milestones.insert(m.into(), ago(690));
    }
    renewing.milestones.insert("renewal_qbr".into(), ago(2));
    steady(&mut renewing, Metric::Licenses, 700, 200.0);
    steady(&mut renewing, Metric::SeatsAssigned, 700, 190.0);
    steady(&mut renewing, Metric::ActiveUsers, 700, 170.0);
    steady(&mut renewing, Metric::KeyFeatureAdoption, 700, 0.8);
    steady(&mut renewing, Metric::OutcomesAchieved, 700, 0.9);
    renewing.contacts.push(Contact {
        name: "Lee Park".into(),
        role: Some(ContactRole::ExecSponsor),
        email: None,
        last_seen: Some(ago(3)),
        as_of: Some(today()),
    });

    let unknown = Account {
        id: "F-4".into(),
        name: "Dune Retail".into(),
        ..Account::default()
    };
    vec![slipping, stalled, renewing, unknown]
}

#[test]
fn fixture_list_80x24_in_colour() {
    let mut h = Harness::with_accounts(fixtures(), 80, 24, true);
    h.key(KeyCode::Char('j'));
    insta::assert_snapshot!(h.styled_screen());
}

#[test]
fn fixture_account_80x24() {
    let mut h = Harness::with_accounts(fixtures(), 80, 24, false);
    h.chars("/acme");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    insta::assert_snapshot!(h.screen());
}

#[test]
fn fixture_list_120x40() {
    let h = Harness::with_accounts(fixtures(), 120, 40, false);
    insta::assert_snapshot!(h.screen());
}

/// A customer that churned 53 days ago, its usage having fallen and its
/// champion gone before the renewal.
fn churned() -> Account {
    let mut gone = account("F-5", "Elm Freight", 730, 0, 80_000.0);
    gone.renewal_date = Some(ago(53));
    gone.outcome = orienteer::domain::account::Outcome::Churned;
    gone.outcome_date = Some(ago(53));
    for m in ["kickoff", "admin_setup", "users_added", "first_value"] {
        gone.milestones.insert(m.into(), ago(700));
    }
    steady(&mut gone, Metric::Licenses, 730, 100.0);
    steady(&mut gone, Metric::SeatsAssigned, 730, 40.0);
    let usage = vec![
        Point {
            at: ago(300),
            value: 60.0,
        },
        Point {
            at: ago(200),
            value: 15.0,
        },
    ];
    gone.metrics.set(Metric::ActiveUsers, Series::new(usage));
    gone.events.push(Event {
        kind: EventKind::ChampionLeft,
        at: ago(160),
        detail: Some("Kim Lee".into()),
    });
    gone
}

#[test]
fn churned_account_opened_from_the_review_80x24() {
    let mut accounts = fixtures();
    accounts.push(churned());
    let mut h = Harness::with_accounts(accounts, 80, 24, false);
    h.app.finish_journey();
    // The Review screen, the first signal, its only account.
    h.key(KeyCode::Char('R'));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.starts_with("Elm Freight"), "{screen}");
    assert!(
        screen
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("churned on 2026-10-01 · "),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}
