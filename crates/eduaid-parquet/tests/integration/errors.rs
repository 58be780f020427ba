//! What cannot be written or read is refused with the file named, and a
//! failed export leaves nothing behind.

use std::fs;
use std::sync::Arc;

use arrow_array::{Int64Array, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use eduaid::{Dim, Programme, Query};
use eduaid_parquet::{Error, ExportOptions, export, read_ledger, report_dir};

use crate::support::{canonical, names, stock_canonical};

const CSV: &str = "id,date,project,area,measure,breakdown,value,source\n\
                   a,2019-06-25,pupil-health,fuping,funds,poor-pupil,100.50,social-capital\n";

#[test]
fn an_existing_output_is_never_touched() {
    let (_, ledger) = canonical(CSV);
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    fs::create_dir(&out).expect("mkdir");
    fs::write(out.join("keep.txt"), "mine").expect("write");
    let err = export(&ledger, &out, &ExportOptions::default()).unwrap_err();
    assert!(matches!(err, Error::OutputExists(_)), "{err}");
    assert!(err.to_string().contains("already exists"), "{err}");
    assert_eq!(
        fs::read_to_string(out.join("keep.txt")).expect("read"),
        "mine"
    );
    // Nothing else beside it: no temporary directory left.
    assert_eq!(names(tmp.path()), ["out"]);
}

#[test]
fn a_successful_export_leaves_only_its_directory() {
    let (_, ledger) = canonical(CSV);
    let tmp = tempfile::tempdir().expect("temp dir");
    export(&ledger, &tmp.path().join("l"), &ExportOptions::default()).expect("export");
    assert_eq!(names(tmp.path()), ["l"]);
}

#[test]
fn a_file_that_is_not_parquet_is_named() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let part = tmp.path().join("year=2019/month=06");
    fs::create_dir_all(&part).expect("mkdir");
    fs::write(part.join("part-0.parquet"), "id,date\n").expect("write");
    let p = Arc::new(Programme::canonical());
    let q = Query::by(&[Dim::Month]).expect("distinct");
    let err = report_dir(tmp.path(), &p, &q).unwrap_err();
    assert!(
        matches!(err, Error::Parquet { .. }) && err.is_file(),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("year=2019/month=06/part-0.parquet: cannot read as Parquet"),
        "{err}"
    );
    let err = read_ledger(tmp.path(), p).unwrap_err();
    assert!(matches!(err, Error::Parquet { .. }), "{err}");
}

#[test]
fn an_empty_directory_is_not_a_ledger() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let err = read_ledger(tmp.path(), Arc::new(Programme::canonical())).unwrap_err();
    assert!(matches!(err, Error::Empty(_)), "{err}");
}

#[test]
fn a_file_of_another_layout_names_the_missing_column() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("part-0.parquet");
    let schema = Arc::new(Schema::new(vec![Field::new("seq", DataType::Int64, false)]));
    let batch = RecordBatch::try_new(
        Arc::clone(&schema),
        vec![Arc::new(Int64Array::from(vec![0i64]))],
    )
    .expect("batch");
    let mut w = parquet::arrow::ArrowWriter::try_new(
        fs::File::create(&path).expect("create"),
        schema,
        None,
    )
    .expect("writer");
    w.write(&batch).expect("write");
    w.close().expect("close");
    let err = read_ledger(tmp.path(), Arc::new(Programme::canonical())).unwrap_err();
    assert!(matches!(err, Error::Layout { .. }), "{err}");
    assert!(
        err.to_string()
            .ends_with("part-0.parquet: column \"id\" is missing"),
        "{err}"
    );
}

#[test]
fn a_stock_read_as_a_flow_is_refused() {
    let csv = "id,date,project,area,measure,value\ns1,2019-05-20,school-conditions,fuping,schools-equipped,10\n";
    let (_, ledger) = stock_canonical(csv);
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("s");
    export(&ledger, &dir, &ExportOptions::default()).expect("export");
    let err = read_ledger(&dir, Arc::new(Programme::canonical())).unwrap_err();
    assert!(
        err.to_string().ends_with(
            "row 1: measure schools-equipped is a stock in the file but a flow in the programme"
        ),
        "{err}"
    );
}

#[test]
fn entries_invalid_against_another_programme_are_located() {
    // The canonical programme lists no areas: any is valid; the generated
    // one lists its registry's.
    let (_, ledger) = canonical(&CSV.replace("fuping", "no-such-county"));
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("l");
    export(&ledger, &dir, &ExportOptions::default()).expect("export");
    let mut opts = eduaid::GenerateOptions::new(10, 1);
    opts.schools = 100;
    let other = Arc::new(eduaid::generate_programme(&opts).expect("valid"));
    let q = Query::by(&[]).expect("distinct");
    for violations in [
        read_ledger(&dir, Arc::clone(&other))
            .expect("read")
            .violations,
        report_dir(&dir, &other, &q).expect("report").violations,
    ] {
        assert!(violations.has_errors());
        let first = violations.iter().next().expect("one");
        assert!(
            first
                .location
                .file
                .as_deref()
                .is_some_and(|f| f.ends_with("year=2019/month=06/part-0.parquet"))
        );
        assert_eq!(first.location.line, Some(1));
    }
}
