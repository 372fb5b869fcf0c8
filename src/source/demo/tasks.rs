//! The demo's CRM tasks: a few open to-dos per account, some overdue and
//! some due today, most the account owner's, some a teammate's or
//! nobody's (a workflow's). Drawn from their own random stream, so the
//! rest of the demo book is the same with or without them.

use super::archetype::Archetype;
use super::names::OWNERS;
use super::plan::shift;
use super::rng::Rng;
use crate::domain::task::Task;
use crate::domain::vocab::{TaskPriority, TaskStatus};
use chrono::NaiveDate;

/// Mixed into the seed: the tasks' stream is not the account's.
const STREAM: u64 = 0x7A5C_0000_0000_0017;

/// What a CSM's to-do says, for an account of this story.
fn subjects(arch: Archetype) -> &'static [&'static str] {
    use Archetype::*;
    match arch {
        Onboarding | Surge => &["Schedule the training session", "Send the onboarding plan"],
        NotStarted | SlowStart => &["Book the kickoff call", "Chase the admin for SSO setup"],
        Slipping | Crash => &[
            "Review the usage drop with the champion",
            "Prepare a recovery plan",
        ],
        LowAdoption => &["Demo the reporting feature", "Share the adoption guide"],
        Turnover => &["Meet the new admin", "Find a new champion"],
        RenewalAtRisk | RenewalUnderused => {
            &["Send the renewal quote", "Book the exec sponsor meeting"]
        }
        RenewalBacklog => &["Escalate the open tickets", "Send the renewal quote"],
        RenewalReady | RenewalReview => &["Send the renewal quote", "Prepare the QBR deck"],
        _ => &["Quarterly check-in", "Prepare the QBR deck"],
    }
}

/// The open tasks of account `index`, owned mostly by `owner`.
pub(super) fn build(
    seed: u64,
    index: usize,
    arch: Archetype,
    owner: Option<&str>,
    today: NaiveDate,
) -> Vec<Task> {
    let mut rng = Rng::new(seed ^ STREAM, index as u64);
    let count = match arch {
        Archetype::Renewed | Archetype::Churned => 0,
        Archetype::Healthy | Archetype::Adopter | Archetype::Steady => rng.below(2),
        _ => 1 + rng.below(3),
    };
    let subjects = subjects(arch);
    (0..count)
        .map(|k| {
            let subject = subjects[rng.below(subjects.len() as u64) as usize];
            let who = match rng.below(20) {
                0..=14 => owner.map(str::to_string),
                15..=17 => Some(OWNERS[rng.below(OWNERS.len() as u64) as usize].to_string()),
                _ => None,
            };
            Task {
                id: format!("T{index:06}-{k}").into(),
                subject: subject.to_string(),
                due: Some(shift(today, rng.int(-10, 12))),
                status: match rng.below(4) {
                    0 => TaskStatus::InProgress,
                    _ => TaskStatus::NotStarted,
                },
                owner: who,
                priority: match rng.below(4) {
                    0 => None,
                    1 => Some(TaskPriority::Low),
                    2 => Some(TaskPriority::Medium),
                    _ => Some(TaskPriority::High),
                },
                follows: None,
                pending: None,
            }
        })
        .collect()
}
