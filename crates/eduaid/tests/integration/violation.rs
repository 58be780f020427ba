//! `Rule`, `Violation`, `Violations` and `Location`: stable codes, severities
//! and how a location reads.

use std::collections::HashSet;

use eduaid::{Location, Rule, Severity, Violation, Violations};
use insta::assert_snapshot;

#[test]
fn codes_are_unique_ordered_and_match_their_severity() {
    let mut codes = HashSet::new();
    let mut slugs = HashSet::new();
    for r in Rule::ALL {
        assert!(codes.insert(r.code()), "{} twice", r.code());
        assert!(slugs.insert(r.slug()), "{} twice", r.slug());
        assert_eq!(r.code().len(), 4);
        let want = if r.code().starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        };
        assert_eq!(r.severity(), want, "{}", r.code());
        assert!(
            r.slug()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{}",
            r.slug()
        );
    }
    let mut sorted = Rule::ALL.to_vec();
    sorted.sort();
    assert_eq!(sorted, Rule::ALL, "ALL is in code order");
}

#[test]
fn every_rule_is_in_the_crate_documentation_table() {
    // The table in lib.rs is the public contract of the codes.
    let lib = include_str!("../../src/lib.rs");
    let rows: Vec<&str> = lib
        .lines()
        .filter(|l| {
            l.starts_with("//! | ") && l.as_bytes().get(6).is_some_and(u8::is_ascii_uppercase)
        })
        .collect();
    for r in Rule::ALL {
        let row = format!("//! | {} | `{}` | {} |", r.code(), r.slug(), r.severity());
        assert!(
            rows.iter().any(|l| l.starts_with(&row)),
            "no table row starts with {row:?}"
        );
    }
    assert_eq!(
        rows.len(),
        Rule::ALL.len(),
        "a table row for a rule that does not exist"
    );
}

#[test]
fn locations_read_naturally() {
    let full = Location {
        file: Some("l.csv".into()),
        line: Some(7),
        item: Some("entry e-1".into()),
        field: Some("value".into()),
    };
    assert_eq!(full.to_string(), r#"l.csv:7, entry e-1, column "value""#);
    let no_file = Location {
        file: None,
        ..full.clone()
    };
    assert_eq!(no_file.to_string(), r#"line 7, entry e-1, column "value""#);
    let no_line = Location {
        line: None,
        ..full.clone()
    };
    assert_eq!(no_line.to_string(), r#"l.csv, entry e-1, column "value""#);
    assert_eq!(Location::default().to_string(), "");
    let v = Violation::new(Rule::MissingBreakdown, Location::default(), "no breakdown");
    assert_eq!(v.to_string(), "warning W001: no breakdown");
    let v = Violation::new(Rule::InvalidDate, full, "date \"x\": expected YYYY-MM-DD");
    assert_snapshot!(serde_json::to_string(&v).unwrap(), @r#"{"rule":"L003","location":{"file":"l.csv","line":7,"item":"entry e-1","field":"value"},"message":"date \"x\": expected YYYY-MM-DD"}"#);
}

#[test]
fn violations_count_and_sort() {
    let at = |line| Location {
        line: Some(line),
        ..Location::default()
    };
    let mut v = Violations::new();
    assert!(v.is_empty() && !v.has_errors());
    v.push(Violation::new(Rule::MissingBreakdown, at(9), "w"));
    v.push(Violation::new(Rule::InvalidDate, at(3), "e"));
    v.push(Violation::new(Rule::DuplicateId, at(9), "e2"));
    assert_eq!((v.len(), v.error_count(), v.warning_count()), (3, 2, 1));
    assert!(v.has_errors());
    assert!(v.contains(Rule::DuplicateId) && !v.contains(Rule::UnknownArea));
    v.sort_by_line();
    let order: Vec<&str> = v.iter().map(|x| x.rule.code()).collect();
    assert_eq!(order, ["L003", "W001", "L017"], "stable within a line");
    let mut more = Violations::new();
    more.push(Violation::new(Rule::UnknownArea, at(1), "x"));
    v.extend(more);
    for (location, _message) in v.iter_mut() {
        location.file = Some("f.csv".into());
    }
    // The counts stay right after extending and editing locations.
    assert_eq!((v.error_count(), v.warning_count()), (3, 1));
    assert!(
        v.iter()
            .all(|x| x.location.file.as_deref() == Some("f.csv"))
    );
    assert_eq!(v.as_slice().len(), 4);
    assert_snapshot!(v, @r#"
        3 error(s), 1 warning(s)
          f.csv:3: error L003: e
          f.csv:9: warning W001: w
          f.csv:9: error L017: e2
          f.csv:1: error L010: x
    "#);
}
