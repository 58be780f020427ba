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

/// FNV-1a, 64 bits.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xCBF2_9CE4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

#[test]
fn default_options_keep_the_bytes_they_had_before_the_knobs() {
    // The digest of `eduaid generate --entries 30000 --seed 2019` as written
    // before the options past `corrections_per_mille` existed.
    let (_, csv) = csv_of(&GenerateOptions::new(30_000, 2019));
    assert_eq!((fnv1a(&csv), csv.len()), (0x41e0_fc01_b4b9_94ed, 2_455_087));
}

/// Generates with `change` applied, reads the CSV back against the
/// generated programme and returns the loaded ledger, checking that no row
/// was refused.
fn knob(entries: u64, change: impl FnOnce(&mut GenerateOptions)) -> (Vec<u8>, crate::Loaded) {
    let mut opts = GenerateOptions::new(entries, 31);
    change(&mut opts);
    let (p, csv) = csv_of(&opts);
    let loaded = Ledger::read_csv(p, csv.as_slice(), "knob.csv").unwrap();
    assert_eq!(loaded.ledger.len() as u64, entries);
    assert_eq!(loaded.violations.error_count(), 0, "{}", loaded.violations);
    (csv, loaded)
}

#[test]
fn years_span_one_to_ten_statistics_years() {
    for years in [1, 10] {
        let (_, l) = knob(20_000, |o| o.years = years);
        let cal = l.ledger.programme().calendar();
        let spanned: HashSet<i32> = l.ledger.iter().map(|e| cal.year_of(e.date())).collect();
        assert_eq!(spanned.len(), years as usize);
        assert!(l.violations.is_empty());
    }
}

#[test]
fn areas_are_the_supported_districts_and_counties_asked_for() {
    for (areas, schools) in [(10, 100), (26, 800), (300, 100), (300, 5_000)] {
        let (_, l) = knob(30_000, |o| (o.areas, o.schools) = (areas, schools));
        let p = l.ledger.programme();
        let supported = p
            .areas()
            .iter()
            .filter(|a| a.side() == crate::Side::Supported && a.kind() != AreaKind::Region)
            .count();
        assert_eq!(supported, areas as usize);
        let used: HashSet<&str> = l.ledger.iter().map(|e| e.area().as_str()).collect();
        assert_eq!(
            used.len(),
            areas as usize,
            "{areas} areas, {schools} schools"
        );
        assert_eq!(p.schools().len(), schools as usize);
        assert!(
            p.areas()
                .iter()
                .any(|a| a.poverty() == PovertyStatus::DeeplyPoor)
        );
        assert!(l.violations.is_empty());
    }
}

#[test]
fn school_counts_from_one_hundred_to_five_thousand() {
    for schools in [100, 5_000] {
        let (_, l) = knob(20_000, |o| o.schools = schools);
        assert_eq!(l.ledger.programme().schools().len(), schools as usize);
        let used: HashSet<&str> = l
            .ledger
            .iter()
            .filter_map(|e| e.school().map(Code::as_str))
            .collect();
        assert!(used.len() * 4 > schools as usize * 3 / 5, "{}", used.len());
    }
}

#[test]
fn undeclared_measures_come_in_the_share_asked_each_with_w003() {
    for per_mille in [0, 100, 750] {
        let (_, l) = knob(40_000, |o| o.undeclared_per_mille = per_mille);
        let w003 = l
            .violations
            .iter()
            .filter(|v| v.rule == crate::Rule::MeasureNotReported)
            .count();
        assert_eq!(l.violations.len(), w003);
        // Within 2.5 points (corrections copy their original's measure).
        let share = w003 as u64 * 1000 / 40_000;
        assert!(
            share.abs_diff(u64::from(per_mille)) <= 25,
            "{share} per mille for {per_mille}"
        );
    }
}

fn ids(csv: &[u8]) -> Vec<&str> {
    std::str::from_utf8(csv)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect()
}

fn dates(csv: &[u8]) -> Vec<&str> {
    std::str::from_utf8(csv)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect()
}

#[test]
fn text_ids_are_unique_free_text_and_in_no_order() {
    let (csv, l) = knob(20_000, |o| o.ids = IdStyle::Text);
    assert!(l.violations.is_empty());
    let ids = ids(&csv);
    assert!(ids.iter().all(|i| i.starts_with("jb-") && i.len() == 19));
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
    let ascending = ids.windows(2).filter(|w| w[0] < w[1]).count();
    assert!((8_000..12_000).contains(&ascending), "{ascending}");
    // Corrections name their original by its text id.
    assert!(l.ledger.iter().any(|e| e.corrects().is_some()));
}

#[test]
fn date_sorted_rows_are_the_same_rows_sorted_by_date_with_ids_out_of_order() {
    let opts = GenerateOptions::new(20_000, 17);
    let (csv, l) = knob(20_000, |o| {
        o.seed = 17;
        o.ids = IdStyle::DateSorted;
    });
    assert!(l.violations.is_empty());
    let ds = dates(&csv);
    assert!(ds.windows(2).all(|w| w[0] <= w[1]));
    let numbers: Vec<u64> = ids(&csv).iter().map(|i| i[1..].parse().unwrap()).collect();
    // Most ids are below one already read: far out of file order.
    let mut max = 0;
    let behind = numbers
        .iter()
        .filter(|&&n| {
            let seen = n < max;
            max = max.max(n);
            seen
        })
        .count();
    assert!(behind > 18_000, "{behind}");
    // The rows as generated (with the same options), sorted stably by date,
    // whether sorted in one window or in windows of a thousand rows.
    let p = generate_programme(&opts).unwrap();
    let mut sorted_opts = opts.clone();
    sorted_opts.ids = IdStyle::DateSorted;
    let key = |r: stream::Row| (r.id, r.date);
    let mut generated: Vec<_> = stream::Stream::new(&p, &sorted_opts)
        .unwrap()
        .map(key)
        .collect();
    generated.sort_by_key(|&(_, date)| date);
    let one: Vec<_> = order::Rows::new(&p, &sorted_opts)
        .unwrap()
        .map(key)
        .collect();
    let windowed: Vec<_> = order::Rows::with_window(&p, &sorted_opts, 1_000)
        .unwrap()
        .map(key)
        .collect();
    assert_eq!(one, generated);
    assert_eq!(windowed, generated);
    let (_, in_memory) = generate_ledger(&sorted_opts).unwrap();
    let mut written = Vec::new();
    in_memory.write_csv(&mut written).unwrap();
    assert_eq!(written, csv);
}

#[test]
fn reversals_come_in_the_share_asked_and_undo_whole_values() {
    for per_mille in [0, 50] {
        let (_, l) = knob(40_000, |o| {
            o.corrections_per_mille = 0;
            o.reversals_per_mille = per_mille;
        });
        assert!(l.violations.is_empty());
        let reversals: Vec<_> = l.ledger.iter().filter(|e| e.raw_value() < 0).collect();
        let share = reversals.len() as u64 * 1000 / 40_000;
        assert!(share.abs_diff(u64::from(per_mille)) <= 5, "{share}");
        for e in &reversals {
            let o = e.corrects().unwrap();
            assert!(e.raw_value() <= -1 && e.raw_value().abs() <= o.raw_value().abs());
        }
        // Each corrected entry nets to zero (a reversal took it all back).
        let mut net = std::collections::HashMap::new();
        for e in l.ledger.iter() {
            let key = e.corrects().map_or(e.id(), |o| o.id());
            *net.entry(key).or_insert(0) += e.raw_value();
        }
        for e in &reversals {
            assert_eq!(net[e.corrects().unwrap().id()], 0);
        }
    }
}

#[test]
fn canonical_ledgers_are_valid_against_the_canonical_programme() {
    let mut opts = GenerateOptions::new(20_000, 23);
    opts.programme = ProgrammeKind::Canonical;
    let p = generate_programme(&opts).unwrap();
    assert_eq!(p.to_json(), Programme::canonical().to_json());
    assert!(p.areas().is_empty() && p.schools().is_empty());
    let (_, csv) = csv_of(&opts);
    let loaded = Ledger::read_csv(Arc::new(p), csv.as_slice(), "c.csv").unwrap();
    assert!(loaded.violations.is_empty(), "{}", loaded.violations);
    assert_eq!(loaded.ledger.len(), 20_000);
    // The same rows as with the registry.
    opts.programme = ProgrammeKind::Registry;
    assert_eq!(csv_of(&opts).1, csv);
    let (q, ledger) = generate_ledger(&GenerateOptions {
        programme: ProgrammeKind::Canonical,
        ..opts
    })
    .unwrap();
    assert!(q.areas().is_empty());
    assert_eq!(ledger.len(), 20_000);
}

#[test]
fn every_knob_is_checked() {
    type Change = fn(&mut GenerateOptions);
    let cases: [(Change, &str); 8] = [
        (|o| o.areas = 9, "9 areas is outside 10 to 300"),
        (|o| o.areas = 301, "301 areas is outside 10 to 300"),
        (|o| o.years = 51, "51 years is outside 1 to 50"),
        (|o| o.schools = 99, "99 schools is outside 100 to 200000"),
        (
            |o| o.undeclared_per_mille = 751,
            "751 undeclared per thousand is outside 0 to 750",
        ),
        (
            |o| o.reversals_per_mille = 51,
            "51 reversals per thousand is outside 0 to 50",
        ),
        (
            |o| o.corrections_per_mille = 1001,
            "1001 corrections per thousand is outside 0 to 1000",
        ),
        (
            |o| (o.corrections_per_mille, o.reversals_per_mille) = (990, 20),
            "990 corrections and 20 reversals per thousand make more than 1000",
        ),
    ];
    for (change, message) in cases {
        let mut o = GenerateOptions::new(10, 1);
        change(&mut o);
        assert_eq!(
            generate_programme(&o).unwrap_err().to_string(),
            format!("invalid generate options: {message}")
        );
        assert!(write_ledger_csv(&Programme::canonical(), &o, Vec::new()).is_err());
    }
}
