//! Reporting duties (P017, P018), the `recorded` column, and completeness
//! against an independent computation over random duties and ledgers.

use std::fmt::Write as _;
use std::sync::Arc;

use chrono::{Days, NaiveDate};
use eduaid::{
    CompletenessBy, Ledger, Programme, Reporter, ReturnStatus, Rule, StatMonth, completeness,
};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::support::{d, load, registry_json};

fn with_duties(duties: Value) -> Result<Programme, eduaid::Error> {
    let mut v = registry_json();
    v["duties"] = duties;
    Programme::from_json(&v.to_string(), "duties.json")
}

fn rules_of(e: &eduaid::Error) -> Vec<Rule> {
    e.violations()
        .expect("violations")
        .iter()
        .map(|v| v.rule)
        .collect()
}

#[test]
fn duties_are_read_written_back_and_checked() {
    let p = with_duties(json!([
        {"project": "rural-teachers", "areas": ["fuping", "laiyuan"], "from": "2019-01", "to": "2019-11"},
        {"project": "principal-studios", "schools": ["fp-1"], "pairings": ["s2s-01"], "from": "2019-03", "to": "2020-08"}
    ]))
    .expect("valid duties");
    assert_eq!(p.duties().len(), 4);
    assert_eq!(
        p.duties()[3].unit(),
        &Reporter::Pairing(crate::support::c("s2s-01"))
    );
    let again = Programme::from_json(&p.to_json(), "again.json").expect("round trip");
    assert_eq!(again.duties(), p.duties());
    // The canonical programme declares none, and writes no `duties` key.
    assert!(Programme::canonical().duties().is_empty());
    assert!(!Programme::canonical().to_json().contains("duties"));

    let bad = |duties: Value| rules_of(&with_duties(duties).unwrap_err());
    assert_eq!(
        bad(json!([{"project": "rural-teachers", "areas": ["atlantis"], "from": "2019-01"}])),
        [Rule::DutyUnknownUnit]
    );
    assert_eq!(
        bad(json!([{"project": "no-such", "schools": ["fp-1"], "from": "2019-01"}])),
        [Rule::DutyUnknownUnit]
    );
    assert_eq!(
        bad(
            json!([{"project": "rural-teachers", "areas": ["fuping"], "from": "2019-06", "to": "2019-05"}])
        ),
        [Rule::DutyPeriod]
    );
    assert_eq!(
        bad(json!([{"project": "rural-teachers", "from": "2019-06"}])),
        [Rule::DutyPeriod]
    );
    assert_eq!(
        bad(json!([
            {"project": "rural-teachers", "areas": ["fuping"], "from": "2019-01", "to": "2019-06"},
            {"project": "rural-teachers", "areas": ["fuping"], "from": "2019-06"}
        ])),
        [Rule::DutyPeriod]
    );
    // joint-01 is in force from March to December 2019.
    assert_eq!(
        bad(
            json!([{"project": "rural-teachers", "pairings": ["joint-01"], "from": "2019-02", "to": "2019-12"}])
        ),
        [Rule::DutyPeriod]
    );
    assert_eq!(
        bad(json!([{"project": "rural-teachers", "pairings": ["joint-01"], "from": "2019-03"}])),
        [Rule::DutyPeriod]
    );
}

#[test]
fn recorded_is_read_kept_checked_and_written() {
    let csv = "id,date,project,area,measure,breakdown,value,recorded\n\
               a,2019-06-20,rural-teachers,fuping,people-trained,local,1,2019-06-30\n\
               b,2019-06-21,rural-teachers,fuping,people-trained,local,1,\n\
               c,2019-06-22,rural-teachers,fuping,people-trained,local,1,2019-02-30\n";
    let loaded = load(csv);
    let v = loaded.violations.as_slice();
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].rule, Rule::InvalidDate);
    assert_eq!(v[0].location.field.as_deref(), Some("recorded"));
    let l = &loaded.valid_rows();
    assert_eq!(l.get(0).unwrap().recorded(), Some(d("2019-06-30")));
    assert_eq!(l.get(1).unwrap().recorded(), None);
    let mut out = Vec::new();
    l.write_csv(&mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with(
        "id,date,project,area,school,pairing,measure,breakdown,value,source,corrects,recorded\n"
    ));
    assert!(
        out.contains(",2019-06-30\n") && out.ends_with(",,\n"),
        "{out}"
    );
    // A ledger without the column writes none.
    let plain = load(
        "id,date,project,area,measure,breakdown,value\na,2019-06-20,rural-teachers,fuping,people-trained,local,1\n",
    );
    let mut out = Vec::new();
    plain.valid_rows().write_csv(&mut out).unwrap();
    assert!(!String::from_utf8(out).unwrap().contains("recorded"));
}

/// The units an entry may name: (area, school, pairing).
const PLACES: [(&str, &str, &str); 5] = [
    ("fuping", "", ""),
    ("laiyuan", "", ""),
    ("fuping", "fp-1", "s2s-01"),
    ("fuping", "", "dc-01"),
    ("laiyuan", "ly-1", ""),
];
const PROJECTS: [&str; 2] = ["rural-teachers", "principal-studios"];
const UNITS: [(&str, &str); 6] = [
    ("areas", "fuping"),
    ("areas", "laiyuan"),
    ("areas", "wutai"),
    ("schools", "fp-1"),
    ("pairings", "s2s-01"),
    ("pairings", "dc-01"),
];

fn month(k: u32) -> StatMonth {
    StatMonth::new(2019, k).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn completeness_equals_a_direct_count(
        duties in prop::collection::vec((0..2usize, 0..6usize, 1..=12u32, 0..12u32), 1..6),
        entries in prop::collection::vec((0..2usize, 0..5usize, 0..355u64, prop::option::of(-3..40i64)), 0..60),
        as_of in 0..400u64,
    ) {
        let start = d("2019-01-01");
        // Duties: distinct (project, unit) so none overlaps.
        let mut seen = std::collections::HashSet::new();
        let mut json_duties = Vec::new();
        for (p, u, from, len) in duties {
            if !seen.insert((p, u)) { continue; }
            let (kind, code) = UNITS[u];
            let to = (from + len).min(12);
            json_duties.push(json!({"project": PROJECTS[p], kind: [code], "from": month(from).to_string(), "to": month(to).to_string()}));
        }
        let programme = Arc::new(with_duties(Value::Array(json_duties)).expect("valid"));
        let mut csv = String::from("id,date,project,area,school,pairing,measure,value,recorded\n");
        let rows: Vec<(usize, usize, NaiveDate, Option<NaiveDate>)> = entries
            .iter()
            .map(|&(p, place, day, rec)| {
                let date = start + Days::new(day);
                let recorded = rec.map(|r| date.checked_add_signed(chrono::TimeDelta::days(r)).unwrap());
                (p, place, date, recorded)
            })
            .collect();
        for (i, (p, place, date, recorded)) in rows.iter().enumerate() {
            let (a, s, q) = PLACES[*place];
            let r = recorded.map_or(String::new(), |r| r.to_string());
            let _ = writeln!(csv, "e{i},{date},{},{a},{s},{q},activities,0,{r}", PROJECTS[*p]);
        }
        let loaded = Ledger::read_csv(Arc::clone(&programme), csv.as_bytes(), "l.csv").unwrap();
        prop_assert!(loaded.is_valid(), "{:?}", loaded.violations);
        let as_of = start + Days::new(as_of);
        let c = completeness(loaded.valid_rows(), as_of, Some(CompletenessBy::Project));

        // The direct count: every duty, every month closed by `as_of`, every entry.
        let cal = programme.calendar();
        let mut want = Vec::new();
        for duty in programme.duties() {
            let mut m = duty.from();
            while m <= duty.to().unwrap() && cal.range(m).1 <= as_of {
                let mut got: Option<Option<NaiveDate>> = None;
                for (p, place, date, recorded) in &rows {
                    let (a, s, q) = PLACES[*place];
                    let mine = match duty.unit() {
                        Reporter::Area(x) => x.as_str() == a,
                        Reporter::School(x) => x.as_str() == s,
                        Reporter::Pairing(x) => x.as_str() == q,
                    };
                    let counted = recorded.is_none_or(|r| r <= as_of);
                    if mine && counted && PROJECTS[*p] == duty.project().as_str() && cal.month_of(*date) == m {
                        let before = got.flatten();
                        got = Some(match (before, *recorded) {
                            (Some(x), Some(y)) => Some(x.min(y)),
                            (x, y) => x.or(y),
                        });
                    }
                }
                let status = match got {
                    None => ReturnStatus::Missing,
                    Some(None) => ReturnStatus::UnknownTime,
                    Some(Some(r)) if r <= cal.range(m).1 => ReturnStatus::OnTime,
                    Some(Some(_)) => ReturnStatus::Late,
                };
                want.push((m, duty.project().to_string(), duty.unit().clone(), status));
                m = m.next();
            }
        }
        want.sort();
        let mut have: Vec<_> = c.returns.iter().map(|r| (r.month, r.project.to_string(), r.unit.clone(), r.status)).collect();
        have.sort();
        prop_assert_eq!(&have, &want);
        let count = |s: ReturnStatus| want.iter().filter(|w| w.3 == s).count() as u64;
        prop_assert_eq!(c.total.due, want.len() as u64);
        prop_assert_eq!(c.total.missing, count(ReturnStatus::Missing));
        prop_assert_eq!(c.total.on_time, count(ReturnStatus::OnTime));
        prop_assert_eq!(c.total.late, count(ReturnStatus::Late));
        prop_assert_eq!(c.total.unknown_time, count(ReturnStatus::UnknownTime));
        prop_assert_eq!(c.rows.iter().map(|r| r.due).sum::<u64>(), c.total.due);
        prop_assert_eq!(c.is_complete(), count(ReturnStatus::Missing) == 0);
    }
}
