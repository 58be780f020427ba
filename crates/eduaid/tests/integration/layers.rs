//! The library's modules form layers that point one way (see
//! `ARCHITECTURE.md`): a module names only modules of its own layer or
//! below, and no dependency cycle exists, not even within a layer.
//!
//! Dependencies are read from the source text, as the repository's hook
//! does: a `crate::name` path, a `super::` path that climbs to the crate
//! root, a name inside a `use crate::{..}` group, or a name `lib.rs`
//! re-exports from a module, in a module's non-test code (test modules,
//! `tests.rs` files and the fuzzing entry points are left out).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every top-level module of `src/`, by layer, lowest first. A new module
/// must be placed here.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "values",
        &[
            "calendar",
            "code",
            "dim",
            "error",
            "fxhash",
            "habits",
            "money",
            "name",
            "number",
            "read_options",
            "suggest",
            "table",
            "violation",
            "zh_number",
        ],
    ),
    (
        "registry",
        &[
            "area",
            "check_rule",
            "duty",
            "framework",
            "measure",
            "pairing",
            "plan",
            "school",
        ],
    ),
    ("programme", &["programme"]),
    ("ledger", &["intern", "ledger"]),
    (
        "readers",
        &["csv_io", "decode", "generate", "header", "open", "records"],
    ),
    (
        "analysis",
        &[
            "close",
            "compliance",
            "completeness",
            "facts",
            "progress",
            "report",
            "rules",
        ],
    ),
    ("presentation", &["dataset", "display", "summary"]),
];

/// A module's name and the text of its files.
type Sources = BTreeMap<String, Vec<(PathBuf, String)>>;

fn read_sources(src: &Path) -> (Sources, String) {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("readable")
            .map(|e| e.expect("readable").path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push((p.clone(), std::fs::read_to_string(&p).expect("UTF-8")));
            }
        }
    }
    let mut mods = Sources::new();
    for e in std::fs::read_dir(src).expect("the crate's src/") {
        let p = e.expect("readable").path();
        let name = p
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        if p.is_dir() {
            let mut files = Vec::new();
            walk(&p, &mut files);
            mods.insert(name, files);
        } else if p.extension().is_some_and(|x| x == "rs") && name != "lib" {
            let text = std::fs::read_to_string(&p).expect("UTF-8");
            mods.insert(name, vec![(p, text)]);
        }
    }
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    (mods, lib)
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn idents(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_ident(c)).filter(|w| !w.is_empty())
}

/// The identifier at the start of `text`.
fn ident_at(text: &str) -> &str {
    &text[..text.find(|c: char| !is_ident(c)).unwrap_or(text.len())]
}

/// Text without `//` comments (doc comments and their examples included).
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|l| l.find("//").map_or(l, |i| &l[..i]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The non-test code of a file: everything before a `#[cfg(test)]` or
/// fuzzing-only inline module (such a module runs to the end of its file).
fn code_of(path: &Path, text: &str) -> String {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return String::new();
    }
    let text = strip_comments(text);
    let mut cut = text.len();
    for attr in ["#[cfg(test)]", "#[cfg(feature = \"fuzzing\")]"] {
        let mut from = 0;
        while let Some(i) = text[from..].find(attr).map(|i| i + from) {
            let rest = text[i + attr.len()..].trim_start();
            let rest = rest
                .strip_prefix("pub(crate)")
                .or_else(|| rest.strip_prefix("pub"))
                .unwrap_or(rest)
                .trim_start();
            if let Some(rest) = rest.strip_prefix("mod ") {
                let after = rest.trim_start();
                if after[ident_at(after).len()..].trim_start().starts_with('{') {
                    cut = cut.min(i);
                    break;
                }
            }
            from = i + attr.len();
        }
    }
    text[..cut].to_owned()
}

/// Names `lib.rs` re-exports, with the module each comes from.
fn exported(lib: &str, mods: &BTreeSet<&str>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let lib = strip_comments(lib);
    for stmt in lib.split("pub use ").skip(1) {
        let stmt = &stmt[..stmt.find(';').unwrap_or(stmt.len())];
        let path = stmt
            .trim_start_matches("self::")
            .trim_start_matches("crate::");
        let module = ident_at(path);
        if !mods.contains(module) {
            continue;
        }
        for name in idents(&path[module.len()..]) {
            out.entry(name.to_owned())
                .or_insert_with(|| module.to_owned());
        }
    }
    out
}

/// How many `super::` climb from a file to the crate root.
fn depth(src: &Path, path: &Path) -> usize {
    let rel = path.strip_prefix(src).expect("under src");
    let parts = rel.components().count();
    if rel.file_name().is_some_and(|n| n == "mod.rs") {
        parts - 1
    } else {
        parts
    }
}

/// The top-level modules each module names.
fn dependencies(src: &Path, sources: &Sources, lib: &str) -> BTreeMap<String, BTreeSet<String>> {
    let names: BTreeSet<&str> = sources.keys().map(String::as_str).collect();
    let exported = exported(lib, &names);
    let resolve = |name: &str| -> Option<String> {
        if names.contains(name) {
            Some(name.to_owned())
        } else {
            exported.get(name).cloned()
        }
    };
    let mut deps = BTreeMap::new();
    for (m, files) in sources {
        let mut found = BTreeSet::new();
        for (path, text) in files {
            let code = code_of(path, text);
            let mut targets: Vec<&str> = Vec::new();
            for (i, _) in code.match_indices("crate::") {
                // `$crate::` and `foo_crate::` are other paths.
                if code[..i].ends_with(is_ident) || code[..i].ends_with('$') {
                    continue;
                }
                let rest = &code[i + "crate::".len()..];
                if let Some(group) = rest.strip_prefix('{') {
                    let end = group.find(';').unwrap_or(group.len());
                    targets.extend(idents(&group[..end]));
                } else {
                    targets.push(ident_at(rest));
                }
            }
            let up = depth(src, path);
            for (i, _) in code.match_indices("super::") {
                if code[..i].ends_with(is_ident) || code[..i].ends_with("super::") {
                    continue;
                }
                let mut rest = &code[i..];
                let mut climbs = 0;
                while let Some(r) = rest.strip_prefix("super::") {
                    rest = r;
                    climbs += 1;
                }
                if climbs >= up {
                    targets.push(ident_at(rest));
                }
            }
            for t in targets {
                if let Some(t) = resolve(t).filter(|t| t != m) {
                    found.insert(t);
                }
            }
        }
        deps.insert(m.clone(), found);
    }
    deps
}

/// The modules of each dependency cycle (strongly connected components of
/// more than one module, or a module that names itself).
fn cycles(deps: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Tarjan<'a> {
        deps: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, v: &'a str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on.insert(v);
            for w in self.deps.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(lw);
                } else if self.on.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut comp = Vec::new();
                loop {
                    let w = self.stack.pop().expect("on the stack");
                    self.on.remove(w);
                    comp.push(w.to_owned());
                    if w == v {
                        break;
                    }
                }
                let own = self.deps.get(v).is_some_and(|d| d.contains(v));
                if comp.len() > 1 || own {
                    comp.sort();
                    self.out.push(comp);
                }
            }
        }
    }
    let mut t = Tarjan {
        deps,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in deps.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    t.out
}

/// Every breach of the layering: unplaced or unknown modules, a module
/// naming a higher layer, and cycles.
fn problems(src: &Path, sources: &Sources, lib: &str) -> Vec<String> {
    let mut layer_of = BTreeMap::new();
    for (i, (_, mods)) in LAYERS.iter().enumerate() {
        for m in *mods {
            layer_of.insert(*m, i);
        }
    }
    let mut out = Vec::new();
    for m in sources.keys() {
        if !layer_of.contains_key(m.as_str()) {
            out.push(format!("module {m} is in no layer: place it in LAYERS"));
        }
    }
    for m in layer_of.keys() {
        if !sources.contains_key(*m) {
            out.push(format!("LAYERS names {m}, which is not a module"));
        }
    }
    let deps = dependencies(src, sources, lib);
    for (m, targets) in &deps {
        let Some(&lm) = layer_of.get(m.as_str()) else {
            continue;
        };
        for t in targets {
            if let Some(&lt) = layer_of.get(t.as_str()) {
                if lt > lm {
                    out.push(format!(
                        "{m} ({}) names {t} ({}), a higher layer",
                        LAYERS[lm].0, LAYERS[lt].0
                    ));
                }
            }
        }
    }
    for c in cycles(&deps) {
        out.push(format!("dependency cycle: {}", c.join(" <-> ")));
    }
    out
}

#[test]
fn modules_point_one_way_and_form_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (sources, lib) = read_sources(&src);
    assert!(sources.len() > 10, "read the modules of {}", src.display());
    let found = problems(&src, &sources, &lib);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// A made-up crate: `src/` with the given files.
fn fake(files: &[(&str, &str)]) -> (PathBuf, Sources, String) {
    let src = PathBuf::from("/src");
    let mut sources = Sources::new();
    let mut lib = String::new();
    for (path, text) in files {
        if *path == "lib.rs" {
            (*text).clone_into(&mut lib);
            continue;
        }
        let top = path.split(['/', '.']).next().expect("a name").to_owned();
        sources
            .entry(top)
            .or_default()
            .push((src.join(path), (*text).to_owned()));
    }
    (src, sources, lib)
}

#[test]
fn the_check_sees_every_way_of_naming_a_module() {
    let (src, sources, lib) = fake(&[
        (
            "lib.rs",
            "pub use report::{Report, Total};\npub use code::Code;",
        ),
        ("code.rs", "use crate::Report;"),
        ("money.rs", "use crate::{error::Error, report::Total};"),
        ("name.rs", "fn f() -> crate::report::Key { todo!() }"),
        (
            "number.rs",
            "// crate::report in a comment\n#[cfg(test)]\nmod tests {\n use crate::report;\n}",
        ),
        ("calendar.rs", "/// [`crate::Report`]\nfn f() {}"),
        ("error.rs", ""),
        ("ledger/mod.rs", "mod sink;"),
        (
            "ledger/sink.rs",
            "use super::super::report::Report;\nuse super::Lean;",
        ),
        ("report/mod.rs", "use crate::Code;"),
        ("report/tests.rs", "use crate::ledger::Lean;"),
    ]);
    let deps = dependencies(&src, &sources, &lib);
    let set = |m: &str| deps[m].iter().map(String::as_str).collect::<Vec<_>>();
    assert_eq!(set("code"), ["report"]);
    assert_eq!(set("money"), ["error", "report"]);
    assert_eq!(set("name"), ["report"]);
    assert!(
        set("number").is_empty(),
        "comments and test modules are not code"
    );
    assert!(set("calendar").is_empty());
    assert_eq!(set("ledger"), ["report"], "super:: that climbs to the root");
    assert_eq!(set("report"), ["code"], "tests.rs files are not code");
    assert_eq!(cycles(&deps), [["code", "report"]]);
}

#[test]
fn the_check_refuses_upward_names_unplaced_modules_and_cycles() {
    let (src, sources, lib) = fake(&[
        ("lib.rs", ""),
        ("code.rs", "use crate::summary::Summary;"),
        ("ledger.rs", "use crate::report::Report;"),
        ("report.rs", "use crate::ledger::Ledger;"),
        ("extra.rs", ""),
        ("summary.rs", "use crate::report::Report;"),
    ]);
    let found = problems(&src, &sources, &lib).join("\n");
    assert!(found.contains("module extra is in no layer"), "{found}");
    assert!(
        found.contains("LAYERS names area, which is not a module"),
        "{found}"
    );
    assert!(
        found.contains("code (values) names summary (presentation)"),
        "{found}"
    );
    assert!(
        found.contains("ledger (ledger) names report (analysis)"),
        "{found}"
    );
    assert!(
        found.contains("dependency cycle: ledger <-> report"),
        "{found}"
    );
    assert!(!found.contains("summary (presentation) names"), "{found}");
}
