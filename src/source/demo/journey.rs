//! Milestones reached and plays logged. Expected dates follow the default
//! model of DOMAIN.md; `licenses_20pct` is left to be derived from seats.

use super::archetype::Archetype;
use super::names::CHECK_IN_NOTES;
use super::plan::{shift, Plan};
use super::rng::Rng;
use crate::domain::account::{PlayLog, PlayOutcome};
use crate::domain::Model;
use crate::domain::{LogId, MilestoneId};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use Archetype::*;

/// How likely a milestone is reached late, and never.
#[derive(Clone, Copy)]
struct Odds {
    late: f64,
    miss: f64,
}

const FINE: Odds = Odds {
    late: 0.1,
    miss: 0.0,
};
const NEVER: Odds = Odds {
    late: 0.0,
    miss: 1.0,
};

fn odds(late: f64, miss: f64) -> Odds {
    Odds { late, miss }
}

/// When a milestone due on `due` was reached, as of `now`: on time (up to
/// five days early), late, or not at all. A late date still in the future
/// means "not yet", except for accounts that never miss, which were on time.
fn reach(rng: &mut Rng, plan: &Plan, due: NaiveDate, o: Odds) -> Option<NaiveDate> {
    if rng.chance(o.miss) {
        return None;
    }
    let on_time = shift(due, -rng.int(0, 5)).max(plan.start);
    let day = if rng.chance(o.late) {
        shift(due, rng.int(2, 25))
    } else {
        on_time
    };
    if day <= plan.end {
        Some(day)
    } else if o.miss == 0.0 && on_time <= plan.end {
        Some(on_time)
    } else {
        None
    }
}

/// The milestone ids of the default model, each allocated once and shared
/// by every demo account.
fn shared_id(id: &str) -> MilestoneId {
    static IDS: OnceLock<Vec<MilestoneId>> = OnceLock::new();
    let ids = IDS.get_or_init(|| {
        Model::default()
            .milestones
            .iter()
            .map(|m| m.id.clone())
            .collect()
    });
    ids.iter()
        .find(|known| known.as_str() == id)
        .cloned()
        .unwrap_or_else(|| MilestoneId::from(id))
}

pub(crate) fn milestones(rng: &mut Rng, plan: &Plan) -> BTreeMap<MilestoneId, NaiveDate> {
    let mut out = BTreeMap::new();
    let mut put = |id: &str, day: Option<NaiveDate>| {
        if let Some(day) = day {
            out.insert(shared_id(id), day);
        }
    };
    let arch = plan.arch;
    let s = plan.start;
    let struggling = matches!(arch, LowAdoption | Slipping | RenewalAtRisk | Churned);
    let early = match arch {
        NotStarted => NEVER,
        _ if struggling => odds(0.35, 0.0),
        _ => FINE,
    };
    match arch {
        SlowStart => {
            put("kickoff", Some(shift(s, 7 + rng.int(5, 20))));
            put(
                "admin_setup",
                reach(rng, plan, shift(s, 14), odds(0.6, 0.3)),
            );
            put(
                "users_added",
                reach(rng, plan, shift(s, 21), odds(0.5, 0.5)),
            );
        }
        _ => {
            for (id, days) in [("kickoff", 7), ("admin_setup", 14), ("users_added", 21)] {
                put(id, reach(rng, plan, shift(s, days), early));
            }
        }
    }
    let Some(first_value) = plan.first_value else {
        return out;
    };
    put("first_value", Some(first_value));
    if arch == NoData {
        // Without seat data the milestone cannot be derived: record it.
        put("licenses_20pct", reach(rng, plan, shift(s, 30), FINE));
    }
    let complete = if struggling { odds(0.4, 0.0) } else { FINE };
    put(
        "onboarding_complete",
        reach(rng, plan, shift(s, 90), complete),
    );

    let established: [Odds; 3] = match arch {
        Steady => [odds(0.3, 0.0), odds(0.3, 0.05), odds(0.3, 0.1)],
        LowAdoption => [odds(0.2, 0.0), odds(0.5, 0.0), NEVER],
        Slipping | RenewalAtRisk | Churned => [odds(0.3, 0.0), odds(0.5, 0.3), odds(0.3, 0.6)],
        _ => [FINE; 3],
    };
    let ids = ["regular_logins", "reports_adopted", "advanced_features"];
    for ((id, days), o) in ids.into_iter().zip([30, 60, 120]).zip(established) {
        put(id, reach(rng, plan, shift(first_value, days), o));
    }

    let renewal: [Odds; 3] = match arch {
        RenewalReady | Renewed => [odds(0.05, 0.0); 3],
        RenewalReview => [odds(0.3, 0.1); 3],
        RenewalBacklog => [odds(0.2, 0.0); 3],
        RenewalUnderused => [odds(0.2, 0.1); 3],
        RenewalAtRisk => [NEVER; 3],
        Churned => [odds(0.5, 0.5), NEVER, NEVER],
        // Not in the renewal window yet: reached only if due (never, here).
        _ => [FINE; 3],
    };
    let ids = ["renewal_qbr", "success_review", "renewal_confirmed"];
    for ((id, days), o) in ids.into_iter().zip([60, 45, 30]).zip(renewal) {
        put(id, reach(rng, plan, shift(plan.renewal, -days), o));
    }
    out
}

fn log(play: &str, outcome: PlayOutcome, at: NaiveDate, note: &str) -> PlayLog {
    PlayLog {
        // Unique within the account; `plays` makes it unique overall.
        id: LogId::default(),
        play_id: play.into(),
        outcome,
        at,
        note: note.to_string(),
        follow_up: None,
        prompted_by: None,
        state: None,
        error: None,
    }
}

/// Plays already logged. None of them hides a recommendation the story of
/// the account calls for: a done play is logged only after its follow-up.
/// `id` is the account's id, which the logs' ids start with.
pub(crate) fn plays(rng: &mut Rng, plan: &Plan, id: &str) -> Vec<PlayLog> {
    let mut out = Vec::new();
    let check_in = if plan.arch.is_closed() { 0.2 } else { 0.3 };
    if rng.chance(check_in) {
        let at = shift(plan.end, -rng.int(5, 80));
        let note = *rng.pick(&CHECK_IN_NOTES);
        if at >= plan.start {
            out.push(log("check-in", PlayOutcome::Done, at, note));
        }
    }
    let open_play = match plan.arch {
        NotStarted => Some("onboarding-kickstart"),
        Slipping => Some("escalate-poor-health"),
        RenewalAtRisk => Some("win-back"),
        _ => None,
    };
    if let Some(play) = open_play.filter(|_| rng.chance(0.5)) {
        let at = shift(plan.end, -rng.int(1, 5)).max(plan.start);
        if rng.chance(0.5) {
            out.push(log(play, PlayOutcome::NoAnswer, at, "Left a voicemail"));
        } else {
            let mut l = log(play, PlayOutcome::Rescheduled, at, "Moved to next week");
            // Most follow-ups are ahead; some are due today or overdue.
            l.follow_up = Some(shift(plan.end, rng.int(-2, 7)).max(shift(at, 1)));
            out.push(l);
        }
    }
    let closing = match plan.arch {
        Renewed => Some(("business-review", rng.int(40, 80), "Renewal plan agreed")),
        Churned => Some(("win-back", rng.int(20, 60), "Win-back plan started")),
        _ => None,
    };
    if let Some((play, days, note)) = closing.filter(|_| rng.chance(0.6)) {
        out.push(log(play, PlayOutcome::Done, shift(plan.end, -days), note));
    }
    out.sort_by_key(|l| l.at);
    for (n, l) in out.iter_mut().enumerate() {
        l.id = LogId::from(format!("{id}-log{n}"));
    }
    out.shrink_to_fit();
    out
}
