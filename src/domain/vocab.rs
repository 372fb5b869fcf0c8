//! The shared words of the domain: metrics, indicators, bands, severities,
//! alert kinds, event kinds, contact roles and the ids of accounts, stages,
//! milestones, plays and play logs. A leaf: it imports nothing else from
//! the domain, and every concept module may use it.

use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::fmt;
use std::sync::Arc;

/// A closed set of names, each with its id as written in files and JSON.
macro_rules! named {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $id:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }

            pub fn from_id(id: &str) -> Option<$name> {
                match id { $($id => Some($name::$variant),)+ _ => None }
            }

            /// Every id, for messages that list what may be written.
            pub fn ids() -> String {
                $name::ALL.iter().map(|v| v.id()).collect::<Vec<_>>().join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}

named!(
    /// Where a task stands, as the CRM says (HubSpot's `hs_task_status`,
    /// lower-cased).
    TaskStatus {
        NotStarted = "not_started",
        InProgress = "in_progress",
        Waiting = "waiting",
        Deferred = "deferred",
        Completed = "completed",
    }
);

named!(
    /// How urgent the CRM says a task is.
    TaskPriority {
        Low = "low",
        Medium = "medium",
        High = "high",
    }
);

named!(
    /// The metrics a source may report, each optional, each with a history.
    Metric {
        Licenses = "licenses",
        SeatsAssigned = "seats_assigned",
        ActiveUsers = "active_users",
        KeyFeatureAdoption = "key_feature_adoption",
        OutcomesAchieved = "outcomes_achieved",
        Nps = "nps",
        Csat = "csat",
        OpenTickets = "open_tickets",
        SlaBreaches = "sla_breaches",
        OverdueInvoices = "overdue_invoices",
    }
);

/// How many metrics there are (the size of an account's metric table).
pub const METRICS: usize = 10;

impl Metric {
    /// What a share's value must be, for a value out of 0..1.
    pub const SHARE: &'static str = "a share between 0 and 1 (85% is 0.85)";

    /// A share between 0 and 1, never a percentage: 85% is 0.85. Every
    /// source sends these so; a value out of 0..1 is refused, not scaled.
    pub fn is_share(self) -> bool {
        matches!(self, Metric::KeyFeatureAdoption | Metric::OutcomesAchieved)
    }

    /// Whether `value` can be this metric's: a share only in 0..1.
    pub fn accepts(self, value: f64) -> bool {
        !self.is_share() || (0.0..=1.0).contains(&value)
    }
}

named!(
    /// The five health indicators, in breakdown order.
    Indicator {
        BusinessOutcomes = "business_outcomes",
        ProductEngagement = "product_engagement",
        ServiceUtilization = "service_utilization",
        CustomerSatisfaction = "customer_satisfaction",
        SupportOperations = "support_operations",
    }
);

impl Indicator {
    pub fn title(self) -> &'static str {
        match self {
            Indicator::BusinessOutcomes => "Business outcomes",
            Indicator::ProductEngagement => "Product engagement",
            Indicator::ServiceUtilization => "Service utilization",
            Indicator::CustomerSatisfaction => "Customer satisfaction",
            Indicator::SupportOperations => "Support & operations",
        }
    }
}

named!(
    /// A health band. `Unknown` is "no data", never a low score.
    #[derive(Default)]
    Band {
        #[default]
        Unknown = "unknown",
        Poor = "poor",
        Average = "average",
        Good = "good",
    }
);

impl Band {
    /// The bands in the order the header counts them.
    pub const LISTED: [Band; 4] = [Band::Poor, Band::Average, Band::Good, Band::Unknown];
}

named!(
    /// How urgent an alert is; `Positive` marks good news.
    Severity {
        Critical = "critical",
        Warning = "warning",
        Info = "info",
        Positive = "positive",
    }
);

impl Severity {
    /// Whether an alert of this severity signals risk (good news does not).
    pub fn is_risk(self) -> bool {
        self != Severity::Positive
    }
}

named!(
    /// The kinds of alert the engine raises, one rule each.
    AlertKind {
        RenewalOverdue = "renewal_overdue",
        UsageDecline = "usage_decline",
        HealthDrop = "health_drop",
        ChampionLeft = "champion_left",
        AdminChanged = "admin_changed",
        MilestoneOverdue = "milestone_overdue",
        OnboardingNotStarted = "onboarding_not_started",
        SupportBacklog = "support_backlog",
        LicenseUnderuse = "license_underuse",
        ExecInactive = "exec_inactive",
        UsersSurge = "users_surge",
        FeatureAdopted = "feature_adopted",
    }
);

impl AlertKind {
    /// The alert in two or three words, for a list's "why" column.
    pub fn label(self) -> &'static str {
        match self {
            AlertKind::RenewalOverdue => "renewal overdue",
            AlertKind::UsageDecline => "usage falling",
            AlertKind::HealthDrop => "health dropped",
            AlertKind::ChampionLeft => "champion left",
            AlertKind::AdminChanged => "admin changed",
            AlertKind::MilestoneOverdue => "milestone overdue",
            AlertKind::OnboardingNotStarted => "no kickoff",
            AlertKind::SupportBacklog => "ticket backlog",
            AlertKind::LicenseUnderuse => "licenses unused",
            AlertKind::ExecInactive => "sponsor silent",
            AlertKind::UsersSurge => "users surging",
            AlertKind::FeatureAdopted => "feature adopted",
        }
    }
}

/// A closed set of known names plus `Other(text)` for whatever else a
/// source sends, so an adapter maps onto it without losing anything.
macro_rules! open_set {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $id:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $($variant,)+
            /// A name this version does not know, kept as the source wrote it.
            Other(String),
        }

        impl $name {
            pub fn id(&self) -> &str {
                match self { $($name::$variant => $id,)+ $name::Other(s) => s }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> $name {
                match s { $($id => $name::$variant,)+ other => $name::Other(other.to_string()) }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> $name {
                match $name::from(s.as_str()) {
                    $name::Other(_) => $name::Other(s),
                    known => known,
                }
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.id().to_string()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}

open_set!(
    /// What happened on an account.
    EventKind {
        AdminChanged = "admin_changed",
        ChampionLeft = "champion_left",
        DataExport = "data_export",
        UsersAdded = "users_added",
        FeatureAdopted = "feature_adopted",
        ExecLogin = "exec_login",
        SupportTicketOpened = "support_ticket_opened",
    }
);

open_set!(
    /// A contact's role at the customer.
    ContactRole {
        Champion = "champion",
        Admin = "admin",
        ExecSponsor = "exec_sponsor",
    }
);

/// A string id with its own type, so that ids of different things cannot
/// be mixed up.
macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident($inner:ty)) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name($inner);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> $name {
                $name(s.into())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> $name {
                $name(s.into())
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                &*self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                &*self.0 == *other
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// An account's id, as the source gives it.
    AccountId(String)
);
id_type!(
    /// A lifecycle stage's id, e.g. `onboarding`.
    StageId(String)
);
id_type!(
    /// A milestone's id, e.g. `first_value`. Shared (`Arc<str>`): a source
    /// maps the same dozen ids onto every account, so each is allocated once.
    MilestoneId(Arc<str>)
);
id_type!(
    /// A play's id, e.g. `win-back`.
    PlayId(String)
);
id_type!(
    /// A task's id in the source (HubSpot: the task object's id).
    TaskId(String)
);
id_type!(
    /// A logged play's id: stable from the moment it is logged, and the
    /// idempotency key of its write-back.
    LogId(String)
);

/// A position in the compiled model's list of stages, milestones or plays.
/// Only the [`super::Engine`] that made one can resolve it.
macro_rules! index_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub(crate) u16);

        impl $name {
            pub(crate) fn new(i: usize) -> $name {
                $name(u16::try_from(i).expect("the model checks its list sizes"))
            }

            pub fn get(self) -> usize {
                usize::from(self.0)
            }
        }
    };
}

index_type!(
    /// A stage of the compiled model.
    StageIx
);
index_type!(
    /// A milestone of the compiled model.
    MilestoneIx
);
index_type!(
    /// A play of the compiled model.
    PlayIx
);

/// Where the write-back of a change made in Orienteer stands (a play
/// logged, a task completed or moved).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Durably in the outbox, not yet confirmed by the source.
    Queued,
    /// The source has it.
    Sent,
    /// The source refused it for a reason retrying cannot fix; kept, with
    /// the reason, until the user retries or discards it.
    Failed,
}

impl Delivery {
    pub(crate) fn id(self) -> &'static str {
        match self {
            Delivery::Queued => "queued",
            Delivery::Sent => "sent",
            Delivery::Failed => "failed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_their_ids() {
        for m in Metric::ALL {
            assert_eq!(Metric::from_id(m.id()), Some(*m));
        }
        for k in AlertKind::ALL {
            assert_eq!(AlertKind::from_id(k.id()), Some(*k));
        }
        assert_eq!(Metric::ALL.len(), METRICS);
        assert_eq!(Band::from_id("average"), Some(Band::Average));
    }

    #[test]
    fn open_sets_keep_what_they_do_not_know() {
        assert_eq!(EventKind::from("champion_left"), EventKind::ChampionLeft);
        let other = EventKind::from("renewal_signed".to_string());
        assert_eq!(other, EventKind::Other("renewal_signed".into()));
        assert_eq!(other.id(), "renewal_signed");
        let json = serde_json::to_string(&ContactRole::ExecSponsor).unwrap();
        assert_eq!(json, "\"exec_sponsor\"");
        let back: ContactRole = serde_json::from_str("\"cfo\"").unwrap();
        assert_eq!(back, ContactRole::Other("cfo".into()));
    }
}
