//! The list's light row and the JSON twin's line say the same, and the
//! recorded milestones are matched to the model's by id in one pass.

use super::{ago, base, day, event, not_started, renewing, NOW};
use crate::domain::account::FieldProblem;
use crate::domain::report::{watch_item, watch_row};
use crate::domain::{Engine, Model};

#[test]
fn every_cell_the_list_draws_is_the_watch_items() {
    let engine = Engine::new(Model::default()).unwrap();
    let now = day(NOW);
    let mut troubled = renewing(not_started(base()));
    troubled.name = "Acme\u{7}  Corp".into();
    troubled.owner = Some("Dana".into());
    troubled.arr = None;
    troubled.field_problems.push(FieldProblem {
        field: "arr".into(),
        property: "arr_usd".into(),
        value: "n/a".into(),
        expected: "a number".into(),
    });
    troubled
        .events
        .push(event("champion_left", 3, "Pat\u{1b}[31m"));
    let mut quiet = base();
    quiet.arr = Some(120_000.456);
    for a in [troubled, quiet] {
        let e = engine.evaluate(&a, now);
        let row = watch_row(&engine, &a, &e, now);
        let item = watch_item(&engine, &a, &e, now);
        assert_eq!(row.name, item.name);
        assert_eq!(row.owner.as_deref(), item.owner.as_deref());
        assert_eq!(row.stage_title, item.stage_title);
        assert_eq!(row.health, item.health);
        assert_eq!(row.arr, item.arr);
        assert_eq!(row.arr_bad, item.arr.is_none() && item.bad_value("arr"));
        assert_eq!(row.days_to_renewal, item.days_to_renewal);
        assert_eq!(row.risk_alerts, item.risk_alerts);
        assert_eq!(row.overdue_milestones, item.overdue_milestones);
        assert_eq!(row.attention.why(), item.attention.why);
        assert_eq!(
            row.first_alert.map(|x| x.message(&engine)),
            item.alerts.first().map(|x| x.message.clone())
        );
        assert_eq!(
            row.next_play,
            item.recommended_plays.first().map(|p| p.title.as_str())
        );
    }
}

#[test]
fn recorded_milestones_are_matched_by_id_among_unknown_ones() {
    let engine = Engine::new(Model::default()).unwrap();
    let mut a = not_started(base());
    // Ids the model does not know, sorting before, between and after its own.
    for id in ["aaa", "first_value", "kickoff", "m", "renewal_qbr", "zzz"] {
        a.milestones.insert(id.into(), ago(10));
    }
    let done = engine.completions(&a);
    for (def, c) in engine.model.milestones.iter().zip(&done) {
        let recorded = a.milestones.get(def.id.as_str()).copied();
        assert_eq!(c.at, recorded, "{}", def.id);
    }
    assert!(done.iter().filter(|c| c.at.is_some()).count() == 3);
}
