//! `Ledger::push`: every rule an entry can break, checked one by one, and the
//! entry views.

use std::collections::BTreeSet;
use std::sync::Arc;

use eduaid::{Decimal, Error, Ledger, NewEntry, Programme, Rule, Violation};
use insta::assert_snapshot;

use crate::support::{c, d, registry_programme};

/// A valid funds entry in Fuping, paired school fp-1, pairing s2s-01.
fn funds(id: &str) -> NewEntry {
    let mut e = NewEntry::new(
        c(id),
        d("2019-05-20"),
        c("principal-studios"),
        c("fuping"),
        c("funds"),
        Decimal::new(114_500_000, 2),
    );
    e.school = Some(c("fp-1"));
    e.pairing = Some(c("s2s-01"));
    e.breakdown = Some(c("general"));
    e.source = Some(c("paired-assistance"));
    e
}

/// A valid count entry.
fn trained(id: &str, n: i64) -> NewEntry {
    let mut e = NewEntry::new(
        c(id),
        d("2019-06-10"),
        c("rural-teachers"),
        c("fuping"),
        c("people-trained"),
        Decimal::from(n),
    );
    e.breakdown = Some(c("local"));
    e
}

fn ledger() -> Ledger {
    let mut l = Ledger::new(registry_programme());
    assert!(l.push(&funds("f-1")).unwrap().is_empty());
    assert!(l.push(&trained("t-1", 240)).unwrap().is_empty());
    l
}

/// Pushes an entry that must be refused with exactly `rule` (and no other
/// error), located at the entry and `field` with no file or line; checks the
/// ledger is unchanged.
#[track_caller]
fn refused(l: &mut Ledger, e: &NewEntry, rule: Rule, field: &str) -> Violation {
    let before = l.len();
    let err = l.push(e).unwrap_err();
    let Error::Invalid(v) = err else {
        panic!("expected violations, got {err:?}")
    };
    assert_eq!(l.len(), before, "the ledger is unchanged");
    let errors: Vec<&Violation> = v
        .iter()
        .filter(|x| x.severity() == eduaid::Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{v:#?}");
    let x = errors[0].clone();
    assert_eq!(x.rule, rule, "{x}");
    assert_eq!(x.location.file, None);
    assert_eq!(x.location.line, None);
    assert_eq!(
        x.location.item.as_deref(),
        Some(format!("entry {}", e.id).as_str())
    );
    assert_eq!(x.location.field.as_deref(), Some(field));
    x
}

#[test]
fn valid_entries_are_kept_with_their_fields() {
    let l = ledger();
    assert_eq!(l.len(), 2);
    assert!(!l.is_empty());
    assert!(l.heap_bytes() > 0);
    let f = l.find("f-1").unwrap();
    assert_eq!(f.index(), 0);
    assert_eq!(f.date(), d("2019-05-20"));
    assert_eq!(f.project().as_str(), "principal-studios");
    assert_eq!(f.area().as_str(), "fuping");
    assert_eq!(f.school().map(eduaid::Code::as_str), Some("fp-1"));
    assert_eq!(f.pairing().map(eduaid::Code::as_str), Some("s2s-01"));
    assert_eq!(f.measure().as_str(), "funds");
    assert_eq!(f.breakdown().map(eduaid::Code::as_str), Some("general"));
    assert_eq!(
        f.source().map(eduaid::Code::as_str),
        Some("paired-assistance")
    );
    assert_eq!(f.raw_value(), 114_500_000);
    assert_eq!(f.value().to_string(), "1145000.00");
    assert!(f.corrects().is_none());
    let t = l.get(1).unwrap();
    assert_eq!(t.id(), "t-1");
    assert_eq!(t.value(), Decimal::from(240));
    assert_eq!(t.school(), None);
    assert_eq!(t.source(), None);
    assert!(l.get(2).is_none());
    assert!(l.find("nobody").is_none());
    assert_eq!(l.iter().len(), 2);
    assert!(Arc::ptr_eq(l.programme(), l.programme()));
}

#[test]
fn open_lists_accept_any_code() {
    // The canonical programme lists no areas, schools or pairings.
    let mut l = Ledger::new(Arc::new(Programme::canonical()));
    let mut e = funds("f-1");
    e.area = c("anywhere");
    e.school = Some(c("any-school"));
    e.pairing = Some(c("any-pairing"));
    assert!(l.push(&e).unwrap().is_empty());
    assert_eq!(
        l.find("f-1").unwrap().pairing().unwrap().as_str(),
        "any-pairing"
    );
}

#[test]
fn l005_fraction_digits() {
    let mut l = ledger();
    let mut e = funds("f-2");
    e.value = Decimal::new(12_345, 3);
    let x = refused(&mut l, &e, Rule::FractionDigits, "value");
    assert_snapshot!(x, @r#"entry f-2, column "value": error L005: value "12.345" has 3 fraction digits, at most 2 allowed: funds is in yuan and fen"#);
    // Trailing zeros are not fraction digits.
    e.value = Decimal::new(12_300, 3);
    assert!(l.push(&e).is_ok());
    let mut t = trained("t-2", 0);
    t.value = Decimal::new(15, 1);
    let x = refused(&mut l, &t, Rule::FractionDigits, "value");
    assert_snapshot!(x, @r#"entry t-2, column "value": error L005: value "1.5" is not a whole number: people-trained counts persons"#);
    t.value = Decimal::new(20, 1);
    assert!(l.push(&t).is_ok());
    assert_eq!(l.find("t-2").unwrap().value(), Decimal::from(2));
}

#[test]
fn l006_value_too_large() {
    let mut l = ledger();
    let mut e = funds("f-2");
    e.value = Decimal::from(i64::MAX);
    let x = refused(&mut l, &e, Rule::ValueOverflow, "value");
    assert_snapshot!(x, @r#"entry f-2, column "value": error L006: value "9223372036854775807" is too large for an exact amount"#);
    e.value = Decimal::MAX;
    refused(&mut l, &e, Rule::ValueOverflow, "value");
    // The largest amount in fen fits.
    e.value = Decimal::new(i64::MAX, 2);
    assert!(l.push(&e).is_ok());
}

#[test]
fn l007_negative_without_correction() {
    let mut l = ledger();
    let mut e = funds("f-2");
    e.value = Decimal::new(-1, 2);
    let x = refused(&mut l, &e, Rule::NegativeValue, "value");
    assert_snapshot!(x, @r#"entry f-2, column "value": error L007: value -0.01 is negative, but the entry corrects nothing"#);
    e.value = -Decimal::ZERO;
    assert!(l.push(&e).is_ok());
}

#[test]
fn l008_to_l013_unknown_codes() {
    let mut l = ledger();
    let mut e = funds("f-2");
    e.project = c("no-such-project");
    assert_snapshot!(refused(&mut l, &e, Rule::UnknownProject, "project"), @r#"entry f-2, column "project": error L008: project "no-such-project" is not declared by the programme"#);
    let mut e = funds("f-2");
    e.measure = c("no-such-measure");
    e.breakdown = None;
    assert_snapshot!(refused(&mut l, &e, Rule::UnknownMeasure, "measure"), @r#"entry f-2, column "measure": error L009: measure "no-such-measure" is not declared by the programme"#);
    let mut e = funds("f-2");
    e.area = c("tianjin");
    e.school = None;
    assert_snapshot!(refused(&mut l, &e, Rule::UnknownArea, "area"), @r#"entry f-2, column "area": error L010: area "tianjin" is not declared by the programme"#);
    let mut e = funds("f-2");
    e.school = Some(c("fp-9"));
    assert_snapshot!(refused(&mut l, &e, Rule::UnknownSchool, "school"), @r#"entry f-2, column "school": error L011: school "fp-9" is not declared by the programme; did you mean "fp-1"?"#);
    let mut e = funds("f-2");
    e.pairing = Some(c("s2s-99"));
    assert_snapshot!(refused(&mut l, &e, Rule::UnknownPairing, "pairing"), @r#"entry f-2, column "pairing": error L012: pairing "s2s-99" is not declared by the programme; did you mean "s2s-01"?"#);
    let mut e = funds("f-2");
    e.source = Some(c("lottery"));
    assert_snapshot!(refused(&mut l, &e, Rule::UnknownSource, "source"), @r#"entry f-2, column "source": error L013: source "lottery" is not declared by the programme"#);
}

#[test]
fn l014_to_l016_relations() {
    let mut l = ledger();
    let mut e = funds("f-2");
    e.breakdown = Some(c("local"));
    assert_snapshot!(refused(&mut l, &e, Rule::BreakdownNotAllowed, "breakdown"), @r#"entry f-2, column "breakdown": error L014: breakdown "local" is not allowed for measure funds (allowed: poor-village, poor-household, poor-pupil, deep-poverty-area, general)"#);
    let mut e = trained("t-2", 1);
    e.measure = c("training-sessions");
    assert_snapshot!(refused(&mut l, &e, Rule::BreakdownNotAllowed, "breakdown"), @r#"entry t-2, column "breakdown": error L014: breakdown "local" is not allowed for measure training-sessions (allowed: none)"#);
    let mut e = funds("f-2");
    e.school = Some(c("ly-1"));
    assert_snapshot!(refused(&mut l, &e, Rule::SchoolNotInArea, "school"), @r#"entry f-2, column "school": error L015: school ly-1 is in area laiyuan, not in area fuping"#);
    let mut e = funds("f-2");
    e.date = d("2020-09-01");
    assert_snapshot!(refused(&mut l, &e, Rule::PairingNotInForce, "pairing"), @r#"entry f-2, column "pairing": error L016: pairing s2s-01 is in force from 2018-09-01 to 2020-08-31, not on 2020-09-01"#);
    e.date = d("2018-08-31");
    refused(&mut l, &e, Rule::PairingNotInForce, "pairing");
    // The bounds are in force.
    e.date = d("2020-08-31");
    assert!(l.push(&e).is_ok());
}

#[test]
fn l017_to_l021_ids_and_corrections() {
    let mut l = ledger();
    assert_snapshot!(refused(&mut l, &funds("f-1"), Rule::DuplicateId, "id"), @r#"entry f-1, column "id": error L017: id "f-1" is already used by entry number 1 of the ledger"#);

    let mut fix = trained("t-fix", -40);
    fix.corrects = Some(c("t-0"));
    assert_snapshot!(refused(&mut l, &fix, Rule::CorrectsUnknown, "corrects"), @r#"entry t-fix, column "corrects": error L018: corrects "t-0", which is not an earlier entry of the ledger"#);

    fix.corrects = Some(c("f-1"));
    fix.measure = c("people-trained");
    assert_snapshot!(refused(&mut l, &fix, Rule::CorrectionMeasure, "measure"), @r#"entry t-fix, column "measure": error L019: measure people-trained differs from measure funds of the corrected entry f-1"#);

    fix.corrects = Some(c("t-1"));
    fix.value = Decimal::from(-241);
    assert_snapshot!(refused(&mut l, &fix, Rule::CorrectionBelowZero, "value"), @r#"entry t-fix, column "value": error L020: the correction brings entry t-1's net value from 240 to -1, below zero"#);

    // Down to exactly zero is allowed, and a correction of the correction
    // counts against the same original.
    fix.value = Decimal::from(-240);
    assert!(l.push(&fix).unwrap().is_empty());
    assert_eq!(l.find("t-fix").unwrap().corrects().unwrap().id(), "t-1");
    let mut again = trained("t-fix-2", -1);
    again.corrects = Some(c("t-fix"));
    refused(&mut l, &again, Rule::CorrectionBelowZero, "value");
    again.value = Decimal::from(5);
    assert!(l.push(&again).is_ok());
    again.id = c("t-fix-3");
    again.value = Decimal::from(-5);
    assert!(l.push(&again).is_ok());
    again.id = c("t-fix-4");
    again.value = Decimal::from(-1);
    refused(&mut l, &again, Rule::CorrectionBelowZero, "value");

    // A net that does not fit.
    let mut big = funds("f-big");
    big.value = Decimal::new(i64::MAX, 2);
    assert!(l.push(&big).is_ok());
    let mut more = funds("f-more");
    more.value = Decimal::new(1, 2);
    more.corrects = Some(c("f-big"));
    assert_snapshot!(refused(&mut l, &more, Rule::TotalOverflow, "value"), @r#"entry f-more, column "value": error L021: the corrected net value overflows"#);
}

#[test]
fn warnings_keep_the_entry() {
    let mut l = ledger();
    let mut e = trained("t-2", 3);
    e.breakdown = None;
    e.source = Some(c("social-capital"));
    e.project = c("study-visits");
    let w = l.push(&e).unwrap();
    let codes: BTreeSet<&str> = w.iter().map(|x| x.rule.code()).collect();
    assert_eq!(codes, BTreeSet::from(["W001", "W002", "W003"]));
    assert_eq!(w.warning_count(), 3);
    assert!(!w.has_errors());
    let text: Vec<String> = w.iter().map(ToString::to_string).collect();
    assert_snapshot!(text.join("\n"), @r#"
        entry t-2, column "breakdown": warning W001: measure people-trained is broken down by local, in-beijing, but no breakdown is given
        entry t-2, column "source": warning W002: source "social-capital" is given for measure people-trained, which is not money
        entry t-2, column "measure": warning W003: project study-visits does not declare measure people-trained
    "#);
    let mut fix = trained("t-3", -1);
    fix.corrects = Some(c("t-1"));
    fix.date = d("2019-01-01");
    let w = l.push(&fix).unwrap();
    assert_eq!(w.len(), 1);
    assert_snapshot!(w.as_slice()[0], @r#"entry t-3, column "date": warning W004: dated 2019-01-01, before the entry it corrects (2019-06-10)"#);
    assert_eq!(l.len(), 4);
}

#[test]
fn every_error_of_an_entry_is_reported() {
    let mut l = ledger();
    let mut e = funds("f-1");
    e.project = c("nope");
    e.value = Decimal::new(-12_345, 3);
    e.school = Some(c("ly-1"));
    let err = l.push(&e).unwrap_err();
    let codes: BTreeSet<&str> = err
        .violations()
        .unwrap()
        .iter()
        .map(|x| x.rule.code())
        .collect();
    assert_eq!(codes, BTreeSet::from(["L005", "L008", "L015", "L017"]));
    assert_eq!(l.len(), 2);
}
