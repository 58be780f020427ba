//! Grouped totals: agreement with an independent computation, merging,
//! reordering, exactness beyond i64, stocks, filters.

use std::collections::BTreeMap;
use std::sync::Arc;

use eduaid::{
    Aggregate, Code, Decimal, Dim, Key, Ledger, NewEntry, Programme, Query, StatCalendar,
    parse_date, report,
};
use proptest::prelude::*;

fn c(s: &str) -> Code {
    Code::new(s).unwrap()
}

const PROJECTS: [&str; 4] = [
    "principal-studios",
    "rural-teachers",
    "pupil-health",
    "coordination",
];
const AREAS: [&str; 5] = ["fuping", "laiyuan", "yixian", "wutai", "haidian"];
/// (measure, breakdowns, money)
const MEASURES: [(&str, &[&str], bool); 4] = [
    ("funds", &["poor-village", "poor-pupil", "general"], true),
    ("people-trained", &["local", "in-beijing"], false),
    ("activities", &[], false),
    ("dockings", &["research-visit", "other"], false),
];

/// One generated entry: indices into the tables above; `corrects` is an
/// index into earlier entries (resolved to a valid correction when possible).
#[derive(Clone, Debug)]
struct Gen {
    day: u32,
    project: usize,
    area: usize,
    measure: usize,
    breakdown: usize,
    fen: i64,
    source: Option<usize>,
    corrects: Option<usize>,
}

fn gen_entry() -> impl Strategy<Value = Gen> {
    (
        0u32..1500,
        0..PROJECTS.len(),
        0..AREAS.len(),
        0..MEASURES.len(),
        0usize..3,
        0i64..5_000_000,
        proptest::option::of(0usize..3),
        proptest::option::weighted(0.1, 0usize..1000),
    )
        .prop_map(
            |(day, project, area, measure, breakdown, fen, source, corrects)| Gen {
                day,
                project,
                area,
                measure,
                breakdown,
                fen,
                source,
                corrects,
            },
        )
}

/// Builds a valid ledger from generated entries (corrections reverse part of an
/// earlier entry of the same measure, never below zero).
fn build(gens: &[Gen]) -> Ledger {
    let mut ledger = Ledger::new(Arc::new(Programme::canonical()));
    let start = parse_date("2016-01-01").unwrap();
    let mut nets: Vec<(usize, i64)> = Vec::new(); // (measure, net) per entry index
    for (i, g) in gens.iter().enumerate() {
        let (measure, breakdowns, money) = MEASURES[g.measure];
        let mut e = NewEntry::new(
            c(&format!("e{i:05}")),
            start + chrono::Days::new(u64::from(g.day)),
            c(PROJECTS[g.project]),
            c(AREAS[g.area]),
            c(measure),
            if money {
                Decimal::new(g.fen, 2)
            } else {
                Decimal::from(g.fen / 1000)
            },
        );
        if !breakdowns.is_empty() {
            e.breakdown = Some(c(breakdowns[g.breakdown % breakdowns.len()]));
        }
        if money {
            e.source = g
                .source
                .map(|s| c(["jing-ji-cooperation", "paired-assistance", "social-capital"][s]));
        }
        let mut net = if money { g.fen } else { g.fen / 1000 };
        if let Some(t) = g.corrects.filter(|&t| t < i) {
            let t = (t..i)
                .find(|&k| nets[k].0 == g.measure && ledger.get(k).unwrap().corrects().is_none());
            if let Some(t) = t {
                let take = nets[t].1 / 2;
                e.corrects = Some(c(ledger.get(t).unwrap().id()));
                e.value = if money {
                    Decimal::new(-take, 2)
                } else {
                    Decimal::from(-take)
                };
                e.date = ledger.get(t).unwrap().date() + chrono::Days::new(3);
                nets[t].1 -= take;
                net = 0;
            }
        }
        ledger
            .push(&e)
            .unwrap_or_else(|err| panic!("generated entry {i} refused: {err}"));
        nets.push((g.measure, net));
    }
    ledger
}

/// The independent computation: a plain map over the entry views.
fn naive(
    ledger: &Ledger,
    dims: &[Dim],
    cal: StatCalendar,
) -> BTreeMap<Vec<String>, (Decimal, u64)> {
    let mut cols = dims.to_vec();
    if !cols.contains(&Dim::Measure) {
        cols.push(Dim::Measure);
    }
    let mut out: BTreeMap<Vec<String>, (Decimal, u64)> = BTreeMap::new();
    for e in ledger.iter() {
        let key = cols
            .iter()
            .map(|d| match d {
                Dim::Project => e.project().to_string(),
                Dim::Area => e.area().to_string(),
                Dim::School => e.school().map(ToString::to_string).unwrap_or_default(),
                Dim::Pairing => e.pairing().map(ToString::to_string).unwrap_or_default(),
                Dim::Measure => e.measure().to_string(),
                Dim::Breakdown => e.breakdown().map(ToString::to_string).unwrap_or_default(),
                Dim::Source => e.source().map(ToString::to_string).unwrap_or_default(),
                Dim::Month => cal.month_of(e.date()).to_string(),
                Dim::Year => cal.year_of(e.date()).to_string(),
            })
            .collect();
        let slot = out.entry(key).or_insert((Decimal::ZERO, 0));
        slot.0 += e.value();
        slot.1 += 1;
    }
    out
}

fn as_map(r: &eduaid::Report) -> BTreeMap<Vec<String>, (Decimal, u64)> {
    r.rows()
        .map(|row| {
            (
                row.keys().map(ToString::to_string).collect(),
                (row.value().to_decimal().unwrap(), row.entries()),
            )
        })
        .collect()
}

fn dims() -> impl Strategy<Value = Vec<Dim>> {
    proptest::sample::subsequence(
        vec![
            Dim::Project,
            Dim::Area,
            Dim::Month,
            Dim::Year,
            Dim::Breakdown,
            Dim::Source,
            Dim::Measure,
        ],
        0..=4,
    )
    .prop_shuffle()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn report_agrees_with_an_independent_computation(
        gens in proptest::collection::vec(gen_entry(), 0..200),
        dims in dims(),
        cutoff in 1u8..=31,
    ) {
        let ledger = build(&gens);
        let cal = StatCalendar::new(cutoff).unwrap();
        let r = report(&ledger, &Query::by(&dims).unwrap().calendar(cal)).unwrap();
        prop_assert_eq!(as_map(&r), naive(&ledger, &dims, cal));
        // Rows come sorted by their keys.
        let rows: Vec<_> = r.rows().collect();
        prop_assert!(rows.windows(2).all(|w| w[0].keys().lt(w[1].keys())));
    }

    #[test]
    fn merging_parts_equals_the_whole(
        gens in proptest::collection::vec(gen_entry(), 0..200),
        dims in dims(),
        cut in 0usize..200,
    ) {
        let ledger = build(&gens);
        let q = Query::by(&dims).unwrap();
        let cut = cut.min(ledger.len());
        let mut a = Aggregate::over(&ledger, &q, 0..cut).unwrap();
        a.merge(Aggregate::over(&ledger, &q, cut..ledger.len()).unwrap()).unwrap();
        prop_assert_eq!(a.finish(), report(&ledger, &q).unwrap());
    }

    #[test]
    fn reordering_entries_changes_nothing(
        gens in proptest::collection::vec(gen_entry(), 0..150),
        dims in dims(),
        seed in any::<u64>(),
    ) {
        // Without corrections any order is a valid ledger.
        let plain: Vec<Gen> = gens.into_iter().map(|g| Gen { corrects: None, ..g }).collect();
        let mut shuffled = plain.clone();
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let q = Query::by(&dims).unwrap();
        prop_assert_eq!(report(&build(&plain), &q).unwrap(), report(&build(&shuffled), &q).unwrap());
    }

    #[test]
    fn separately_loaded_files_merge(
        gens in proptest::collection::vec(gen_entry(), 0..120),
        cut in 0usize..120,
    ) {
        // Two files read on their own intern codes in different orders; their
        // aggregates still merge into the aggregate of the concatenation.
        let plain: Vec<Gen> = gens.into_iter().map(|g| Gen { corrects: None, ..g }).collect();
        let whole = build(&plain);
        let cut = cut.min(whole.len());
        let mut csv = Vec::new();
        whole.write_csv(&mut csv).unwrap();
        let text = String::from_utf8(csv).unwrap();
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        let rows: Vec<&str> = lines.collect();
        let part = |rs: &[&str]| {
            let body = std::iter::once(header).chain(rs.iter().copied()).collect::<Vec<_>>().join("\n");
            Ledger::read_csv(Arc::new(Programme::canonical()), body.as_bytes(), "part.csv").unwrap().accept_valid_rows()
        };
        let (a, b) = (part(&rows[..cut]), part(&rows[cut..]));
        let q = Query::by(&[Dim::Area, Dim::Month, Dim::Source]).unwrap();
        let mut agg = Aggregate::over(&a, &q, 0..a.len()).unwrap();
        agg.merge(Aggregate::over(&b, &q, 0..b.len()).unwrap()).unwrap();
        prop_assert_eq!(agg.finish(), report(&whole, &q).unwrap());
    }
}

#[test]
fn the_parallel_path_agrees_with_one_thread() {
    let gens: Vec<Gen> = (0..300_000u32)
        .map(|i| Gen {
            day: (i * 7919) % 1500,
            project: (i as usize) % 4,
            area: (i as usize * 7) % 5,
            measure: (i as usize * 3) % 4,
            breakdown: (i as usize) % 3,
            fen: i64::from(i) * 37 % 1_000_000,
            source: Some((i as usize) % 3),
            corrects: None,
        })
        .collect();
    let ledger = build(&gens);
    let q = Query::by(&[Dim::Project, Dim::Area, Dim::Month]).unwrap();
    let whole = report(&ledger, &q).unwrap();
    let one = Aggregate::over(&ledger, &q, 0..ledger.len())
        .unwrap()
        .finish();
    assert_eq!(whole, one);
    assert_eq!(whole.rows().map(eduaid::Row::entries).sum::<u64>(), 300_000);
}

#[test]
fn totals_beyond_i64_fen_are_exact() {
    let mut ledger = Ledger::new(Arc::new(Programme::canonical()));
    let big = "92233720368547758.07"; // i64::MAX fen
    for i in 0..3 {
        let mut e = NewEntry::new(
            c(&format!("b{i}")),
            parse_date("2019-01-10").unwrap(),
            c("school-conditions"),
            c("fuping"),
            c("funds"),
            big.parse().unwrap(),
        );
        e.breakdown = Some(c("general"));
        ledger.push(&e).unwrap();
    }
    let r = report(&ledger, &Query::by(&[]).unwrap()).unwrap();
    assert_eq!(
        r.row(0).unwrap().value().to_string(),
        "276701161105643274.21"
    );
    assert_eq!(
        r.row(0).unwrap().value().base_units(),
        3 * i128::from(i64::MAX)
    );
    assert_eq!(
        r.row(0).unwrap().value().to_decimal().unwrap().to_string(),
        "276701161105643274.21"
    );
}

#[test]
fn filters_and_cumulative_to_date() {
    let csv = "id,date,project,area,measure,breakdown,value\n\
               a,2016-05-01,rural-teachers,fuping,people-trained,local,10\n\
               b,2018-05-01,rural-teachers,laiyuan,people-trained,local,20\n\
               c,2019-06-25,rural-teachers,fuping,people-trained,in-beijing,30\n\
               d,2019-06-26,rural-teachers,fuping,people-trained,local,40\n\
               e,2019-06-26,pupil-health,fuping,pupils-aided,,5\n";
    let ledger = canonical_ledger(csv);
    let since_2016 = Query::by(&[])
        .unwrap()
        .from(parse_date("2016-01-01").unwrap())
        .to(parse_date("2019-06-25").unwrap());
    let r = report(&ledger, &since_2016).unwrap();
    assert_eq!(
        r.total(&[(Dim::Measure, "people-trained")])
            .unwrap()
            .to_string(),
        "60"
    );
    assert_eq!(r.total(&[(Dim::Measure, "pupils-aided")]), None);
    let fuping = Query::by(&[Dim::Breakdown])
        .unwrap()
        .area(c("fuping"))
        .measure(c("people-trained"));
    let r = report(&ledger, &fuping).unwrap();
    let rows: Vec<String> = r
        .rows()
        .map(|row| format!("{}={}", row.key(0), row.value()))
        .collect();
    assert_eq!(rows, ["in-beijing=30", "local=50"]);
    // An unknown measure in a filter is an error, not an empty report.
    assert!(
        report(
            &ledger,
            &Query::by(&[]).unwrap().measure(c("people-traind"))
        )
        .is_err()
    );
}

/// The valid rows of `csv` under the canonical programme.
fn canonical_ledger(csv: &str) -> Ledger {
    Ledger::read_csv(Arc::new(Programme::canonical()), csv.as_bytes(), "f.csv")
        .unwrap()
        .accept_valid_rows()
}

#[test]
fn report_csv_and_json_forms() {
    let csv = "id,date,project,area,measure,breakdown,value,source\n\
               a,2019-05-20,pupil-health,fuping,funds,poor-pupil,100.5,social-capital\n\
               b,2019-05-26,pupil-health,fuping,funds,general,20,\n";
    let ledger = canonical_ledger(csv);
    let r = report(
        &ledger,
        &Query::by(&[Dim::Month, Dim::Measure, Dim::Source]).unwrap(),
    )
    .unwrap();
    let mut out = Vec::new();
    r.write_csv(&mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "month,measure,source,value,entries\n2019-05,funds,social-capital,100.50,1\n2019-06,funds,,20.00,1\n"
    );
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(
        json,
        r#"[{"month":"2019-05","measure":"funds","source":"social-capital","unit":"yuan","value":"100.50","entries":1},{"month":"2019-06","measure":"funds","source":null,"unit":"yuan","value":"20.00","entries":1}]"#
    );
}

/// A report of more rows than the CSV writer formats in one batch, with
/// keys longer and shorter than the field it copies whole, writes what
/// each row's `Display` forms say.
#[test]
fn report_csv_of_many_rows_is_each_rows_display() {
    use std::fmt::Write as _;
    let mut csv = String::from("id,date,project,area,school,measure,value\n");
    for i in 0..40_000 {
        // Schools from 3 to 60 bytes: a canonical programme lists none.
        let school = format!("s{i}{}", "-x".repeat(i % 30));
        let (measure, value) = if i % 3 == 0 {
            ("activities", format!("{}", i % 7))
        } else {
            ("funds", format!("{}.{:02}", i * 13, i % 100))
        };
        writeln!(
            csv,
            "e{i},2019-0{}-10,pupil-health,fuping,{school},{measure},{value}",
            1 + i % 9
        )
        .unwrap();
    }
    let ledger = canonical_ledger(&csv);
    let r = report(
        &ledger,
        &Query::by(&[Dim::School, Dim::Month, Dim::Measure]).unwrap(),
    )
    .unwrap();
    assert_eq!(r.len(), 40_000);
    let mut out = Vec::new();
    r.write_csv(&mut out).unwrap();
    let mut expected = String::from("school,month,measure,value,entries\n");
    for row in r.rows() {
        for k in row.keys() {
            write!(expected, "{k},").unwrap();
        }
        writeln!(expected, "{},{}", row.value(), row.entries()).unwrap();
    }
    assert_eq!(String::from_utf8(out).unwrap(), expected);
}

/// A programme with one stock measure, to show snapshots are never summed over time.
fn stock_programme() -> Programme {
    let mut json: serde_json::Value =
        serde_json::from_str(&Programme::canonical().to_json()).unwrap();
    json["measures"] = serde_json::json!([
        { "code": "pairings-in-force", "name": { "zh": "结对关系", "en": "pairings in force" }, "unit": "count", "kind": "stock" }
    ]);
    Programme::from_json(&json.to_string(), "stock.json").unwrap()
}

#[test]
fn stocks_take_the_latest_snapshot_and_are_never_summed_over_time() {
    let csv = "id,date,project,area,measure,value,corrects\n\
               s1,2019-02-10,school-collaboration,fuping,pairings-in-force,42,\n\
               s2,2019-12-10,school-collaboration,fuping,pairings-in-force,60,\n\
               s3,2019-12-12,school-collaboration,fuping,pairings-in-force,1,s2\n\
               s4,2019-12-10,school-collaboration,laiyuan,pairings-in-force,9,\n";
    let loaded = Ledger::read_csv(Arc::new(stock_programme()), csv.as_bytes(), "s.csv").unwrap();
    assert!(loaded.is_valid(), "{}", loaded.violations);
    let ledger = loaded.valid_rows();
    // By year: the December snapshots (60 corrected to 61, and 9), not 42 + 61.
    let by_year = report(ledger, &Query::by(&[Dim::Year]).unwrap()).unwrap();
    assert_eq!(by_year.row(0).unwrap().value().to_string(), "70");
    // By month: each month its own snapshot.
    let by_month = report(ledger, &Query::by(&[Dim::Month, Dim::Area]).unwrap()).unwrap();
    let rows: Vec<String> = by_month
        .rows()
        .map(|r| format!("{} {} {}", r.key(0), r.key(1), r.value()))
        .collect();
    assert_eq!(
        rows,
        [
            "2019-02 fuping 42",
            "2019-12 fuping 61",
            "2019-12 laiyuan 9"
        ]
    );
    // As of a date before December: the February snapshot.
    let q = Query::by(&[])
        .unwrap()
        .to(parse_date("2019-06-30").unwrap());
    assert_eq!(
        report(ledger, &q)
            .unwrap()
            .row(0)
            .unwrap()
            .value()
            .to_string(),
        "42"
    );
    // Merging parts keeps the later snapshot.
    let q = Query::by(&[Dim::Year]).unwrap();
    let mut a = Aggregate::over(ledger, &q, 0..1).unwrap();
    a.merge(Aggregate::over(ledger, &q, 1..4).unwrap()).unwrap();
    assert_eq!(a.finish(), by_year);
}

#[test]
fn dims_parse_and_reject() {
    assert_eq!(
        Dim::parse_list("year, month").unwrap(),
        [Dim::Year, Dim::Month]
    );
    assert!(Dim::parse_list("year,year").is_err());
    assert!(Query::by(&[Dim::Area, Dim::Area]).is_err());
    let e = Dim::parse_list("county").unwrap_err().to_string();
    assert_eq!(
        e,
        "invalid grouping: unknown dimension \"county\" (one of project, area, school, pairing, measure, breakdown, source, month, year)"
    );
    assert!(matches!(Key::None.to_string().as_str(), ""));
}

#[test]
fn errors_say_what_they_are_about_without_their_text() {
    use eduaid::{Error, Subject};
    let subject = |e: Error| match e {
        Error::InvalidValue { subject, .. } => subject,
        e => panic!("{e:?}"),
    };
    let csv = "id,date,project,area,measure,breakdown,value\n\
               a,2019-05-01,rural-teachers,fuping,people-trained,local,10\n";
    let ledger = Ledger::read_csv(Arc::new(Programme::canonical()), csv.as_bytes(), "f.csv")
        .unwrap()
        .into_ledger()
        .unwrap();
    // A misspelt filter and a repeated dimension are the caller's query.
    let misspelt = Query::by(&[]).unwrap().measure(c("people-traned"));
    let s = subject(report(&ledger, &misspelt).unwrap_err());
    assert_eq!((s, s.is_query()), (Subject::MeasureFilter, true));
    let s = subject(Dim::parse_list("area,area").unwrap_err());
    assert_eq!((s, s.is_query()), (Subject::Grouping, true));
    let s = subject(Query::by(&[Dim::Area, Dim::Area]).unwrap_err());
    assert_eq!(s, Subject::Grouping);
    // A programme's part is not, and names no rule when it breaks none.
    let e = eduaid::Name::new(" ", "x").unwrap_err();
    assert_eq!(e.rule(), None);
    let s = subject(e);
    assert_eq!((s, s.is_query()), (Subject::Name, false));
    assert_eq!(Subject::ProjectFilter.to_string(), "project filter");
}

/// Reports of tens of thousands of groups over ten years, so that their
/// groups are decoded in parallel parts and written in several batches: by
/// school and month (too many possible groups for an array of cells: the
/// groups are ranked and sorted) and by project, area and month (cells in
/// an array, their possible groups many times those in use: the groups in
/// use are marked in a bitmap and gathered). The loaded, streamed and
/// merged reports agree with the independent computation on every flow,
/// and the CSV writer writes each row as the rows themselves read.
#[test]
fn reports_of_many_groups_agree_and_are_written_row_by_row() {
    let mut o = eduaid::GenerateOptions::new(120_000, 7);
    (o.years, o.areas, o.schools) = (10, 300, 5000);
    let (programme, ledger) = eduaid::generate_ledger(&o).unwrap();
    let mut csv = Vec::new();
    ledger.write_csv(&mut csv).unwrap();
    let flow =
        |measure: &str| programme.measure(measure).unwrap().kind() == eduaid::MeasureKind::Flow;
    for dims in [
        &[Dim::School, Dim::Month][..],
        &[Dim::Project, Dim::Area, Dim::Month],
    ] {
        let q = Query::by(dims).unwrap();
        let loaded = report(&ledger, &q).unwrap();
        assert!(loaded.len() > 40_000, "{dims:?}: {} groups", loaded.len());

        // Flows against the independent computation (a stock's total is its
        // series' latest values, which the plain sum does not take).
        let mut expected = naive(&ledger, dims, programme.calendar());
        expected.retain(|k, _| flow(&k[dims.len()]));
        let mut got = as_map(&loaded);
        got.retain(|k, _| flow(&k[dims.len()]));
        assert_eq!(got, expected, "{dims:?}");

        let streamed = eduaid::report_csv(programme.clone(), csv.as_slice(), "l.csv", &q).unwrap();
        assert_eq!(streamed.report, loaded, "{dims:?}");
        let cut = ledger.len() / 3;
        let mut merged = Aggregate::over(&ledger, &q, 0..cut).unwrap();
        merged
            .merge(Aggregate::over(&ledger, &q, cut..ledger.len()).unwrap())
            .unwrap();
        assert_eq!(merged.finish(), loaded, "{dims:?}");

        let mut written = Vec::new();
        loaded.write_csv(&mut written).unwrap();
        let written = String::from_utf8(written).unwrap();
        let mut lines = written.lines();
        let names: Vec<&str> = dims.iter().map(|d| d.name()).collect();
        let header = format!("{},measure,value,entries", names.join(","));
        assert_eq!(lines.next(), Some(header.as_str()));
        let rows = loaded.rows().map(|row| {
            let keys: Vec<String> = row.keys().map(ToString::to_string).collect();
            format!("{},{},{}", keys.join(","), row.value(), row.entries())
        });
        assert!(lines.eq(rows), "{dims:?}: the CSV differs from the rows");
    }
}
