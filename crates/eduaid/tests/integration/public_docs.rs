//! The doc examples use the public API only: a dependent that copies one has
//! `eduaid` and nothing else, so no example may name one of the library's
//! own dependencies (`eduaid::Date` and `eduaid::Decimal` stand for chrono's
//! and `rust_decimal`'s types). Doc tests cannot catch this: they see every
//! dependency of the crate.

use std::path::Path;

/// The library's dependencies, as written in paths (`rust_decimal::Decimal`).
const DEPENDENCIES: [&str; 10] = [
    "chrono",
    "rust_decimal",
    "serde",
    "serde_json",
    "thiserror",
    "csv",
    "rayon",
    "foldhash",
    "memchr",
    "unicode_width",
];

/// `(line, text)` of every line inside a Rust code block of the doc
/// comments (`///`, `//!`) of `source`.
fn doc_code(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut rust = None;
    for (i, line) in source.lines().enumerate() {
        let t = line.trim_start();
        let Some(doc) = t.strip_prefix("///").or_else(|| t.strip_prefix("//!")) else {
            continue;
        };
        let doc = doc.strip_prefix(' ').unwrap_or(doc);
        if let Some(info) = doc.strip_prefix("```") {
            rust = match rust {
                Some(_) => None,
                None => Some(info.is_empty() || info.starts_with("rust")),
            };
        } else if rust == Some(true) {
            out.push((i + 1, doc.to_owned()));
        }
    }
    out
}

/// Whether `code` names `krate` as a path root (`krate::...` or `use krate`).
fn names(code: &str, krate: &str) -> bool {
    code.match_indices(krate).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = &code[at + krate.len()..];
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            && (after.starts_with("::") || code[..at].trim_end().ends_with("use"))
    })
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the source directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn doc_examples_name_no_dependency_of_the_library() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut found = Vec::new();
    let mut lines = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a source file");
        for (line, code) in doc_code(&text) {
            lines += 1;
            for krate in DEPENDENCIES {
                if names(&code, krate) {
                    found.push(format!("{}:{line}: {code}", file.display()));
                }
            }
        }
    }
    assert!(lines > 500, "only {lines} lines of doc examples found");
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_check_finds_a_dependency_in_a_doc_example() {
    let source = "/// ```\n/// use rust_decimal::Decimal;\n/// let d = chrono::NaiveDate::MIN;\n/// ```\n\
                  /// ```text\n/// serde::Serialize\n/// ```\n//! ```\n//! let x = my_csv::read();\n//! ```\n";
    let code = doc_code(source);
    assert_eq!(code.len(), 3);
    assert!(names(&code[0].1, "rust_decimal"));
    assert!(names(&code[1].1, "chrono"));
    assert!(!names(&code[2].1, "csv"), "a longer name is not the crate");
    assert!(!names("use eduaid::Decimal;", "rust_decimal"));
}
