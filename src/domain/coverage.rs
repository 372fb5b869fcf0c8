//! What the mapping misses: the milestones a book does not track and the
//! canonical data it does not record, with what that turns off (indicators
//! with no data, alerts that cannot fire). One function for every face:
//! `orienteer config check` builds it from the mapping alone
//! ([`Engine::for_mapping`]), a sync and the TUI's `i` from the book
//! ([`Engine::for_book`]).

use super::engine::Engine;
use super::tracking::Recorded;
use super::vocab::{AlertKind, Indicator, Metric};

/// The milestones of one stage that the book does not track.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StageGap {
    /// The stage's title, as the model names it.
    pub(crate) stage: String,
    pub(crate) milestones: Vec<String>,
}

/// What a book misses, from its engine and the data it records.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Coverage {
    /// Per stage, in model order, the milestones not tracked.
    pub(crate) untracked: Vec<StageGap>,
    /// Metrics missing where their indicator has no data at all, with
    /// those indicators.
    pub(crate) dark: (Vec<Metric>, Vec<Indicator>),
    /// Metrics missing where their indicator is scored from the rest.
    pub(crate) partial: (Vec<Metric>, Vec<Indicator>),
    /// Contract dates and ARR not recorded, with what each turns off.
    pub(crate) fields: Vec<(&'static str, &'static str)>,
    /// Alerts that have nothing to fire on.
    pub(crate) silent: Vec<AlertKind>,
    /// Whether the missing data is "not mapped" (a source with a field
    /// mapping) rather than "no data".
    pub(crate) by_mapping: bool,
}

/// Each indicator's inputs, and whether it has data with those recorded.
fn indicators(r: &Recorded) -> [(Indicator, Vec<Metric>, bool); 5] {
    use Metric::*;
    let has = |m| r.has(m);
    [
        (
            Indicator::BusinessOutcomes,
            vec![OutcomesAchieved],
            has(OutcomesAchieved),
        ),
        (
            Indicator::ProductEngagement,
            vec![ActiveUsers, Licenses, KeyFeatureAdoption],
            (has(ActiveUsers) && has(Licenses)) || has(KeyFeatureAdoption),
        ),
        (
            Indicator::ServiceUtilization,
            vec![SeatsAssigned, Licenses],
            has(SeatsAssigned) && has(Licenses),
        ),
        (
            // NPS or else CSAT: one of the two is enough.
            Indicator::CustomerSatisfaction,
            if has(Nps) || has(Csat) {
                vec![]
            } else {
                vec![Nps, Csat]
            },
            has(Nps) || has(Csat),
        ),
        (
            Indicator::SupportOperations,
            vec![OpenTickets, SlaBreaches, OverdueInvoices],
            has(OpenTickets) || has(SlaBreaches) || has(OverdueInvoices),
        ),
    ]
}

impl Coverage {
    /// What `engine` (narrowed to a book by [`Engine::for_book`] or
    /// [`Engine::for_mapping`]) and `recorded` leave out.
    pub(crate) fn new(engine: &Engine, recorded: &Recorded) -> Coverage {
        let mut untracked: Vec<StageGap> = Vec::new();
        for stage in engine.stages() {
            let def = engine.stage(stage);
            let milestones: Vec<String> = engine
                .untracked()
                .map(|m| engine.milestone(m))
                .filter(|m| m.stage == def.id)
                .map(|m| m.id.to_string())
                .collect();
            if !milestones.is_empty() {
                untracked.push(StageGap {
                    stage: def.title.clone(),
                    milestones,
                });
            }
        }
        let mut c = Coverage {
            untracked,
            by_mapping: recorded.by_mapping,
            ..Coverage::default()
        };
        for (indicator, inputs, on) in indicators(recorded) {
            let missing: Vec<Metric> = inputs.into_iter().filter(|m| !recorded.has(*m)).collect();
            if missing.is_empty() {
                continue;
            }
            let (metrics, names) = if on { &mut c.partial } else { &mut c.dark };
            for m in missing {
                if !metrics.contains(&m) {
                    metrics.push(m);
                }
            }
            names.push(indicator);
        }
        if !recorded.contract_start {
            c.fields.push((
                "contract_start",
                "milestones counted from it have no due date",
            ));
        }
        if !recorded.renewal_date {
            c.fields.push((
                "renewal_date",
                "the renewal window and days to renewal are unknown",
            ));
        }
        if !recorded.arr {
            c.fields.push(("arr", "attention does not weigh ARR"));
        }
        let kickoff_tracked = engine.kickoff.is_some_and(|k| engine.is_tracked(k));
        for (kind, on) in [
            (AlertKind::UsageDecline, recorded.has(Metric::ActiveUsers)),
            (
                AlertKind::LicenseUnderuse,
                recorded.has(Metric::SeatsAssigned) && recorded.has(Metric::Licenses),
            ),
            (AlertKind::SupportBacklog, recorded.has(Metric::OpenTickets)),
            (
                AlertKind::OnboardingNotStarted,
                kickoff_tracked && recorded.contract_start,
            ),
            (AlertKind::RenewalOverdue, recorded.renewal_date),
        ] {
            if !on {
                c.silent.push(kind);
            }
        }
        c
    }

    /// Nothing missing.
    #[cfg(test)]
    fn is_complete(&self) -> bool {
        self.untracked.is_empty()
            && self.dark.0.is_empty()
            && self.partial.0.is_empty()
            && self.fields.is_empty()
            && self.silent.is_empty()
    }

    /// The report in a few short lines, e.g. "3 established milestones and
    /// 3 pre-renewal milestones are not tracked; their alerts are off: …"
    /// and "not mapped: nps, csat (customer satisfaction has no data)".
    pub(crate) fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.untracked.is_empty() {
            let groups: Vec<String> = self
                .untracked
                .iter()
                .map(|g| {
                    let n = g.milestones.len();
                    let s = if n == 1 { "" } else { "s" };
                    format!("{n} {} milestone{s}", g.stage.to_lowercase())
                })
                .collect();
            let total: usize = self.untracked.iter().map(|g| g.milestones.len()).sum();
            let (verb, their) = if total == 1 {
                ("is", "its alerts are")
            } else {
                ("are", "their alerts are")
            };
            let ids: Vec<&str> = self
                .untracked
                .iter()
                .flat_map(|g| g.milestones.iter().map(String::as_str))
                .collect();
            out.push(format!(
                "{} {verb} not tracked; {their} off: {}",
                and(&groups),
                ids.join(", ")
            ));
        }
        let missing = if self.by_mapping {
            "not mapped"
        } else {
            "no account has"
        };
        let metric_ids = |ms: &[Metric]| ms.iter().map(|m| m.id()).collect::<Vec<_>>().join(", ");
        let titles = |is: &[Indicator]| {
            let t: Vec<String> = is.iter().map(|i| i.title().to_lowercase()).collect();
            and(&t)
        };
        if !self.dark.0.is_empty() {
            let verb = if self.dark.1.len() == 1 {
                "has"
            } else {
                "have"
            };
            out.push(format!(
                "{missing}: {} ({} {verb} no data)",
                metric_ids(&self.dark.0),
                titles(&self.dark.1)
            ));
        }
        if !self.partial.0.is_empty() {
            let verb = if self.partial.1.len() == 1 {
                "is"
            } else {
                "are"
            };
            out.push(format!(
                "{missing}: {} ({} {verb} scored without them)",
                metric_ids(&self.partial.0),
                titles(&self.partial.1)
            ));
        }
        if !self.fields.is_empty() {
            let parts: Vec<String> = self
                .fields
                .iter()
                .map(|(f, off)| format!("{f} ({off})"))
                .collect();
            out.push(format!("{missing}: {}", parts.join(", ")));
        }
        if !self.silent.is_empty() {
            let ids: Vec<&str> = self.silent.iter().map(|k| k.id()).collect();
            out.push(format!(
                "alerts with nothing to fire on: {}",
                ids.join(", ")
            ));
        }
        out
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::{Account, Point, Series};
    use crate::domain::model::Model;
    use crate::domain::tracking::Recordable;

    fn engine() -> Engine {
        Engine::new(Model::default()).unwrap()
    }

    fn named(ids: &[&str]) -> Recordable {
        Recordable::Named {
            ids: ids.iter().map(|s| s.to_string()).collect(),
            hint: "[source.milestones] {id}".into(),
        }
    }

    fn mapped(metrics: &[Metric]) -> Recorded {
        let mut r = Recorded::default();
        (r.by_mapping, r.contract_start, r.renewal_date, r.arr) = (true, true, true, true);
        for m in metrics {
            r.add(*m);
        }
        r
    }

    #[test]
    fn a_mapping_of_onboarding_milestones_says_the_later_stages_are_not_tracked() {
        use Metric::*;
        let onboarding = [
            "kickoff",
            "admin_setup",
            "users_added",
            "first_value",
            "onboarding_complete",
        ];
        let recorded = mapped(&[
            Licenses,
            SeatsAssigned,
            ActiveUsers,
            KeyFeatureAdoption,
            OutcomesAchieved,
            OpenTickets,
        ]);
        let e = engine().for_mapping(&named(&onboarding), &recorded);
        let lines = Coverage::new(&e, &recorded).lines();
        assert_eq!(
            lines[0],
            "3 established milestones and 3 pre-renewal milestones are not tracked; their \
             alerts are off: regular_logins, reports_adopted, advanced_features, renewal_qbr, \
             success_review, renewal_confirmed"
        );
        assert_eq!(
            lines[1],
            "not mapped: nps, csat (customer satisfaction has no data)"
        );
        assert_eq!(
            lines[2],
            "not mapped: sla_breaches, overdue_invoices (support & operations is scored without them)"
        );
        assert_eq!(lines.len(), 3, "{lines:?}");
    }

    #[test]
    fn the_seats_share_counts_as_tracked_when_seats_and_licenses_are_mapped() {
        let with = mapped(&[Metric::SeatsAssigned, Metric::Licenses]);
        let e = engine().for_mapping(&named(&[]), &with);
        let lines = Coverage::new(&e, &with).lines();
        assert!(
            lines[0].starts_with("5 onboarding milestones, 3 established"),
            "{lines:?}"
        );
        assert!(!lines[0].contains("licenses_20pct"), "{lines:?}");
        let without = mapped(&[Metric::Licenses]);
        let e = engine().for_mapping(&named(&[]), &without);
        let lines = Coverage::new(&e, &without).lines();
        assert!(lines[0].contains("licenses_20pct"), "{lines:?}");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("alerts with nothing to fire on")
                    && l.contains("license_underuse")),
            "{lines:?}"
        );
    }

    #[test]
    fn a_book_that_records_everything_misses_nothing() {
        let e = engine().for_book(&Recordable::All, &[]);
        let mut all = mapped(&[]);
        for m in Metric::ALL {
            all.add(*m);
        }
        let c = Coverage::new(&e, &all);
        assert!(c.is_complete(), "{:?}", c.lines());
        assert!(c.lines().is_empty());
    }

    #[test]
    fn without_a_mapping_the_accounts_say_what_is_recorded() {
        let mut a = Account {
            contract_start: "2026-01-01".parse().ok(),
            ..Account::default()
        };
        let at = "2026-01-01".parse().unwrap();
        a.metrics
            .set(Metric::Nps, Series::new(vec![Point { at, value: 30.0 }]));
        let recorded = Recorded::from_accounts(std::slice::from_ref(&a));
        assert!(recorded.has(Metric::Nps) && !recorded.has(Metric::Csat));
        let e = engine().for_book(&Recordable::reported("{id}"), &[a]);
        let lines = Coverage::new(&e, &recorded).lines();
        assert!(
            lines[0].starts_with("6 onboarding milestones, 3 established milestones and 3"),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("no account has: outcomes_achieved")),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|l| l
                == "no account has: renewal_date (the renewal window and days to \
                           renewal are unknown), arr (attention does not weigh ARR)"),
            "{lines:?}"
        );
        assert!(!lines.iter().any(|l| l.contains("customer satisfaction")));
    }
}
