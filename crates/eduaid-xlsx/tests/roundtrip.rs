//! A ledger read from CSV, from GB18030 CSV and from a workbook gives the
//! same entries and the same report; the template reads back empty and,
//! filled in, like any ledger.

use std::sync::Arc;

use eduaid::{
    Dim, Encoding, GenerateOptions, Ledger, Programme, Query, ReadOptions, Rule, generate_ledger,
    report_csv, report_csv_with,
};
use eduaid_xlsx::{Workbook, ledger_table, template, template_workbook};
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Worksheet};

fn workbook_of(ledger: &Ledger) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    ledger_table(ledger, "台账").add_to(&mut book).unwrap();
    book.save_to_buffer().unwrap()
}

fn csv_of(ledger: &Ledger) -> Vec<u8> {
    let mut out = Vec::new();
    ledger.write_csv(&mut out).unwrap();
    out
}

fn report_text(s: &eduaid::Streamed) -> Vec<u8> {
    let mut out = Vec::new();
    s.report.write_csv(&mut out).unwrap();
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn csv_gb18030_and_workbook_read_alike(entries in 1u64..400, seed in any::<u64>()) {
        let (programme, ledger) = generate_ledger(&GenerateOptions::new(entries, seed)).unwrap();
        let csv = csv_of(&ledger);
        let (gb, _, _) = encoding_rs::GB18030.encode(std::str::from_utf8(&csv).unwrap());
        let xlsx = workbook_of(&ledger);
        let q = Query::by(&[Dim::Project, Dim::Area, Dim::Month]).unwrap();

        let from_csv = Ledger::read_csv(Arc::clone(&programme), csv.as_slice(), "l.csv").unwrap();
        let gb18030 = ReadOptions::new().encoding(Encoding::Gb18030);
        let from_gb = Ledger::read_csv_with(Arc::clone(&programme), &*gb, "l.csv", &gb18030).unwrap();
        let mut wb = Workbook::from_bytes(xlsx.clone(), "l.xlsx").unwrap();
        let from_xlsx = wb.read_ledger(Arc::clone(&programme), None).unwrap();
        prop_assert!(from_csv.violations.is_empty());
        prop_assert!(from_gb.violations.is_empty());
        prop_assert!(from_xlsx.violations.is_empty(), "{}", from_xlsx.violations);
        prop_assert_eq!(csv_of(from_csv.valid_rows()), csv.clone());
        prop_assert_eq!(csv_of(from_gb.valid_rows()), csv.clone());
        prop_assert_eq!(csv_of(from_xlsx.valid_rows()), csv.clone());

        let r_csv = report_csv(Arc::clone(&programme), csv.as_slice(), "l.csv", &q).unwrap();
        let r_gb = report_csv_with(Arc::clone(&programme), &*gb, "l.csv", &q, &gb18030).unwrap();
        let mut wb = Workbook::from_bytes(xlsx, "l.xlsx").unwrap();
        let r_xlsx = wb.report(Arc::clone(&programme), None, &q).unwrap();
        prop_assert_eq!(report_text(&r_gb), report_text(&r_csv));
        prop_assert_eq!(report_text(&r_xlsx), report_text(&r_csv));
        prop_assert_eq!(r_xlsx.entries, entries);
    }
}

#[test]
fn the_template_reads_back_empty_and_filled_in_like_a_ledger() {
    let programme = Arc::new(Programme::canonical());
    let empty = template(&programme, "t.xlsx").unwrap();
    let mut wb = Workbook::from_bytes(empty, "t.xlsx").unwrap();
    let loaded = wb.read_ledger(Arc::clone(&programme), None).unwrap();
    assert_eq!((loaded.valid_rows().len(), loaded.rows), (0, 0));
    assert!(loaded.violations.is_empty());
    assert_eq!(wb.sheet_names()[0], eduaid_xlsx::LEDGER_SHEET);

    let (_, ledger) = generate_ledger(&GenerateOptions::new(300, 11)).unwrap();
    // The generated ledger's registry is its own programme's: fill in the
    // template of that programme.
    let p = Arc::clone(ledger.programme());
    let mut book = template_workbook(&p).unwrap();
    let sheet = book.worksheet_from_index(0).unwrap();
    ledger_table(&ledger, "").write_to(sheet).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let mut wb = Workbook::from_bytes(bytes, "t.xlsx").unwrap();
    let loaded = wb.read_ledger(Arc::clone(&p), None).unwrap();
    assert!(loaded.violations.is_empty(), "{}", loaded.violations);
    assert_eq!(csv_of(loaded.valid_rows()), csv_of(&ledger));
    // The long lists went to the hidden sheet.
    assert!(wb.sheet_names().iter().any(|s| s == "lists"));
}

/// Builds a one-sheet workbook from rows of cells written by `f`.
fn book(f: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Sheet1").unwrap();
    for (c, name) in [
        "id",
        "date",
        "project",
        "area",
        "measure",
        "breakdown",
        "value",
    ]
    .iter()
    .enumerate()
    {
        sheet
            .write_string(0, u16::try_from(c).unwrap(), *name)
            .unwrap();
    }
    f(sheet);
    book.save_to_buffer().unwrap()
}

fn row(sheet: &mut Worksheet, r: u32, id: &str, date: &str, measure: &str, b: &str) {
    for (c, v) in [id, date, "pupil-health", "fuping", measure, b]
        .iter()
        .enumerate()
    {
        sheet
            .write_string(r, u16::try_from(c).unwrap(), *v)
            .unwrap();
    }
}

#[test]
fn workbook_cells_are_held_to_the_money_and_count_rules() {
    let bytes = book(|s| {
        row(s, 1, "a", "2019-05-20", "funds", "general");
        // The double just above 114500.1, as a sum in Excel can leave it.
        s.write_number(1, 6, f64::from_bits(114_500.1_f64.to_bits() + 1))
            .unwrap();
        row(s, 2, "b", "2019-05-20", "funds", "general");
        s.write_number(2, 6, 0.1 + 0.2).unwrap();
        row(s, 3, "c", "2019-05-20", "funds", "general");
        s.write_number(3, 6, 1.005).unwrap();
        row(s, 4, "d", "2019-05-20", "activities", "");
        s.write_number(4, 6, 2.5).unwrap();
        // A formula, by its cached value.
        row(s, 5, "e", "2019-05-20", "activities", "");
        s.write_formula(5, 6, rust_xlsxwriter::Formula::new("=1+2").set_result("3"))
            .unwrap();
        // A date with a time that is not midnight.
        row(s, 6, "f", "", "activities", "");
        let dt = ExcelDateTime::parse_from_str("2019-05-20 13:30:00").unwrap();
        let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm");
        s.write_datetime_with_format(6, 1, dt, &fmt).unwrap();
        s.write_number(6, 6, 1).unwrap();
    });
    let mut wb = Workbook::from_bytes(bytes, "w.xlsx").unwrap();
    let loaded = wb
        .read_ledger(Arc::new(Programme::canonical()), None)
        .unwrap();
    let values: Vec<String> = loaded
        .valid_rows()
        .iter()
        .map(|e| e.value().to_string())
        .collect();
    assert_eq!(values, ["114500.10", "0.30", "3"]);
    // Errors located FILE[SHEET]:ROW and column, naming the value as read.
    let errors: Vec<(String, Rule, bool)> = loaded
        .violations
        .iter()
        .filter(|x| x.severity() == eduaid::Severity::Error)
        .map(|x| {
            let shown = ["1.005", "2.5", "2019-05-20 13:30:00"]
                .iter()
                .any(|v| x.message.contains(&format!("{v:?}")));
            (x.location.to_string(), x.rule, shown)
        })
        .collect();
    let at = |row: u32, id: &str, col: &str| {
        format!("w.xlsx[Sheet1]:{row}, entry {id}, column \"{col}\"")
    };
    assert_eq!(
        errors,
        [
            (at(4, "c", "value"), Rule::FractionDigits, true),
            (at(5, "d", "value"), Rule::FractionDigits, true),
            (at(7, "f", "date"), Rule::InvalidDate, true),
        ]
    );
    assert!(
        loaded
            .violations
            .iter()
            .all(|x| x.rule != Rule::ReadAsEncoding)
    );
}

#[test]
fn a_missing_sheet_is_named_with_the_sheets_there() {
    let bytes = book(|_| {});
    let mut wb = Workbook::from_bytes(bytes, "w.xlsx").unwrap();
    let err = wb
        .read_ledger(Arc::new(Programme::canonical()), Some("台账"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "w.xlsx: no sheet \"台账\"; the sheets are Sheet1"
    );
    let not = Workbook::from_bytes(b"id,date\n".to_vec(), "x.xlsx")
        .err()
        .unwrap();
    assert!(
        not.to_string().starts_with("x.xlsx: not an .xlsx workbook"),
        "{not}"
    );
}
