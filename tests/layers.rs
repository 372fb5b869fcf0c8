//! The top-level modules form layers: each may use only the modules its
//! row of [`ALLOWED`] names, and every module of `src/` has a row, so a new
//! one must say where it sits. Comments and test code are left out: a doc
//! link may point anywhere, a test may reach anywhere.

mod src_scan;

use src_scan::files;
use std::collections::BTreeSet;
use std::path::Path;

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// Each module and what it may use, from the bottom up.
const ALLOWED: &[(&str, &[&str])] = &[
    ("domain", &[]),
    ("keymap", &[]),
    ("clock", &["domain"]),
    ("observe", &["domain"]),
    ("store", &["domain"]),
    ("source", &["domain", "clock", "observe", "store"]),
    ("saved_views", &["domain"]),
    (
        "config",
        &["domain", "clock", "keymap", "source", "saved_views"],
    ),
    ("outbox", &["domain", "observe", "store", "source"]),
    ("sync", &["domain", "observe", "store", "source", "config"]),
    (
        "app",
        &[
            "domain",
            "clock",
            "keymap",
            "observe",
            "store",
            "source",
            "saved_views",
            "config",
            "outbox",
            "sync",
        ],
    ),
    (
        "tui",
        &[
            "domain",
            "clock",
            "keymap",
            "observe",
            "source",
            "saved_views",
            "outbox",
            "app",
        ],
    ),
    (
        "cli",
        &[
            "domain",
            "clock",
            "keymap",
            "observe",
            "store",
            "source",
            "saved_views",
            "config",
            "outbox",
            "sync",
            "app",
            "tui",
        ],
    ),
];

/// The top-level modules: `src/NAME.rs` and `src/NAME/`, but the crate
/// roots.
fn modules() -> BTreeSet<String> {
    std::fs::read_dir(SRC)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            match (p.is_dir(), name.strip_suffix(".rs")) {
                (true, _) => Some(name),
                (false, Some(stem)) if stem != "lib" && stem != "main" => Some(stem.to_string()),
                _ => None,
            }
        })
        .collect()
}

/// The code of a file without its comments and its test module.
fn code(text: &str) -> String {
    let text = src_scan::production(text);
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules `text` names as `crate::NAME`.
fn uses(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    text.match_indices("crate::")
        .map(|(i, _)| {
            text[i + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| modules.contains(name))
        .collect()
}

#[test]
fn every_module_has_a_row() {
    let listed: BTreeSet<String> = ALLOWED.iter().map(|(m, _)| m.to_string()).collect();
    assert_eq!(
        modules(),
        listed,
        "every top-level module of src/ needs a row in ALLOWED, and only those"
    );
}

#[test]
fn each_module_uses_only_the_layers_below_it() {
    let modules = modules();
    let mut wrong = Vec::new();
    for (module, allowed) in ALLOWED {
        let mut paths = Vec::new();
        let dir = Path::new(SRC).join(module);
        files(&dir, &mut paths);
        files(&dir.with_extension("rs"), &mut paths);
        for path in paths {
            if path.components().any(|c| c.as_os_str() == "tests") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for used in uses(&code(&text), &modules) {
                if used != *module && !allowed.contains(&used.as_str()) {
                    wrong.push(format!("{} uses {used}", path.display()));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_rows_go_only_downwards() {
    for (i, (module, allowed)) in ALLOWED.iter().enumerate() {
        for used in *allowed {
            let below = ALLOWED[..i].iter().any(|(m, _)| m == used);
            assert!(below, "{module} may use {used}, which is not below it");
        }
    }
}
