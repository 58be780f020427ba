//! The columns written page by page, not by the `parquet` crate's Arrow
//! writer, read back with the `parquet` crate's own reader as the ledger's
//! values: the dictionary columns (nulls, Chinese codes, row groups each
//! with the dictionary of its own rows) and the values (with their
//! statistics).

use std::fmt::Write as _;
use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::Int32Type;
use arrow_array::{Array, Int64Array};
use eduaid::{Ledger, MeasureKind};
use eduaid_parquet::{ExportOptions, col, export, kind_name};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::file::statistics::Statistics;

use crate::support::{canonical, stock_ledger};

/// The dictionary columns in file order, and each entry's text in them.
const DICTS: [&str; 10] = [
    col::MONTH,
    col::PROJECT,
    col::AREA,
    col::SCHOOL,
    col::PAIRING,
    col::MEASURE,
    col::BREAKDOWN,
    col::SOURCE,
    col::UNIT,
    col::KIND,
];

fn text(ledger: &Ledger, seq: usize, column: &str) -> Option<String> {
    let e = ledger.get(seq).expect("seq is a ledger index");
    let code = |c: Option<&eduaid::Code>| c.map(|c| c.as_str().to_string());
    match column {
        col::MONTH => Some(ledger.programme().calendar().month_of(e.date()).to_string()),
        col::PROJECT => code(Some(e.project())),
        col::AREA => code(Some(e.area())),
        col::SCHOOL => code(e.school()),
        col::PAIRING => code(e.pairing()),
        col::MEASURE => code(Some(e.measure())),
        col::BREAKDOWN => code(e.breakdown()),
        col::SOURCE => code(e.source()),
        col::UNIT => Some(e.unit().code().to_string()),
        col::KIND => Some(
            kind_name(
                ledger
                    .programme()
                    .measure(e.measure().as_str())
                    .map_or(MeasureKind::Flow, eduaid::Measure::kind),
            )
            .to_string(),
        ),
        other => unreachable!("{other}"),
    }
}

/// Reads every file of `dir` row group by row group with the `parquet`
/// crate's Arrow reader: every dictionary column holds the ledger's text of
/// each row, and its dictionary is the texts of the row group's own rows,
/// each once, in order of first use. Returns the row groups read and the
/// rows of the largest.
fn check_dictionaries(ledger: &Ledger, dir: &Path) -> (usize, usize) {
    let mut groups = 0;
    let mut largest = 0;
    for path in eduaid_parquet::dataset_files(dir).expect("files") {
        let bytes = bytes::Bytes::from(std::fs::read(&path).expect("read"));
        let metadata = ParquetRecordBatchReaderBuilder::try_new(bytes.clone())
            .expect("Parquet")
            .metadata()
            .clone();
        let n = metadata.num_row_groups();
        for g in 0..n {
            let batch = ParquetRecordBatchReaderBuilder::try_new(bytes.clone())
                .expect("Parquet")
                .with_row_groups(vec![g])
                .with_batch_size(1 << 20)
                .build()
                .expect("a reader")
                .next()
                .expect("a batch")
                .expect("decoded");
            groups += 1;
            largest = largest.max(batch.num_rows());
            let seqs: Vec<usize> = batch
                .column_by_name(col::SEQ)
                .expect("seq")
                .as_any()
                .downcast_ref::<Int64Array>()
                .expect("Int64")
                .values()
                .iter()
                .map(|&s| usize::try_from(s).expect("not negative"))
                .collect();
            check_values(ledger, &batch, &seqs, metadata.row_group(g));
            for name in DICTS {
                let array = batch
                    .column_by_name(name)
                    .expect("written")
                    .as_dictionary::<Int32Type>();
                let values = array.values().as_string::<i32>();
                let got: Vec<Option<String>> = (0..array.len())
                    .map(|i| {
                        array.keys().is_valid(i).then(|| {
                            values
                                .value(usize::try_from(array.keys().value(i)).expect("a key"))
                                .to_string()
                        })
                    })
                    .collect();
                let expected: Vec<Option<String>> =
                    seqs.iter().map(|&s| text(ledger, s, name)).collect();
                assert_eq!(got, expected, "{} group {g} column {name}", path.display());
                let mut seen = std::collections::HashSet::new();
                let dictionary: Vec<String> = expected
                    .into_iter()
                    .flatten()
                    .filter(|t| seen.insert(t.clone()))
                    .collect();
                let got: Vec<&str> = values.iter().map(|v| v.expect("a value")).collect();
                assert_eq!(
                    got,
                    dictionary,
                    "{} group {g} column {name}",
                    path.display()
                );
            }
        }
    }
    (groups, largest)
}

/// The values of a row group are the ledger's, in hundredths, and its
/// statistics give their least and greatest, and no null.
fn check_values(
    ledger: &Ledger,
    batch: &arrow_array::RecordBatch,
    seqs: &[usize],
    group: &parquet::file::metadata::RowGroupMetaData,
) {
    let values = batch
        .column_by_name(col::VALUE)
        .expect("values")
        .as_primitive::<arrow_array::types::Decimal128Type>();
    let expected: Vec<i128> = seqs
        .iter()
        .map(|&s| {
            let e = ledger.get(s).expect("an entry");
            let per_unit = if e.unit().fraction_digits() == 2 {
                1
            } else {
                100
            };
            i128::from(e.raw_value()) * per_unit
        })
        .collect();
    assert_eq!(values.values().to_vec(), expected);
    let column = group
        .columns()
        .iter()
        .find(|c| c.column_path().string() == col::VALUE)
        .expect("a value column");
    let Some(Statistics::FixedLenByteArray(stats)) = column.statistics() else {
        panic!("no statistics: {:?}", column.statistics());
    };
    let number = |b: Option<&parquet::data_type::FixedLenByteArray>| {
        i128::from_be_bytes(b.expect("set").data().try_into().expect("16 bytes"))
    };
    assert_eq!(
        number(stats.min_opt()),
        *expected.iter().min().expect("rows")
    );
    assert_eq!(
        number(stats.max_opt()),
        *expected.iter().max().expect("rows")
    );
    assert_eq!(stats.null_count_opt(), Some(0));
}

#[test]
fn nulls_and_chinese_codes_read_back_in_row_groups_of_their_own_codes() {
    let mut csv = String::from("id,date,project,area,school,measure,breakdown,value,source\n");
    let schools = ["阜平县第一小学", "", "涞源县城关小学", "易县-中学/2", ""];
    for i in 0..60 {
        let (project, measure, breakdown) = if i % 4 == 0 {
            ("pupil-health", "funds", "poor-pupil")
        } else {
            ("rural-teachers", "people-trained", "local")
        };
        // Row groups of 8 rows: the first three groups hold only fuping,
        // later ones laiyuan too; the schools change every 7 rows.
        let area = if i < 24 || i % 3 == 0 {
            "fuping"
        } else {
            "laiyuan"
        };
        let school = schools[i / 7 % schools.len()];
        let source = if i % 5 == 0 { "social-capital" } else { "" };
        writeln!(
            csv,
            "e{i},2019-06-{:02},{project},{area},{school},{measure},{breakdown},{},{source}",
            1 + i % 20,
            i + 1
        )
        .expect("to a String");
    }
    let (_, ledger) = canonical(&csv);
    assert_eq!(ledger.len(), 60);
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("ledger");
    export(&ledger, &dir, &ExportOptions { rows_per_group: 8 }).expect("export");
    assert_eq!(check_dictionaries(&ledger, &dir), (8, 8));
}

#[test]
fn a_generated_ledger_with_stocks_reads_back_column_by_column() {
    // One year: months of about 21,000 rows, more than a data page holds
    // (20,000 rows), so the bit width may change from page to page.
    let mut opts = eduaid::GenerateOptions::new(250_000, 7);
    opts.years = 1;
    opts.corrections_per_mille = 50;
    let (_, ledger) = stock_ledger(&opts);
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("ledger");
    let written = export(&ledger, &dir, &ExportOptions::default()).expect("export");
    let (groups, largest) = check_dictionaries(&ledger, &dir);
    assert_eq!(groups, written.files.len());
    assert!(largest > 20_000, "{largest} rows");
}
