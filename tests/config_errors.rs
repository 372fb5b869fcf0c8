//! Bad config files, for real: every problem is reported with its file,
//! line:column, key path and what was expected, and never panics.

use orienteer::config::{self, example, load, load_with, Config, ConfigError, Origin};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

mod common;
use common::config::file;

fn load_error(text: &str) -> (String, PathBuf, TempDir) {
    let (dir, path) = file(text);
    match load(Some(&path)) {
        Ok(_) => panic!("this config should not load:\n{text}"),
        Err(e) => {
            assert_eq!(e.exit_code(), 2);
            (e.to_string(), path, dir)
        }
    }
}

const PLAY_A: &str =
    "[[plays]]\nid = \"a\"\nstage = \"onboarding\"\ntitle = \"A\"\ntrigger = \"manual\"\n";
const PLAY_B: &str =
    "[[plays]]\nid = \"b\"\nstage = \"any\"\ntitle = \"B\"\ntrigger = \"band poor\"\n";

#[test]
fn bad_configs_name_file_line_column_key_and_expectation() {
    let three_plays = |third: &str| format!("{PLAY_A}{PLAY_B}{third}");
    let cases: Vec<(&str, String, &str, &str, &str)> = vec![
        (
            "wrong type",
            "[alerts.usage_decline]\nseverity = \"critical\"\nthreshold = \"high\"\n".into(),
            "3:13",
            "alerts.usage_decline.threshold",
            "invalid type: string \"high\", expected f64",
        ),
        (
            "wrong type for an integer",
            "# renewal window\n[lifecycle]\npre_renewal_days = -5\n".into(),
            "3:20",
            "lifecycle.pre_renewal_days",
            "invalid value: integer `-5`, expected u32",
        ),
        (
            "unknown top-level key",
            "# look\ncolour = true\n[lifecycle]\npre_renewal_days = 60\n".into(),
            "2:1",
            "colour",
            "unknown field `colour`, expected one of `lifecycle`, `stages`, `milestones`",
        ),
        (
            "unknown key below a table header",
            "[lifecycle]\npre_renewal_days = 60\n\ncolour = true\n".into(),
            "4:1",
            "lifecycle.colour",
            "unknown field `colour`, expected `pre_renewal_days`",
        ),
        (
            "wrong type for a switch",
            "# snoozes\n[snooze]\nwrite_back = \"yes\"\n".into(),
            "3:14",
            "snooze.write_back",
            "invalid type: string \"yes\", expected a boolean",
        ),
        (
            "unknown key under [snooze]",
            "[snooze]\nwriteback = true\n".into(),
            "2:1",
            "snooze.writeback",
            "unknown field `writeback`, expected `write_back`",
        ),
        (
            "unknown top-level table",
            "[theme]\ncolour = true\n".into(),
            "1:2",
            "theme",
            "unknown field `theme`, expected one of `lifecycle`, `stages`",
        ),
        (
            "unknown nested key",
            "[health.weights.onboarding]\nbusiness_outcome = 1.0\n".into(),
            "2:1",
            "health.weights.onboarding.business_outcome",
            "unknown field `business_outcome`, expected one of `business_outcomes`",
        ),
        (
            "unknown key in a list item",
            format!("{PLAY_A}{PLAY_B}  colour = \"red\"\n"),
            "11:3",
            "plays[1].colour",
            "unknown field `colour`",
        ),
        (
            "bad trigger",
            three_plays("[[plays]]\nid = \"c\"\nstage = \"any\"\ntitle = \"C\"\ntrigger = \"band blue\"\n"),
            "15:11",
            "plays[2].trigger",
            "unknown band `blue`; bands are poor, average, good, unknown",
        ),
        (
            "trigger that is no rule at all",
            three_plays("[[plays]]\nid = \"c\"\nstage = \"any\"\ntitle = \"C\"\ntrigger = \"whenever\"\n"),
            "15:11",
            "plays[2].trigger",
            "write `band BAND`, `alert ALERT_ID`",
        ),
        (
            "bad expected_by",
            "[[milestones]]\nid = \"kickoff\"\nstage = \"onboarding\"\ntitle = \"Kickoff\"\nexpected_by = \"contract_start + 7\"\n".into(),
            "5:15",
            "milestones[0].expected_by",
            "`contract_start + 7` is not an expected time: write ANCHOR + Nd",
        ),
        (
            "unknown stage in a play",
            three_plays("[[plays]]\nid = \"c\"\nstage = \"renewal\"\ntitle = \"C\"\ntrigger = \"manual\"\n"),
            "13:9",
            "plays[2].stage",
            "unknown stage `renewal`; stages are onboarding, established, pre_renewal",
        ),
        (
            "unknown milestone anchor",
            [
                ("kickoff", "contract_start + 7d"),
                ("first_value", "contract_start + 30d"),
                ("extra", "first_valeu + 10d"),
            ]
            .iter()
            .map(|(id, by)| {
                format!("[[milestones]]\nid = \"{id}\"\nstage = \"onboarding\"\ntitle = \"{id}\"\nexpected_by = \"{by}\"\n")
            })
            .collect(),
            "15:15",
            "milestones[2].expected_by",
            "unknown milestone `first_valeu`; milestones are kickoff, first_value, extra",
        ),
        (
            "negative weight",
            "[health.weights.onboarding]\nbusiness_outcomes = 0.5\nproduct_engagement = -0.25\n\n[health.weights.established]\n[health.weights.pre_renewal]\n".into(),
            "3:22",
            "health.weights.onboarding.product_engagement",
            "weights must be zero or more",
        ),
        (
            "all weights zero",
            "[health.weights.onboarding]\nbusiness_outcomes = 0\nproduct_engagement = 0\nservice_utilization = 0\ncustomer_satisfaction = 0\nsupport_operations = 0\n".into(),
            "1:1",
            "health.weights.onboarding",
            "at least one weight must be above zero",
        ),
        (
            "renewal curve shape out of range",
            "[attention]\nrenewal_near_days = 60\nrenewal_near_shape = 20.0\n".into(),
            "3:22",
            "attention.renewal_near_shape",
            "expected an exponent from 0.1 to 10, got 20",
        ),
        (
            "bands out of order",
            "[health.bands]\ngood = 40.0\naverage = 70.0\n".into(),
            "1:1",
            "health.bands",
            "need 0 <= average <= good <= 100, got average 70 and good 40",
        ),
        (
            "bad key spec in a list",
            "[keys]\nquit = [\"q\", \"ctrl-\", \"x\"]\n".into(),
            "2:14",
            "keys.quit[1]",
            "`ctrl-` is not a key: unknown key name; write one character",
        ),
        (
            "bad single key spec",
            "[keys]\nbottom = \"shift-g\"\n".into(),
            "2:10",
            "keys.bottom",
            "write the shifted character itself (e.g. `G`) instead of shift-",
        ),
        (
            "key list of the wrong type",
            "[keys]\nhelp = 1\n".into(),
            "2:8",
            "keys.help",
            "invalid type: integer `1`, expected a key like \"q\" or a list of keys",
        ),
        (
            "unknown action",
            "[keys]\nup = [\"k\"]\njump = [\"J\"]\n".into(),
            "3:1",
            "keys.jump",
            "unknown action `jump`; actions are quit, up, down",
        ),
        (
            "key bound twice by the user",
            "[keys]\nfilter = [\"/\", \"x\"]\nrefresh = \"x\"\n".into(),
            "3:11",
            "keys.refresh",
            "`x` is also bound to `filter`",
        ),
        (
            "key bound twice with a default",
            "[keys]\nhelp = [\"?\", \"j\"]\n".into(),
            "2:14",
            "keys.help",
            "`j` is also bound to `down` by default; give `down` other keys too",
        ),
        (
            "ctrl-c is reserved",
            "[keys]\nrefresh = \"ctrl-c\"\n".into(),
            "2:11",
            "keys.refresh",
            "ctrl-c always quits",
        ),
        (
            "missing required field",
            "[[plays]]\nid = \"x\"\nstage = \"any\"\ntitle = \"X\"\n".into(),
            "1:1",
            "plays[0]",
            "missing field `trigger`",
        ),
        (
            "alert limited to an unknown stage",
            "[alerts.support_backlog]\nstage = \"renewal\"\n".into(),
            "2:9",
            "alerts.support_backlog.stage",
            "unknown stage `renewal`; stages are onboarding, established, pre_renewal",
        ),
        (
            "a share out of range",
            "[health.engagement]\nadoption_share = 3.0\n".into(),
            "2:18",
            "health.engagement.adoption_share",
            "expected a share from 0 to 1, got 3",
        ),
        (
            "not a number",
            "[health.engagement]\nadoption_share = nan\n".into(),
            "2:18",
            "health.engagement.adoption_share",
            "expected a share from 0 to 1, got NaN",
        ),
        (
            "a negative alert threshold",
            "[alerts.usage_decline]\nthreshold = -5.0\n".into(),
            "2:13",
            "alerts.usage_decline.threshold",
            "expected a percentage from 0 to 100, got -5",
        ),
        (
            "unknown enum value",
            "[alerts.health_drop]\nseverity = \"loud\"\n".into(),
            "2:12",
            "alerts.health_drop.severity",
            "unknown variant `loud`, expected one of `critical`, `warning`, `info`, `positive`",
        ),
        (
            "unknown source kind",
            "[source]\nkind = \"salesforce\"\n".into(),
            "2:8",
            "source.kind",
            "unknown variant `salesforce`, expected one of `demo`, `hubspot`, `rest`",
        ),
        (
            "demo size out of range",
            "[source]\nkind = \"demo\"\ndemo_size = 0\n".into(),
            "3:13",
            "source.demo_size",
            "expected 1 to 1000000 accounts, got 0",
        ),
        (
            "demo day not a date",
            "[source]\nkind = \"demo\"\ndemo_day = \"tomorrow\"\n".into(),
            "3:12",
            "source.demo_day",
            "expected a date like \"2026-12-03\", got `tomorrow`",
        ),
        (
            "unknown time zone",
            "# zone\n\ntimezone = \"Europe/Berlinn\"\n".into(),
            "3:12",
            "timezone",
            "unknown time zone `Europe/Berlinn`; expected \"local\" or an IANA name",
        ),
        (
            "time zone not a string",
            "timezone = 1\n".into(),
            "1:12",
            "timezone",
            "expected a string",
        ),
    ];
    for (name, text, at, key, expected) in cases {
        let (msg, path, _dir) = load_error(&text);
        let prefix = format!("{}:{at}: {key}: ", path.display());
        assert!(
            msg.starts_with(&prefix),
            "{name}: want prefix {prefix:?}, got\n{msg}"
        );
        assert!(
            msg.contains(expected),
            "{name}: want {expected:?} in\n{msg}"
        );
    }
}

#[test]
fn syntax_errors_give_line_and_column() {
    for (text, at, expected) in [
        (
            "[lifecycle\npre_renewal_days = 3\n",
            "1:11",
            "TOML syntax error: unclosed table, expected `]`",
        ),
        (
            "[lifecycle]\npre_renewal_days = \n",
            "2:20",
            "TOML syntax error: ",
        ),
        (
            "[keys]\nquit = \"q\"\nquit = \"x\"\n",
            "3:1",
            "TOML syntax error: duplicate key `quit`",
        ),
        (
            "stages = [\n",
            "1:11",
            "TOML syntax error: unclosed array, expected `]`",
        ),
    ] {
        let (msg, path, _dir) = load_error(text);
        let prefix = format!("{}:{at}: {expected}", path.display());
        assert!(
            msg.starts_with(&prefix),
            "want prefix {prefix:?}, got\n{msg}"
        );
    }
}

#[test]
fn defaults_that_no_longer_fit_are_explained() {
    // New stage ids, but the default milestones still name the old ones.
    // (Default weights of stages the file drops are simply not used.)
    let text = "[[stages]]\nid = \"trial\"\ntitle = \"Trial\"\nstarts = \"contract_start\"\n";
    let (msg, path, _dir) = load_error(text);
    assert_eq!(
        msg,
        format!(
            "{}: milestones[0].stage: unknown stage `onboarding`; stages are trial \
             (a built-in default, since the file does not set `milestones`)",
            path.display()
        )
    );
}

#[test]
fn a_missing_file_given_by_flag_or_env_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.toml");
    let err = load(Some(&path)).unwrap_err();
    assert!(matches!(
        err,
        ConfigError::NotFound {
            origin: Origin::Flag,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        format!(
            "{}: no such config file (given by --config)",
            path.display()
        )
    );
    assert_eq!(err.exit_code(), 2);
    let err = load_with(None, Some(path.clone().into()), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: no such config file (given by ORIENTEER_CONFIG)",
            path.display()
        )
    );
}

#[test]
fn an_unreadable_file_names_path_and_os_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = load(Some(dir.path())).unwrap_err();
    assert!(matches!(err, ConfigError::Read { .. }), "{err}");
    let msg = err.to_string();
    assert!(
        msg.starts_with(&format!(
            "{}: cannot read the config file: ",
            dir.path().display()
        )),
        "{msg}"
    );
    let (_dir, path) = file("");
    std::fs::write(&path, [0xff, 0xfe, b'\n']).unwrap();
    let msg = load(Some(&path)).unwrap_err().to_string();
    assert!(
        msg.contains("cannot read the config file") && msg.contains("UTF-8"),
        "{msg}"
    );
}

#[test]
fn never_panics_on_mangled_input() {
    let text = example().as_bytes();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let junk = b"[]=\"'.,#\n -0x{}ab";
    for _ in 0..400 {
        let mut bytes = text.to_vec();
        for _ in 0..(next() % 4 + 1) {
            // A truncation can leave nothing to mangle.
            if bytes.is_empty() {
                break;
            }
            let at = (next() as usize) % bytes.len();
            match next() % 3 {
                0 => {
                    bytes.remove(at);
                }
                1 => bytes.insert(at, junk[(next() as usize) % junk.len()]),
                _ => bytes.truncate(at),
            }
        }
        let mangled = String::from_utf8_lossy(&bytes);
        if let Err(e) = Config::parse(&mangled, Path::new("m.toml")) {
            assert!(e.to_string().starts_with("m.toml"), "{e}");
        }
    }
    let _ = config::cmd_path(Some(Path::new("/nonexistent/dir/config.toml")));
}

#[test]
fn odd_key_names_are_quoted_and_still_located() {
    let (msg, path, _dir) = load_error("[keys]\n\"a.b\" = \"x\"\n");
    let want = format!("{}:2:1: keys.\"a.b\": unknown action `a.b`", path.display());
    assert!(msg.starts_with(&want), "{msg}");
    let text = "[[stages]]\nid = \"a.b\"\ntitle = \"T\"\nstarts = \"contract_start\"\n\n\
                [health.weights.\"a.b\"]\nnps = 1\n";
    let (msg, path, _dir) = load_error(text);
    let want = format!(
        "{}:7:1: health.weights.\"a.b\".nps: unknown field `nps`",
        path.display()
    );
    assert!(msg.starts_with(&want), "{msg}");
    let (msg, path, _dir) = load_error(&text.replace("nps = 1", "support_operations = -1"));
    let want = format!(
        "{}:7:22: health.weights.\"a.b\".support_operations: weights must be zero or more, at most 100",
        path.display()
    );
    assert_eq!(msg, want);
}

#[test]
fn a_bad_sync_interval_is_named_at_its_key() {
    let (msg, path, _dir) = load_error("[sync]\ninterval = \"5x\"\n");
    assert!(
        msg.starts_with(&format!("{}:2:12: sync.interval:", path.display())),
        "{msg}"
    );
    assert!(msg.contains("not an interval"), "{msg}");
}
