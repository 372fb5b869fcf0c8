//! A bad value in the CRM reaches the CSM, not only stderr: it travels
//! with its account (through the local cache), `orienteer account` says
//! which record and property to fix, the JSON carries it, and the account
//! view's header says `ARR unknown (bad value in CRM)`, not a bare dash.

mod common;
mod hubspot_support;

use common::{today, Harness};
use crossterm::event::KeyCode;
use hubspot_support::*;
use orienteer::domain::account::FieldProblem;
use orienteer::domain::Account;
use serde_json::{json, Value};
use std::path::Path;
use std::process::Output;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn run(config: &Path, data: &Path, args: &[&str]) -> Output {
    common::binary::command(config, data)
        .env("ORIENTEER_TEST_HS", TOKEN)
        .args(args)
        .output()
        .unwrap()
}

/// A portal of two companies; Hooli's ARR property holds `n/a`.
async fn portal() -> MockServer {
    let server = MockServer::start().await;
    basics(&server).await;
    objects(&server, "contacts", vec![]).await;
    objects(&server, "tickets", vec![]).await;
    let companies = vec![
        company(
            "501",
            json!({ "name": "Hooli", "arr_usd": "n/a", "renewal_date": "2027-03-01" }),
            &[],
            &[],
        ),
        company(
            "502",
            json!({ "name": "Initech", "arr_usd": "80000", "renewal_date": "2027-05-01" }),
            &[],
            &[],
        ),
    ];
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/companies"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(companies, None)))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn the_account_names_the_record_property_and_value_to_fix() {
    let server = portal().await;
    let data = tempfile::tempdir().unwrap();
    let (_dir, config) = common::config::file(&format!(
        "[source]\nkind = \"hubspot\"\nbase_url = \"{}\"\ntoken_env = \"ORIENTEER_TEST_HS\"\n\
         [source.fields]\narr = \"arr_usd\"\nrenewal_date = \"renewal_date\"\n",
        server.uri()
    ));
    let (cfg, dir) = (config.clone(), data.path().to_path_buf());
    let json_out = tokio::task::spawn_blocking(move || {
        run(&cfg, &dir, &["account", "501", "--format", "json"])
    })
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&json_out.stderr);
    assert_eq!(json_out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("account 501 (Hooli): field arr (arr_usd): cannot read `n/a` as a number"),
        "{stderr}"
    );
    let detail: Value = serde_json::from_slice(&json_out.stdout).unwrap();
    assert_eq!(detail["arr"], Value::Null);
    assert_eq!(
        detail["field_problems"],
        json!([{ "field": "arr", "property": "arr_usd", "value": "n/a", "expected": "a number" }])
    );

    // The cache keeps it: offline, the account still says so.
    let (cfg, dir) = (config.clone(), data.path().to_path_buf());
    let text_out =
        tokio::task::spawn_blocking(move || run(&cfg, &dir, &["--offline", "account", "501"]))
            .await
            .unwrap();
    let text = String::from_utf8_lossy(&text_out.stdout);
    assert_eq!(text_out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&text_out.stderr).contains("field arr (arr_usd)"),
        "from the cache too, the load warns of it"
    );
    assert!(text.contains("ARR unknown (bad value in CRM)"), "{text}");
    assert!(
        text.contains("the CRM record has a bad value in arr_usd: 'n/a' (expected a number)"),
        "{text}"
    );

    // The table's ARR column says `?` for it, a number for the other.
    let (cfg, dir) = (config.clone(), data.path().to_path_buf());
    let table = tokio::task::spawn_blocking(move || run(&cfg, &dir, &["--offline", "watchlist"]))
        .await
        .unwrap();
    let table = String::from_utf8_lossy(&table.stdout);
    let row = |name: &str| {
        table
            .lines()
            .find(|l| l.contains(name))
            .unwrap()
            .to_string()
    };
    assert!(row("Hooli").contains(" ? "), "{table}");
    assert!(row("Initech").contains(" 80000 "), "{table}");
}

/// A customer's record: a name, a renewal date, and an ARR the CRM holds
/// as text.
fn hooli() -> Account {
    Account {
        id: "501".into(),
        name: "Hooli".into(),
        owner: Some("Dana Reyes".into()),
        renewal_date: today().checked_add_days(chrono::Days::new(120)),
        field_problems: vec![FieldProblem::new("arr", "arr_usd", "n/a", "a number")],
        ..Account::default()
    }
}

#[test]
fn the_account_view_header_says_the_arr_is_a_bad_value() {
    let other = Account {
        id: "502".into(),
        name: "Initech".into(),
        arr: Some(80_000.0),
        ..Account::default()
    };
    let mut h = Harness::with_accounts(vec![hooli(), other], 80, 24, false);
    let list = h.screen();
    let row = list.lines().find(|l| l.contains("Hooli")).unwrap();
    assert!(row.contains(" ? "), "the ARR column: {list}");
    h.chars("/hooli");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    let screen = h.screen();
    let header = screen.lines().nth(1).unwrap();
    assert!(
        header.contains("ARR unknown (bad value in CRM)"),
        "{header}"
    );
    assert!(
        screen.contains("the CRM record has a bad value in arr_usd: 'n/a'"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}
