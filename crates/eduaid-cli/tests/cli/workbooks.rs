//! Workbooks written by `--format xlsx` and `eduaid template`, read back
//! with calamine and compared with the CSV (or JSON) form of the same run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};

const BIN: &str = env!("CARGO_BIN_EXE_eduaid");

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/fixtures")
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(fixtures())
        .output()
        .expect("the binary runs")
}

/// The first sheet's rows.
fn rows(path: &Path) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = open_workbook(path).expect("a workbook");
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).expect("a sheet");
    range.rows().map(<[Data]>::to_vec).collect()
}

/// Whether a workbook cell shows what a CSV field says: text as text,
/// numbers equal as numbers, booleans as `true`/`false`.
#[allow(clippy::float_cmp)] // exactly: both are the nearest double to one decimal
fn same(cell: &Data, field: &str) -> bool {
    match cell {
        Data::Empty => field.is_empty(),
        Data::String(s) => s == field,
        Data::Float(f) => field.parse::<f64>().is_ok_and(|x| x == *f),
        Data::Int(i) => field.parse::<i64>().is_ok_and(|x| x == *i),
        Data::Bool(b) => field == b.to_string(),
        _ => false,
    }
}

/// Runs `args` with `--format csv` and with `--format xlsx --output`, and
/// checks the workbook holds the CSV, cell for cell.
fn matches_csv(args: &[&str], status: i32) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("out.xlsx");
    let csv = run(&[args, &["--format", "csv"]].concat());
    assert_eq!(csv.status.code(), Some(status), "{csv:?}");
    let xlsx = run(&[
        args,
        &["--format", "xlsx", "--output", out.to_str().unwrap()],
    ]
    .concat());
    assert_eq!(xlsx.status.code(), Some(status), "{xlsx:?}");
    assert!(xlsx.stdout.is_empty());
    let text = String::from_utf8(csv.stdout).unwrap();
    let sheet = rows(&out);
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(sheet.len(), lines.len(), "{args:?}: rows");
    for (r, (cells, fields)) in sheet.iter().zip(&lines).enumerate() {
        assert_eq!(cells.len(), fields.len(), "{args:?}: row {r}");
        for (cell, field) in cells.iter().zip(fields) {
            assert!(
                same(cell, field),
                "{args:?}: row {r}: {cell:?} is not {field:?}"
            );
        }
    }
}

#[test]
fn xlsx_forms_hold_what_the_csv_forms_hold() {
    matches_csv(&["report", "office.xlsx", "--by", "project,year,month"], 0);
    matches_csv(&["report", "office.csv", "--by", "area,breakdown"], 0);
    matches_csv(&["compliance", "office.csv", "--by-area"], 1);
    matches_csv(&["compliance", "office.csv"], 1);
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan-ledger.csv");
    std::fs::write(
        &plan,
        "id,date,project,area,measure,breakdown,value,source\n\
         t1,2019-06-10,rural-teachers,fuping,people-trained,local,240,\n\
         f1,2019-04-01,pupil-health,fuping,funds,poor-pupil,60000.5,social-capital\n",
    )
    .unwrap();
    let plan = plan.to_str().unwrap();
    matches_csv(
        &[
            "plan",
            plan,
            "--program",
            "small.json",
            "--as-of",
            "2019-06-25",
        ],
        0,
    );
}

#[test]
fn chinese_headings_with_lang_zh() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.xlsx");
    let o = run(&[
        "report",
        "office.csv",
        "--by",
        "project,month",
        "--format",
        "xlsx",
        "--lang",
        "zh",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{o:?}");
    let header: Vec<String> = rows(&out)[0].iter().map(ToString::to_string).collect();
    assert_eq!(header, ["项目", "统计月份", "指标", "数值", "条目数"]);
}

#[test]
fn validate_as_a_workbook_lists_what_the_json_form_lists() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("v.xlsx");
    let o = run(&[
        "validate",
        "office-bad.xlsx",
        "--format",
        "xlsx",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let json = run(&["validate", "office-bad.xlsx", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let sheet = rows(&out);
    let header: Vec<String> = sheet[0].iter().map(ToString::to_string).collect();
    assert_eq!(
        header,
        [
            "code", "name", "severity", "file", "line", "entry", "column", "message"
        ]
    );
    let violations = json["violations"].as_array().unwrap();
    assert_eq!(sheet.len() - 1, violations.len());
    for (cells, v) in sheet[1..].iter().zip(violations) {
        for (cell, name) in cells.iter().zip(&header) {
            let want = match &v[name] {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert!(same(cell, &want), "{name}: {cell:?} is not {want:?}");
        }
    }
}

#[test]
fn the_template_written_by_the_cli_reads_back_empty() {
    let dir = tempfile::tempdir().unwrap();
    for program in [None, Some("small.json")] {
        let t = dir.path().join("t.xlsx");
        let t = t.to_str().unwrap();
        let mut args = vec!["template", "--output", t];
        args.extend(program.iter().flat_map(|p| ["--program", p]));
        let o = run(&args);
        assert!(o.status.success(), "{o:?}");
        let mut args = vec!["validate", t];
        args.extend(program.iter().flat_map(|p| ["--program", p]));
        let o = run(&args);
        assert!(o.status.success(), "{o:?}");
        assert_eq!(
            String::from_utf8(o.stdout).unwrap(),
            "0 rows read, 0 entries accepted, 0 rows refused (0 errors, 0 warnings)\n"
        );
    }
}

/// The office samples (a programme office's ledger as Chinese Excel saves
/// it: plain "CSV" in GB18030, "CSV UTF-8" with a BOM, and the workbook)
/// give the same report. They use Chinese header names, Chinese names for
/// codes and free-text ids.
#[test]
fn the_office_samples_report_alike() {
    let report = |file: &str| {
        let o = run(&["report", file, "--by", "project,area", "--format", "csv"]);
        assert!(o.status.success(), "{file}: {o:?}");
        String::from_utf8(o.stdout).unwrap()
    };
    let csv = report("ledger-utf8-bom.csv");
    assert_eq!(report("ledger-gb18030.csv"), csv);
    assert_eq!(report("ledger.xlsx"), csv);
    assert!(csv.contains(",funds,10345.67,"), "{csv}");
    assert!(csv.contains(",activities,3,"), "{csv}");
    assert!(csv.contains(",people-trained,138,"), "{csv}");
    let o = run(&["validate", "ledger-gb18030.csv"]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.matches("W013").count(), 1, "{out}");
}

/// A workbook ledger is read with the same options as a CSV one: `--strict`
/// refuses a spreadsheet habit, `--ignore-column` leaves a column out.
#[test]
fn a_workbook_is_read_with_strict_and_ignored_columns() {
    use eduaid_xlsx::{Cell, Table, workbook_bytes};
    let dir = tempfile::tempdir().unwrap();
    let text = |s: &str| Cell::Text(s.to_owned());
    let header = ["id", "date", "project", "area", "measure", "value", "备注"];
    let table = Table {
        name: "ledger".into(),
        header: header.iter().map(|&h| h.to_owned()).collect(),
        // The date written with slashes: a habit (W008).
        rows: vec![vec![
            text("a1"),
            text("2019/5/20"),
            text("principal-studios"),
            text("fuping"),
            text("activities"),
            Cell::Whole(3),
            text("第一次"),
        ]],
    };
    let path = dir.path().join("habits.xlsx");
    std::fs::write(&path, workbook_bytes(&[table], "habits.xlsx").unwrap()).unwrap();
    let path = path.to_str().unwrap();
    let validate = |extra: &[&str]| {
        let mut args = vec!["validate", path];
        args.extend(extra);
        let o = run(&args);
        let (out, err) = (o.stdout, o.stderr);
        (
            o.status.code(),
            String::from_utf8(out).unwrap() + &String::from_utf8(err).unwrap(),
        )
    };
    // The extra column is an error unless left out.
    let (status, out) = validate(&[]);
    assert_ne!(status, Some(0), "{out}");
    assert!(out.contains("unknown column \"备注\""), "{out}");
    let (status, out) = validate(&["--ignore-column", "备注"]);
    assert_eq!(status, Some(0), "{out}");
    assert!(
        out.contains("W008") && out.contains("1 entries accepted"),
        "{out}"
    );
    let (status, out) = validate(&["--ignore-column", "备注", "--strict"]);
    assert_ne!(status, Some(0), "{out}");
    assert!(
        out.contains("W008") && out.contains("0 entries accepted"),
        "{out}"
    );
    // `report` reads it as `validate` does.
    let o = run(&["report", path, "--ignore-column", "备注", "--strict"]);
    assert!(!o.status.success(), "{o:?}");
    let o = run(&["report", path, "--ignore-column", "备注", "--format", "csv"]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        o.status.success() && out.contains("\nactivities,3,1\n"),
        "{out}"
    );
}
