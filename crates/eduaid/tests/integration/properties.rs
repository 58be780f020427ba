//! Properties over generated programmes and ledgers: valid data loads and
//! round-trips losslessly; any one mutation into an invalid state is caught
//! with the right rule, and the rest still loads; statistics months tile the
//! calendar.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{Days, NaiveDate};
use eduaid::{
    AreaKind, Entry, Error, Ledger, NewEntry, Party, Programme, Rule, Severity, StatCalendar,
};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;
use serde_json::{Value, json};

use crate::strategies::{GenLedger, base_units, csv_fields, ledger, programme_spec};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Next to the crate's manifest (cargo runs tests there), committed.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/integration-properties.txt",
        ))),
        ..ProptestConfig::default()
    }
}

/// An entry view as comparable text fields, in [`eduaid::COLUMNS`] order.
fn fields(e: &Entry<'_>) -> Vec<String> {
    let opt = |c: Option<&eduaid::Code>| c.map_or(String::new(), ToString::to_string);
    vec![
        e.id().to_owned(),
        e.date().to_string(),
        e.project().to_string(),
        e.area().to_string(),
        opt(e.school()),
        opt(e.pairing()),
        e.measure().to_string(),
        opt(e.breakdown()),
        e.value().normalize().to_string(),
        opt(e.source()),
        e.corrects().map_or(String::new(), |c| c.id().to_owned()),
    ]
}

/// A generated entry as the same fields.
fn new_fields(e: &NewEntry) -> Vec<String> {
    let mut f = csv_fields(e);
    f[8] = e.value.normalize().to_string();
    f
}

/// The error rules among some violations.
fn error_rules<'a>(v: impl IntoIterator<Item = &'a eduaid::Violation>) -> BTreeSet<Rule> {
    v.into_iter()
        .filter(|x| x.severity() == Severity::Error)
        .map(|x| x.rule)
        .collect()
}

fn to_csv(rows: &[Vec<String>], crlf: bool) -> String {
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut s = eduaid::COLUMNS.join(",");
    s.push_str(nl);
    for r in rows {
        s.push_str(&r.join(","));
        s.push_str(nl);
    }
    s
}

proptest! {
    #![proptest_config(config(128))]

    /// Property 1: generated programmes pass `Programme::new`, and their JSON
    /// round-trips losslessly, as a whole and part by part.
    #[test]
    fn generated_programmes_are_valid_and_round_trip(spec in programme_spec()) {
        let p = Programme::new(spec.clone())
            .map_err(|e| TestCaseError::fail(format!("generated programme refused: {e}")))?;
        let json = p.to_json();
        let again = Programme::from_json(&json, "gen.json")
            .map_err(|e| TestCaseError::fail(format!("its JSON is refused: {e}")))?;
        prop_assert_eq!(again.to_json(), json);
        prop_assert_eq!(again.code(), &spec.code);
        prop_assert_eq!(again.name(), &spec.name);
        prop_assert_eq!(again.calendar(), spec.calendar);
        prop_assert_eq!(again.framework(), &spec.framework);
        prop_assert_eq!(again.projects(), spec.projects.as_slice());
        prop_assert_eq!(again.measures(), spec.measures.as_slice());
        prop_assert_eq!(again.sources(), spec.sources.as_slice());
        prop_assert_eq!(again.areas(), spec.areas.as_slice());
        prop_assert_eq!(again.schools(), spec.schools.as_slice());
        prop_assert_eq!(again.pairings(), spec.pairings.as_slice());
        prop_assert_eq!(again.plan(), &spec.plan);
    }
}

proptest! {
    #![proptest_config(config(96))]

    /// Property 2: generated ledgers load with no error through `push` and
    /// through `read_csv(write_csv)`, and the CSV round-trip is lossless.
    #[test]
    fn generated_ledgers_load_and_round_trip(g in ledger(40), crlf in any::<bool>()) {
        let mut pushed = Ledger::new(Arc::clone(&g.programme));
        for e in &g.entries {
            if let Err(err) = pushed.push(e) {
                return Err(TestCaseError::fail(format!("{e:?} refused: {err}")));
            }
        }
        prop_assert_eq!(pushed.len(), g.entries.len());
        for (e, v) in g.entries.iter().zip(pushed.iter()) {
            prop_assert_eq!(new_fields(e), fields(&v));
        }

        let mut out = Vec::new();
        pushed.write_csv(&mut out).expect("writes to memory");
        let loaded = Ledger::read_csv(Arc::clone(&g.programme), out.as_slice(), "gen.csv")
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(loaded.violations.error_count(), 0, "{}", loaded.violations);
        prop_assert_eq!(loaded.rows, g.entries.len() as u64);
        let a: Vec<Vec<String>> = pushed.iter().map(|e| fields(&e)).collect();
        let b: Vec<Vec<String>> = loaded.valid_rows().iter().map(|e| fields(&e)).collect();
        prop_assert_eq!(&a, &b);
        // Writing again gives the same bytes.
        let mut out2 = Vec::new();
        loaded.valid_rows().write_csv(&mut out2).expect("writes to memory");
        prop_assert_eq!(out, out2);

        // The generated entries written as CSV by hand load the same way.
        let rows: Vec<Vec<String>> = g.entries.iter().map(csv_fields).collect();
        let direct = Ledger::read_csv(Arc::clone(&g.programme), to_csv(&rows, crlf).as_bytes(), "direct.csv")
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(direct.violations.error_count(), 0, "{}", direct.violations);
        let c: Vec<Vec<String>> = direct.valid_rows().iter().map(|e| fields(&e)).collect();
        prop_assert_eq!(&a, &c);
    }
}

/// The programme mutations, each with the one rule it must break.
const PROGRAMME_MUTATIONS: [Rule; 10] = [
    Rule::PairingDates,
    Rule::PairingSide,
    Rule::DuplicateCode,
    Rule::FrameworkCode,
    Rule::UnknownReference,
    Rule::AreaKind,
    Rule::PairingOverlap,
    Rule::PairingSameParty,
    Rule::PairingShape,
    Rule::FrameworkProject,
];

/// Applies programme mutation `which` to the JSON form of `p`.
fn mutate_programme(p: &Programme, which: usize, i: Index, j: Index) -> Value {
    let mut v: Value = serde_json::from_str(&p.to_json()).expect("valid JSON");
    let n_pairings = p.pairings().len();
    let k = i.index(n_pairings);
    match PROGRAMME_MUTATIONS[which] {
        Rule::PairingDates => {
            let start = p.pairings()[k].start();
            v["pairings"][k]["end"] = json!((start - Days::new(1)).to_string());
        }
        Rule::PairingSide => {
            let pairing = v["pairings"][k].clone();
            v["pairings"][k]["supporting"] = pairing["supported"].clone();
            v["pairings"][k]["supported"] = pairing["supporting"].clone();
        }
        Rule::DuplicateCode => {
            let area = v["areas"][i.index(p.areas().len())].clone();
            v["areas"].as_array_mut().expect("areas").push(area);
        }
        Rule::FrameworkCode => v["framework"]["code"] = json!("1225"),
        Rule::UnknownReference => {
            let local: Vec<usize> = (0..p.areas().len())
                .filter(|&a| p.areas()[a].kind() != AreaKind::Region)
                .collect();
            v["areas"][*i.get(&local)]["parent"] = json!("no-such-region");
        }
        Rule::AreaKind => {
            // A school moved to the region its area lies in (same side).
            let s = i.index(p.schools().len());
            let area = p.area(p.schools()[s].area().as_str()).expect("declared");
            v["schools"][s]["area"] = json!(area.parent().expect("a parent").as_str());
        }
        Rule::PairingOverlap => {
            let mut again = v["pairings"][k].clone();
            again["code"] = json!("p-again");
            v["pairings"].as_array_mut().expect("pairings").push(again);
        }
        Rule::PairingSameParty => {
            v["pairings"][k]["supported"] = v["pairings"][k]["supporting"].clone();
        }
        Rule::PairingShape => {
            v["pairings"][k]["supporting"] = match p.pairings()[k].supporting() {
                Party::Area(_) => {
                    json!({"schools": [p.schools()[j.index(p.schools().len())].code().as_str()]})
                }
                Party::Schools(_) => {
                    json!({"area": p.areas()[j.index(p.areas().len())].code().as_str()})
                }
            };
        }
        Rule::FrameworkProject => {
            let items = &mut v["framework"]["tiers"][3]["items"];
            items[0]["project"] = items[1]["project"].clone();
        }
        other => unreachable!("{other:?}"),
    }
    v
}

/// The ledger mutations, each with the one rule the inserted row must break.
const LEDGER_MUTATIONS: [Rule; 20] = [
    Rule::MalformedRow,
    Rule::InvalidCode,
    Rule::InvalidDate,
    Rule::InvalidValue,
    Rule::FractionDigits,
    Rule::FractionDigits,
    Rule::ValueOverflow,
    Rule::NegativeValue,
    Rule::UnknownProject,
    Rule::UnknownMeasure,
    Rule::UnknownArea,
    Rule::UnknownSchool,
    Rule::UnknownPairing,
    Rule::UnknownSource,
    Rule::BreakdownNotAllowed,
    Rule::SchoolNotInArea,
    Rule::PairingNotInForce,
    Rule::DuplicateId,
    Rule::CorrectsUnknown,
    Rule::CorrectionBelowZero,
];

/// One extra mutation that needs a second measure: L019.
const CORRECTION_MEASURE: usize = LEDGER_MUTATIONS.len();

/// Builds the bad row inserted before entry `at` (so only entries before it
/// can be referred to) by mutation `which`, from generated entry `base`.
#[allow(clippy::too_many_lines)]
fn bad_row(g: &GenLedger, which: usize, at: usize, base: Index, x: Index) -> Vec<String> {
    let p = &g.programme;
    let b = &g.entries[base.index(g.entries.len())];
    let mut row = csv_fields(b);
    row[0] = "zz-bad".into();
    row[10] = String::new();
    if b.value.is_sign_negative() {
        row[8] = "0".into();
    }
    // An earlier entry, for the mutations that refer to one.
    let earlier = x.index(at);
    if which == CORRECTION_MEASURE {
        let root = &g.entries[g.roots[earlier]];
        let project = p.project(root.project.as_str()).expect("declared");
        let other = project
            .measures()
            .iter()
            .find(|m| **m != root.measure)
            .expect("every canonical project declares two measures");
        let m = p.measure(other.as_str()).expect("declared");
        row[2] = root.project.to_string();
        row[6] = other.to_string();
        row[7] = m
            .breakdowns()
            .first()
            .map_or(String::new(), ToString::to_string);
        row[8] = "1".into();
        row[9] = String::new();
        row[10] = g.entries[earlier].id.to_string();
        return row;
    }
    match LEDGER_MUTATIONS[which] {
        Rule::MalformedRow => {
            row.pop();
        }
        Rule::InvalidCode => row[3] = "bad area".into(),
        Rule::InvalidDate => row[1] = "2019-02-30".into(),
        Rule::InvalidValue => row[8] = "1e3".into(),
        Rule::FractionDigits if which == 4 => {
            row[6] = "funds".into();
            row[7] = "general".into();
            row[8] = "1.234".into();
        }
        Rule::FractionDigits => {
            let project = p.project(&row[2]).expect("declared");
            let count = project
                .measures()
                .iter()
                .map(|m| p.measure(m.as_str()).expect("declared"))
                .find(|m| !m.unit().is_money())
                .expect("every canonical project declares a count");
            row[6] = count.code().to_string();
            row[7] = count
                .breakdowns()
                .first()
                .map_or(String::new(), ToString::to_string);
            row[8] = "1.5".into();
            row[9] = String::new();
        }
        Rule::ValueOverflow => row[8] = "99999999999999999999".into(),
        Rule::NegativeValue => row[8] = "-1".into(),
        Rule::UnknownProject => row[2] = "no-such-project".into(),
        Rule::UnknownMeasure => {
            row[6] = "no-such-measure".into();
            row[7] = String::new();
        }
        Rule::UnknownArea => row[3] = "no-such-area".into(),
        Rule::UnknownSchool => row[4] = "no-such-school".into(),
        Rule::UnknownPairing => row[5] = "no-such-pairing".into(),
        Rule::UnknownSource => {
            row[6] = "funds".into();
            row[7] = "general".into();
            row[9] = "no-such-source".into();
        }
        Rule::BreakdownNotAllowed => row[7] = "no-such-breakdown".into(),
        Rule::SchoolNotInArea => {
            let s = &p.schools()[x.index(p.schools().len())];
            let other = p
                .areas()
                .iter()
                .find(|a| a.code() != s.area())
                .expect("at least two areas");
            row[3] = other.code().to_string();
            row[4] = s.code().to_string();
        }
        Rule::PairingNotInForce => {
            let q = &p.pairings()[x.index(p.pairings().len())];
            row[1] = (q.start() - Days::new(1)).to_string();
            row[5] = q.code().to_string();
        }
        Rule::DuplicateId => row[0] = g.entries[earlier].id.to_string(),
        Rule::CorrectsUnknown => row[10] = "no-such-entry".into(),
        Rule::CorrectionBelowZero => {
            let root = g.roots[earlier];
            let net = g.net(root, at);
            let r = &g.entries[root];
            let below = -(net + 1);
            let unit = p.measure(r.measure.as_str()).expect("declared").unit();
            let mut fix = r.clone();
            fix.id = crate::support::c("zz-bad");
            fix.date = g.entries[earlier].date;
            fix.pairing = None;
            fix.corrects = Some(g.entries[earlier].id.clone());
            fix.value = if unit.is_money() {
                eduaid::Decimal::new(below, 2)
            } else {
                eduaid::Decimal::from(below)
            };
            debug_assert_eq!(base_units(p, &fix), below);
            return csv_fields(&fix);
        }
        other => unreachable!("{other:?}"),
    }
    row
}

proptest! {
    #![proptest_config(config(256))]

    /// Property 3a: one mutation of a valid programme into an invalid state is
    /// reported with exactly the rule it breaks.
    #[test]
    fn a_programme_mutation_is_caught_by_its_rule(
        spec in programme_spec(),
        which in 0..PROGRAMME_MUTATIONS.len(),
        i in any::<Index>(),
        j in any::<Index>(),
    ) {
        let p = Programme::new(spec).expect("a generated programme is valid");
        let v = mutate_programme(&p, which, i, j);
        let want = PROGRAMME_MUTATIONS[which];
        match Programme::from_json(&v.to_string(), "mutated.json") {
            Err(Error::Invalid(found)) => {
                prop_assert_eq!(error_rules(&found), BTreeSet::from([want]), "{}", found);
                prop_assert!(found.iter().all(|x| x.location.file.as_deref() == Some("mutated.json")));
            }
            other => prop_assert!(false, "{want:?}: expected violations, got {other:?}"),
        }
    }

    /// Property 3b: one invalid row inserted anywhere in a valid ledger is
    /// reported with exactly the rule it breaks, at its line (LF or CRLF line
    /// ends), and every other row still loads.
    #[test]
    fn a_ledger_mutation_is_caught_by_its_rule(
        g in ledger(24),
        which in 0..=CORRECTION_MEASURE,
        at in any::<Index>(),
        base in any::<Index>(),
        x in any::<Index>(),
        crlf in any::<bool>(),
    ) {
        let n = g.entries.len();
        // Rows that refer to an earlier entry need one before them.
        let at = 1 + at.index(n);
        let want = if which == CORRECTION_MEASURE { Rule::CorrectionMeasure } else { LEDGER_MUTATIONS[which] };
        let bad = bad_row(&g, which, at, base, x);
        let mut rows: Vec<Vec<String>> = g.entries.iter().map(csv_fields).collect();
        rows.insert(at, bad);
        let loaded = Ledger::read_csv(Arc::clone(&g.programme), to_csv(&rows, crlf).as_bytes(), "mutated.csv")
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(loaded.rows, n as u64 + 1);
        prop_assert_eq!(error_rules(&loaded.violations), BTreeSet::from([want]), "{}", loaded.violations);
        for v in loaded.violations.iter().filter(|v| v.severity() == Severity::Error) {
            // The header is line 1, entry k is on line k + 2.
            prop_assert_eq!(v.location.line, Some(at as u64 + 2));
            prop_assert_eq!(v.location.file.as_deref(), Some("mutated.csv"));
        }
        let kept: Vec<Vec<String>> = loaded.valid_rows().iter().map(|e| fields(&e)).collect();
        let all: Vec<Vec<String>> = g.entries.iter().map(new_fields).collect();
        prop_assert_eq!(kept, all);

        // The same entry through `push`, where a NewEntry can express it.
        if let Ok(e) = to_new_entry(&rows[at]) {
            let mut l = Ledger::new(Arc::clone(&g.programme));
            for e in &g.entries[..at] {
                l.push(e).expect("valid");
            }
            match l.push(&e) {
                Err(Error::Invalid(v)) => prop_assert_eq!(error_rules(&v), BTreeSet::from([want])),
                other => prop_assert!(false, "{want:?}: pushed {e:?}, got {other:?}"),
            }
            prop_assert_eq!(l.len(), at);
        }
    }
}

/// A CSV row as a `NewEntry`, when its fields can be one (valid codes, an
/// existing date, a decimal value, eleven fields).
fn to_new_entry(r: &[String]) -> Result<NewEntry, ()> {
    if r.len() != 11 {
        return Err(());
    }
    let code = |s: &str| eduaid::Code::new(s).map_err(|_| ());
    let opt = |s: &str| {
        if s.is_empty() {
            Ok(None)
        } else {
            code(s).map(Some)
        }
    };
    let value: eduaid::Decimal = r[8].parse().map_err(|_| ())?;
    if r[8].contains(['e', 'E']) {
        return Err(());
    }
    let mut e = NewEntry::new(
        code(&r[0])?,
        eduaid::parse_date(&r[1]).map_err(|_| ())?,
        code(&r[2])?,
        code(&r[3])?,
        code(&r[6])?,
        value,
    );
    e.school = opt(&r[4])?;
    e.pairing = opt(&r[5])?;
    e.breakdown = opt(&r[7])?;
    e.source = opt(&r[9])?;
    e.corrects = opt(&r[10])?;
    Ok(e)
}

fn date_in(range: (NaiveDate, NaiveDate), offset: u32) -> NaiveDate {
    let span = (range.1 - range.0).num_days();
    range.0 + Days::new(u64::from(offset) % u64::try_from(span + 1).expect("ordered"))
}

const YEARS: (NaiveDate, NaiveDate) = (
    NaiveDate::from_ymd_opt(1999, 1, 1).expect("a date"),
    NaiveDate::from_ymd_opt(2031, 12, 31).expect("a date"),
);

proptest! {
    #![proptest_config(config(256))]

    /// Property 4: for every cutoff, a date lies in the range of its
    /// statistics month, consecutive months are adjacent, and `month_of` is
    /// monotonic.
    #[test]
    fn statistics_months_tile_the_calendar(cutoff in 1..=31u8, a in any::<u32>(), b in any::<u32>()) {
        let cal = StatCalendar::new(cutoff).expect("1 to 31");
        let d1 = date_in(YEARS, a);
        let d2 = date_in(YEARS, b);
        for d in [d1, d2] {
            let m = cal.month_of(d);
            let (first, last) = cal.range(m);
            prop_assert!(first <= d && d <= last, "{d} not in {m} = {first}..{last}");
            let (next_first, next_last) = cal.range(m.next());
            prop_assert_eq!(last.succ_opt().expect("in range"), next_first);
            prop_assert!(next_first <= next_last);
            prop_assert_eq!(cal.month_of(first), m);
            prop_assert_eq!(cal.month_of(last), m);
            prop_assert_eq!(cal.year_of(d), m.year());
            let (y_first, y_last) = cal.year_range(m.year());
            prop_assert!(y_first <= d && d <= y_last);
        }
        let (lo, hi) = if d1 <= d2 { (d1, d2) } else { (d2, d1) };
        prop_assert!(cal.month_of(lo) <= cal.month_of(hi));
    }
}

/// Every month of 1999 to 2031, for every cutoff: adjacent, and every day in
/// exactly one (an exhaustive companion of the property above).
#[test]
fn statistics_months_tile_every_day() {
    for cutoff in 1..=31u8 {
        let cal = StatCalendar::new(cutoff).unwrap();
        let mut d = YEARS.0;
        let mut m = cal.month_of(d);
        while d <= YEARS.1 {
            let now = cal.month_of(d);
            assert!(
                now == m || now == m.next(),
                "cutoff {cutoff}: {d} jumps from {m} to {now}"
            );
            if now != m {
                assert_eq!(cal.range(m).1.succ_opt().unwrap(), d);
                assert_eq!(cal.range(now).0, d);
                m = now;
            }
            d = d.succ_opt().unwrap();
        }
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// A relation between runs: a ledger read in two files (`append_csv`
    /// twice, corrections in the second file referring to entries of the
    /// first) is the ledger read in one.
    #[test]
    fn reading_in_two_files_equals_reading_in_one(g in ledger(30), split in any::<Index>()) {
        let rows: Vec<Vec<String>> = g.entries.iter().map(csv_fields).collect();
        let k = split.index(rows.len() + 1);
        let whole = Ledger::read_csv(Arc::clone(&g.programme), to_csv(&rows, false).as_bytes(), "all.csv")
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut parts = Ledger::new(Arc::clone(&g.programme));
        for (name, part) in [("a.csv", &rows[..k]), ("b.csv", &rows[k..])] {
            let (v, n) = parts
                .append_csv(to_csv(part, true).as_bytes(), name)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(v.error_count(), 0, "{}", v);
            prop_assert_eq!(n, part.len() as u64);
        }
        let a: Vec<Vec<String>> = whole.valid_rows().iter().map(|e| fields(&e)).collect();
        let b: Vec<Vec<String>> = parts.iter().map(|e| fields(&e)).collect();
        prop_assert_eq!(a, b);
    }
}
