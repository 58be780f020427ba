//! The report of the files equals the report of the ledger: flows and
//! corrections in other months' files, stock series spanning files, chains
//! of corrections, same-day snapshots, filters and other calendars.

use std::fmt::Write as _;
use std::sync::Arc;

use eduaid::{
    Dim, GenerateOptions, Programme, Query, StatCalendar, parse_date, report, report_csv,
};
use eduaid_parquet::{ExportOptions, export, read_ledger, report_dir};
use proptest::prelude::*;

use crate::support::{STOCKS, entries, stock_canonical, stock_ledger};

fn queries() -> Vec<Query> {
    let q = |d: &[Dim]| Query::by(d).expect("distinct");
    vec![
        q(&[]),
        q(&[Dim::Month]),
        q(&[Dim::Year, Dim::Project]),
        q(&[Dim::Project, Dim::Area, Dim::Month]),
        q(&[
            Dim::Area,
            Dim::School,
            Dim::Pairing,
            Dim::Breakdown,
            Dim::Source,
            Dim::Month,
        ]),
        q(&[Dim::Measure, Dim::Year]).calendar(StatCalendar::new(20).expect("valid")),
        q(&[Dim::Month, Dim::Measure])
            .from(parse_date("2017-03-10").expect("valid"))
            .to(parse_date("2018-11-26").expect("valid")),
        q(&[Dim::Project]).measure("schools-equipped".parse().expect("code")),
    ]
}

/// Exports, then checks the files against the ledger every way.
fn check_roundtrip(
    programme: &Arc<Programme>,
    ledger: &eduaid::Ledger,
    rows_per_group: usize,
    queries: &[Query],
) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("ledger");
    let written = export(ledger, &dir, &ExportOptions { rows_per_group }).expect("export");
    assert_eq!(written.rows, ledger.len() as u64);
    let back = read_ledger(&dir, Arc::clone(programme)).expect("read back");
    assert!(!back.violations.has_errors(), "{:?}", back.violations);
    assert_eq!(entries(back.valid_rows()), entries(ledger));
    for q in queries {
        let whole = report(ledger, q).expect("report");
        let parts = report_dir(&dir, programme, q).expect("report of the files");
        assert_eq!(parts.report, whole, "{q:?}");
        assert_eq!(parts.entries, ledger.len() as u64);
        assert!(parts.violations.is_empty(), "{:?}", parts.violations);
    }
}

#[test]
fn generated_ledger_with_stocks_and_corrections() {
    let mut opts = GenerateOptions::new(20_000, 11);
    opts.corrections_per_mille = 100;
    let (p, ledger) = stock_ledger(&opts);
    // The test means something only if stock corrections cross months.
    let cal = p.calendar();
    let crossing = ledger
        .iter()
        .filter(|e| STOCKS.contains(&e.measure().as_str()))
        .filter_map(|e| e.corrects().map(|t| (e, t)))
        .filter(|(e, t)| cal.month_of(e.date()) != cal.month_of(t.date()))
        .count();
    assert!(crossing > 10, "{crossing} stock corrections cross months");
    check_roundtrip(&p, &ledger, 3_000, &queries());
}

/// A month of more rows than the writer stages at once (8,192): its file
/// gets several batches, each with its own dictionaries (a school first met
/// in a later batch, optional codes absent from a whole batch), and row
/// groups that end inside a batch.
#[test]
fn a_month_of_many_batches_and_row_groups() {
    let mut csv = String::from("id,date,project,area,school,measure,breakdown,value,source\n");
    for i in 0..20_000 {
        let (project, measure, breakdown, value) = if i % 3 == 0 {
            (
                "pupil-health",
                "funds",
                "poor-pupil",
                format!("{}.{:02}", i, i % 100),
            )
        } else {
            (
                "rural-teachers",
                "people-trained",
                "local",
                format!("{}", i % 90 + 1),
            )
        };
        let area = ["fuping", "laiyuan", "yixian"][i % 3 / 2 + usize::from(i > 12_000)];
        let school = if i > 9_000 && i % 7 == 0 {
            format!("s-{}", i % 11)
        } else {
            String::new()
        };
        let source = if i < 16_500 && i % 3 == 0 {
            "social-capital"
        } else {
            ""
        };
        writeln!(
            csv,
            "e{i},2019-06-{:02},{project},{area},{school},{measure},{breakdown},{value},{source}",
            1 + i % 25
        )
        .expect("to a String");
    }
    let (p, ledger) = crate::support::canonical(&csv);
    assert_eq!(ledger.len(), 20_000);
    check_roundtrip(&p, &ledger, 7_000, &queries());
}

#[test]
fn the_csv_report_equals_the_report_of_the_files() {
    let mut opts = GenerateOptions::new(3_000, 5);
    opts.corrections_per_mille = 80;
    let p = crate::support::stock_programme(&opts);
    let mut csv = Vec::new();
    eduaid::write_ledger_csv(&p, &opts, &mut csv).expect("to a Vec");
    let loaded = eduaid::Ledger::read_csv(Arc::clone(&p), csv.as_slice(), "l.csv").expect("read");
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("l");
    export(loaded.valid_rows(), &dir, &ExportOptions::default()).expect("export");
    let q = Query::by(&[Dim::Project, Dim::Area, Dim::Month]).expect("distinct");
    let streamed = report_csv(Arc::clone(&p), csv.as_slice(), "l.csv", &q).expect("report_csv");
    let parts = report_dir(&dir, &p, &q).expect("report of the files");
    assert_eq!(parts.report, streamed.report);
    assert_eq!(
        (parts.rows, parts.entries),
        (streamed.rows, streamed.entries)
    );
}

#[test]
fn chains_of_corrections_across_three_files_and_same_day_snapshots() {
    // s1 (May) is corrected in June (c1), c1 in July (c2); s2 and s3 are one
    // series' two snapshots of one day: the later row wins. f2, a flow
    // correction dated before its original (a warning), lies in an earlier
    // file than the entry it corrects.
    let csv = "\
id,date,project,area,school,measure,value,corrects
s1,2019-05-20,school-conditions,fuping,,schools-equipped,10,
f1,2019-06-20,pupil-health,fuping,,pupils-aided,7,
c1,2019-06-20,school-conditions,fuping,,schools-equipped,5,s1
f2,2019-05-01,pupil-health,fuping,,pupils-aided,-3,f1
c2,2019-07-20,school-conditions,fuping,,schools-equipped,-12,c1
s2,2019-07-21,school-conditions,laiyuan,,schools-equipped,4,
s3,2019-07-21,school-conditions,laiyuan,,schools-equipped,6,
c3,2019-08-01,school-conditions,laiyuan,,schools-equipped,1,s2
";
    let (p, ledger) = stock_canonical(csv);
    let q = |d: &[Dim]| Query::by(d).expect("distinct");
    let queries = [
        q(&[Dim::Month]),
        q(&[Dim::Year]),
        q(&[Dim::Area]),
        q(&[Dim::Area, Dim::Month]),
        q(&[]).to(parse_date("2019-06-30").expect("valid")),
    ];
    check_roundtrip(&p, &ledger, 1, &queries);
    // Spelled out: s1's snapshot is 10 + 5 - 12 = 3 in May; laiyuan's
    // July snapshot is s3's 6 (s2, corrected to 5, came first that day).
    let r = report(&ledger, &q(&[Dim::Area, Dim::Month])).expect("report");
    let mut csv_out = Vec::new();
    r.write_csv(&mut csv_out).expect("to a Vec");
    assert_eq!(
        String::from_utf8(csv_out).expect("UTF-8"),
        "area,month,measure,value,entries\n\
         fuping,2019-05,pupils-aided,-3,1\n\
         fuping,2019-05,schools-equipped,3,1\n\
         fuping,2019-06,pupils-aided,7,1\n\
         laiyuan,2019-07,schools-equipped,6,2\n"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Any generated ledger, any share of corrections, any row group size:
    /// the files give the ledger back and the report of the parts is the
    /// report of the whole.
    #[test]
    fn parts_merge_to_the_whole(
        seed in any::<u64>(),
        n in 1u64..1_500,
        per_mille in 0u32..400,
        years in 1u32..3,
        rows_per_group in 1usize..700,
    ) {
        let mut opts = GenerateOptions::new(n, seed);
        opts.corrections_per_mille = per_mille;
        opts.years = years;
        opts.start_year = 2018;
        let (p, ledger) = stock_ledger(&opts);
        check_roundtrip(&p, &ledger, rows_per_group, &queries());
    }
}

/// The `recorded` dates (ledger format 1.1) travel through the files, and a
/// file written before the column existed reads with none.
#[test]
fn recorded_dates_round_trip_and_an_older_file_has_none() {
    let mut opts = GenerateOptions::new(2_000, 3);
    opts.recorded = true;
    let (p, ledger) = stock_ledger(&opts);
    let recorded = ledger.iter().filter(|e| e.recorded().is_some()).count();
    assert!(recorded > 1_000, "{recorded} entries with a recorded date");
    check_roundtrip(&p, &ledger, 500, &queries());

    // The same files without the column.
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("ledger");
    export(&ledger, &dir, &ExportOptions::default()).expect("export");
    let mut files = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for f in std::fs::read_dir(&d).expect("a directory") {
            let path = f.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    assert!(!files.is_empty());
    for path in files {
        let file = std::fs::File::open(&path).expect("open");
        let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
            .expect("parquet");
        let metadata = reader
            .metadata()
            .file_metadata()
            .key_value_metadata()
            .cloned();
        let batches: Vec<arrow_array::RecordBatch> = reader
            .build()
            .expect("reader")
            .map(|b| {
                let b = b.expect("a batch");
                let i = b.schema().index_of("recorded").expect("written");
                let mut b = b;
                b.remove_column(i);
                b
            })
            .collect();
        let schema = batches[0].schema();
        let props = parquet::file::properties::WriterProperties::builder()
            .set_key_value_metadata(metadata)
            .build();
        let out = std::fs::File::create(&path).expect("rewrite");
        let mut w = parquet::arrow::ArrowWriter::try_new(out, schema, Some(props)).expect("w");
        for b in &batches {
            w.write(b).expect("write");
        }
        w.close().expect("close");
    }
    let back = read_ledger(&dir, Arc::clone(&p)).expect("read back");
    assert!(!back.violations.has_errors(), "{:?}", back.violations);
    assert_eq!(back.valid_rows().len(), ledger.len());
    assert!(back.valid_rows().iter().all(|e| e.recorded().is_none()));
    let q = Query::by(&[Dim::Project, Dim::Month]).expect("distinct");
    assert_eq!(
        report_dir(&dir, &p, &q).expect("report").report,
        report(&ledger, &q).expect("report")
    );
}
