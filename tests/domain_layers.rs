//! The domain's imports form a tree: no module imports one that imports it
//! back. That the domain imports nothing from the layers above it is
//! tests/layers.rs's (every module's row).

mod src_scan;

use src_scan::files;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const DOMAIN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/domain");

/// The top-level domain module a path under src/domain belongs to.
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(DOMAIN).unwrap();
    let first = rel.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_string()
}

/// The domain modules named by `crate::domain::X` or `super::X` paths in
/// `text` (a file `depth` folders below src/domain).
fn imports(text: &str, depth: usize, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let supers = "super::".repeat(depth + 1);
    let mut out = BTreeSet::new();
    for prefix in ["crate::domain::", supers.as_str()] {
        for (i, _) in text.match_indices(prefix) {
            // `super::super::x` also contains `super::x`: take the longest.
            if prefix.starts_with("super") && text[..i].ends_with("super::") {
                continue;
            }
            let rest = &text[i + prefix.len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if modules.contains(&name) {
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn domain_imports_form_a_tree() {
    let mut paths = Vec::new();
    files(Path::new(DOMAIN), &mut paths);
    let modules: BTreeSet<String> = paths
        .iter()
        .map(|p| module_of(p))
        .filter(|m| m != "mod")
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in &paths {
        let module = module_of(path);
        if module == "mod" || module == "tests" {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        // Test modules may reach anywhere.
        let code = src_scan::production(&text);
        let rel = path.strip_prefix(DOMAIN).unwrap();
        let mut depth = rel.components().count() - 1;
        if rel.file_name().is_some_and(|f| f != "mod.rs") && depth > 0 {
            // A file beside a folder's mod.rs is one level further down.
            depth += 1;
        }
        let uses = imports(code, depth.saturating_sub(1), &modules);
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(uses.into_iter().filter(|m| *m != module));
    }
    // Depth-first search for a cycle.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if let Some(i) = path.iter().position(|p| p == m) {
            panic!("import cycle: {} -> {m}", path[i..].join(" -> "));
        }
        if done.contains(m) {
            return;
        }
        path.push(m.to_string());
        for next in graph.get(m).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
        done.insert(m.to_string());
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        visit(m, &graph, &mut Vec::new(), &mut done);
    }
    assert!(
        graph["vocab"].is_empty(),
        "vocab is a leaf: {:?}",
        graph["vocab"]
    );
    assert!(
        graph["alert"].contains("engine"),
        "the graph is read: {graph:?}"
    );
}

#[test]
fn the_domain_does_no_io_and_reads_no_clock() {
    // What only the layers above may touch: files, the network, threads,
    // the runtime, the terminal, the store, the environment, the time.
    const FORBIDDEN: [&str; 11] = [
        "std::fs",
        "std::net",
        "std::thread",
        "std::env",
        "tokio",
        "reqwest",
        "rusqlite",
        "crossterm",
        "ratatui",
        "Utc::now",
        "Local::now",
    ];
    let mut paths = Vec::new();
    files(Path::new(DOMAIN), &mut paths);
    let mut found = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        for word in FORBIDDEN {
            if src_scan::production(&text).contains(word) {
                found.push(format!("{}: {word}", path.display()));
            }
        }
    }
    assert!(found.is_empty(), "the domain is pure: {found:#?}");
}
