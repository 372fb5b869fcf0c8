//! `[[views]]` in the config file: good views load, bad ones name the
//! file, line, column and key.

use orienteer::config::{load, Config};
use orienteer::domain::portfolio::SortKey;
use orienteer::domain::{Band, Engine, Model};
use orienteer::saved_views::{all, Column, Owner};
use std::path::Path;

mod common;
use common::config::file;

const GOOD: &str = r#"me = "Dana Reyes"

[[views]]
name = "My renewals"
owner = "me"
renewal_within = 60
bands = ["poor", "average"]
sort = "renewal"
reverse = true
columns = ["renew", "arr", "owner"]

[[views]]
name = "Attention"
stage = "established"
text = "north"
follow_up_due = true
behind = true
"#;

#[test]
fn good_views_load_and_follow_the_built_ins() {
    let (_dir, path) = file(GOOD);
    let loaded = load(Some(&path)).unwrap();
    let views = &loaded.config.views;
    assert_eq!(views.len(), 2);
    let mine = &views[0];
    assert_eq!(mine.name, "My renewals");
    assert_eq!(mine.owner, Some(Owner::Me));
    assert_eq!(mine.renewal_within, Some(60));
    assert_eq!(mine.bands, [Band::Poor, Band::Average]);
    assert_eq!((mine.sort, mine.reverse), (SortKey::Renewal, true));
    assert_eq!(
        mine.columns.as_deref(),
        Some(&[Column::Renew, Column::Arr, Column::Owner][..])
    );
    let f = mine.filter(&loaded.engine, Some("Dana Reyes")).unwrap();
    assert_eq!(f.owner.as_deref(), Some("Dana Reyes"));
    // Defaults of a view: attention order, every column.
    let replaced = &views[1];
    assert_eq!(
        (replaced.sort, replaced.reverse),
        (SortKey::Attention, false)
    );
    assert_eq!(replaced.columns, None);
    assert!(replaced.follow_up_due);
    assert!(replaced.behind && !mine.behind, "behind: set, or false");
    let f = replaced.filter(&loaded.engine, None).unwrap();
    assert!(f.behind, "the view's filter keeps only those behind");
    // "Attention" replaces the built-in in place; the new view comes last.
    let listed = all(&loaded.engine, views);
    let names: Vec<&str> = listed.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Attention",
            "Renewals in 90 days at risk",
            "Onboarding behind",
            "Follow-ups due",
            "My renewals"
        ]
    );
    assert_eq!(
        listed[0].stage.as_ref().map(|s| s.as_str()),
        Some("established")
    );
    // No views in the file: none of its own, the built-ins still there.
    let none = Config::parse("", Path::new("c.toml")).unwrap();
    assert!(none.views.is_empty());
    let engine = Engine::new(Model::default()).unwrap();
    assert_eq!(all(&engine, &none.views).len(), 4);
}

#[test]
fn bad_views_name_file_line_and_key() {
    let cases: Vec<(&str, &str, &str, &str)> = vec![
        (
            "[[views]]\nname = \"x\"\nstage = \"nope\"\n",
            "3:9",
            "views[0].stage",
            "unknown stage `nope`; stages are onboarding, established, pre_renewal",
        ),
        (
            "[[views]]\nname = \"x\"\nbands = [\"poor\", \"red\"]\n",
            "3:18",
            "views[0].bands[1]",
            "unknown band `red`; bands are",
        ),
        (
            "[[views]]\nname = \"x\"\n\n[[views]]\nname = \"y\"\nsort = \"size\"\n",
            "6:8",
            "views[1].sort",
            "unknown sort `size`; sorts are attention, health, renewal, arr, name, alerts, overdue",
        ),
        (
            "[[views]]\nname = \"x\"\ncolumns = [\"why\", \"Risks\"]\n",
            "3:19",
            "views[0].columns[1]",
            "unknown column `Risks`; columns are owner, stage, arr, renew, alerts, overdue, why, next_play",
        ),
        (
            "[[views]]\nname = \"x\"\nowner = \"me\"\n",
            "3:9",
            "views[0].owner",
            "`me` needs `me = \"Your Name\"`",
        ),
        (
            "[[views]]\nname = \"x\"\n[[views]]\nname = \"X\"\n",
            "4:8",
            "views[1].name",
            "a view named \"X\" is given twice",
        ),
        (
            "[[views]]\nname = \"x\"\ncolour = \"red\"\n",
            "3:1",
            "views[0].colour",
            "unknown field `colour`",
        ),
        (
            "[[views]]\nsort = \"name\"\n",
            "1:1",
            "views[0]",
            "missing field `name`",
        ),
        (
            "[[views]]\nname = \"x\"\nrenewal_within = -3\n",
            "3:18",
            "views[0].renewal_within",
            "invalid value: integer `-3`, expected u32",
        ),
    ];
    for (text, place, key, message) in cases {
        let (_dir, path) = file(text);
        let err = match load(Some(&path)) {
            Ok(_) => panic!("should not load:\n{text}"),
            Err(e) => e,
        };
        assert_eq!(err.exit_code(), 2);
        let want = format!("{}:{place}: {key}: {message}", path.display());
        assert!(
            err.to_string().starts_with(&want),
            "{text}\ngot:  {err}\nwant: {want}"
        );
    }
}
