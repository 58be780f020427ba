//! Opening files by path: every error names the path; a read ledger becomes
//! a `Ledger` only by a named choice.

use std::path::{Path, PathBuf};

use eduaid::{Error, Ledger, Programme, Rule};

/// A fresh directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("eduaid-open-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

fn names_path(err: &Error, path: &Path) {
    let text = err.to_string();
    assert!(
        text.starts_with(&path.display().to_string()),
        "{text:?} does not start with {}",
        path.display()
    );
}

const HEADER: &str = "id,date,project,area,measure,breakdown,value\n";

#[test]
fn a_ledger_file_is_read_by_path() {
    let dir = scratch("ledger");
    let path = dir.join("ledger.csv");
    let rows = "e1,2019-06-20,rural-teachers,fuping,people-trained,local,120\n";
    std::fs::write(&path, format!("{HEADER}{rows}")).expect("write");
    let loaded = Ledger::open(Programme::canonical(), &path).expect("a valid ledger");
    assert_eq!(loaded.rows, 1);
    assert_eq!(loaded.into_ledger().expect("no refused row").len(), 1);
    std::fs::remove_dir_all(dir).expect("clean up");
}

#[test]
fn every_ledger_error_names_the_path() {
    let dir = scratch("ledger-errors");
    // Missing.
    let missing = dir.join("missing.csv");
    let err = Ledger::open(Programme::canonical(), &missing).unwrap_err();
    assert!(matches!(&err, Error::Io { path, .. } if path == &missing));
    names_path(&err, &missing);
    // Unreadable: a directory opens but cannot be read.
    let err = Ledger::open(Programme::canonical(), &dir).unwrap_err();
    names_path(&err, &dir);
    assert!(err.to_string().contains("cannot read"), "{err}");
    // Not a ledger: an empty file, a misspelt column.
    let empty = dir.join("empty.csv");
    std::fs::write(&empty, "").expect("write");
    names_path(
        &Ledger::open(Programme::canonical(), &empty).unwrap_err(),
        &empty,
    );
    let misspelt = dir.join("misspelt.csv");
    std::fs::write(&misspelt, "id,date,project,area,measure,breakdwon,value\n").expect("write");
    names_path(
        &Ledger::open(Programme::canonical(), &misspelt).unwrap_err(),
        &misspelt,
    );
    // A refused row: each violation, and the refusal, name it.
    let bad = dir.join("bad.csv");
    let rows = "e1,2019-02-30,rural-teachers,fuping,people-trained,local,5\n";
    std::fs::write(&bad, format!("{HEADER}{rows}")).expect("write");
    let loaded = Ledger::open(Programme::canonical(), &bad).expect("a ledger with a bad row");
    let first = loaded.violations.iter().next().expect("one violation");
    assert!(
        first
            .to_string()
            .starts_with(&format!("{}:2, entry e1", bad.display())),
        "{first}"
    );
    let err = loaded.into_ledger().unwrap_err();
    assert!(
        err.violations()
            .expect("the list")
            .contains(Rule::InvalidDate)
    );
    assert!(
        err.to_string().contains(&format!("{}:2", bad.display())),
        "{err}"
    );
    std::fs::remove_dir_all(dir).expect("clean up");
}

#[test]
fn valid_rows_are_kept_only_when_asked_for() {
    let csv = format!(
        "{HEADER}e1,2019-06-20,rural-teachers,fuping,people-trained,local,120\n\
         e2,2019-06-21,rural-teachers,fuping,people-trained,local,1.5\n"
    );
    let read = || Ledger::read_csv(Programme::canonical().into(), csv.as_bytes(), "l.csv");
    assert!(read().expect("read").into_ledger().is_err());
    let kept = read().expect("read").accept_valid_rows();
    assert_eq!(kept.len(), 1);
    assert!(kept.find("e2").is_none());
    // Warnings alone do not refuse: a measure with breakdowns given none (W001).
    let warned = format!("{HEADER}e3,2019-06-20,rural-teachers,fuping,people-trained,,7\n");
    let loaded =
        Ledger::read_csv(Programme::canonical().into(), warned.as_bytes(), "w.csv").expect("read");
    assert!(loaded.violations.contains(Rule::MissingBreakdown));
    assert_eq!(loaded.into_ledger().expect("warnings only").len(), 1);
}

#[test]
fn every_programme_error_names_the_path() {
    let dir = scratch("programme");
    let path = dir.join("programme.json");
    std::fs::write(&path, Programme::canonical().to_json()).expect("write");
    assert_eq!(
        Programme::open(&path).expect("valid").framework().code(),
        "1215"
    );
    let missing = dir.join("missing.json");
    names_path(&Programme::open(&missing).unwrap_err(), &missing);
    std::fs::write(&path, "{ not json").expect("write");
    names_path(&Programme::open(&path).unwrap_err(), &path);
    let broken = Programme::canonical()
        .to_json()
        .replace("\"1215\"", "\"1225\"");
    std::fs::write(&path, broken).expect("write");
    let err = Programme::open(&path).unwrap_err();
    assert!(
        err.violations()
            .is_some_and(|v| v.contains(Rule::FrameworkCode))
    );
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    std::fs::remove_dir_all(dir).expect("clean up");
}
