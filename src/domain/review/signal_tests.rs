//! Signal analysis tables: mirror and twin signals folded into one row,
//! and risks ranked above protections at equal evidence.

use super::signals::{analyse, Signal, SignalKind};
use super::stats::LogFactorials;
use super::Look;
use crate::domain::engine::Engine;
use crate::domain::milestone::MilestoneStatus;
use crate::domain::model::Model;
use crate::domain::vocab::{AlertKind, Band, StageIx};

/// 20 closed accounts, `c0`..`c9` churned and `r0`..`r9` renewed, with
/// nothing at the horizon but what `mark` sets.
fn looks(mark: impl Fn(&str, &mut Look)) -> Vec<Look> {
    let engine = Engine::new(Model::default()).unwrap();
    let n = engine.model.milestones.len();
    let ids = (0..10)
        .map(|i| format!("c{i}"))
        .chain((0..10).map(|i| format!("r{i}")));
    ids.map(|id| {
        let mut l = Look {
            id: id.as_str().into(),
            churned: id.starts_with('c'),
            stage: StageIx::new(0),
            score: None,
            band: Band::Unknown,
            values: [None; 5],
            alerts: 0,
            milestones: vec![MilestoneStatus::Pending; n],
        };
        mark(&id, &mut l);
        l
    })
    .collect()
}

/// The signals but the bands: every look here is in band "unknown",
/// a signal all accounts show.
fn analysed(looks: &[Look]) -> Vec<Signal> {
    let engine = Engine::new(Model::default()).unwrap();
    let all = analyse(&engine, looks, &LogFactorials::new(looks.len()));
    all.into_iter()
        .filter(|s| s.kind != SignalKind::Band)
        .collect()
}

fn raise(l: &mut Look, kind: AlertKind) {
    l.alerts |= 1 << kind as u32;
}

fn in_set(id: &str, set: &[&str]) -> bool {
    set.contains(&id)
}

const FIRST_VALUE: usize = 4;
const KICKOFF: usize = 0;

#[test]
fn signals_with_the_same_accounts_are_one_row() {
    // First value missed and the milestone_overdue alert on the same
    // eight accounts (7 churned): one finding, named by the milestone.
    let set = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "r0"];
    let looks = looks(|id, l| {
        if in_set(id, &set) {
            l.milestones[FIRST_VALUE] = MilestoneStatus::Overdue;
            raise(l, AlertKind::MilestoneOverdue);
        }
    });
    let signals = analysed(&looks);
    assert_eq!(signals.len(), 1, "{signals:#?}");
    let s = &signals[0];
    assert_eq!(s.label(), "first_value missed");
    assert_eq!(s.same_as_label(), "milestone_overdue raised");
    assert_eq!(s.with.accounts, 8);
    let json = serde_json::to_value(s).unwrap();
    assert_eq!(
        json["same_as"],
        serde_json::json!(["alert milestone_overdue raised"])
    );
}

#[test]
fn a_signal_and_its_exact_complement_are_one_row_named_by_the_risk() {
    // Every account reached first value either on time or not at all:
    // "on time" (protective) mirrors "missed" (the risk), which is kept.
    let missed = ["c0", "c1", "c2", "c3", "c4", "c5", "r0", "r1"];
    let looks = looks(|id, l| {
        l.milestones[FIRST_VALUE] = if in_set(id, &missed) {
            MilestoneStatus::Overdue
        } else {
            MilestoneStatus::Done
        };
    });
    let signals = analysed(&looks);
    assert_eq!(signals.len(), 1, "{signals:#?}");
    let s = &signals[0];
    assert_eq!(s.label(), "first_value missed");
    assert!(s.is_risk());
    assert_eq!(s.same_as_label(), "not first_value on_time");
    let json = serde_json::to_value(s).unwrap();
    assert_eq!(
        json["same_as"],
        serde_json::json!(["not milestone first_value on_time"])
    );
    // Kept with its own accounts and counts.
    assert_eq!(s.accounts.len(), 8);
    assert_eq!((s.with.churned, s.without.churned), (6, 4));
}

#[test]
fn signals_that_only_overlap_are_both_listed() {
    let looks = looks(|id, l| {
        if in_set(id, &["c0", "c1", "c2", "r0", "r1"]) {
            raise(l, AlertKind::ChampionLeft);
        }
        if in_set(id, &["c0", "c1", "c2", "r0", "r2"]) {
            raise(l, AlertKind::UsageDecline);
        }
    });
    let signals = analysed(&looks);
    assert_eq!(signals.len(), 2, "{signals:#?}");
    assert!(signals.iter().all(|s| s.same_as.is_empty()));
}

#[test]
fn at_equal_evidence_a_risk_ranks_above_a_protection() {
    // Champion left on 8 churned and 2 renewed accounts (a risk);
    // kickoff on time on 2 churned and 8 renewed others (a protection).
    // The tables mirror each other: the same p-value and effect size.
    let looks = looks(|id, l| {
        let n: usize = id[1..].parse().unwrap();
        let churned = id.starts_with('c');
        if (churned && n < 8) || (!churned && n < 2) {
            raise(l, AlertKind::ChampionLeft);
        }
        if (churned && n < 2) || (!churned && n >= 2) {
            l.milestones[KICKOFF] = MilestoneStatus::Done;
        }
    });
    let signals = analysed(&looks);
    let labels: Vec<String> = signals.iter().map(Signal::label).collect();
    assert_eq!(labels, ["champion_left raised", "kickoff on_time"]);
    assert_eq!(signals[0].p_value, signals[1].p_value);
    assert!(signals[0].is_risk() && !signals[1].is_risk());
}
