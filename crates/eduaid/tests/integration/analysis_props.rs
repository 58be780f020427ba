//! Properties of compliance, plan vs actual, registry facts and rules over
//! totals: each agrees with an independent computation over the entry views
//! (or the registry) of generated valid programmes and ledgers.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use eduaid::{
    CheckRule, ComplianceOptions, Decimal, Dim, Ledger, MeasureKind, Op, PairingKind, Party,
    Programme, Side, Stages, StatMonth, Term, check_rules, compliance, progress, registry_facts,
};
use proptest::prelude::*;
use rust_decimal::RoundingStrategy;

use crate::strategies::{GenLedger, day, ledger, programme_spec};
use crate::support::c;

fn load(gl: &GenLedger, programme: Arc<Programme>) -> Ledger {
    let mut l = Ledger::new(programme);
    for e in &gl.entries {
        l.push(e).expect("generated entries are valid");
    }
    l
}

const TARGETED: [&str; 4] = [
    "poor-village",
    "poor-household",
    "poor-pupil",
    "deep-poverty-area",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn compliance_agrees_with_summing_the_entries(gl in ledger(120), pct in 0u32..=100, by_area: bool) {
        let l = load(&gl, Arc::clone(&gl.programme));
        let threshold = Decimal::new(i64::from(pct), 2);
        let opts = ComplianceOptions::with_threshold(threshold).unwrap().by_area(by_area);
        let got = compliance(&l, &opts).unwrap();
        let cal = l.programme().calendar();
        let mut want: BTreeMap<(i32, String), (Decimal, Decimal)> = BTreeMap::new();
        for e in l.iter().filter(|e| e.measure().as_str() == "funds") {
            let area = if by_area { e.area().to_string() } else { String::new() };
            let slot = want.entry((cal.year_of(e.date()), area)).or_default();
            if e.breakdown().is_some_and(|b| TARGETED.contains(&b.as_str())) {
                slot.0 += e.value();
            }
            slot.1 += e.value();
        }
        want.retain(|_, (_, total)| *total > Decimal::ZERO);
        prop_assert_eq!(got.rows.len(), want.len());
        for (row, ((year, area), (targeted, total))) in got.rows.iter().zip(&want) {
            prop_assert_eq!(row.year, *year);
            prop_assert_eq!(row.area.as_ref().map_or(String::new(), ToString::to_string), area.clone());
            prop_assert_eq!(row.targeted.to_decimal().unwrap(), *targeted);
            prop_assert_eq!(row.total.to_decimal().unwrap(), *total);
            let needed = (threshold * total).round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity);
            prop_assert_eq!(row.passes, *targeted >= threshold * total);
            let shortfall = if row.passes { Decimal::ZERO } else { needed - targeted };
            prop_assert_eq!(row.shortfall.to_decimal().unwrap(), shortfall);
        }
        prop_assert_eq!(got.passes(), !got.rows.is_empty() && got.rows.iter().all(|r| r.passes));
    }

    #[test]
    fn plan_actuals_agree_with_summing_the_entries(gl in ledger(120), as_of in 0u32..2700) {
        let l = load(&gl, Arc::clone(&gl.programme));
        let p = l.programme();
        let as_of = day(as_of);
        let got = progress(&l, as_of).unwrap();
        prop_assert_eq!(got.targets.len(), p.plan().targets().len());
        let cal = p.calendar();
        for t in &got.targets {
            let target = &t.target;
            let measure = p.measure(target.measure().as_str()).unwrap();
            if measure.kind() == MeasureKind::Stock {
                continue; // a stock's actual is a snapshot, not a sum
            }
            let actual: Decimal = l
                .iter()
                .filter(|e| {
                    e.project() == target.project()
                        && e.measure() == target.measure()
                        && cal.year_of(e.date()) == target.year()
                        && e.date() <= as_of
                        && target.area().is_none_or(|a| e.area() == a)
                        && target.breakdown().is_none_or(|b| e.breakdown() == Some(b))
                })
                .map(|e| e.value())
                .sum();
            prop_assert_eq!(t.actual.to_decimal().unwrap(), actual);
            prop_assert_eq!(t.planned.to_decimal().unwrap(), target.value());
            // Months completed: those whose cutoff day has been reached.
            let done = (1..=12)
                .filter(|&m| cal.range(StatMonth::new(target.year(), m).unwrap()).1 <= as_of)
                .count();
            prop_assert_eq!(t.months_elapsed as usize, done);
            let months = Decimal::from(t.months_elapsed);
            prop_assert_eq!(t.on_pace, actual * Decimal::from(12) >= target.value() * months);
        }
        let overdue = p.plan().milestones().iter().filter(|m| m.is_overdue(as_of)).count();
        prop_assert_eq!(got.overdue.len(), overdue);
        prop_assert!(got.overdue.windows(2).all(|w| w[0].due() <= w[1].due()));
    }

    #[test]
    fn registry_facts_agree_with_walking_the_pairings(spec in programme_spec(), on in 0u32..2700) {
        let p = Programme::new(spec).unwrap();
        let date = day(on);
        let facts = registry_facts(&p, date);
        let mut supporting = BTreeSet::new();
        let mut supported = BTreeSet::new();
        let mut joint = BTreeSet::new();
        let mut kinds: BTreeMap<PairingKind, usize> = BTreeMap::new();
        for pr in p.pairings().iter().filter(|pr| pr.in_force(date)) {
            *kinds.entry(pr.kind()).or_default() += 1;
            if let (Party::Schools(a), Party::Schools(b)) = (pr.supporting(), pr.supported()) {
                supporting.extend(a.iter().cloned());
                supported.extend(b.iter().cloned());
                if pr.kind() == PairingKind::JointSchool {
                    joint.extend(b.iter().cloned());
                }
            }
        }
        prop_assert_eq!(&facts.supporting_schools, &supporting);
        prop_assert_eq!(&facts.supported_schools, &supported);
        prop_assert_eq!(&facts.joint_schools, &joint);
        for kind in PairingKind::ALL {
            prop_assert_eq!(facts.pairings_of(kind), kinds.get(&kind).copied().unwrap_or(0));
        }
        for cov in &facts.coverage {
            let area = p.area(cov.area.as_str()).unwrap();
            prop_assert_eq!(area.side(), Side::Supported);
            let stages: Stages = supported
                .iter()
                .filter_map(|s| p.school(s.as_str()))
                .filter(|s| s.area() == &cov.area)
                .fold(Stages::EMPTY, |acc, s| acc.union(s.stages()));
            prop_assert_eq!(cov.stages, stages);
        }
    }

    #[test]
    fn rules_fail_exactly_where_the_comparison_fails(gl in ledger(120), op in 0usize..6, by_area: bool) {
        let op = [Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge][op];
        let mut spec = gl.programme.spec().clone();
        spec.rules.push(CheckRule {
            code: c("poor-pupil-funds"),
            name: None,
            left: Term { measure: c("funds"), breakdown: Some(c("poor-pupil")) },
            op,
            right: Term { measure: c("funds"), breakdown: None },
            by: if by_area { vec![Dim::Area] } else { vec![] },
        });
        let l = load(&gl, Arc::new(Programme::new(spec).unwrap()));
        let failures = check_rules(&l).unwrap();
        let mut groups: BTreeMap<String, (Decimal, Decimal)> = BTreeMap::new();
        for e in l.iter().filter(|e| e.measure().as_str() == "funds") {
            let g = groups.entry(if by_area { e.area().to_string() } else { String::new() }).or_default();
            if e.breakdown().is_some_and(|b| b.as_str() == "poor-pupil") {
                g.0 += e.value();
            }
            g.1 += e.value();
        }
        let holds = |l: Decimal, r: Decimal| match op {
            Op::Eq => l == r,
            Op::Ne => l != r,
            Op::Lt => l < r,
            Op::Le => l <= r,
            Op::Gt => l > r,
            Op::Ge => l >= r,
        };
        let want: Vec<String> = groups.iter().filter(|(_, (a, b))| !holds(*a, *b)).map(|(g, _)| g.clone()).collect();
        let got: Vec<String> = failures
            .iter()
            .map(|f| f.group.first().map_or(String::new(), |(_, k)| k.to_string()))
            .collect();
        prop_assert_eq!(got, want);
    }
}
