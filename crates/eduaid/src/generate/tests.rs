//! Tests of the generator.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::Datelike;

use super::*;
use crate::{
    AreaKind, ComplianceOptions, Ledger, Milestone, PairingKind, PovertyStatus, Programme,
    compliance, parse_date,
};

fn csv_of(opts: &GenerateOptions) -> (Arc<Programme>, Vec<u8>) {
    let p = Arc::new(generate_programme(opts).unwrap());
    let mut out = Vec::new();
    assert_eq!(write_ledger_csv(&p, opts, &mut out).unwrap(), opts.entries);
    (p, out)
}

#[test]
fn splitmix64_matches_the_reference_vectors() {
    // From the reference C code (and Java's SplittableRandom) for seed 1234567.
    let mut r = SplitMix64::new(1_234_567);
    let got: Vec<u64> = (0..5).map(|_| r.next_u64()).collect();
    assert_eq!(
        got,
        [
            6_457_827_717_110_365_317,
            3_203_168_211_198_807_973,
            9_817_491_932_198_370_423,
            4_593_380_528_125_082_431,
            16_408_922_859_458_223_821,
        ]
    );
}

#[test]
fn generated_ledgers_load_without_a_single_violation() {
    for (entries, seed) in [(0, 1), (1, 2), (1_000, 42), (20_000, 7), (5_000, u64::MAX)] {
        let opts = GenerateOptions::new(entries, seed);
        let (p, csv) = csv_of(&opts);
        let loaded = Ledger::read_csv(p, csv.as_slice(), "gen.csv").unwrap();
        assert_eq!(loaded.rows, entries);
        assert_eq!(loaded.ledger.len() as u64, entries);
        assert!(
            loaded.violations.is_empty(),
            "seed {seed}: {}",
            loaded.violations.as_slice()[0]
        );
    }
}

#[test]
fn other_shapes_load_too() {
    let mut opts = GenerateOptions::new(3_000, 9);
    opts.years = 1;
    opts.start_year = 2030;
    opts.schools = 100;
    opts.corrections_per_mille = 200;
    let (p, csv) = csv_of(&opts);
    let loaded = Ledger::read_csv(p, csv.as_slice(), "gen.csv").unwrap();
    assert!(loaded.violations.is_empty(), "{}", loaded.violations);
    assert_eq!(loaded.ledger.len(), 3_000);
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = csv_of(&GenerateOptions::new(3_000, 5)).1;
    let b = csv_of(&GenerateOptions::new(3_000, 5)).1;
    let c = csv_of(&GenerateOptions::new(3_000, 6)).1;
    assert_eq!(a, b);
    assert_ne!(a, c);
    let pa = generate_programme(&GenerateOptions::new(3_000, 5)).unwrap();
    let pc = generate_programme(&GenerateOptions::new(3_000, 6)).unwrap();
    assert_eq!(
        pa.to_json(),
        generate_programme(&GenerateOptions::new(3_000, 5))
            .unwrap()
            .to_json()
    );
    assert_ne!(pa.to_json(), pc.to_json());
}

#[test]
fn in_memory_ledger_equals_the_csv_one() {
    let opts = GenerateOptions::new(4_000, 11);
    let (p, csv) = csv_of(&opts);
    let (q, ledger) = generate_ledger(&opts).unwrap();
    assert_eq!(p.to_json(), q.to_json());
    let mut written = Vec::new();
    ledger.write_csv(&mut written).unwrap();
    assert_eq!(written, csv);
}

#[test]
fn dates_straddle_the_cutoff() {
    let (_, ledger) = generate_ledger(&GenerateOptions::new(20_000, 3)).unwrap();
    let cal = ledger.programme().calendar();
    let (mut before, mut after, mut spread) = (0, 0, 0);
    for e in ledger.iter() {
        let d = e.date();
        match d.day() {
            24 | 25 => before += 1,
            26 | 27 => {
                after += 1;
                // Past the cutoff: the next statistics month.
                assert_ne!(cal.month_of(d).month(), d.month());
            }
            _ => spread += 1,
        }
    }
    let n = ledger.len();
    assert!(before > n / 5 && after > n / 5, "{before} {after} of {n}");
    assert!(spread > n / 3, "{spread} of {n}");
    let first = ledger.iter().map(|e| e.date()).min().unwrap();
    let last = ledger.iter().map(|e| e.date()).max().unwrap();
    assert_eq!(first, parse_date("2015-12-26").unwrap());
    assert_eq!(last, parse_date("2019-12-25").unwrap());
}

#[test]
fn corrections_are_about_one_percent_and_some_reverse() {
    let (_, ledger) = generate_ledger(&GenerateOptions::new(20_000, 4)).unwrap();
    let corrections: Vec<_> = ledger.iter().filter(|e| e.corrects().is_some()).collect();
    assert!(
        (120..=280).contains(&corrections.len()),
        "{}",
        corrections.len()
    );
    assert!(corrections.iter().any(|e| e.raw_value() < 0));
    assert!(corrections.iter().any(|e| e.raw_value() > 0));
    for e in corrections {
        let o = e.corrects().unwrap();
        assert_eq!(o.measure(), e.measure());
        assert!(o.date() <= e.date());
        assert!(o.index() < e.index());
    }
}

#[test]
fn targeting_holds_in_most_years_but_not_all() {
    let (_, ledger) = generate_ledger(&GenerateOptions::new(20_000, 2)).unwrap();
    let c = compliance(&ledger, &ComplianceOptions::default()).unwrap();
    let years: Vec<i32> = c.rows.iter().map(|r| r.year).collect();
    assert_eq!(years, [2016, 2017, 2018, 2019]);
    let failing: Vec<i32> = c.failures().map(|r| r.year).collect();
    assert_eq!(failing, [2018], "{:?}", c.rows);
}

#[test]
fn every_measure_and_breakdown_and_pairing_kind_is_used() {
    let (p, ledger) = generate_ledger(&GenerateOptions::new(20_000, 8)).unwrap();
    let mut used = HashSet::new();
    for e in ledger.iter() {
        used.insert((e.measure().clone(), e.breakdown().cloned()));
    }
    for m in p.measures() {
        if m.breakdowns().is_empty() {
            assert!(used.contains(&(m.code().clone(), None)), "{}", m.code());
        }
        for b in m.breakdowns() {
            assert!(
                used.contains(&(m.code().clone(), Some(b.clone()))),
                "{} {b}",
                m.code()
            );
        }
    }
    for kind in PairingKind::ALL {
        assert!(p.pairings().iter().any(|x| x.kind() == kind));
        assert!(ledger.iter().any(|e| {
            e.pairing()
                .is_some_and(|c| p.pairing(c.as_str()).unwrap().kind() == kind)
        }));
    }
    assert!(p.pairings().iter().any(|x| x.end().is_some()));
    assert!(ledger.iter().any(|e| e.school().is_some()));
    assert!(!p.plan().targets().is_empty() && !p.plan().milestones().is_empty());
    let poor = p
        .areas()
        .iter()
        .filter(|a| a.poverty() != PovertyStatus::NotPoor)
        .count();
    assert_eq!(poor, 10);
    // Every district and county has schools, on both sides.
    for a in p.areas().iter().filter(|a| a.kind() != AreaKind::Region) {
        assert!(
            p.schools().iter().any(|s| s.area() == a.code()),
            "{}",
            a.code()
        );
    }
}

#[test]
fn plan_targets_are_near_what_the_ledger_gives() {
    let (p, ledger) = generate_ledger(&GenerateOptions::new(20_000, 12)).unwrap();
    let per_county = p.plan().targets().iter().filter(|t| t.area().is_some());
    assert_eq!(per_county.count(), 10 * 4);
    let progress = crate::progress(&ledger, parse_date("2019-12-25").unwrap()).unwrap();
    for t in progress
        .targets
        .iter()
        .filter(|t| t.target.area().is_none())
    {
        let (actual, planned) = (t.actual.base_units(), t.planned.base_units());
        assert!(
            actual * 2 >= planned && actual <= planned * 2,
            "{} {} {}: actual {} planned {}",
            t.target.year(),
            t.target.project(),
            t.target.measure(),
            t.actual,
            t.planned
        );
    }
    let owners: HashSet<&str> = p.plan().milestones().iter().map(Milestone::owner).collect();
    assert!(owners.len() > 3);
    let as_of = parse_date("2019-12-31").unwrap();
    assert!(p.plan().milestones().iter().any(|m| m.is_overdue(as_of)));
    assert!(p.plan().milestones().iter().any(|m| m.done().is_some()));
}

#[test]
fn out_of_range_options_are_refused() {
    for change in [
        |o: &mut GenerateOptions| o.years = 0,
        |o: &mut GenerateOptions| o.schools = 10,
        |o: &mut GenerateOptions| o.start_year = 20_000,
        |o: &mut GenerateOptions| o.corrections_per_mille = 1001,
    ] {
        let mut o = GenerateOptions::new(10, 1);
        change(&mut o);
        let err = generate_programme(&o).unwrap_err();
        assert!(
            err.to_string().starts_with("invalid generate options: "),
            "{err}"
        );
    }
}
