//! What the mapping misses, said before the CSM finds out: against a
//! HubSpot on loopback (the documented shapes of the companies and the
//! properties APIs), through the loader and the sync layer, and through
//! the real binary (`config check`, the first `sync`).

mod common;
mod hubspot_support;

use chrono::{NaiveDate, TimeZone, Utc};
use hubspot_support::*;
use orienteer::app::load::Loader;
use orienteer::clock::{AsOf, Zone};
use orienteer::domain::{Engine, Model};
use orienteer::source::hubspot::check::DENIED;
use orienteer::source::mapping::Field;
use orienteer::source::Source;
use orienteer::sync::Synced;
use serde_json::{json, Value};
use std::path::Path;
use std::process::Output;
use std::sync::Arc;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROPERTIES: &str = "/crm/v3/properties/companies";

fn as_of() -> AsOf {
    AsOf::at(
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap(),
        Zone::Named(chrono_tz::UTC),
    )
}

fn day() -> NaiveDate {
    as_of().day
}

/// One company property as `GET /crm/v3/properties/companies` lists it.
fn property(name: &str, label: &str, kind: &str) -> Value {
    json!({
        "name": name, "label": label, "type": kind, "fieldType": kind,
        "groupName": "companyinformation", "description": "", "displayOrder": -1,
        "hidden": false, "formField": false, "hasUniqueValue": false,
        "calculated": false, "externalOptions": false, "options": [],
        "createdAt": "2025-03-01T10:00:00Z", "updatedAt": "2025-03-01T10:00:00Z",
        "modificationMetadata": {
            "archivable": true, "readOnlyDefinition": false, "readOnlyValue": false
        }
    })
}

/// The portal's company properties: a kickoff date, ARR and an NPS.
async fn property_list(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(PROPERTIES))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "results": [
                property("name", "Company name", "string"),
                property("ms_kickoff", "Kickoff date", "date"),
                property("annualrevenue", "Annual Revenue", "number"),
                property("nps_score", "NPS score", "number"),
            ]})),
        )
        .mount(server)
        .await;
}

/// A portal of two companies with ARR, no kickoff and no NPS, like a
/// customer's: few mapped fields, empty properties.
async fn portal(server: &MockServer) {
    basics(server).await;
    objects(server, "contacts", vec![]).await;
    objects(server, "tickets", vec![]).await;
    let companies = vec![
        company(
            "11",
            json!({ "name": "Acme", "annualrevenue": "50000" }),
            &[],
            &[],
        ),
        company(
            "12",
            json!({ "name": "Globex", "annualrevenue": "" }),
            &[],
            &[],
        ),
    ];
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/companies"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(companies, None)))
        .mount(server)
        .await;
}

/// Kickoff mistyped, NPS mapped to a property no company fills.
fn mistyped() -> orienteer::source::mapping::FieldMap {
    field_map(
        &[(Field::Arr, "annualrevenue"), (Field::Nps, "nps_score")],
        &[("kickoff", "ms_kick_off")],
    )
}

fn engine() -> Arc<Engine> {
    Arc::new(Engine::new(Model::default()).unwrap())
}

#[tokio::test]
async fn a_mistyped_property_is_named_with_the_nearest_real_one() {
    let server = MockServer::start().await;
    portal(&server).await;
    property_list(&server).await;
    let hub = Arc::new(source(&server, mistyped()));
    let data = Loader::new(engine(), hub.clone())
        .load(as_of())
        .await
        .unwrap();
    let lines = &data.mapping;
    assert!(
        lines.contains(
            &"`ms_kick_off` (milestone kickoff): no company has a value. Is the name right? \
              HubSpot has `ms_kickoff` (Kickoff date)"
                .to_string()
        ),
        "{lines:#?}"
    );
    // What the mapping leaves out comes first, from the same function as
    // `config check`.
    assert!(
        lines[0].starts_with("5 onboarding milestones, 3 established milestones and 3"),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("not mapped: outcomes_achieved")),
        "{lines:#?}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("annualrevenue")),
        "a property with a value is fine: {lines:#?}"
    );
    // The list is read once a process, not on every load.
    Loader::new(engine(), hub.clone())
        .load(as_of())
        .await
        .unwrap();
    assert_eq!(requests_to(&server, PROPERTIES).await.len(), 1);
}

#[tokio::test]
async fn a_property_mapped_but_empty_on_every_company_is_named() {
    let server = MockServer::start().await;
    portal(&server).await;
    property_list(&server).await;
    let hub = source(&server, mistyped());
    let snap = hub.fetch(day()).await.unwrap();
    assert!(snap.warnings.is_empty(), "{:?}", snap.warnings);
    hub.check_mapping(&snap.accounts).await;
    let notes = hub.mapping_notes(&snap.accounts);
    assert_eq!(
        notes.lines,
        [
            "`nps_score` (nps): no company has a value.",
            "`ms_kick_off` (milestone kickoff): no company has a value. Is the name right? \
             HubSpot has `ms_kickoff` (Kickoff date)",
        ],
        "nps_score exists: the companies lack a value"
    );
}

#[tokio::test]
async fn a_token_that_may_not_read_the_property_list_skips_the_check_with_one_line() {
    for (status, body) in [
        (
            401,
            json!({
                "status": "error",
                "message": "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
                "correlationId": "4f2b3c1d-0000-4000-8000-000000000001",
                "category": "INVALID_AUTHENTICATION"
            }),
        ),
        (
            403,
            json!({
                "status": "error",
                "message": "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
                "correlationId": "4f2b3c1d-0000-4000-8000-000000000002",
                "errors": [{
                    "message": "One or more of the following scopes are required.",
                    "context": { "requiredGranularScopes": ["crm.schemas.companies.read"] }
                }],
                "links": { "scopes": "https://developers.hubspot.com/scopes" },
                "category": "MISSING_SCOPES"
            }),
        ),
    ] {
        let server = MockServer::start().await;
        portal(&server).await;
        Mock::given(method("GET"))
            .and(path(PROPERTIES))
            .respond_with(ResponseTemplate::new(status).set_body_json(body))
            .mount(&server)
            .await;
        let dir = tempfile::tempdir().unwrap();
        let hub = Arc::new(source(&server, mistyped()));
        let synced = Arc::new(Synced::new(hub, "hubspot test", dir.path().join("o.db")));
        let data = Loader::new(engine(), synced.clone())
            .load(as_of())
            .await
            .expect("the sync still succeeds");
        assert_eq!(data.portfolio.accounts.len(), 2, "{status}");
        assert!(synced.has_synced().await, "{status}: the cache was written");
        let said = data.mapping.iter().filter(|l| *l == DENIED).count();
        assert_eq!(said, 1, "{status}: once\n{:#?}", data.mapping);
        assert!(
            data.mapping.contains(
                &"`ms_kick_off` (milestone kickoff): no company has a value. Is the name right?"
                    .to_string()
            ),
            "{status}: {:#?}",
            data.mapping
        );
        assert!(
            !data.warnings.iter().any(|w| w.contains("property list")),
            "{status}: not a warning of the sync: {:?}",
            data.warnings
        );
        assert!(!format!("{:?}", data.mapping).contains(TOKEN));
    }
}

fn run(config: &Path, data: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    common::binary::command(config, data)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn config_check_on_a_mapping_of_onboarding_milestones_says_what_is_not_tracked() {
    let (dir, config) = common::config::file(
        "[source]\nkind = \"hubspot\"\ntoken_env = \"ORIENTEER_TEST_NO_SUCH_HS_TOKEN\"\n\
         [source.fields]\nlicenses = \"seats_purchased\"\nseats_assigned = \"seats_used\"\n\
         active_users = \"active_users_30d\"\ncontract_start = \"contract_start\"\n\
         renewal_date = \"renewal_date\"\narr = \"annualrevenue\"\n\
         [source.milestones]\nkickoff = \"ms_kickoff\"\nadmin_setup = \"ms_admin\"\n\
         users_added = \"ms_users\"\nfirst_value = \"ms_first_value\"\n\
         onboarding_complete = \"ms_onboarded\"\n",
    );
    let out = run(&config, dir.path(), &["config", "check"], &[]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for line in [
        ": OK",
        "What the mapping misses:",
        "  3 established milestones and 3 pre-renewal milestones are not tracked; their alerts \
         are off: regular_logins, reports_adopted, advanced_features, renewal_qbr, \
         success_review, renewal_confirmed",
        "  not mapped: outcomes_achieved, nps, csat (business outcomes and customer \
         satisfaction have no data)",
        "  property names not checked: no token in $ORIENTEER_TEST_NO_SUCH_HS_TOKEN; set it to \
         check them",
    ] {
        assert!(stdout.contains(line), "{line:?} in\n{stdout}");
    }
    assert!(
        !stdout.contains("licenses_20pct"),
        "seats and licenses mapped: the seats share is tracked\n{stdout}"
    );
}

#[tokio::test]
async fn config_check_with_a_token_names_a_mapped_property_hubspot_lacks() {
    let server = MockServer::start().await;
    property_list(&server).await;
    let (dir, config) = common::config::file(&format!(
        "[source]\nkind = \"hubspot\"\nbase_url = \"{}\"\ntoken_env = \"ORIENTEER_TEST_HS\"\n\
         [source.fields]\narr = \"annualrevenue\"\n[source.milestones]\nkickoff = \"ms_kick_off\"\n",
        server.uri()
    ));
    let out = tokio::task::spawn_blocking(move || {
        run(
            &config,
            dir.path(),
            &["config", "check"],
            &[("ORIENTEER_TEST_HS", TOKEN)],
        )
    })
    .await
    .unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        stdout.contains(
            "`ms_kick_off` (milestone kickoff) is not a company property in HubSpot; did you \
             mean `ms_kickoff` (Kickoff date)?"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("`annualrevenue`"), "{stdout}");
    assert!(!stdout.contains(TOKEN));
}

#[tokio::test]
async fn the_first_sync_says_what_the_mapping_misses_and_the_next_does_not() {
    let server = MockServer::start().await;
    portal(&server).await;
    property_list(&server).await;
    // The second sync asks the search API what changed: nothing.
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/companies/search"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "total": 0, "results": [] })),
        )
        .mount(&server)
        .await;
    let data = tempfile::tempdir().unwrap();
    let (_dir, config) = common::config::file(&format!(
        "[source]\nkind = \"hubspot\"\nbase_url = \"{}\"\ntoken_env = \"ORIENTEER_TEST_HS\"\n\
         [source.fields]\narr = \"annualrevenue\"\nnps = \"nps_score\"\n\
         [source.milestones]\nkickoff = \"ms_kick_off\"\n",
        server.uri()
    ));
    let sync = || {
        let (config, data) = (config.clone(), data.path().to_path_buf());
        tokio::task::spawn_blocking(move || {
            run(&config, &data, &["sync"], &[("ORIENTEER_TEST_HS", TOKEN)])
        })
    };
    let first = sync().await.unwrap();
    let stdout = text(&first.stdout);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert!(stdout.contains("2 accounts"), "{stdout}");
    for line in [
        "What the mapping misses:",
        "  `ms_kick_off` (milestone kickoff): no company has a value. Is the name right? \
         HubSpot has `ms_kickoff` (Kickoff date)",
        "  `nps_score` (nps): no company has a value.",
    ] {
        assert!(stdout.contains(line), "{line:?} in\n{stdout}");
    }
    let second = sync().await.unwrap();
    let stdout = text(&second.stdout);
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    assert!(
        !stdout.contains("What the mapping misses"),
        "once: {stdout}"
    );

    // The mapping fixed: the sync that reads everything again says what
    // the new mapping misses, once more.
    std::fs::write(
        &config,
        format!(
            "[source]\nkind = \"hubspot\"\nbase_url = \"{}\"\ntoken_env = \"ORIENTEER_TEST_HS\"\n\
             [source.fields]\narr = \"annualrevenue\"\n\
             [source.milestones]\nkickoff = \"ms_kickoff\"\n",
            server.uri()
        ),
    )
    .unwrap();
    let third = sync().await.unwrap();
    let (stdout, stderr) = (text(&third.stdout), text(&third.stderr));
    assert_eq!(third.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("the mapping changed"), "{stderr}");
    assert!(stdout.contains("What the mapping misses:"), "{stdout}");
    assert!(!stdout.contains("ms_kick_off"), "{stdout}");
}
