//! `Programme`: the parts checked as a whole, from parts or from JSON.

use std::collections::BTreeSet;

use eduaid::{Error, Programme, Rule, Severity, Violation};
use insta::assert_snapshot;
use serde_json::{Value, json};

use crate::support::registry_json;

/// Loads a programme JSON value, named `prog.json`.
fn from_value(v: &Value) -> Result<Programme, Error> {
    Programme::from_json(&serde_json::to_string_pretty(v).unwrap(), "prog.json")
}

/// The violations of an invalid programme JSON value.
fn violations(v: &Value) -> Vec<Violation> {
    match from_value(v) {
        Err(Error::Invalid(v)) => v.into_iter().collect(),
        other => panic!("expected violations, got {other:?}"),
    }
}

/// The one violation of an invalid programme JSON value, located in `prog.json`.
fn one(v: &Value) -> Violation {
    let mut all = violations(v);
    assert_eq!(all.len(), 1, "{all:#?}");
    let x = all.remove(0);
    assert_eq!(x.location.file.as_deref(), Some("prog.json"));
    assert_eq!(x.severity(), Severity::Error);
    x
}

fn rules(v: &[Violation]) -> BTreeSet<&'static str> {
    v.iter().map(|x| x.rule.code()).collect()
}

#[test]
fn canonical_is_valid_and_open() {
    let p = Programme::canonical();
    assert_eq!(p.framework().code(), "1215");
    assert_eq!(p.code().as_str(), "jing-bao-1215");
    assert_eq!(p.calendar().cutoff(), 25);
    assert_eq!(p.projects().len(), 10);
    assert_eq!(p.measures().len(), 16);
    assert_eq!(p.sources().len(), 3);
    assert!(p.areas().is_empty() && p.schools().is_empty() && p.pairings().is_empty());
    assert!(p.project("principal-studios").is_some());
    assert!(p.measure("funds").is_some_and(|m| m.unit().is_money()));
    assert!(p.source("social-capital").is_some());
    assert!(p.project("nope").is_none());
    // The five projects and the mechanism's own line of work.
    assert_eq!(p.framework().projects().count(), 6);
}

#[test]
fn new_accepts_parts_that_fit_and_refuses_the_rest() {
    let spec = Programme::canonical().spec().clone();
    assert!(Programme::new(spec.clone()).is_ok());
    let mut dup = spec.clone();
    dup.measures.push(dup.measures[3].clone());
    dup.sources.push(dup.sources[0].clone());
    let err = Programme::new(dup).unwrap_err();
    let v = err.violations().expect("violations");
    assert_eq!(v.len(), 2);
    assert!(v.iter().all(|x| x.rule == Rule::DuplicateCode));
    assert_snapshot!(err, @r#"
        2 error(s), 0 warning(s)
          measure activities: error P002: measure code activities is declared more than once
          source jing-ji-cooperation: error P002: source code jing-ji-cooperation is declared more than once
    "#);
    // A framework item naming an undeclared project.
    let mut missing = spec;
    missing
        .projects
        .retain(|p| p.code().as_str() != "study-visits");
    let err = Programme::new(missing).unwrap_err();
    assert_eq!(
        rules(err.violations().unwrap().as_slice()),
        BTreeSet::from(["P011"])
    );
    assert_snapshot!(err, @r#"
        1 error(s), 0 warning(s)
          framework: error P011: a tier names project study-visits, which is not declared
    "#);
}

#[test]
fn registry_fixture_loads_and_round_trips() {
    let p = from_value(&registry_json()).unwrap();
    assert_eq!(p.areas().len(), 8);
    assert_eq!(p.schools().len(), 5);
    assert_eq!(p.pairings().len(), 3);
    let again = Programme::from_json(&p.to_json(), "again.json").unwrap();
    assert_eq!(again.to_json(), p.to_json());
    // A BOM is accepted.
    assert!(Programme::from_json(&format!("\u{feff}{}", p.to_json()), "bom.json").is_ok());
}

#[test]
fn malformed_json_is_located() {
    let err = Programme::from_json("{\n  \"code\": 12\n}", "prog.json").unwrap_err();
    assert!(matches!(err, Error::Json { line: 2, .. }), "{err:?}");
    assert_snapshot!(err, @"prog.json: invalid programme JSON at line 2, column 12: invalid type: integer `12`, expected a string at line 2 column 12");
    let mut v = registry_json();
    v["colour"] = json!("red");
    assert!(matches!(from_value(&v), Err(Error::Json { .. })));
    let trailing = format!("{} x", Programme::canonical().to_json());
    assert!(matches!(
        Programme::from_json(&trailing, "t.json"),
        Err(Error::Json { .. })
    ));
    // Money and counts in targets are strings, never floats.
    let mut v = registry_json();
    v["plan"] = json!({"targets": [{"year": 2019, "project": "rural-teachers", "measure": "funds", "value": 1.5}]});
    assert!(matches!(from_value(&v), Err(Error::Json { .. })));
}

#[test]
fn p001_framework_code() {
    let mut v = registry_json();
    v["framework"]["code"] = json!("1225");
    let x = one(&v);
    assert_eq!(x.rule, Rule::FrameworkCode);
    assert_eq!(x.location.item.as_deref(), Some("framework"));
    assert_snapshot!(x, @r#"prog.json, framework: error P001: code "1225" does not match its tiers' counts "1215" (goal 1, priorities 2, mechanism 1, projects 5)"#);
}

#[test]
fn p002_duplicate_code() {
    let mut v = registry_json();
    let school = v["schools"][2].clone();
    v["schools"].as_array_mut().unwrap().push(school);
    let x = one(&v);
    assert_eq!(x.rule, Rule::DuplicateCode);
    assert_eq!(x.location.item.as_deref(), Some("school fp-1"));
    assert_snapshot!(x, @"prog.json, school fp-1: error P002: school code fp-1 is declared more than once");
}

#[test]
fn p003_unknown_reference() {
    let mut v = registry_json();
    v["areas"][2]["parent"] = json!("tianjin");
    let x = one(&v);
    assert_eq!(x.rule, Rule::UnknownReference);
    assert_eq!(x.location.item.as_deref(), Some("area chaoyang"));
    assert_eq!(x.location.field.as_deref(), Some("parent"));
    assert_snapshot!(x, @r#"prog.json, area chaoyang, column "parent": error P003: refers to area tianjin, which is not declared"#);
    let mut v = registry_json();
    v["pairings"][0]["supported"] = json!({"schools": ["fp-9"]});
    let x = one(&v);
    assert_eq!(x.rule, Rule::UnknownReference);
    assert_snapshot!(x, @r#"prog.json, pairing s2s-01, column "supported": error P003: refers to school fp-9, which is not declared"#);
}

#[test]
fn p004_wrong_area_kind() {
    let mut v = registry_json();
    v["schools"][0]["area"] = json!("beijing");
    let x = one(&v);
    assert_eq!(x.rule, Rule::AreaKind);
    assert_eq!(x.location.field.as_deref(), Some("area"));
    assert_snapshot!(x, @r#"prog.json, school bj-101, column "area": error P004: area beijing is a region; a school lies in a district or county"#);
    let mut v = registry_json();
    v["areas"][5]["parent"] = json!("fuping");
    let x = one(&v);
    assert_eq!(x.rule, Rule::AreaKind);
    assert_snapshot!(x, @r#"prog.json, area laiyuan, column "parent": error P004: parent fuping is a county, not a region"#);
    // A region with a poverty status is refused by the area itself; what
    // refers to the refused area then refers to nothing.
    let mut v = registry_json();
    v["areas"][0]["poverty"] = json!("poor");
    let x = violations(&v);
    assert_eq!(x[0].rule, Rule::AreaKind);
    assert_eq!(rules(&x[1..]), BTreeSet::from(["P003"]));
    assert_snapshot!(x[0], @"prog.json, area beijing: error P004: invalid area: beijing: only a county has a poverty status");
}

#[test]
fn p005_pairing_wrong_side() {
    let mut v = registry_json();
    v["pairings"][0]["supporting"] = json!({"schools": ["fp-2"]});
    let x = one(&v);
    assert_eq!(x.rule, Rule::PairingSide);
    assert_eq!(x.location.item.as_deref(), Some("pairing s2s-01"));
    assert_eq!(x.location.field.as_deref(), Some("supporting"));
    assert_snapshot!(x, @r#"prog.json, pairing s2s-01, column "supporting": error P005: fp-2 is on the supported side (area fuping), but the supporting party must be on the supporting side"#);
}

#[test]
fn p006_to_p009_pairing_shape_and_dates() {
    let mut v = registry_json();
    v["pairings"][0]["supported"] = json!({"schools": ["fp-1", "bj-101"]});
    let x = violations(&v);
    assert_eq!(rules(&x), BTreeSet::from(["P006"]));
    assert_snapshot!(x[0], @"prog.json, pairing s2s-01: error P006: bj-101 is on both sides of the pairing");

    let mut v = registry_json();
    v["pairings"][1]["end"] = json!("2015-12-31");
    let x = one(&v);
    assert_eq!(x.rule, Rule::PairingDates);
    assert_eq!(x.location.item.as_deref(), Some("pairing dc-01"));
    assert_snapshot!(x, @"prog.json, pairing dc-01: error P007: ends 2015-12-31, before it starts 2016-01-01");

    let mut v = registry_json();
    let mut again = v["pairings"][1].clone();
    again["code"] = json!("dc-02");
    again["start"] = json!("2019-01-01");
    v["pairings"].as_array_mut().unwrap().push(again);
    let x = one(&v);
    assert_eq!(x.rule, Rule::PairingOverlap);
    assert_eq!(x.location.item.as_deref(), Some("pairing dc-02"));
    assert_snapshot!(x, @"prog.json, pairing dc-02: error P008: pairs the same two parties as pairing dc-01 over overlapping dates (2019-01-01 to open)");

    let mut v = registry_json();
    v["pairings"][1]["supporting"] = json!({"schools": ["bj-101"]});
    let x = one(&v);
    assert_eq!(x.rule, Rule::PairingShape);
    assert_snapshot!(x, @"prog.json, pairing dc-01: error P009: a district-county pairing joins areas, but its supporting party is schools");
}

#[test]
fn p010_invalid_field() {
    let mut v = registry_json();
    v["format"] = json!("eduaid-programme/2");
    let x = one(&v);
    assert_eq!(x.rule, Rule::InvalidField);
    assert_eq!(x.location.field.as_deref(), Some("format"));
    assert_snapshot!(x, @r#"prog.json, programme, column "format": error P010: format "eduaid-programme/2" is not "eduaid-programme/1""#);
    let mut v = registry_json();
    let health = v["projects"]
        .as_array()
        .unwrap()
        .iter()
        .position(|p| p["code"] == "pupil-health")
        .unwrap();
    v["projects"][health]["owner"] = json!(" ");
    let x = one(&v);
    assert_eq!(x.rule, Rule::InvalidField);
    assert_snapshot!(x, @"prog.json, project pupil-health: error P010: invalid project owner: cannot be blank");
    let mut v = registry_json();
    v["plan"] = json!({"targets": [{"year": 2019, "project": "rural-teachers", "measure": "people-trained", "value": "1.5"}]});
    let x = one(&v);
    assert_eq!(x.rule, Rule::InvalidField);
    assert_eq!(x.location.field.as_deref(), Some("value"));
    assert_snapshot!(x, @r#"prog.json, target 2019 rural-teachers people-trained, column "value": error P010: value 1.5 does not fit unit persons (at most 0 fraction digits)"#);
}

#[test]
fn p011_framework_project() {
    let mut v = registry_json();
    v["framework"]["tiers"][3]["items"][0]["project"] = json!("rural-teachers");
    let x = one(&v);
    assert_eq!(x.rule, Rule::FrameworkProject);
    assert_snapshot!(x, @"prog.json, framework: error P011: project rural-teachers is named by more than one tier item");
}

#[test]
fn p012_measure_breakdown() {
    let mut v = registry_json();
    v["measures"] = json!([{"code": "meals", "name": {"zh": "营养餐"}, "unit": "count", "breakdowns": ["a", "a"]}]);
    let x = one(&v);
    assert_eq!(x.rule, Rule::MeasureBreakdown);
    assert_eq!(x.location.item.as_deref(), Some("measure meals"));
    assert_snapshot!(x, @"prog.json, measure meals: error P012: invalid measure: meals: breakdown a is declared twice");
}

#[test]
fn p013_and_p014_targets() {
    let target = json!({"year": 2019, "project": "rural-teachers", "area": "fuping", "measure": "people-trained", "breakdown": "local", "value": "5240"});
    let mut v = registry_json();
    v["plan"] = json!({"targets": [target.clone()]});
    let p = from_value(&v).unwrap();
    assert_eq!(p.plan().targets().len(), 1);

    let mut bad = target.clone();
    bad["breakdown"] = json!("abroad");
    v["plan"] = json!({"targets": [bad]});
    let x = one(&v);
    assert_eq!(x.rule, Rule::TargetBreakdown);
    assert_eq!(x.location.field.as_deref(), Some("breakdown"));
    assert_snapshot!(x, @r#"prog.json, target 2019 rural-teachers people-trained, column "breakdown": error P013: measure people-trained does not allow breakdown abroad"#);

    v["plan"] = json!({"targets": [target.clone(), target]});
    let x = one(&v);
    assert_eq!(x.rule, Rule::DuplicateTarget);
    assert_snapshot!(x, @"prog.json, target 2019 rural-teachers people-trained: error P014: the same target is set more than once");
}

#[test]
fn every_violation_is_reported_not_just_the_first() {
    let mut v = registry_json();
    v["framework"]["code"] = json!("9");
    v["pairings"][1]["end"] = json!("2015-12-31");
    v["schools"][0]["area"] = json!("beijing");
    // The framework error stops the whole check, but the parts' own errors are kept.
    let x = violations(&v);
    assert_eq!(rules(&x), BTreeSet::from(["P001", "P007"]));
    v["framework"]["code"] = json!("1215");
    let x = violations(&v);
    assert_eq!(rules(&x), BTreeSet::from(["P004", "P007"]));
    assert!(
        x.iter()
            .all(|x| x.location.file.as_deref() == Some("prog.json"))
    );
}

#[test]
fn a_duplicate_code_refers_to_its_first_declaration() {
    // fuping is declared again, as a region. Its first declaration (a county)
    // stays the one referred to, so the schools and pairings in Fuping are
    // fine and only the duplicate is reported.
    let mut v = registry_json();
    v["areas"].as_array_mut().unwrap().push(
        json!({"code": "fuping", "name": {"zh": "阜平"}, "kind": "region", "side": "supported"}),
    );
    let x = violations(&v);
    assert_eq!(rules(&x), BTreeSet::from(["P002"]), "{x:#?}");
    // Also when the duplicate follows directly.
    let mut v = registry_json();
    v["areas"].as_array_mut().unwrap().insert(
        5,
        json!({"code": "fuping", "name": {"zh": "阜平"}, "kind": "region", "side": "supported"}),
    );
    let x = violations(&v);
    assert_eq!(rules(&x), BTreeSet::from(["P002"]), "{x:#?}");
}

#[test]
fn p015_check_rule_invalid() {
    let rule = json!({"code": "poor-within-total", "left": {"measure": "placements", "breakdown": "registered-poor"}, "op": "<=", "right": {"measure": "placements"}, "by": ["project", "area", "year"]});
    let mut v = registry_json();
    v["rules"] = json!([rule.clone()]);
    assert!(from_value(&v).is_ok());
    let mut units = rule.clone();
    units["right"] = json!({"measure": "funds"});
    v["rules"] = json!([units]);
    let x = one(&v);
    assert_eq!(x.rule, Rule::CheckRuleInvalid);
    assert_snapshot!(x, @"prog.json, rule poor-within-total: error P015: compares placements in persons with funds in yuan");
    let mut by = rule.clone();
    by["by"] = json!(["measure"]);
    v["rules"] = json!([by]);
    let x = one(&v);
    assert_eq!(x.rule, Rule::CheckRuleInvalid);
    assert_eq!(x.location.field.as_deref(), Some("by"));
    assert_snapshot!(x, @r#"prog.json, rule poor-within-total, column "by": error P015: cannot group by measure: the terms name measures and breakdowns"#);
    let mut breakdown = rule;
    breakdown["left"]["breakdown"] = json!("local");
    v["rules"] = json!([breakdown]);
    let x = one(&v);
    assert_eq!(x.rule, Rule::CheckRuleInvalid);
    assert_snapshot!(x, @r#"prog.json, rule poor-within-total, column "left": error P015: measure placements does not allow breakdown local"#);
}
