//! Follow-ups due: a logged play's follow-up day has come and nothing was
//! logged for that play since.

use super::{ago, base, day, NOW};
use crate::domain::account::{PlayLog, PlayOutcome};
use crate::domain::engine::Engine;
use crate::domain::model::Model;
use crate::domain::play::follow_up_due;
use crate::domain::portfolio::{Filter, Portfolio};
use crate::domain::Account;
use chrono::NaiveDate;

fn log(play: &str, at: NaiveDate, follow_up: Option<NaiveDate>) -> PlayLog {
    PlayLog {
        id: format!("L-{play}-{at}").as_str().into(),
        play_id: play.into(),
        outcome: PlayOutcome::Rescheduled,
        at,
        note: String::new(),
        follow_up,
        prompted_by: None,
        state: None,
        error: None,
    }
}

fn with_logs(logs: Vec<PlayLog>) -> Account {
    let mut a = base();
    a.plays_logged = logs;
    a
}

fn after(days: u64) -> NaiveDate {
    day(NOW).checked_add_days(chrono::Days::new(days)).unwrap()
}

#[test]
fn a_follow_up_is_due_on_its_day_and_after_until_the_play_is_logged_again() {
    let now = day(NOW);
    // Table: logs, expected due day as of NOW.
    let cases: Vec<(&str, Vec<PlayLog>, Option<NaiveDate>)> = vec![
        ("no logs", vec![], None),
        ("no follow-up", vec![log("win-back", ago(3), None)], None),
        (
            "follow-up tomorrow",
            vec![log("win-back", ago(3), Some(after(1)))],
            None,
        ),
        (
            "follow-up today",
            vec![log("win-back", ago(3), Some(now))],
            Some(now),
        ),
        (
            "follow-up overdue",
            vec![log("win-back", ago(9), Some(ago(2)))],
            Some(ago(2)),
        ),
        (
            "logged again since: done",
            vec![
                log("win-back", ago(9), Some(ago(2))),
                log("win-back", ago(1), None),
            ],
            None,
        ),
        (
            "another play logged since does not count",
            vec![
                log("win-back", ago(9), Some(ago(2))),
                log("check-in", ago(1), None),
            ],
            Some(ago(2)),
        ),
        (
            "the earliest of several",
            vec![
                log("win-back", ago(9), Some(ago(2))),
                log("check-in", ago(8), Some(ago(5))),
            ],
            Some(ago(5)),
        ),
        (
            "a log after the day asked about is not seen",
            vec![log("win-back", after(2), Some(after(3)))],
            None,
        ),
    ];
    for (what, logs, want) in cases {
        assert_eq!(follow_up_due(&with_logs(logs), now), want, "{what}");
    }
    // The same account on another day: the day is an argument.
    let a = with_logs(vec![log("win-back", ago(3), Some(after(2)))]);
    assert_eq!(follow_up_due(&a, now), None);
    assert_eq!(follow_up_due(&a, after(2)), Some(after(2)));
    assert_eq!(follow_up_due(&a, after(5)), Some(after(2)));
}

#[test]
fn the_follow_up_filter_keeps_only_accounts_with_one_due() {
    let engine = Engine::new(Model::default()).unwrap();
    let mut due = with_logs(vec![log("win-back", ago(9), Some(ago(1)))]);
    due.id = "due".into();
    let mut later = with_logs(vec![log("win-back", ago(2), Some(after(3)))]);
    later.id = "later".into();
    let mut none = base();
    none.id = "none".into();
    let p = Portfolio::new(&engine, vec![due, later, none], day(NOW));
    let filter = Filter {
        follow_up_due: true,
        ..Filter::default()
    };
    let shown: Vec<&str> = p
        .filter(&p.sorted(Default::default()), &filter)
        .iter()
        .map(|&i| p.accounts[i as usize].id.as_str())
        .collect();
    assert_eq!(shown, ["due"]);
    assert_eq!(
        p.filter(&p.sorted(Default::default()), &Filter::default())
            .len(),
        3
    );
}

#[test]
fn the_due_follow_up_names_its_play_and_how_long_it_has_been_due() {
    use crate::domain::follow_up::due_follow_up;
    let now = day(NOW);
    // Table: logs, the Why of the follow-ups view, the account view's line.
    let cases = [
        (
            vec![log("win-back", ago(9), Some(ago(2)))],
            Some((
                "win-back due 2d ago",
                "Follow-up due 2d ago: win-back (logged 11-14)",
            )),
        ),
        (
            vec![log("win-back", ago(7), Some(now))],
            Some((
                "win-back due today",
                "Follow-up due today: win-back (logged 11-16)",
            )),
        ),
        // The earliest of two due.
        (
            vec![
                log("check-in", ago(9), Some(ago(1))),
                log("win-back", ago(9), Some(ago(4))),
            ],
            Some((
                "win-back due 4d ago",
                "Follow-up due 4d ago: win-back (logged 11-14)",
            )),
        ),
        // Logged again: answered.
        (
            vec![
                log("win-back", ago(9), Some(ago(2))),
                log("win-back", ago(1), None),
            ],
            None,
        ),
        (vec![log("win-back", ago(2), Some(after(3)))], None),
    ];
    for (logs, want) in cases {
        let got = due_follow_up(&with_logs(logs.clone()), now);
        let got = got.as_ref().map(|f| (f.why(), f.headline()));
        let want = want.map(|(w, h)| (w.to_string(), h.to_string()));
        assert_eq!(got, want, "{logs:?}");
    }
    // In a narrow column the play's id is cut, not how long it is due.
    let f = due_follow_up(
        &with_logs(vec![log("escalate-poor-health", ago(9), Some(ago(2)))]),
        now,
    )
    .unwrap();
    assert_eq!(f.why_in(40), "escalate-poor-health due 2d ago");
    assert_eq!(f.why_in(20), "escalate… due 2d ago");
    assert_eq!(f.why_in(12), "escalate-po…");
}
