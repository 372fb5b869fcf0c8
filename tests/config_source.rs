//! `[source]` and `[usage]`: the demo, HubSpot and REST kinds, each key
//! read, each problem located at its file, line and key; and the binary
//! building the configured source (a token never read at parse time).

use orienteer::config::{load, SourceConfig, TokenSource, UsageConfig};
use orienteer::source::mapping::Field;
use orienteer::source::usage::MatchOn;
use serde_json::json;
use wiremock::matchers::{header, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;
use common::config::file;

#[test]
fn hubspot_with_its_field_and_milestone_mapping() {
    let text = "[source]\nkind = \"hubspot\"\ntoken_env = \"HUBSPOT_TOKEN\"\n\
                [source.fields]\nowner = \"cs_owner_email\"\narr = \"arr_usd\"\n\
                [source.milestones]\nkickoff = \"ms_kickoff\"\n";
    let (_dir, path) = file(text);
    let config = load(Some(&path)).unwrap().config;
    let SourceConfig::Hubspot {
        base_url,
        token,
        map,
    } = config.source
    else {
        panic!("{:?}", config.source)
    };
    assert_eq!(base_url, "https://api.hubapi.com");
    assert_eq!(token, TokenSource::Env("HUBSPOT_TOKEN".into()));
    assert_eq!(map.property(Field::Owner), Some("cs_owner_email"));
    assert_eq!(map.property(Field::Arr), Some("arr_usd"));
    assert_eq!(map.milestones.len(), 1);
    assert_eq!(config.usage, None);
}

#[test]
fn rest_with_a_token_command_and_a_usage_feed() {
    let text = "[source]\nkind = \"rest\"\nbase_url = \"https://crm.example.com/api\"\n\
                token_cmd = \"pass show crm\"\n\n[usage]\nkind = \"rest\"\n\
                base_url = \"http://127.0.0.1:8080\"\ntoken_env = \"USAGE_TOKEN\"\nmatch_on = \"id\"\n";
    let (_dir, path) = file(text);
    let config = load(Some(&path)).unwrap().config;
    assert_eq!(
        config.source,
        SourceConfig::Rest {
            base_url: "https://crm.example.com/api".into(),
            token: TokenSource::Cmd("pass show crm".into()),
        }
    );
    assert_eq!(
        config.usage,
        Some(UsageConfig {
            base_url: "http://127.0.0.1:8080".into(),
            token: TokenSource::Env("USAGE_TOKEN".into()),
            match_on: MatchOn::Id,
        })
    );
    // match_on defaults to the domain.
    let text = "[usage]\nkind = \"rest\"\nbase_url = \"https://u.example\"\ntoken_env = \"T\"\n";
    let (_dir, path) = file(text);
    let usage = load(Some(&path)).unwrap().config.usage.unwrap();
    assert_eq!(usage.match_on, MatchOn::Domain);
}

#[test]
fn source_problems_are_located_at_their_key() {
    const HS: &str = "[source]\nkind = \"hubspot\"\ntoken_env = \"HS\"\n";
    let cases: Vec<(&str, String, &str, &str, &str)> = vec![
        (
            "unknown canonical field",
            format!("{HS}[source.fields]\nowner = \"o\"\nownr = \"x\"\n"),
            "6:1",
            "source.fields.ownr",
            "unknown field `ownr`; fields are name, domain, owner, segment",
        ),
        (
            "unknown milestone id",
            format!("{HS}[source.milestones]\nkickof = \"ms\"\n"),
            "5:1",
            "source.milestones.kickof",
            "unknown milestone `kickof`; milestones are kickoff, admin_setup",
        ),
        (
            "bad URL",
            "[source]\nkind = \"rest\"\nbase_url = \"not a url\"\ntoken_env = \"T\"\n".into(),
            "3:12",
            "source.base_url",
            "`not a url` is not a URL",
        ),
        (
            "plain http to another host",
            "[source]\nkind = \"rest\"\nbase_url = \"http://crm.example.com\"\ntoken_env = \"T\"\n"
                .into(),
            "3:12",
            "source.base_url",
            "plain http:// is allowed only to this machine",
        ),
        (
            "both token keys",
            format!("{HS}token_cmd = \"pass show hs\"\n"),
            "4:13",
            "source.token_cmd",
            "give token_env or token_cmd, not both",
        ),
        (
            "no token",
            "[source]\nkind = \"rest\"\nbase_url = \"https://x.example\"\n".into(),
            "1:1",
            "source",
            "a token is required: set token_env",
        ),
        (
            "REST without base_url",
            "[source]\nkind = \"rest\"\ntoken_env = \"T\"\n".into(),
            "1:1",
            "source",
            "`base_url` is required",
        ),
        (
            "a key of another kind",
            "[source]\nkind = \"demo\"\ntoken_env = \"T\"\n".into(),
            "3:1",
            "source.token_env",
            "`token_env` is not used by kind = \"demo\"",
        ),
        (
            "a mapping for REST",
            "[source]\nkind = \"rest\"\nbase_url = \"https://x.example\"\ntoken_env = \"T\"\n\
             [source.fields]\nowner = \"o\"\n"
                .into(),
            "5:9",
            "source.fields",
            "the REST contract sends canonical accounts",
        ),
        (
            "unknown key",
            format!("{HS}tokn = \"x\"\n"),
            "4:1",
            "source.tokn",
            "unknown field `tokn`",
        ),
        (
            "usage: bad match_on",
            "[usage]\nkind = \"rest\"\nbase_url = \"https://x.example\"\ntoken_env = \"T\"\n\
             match_on = \"name\"\n"
                .into(),
            "5:12",
            "usage.match_on",
            "unknown variant `name`, expected `domain` or `id`",
        ),
        (
            "usage: http to another host",
            "[usage]\nkind = \"rest\"\nbase_url = \"http://10.0.0.1\"\ntoken_env = \"T\"\n".into(),
            "3:12",
            "usage.base_url",
            "use https:// for 10.0.0.1",
        ),
        (
            "usage: both token keys",
            "[usage]\nkind = \"rest\"\nbase_url = \"https://x.example\"\ntoken_env = \"T\"\n\
             token_cmd = \"c\"\n"
                .into(),
            "5:13",
            "usage.token_cmd",
            "not both",
        ),
    ];
    for (name, text, at, key, expected) in cases {
        let (_dir, path) = file(&text);
        let e = load(Some(&path)).expect_err(name);
        assert_eq!(e.exit_code(), 2);
        let msg = e.to_string();
        let prefix = format!("{}:{at}: {key}: ", path.display());
        assert!(
            msg.starts_with(&prefix),
            "{name}: want {prefix:?}, got\n{msg}"
        );
        assert!(
            msg.contains(expected),
            "{name}: want {expected:?} in\n{msg}"
        );
    }
}

fn orienteer(config: &str, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let (_dir, path) = file(config);
    // The shared data and state dirs, on this config.
    common::binary::plain()
        .env("ORIENTEER_CONFIG", &path)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

#[test]
fn a_missing_token_variable_is_named_and_exits_2() {
    let config = "[source]\nkind = \"rest\"\nbase_url = \"https://x.example\"\n\
                  token_env = \"ORIENTEER_TEST_NO_SUCH_TOKEN\"\n";
    let out = orienteer(config, &["watchlist"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ORIENTEER_TEST_NO_SUCH_TOKEN (token_env) is not set"),
        "{err}"
    );
    // `--demo` needs no token.
    let out = orienteer(config, &["watchlist", "--demo", "--limit", "1"], &[]);
    assert_eq!(out.status.code(), Some(0));
}

/// The binary reads a HubSpot portal (a loopback server answering with
/// the documented shapes) through the configured field mapping.
#[tokio::test]
async fn the_binary_reads_the_configured_hubspot_portal() {
    let server = MockServer::start().await;
    Mock::given(path("/crm/v3/objects/companies"))
        .and(header("authorization", "Bearer hs-token-42"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "results": [{
                "id": "501",
                "properties": {
                    "name": "Portal Co", "domain": "portal.example",
                    "hs_object_id": "501", "cs_owner": "Dana Reyes",
                    "arr_usd": "120000", "renewal_date": "2027-03-01",
                    "hs_lastmodifieddate": "2026-11-20T10:00:00.000Z"
                },
                "archived": false
            }],
        })))
        .mount(&server)
        .await;
    let config = format!(
        "[source]\nkind = \"hubspot\"\nbase_url = \"{}\"\ntoken_cmd = \"printf hs-token-42\"\n\
         [source.fields]\nowner = \"cs_owner\"\narr = \"arr_usd\"\nrenewal_date = \"renewal_date\"\n",
        server.uri()
    );
    let out = tokio::task::spawn_blocking(move || {
        orienteer(&config, &["watchlist", "--format", "json"], &[])
    })
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("hs-token-42"), "{stderr}");
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items[0]["id"], "501");
    assert_eq!(items[0]["name"], "Portal Co");
    assert_eq!(items[0]["owner"], "Dana Reyes");
    assert_eq!(items[0]["arr"].as_f64(), Some(120000.0));
    assert_eq!(items[0]["renewal_date"], "2027-03-01");
}

#[tokio::test]
async fn the_binary_reads_the_configured_rest_source() {
    let server = MockServer::start().await;
    Mock::given(path("/accounts"))
        .and(header("authorization", "Bearer tok-123456"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "accounts": [{"id": "R1", "name": "Rest Co", "arr": 5000,
                          "contract_start": "2026-01-01", "renewal_date": "2027-01-01"}],
            "next_cursor": null
        })))
        .mount(&server)
        .await;
    let config = format!(
        "[source]\nkind = \"rest\"\nbase_url = \"{}\"\ntoken_cmd = \"printf tok-123456\"\n",
        server.uri()
    );
    let out = tokio::task::spawn_blocking(move || {
        orienteer(&config, &["watchlist", "--format", "json"], &[])
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let items: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(items[0]["id"], "R1");
    assert_eq!(items[0]["arr"], 5000.0);
}
