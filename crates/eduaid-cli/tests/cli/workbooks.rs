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
    let book: Xlsx<_> = open_workbook(path).expect("a workbook");
    sheet(path, &book.sheet_names()[0])
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

/// A sheet's rows, by the sheet's name.
fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = open_workbook(path).expect("a workbook");
    let range = book.worksheet_range(name).expect("the sheet");
    range.rows().map(<[Data]>::to_vec).collect()
}

/// A count cell: a whole number.
#[allow(clippy::cast_precision_loss, clippy::float_cmp)] // small counts, exactly
fn is_count(cell: &Data, n: u64) -> bool {
    *cell == Data::Float(n as f64)
}

/// A rate cell: the library's percentage as a share (83.3% is 0.833), or
/// empty when nothing is due.
#[allow(clippy::float_cmp)] // both the nearest double to the same decimal
fn is_rate(cell: &Data, percent: Option<eduaid::Decimal>) -> bool {
    match percent {
        None => *cell == Data::Empty,
        Some(p) => {
            let share: f64 = (p / eduaid::Decimal::ONE_HUNDRED)
                .to_string()
                .parse()
                .unwrap();
            *cell == Data::Float(share)
        }
    }
}

/// Checks a completeness row's cells after its month (and group).
fn check_counts(cells: &[Data], r: &eduaid::CompletenessRow, at: &str) {
    let counts = [
        r.due,
        r.received,
        r.on_time,
        r.late,
        r.unknown_time,
        r.missing,
    ];
    assert_eq!(cells.len(), 8, "{at}: {cells:?}");
    for (cell, n) in cells.iter().zip(counts) {
        assert!(is_count(cell, n), "{at}: {cell:?} is not {n}");
    }
    assert!(is_rate(&cells[6], r.completeness()), "{at}: {cells:?}");
    assert!(is_rate(&cells[7], r.timeliness()), "{at}: {cells:?}");
}

/// `completeness --format xlsx --detail` against `eduaid::completeness`:
/// the summary sheet (month, group, counts as numbers, rates as shares,
/// the total row) and the sheet of due returns, cell by cell.
#[test]
fn completeness_workbook_holds_the_library_s_rows() {
    use eduaid::{CompletenessBy, Ledger, Programme, Reporter, dataset};
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    // The embedded 2019 dataset's ledger, as a file (no close log beside it).
    let bj = dir.path().join("bj-bd-2019.csv");
    std::fs::write(&bj, dataset::LEDGER_CSV).unwrap();
    let returns = fixtures().join("returns.csv");
    let small = Programme::open(fixtures().join("duties.json")).unwrap();
    let cases = [
        (returns.as_path(), "duties.json", small, "2019-06-30"),
        (
            bj.as_path(),
            "bj-bd-2019",
            dataset::programme(),
            "2019-11-25",
        ),
    ];
    let out = dir.path().join("c.xlsx");
    for (ledger, program, programme, as_of) in cases {
        let ledger_path = ledger.to_str().unwrap();
        let ledger = Ledger::open(Arc::new(programme), ledger)
            .unwrap()
            .into_ledger()
            .unwrap();
        let date = eduaid::parse_date(as_of).unwrap();
        for (by, by_arg) in [
            (None, None),
            (Some(CompletenessBy::Area), Some("area")),
            (Some(CompletenessBy::Project), Some("project")),
        ] {
            let c = eduaid::completeness(&ledger, date, by);
            let at = format!("{program} --by {by_arg:?}");
            assert!(!c.returns.is_empty(), "{at}: nothing due");
            let mut args = vec![
                "completeness",
                ledger_path,
                "--program",
                program,
                "--as-of",
                as_of,
                "--detail",
                "--format",
                "xlsx",
                "--output",
                out.to_str().unwrap(),
            ];
            args.extend(by_arg.iter().flat_map(|b| ["--by", b]));
            let o = run(&args);
            assert_eq!(
                o.status.code(),
                Some(i32::from(!c.is_complete())),
                "{at}: {o:?}"
            );
            assert!(o.stdout.is_empty() && o.stderr.is_empty(), "{at}: {o:?}");

            let summary = sheet(&out, "completeness");
            let mut header = vec!["month"];
            header.extend(by_arg);
            header.extend([
                "due",
                "received",
                "on-time",
                "late",
                "unknown-time",
                "missing",
                "completeness",
                "timeliness",
            ]);
            let text = |d: &Data| d.to_string();
            let got: Vec<String> = summary[0].iter().map(text).collect();
            assert_eq!(got, header, "{at}");
            assert_eq!(summary.len(), c.rows.len() + 2, "{at}: header, rows, total");
            let skip = 1 + usize::from(by.is_some());
            for (cells, r) in summary[1..].iter().zip(&c.rows) {
                assert_eq!(text(&cells[0]), r.month.unwrap().to_string(), "{at}");
                if by.is_some() {
                    assert_eq!(text(&cells[1]), r.group.as_ref().unwrap().as_str(), "{at}");
                }
                check_counts(&cells[skip..], r, &at);
            }
            let total = summary.last().unwrap();
            assert_eq!(text(&total[0]), "total", "{at}");
            if by.is_some() {
                assert_eq!(total[1], Data::Empty, "{at}");
            }
            check_counts(&total[skip..], &c.total, &at);

            let detail = sheet(&out, "returns");
            let got: Vec<String> = detail[0].iter().map(text).collect();
            assert_eq!(
                got,
                [
                    "month", "project", "area", "pairing", "school", "status", "recorded"
                ],
                "{at}"
            );
            assert_eq!(detail.len(), c.returns.len() + 1, "{at}");
            for (cells, r) in detail[1..].iter().zip(&c.returns) {
                let unit = |yes: bool| {
                    if yes {
                        Data::String(r.unit.code().to_string())
                    } else {
                        Data::Empty
                    }
                };
                assert_eq!(text(&cells[0]), r.month.to_string(), "{at}");
                assert_eq!(text(&cells[1]), r.project.as_str(), "{at}");
                assert_eq!(cells[2], unit(matches!(r.unit, Reporter::Area(_))), "{at}");
                assert_eq!(
                    cells[3],
                    unit(matches!(r.unit, Reporter::Pairing(_))),
                    "{at}"
                );
                assert_eq!(
                    cells[4],
                    unit(matches!(r.unit, Reporter::School(_))),
                    "{at}"
                );
                assert_eq!(text(&cells[5]), r.status.as_str(), "{at}");
                let recorded = match &cells[6] {
                    Data::Empty => None,
                    Data::DateTime(d) => {
                        let (y, m, day, ..) = d.to_ymd_hms_milli();
                        Some(format!("{y:04}-{m:02}-{day:02}"))
                    }
                    other => panic!("{at}: recorded {other:?}"),
                };
                assert_eq!(recorded, r.recorded.map(|d| d.to_string()), "{at}");
            }
        }
    }
}

/// With `--lang zh` the workbook's headings and the total's label are
/// Chinese, with `--by` and `--detail` too (the cells keep their codes).
#[test]
fn completeness_workbook_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.xlsx");
    let o = run(&[
        "completeness",
        "returns.csv",
        "--program",
        "duties.json",
        "--by",
        "area",
        "--detail",
        "--format",
        "xlsx",
        "--lang",
        "zh",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let summary = sheet(&out, "completeness");
    let header: Vec<String> = summary[0].iter().map(ToString::to_string).collect();
    assert_eq!(
        header,
        [
            "统计月份",
            "区县",
            "应报",
            "已报",
            "按时",
            "迟报",
            "时间不详",
            "未报",
            "报送率",
            "及时率"
        ]
    );
    assert_eq!(summary.last().unwrap()[0].to_string(), "合计");
    let detail = sheet(&out, "returns");
    let header: Vec<String> = detail[0].iter().map(ToString::to_string).collect();
    assert_eq!(
        header,
        [
            "统计月份",
            "项目",
            "区县",
            "结对",
            "学校",
            "状态",
            "录入日期"
        ]
    );
    assert_eq!(detail[1][5].to_string(), "on-time");
}
