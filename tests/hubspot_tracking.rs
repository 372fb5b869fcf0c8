//! A portal that records only the onboarding milestones, loaded as the app
//! loads it (HubSpot on loopback, the loader, the book's engine): no alert
//! the data cannot support.

mod hubspot_support;

use chrono::{TimeZone, Utc};
use hubspot_support::*;
use orienteer::app::load::{Data, Loader};
use orienteer::clock::{AsOf, Zone};
use orienteer::domain::milestone::MilestoneStatus;
use orienteer::domain::report::account_detail;
use orienteer::domain::{AlertKind, Engine, Model};
use orienteer::source::mapping::Field;
use serde_json::{json, Value};
use std::sync::Arc;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The onboarding milestones and the date properties recording them.
const MAPPED: [(&str, &str); 5] = [
    ("kickoff", "ms_kickoff"),
    ("admin_setup", "ms_admin_setup"),
    ("users_added", "ms_users_added"),
    ("first_value", "ms_first_value"),
    ("onboarding_complete", "ms_onboarding_complete"),
];

fn company_with(id: &str, name: &str, props: Value) -> Value {
    let mut p = json!({ "name": name, "renewal_date": "2027-09-01" });
    p.as_object_mut()
        .unwrap()
        .extend(props.as_object().unwrap().clone());
    company(id, p, &[], &[])
}

async fn load(companies: Vec<Value>) -> Data {
    let server = MockServer::start().await;
    basics(&server).await;
    objects(&server, "contacts", vec![]).await;
    objects(&server, "tickets", vec![]).await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/companies"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(companies, None)))
        .mount(&server)
        .await;
    let map = field_map(
        &[
            (Field::ContractStart, "contract_start"),
            (Field::RenewalDate, "renewal_date"),
            (Field::SeatsAssigned, "seats"),
            (Field::Licenses, "licenses"),
        ],
        &MAPPED,
    );
    let engine = Arc::new(Engine::new(Model::default()).unwrap());
    let loader = Loader::new(engine, Arc::new(source(&server, map)));
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    loader
        .load(AsOf::at(now, Zone::Named(chrono_tz::UTC)))
        .await
        .unwrap()
}

fn alerts(data: &Data, name: &str) -> Vec<AlertKind> {
    let p = &data.portfolio;
    let i = p.accounts.iter().position(|a| a.name == name).unwrap();
    p.evals[i].alerts.iter().map(|a| a.kind()).collect()
}

#[tokio::test]
async fn milestones_the_portal_has_no_property_for_raise_nothing() {
    let data = load(vec![
        // Onboarded two years ago; the portal has no field for anything later.
        company_with(
            "1",
            "Established Co",
            json!({
                "contract_start": "2024-11-01", "ms_kickoff": "2024-11-05",
                "ms_admin_setup": "2024-11-10", "ms_users_added": "2024-11-15",
                "ms_first_value": "2024-11-25", "ms_onboarding_complete": "2025-01-20",
                "seats": "80", "licenses": "100"
            }),
        ),
        // No kickoff recorded, but the admin setup is.
        company_with(
            "2",
            "Admin First",
            json!({ "contract_start": "2026-10-10", "ms_admin_setup": "2026-10-20" }),
        ),
        // Only onboarding complete.
        company_with(
            "3",
            "Done Onboarding",
            json!({ "contract_start": "2025-06-01", "ms_onboarding_complete": "2025-09-01" }),
        ),
        // Nothing recorded and nothing in use a month in: the one real alarm.
        company_with(
            "4",
            "Untouched",
            json!({ "contract_start": "2026-10-20", "seats": "0", "licenses": "50" }),
        ),
    ])
    .await;

    assert_eq!(alerts(&data, "Established Co"), []);
    assert!(!alerts(&data, "Admin First").contains(&AlertKind::OnboardingNotStarted));
    assert_eq!(alerts(&data, "Done Onboarding"), []);
    assert!(alerts(&data, "Untouched").contains(&AlertKind::OnboardingNotStarted));

    let untracked: Vec<&str> = data
        .engine
        .untracked()
        .map(|m| data.engine.milestone(m).id.as_str())
        .collect();
    assert_eq!(
        untracked,
        [
            "regular_logins",
            "reports_adopted",
            "advanced_features",
            "renewal_qbr",
            "success_review",
            "renewal_confirmed"
        ]
    );

    // The account view says so, and how to track one.
    let p = &data.portfolio;
    let i = p
        .accounts
        .iter()
        .position(|a| a.name == "Established Co")
        .unwrap();
    let d = account_detail(&data.engine, &p.accounts[i], &p.evals[i], p.now);
    let logins = d
        .milestones
        .iter()
        .find(|m| m.id == "regular_logins")
        .unwrap();
    assert_eq!(logins.status, MilestoneStatus::Untracked);
    assert!(logins
        .how_to_track
        .as_deref()
        .is_some_and(|h| h.contains("[source.milestones] regular_logins")));
    let json = serde_json::to_value(&d.milestones).unwrap();
    assert_eq!(json[6]["status"], "untracked");
    let i = p
        .accounts
        .iter()
        .position(|a| a.name == "Admin First")
        .unwrap();
    let d = account_detail(&data.engine, &p.accounts[i], &p.evals[i], p.now);
    assert_eq!(d.milestones[0].status, MilestoneStatus::DoneImplied);
}
