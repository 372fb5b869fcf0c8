//! An account as it stood on a past day: only what was dated on or before
//! that day, with its outcome not yet known. The review evaluates closed
//! accounts through this, so nothing that happened after the horizon can
//! count as a signal.

use crate::domain::account::{Account, Outcome, Point, Series};
use crate::domain::vocab::Metric;
use chrono::NaiveDate;

fn clip(series: &Series, day: NaiveDate) -> Series {
    let points: Vec<Point> = series
        .points()
        .iter()
        .copied()
        .take_while(|p| p.at <= day)
        .collect();
    Series::from(points)
}

/// `account` as it stood on `day`, its renewal due on `renewal` (the
/// renewal whose outcome is being looked back on).
///
/// Kept: metric points, milestone completions, events, logged plays and
/// recorded scores dated on or before `day`; a stage the source gives only
/// if it is dated on or before `day` (an undated one may be today's); a
/// contact's last-seen date only if on or before `day`. Identity, owner,
/// segment, contract start and ARR are kept as they are.
pub(crate) fn as_it_stood(account: &Account, day: NaiveDate, renewal: NaiveDate) -> Account {
    let mut metrics = account.metrics.clone();
    for &m in Metric::ALL {
        let s = account.metrics.get(m);
        if s.points().last().is_some_and(|p| p.at > day) {
            metrics.set(m, clip(s, day));
        }
    }
    let mut contacts = account.contacts.clone();
    for c in &mut contacts {
        if c.last_seen.is_some_and(|s| s > day) {
            c.last_seen = None;
        }
    }
    Account {
        id: account.id.clone(),
        name: account.name.clone(),
        owner: account.owner.clone(),
        segment: account.segment.clone(),
        domain: account.domain.clone(),
        url: account.url.clone(),
        stage: account
            .stage
            .clone()
            .filter(|s| s.as_of.is_some_and(|a| a <= day)),
        contract_start: account.contract_start,
        renewal_date: Some(renewal),
        arr: account.arr,
        outcome: Outcome::Open,
        outcome_date: None,
        metrics,
        // Today's to-dos say nothing about a day in the past.
        tasks: Vec::new(),
        milestones: account
            .milestones
            .iter()
            .filter(|(_, d)| **d <= day)
            .map(|(k, d)| (k.clone(), *d))
            .collect(),
        events: account
            .events
            .iter()
            .filter(|e| e.at <= day)
            .cloned()
            .collect(),
        contacts,
        plays_logged: account
            .plays_logged
            .iter()
            .filter(|p| p.at <= day)
            .cloned()
            .collect(),
        field_problems: Vec::new(),
        recorded_scores: clip(&account.recorded_scores, day),
        snoozes: account
            .snoozes
            .iter()
            .filter(|s| s.at <= day)
            .cloned()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::{Contact, Event, Observed};
    use crate::domain::vocab::EventKind;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn nothing_dated_after_the_day_survives() {
        let mut a = Account {
            id: "A".into(),
            name: "A".into(),
            outcome: Outcome::Churned,
            outcome_date: Some(day("2026-06-01")),
            stage: Some(Observed::undated("established".into())),
            ..Account::default()
        };
        let pts = |d: &[&str]| {
            Series::new(
                d.iter()
                    .map(|d| Point {
                        at: day(d),
                        value: 1.0,
                    })
                    .collect(),
            )
        };
        a.metrics
            .set(Metric::ActiveUsers, pts(&["2026-01-01", "2026-03-02"]));
        a.milestones.insert("kickoff".into(), day("2026-01-01"));
        a.milestones.insert("first_value".into(), day("2026-03-02"));
        for at in ["2026-03-01", "2026-03-02"] {
            a.events.push(Event {
                kind: EventKind::ChampionLeft,
                at: day(at),
                detail: None,
            });
        }
        a.contacts.push(Contact {
            name: "Ann".into(),
            role: None,
            email: None,
            last_seen: Some(day("2026-05-01")),
            as_of: None,
        });
        let then = as_it_stood(&a, day("2026-03-01"), day("2026-06-01"));
        assert_eq!(then.metrics.get(Metric::ActiveUsers).points().len(), 1);
        assert_eq!(then.milestones.len(), 1);
        assert_eq!(then.events.len(), 1);
        assert_eq!(then.contacts[0].last_seen, None);
        assert_eq!(then.stage, None, "an undated stage may be today's");
        assert!(then.is_open());
        assert_eq!(then.renewal_date, Some(day("2026-06-01")));
    }
}
