//! Compliance, plan versus actual, registry facts and rules over totals.

use std::sync::Arc;

use eduaid::{
    Compliance, ComplianceOptions, Decimal, Dim, Ledger, PairingKind, Programme, Query, Rule,
    Stage, check_rules, compliance, parse_date, progress, registry_facts, report, report_csv,
};

/// A small programme with a registry, a plan and a rule.
fn programme() -> Programme {
    let mut j: serde_json::Value = serde_json::from_str(&Programme::canonical().to_json()).unwrap();
    j["areas"] = serde_json::json!([
        { "code": "beijing", "name": { "zh": "北京市" }, "kind": "region", "side": "supporting" },
        { "code": "haidian", "name": { "zh": "海淀区" }, "kind": "district", "parent": "beijing", "side": "supporting" },
        { "code": "baoding", "name": { "zh": "保定市" }, "kind": "region", "side": "supported" },
        { "code": "fuping", "name": { "zh": "阜平县" }, "kind": "county", "parent": "baoding", "side": "supported", "poverty": "deeply-poor" },
        { "code": "laiyuan", "name": { "zh": "涞源县" }, "kind": "county", "parent": "baoding", "side": "supported", "poverty": "poor" }
    ]);
    j["schools"] = serde_json::json!([
        { "code": "bj-1", "name": { "zh": "北京一校" }, "area": "haidian", "stages": ["primary", "junior-secondary"] },
        { "code": "bj-2", "name": { "zh": "北京二校" }, "area": "haidian", "stages": ["vocational"] },
        { "code": "fp-1", "name": { "zh": "阜平一校" }, "area": "fuping", "stages": ["preschool", "primary", "junior-secondary"] },
        { "code": "fp-2", "name": { "zh": "阜平二校" }, "area": "fuping", "stages": ["senior-secondary", "vocational", "special-education"] },
        { "code": "ly-1", "name": { "zh": "涞源一校" }, "area": "laiyuan", "stages": ["primary"] }
    ]);
    j["pairings"] = serde_json::json!([
        { "code": "p1", "kind": "school-to-school", "supporting": { "schools": ["bj-1"] }, "supported": { "schools": ["fp-1"] }, "start": "2016-09-01" },
        { "code": "p2", "kind": "joint-school", "supporting": { "schools": ["bj-1", "bj-2"] }, "supported": { "schools": ["fp-2"] }, "start": "2017-03-01" },
        { "code": "p3", "kind": "school-to-school", "supporting": { "schools": ["bj-2"] }, "supported": { "schools": ["ly-1"] }, "start": "2016-09-01", "end": "2018-08-31" },
        { "code": "p4", "kind": "district-county", "supporting": { "area": "haidian" }, "supported": { "area": "fuping" }, "start": "2016-01-01" }
    ]);
    j["plan"] = serde_json::json!({
        "targets": [
            { "year": 2019, "project": "rural-teachers", "measure": "people-trained", "value": "1200" },
            { "year": 2019, "project": "rural-teachers", "area": "fuping", "measure": "people-trained", "breakdown": "in-beijing", "value": "100" },
            { "year": 2019, "project": "pupil-health", "measure": "funds", "value": "1000.50" }
        ],
        "milestones": [
            { "code": "m1", "project": "study-visits", "title": { "zh": "赴京访学" }, "due": "2019-07-25", "owner": "市教育局职成科" },
            { "code": "m2", "project": "rural-teachers", "title": { "zh": "送教下乡" }, "due": "2019-05-25", "owner": "首都师范大学", "done": "2019-05-20" },
            { "code": "m3", "project": "pupil-health", "title": { "zh": "体检" }, "due": "2019-04-25", "owner": "县卫健局" }
        ]
    });
    j["rules"] = serde_json::json!([
        { "code": "poor-placements-within-total", "left": { "measure": "placements", "breakdown": "registered-poor" }, "op": "<=", "right": { "measure": "placements" }, "by": ["area"] }
    ]);
    Programme::from_json(&j.to_string(), "small.json").unwrap()
}

fn ledger(csv: &str) -> Ledger {
    let loaded = Ledger::read_csv(Arc::new(programme()), csv.as_bytes(), "l.csv").unwrap();
    assert!(loaded.is_valid(), "{}", loaded.violations);
    loaded.accept_valid_rows()
}

#[test]
fn compliance_per_year_and_area_exactly() {
    let l = ledger(
        "id,date,project,area,measure,breakdown,value\n\
         a,2018-03-01,pupil-health,fuping,funds,poor-pupil,800\n\
         b,2018-03-01,pupil-health,laiyuan,funds,general,200\n\
         c,2018-12-26,pupil-health,fuping,funds,general,1\n\
         d,2019-03-01,pupil-health,fuping,funds,deep-poverty-area,79.99\n\
         e,2019-03-01,pupil-health,laiyuan,funds,general,20.01\n",
    );
    let c = compliance(&l, &ComplianceOptions::default()).unwrap();
    // 2018: 800 of 1000 = 80% exactly, passes; 26 Dec 2018 belongs to 2019.
    assert_eq!(c.rows.len(), 2);
    assert_eq!(
        (c.rows[0].year, c.rows[0].passes, c.rows[0].share),
        (2018, true, Decimal::new(8, 1))
    );
    assert_eq!(c.rows[1].year, 2019);
    assert_eq!(c.rows[1].total.to_string(), "101.00");
    assert!(!c.rows[1].passes);
    // 80% of 101.00 is 80.80; 79.99 targeted: 0.81 short.
    assert_eq!(c.rows[1].shortfall.to_string(), "0.81");
    assert!(!c.passes());
    assert_eq!(c.failures().count(), 1);
    let by_area = compliance(&l, &ComplianceOptions::default().by_area(true)).unwrap();
    let fails: Vec<String> = by_area
        .failures()
        .map(|r| format!("{} {}", r.year, r.area.as_ref().unwrap()))
        .collect();
    // Fuping 2019: 79.99 of 80.99 (the 26 December 2018 payment counts in 2019) passes.
    assert_eq!(fails, ["2018 laiyuan", "2019 laiyuan"]);
    let lax = compliance(
        &l,
        &ComplianceOptions::with_threshold(Decimal::new(79, 2)).unwrap(),
    )
    .unwrap();
    assert!(lax.passes());
}

#[test]
fn compliance_of_a_file_read_without_keeping_its_entries() {
    let csv = "id,date,project,area,measure,breakdown,value\n\
               a,2018-03-01,pupil-health,fuping,funds,poor-pupil,800\n\
               b,2018-03-01,pupil-health,laiyuan,funds,general,200\n\
               c,2018-12-26,pupil-health,fuping,funds,general,1\n\
               d,2019-03-01,pupil-health,fuping,funds,deep-poverty-area,79.99\n\
               e,2019-03-01,pupil-health,laiyuan,funds,general,20.01\n";
    let p = Arc::new(programme());
    let l = ledger(csv);
    for by_area in [false, true] {
        let opts = ComplianceOptions::default().by_area(by_area);
        let q = opts.query(&p).unwrap();
        let streamed = report_csv(Arc::clone(&p), csv.as_bytes(), "l.csv", &q).unwrap();
        let c = Compliance::from_report(&streamed.report, &opts).unwrap();
        assert_eq!(c, compliance(&l, &opts).unwrap());
    }
    // Up to a date: 2018 only.
    let opts = ComplianceOptions::default();
    let q = opts
        .query(&p)
        .unwrap()
        .to(parse_date("2018-12-25").unwrap());
    let c = Compliance::from_report(&report(&l, &q).unwrap(), &opts).unwrap();
    assert_eq!(c.rows.len(), 1);
    assert!(c.passes());
    // A report grouped otherwise is refused, not misread.
    let other = report(&l, &Query::by(&[Dim::Year, Dim::Area]).unwrap()).unwrap();
    let err = Compliance::from_report(&other, &opts).unwrap_err();
    assert!(
        err.to_string().contains("grouped by year,area,measure"),
        "{err}"
    );
    // The measure must be declared money.
    let counts = ComplianceOptions::default().measure("people-trained".parse().unwrap(), vec![]);
    assert!(counts.query(&p).is_err());
}

#[test]
fn plan_versus_actual_and_overdue_milestones() {
    let l = ledger(
        "id,date,project,area,measure,breakdown,value\n\
         t1,2018-12-20,rural-teachers,fuping,people-trained,local,999\n\
         t2,2019-01-10,rural-teachers,fuping,people-trained,local,500\n\
         t3,2019-06-25,rural-teachers,fuping,people-trained,in-beijing,40\n\
         t4,2019-06-26,rural-teachers,fuping,people-trained,in-beijing,60\n\
         f1,2019-02-01,pupil-health,laiyuan,funds,poor-pupil,1000.50\n",
    );
    let p = progress(&l, parse_date("2019-06-25").unwrap()).unwrap();
    let all = &p.targets[0];
    // 2018-12-20 is in statistics year 2018, 2019-06-26 after the date.
    assert_eq!(all.actual.to_string(), "540");
    assert_eq!(all.remaining.to_string(), "660");
    assert_eq!(all.percent, Some(Decimal::new(4500, 2)));
    assert_eq!(all.months_elapsed, 6);
    assert!(!all.on_pace); // 540 < 1200 * 6 / 12
    let fuping = &p.targets[1];
    assert_eq!(
        (fuping.actual.to_string(), fuping.on_pace),
        ("40".to_owned(), false)
    );
    let funds = &p.targets[2];
    assert_eq!(
        (funds.actual.to_string(), funds.remaining.to_string()),
        ("1000.50".to_owned(), "0.00".to_owned())
    );
    assert!(funds.on_pace);
    let overdue: Vec<(&str, &str)> = p
        .overdue
        .iter()
        .map(|m| (m.code().as_str(), m.owner()))
        .collect();
    assert_eq!(overdue, [("m3", "县卫健局")]);
    // A day earlier, June's cutoff is not reached: five months done.
    let p = progress(&l, parse_date("2019-06-24").unwrap()).unwrap();
    assert_eq!(p.targets[0].months_elapsed, 5);
    // After the year: the full target is expected.
    let p = progress(&l, parse_date("2020-02-01").unwrap()).unwrap();
    assert_eq!(
        (p.targets[0].actual.to_string(), p.targets[0].months_elapsed),
        ("600".to_owned(), 12)
    );
    let overdue: Vec<&str> = p.overdue.iter().map(|m| m.code().as_str()).collect();
    assert_eq!(overdue, ["m3", "m1"]);
}

#[test]
fn registry_facts_as_of_a_date() {
    let p = programme();
    let f = registry_facts(&p, parse_date("2018-01-01").unwrap());
    assert_eq!(f.pairings_of(PairingKind::SchoolToSchool), 2);
    assert_eq!(f.pairings_of(PairingKind::JointSchool), 1);
    assert_eq!(f.pairings_of(PairingKind::DistrictCounty), 1);
    assert_eq!(f.supporting_schools.len(), 2);
    assert_eq!(f.supported_schools.len(), 3);
    assert_eq!(
        f.joint_schools
            .iter()
            .map(eduaid::Code::as_str)
            .collect::<Vec<_>>(),
        ["fp-2"]
    );
    assert!(f.stages.is_all());
    let not_full: Vec<&str> = f.not_fully_covered().map(|c| c.area.as_str()).collect();
    assert_eq!(not_full, ["laiyuan"]);
    // After p3 ends, laiyuan has no paired school at all.
    let f = registry_facts(&p, parse_date("2019-06-25").unwrap());
    assert_eq!(f.supported_schools.len(), 2);
    let ly = f
        .coverage
        .iter()
        .find(|c| c.area.as_str() == "laiyuan")
        .unwrap();
    assert!(ly.stages.is_empty() && !ly.stages.contains(Stage::Primary));
    // Before any pairing: nothing.
    let f = registry_facts(&p, parse_date("2015-01-01").unwrap());
    assert!(f.pairings.is_empty() && f.coverage.iter().all(|c| c.schools.is_empty()));
}

#[test]
fn rules_over_totals_report_every_failing_group() {
    let l = ledger(
        "id,date,project,area,measure,breakdown,value\n\
         a,2019-03-01,vocational-zone,fuping,placements,registered-poor,30\n\
         b,2019-03-01,vocational-zone,fuping,placements,other,10\n\
         c,2019-03-01,vocational-zone,laiyuan,placements,registered-poor,5\n",
    );
    assert!(
        check_rules(&l).unwrap().is_empty(),
        "a part never exceeds its whole"
    );
    // A rule the data breaks, to see failures named.
    let mut j: serde_json::Value = serde_json::from_str(&programme().to_json()).unwrap();
    j["rules"][0]["op"] = serde_json::json!(">");
    let p = Programme::from_json(&j.to_string(), "p.json").unwrap();
    let mut csv = Vec::new();
    l.write_csv(&mut csv).unwrap();
    let l = Ledger::read_csv(Arc::new(p), csv.as_slice(), "l.csv")
        .unwrap()
        .accept_valid_rows();
    let failures = check_rules(&l).unwrap();
    let msgs: Vec<&str> = failures.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "area fuping: placements[registered-poor] 30 > placements 40 does not hold",
            "area laiyuan: placements[registered-poor] 5 > placements 5 does not hold"
        ]
    );
}

#[test]
fn rule_declarations_are_checked() {
    let mut j: serde_json::Value = serde_json::from_str(&programme().to_json()).unwrap();
    j["rules"] = serde_json::json!([
        { "code": "r1", "left": { "measure": "funds" }, "op": "<=", "right": { "measure": "placements" } },
        { "code": "r2", "left": { "measure": "placement" }, "op": "<=", "right": { "measure": "placements" } },
        { "code": "r3", "left": { "measure": "placements", "breakdown": "poor" }, "op": "<=", "right": { "measure": "placements" }, "by": ["breakdown"] }
    ]);
    let err = Programme::from_json(&j.to_string(), "p.json").unwrap_err();
    let v = err.violations().unwrap();
    let codes: Vec<&str> = v.iter().map(|x| x.rule.code()).collect();
    assert_eq!(codes, ["P015", "P003", "P015", "P015"]);
    assert!(v.contains(Rule::CheckRuleInvalid));
    assert_eq!(
        v.as_slice()[0].to_string(),
        "p.json, rule r1: error P015: compares funds in yuan with placements in persons"
    );
}
