//! The dataset's own shape: areas and poverty statuses, corrections, dates
//! around the statistics cutoff.

use chrono::Datelike;
use eduaid::{AreaKind, PovertyStatus, Side, dataset};

use crate::{ledger, total};

const POOR_COUNTIES: [&str; 8] = [
    "fuping", "laiyuan", "yixian", "laishui", "shunping", "tangxian", "quyang", "wangdu",
];

#[test]
fn areas_are_beijing_districts_baoding_counties_and_wutai_fanshi() {
    let p = dataset::programme();
    let districts: Vec<_> = p
        .areas()
        .iter()
        .filter(|a| a.kind() == AreaKind::District)
        .collect();
    assert_eq!(districts.len(), 16);
    assert!(districts.iter().all(|a| a.side() == Side::Supporting));
    for c in POOR_COUNTIES {
        let a = p.area(c).unwrap();
        assert_eq!(a.parent().unwrap().as_str(), "baoding");
        assert!(a.poverty() >= PovertyStatus::Poor, "{c}");
    }
    for c in ["wutai", "fanshi"] {
        let a = p.area(c).unwrap();
        assert_eq!(a.side(), Side::Supported);
        assert_ne!(a.parent().unwrap().as_str(), "baoding", "another province");
    }
    assert_eq!(
        p.area("fuping").unwrap().poverty(),
        PovertyStatus::DeeplyPoor
    );
}

#[test]
fn a_reversed_duplicate_payment_nets_to_zero() {
    let l = ledger();
    let reversal = l
        .iter()
        .find(|e| e.measure().as_str() == "funds" && e.raw_value() < 0)
        .expect("a reversal");
    let original = reversal.corrects().expect("it corrects an entry");
    assert_eq!(reversal.raw_value(), -original.raw_value());
    // The duplicate repeats another payment exactly, so reversing it is right.
    let twin = l.iter().find(|e| {
        e.id() != original.id()
            && e.corrects().is_none()
            && e.raw_value() == original.raw_value()
            && e.date() == original.date()
            && e.area() == original.area()
    });
    assert!(
        twin.is_some(),
        "the duplicated payment is in the ledger once more"
    );
}

#[test]
fn adjusted_head_counts_are_corrections_not_rewrites() {
    let l = ledger();
    let adjustments: Vec<_> = l
        .iter()
        .filter(|e| e.measure().as_str() != "funds" && e.corrects().is_some())
        .collect();
    assert!(adjustments.len() >= 2, "{}", adjustments.len());
    for a in &adjustments {
        let original = a.corrects().unwrap();
        assert!(a.raw_value() < 0);
        assert!(original.raw_value() + a.raw_value() >= 0);
        assert!(a.date() >= original.date());
    }
    // With the adjustment the article's 5,240 holds; without it, it would not.
    let adjusted: i128 = adjustments
        .iter()
        .filter(|a| a.project().as_str() == "rural-teachers")
        .map(|a| i128::from(a.raw_value()))
        .sum();
    assert_ne!(adjusted, 0);
    assert_eq!(
        total(&l, "rural-teachers", "people-trained", Some("local")),
        5_240
    );
}

#[test]
fn some_entries_fall_on_the_cutoff_and_the_day_after() {
    let l = ledger();
    let cal = l.programme().calendar();
    let on_25 = l.iter().filter(|e| e.date().day() == 25).count();
    let on_26 = l.iter().filter(|e| e.date().day() == 26).count();
    assert!(on_25 >= 10 && on_26 >= 10, "{on_25} {on_26}");
    // An entry of the 26th belongs to the next statistics month.
    let e = l.iter().find(|e| e.date().day() == 26).unwrap();
    assert_ne!(
        cal.month_of(e.date()).to_string(),
        e.date().format("%Y-%m").to_string()
    );
}

#[test]
fn an_entry_of_26_december_counts_in_the_next_statistics_year() {
    let l = ledger();
    let cal = l.programme().calendar();
    let late: Vec<_> = l
        .iter()
        .filter(|e| e.date().month() == 12 && e.date().day() > 25)
        .collect();
    assert!(!late.is_empty());
    for e in late {
        assert_eq!(cal.year_of(e.date()), e.date().year() + 1, "{}", e.id());
    }
}

#[test]
fn the_2019_plan_is_tracked_against_the_ledger() {
    let l = ledger();
    let p = eduaid::progress(&l, dataset::as_of()).unwrap();
    assert_eq!(p.targets.len(), 7);
    assert!(p.overdue.is_empty(), "{:?}", p.overdue);
    // Study visits: the 2019 cohort against its target.
    let visits = p
        .targets
        .iter()
        .find(|t| t.target.measure().as_str() == "study-visit-students")
        .unwrap();
    assert_eq!(visits.months_elapsed, 11);
    assert!(visits.actual.base_units() > 0);
    // A month after the last milestone's due date, it is overdue.
    let later = eduaid::progress(&l, eduaid::parse_date("2020-01-25").unwrap()).unwrap();
    let overdue: Vec<&str> = later.overdue.iter().map(|m| m.code().as_str()).collect();
    assert_eq!(overdue, ["m-2019-04"]);
}

#[test]
fn dataset_types_are_send_and_sync() {
    fn both<T: Send + Sync>() {}
    both::<eduaid::Ledger>();
    both::<eduaid::Summary>();
    both::<eduaid::Figure>();
}
