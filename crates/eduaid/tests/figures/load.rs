//! The dataset loads cleanly and keeps its own rules.

use std::sync::Arc;

use eduaid::{Ledger, Programme, check_rules, dataset, parse_date};

use crate::ledger;

#[test]
fn dataset_loads_without_any_violation() {
    let programme = Arc::new(dataset::programme());
    let loaded = Ledger::read_csv(programme, dataset::LEDGER_CSV.as_bytes(), "ledger.csv").unwrap();
    let msgs: Vec<String> = loaded.violations.iter().map(ToString::to_string).collect();
    assert!(msgs.is_empty(), "{msgs:#?}");
    assert_eq!(loaded.rows, loaded.valid_rows().len() as u64);
    assert!(
        (1_000..5_000).contains(&loaded.valid_rows().len()),
        "a modest ledger"
    );
}

#[test]
fn programme_round_trips_through_json() {
    let p = dataset::programme();
    let again = Programme::from_json(&p.to_json(), "again.json").unwrap();
    assert_eq!(again.to_json(), p.to_json());
}

#[test]
fn programme_copies_the_canonical_framework_projects_and_sources() {
    let p = dataset::programme();
    let c = Programme::canonical();
    assert_eq!(p.framework(), c.framework());
    assert_eq!(p.projects(), c.projects());
    assert_eq!(p.measures(), c.measures());
    assert_eq!(p.sources(), c.sources());
}

#[test]
fn the_programmes_rules_hold() {
    let failures = check_rules(&ledger()).unwrap();
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(dataset::programme().rules().len(), 2);
}

#[test]
fn entries_run_from_2016_to_the_as_of_date() {
    let l = ledger();
    let first = l.iter().map(|e| e.date()).min().unwrap();
    let last = l.iter().map(|e| e.date()).max().unwrap();
    assert!(first >= parse_date("2016-01-01").unwrap(), "{first}");
    assert!(last <= dataset::as_of(), "{last}");
}
