//! `report_csv` (totals taken while reading, entries not kept) gives exactly
//! what loading the ledger and calling `report` gives: the same report, the
//! same violations in the same order, the same counts.

use std::fmt::Write;
use std::sync::Arc;

use eduaid::{
    Code, Dim, GenerateOptions, IdStyle, Ledger, MonthlyProgress, Programme, Query, ReadOptions,
    StatCalendar, Summary, SummaryOptions, SummarySeries, generate_programme, parse_date, report,
    report_csv, write_ledger_csv,
};
use proptest::prelude::*;

/// The summary of `text` read as a stream and loaded, as of `as_of` (the
/// latest valid entry's date without it), compared in full.
fn same_summary_both_ways(
    p: &Arc<Programme>,
    text: &[u8],
    as_of: Option<chrono::NaiveDate>,
) -> Result<(), TestCaseError> {
    let options = SummaryOptions::default();
    let read = ReadOptions::default();
    let streamed =
        Summary::read_csv_with(Arc::clone(p), text, "l.csv", as_of, &options, &read, false);
    let loaded = Ledger::read_csv(Arc::clone(p), text, "l.csv");
    match (streamed, loaded) {
        (Ok(s), Ok(l)) => {
            // The page's series too, in one read.
            let with =
                Summary::read_csv_with(Arc::clone(p), text, "l.csv", as_of, &options, &read, true)
                    .unwrap();
            let valid = l.valid_rows();
            let as_of = as_of.or_else(|| valid.iter().map(|e| e.date()).max());
            let built = as_of.map(|d| Summary::build(valid, d, &options).unwrap());
            prop_assert_eq!(s.report.as_ref().map(|r| &r.0), built.as_ref());
            prop_assert!(s.report.as_ref().is_none_or(|r| r.1.is_none()));
            prop_assert_eq!(&s.violations, &l.violations);
            let series = as_of.map(|d| SummarySeries::build(valid, d, &options).unwrap());
            prop_assert_eq!(with.report.as_ref().map(|r| &r.0), built.as_ref());
            // The plan page's progress alone (`eduaid plan --format html`).
            let plan = MonthlyProgress::read_csv_with(Arc::clone(p), text, "l.csv", as_of, &read);
            let plan = plan.unwrap().report;
            prop_assert_eq!(plan.as_ref(), series.as_ref().map(|s| &s.plan));
            prop_assert_eq!(with.report.and_then(|r| r.1), series);
        }
        (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
        (a, b) => prop_assert!(false, "one way failed: {:?} / {:?}", a.err(), b.err()),
    }
    Ok(())
}

#[test]
fn the_dataset_summarises_the_same_streamed() {
    let ledger = eduaid::dataset::ledger();
    let mut csv = Vec::new();
    ledger.write_csv(&mut csv).unwrap();
    let (p, options) = (ledger.programme(), eduaid::dataset::summary_options());
    for as_of in [eduaid::dataset::as_of(), parse_date("2019-03-31").unwrap()] {
        let read = ReadOptions::default();
        let streamed = Summary::read_csv_with(
            Arc::clone(p),
            csv.as_slice(),
            "l.csv",
            Some(as_of),
            &options,
            &read,
            false,
        )
        .unwrap();
        assert!(streamed.is_valid());
        assert_eq!(
            streamed.report,
            Some((Summary::build(&ledger, as_of, &options).unwrap(), None))
        );
    }
}

/// Both ways of reading `text`, compared in full.
fn same_both_ways(p: &Arc<Programme>, text: &[u8], q: &Query) -> Result<(), TestCaseError> {
    let streamed = report_csv(Arc::clone(p), text, "l.csv", q);
    let loaded = Ledger::read_csv(Arc::clone(p), text, "l.csv");
    match (streamed, loaded) {
        (Ok(s), Ok(l)) => {
            let r = report(l.valid_rows(), q);
            match r {
                Ok(r) => prop_assert_eq!(&s.report, &r),
                Err(e) => prop_assert!(false, "report failed but report_csv did not: {}", e),
            }
            prop_assert_eq!(&s.violations, &l.violations);
            prop_assert_eq!(s.rows, l.rows);
            prop_assert_eq!(s.entries, l.valid_rows().len() as u64);
        }
        (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
        (Ok(_), Err(e)) => {
            // A filter error comes from report, after a successful load.
            prop_assert!(false, "report_csv succeeded, read_csv failed: {}", e);
        }
        (Err(e), Ok(l)) => {
            prop_assert!(
                report(l.valid_rows(), q).is_err(),
                "only report_csv failed: {}",
                e
            );
        }
    }
    Ok(())
}

fn any_dims() -> impl Strategy<Value = Vec<Dim>> {
    proptest::sample::subsequence(Dim::ALL.to_vec(), 0..=5).prop_shuffle()
}

/// A query: dimensions, cutoff, an optional date range and filters picked
/// from `codes` (project, area, measure candidates, some unknown).
fn query(
    dims: &[Dim],
    cutoff: u8,
    range: (Option<u32>, Option<u32>),
    filters: &[(usize, String)],
) -> Query {
    let day = |d: u32| parse_date("2016-01-01").unwrap() + chrono::Days::new(u64::from(d));
    let mut q = Query::by(dims)
        .unwrap()
        .calendar(StatCalendar::new(cutoff).unwrap());
    if let Some(d) = range.0 {
        q = q.from(day(d));
    }
    if let Some(d) = range.1 {
        q = q.to(day(d));
    }
    for (kind, code) in filters {
        let c = Code::new(code).unwrap();
        q = match kind % 3 {
            0 => q.project(c),
            1 => q.area(c),
            _ => q.measure(c),
        };
    }
    q
}

/// Breaks some lines of a CSV text: duplicates, swaps, cut fields,
/// unknown codes, bad numbers, corrections of missing entries.
fn damage(text: &str, hits: &[(usize, u8)]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for &(at, how) in hits {
        if lines.len() < 3 {
            break;
        }
        let i = 1 + at % (lines.len() - 1);
        let j = 1 + (at / 7) % (lines.len() - 1);
        match how % 7 {
            0 => {
                let copy = lines[j].clone();
                lines[i] = copy;
            }
            1 => lines.swap(i, j),
            2 => lines[i] = lines[i].replacen(',', ",,", 1),
            3 => lines[i] = lines[i].replacen("fuping", "fuping-x", 1),
            4 => lines[i] = lines[i].replace(".00", ".001"),
            5 => {
                let id = format!("z{at}");
                let rest: Vec<&str> = lines[j].splitn(2, ',').collect();
                let mut l = format!("{id},{}", rest.get(1).copied().unwrap_or(""));
                l.truncate(l.rfind(',').unwrap_or(l.len()));
                l.push_str(",nowhere");
                lines[i] = l;
            }
            _ => lines.insert(i, String::new()),
        }
    }
    lines.join("\n") + "\n"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn generated_ledgers_total_the_same_streamed(
        n in 0u64..2500,
        seed in any::<u64>(),
        hits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..12),
        dims in any_dims(),
        cutoff in prop_oneof![Just(25u8), 1u8..=31],
        range in (proptest::option::of(0u32..1500), proptest::option::of(0u32..1500)),
        filters in proptest::collection::vec((0usize..3, 0usize..6), 0..3),
        undeclared in prop_oneof![Just(0u32), 0u32..=750],
        ids in proptest::sample::select(IdStyle::ALL.to_vec()),
    ) {
        let mut opts = GenerateOptions::new(n, seed);
        // Undeclared pairs number new dense digits as they come; ids out of
        // order or free text take the id index's other paths.
        opts.undeclared_per_mille = undeclared;
        opts.ids = ids;
        let p = Arc::new(generate_programme(&opts).unwrap());
        let mut out = Vec::new();
        write_ledger_csv(&p, &opts, &mut out).unwrap();
        let text = damage(&String::from_utf8(out).unwrap(), &hits);
        let candidates: [Vec<String>; 3] = [
            p.projects().iter().map(|x| x.code().to_string()).chain(["no-such-project".into()]).collect(),
            p.areas().iter().map(|x| x.code().to_string()).chain(["no-such-area".into()]).collect(),
            p.measures().iter().map(|x| x.code().to_string()).collect(),
        ];
        let filters: Vec<(usize, String)> = filters
            .into_iter()
            .map(|(k, i)| (k, candidates[k][i % candidates[k].len()].clone()))
            .collect();
        same_both_ways(&p, text.as_bytes(), &query(&dims, cutoff, range, &filters))?;
        // The summary too, as of the latest entry or a cutoff.
        let as_of = range.1.map(|d| parse_date("2016-01-01").unwrap() + chrono::Days::new(u64::from(d) * 2));
        same_summary_both_ways(&p, text.as_bytes(), as_of)?;
    }

    #[test]
    fn stock_snapshots_and_their_corrections_total_the_same_streamed(
        rows in stock_rows(),
        dims in any_dims(),
        range in (proptest::option::of(0u32..1500), proptest::option::of(0u32..1500)),
        area_filter in proptest::option::of(0usize..4),
    ) {
        // The canonical programme has no stock measure: add two, one with a
        // breakdown. Areas are an open list, so filter codes may be new.
        let p = Arc::new(stock_programme(25));
        let start = parse_date("2016-01-01").unwrap();
        let (text, _) = stock_ledger(&rows, start);
        let mut q = query(&dims, 25, range, &[]);
        if let Some(a) = area_filter {
            q = q.area(Code::new(["fuping", "laiyuan", "yixian", "new-area"][a]).unwrap());
        }
        same_both_ways(&p, text.as_bytes(), &q)?;
        let start = parse_date("2016-01-01").unwrap();
        same_summary_both_ways(&p, text.as_bytes(), range.1.map(|d| start + chrono::Days::new(u64::from(d))))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn stock_and_flow_targets_progress_month_by_month_the_same_streamed(
        rows in stock_rows(),
        cutoff in prop_oneof![Just(25u8), 1u8..=31],
        as_of in proptest::option::of(0u32..1600),
    ) {
        // Each target's actual at each month's cutoff: flows summed,
        // stocks the latest snapshot of each series up to the cutoff with
        // every correction of it, in statistics months closing on `cutoff`.
        let p = Arc::new(stock_programme(cutoff));
        let start = parse_date("2016-01-01").unwrap();
        let (text, _) = stock_ledger(&rows, start);
        same_summary_both_ways(&p, text.as_bytes(), as_of.map(|d| start + chrono::Days::new(u64::from(d))))?;
    }

    #[test]
    fn codes_new_to_open_lists_and_dates_out_of_order_total_the_same_streamed(
        rows in proptest::collection::vec(
            (0u32..4000, 0usize..3, 0usize..40, 0usize..30, 0i64..100_000),
            0..400,
        ),
        dims in any_dims(),
        cutoff in prop_oneof![Just(25u8), 1u8..=31],
    ) {
        // The canonical programme lists no area or school: each new one
        // takes the next digit of its column as the file is read, growing
        // the key space and moving the totals taken so far; dates jump
        // back and forth over eleven years, widening the months both ways.
        let p = Arc::new(Programme::canonical());
        let pairs = [
            ("school-collaboration", "activities", ""),
            ("principal-studios", "funds", "general"),
            ("retired-principals", "volunteers", ""),
        ];
        let start = parse_date("2015-01-01").unwrap();
        let mut text = String::from("id,date,project,area,school,measure,breakdown,value\n");
        for (i, &(day, pair, area, school, v)) in rows.iter().enumerate() {
            let (project, measure, breakdown) = pairs[pair];
            let date = start + chrono::Days::new(u64::from(day));
            let school = if school < 25 { format!("s{school}") } else { String::new() };
            let value = if measure == "funds" { format!("{}.{:02}", v / 100, v % 100) } else { v.to_string() };
            writeln!(text, "r{i},{date},{project},a{area},{school},{measure},{breakdown},{value}").unwrap();
        }
        same_both_ways(&p, text.as_bytes(), &query(&dims, cutoff, (None, None), &[]))?;
    }
}

/// Values at and beyond the edges of 32 bits, up to the largest a ledger
/// accepts, among small ones.
fn wide_value() -> impl Strategy<Value = i64> {
    let edge = i64::from(i32::MAX);
    prop_oneof![
        3 => 0i64..1000,
        2 => (edge - 2)..(edge + 4),
        1 => Just(i64::MAX),
        1 => Just(i64::MAX - 1),
        2 => 0i64..=i64::MAX,
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A loaded ledger keeps values in 32 bits and the rare one beyond them
    /// whole beside; the streamed report takes every value whole. Both
    /// agree on every total, filtered or not, stocks and corrections too
    /// (a correction of 2^31 is the 32-bit marker itself), and each value
    /// reads back as written.
    #[test]
    fn values_beyond_32_bits_total_the_same_streamed(
        rows in proptest::collection::vec(
            (0u32..1500, 0usize..3, 0usize..3, 0usize..3, wide_value(), proptest::option::weighted(0.3, 0usize..200)),
            0..200,
        ),
        dims in any_dims(),
        area_filter in proptest::option::of(0usize..3),
    ) {
        let p = Arc::new(stock_programme(25));
        let (text, values) = stock_ledger(&rows, parse_date("2016-01-01").unwrap());
        let mut q = query(&dims, 25, (None, None), &[]);
        if let Some(a) = area_filter {
            q = q.area(Code::new(["fuping", "laiyuan", "yixian"][a]).unwrap());
        }
        same_both_ways(&p, text.as_bytes(), &q)?;
        // Each row kept reads back as written (a correction may be refused).
        let loaded = Ledger::read_csv(Arc::clone(&p), text.as_bytes(), "l.csv").unwrap();
        let ledger = loaded.valid_rows();
        for (i, &value) in values.iter().enumerate() {
            if let Some(e) = ledger.find(&format!("r{i}")) {
                prop_assert_eq!(e.raw_value(), value, "r{}", i);
            }
        }
    }
}

/// A row of a stock ledger: its day from the start, measure, area, school,
/// value, and the earlier row it may correct.
type StockRow = (u32, usize, usize, usize, i64, Option<usize>);

/// Up to 300 rows of a stock ledger over about four years.
fn stock_rows() -> impl Strategy<Value = Vec<StockRow>> {
    let row = (
        0u32..1500,
        0usize..3,
        0usize..2,
        0usize..3,
        0i64..1000,
        proptest::option::weighted(0.3, 0usize..400),
    );
    proptest::collection::vec(row, 0..300)
}

/// A ledger of [`stock_programme`]'s measures from [`StockRow`]s, days
/// counted from `start`, and each row's value as written. A correction of
/// an earlier row of the same measure takes part of that row's net (all of
/// it when the value is the net), often valid, sometimes below zero or
/// before its original (kept as violations, equal both ways).
fn stock_ledger(rows: &[StockRow], start: chrono::NaiveDate) -> (String, Vec<i64>) {
    let measures = ["pupils-enrolled", "schools-in-pairings", "activities"];
    let areas = ["fuping", "laiyuan", "yixian"];
    let mut text = String::from("id,date,project,area,school,measure,breakdown,value,corrects\n");
    let mut kept: Vec<(usize, i64, u32)> = Vec::new(); // (measure, net, day) per row
    let mut values = Vec::new();
    for (i, &(day, m, a, s, v, corrects)) in rows.iter().enumerate() {
        let breakdown = if m == 0 {
            ["primary", "secondary"][s % 2]
        } else {
            ""
        };
        let (mut value, mut target, mut day) = (v, String::new(), day);
        if let Some(t) = corrects.filter(|&t| t < i) {
            if kept[t].0 == m {
                value = -(v % kept[t].1.saturating_add(2));
                target = format!("r{t}");
                day = day.max(kept[t].2);
                kept[t].1 += value;
            }
        }
        kept.push((m, value.max(0), day));
        values.push(value);
        let date = start + chrono::Days::new(u64::from(day));
        writeln!(
            text,
            "r{i},{date},school-collaboration,{},{},{},{breakdown},{value},{target}",
            areas[a],
            if s == 2 {
                String::new()
            } else {
                format!("s{s}")
            },
            measures[m],
        )
        .unwrap();
    }
    (text, values)
}

/// The canonical programme with two stock measures, statistics months
/// closing on `cutoff`, and a plan for 2016 to 2019 of stocks and a flow:
/// in all areas, in one area (one an entry may name later, one none
/// does), of one breakdown value.
fn stock_programme(cutoff: u8) -> Programme {
    let mut json: serde_json::Value =
        serde_json::from_str(&Programme::canonical().to_json()).unwrap();
    json["cutoff_day"] = cutoff.into();
    let mut targets = Vec::new();
    for year in 2016..=2019 {
        let target = |measure: &str, area: Option<&str>, breakdown: Option<&str>| {
            let mut t = serde_json::json!({
                "year": year, "project": "school-collaboration", "measure": measure, "value": "900"
            });
            if let Some(a) = area {
                t["area"] = a.into();
            }
            if let Some(b) = breakdown {
                t["breakdown"] = b.into();
            }
            t
        };
        targets.extend([
            target("pupils-enrolled", None, None),
            target("pupils-enrolled", Some("fuping"), Some("primary")),
            target("schools-in-pairings", Some("laiyuan"), None),
            target("activities", None, None),
            target("activities", Some("yixian"), None),
            target("activities", Some("nowhere-yet"), None),
        ]);
    }
    json["plan"] = serde_json::json!({ "targets": targets, "milestones": [] });
    let measures = json["measures"].as_array_mut().unwrap();
    measures.push(serde_json::json!({
        "code": "pupils-enrolled", "name": { "zh": "在校学生", "en": "pupils enrolled" },
        "unit": "persons", "kind": "stock", "breakdowns": ["primary", "secondary"]
    }));
    measures.push(serde_json::json!({
        "code": "schools-in-pairings", "name": { "zh": "结对学校", "en": "schools in pairings" },
        "unit": "count", "kind": "stock"
    }));
    Programme::from_json(&json.to_string(), "stock.json").unwrap()
}

#[test]
fn a_query_by_every_dimension_totals_the_same_streamed() {
    // Every dimension at once: digits for the codes met, not bits for any
    // id, so the key packs (it once took 167 bits and loaded the ledger).
    let csv = "id,date,project,area,school,pairing,measure,breakdown,value,source\n\
               a,2019-05-20,pupil-health,fuping,s1,p1,funds,poor-pupil,100.50,social-capital\n";
    let p = Arc::new(Programme::canonical());
    let q = Query::by(&Dim::ALL).unwrap();
    let s = report_csv(Arc::clone(&p), csv.as_bytes(), "l.csv", &q).unwrap();
    let l = Ledger::read_csv(p, csv.as_bytes(), "l.csv").unwrap();
    assert_eq!(s.report, report(l.valid_rows(), &q).unwrap());
    assert_eq!(s.report.rows().len(), 1);
}

#[test]
fn entries_spread_over_many_months_total_the_same_streamed() {
    // One entry a month for 70 years: the dense cells would be mostly
    // empty, so the sink moves to hashing part way; the totals must not move.
    let opts = GenerateOptions::new(900, 11);
    let p = Arc::new(generate_programme(&opts).unwrap());
    let mut out = Vec::new();
    write_ledger_csv(&p, &opts, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut lines = text.lines();
    let mut spread = String::from(lines.next().unwrap());
    spread.push('\n');
    for (i, line) in lines.enumerate() {
        let mut f: Vec<&str> = line.split(',').collect();
        let date = format!("{}-{:02}-10", 1950 + i / 12, i % 12 + 1);
        f[1] = &date;
        f[5] = ""; // no pairing: pairings are in force for a few years only
        f[10] = ""; // nor corrections (their originals moved)
        let negative = f[8].starts_with('-');
        if negative {
            continue;
        }
        spread.push_str(&f.join(","));
        spread.push('\n');
    }
    for dims in [
        &[Dim::Project, Dim::Area, Dim::Month][..],
        &[Dim::Year, Dim::Source],
        &[Dim::Month, Dim::Year, Dim::Breakdown],
    ] {
        let q = Query::by(dims).unwrap();
        let s = report_csv(Arc::clone(&p), spread.as_bytes(), "l.csv", &q).unwrap();
        let l = Ledger::read_csv(Arc::clone(&p), spread.as_bytes(), "l.csv").unwrap();
        assert!(l.valid_rows().len() > 800, "{}", l.violations);
        assert_eq!(s.report, report(l.valid_rows(), &q).unwrap(), "{dims:?}");
    }
}

#[test]
fn a_pair_the_programme_does_not_declare_totals_the_same_streamed() {
    // Dense cells number the declared (project, measure) pairs first; an
    // undeclared pair (a warning, so still an entry) gets the next pair
    // digit part way through, growing the blocks already allocated.
    let csv = "id,date,project,area,measure,breakdown,value\n\
               t1,2019-06-25,rural-teachers,fuping,people-trained,local,240\n\
               t2,2019-07-26,rural-teachers,fuping,people-trained,in-beijing,18\n\
               t3,2019-07-27,pupil-health,fuping,people-trained,local,7\n\
               t4,2019-08-01,rural-teachers,fuping,people-trained,local,5\n";
    let p = Arc::new(Programme::canonical());
    let l = Ledger::read_csv(Arc::clone(&p), csv.as_bytes(), "l.csv").unwrap();
    assert_eq!(l.valid_rows().len(), 4, "{}", l.violations);
    assert!(
        l.violations.to_string().contains("W003"),
        "{}",
        l.violations
    );
    for dims in [
        &[Dim::Project, Dim::Area, Dim::Month][..],
        &[Dim::Measure, Dim::Project],
        &[Dim::Month],
    ] {
        let q = Query::by(dims).unwrap();
        let s = report_csv(Arc::clone(&p), csv.as_bytes(), "l.csv", &q).unwrap();
        assert_eq!(s.report, report(l.valid_rows(), &q).unwrap(), "{dims:?}");
        assert_eq!(s.violations, l.violations);
    }
}

/// A correction of a correction that brings the original below zero names
/// the original (which a streamed read, keeping no ids, keeps for this),
/// the same both ways; so does a second chain on another original.
#[test]
fn a_correction_of_a_correction_below_zero_names_the_original_both_ways() {
    let p = Arc::new(Programme::canonical());
    let text = "id,date,project,area,measure,breakdown,value,corrects\n\
                a,2019-06-20,pupil-health,fuping,funds,poor-pupil,100,\n\
                x,2019-06-20,pupil-health,fuping,funds,poor-pupil,40,\n\
                b,2019-06-21,pupil-health,fuping,funds,poor-pupil,-60,a\n\
                y,2019-06-21,pupil-health,fuping,funds,poor-pupil,-30,x\n\
                c,2019-06-22,pupil-health,fuping,funds,poor-pupil,-50,b\n\
                z,2019-06-22,pupil-health,fuping,funds,poor-pupil,-20,y\n";
    let q = Query::by(&[Dim::Area]).unwrap();
    same_both_ways(&p, text.as_bytes(), &q).unwrap();
    let streamed = report_csv(Arc::clone(&p), text.as_bytes(), "l.csv", &q).unwrap();
    let messages: Vec<String> = streamed
        .violations
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].contains("entry a's net value"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("entry x's net value"),
        "{}",
        messages[1]
    );
}
