//! Good config files, for real: where the file is found, overrides that
//! take effect, and the example file, which is exactly the defaults.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orienteer::config::{example, load, load_with, locate_with, Config, Origin, SourceConfig};
use orienteer::domain::Model;
use orienteer::keymap::{Action, KeySpec, Keymap, Screen};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

mod common;
use common::config::file;

const PLAY_B: &str =
    "[[plays]]\nid = \"b\"\nstage = \"any\"\ntitle = \"B\"\ntrigger = \"band poor\"\n";

#[test]
fn a_missing_platform_file_means_defaults_and_demo_data() {
    let dir = tempfile::tempdir().unwrap();
    let platform = dir.path().join("orienteer").join("config.toml");
    let loaded = load_with(None, None, Some(platform.clone())).unwrap();
    assert!(loaded.is_defaults());
    assert_eq!(loaded.config, Config::default());
    assert_eq!(
        loaded.config.source,
        SourceConfig::Demo {
            size: 300,
            day: None
        }
    );
    assert_eq!(loaded.location, Some((platform, Origin::Platform)));
    let loaded = load_with(None, None, None).unwrap();
    assert!(loaded.is_defaults() && loaded.location.is_none());
}

#[test]
fn flag_beats_env_beats_platform() {
    let flag = Path::new("/from/flag.toml");
    let env = || Some(OsString::from("/from/env.toml"));
    let platform = || Some(PathBuf::from("/from/platform/config.toml"));
    assert_eq!(
        locate_with(Some(flag), env(), platform()),
        Some((flag.to_path_buf(), Origin::Flag))
    );
    assert_eq!(
        locate_with(None, env(), platform()),
        Some(("/from/env.toml".into(), Origin::Env))
    );
    assert_eq!(
        locate_with(None, None, platform()),
        Some(("/from/platform/config.toml".into(), Origin::Platform))
    );
    assert_eq!(locate_with(None, None, None), None);

    // And the file that wins is the one read.
    let (_a, env_file) = file("[lifecycle]\npre_renewal_days = 30\n");
    let (_b, platform_file) = file("[lifecycle]\npre_renewal_days = 60\n");
    let (_c, flag_file) = file("[lifecycle]\npre_renewal_days = 120\n");
    let days = |flag: Option<&Path>, env: Option<&Path>| {
        let loaded = load_with(flag, env.map(|e| e.into()), Some(platform_file.clone())).unwrap();
        loaded.config.model.lifecycle.pre_renewal_days
    };
    assert_eq!(days(Some(&flag_file), Some(&env_file)), 120);
    assert_eq!(days(None, Some(&env_file)), 30);
    assert_eq!(days(None, None), 60);
}

#[test]
fn valid_overrides_take_effect() {
    let text = format!(
        "[lifecycle]\npre_renewal_days = 120\n\n{PLAY_B}steps = [\"one\", \"two\"]\nfollow_up_days = 3\n\n\
         [keys]\ndown = [\"J\", \"ctrl-n\"]\nnext_account = [\"right\"]\nfilter = \"f\"\n\n[source]\nkind = \"demo\"\ndemo_size = 25\n"
    );
    let (_dir, path) = file(&text);
    let loaded = load(Some(&path)).unwrap();
    assert!(!loaded.is_defaults());
    let config = &loaded.config;
    assert_eq!(config.path.as_deref(), Some(path.as_path()));
    assert_eq!(config.model.lifecycle.pre_renewal_days, 120);
    assert_eq!(loaded.engine.model.lifecycle.pre_renewal_days, 120);
    // The play list replaces the default list as a whole.
    assert_eq!(config.model.plays.len(), 1);
    let play = &config.model.plays[0];
    assert_eq!((play.id.as_str(), play.steps.len()), ("b", 2));
    assert_eq!((play.follow_up_days, play.priority), (Some(3), 0));
    // Everything else keeps its default.
    let defaults = Model::default();
    assert_eq!(config.model.stages, defaults.stages);
    assert_eq!(config.model.milestones, defaults.milestones);
    assert_eq!(config.model.health, defaults.health);
    assert_eq!(config.model.alerts, defaults.alerts);
    assert_eq!(
        config.source,
        SourceConfig::Demo {
            size: 25,
            day: None
        }
    );

    let keymap = config.keymap();
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    assert_eq!(
        keymap.action(Screen::List, &key(KeyCode::Char('J'))),
        Some(Action::Down)
    );
    assert_eq!(keymap.action(Screen::List, &key(KeyCode::Char('j'))), None);
    assert_eq!(keymap.action(Screen::List, &key(KeyCode::Down)), None);
    assert_eq!(
        keymap.action(Screen::List, &key(KeyCode::Char('f'))),
        Some(Action::Filter)
    );
    assert_eq!(
        keymap.action(Screen::List, &key(KeyCode::Char('k'))),
        Some(Action::Up)
    );
    let ctrl_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL);
    assert_eq!(keymap.action(Screen::List, &ctrl_n), Some(Action::Down));
}

#[test]
fn an_empty_file_is_the_defaults() {
    let (_dir, path) = file("# nothing here\n");
    let loaded = load(Some(&path)).unwrap();
    assert_eq!(loaded.config.model, Model::default());
    assert!(loaded.config.keys.is_empty());
    assert_eq!(loaded.config.source, SourceConfig::default());
}

#[test]
fn the_example_is_exactly_the_defaults() {
    let on_disk =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml"));
    assert_eq!(on_disk.unwrap(), example());
    let config = Config::parse(example(), Path::new("config.example.toml")).unwrap();
    assert_eq!(config.model, Model::default());
    assert_eq!(config.keymap(), Keymap::default());
    assert_eq!(config.source, SourceConfig::default());
    for action in Action::ALL {
        assert_eq!(
            config.keys.get(&action),
            Some(&action.default_keys()),
            "{action}"
        );
    }
}

/// Parsing the example back only proves it does not contradict the
/// defaults; this proves it writes every one of them out, so a new model
/// field cannot go undocumented.
#[test]
fn the_example_writes_out_every_default() {
    let mut written: toml::Table = toml::from_str(example()).unwrap();
    let keys = written.remove("keys").unwrap();
    let source = written.remove("source").unwrap();
    let zone = written.remove("timezone").unwrap();
    assert_eq!(zone.as_str(), Some("local"));
    let sync = written.remove("sync").unwrap();
    assert_eq!(sync["interval"].as_str(), Some("15m"));
    let mouse = written.remove("mouse").unwrap();
    assert_eq!(mouse.as_bool(), Some(Config::default().mouse));
    let http = written.remove("http").unwrap();
    assert_eq!(http.as_table().unwrap().len(), 6);
    let snooze = written.remove("snooze").unwrap();
    assert_eq!(snooze.as_table().unwrap().len(), 1);
    assert_eq!(snooze["write_back"].as_bool(), Some(false));
    let parsed = Config::parse(example(), Path::new("config.example.toml")).unwrap();
    assert_eq!(
        parsed.http,
        orienteer::source::http::Limits::default(),
        "[http] writes out the defaults"
    );
    let defaults = toml::Table::try_from(Model::default()).unwrap();
    assert_eq!(written, defaults);
    let keys = keys.as_table().unwrap();
    assert_eq!(keys.len(), Action::ALL.len());
    for action in Action::ALL {
        let listed: Vec<KeySpec> = keys[action.id()].clone().try_into().unwrap();
        assert_eq!(listed, action.default_keys(), "{action}");
    }
    let source = source.as_table().unwrap();
    assert_eq!(source.len(), 2);
    assert_eq!(source["kind"].as_str(), Some("demo"));
    assert_eq!(source["demo_size"].as_integer(), Some(300));
}

/// Every key of the example file is documented by a comment: the line
/// just above it, or a comment in its section that names it.
#[test]
fn the_example_comments_every_key() {
    for section in example().split("\n# ----") {
        let words: Vec<&str> = section
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .flat_map(|l| l.split(|c: char| !(c.is_alphanumeric() || c == '_')))
            .collect();
        let mut comment_above = false;
        for line in section.lines() {
            let line = line.trim();
            let is_key = !line.starts_with(['#', '[', '"']) && line.contains('=');
            if let Some((key, _)) = line.split_once('=').filter(|_| is_key) {
                let key = key.trim();
                assert!(
                    comment_above || words.contains(&key),
                    "`{key}` is not documented in config.example.toml"
                );
            }
            comment_above = line.starts_with('#');
        }
    }
}

#[test]
fn the_mouse_is_on_by_default_and_off_with_mouse_false() {
    assert!(Config::default().mouse);
    let path = Path::new("config.toml");
    assert!(Config::parse("", path).unwrap().mouse);
    assert!(!Config::parse("mouse = false\n", path).unwrap().mouse);
    assert!(Config::parse("mouse = \"no\"\n", path).is_err());
}

#[test]
fn the_sync_interval_is_read_and_off_turns_it_off() {
    use std::time::Duration;
    assert_eq!(
        Config::default().sync_interval,
        Some(Duration::from_secs(15 * 60))
    );
    let (_dir, path) = file("[sync]\ninterval = \"1h\"\n");
    let loaded = load(Some(&path)).unwrap();
    assert_eq!(loaded.config.sync_interval, Some(Duration::from_secs(3600)));
    let (_dir, path) = file("[sync]\ninterval = \"off\"\n");
    assert_eq!(load(Some(&path)).unwrap().config.sync_interval, None);
}
