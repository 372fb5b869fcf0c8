use super::*;
use crate::domain::account::Outcome;
use crate::domain::vocab::ContactRole;
use serde_json::json;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn record(v: serde_json::Value) -> Record {
    serde_json::from_value(v).unwrap()
}

fn field_map(fields: &[(Field, &str)], milestones: &[(&str, &str)]) -> FieldMap {
    FieldMap {
        fields: fields.iter().map(|(f, p)| (*f, p.to_string())).collect(),
        milestones: milestones
            .iter()
            .map(|(m, p)| ((*m).into(), p.to_string()))
            .collect(),
    }
}

struct Fixture {
    map: FieldMap,
    contacts: HashMap<String, Record>,
    tickets: Option<HashMap<String, Record>>,
    owners: Option<HashMap<String, String>>,
    portal: Option<Portal>,
}

impl Fixture {
    fn new(map: FieldMap) -> Fixture {
        Fixture {
            map,
            contacts: HashMap::new(),
            tickets: None,
            owners: None,
            portal: None,
        }
    }

    fn map(&self, r: &Record) -> (Account, Vec<String>) {
        let cx = Context {
            map: &self.map,
            day: day("2026-11-23"),
            portal: self.portal.as_ref(),
            owners: self.owners.as_ref(),
            contact_role: Some("csm_role"),
            contacts: &self.contacts,
            tickets: self.tickets.as_ref(),
        };
        let mut warnings = Vec::new();
        let a = company(r, &cx, &mut warnings);
        // As a load shows them: the source's warnings, then the fields'.
        warnings.extend(crate::domain::account::problem_warnings(
            std::slice::from_ref(&a),
        ));
        (a, warnings)
    }
}

#[test]
fn string_properties_become_typed_fields() {
    let fx = Fixture::new(field_map(
        &[
            (Field::Segment, "tier"),
            (Field::Arr, "annualrevenue"),
            (Field::ContractStart, "contract_start"),
            (Field::RenewalDate, "renewal"),
            (Field::Outcome, "renewal_outcome"),
            (Field::OutcomeDate, "outcome_on"),
            (Field::Licenses, "seats"),
        ],
        &[("kickoff", "kickoff_date")],
    ));
    let r = record(json!({
        "id": "123",
        "properties": {
            "name": "Acme", "domain": "acme.com", "tier": "Enterprise",
            "annualrevenue": "120,000", "contract_start": "2026-01-15",
            "renewal": "2027-01-15T00:00:00.000Z", "renewal_outcome": "RENEWED",
            "outcome_on": "1767139200000", "seats": "50", "kickoff_date": "2026-01-20"
        }
    }));
    let (a, warnings) = fx.map(&r);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!((a.id.as_str(), a.name.as_str()), ("123", "Acme"));
    assert_eq!(a.domain.as_deref(), Some("acme.com"));
    assert_eq!(a.segment.as_deref(), Some("Enterprise"));
    assert_eq!(a.arr, Some(120_000.0));
    assert_eq!(a.contract_start, Some(day("2026-01-15")));
    assert_eq!(a.renewal_date, Some(day("2027-01-15")));
    assert_eq!(a.outcome, Outcome::Renewed);
    assert_eq!(a.outcome_date, Some(day("2025-12-31")));
    assert_eq!(a.milestones.get("kickoff"), Some(&day("2026-01-20")));
    assert_eq!(
        a.metrics.at(Metric::Licenses, day("2026-11-23")),
        Some(50.0)
    );
    assert_eq!(a.url, None, "no portal id, no link");
}

#[test]
fn unmapped_null_and_empty_fields_are_absent_never_zero() {
    let fx = Fixture::new(field_map(
        &[
            (Field::Arr, "arr"),
            (Field::ActiveUsers, "au"),
            (Field::Nps, "nps"),
        ],
        &[("kickoff", "kickoff_date")],
    ));
    let r = record(json!({
        "id": "7",
        "properties": { "name": "Blank", "arr": "", "au": null, "nps": "  ", "kickoff_date": "" }
    }));
    let (a, warnings) = fx.map(&r);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(a.arr, None);
    assert!(a.metrics.get(Metric::ActiveUsers).is_empty());
    assert!(a.metrics.get(Metric::Nps).is_empty());
    assert!(a.metrics.get(Metric::Licenses).is_empty(), "unmapped");
    assert!(a.milestones.is_empty());
    assert_eq!(a.outcome, Outcome::Open);
    assert!(
        a.metrics.get(Metric::OpenTickets).is_empty(),
        "tickets not read"
    );
}

#[test]
fn a_bad_value_costs_only_its_field_with_a_warning() {
    let fx = Fixture::new(field_map(
        &[
            (Field::Arr, "arr"),
            (Field::Licenses, "seats"),
            (Field::RenewalDate, "renewal"),
            (Field::Outcome, "state"),
        ],
        &[],
    ));
    let r = record(json!({
        "id": "9",
        "properties": {
            "name": "Globex", "arr": "lots", "seats": "40",
            "renewal": "next spring", "state": "won"
        }
    }));
    let (a, warnings) = fx.map(&r);
    assert_eq!(a.arr, None);
    assert_eq!(a.renewal_date, None);
    assert_eq!(
        a.metrics.at(Metric::Licenses, day("2026-11-23")),
        Some(40.0)
    );
    assert_eq!(
        warnings,
        [
            "account 9 (Globex): field renewal_date (renewal): cannot read `next spring` as a date",
            "account 9 (Globex): field arr: cannot read `lots` as a number",
            "account 9 (Globex): field outcome (state): cannot read `won` as an outcome (open, renewed or churned)",
        ]
    );
}

#[test]
fn metric_history_becomes_a_series_oldest_first_with_the_current_value_last() {
    let fx = Fixture::new(field_map(&[(Field::ActiveUsers, "au")], &[]));
    let r = record(json!({
        "id": "1",
        "properties": { "name": "A", "au": "50" },
        "propertiesWithHistory": { "au": [
            { "value": "50", "timestamp": "2026-11-20T10:00:00Z", "sourceType": "API" },
            { "value": "55", "timestamp": "2026-11-20T08:00:00Z", "sourceType": "API" },
            { "value": "80", "timestamp": "2026-10-15T00:00:00Z", "sourceType": "API" },
            { "value": "", "timestamp": "2026-10-01T00:00:00Z", "sourceType": "API" },
            { "value": "100", "timestamp": "1790000000000", "sourceType": "API" }
        ]}
    }));
    let (a, warnings) = fx.map(&r);
    assert!(warnings.is_empty(), "{warnings:?}");
    let points: Vec<(String, f32)> = a
        .metrics
        .get(Metric::ActiveUsers)
        .points()
        .iter()
        .map(|p| (p.at.to_string(), p.value))
        .collect();
    assert_eq!(
        points,
        [
            ("2026-09-21".to_string(), 100.0),
            ("2026-10-15".to_string(), 80.0),
            ("2026-11-20".to_string(), 50.0),
        ],
        "one point a day (its last change), the empty value skipped"
    );
}

#[test]
fn a_current_value_without_history_is_dated_the_day_of_the_fetch() {
    let fx = Fixture::new(field_map(&[(Field::Nps, "nps")], &[]));
    let r = record(json!({ "id": "1", "properties": { "name": "A", "nps": "-20" } }));
    let (a, _) = fx.map(&r);
    let p = a.metrics.get(Metric::Nps).points();
    assert_eq!(
        (p.len(), p[0].at, p[0].value),
        (1, day("2026-11-23"), -20.0)
    );
}

#[test]
fn bad_history_points_are_left_out_with_one_warning() {
    let fx = Fixture::new(field_map(&[(Field::Csat, "csat")], &[]));
    let r = record(json!({
        "id": "1",
        "properties": { "name": "A", "csat": "4" },
        "propertiesWithHistory": { "csat": [
            { "value": "4", "timestamp": "2026-11-01T00:00:00Z" },
            { "value": "good", "timestamp": "2026-10-01T00:00:00Z" },
            { "value": "3", "timestamp": "not a time" }
        ]}
    }));
    let (a, warnings) = fx.map(&r);
    assert_eq!(a.metrics.get(Metric::Csat).points().len(), 1);
    assert_eq!(
        warnings,
        ["account 1 (A): field csat (csat): 2 history values could not be read and were left out"]
    );
}

#[test]
fn a_bad_current_metric_value_loses_the_metric_not_the_history_alone() {
    let fx = Fixture::new(field_map(&[(Field::ActiveUsers, "au")], &[]));
    let r = record(json!({
        "id": "1",
        "properties": { "name": "A", "au": "n/a" },
        "propertiesWithHistory": { "au": [ { "value": "9", "timestamp": "2026-10-01T00:00:00Z" } ] }
    }));
    let (a, warnings) = fx.map(&r);
    assert!(a.metrics.get(Metric::ActiveUsers).is_empty());
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("field active_users (au): cannot read `n/a` as a number"));
}

#[test]
fn stage_is_observed_from_the_day_it_was_entered() {
    let fx = Fixture::new(field_map(&[(Field::Stage, "cs_stage")], &[]));
    let r = record(json!({
        "id": "1",
        "properties": { "name": "A", "cs_stage": "pre_renewal" },
        "propertiesWithHistory": { "cs_stage": [
            { "value": "pre_renewal", "timestamp": "2026-11-10T09:00:00Z" },
            { "value": "pre_renewal", "timestamp": "2026-10-02T09:00:00Z" },
            { "value": "established", "timestamp": "2026-03-01T09:00:00Z" }
        ]}
    }));
    let (a, _) = fx.map(&r);
    assert_eq!(
        a.stage,
        Some(Observed {
            value: "pre_renewal".into(),
            as_of: Some(day("2026-10-02"))
        })
    );
    let undated =
        record(json!({ "id": "2", "properties": { "name": "B", "cs_stage": "onboarding" } }));
    assert_eq!(
        fx.map(&undated).0.stage,
        Some(Observed::undated("onboarding".into()))
    );
}

#[test]
fn contacts_tickets_owner_and_url() {
    let mut fx = Fixture::new(field_map(&[], &[]));
    fx.portal = Some(Portal {
        id: 4242,
        ui_domain: "app-eu1.hubspot.com".into(),
    });
    fx.owners = Some(HashMap::from([(
        "77".to_string(),
        "Dana Reyes".to_string(),
    )]));
    for c in [
        json!({ "id": "901", "properties": {
            "firstname": "Ann", "lastname": "Lee", "email": "ann@acme.com", "csm_role": "Executive Sponsor",
            "notes_last_contacted": "2026-10-01T12:00:00Z",
            "hs_last_sales_activity_timestamp": "1793000000000",
            "hs_lastmodifieddate": "2026-11-22T00:00:00Z", "jobtitle": "CEO" } }),
        json!({ "id": "902", "properties": { "email": "ops@acme.com", "jobtitle": "Admin" } }),
    ] {
        let c = record(c);
        fx.contacts.insert(c.id.clone(), c);
    }
    let mut tickets = HashMap::new();
    for t in [
        json!({ "id": "5", "properties": { "createdate": "2026-11-01T00:00:00Z", "closed_date": null, "hs_ticket_priority": "HIGH" } }),
        json!({ "id": "6", "properties": { "createdate": "2026-10-01T00:00:00Z", "closed_date": "2026-10-03T00:00:00Z" } }),
        json!({ "id": "7", "properties": { "createdate": "2026-11-05T00:00:00Z", "closed_date": "" } }),
    ] {
        let t = record(t);
        tickets.insert(t.id.clone(), t);
    }
    fx.tickets = Some(tickets);
    let r = record(json!({
        "id": "123",
        "properties": { "name": "Acme", "hubspot_owner_id": "77" },
        "associations": {
            "contacts": { "results": [ { "id": "901", "type": "company_to_contact" }, { "id": "902", "type": "company_to_contact" }, { "id": "999", "type": "company_to_contact" } ] },
            "tickets": { "results": [ { "id": "5" }, { "id": "6" }, { "id": "7" } ] }
        }
    }));
    let (a, warnings) = fx.map(&r);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(a.owner.as_deref(), Some("Dana Reyes"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://app-eu1.hubspot.com/contacts/4242/company/123")
    );
    assert_eq!(
        a.contacts.len(),
        2,
        "a contact that was not read is left out"
    );
    let ann = &a.contacts[0];
    assert_eq!(ann.name, "Ann Lee");
    assert_eq!(ann.role, Some(ContactRole::ExecSponsor));
    assert_eq!(
        ann.last_seen,
        Some(day("2026-10-26")),
        "the later of the two"
    );
    assert_eq!(ann.as_of, Some(day("2026-11-22")));
    let ops = &a.contacts[1];
    assert_eq!(
        (ops.name.as_str(), ops.role.clone()),
        ("ops@acme.com", None),
        "no role from a job title"
    );
    assert_eq!(
        a.metrics.at(Metric::OpenTickets, day("2026-11-23")),
        Some(2.0)
    );
    assert_eq!(a.events.len(), 3);
    assert_eq!(a.events[2].detail, None);
    assert_eq!(a.events[1].detail.as_deref(), Some("HIGH"));
}

#[test]
fn a_mapped_owner_or_open_tickets_property_wins() {
    let mut fx = Fixture::new(field_map(
        &[(Field::Owner, "csm"), (Field::OpenTickets, "tix")],
        &[],
    ));
    fx.owners = Some(HashMap::new());
    fx.tickets = Some(HashMap::new());
    let r = record(json!({
        "id": "1",
        "properties": { "name": "A", "csm": "Sam", "hubspot_owner_id": "77", "tix": "4" }
    }));
    let (a, _) = fx.map(&r);
    assert_eq!(a.owner.as_deref(), Some("Sam"));
    assert_eq!(
        a.metrics.at(Metric::OpenTickets, day("2026-11-23")),
        Some(4.0)
    );
}

#[test]
fn a_company_with_no_name_is_named_by_its_domain_or_id() {
    let fx = Fixture::new(FieldMap::default());
    let r = record(json!({ "id": "1", "properties": { "domain": "x.io" } }));
    assert_eq!(fx.map(&r).0.name, "x.io");
    let r = record(json!({ "id": "2", "properties": {} }));
    assert_eq!(fx.map(&r).0.name, "company 2");
}

#[test]
fn property_lists() {
    let map = field_map(
        &[
            (Field::ActiveUsers, "au"),
            (Field::Stage, "st"),
            (Field::Arr, "arr"),
        ],
        &[("kickoff", "k")],
    );
    assert_eq!(
        company_properties(&map),
        [
            "arr",
            "au",
            "domain",
            "hs_lastmodifieddate",
            "hubspot_owner_id",
            "k",
            "name",
            "st"
        ]
    );
    assert_eq!(history_properties(&map), ["au", "st"]);
    assert_eq!(field_id(Field::KeyFeatureAdoption), "key_feature_adoption");
}

#[test]
fn a_bad_value_travels_with_the_account_naming_field_property_and_value() {
    let fx = Fixture::new(field_map(&[(Field::Arr, "arr_usd")], &[("kickoff", "k")]));
    let r = record(json!({
        "id": "7", "properties": { "name": "Acme", "arr_usd": "n/a", "k": "soon" }
    }));
    let (a, warnings) = fx.map(&r);
    assert_eq!(a.arr, None);
    assert_eq!(
        a.field_problems,
        [
            FieldProblem::new("arr", "arr_usd", "n/a", "a number"),
            FieldProblem::new("milestones.kickoff", "k", "soon", "a date"),
        ]
    );
    assert_eq!(
        warnings[0],
        "account 7 (Acme): field arr (arr_usd): cannot read `n/a` as a number"
    );
}

#[test]
fn a_share_holding_a_percentage_is_refused_with_a_warning_not_scaled() {
    let fx = Fixture::new(field_map(
        &[
            (Field::KeyFeatureAdoption, "adoption_pct"),
            (Field::OutcomesAchieved, "goals"),
        ],
        &[],
    ));
    let r = record(json!({
        "id": "3",
        "properties": { "name": "Initech", "adoption_pct": "85", "goals": "0.5" },
        "propertiesWithHistory": { "goals": [
            { "value": "0.5", "timestamp": "2026-11-20T00:00:00Z" },
            { "value": "40", "timestamp": "2026-10-01T00:00:00Z" }
        ]}
    }));
    let (a, warnings) = fx.map(&r);
    assert!(
        a.metrics.get(Metric::KeyFeatureAdoption).is_empty(),
        "85 is no 8500% adoption: no data"
    );
    assert_eq!(
        a.metrics.get(Metric::OutcomesAchieved).points().len(),
        1,
        "the 40 in its history is left out"
    );
    assert_eq!(
        warnings,
        [
            "account 3 (Initech): field outcomes_achieved (goals): 1 history values could not be read and were left out",
            "account 3 (Initech): field key_feature_adoption (adoption_pct): cannot read `85` as a share between 0 and 1 (85% is 0.85)",
        ]
    );
}

#[test]
fn the_link_host_is_hubspot_s_own_whatever_the_api_says() {
    let host = |d: Option<&str>| Portal::ui_domain(d);
    assert_eq!(host(Some("app-eu1.hubspot.com")), "app-eu1.hubspot.com");
    assert_eq!(host(Some("APP.hubspot.com ")), "app.hubspot.com");
    for hostile in [
        "evil.example",
        "hubspot.com.evil.example",
        "evilhubspot.com",
        "evil.example/x.hubspot.com",
        "evil.example#.hubspot.com",
        "user@evil.example?.hubspot.com",
        "",
    ] {
        assert_eq!(host(Some(hostile)), "app.hubspot.com", "{hostile}");
    }
    assert_eq!(host(None), "app.hubspot.com");
}
