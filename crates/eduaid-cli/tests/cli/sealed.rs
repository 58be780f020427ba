//! A CSV ledger with a close log beside it is read as a stream by
//! `report`, `compliance`, `plan` and `summary` in every format: checked
//! from the sums taken as it is read, a ledger that matches its log gives
//! what it gives without one (the case files pin the text forms and the
//! refusals, `tests/cmd/*-closes-*.toml`; here the pages).

use std::path::Path;

use crate::files::run;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cmd/fixtures");

/// The output of `args` (the ledger as `{}`) over the sealed fixture with
/// its close log beside it, and over a copy without one.
fn with_and_without_log(args: &[&str]) -> [(Option<i32>, Vec<u8>, Vec<u8>); 2] {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let sealed = Path::new(FIXTURES).join("sealed");
    let programme = Path::new(FIXTURES).join("duties.json");
    let mut out = Vec::new();
    for (sub, log) in [("with", true), ("without", false)] {
        let at = dir.path().join(sub);
        std::fs::create_dir(&at).expect("a directory");
        std::fs::copy(sealed.join("ledger.csv"), at.join("ledger.csv")).expect("copied");
        if log {
            std::fs::copy(
                sealed.join("ledger.csv.closes.jsonl"),
                at.join("ledger.csv.closes.jsonl"),
            )
            .expect("copied");
        }
        let ledger = at.join("ledger.csv");
        let ledger = ledger.to_str().expect("a UTF-8 path");
        let mut full: Vec<&str> = args
            .iter()
            .map(|&a| if a == "{}" { ledger } else { a })
            .collect();
        full.extend(["--program", programme.to_str().expect("a UTF-8 path")]);
        let o = run(&full, b"");
        out.push((o.status.code(), o.stdout, o.stderr));
    }
    out.try_into().expect("two runs")
}

#[test]
fn every_format_of_a_ledger_matching_its_log_is_as_without_one() {
    for args in [
        &["report", "{}", "--by", "month,area", "--format", "json"][..],
        &["report", "{}", "--format", "html"],
        &["compliance", "{}", "--format", "html"],
        &["plan", "{}", "--as-of", "2019-06-30", "--format", "html"],
        &["plan", "{}", "--as-of", "2019-06-30", "--format", "csv"],
        &["summary", "{}", "--format", "html"],
        &["summary", "{}", "--lang", "en"],
    ] {
        let [with, without] = with_and_without_log(args);
        assert!(
            with.2.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&with.2)
        );
        assert!(!with.1.is_empty(), "{args:?}");
        assert_eq!(with, without, "{args:?}");
    }
}
