//! `Ledger::read_csv`: the interchange format, every way a file or a row can be
//! wrong, each reported with its rule and location, and nothing valid lost.

use std::sync::Arc;

use eduaid::{COLUMNS, Error, Ledger, Programme, Severity};
use insta::assert_snapshot;

use crate::support::{
    GOOD_AFTER, GOOD_BEFORE, HEADER, assert_at, ids, load, load_bytes, one_error,
    registry_programme,
};

/// The table-level error of an unreadable file.
fn refused(csv: &[u8]) -> Error {
    match Ledger::read_csv(registry_programme(), csv, "l.csv") {
        Err(e @ Error::Csv { .. }) => e,
        other => panic!("expected a CSV error, got {other:?}"),
    }
}

#[test]
fn reads_a_valid_file() {
    let csv = format!("{HEADER}\n{GOOD_BEFORE}\n{GOOD_AFTER}\n");
    let loaded = load(&csv);
    assert!(loaded.is_valid());
    assert!(loaded.violations.is_empty());
    assert_eq!(loaded.rows, 2);
    assert_eq!(ids(loaded.valid_rows()), ["ok-1", "ok-2"]);
    assert_eq!(COLUMNS.join(","), HEADER);
}

#[test]
fn bom_and_crlf_are_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(format!("{HEADER}\r\n{GOOD_BEFORE}\r\n{GOOD_AFTER}\r\n").bytes());
    let loaded = load_bytes(&bytes);
    assert!(loaded.violations.is_empty(), "{:#?}", loaded.violations);
    assert_eq!(ids(loaded.valid_rows()), ["ok-1", "ok-2"]);
    // No final line break either.
    let loaded = load(&format!("{HEADER}\r\n{GOOD_BEFORE}"));
    assert_eq!(ids(loaded.valid_rows()), ["ok-1"]);
}

#[test]
fn quoted_fields_are_read_per_rfc_4180() {
    let csv = format!(
        "{HEADER}\n\"q-1\",2019-06-10,\"rural-teachers\",fuping,,,people-trained,local,\"240\",,\n"
    );
    let loaded = load(&csv);
    assert!(loaded.violations.is_empty(), "{:#?}", loaded.violations);
    assert_eq!(loaded.valid_rows().find("q-1").unwrap().raw_value(), 240);
}

#[test]
fn columns_in_any_order_and_optional_ones_absent() {
    let csv = "value,measure,area,project,date,id,breakdown\n\
               240,people-trained,fuping,rural-teachers,2019-06-10,t-1,local\n\
               12.5,funds,laiyuan,pupil-health,2019-06-11,f-1,poor-pupil\n";
    let loaded = load(csv);
    assert!(loaded.violations.is_empty(), "{:#?}", loaded.violations);
    let f = loaded.valid_rows().find("f-1").unwrap();
    assert_eq!(f.raw_value(), 1250);
    assert_eq!(f.area().as_str(), "laiyuan");
    assert_eq!(f.source(), None);
    assert_eq!(f.school(), None);
    // Only the required columns: the breakdown is missing, a warning.
    let csv = "id,date,project,area,measure,value\nt-1,2019-06-10,rural-teachers,fuping,people-trained,240\n";
    let loaded = load(csv);
    assert_eq!(loaded.valid_rows().len(), 1);
    assert_eq!(loaded.violations.len(), 1);
    let w = &loaded.violations.as_slice()[0];
    assert_eq!(w.severity(), Severity::Warning);
    assert_at(w, "W001", 2, Some("entry t-1"), Some("breakdown"));
}

#[test]
fn header_errors_refuse_the_file() {
    let e = refused(b"id,date,project,area,measure,breakdwon,value\n");
    assert!(matches!(e, Error::Csv { line: 1, .. }));
    assert_snapshot!(e, @r#"l.csv:1: unknown column "breakdwon" (column 6), did you mean "breakdown"? The columns are id (编号), date (日期), project (项目), area (区县), school (学校), pairing (结对), measure (指标), breakdown (分类), value (数值), source (资金来源), corrects (更正), recorded (录入日期); a column to leave out must be listed as ignored"#);
    let e = refused(b"id,date,project,area,measure,value,id\n");
    assert_snapshot!(e, @r#"l.csv:1: column "id" appears twice in the header"#);
    let e = refused(b"id,date,project,measure,value\n");
    assert_snapshot!(e, @"l.csv:1: missing required column(s): area");
    let e = refused(b"");
    assert_snapshot!(e, @"l.csv:1: the file is empty: a ledger starts with a header row");
    let e = refused(b"id,date,project,area,measure,\xFFvalue\n");
    assert_snapshot!(e, @"l.csv:1: header column 6 is not valid UTF-8");
    // A header alone is an empty ledger, not an error.
    let loaded = load(&format!("{HEADER}\n"));
    assert!(loaded.valid_rows().is_empty());
    assert_eq!(loaded.rows, 0);
}

#[test]
fn l001_wrong_field_count() {
    let v = one_error("bad,2019-06-10,rural-teachers,fuping,,,people-trained,local,240,");
    assert_at(&v, "L001", 3, None, None);
    assert_snapshot!(v, @"l.csv:3: error L001: the row has 10 fields, the header has 11");
    let v = one_error("bad,2019-06-10,rural-teachers,fuping,,,people-trained,local,240,,,");
    assert_at(&v, "L001", 3, None, None);
}

#[test]
fn l001_invalid_utf8() {
    let mut bytes = format!("{HEADER}\n{GOOD_BEFORE}\n").into_bytes();
    // 0xFF is neither UTF-8 nor GB18030 (a stray byte such as C3 70 would be
    // GB18030, and the file read as such).
    bytes.extend(b"bad,2019-06-10,rural-teachers,fu\xFFping,,,people-trained,local,240,,\n");
    bytes.extend(format!("{GOOD_AFTER}\n").bytes());
    let loaded = load_bytes(&bytes);
    assert_eq!(ids(loaded.valid_rows()), ["ok-1", "ok-2"]);
    assert_eq!(loaded.violations.len(), 1);
    let v = &loaded.violations.as_slice()[0];
    assert_at(v, "L001", 3, None, Some("area"));
    assert_snapshot!(v, @r#"l.csv:3, column "area": error L001: invalid UTF-8 at byte 3 of the field"#);
}

#[test]
fn l001_unbalanced_quote() {
    // The quote swallows the rest of the file into one field.
    let csv = format!(
        "{HEADER}\n{GOOD_BEFORE}\nbad,2019-06-10,rural-teachers,\"fuping,,,people-trained,local,240,,\n{GOOD_AFTER}\n"
    );
    let loaded = load(&csv);
    assert_eq!(ids(loaded.valid_rows()), ["ok-1"]);
    assert_eq!(loaded.violations.len(), 1, "{:#?}", loaded.violations);
    let v = &loaded.violations.as_slice()[0];
    assert_eq!(v.rule.code(), "L001");
    assert_eq!(v.location.line, Some(3));
    assert_snapshot!(v, @"l.csv:3: error L001: a quote opened on this line is never closed");
    // A quote closed on a later line puts a line break in a field.
    let v = one_error("bad,2019-06-10,rural-teachers,\"fu\nping\",,,people-trained,local,240,,");
    assert_at(&v, "L001", 3, None, Some("area"));
    assert_snapshot!(v, @r#"l.csv:3, column "area": error L001: the field holds a line break (an unbalanced quote?)"#);
}

#[test]
fn l001_too_long_and_empty_required_fields() {
    let long = "x".repeat(300);
    let v = one_error(&format!(
        "bad,2019-06-10,rural-teachers,fuping,,,people-trained,local,240,{long},"
    ));
    assert_at(&v, "L001", 3, None, Some("source"));
    assert_snapshot!(v, @r#"l.csv:3, column "source": error L001: the field is 300 bytes long, at most 256 are plausible"#);
    let v = one_error("bad,2019-06-10,,fuping,,,people-trained,local,240,,");
    assert_at(&v, "L001", 3, Some("entry bad"), Some("project"));
    assert_snapshot!(v, @r#"l.csv:3, entry bad, column "project": error L001: project is required but empty"#);
}

#[test]
fn l001_every_required_field_empty() {
    // The crate's table: L001 is "a required field empty", for each of them.
    let v = one_error(",2019-06-10,rural-teachers,fuping,,,people-trained,local,240,,");
    assert_at(&v, "L001", 3, None, Some("id"));
    assert_snapshot!(v, @r#"l.csv:3, column "id": error L001: id is required but empty"#);
    let v = one_error("bad,,rural-teachers,fuping,,,people-trained,local,240,,");
    assert_at(&v, "L001", 3, Some("entry bad"), Some("date"));
    assert_snapshot!(v, @r#"l.csv:3, entry bad, column "date": error L001: date is required but empty"#);
    let v = one_error("bad,2019-06-10,rural-teachers,,,,people-trained,local,240,,");
    assert_at(&v, "L001", 3, Some("entry bad"), Some("area"));
    let v = one_error("bad,2019-06-10,rural-teachers,fuping,,,,,240,,");
    assert_at(&v, "L001", 3, Some("entry bad"), Some("measure"));
    let v = one_error("bad,2019-06-10,rural-teachers,fuping,,,people-trained,local,,,");
    assert_at(&v, "L001", 3, Some("entry bad"), Some("value"));
    assert_snapshot!(v, @r#"l.csv:3, entry bad, column "value": error L001: value is required but empty"#);
}

#[test]
fn l002_invalid_codes() {
    let v = one_error("bad,2019-06-10,rural-teachers,fu ping,,,people-trained,local,240,,");
    assert_at(&v, "L002", 3, Some("entry bad"), Some("area"));
    assert_snapshot!(v, @r#"l.csv:3, entry bad, column "area": error L002: invalid code "fu ping": ' ' is not allowed (letters, digits, '-', '_', '.', ':', '/')"#);
    // An id is free text, but not a control character.
    let v = one_error("b\u{7}d,2019-06-10,rural-teachers,fuping,,,people-trained,local,240,,");
    assert_at(&v, "L002", 3, Some("entry b\u{7}d"), Some("id"));
}

#[test]
fn l003_non_iso_and_impossible_dates() {
    for (date, snap) in [
        ("2019.06.10", 0),
        ("10-06-2019", 1),
        ("2019-06-10 08:30", 2),
        ("2019-02-29", 3),
        ("2019-04-31", 4),
        ("2019-13-01", 5),
    ] {
        let v = one_error(&format!(
            "bad,{date},rural-teachers,fuping,,,people-trained,local,240,,"
        ));
        assert_at(&v, "L003", 3, Some("entry bad"), Some("date"));
        match snap {
            0 => {
                assert_snapshot!(v, @r#"l.csv:3, entry bad, column "date": error L003: date "2019.06.10": expected YYYY-MM-DD"#);
            }
            3 => {
                assert_snapshot!(v, @r#"l.csv:3, entry bad, column "date": error L003: date "2019-02-29": no such day in that month"#);
            }
            _ => assert!(v.message.contains(date), "{v}"),
        }
    }
}

#[test]
fn l004_values_that_are_not_plain_decimals() {
    for value in [
        "NaN",
        "inf",
        "1e3",
        "1E3",
        "1.2E+05",
        "2 40",
        "1,00",
        "1,0000",
        "+240",
        ".5",
        "5.",
        "--1",
        "0x10",
        "二百",
        "２４０",
    ] {
        let v = one_error(&format!(
            "bad,2019-05-20,principal-studios,fuping,,,funds,general,\"{value}\",,"
        ));
        assert_at(&v, "L004", 3, Some("entry bad"), Some("value"));
    }
    let v = one_error("bad,2019-05-20,principal-studios,fuping,,,funds,general,1e3,,");
    assert_snapshot!(v, @r#"l.csv:3, entry bad, column "value": error L004: value "1e3" is not a plain decimal number (unexpected character at byte 2; write digits with an optional leading '-' and '.')"#);
    let v = one_error("bad,2019-05-20,principal-studios,fuping,,,funds,general,NaN,,");
    assert_snapshot!(v, @r#"l.csv:3, entry bad, column "value": error L004: value "NaN" is not a plain decimal number (unexpected character at byte 1; write digits with an optional leading '-' and '.')"#);
}

#[test]
fn l005_too_many_fraction_digits() {
    let v = one_error("bad,2019-05-20,principal-studios,fuping,,,funds,general,1.234,,");
    assert_at(&v, "L005", 3, Some("entry bad"), Some("value"));
    assert_snapshot!(v, @r#"l.csv:3, entry bad, column "value": error L005: value "1.234" has 3 fraction digits, at most 2 allowed: funds is in yuan and fen"#);
    let v = one_error("bad,2019-06-10,rural-teachers,fuping,,,people-trained,local,1.5,,");
    assert_at(&v, "L005", 3, Some("entry bad"), Some("value"));
    assert_snapshot!(v, @r#"l.csv:3, entry bad, column "value": error L005: value "1.5" is not a whole number: people-trained counts persons"#);
    // In the file, even a zero fraction is a fraction digit on a count.
    let v = one_error("bad,2019-06-10,rural-teachers,fuping,,,people-trained,local,2.0,,");
    assert_at(&v, "L005", 3, Some("entry bad"), Some("value"));
}

#[test]
fn l006_values_too_large() {
    let v =
        one_error("bad,2019-05-20,principal-studios,fuping,,,funds,general,92233720368547758.08,,");
    assert_at(&v, "L006", 3, Some("entry bad"), Some("value"));
    assert_snapshot!(v, @r#"l.csv:3, entry bad, column "value": error L006: value "92233720368547758.08" is too large for an exact amount"#);
    let v = one_error(
        "bad,2019-06-10,rural-teachers,fuping,,,people-trained,local,99999999999999999999,,",
    );
    assert_at(&v, "L006", 3, Some("entry bad"), Some("value"));
    let csv = format!(
        "{HEADER}\nbig,2019-05-20,principal-studios,fuping,,,funds,general,92233720368547758.07,,\n"
    );
    assert!(load(&csv).violations.is_empty());
}

#[test]
fn counts_fit_up_to_the_largest_i64() {
    // Counts were read in hundredths, so anything above 9.2e16 was refused.
    let row = |id: &str, v: &str| {
        format!("{id},2019-06-10,rural-teachers,fuping,,,people-trained,local,{v},,")
    };
    let csv = format!(
        "{HEADER}\n{}\n{}\n{}\n",
        row("a", "92233720368547759"),
        row("b", "9223372036854775807"),
        row("c", "9223372036854775807"),
    );
    let loaded = load(&csv);
    assert!(loaded.violations.is_empty(), "{}", loaded.violations);
    let values: Vec<i64> = loaded.valid_rows().iter().map(|e| e.raw_value()).collect();
    assert_eq!(values, [92_233_720_368_547_759, i64::MAX, i64::MAX]);
    // Totals are exact beyond an i64.
    let q = eduaid::Query::by(&[]).unwrap();
    let r = eduaid::report(loaded.valid_rows(), &q).unwrap();
    assert_eq!(
        r.row(0).unwrap().value().to_string(),
        "18538977794078099373"
    );
    // Through `Ledger::push` (a Decimal) as well.
    let mut ledger = Ledger::new(registry_programme());
    let mut e = eduaid::NewEntry::new(
        eduaid::Code::new("d").unwrap(),
        eduaid::parse_date("2019-06-10").unwrap(),
        eduaid::Code::new("rural-teachers").unwrap(),
        eduaid::Code::new("fuping").unwrap(),
        eduaid::Code::new("people-trained").unwrap(),
        eduaid::Decimal::from(i64::MAX),
    );
    e.breakdown = Some(eduaid::Code::new("local").unwrap());
    assert!(ledger.push(&e).unwrap().is_empty());
    e.id = eduaid::Code::new("d2").unwrap();
    e.value = eduaid::Decimal::from(i64::MAX) + eduaid::Decimal::ONE;
    let err = ledger.push(&e).unwrap_err();
    assert!(
        err.violations()
            .unwrap()
            .contains(eduaid::Rule::ValueOverflow)
    );
    // The first count that does not fit.
    let v = one_error(&row("big", "9223372036854775808"));
    assert_at(&v, "L006", 3, Some("entry big"), Some("value"));
}

#[test]
fn l007_negative_without_corrects() {
    let v = one_error("bad,2019-05-20,principal-studios,fuping,,,funds,general,-0.01,,");
    assert_at(&v, "L007", 3, Some("entry bad"), Some("value"));
    assert_snapshot!(v, @r#"l.csv:3, entry bad, column "value": error L007: value -0.01 is negative, but the entry corrects nothing"#);
}

#[test]
fn l008_to_l013_unknown_codes() {
    let cases = [
        (
            "L008",
            "project",
            "bad,2019-05-20,principal-studio,fuping,,,funds,general,1,,",
        ),
        (
            "L009",
            "measure",
            "bad,2019-05-20,principal-studios,fuping,,,fund,,1,,",
        ),
        (
            "L010",
            "area",
            "bad,2019-05-20,principal-studios,tianjin,,,funds,general,1,,",
        ),
        (
            "L011",
            "school",
            "bad,2019-05-20,principal-studios,fuping,fp-9,,funds,general,1,,",
        ),
        (
            "L012",
            "pairing",
            "bad,2019-05-20,principal-studios,fuping,,s2s-99,funds,general,1,,",
        ),
        (
            "L013",
            "source",
            "bad,2019-05-20,principal-studios,fuping,,,funds,general,1,lottery,",
        ),
    ];
    let mut msgs = Vec::new();
    for (code, field, row) in cases {
        let v = one_error(row);
        assert_at(&v, code, 3, Some("entry bad"), Some(field));
        msgs.push(v.to_string());
    }
    assert_snapshot!(msgs.join("\n"), @r#"
        l.csv:3, entry bad, column "project": error L008: project "principal-studio" is not declared by the programme; did you mean "principal-studios"?
        l.csv:3, entry bad, column "measure": error L009: measure "fund" is not declared by the programme; did you mean "funds"?
        l.csv:3, entry bad, column "area": error L010: area "tianjin" is not declared by the programme
        l.csv:3, entry bad, column "school": error L011: school "fp-9" is not declared by the programme; did you mean "fp-1"?
        l.csv:3, entry bad, column "pairing": error L012: pairing "s2s-99" is not declared by the programme; did you mean "s2s-01"?
        l.csv:3, entry bad, column "source": error L013: source "lottery" is not declared by the programme
    "#);
}

#[test]
fn l014_breakdown_not_allowed() {
    let v = one_error("bad,2019-05-20,principal-studios,fuping,,,funds,local,1,,");
    assert_at(&v, "L014", 3, Some("entry bad"), Some("breakdown"));
    assert_snapshot!(v, @r#"l.csv:3, entry bad, column "breakdown": error L014: breakdown "local" is not allowed for measure funds (allowed: poor-village, poor-household, poor-pupil, deep-poverty-area, general)"#);
    let v = one_error("bad,2019-06-10,rural-teachers,fuping,,,training-sessions,local,1,,");
    assert_at(&v, "L014", 3, Some("entry bad"), Some("breakdown"));
    assert_snapshot!(v, @r#"l.csv:3, entry bad, column "breakdown": error L014: breakdown "local" is not allowed for measure training-sessions (allowed: none)"#);
}

#[test]
fn w001_missing_breakdown_keeps_the_row() {
    let csv = format!(
        "{HEADER}\n{GOOD_BEFORE}\nw,2019-05-20,principal-studios,fuping,,,funds,,1,,\n{GOOD_AFTER}\n"
    );
    let loaded = load(&csv);
    assert_eq!(ids(loaded.valid_rows()), ["ok-1", "w", "ok-2"]);
    assert!(loaded.is_valid());
    assert_eq!(loaded.violations.len(), 1);
    let v = &loaded.violations.as_slice()[0];
    assert_at(v, "W001", 3, Some("entry w"), Some("breakdown"));
    assert_snapshot!(v, @r#"l.csv:3, entry w, column "breakdown": warning W001: measure funds is broken down by poor-village, poor-household, poor-pupil, deep-poverty-area, general, but no breakdown is given"#);
}

#[test]
fn l015_school_not_in_area() {
    let v = one_error("bad,2019-05-20,principal-studios,laiyuan,fp-1,,funds,general,1,,");
    assert_at(&v, "L015", 3, Some("entry bad"), Some("school"));
    assert_snapshot!(v, @r#"l.csv:3, entry bad, column "school": error L015: school fp-1 is in area fuping, not in area laiyuan"#);
}

#[test]
fn l016_pairing_not_in_force() {
    let v = one_error("bad,2018-08-31,principal-studios,fuping,,s2s-01,funds,general,1,,");
    assert_at(&v, "L016", 3, Some("entry bad"), Some("pairing"));
    assert_snapshot!(v, @r#"l.csv:3, entry bad, column "pairing": error L016: pairing s2s-01 is in force from 2018-09-01 to 2020-08-31, not on 2018-08-31"#);
    let v = one_error("bad,2015-12-31,principal-studios,fuping,,dc-01,funds,general,1,,");
    assert_snapshot!(v, @r#"l.csv:3, entry bad, column "pairing": error L016: pairing dc-01 is in force from 2016-01-01 to open, not on 2015-12-31"#);
}

#[test]
fn l017_duplicate_ids() {
    let v = one_error("ok-1,2019-05-20,principal-studios,fuping,,,funds,general,1,,");
    assert_at(&v, "L017", 3, Some("entry ok-1"), Some("id"));
    assert_snapshot!(v, @r#"l.csv:3, entry ok-1, column "id": error L017: id "ok-1" is already used by entry number 1 of the ledger"#);
}

#[test]
fn l018_corrects_nowhere_or_a_later_entry() {
    let v = one_error("bad,2019-05-20,principal-studios,fuping,,,funds,general,-1,,nobody");
    assert_at(&v, "L018", 3, Some("entry bad"), Some("corrects"));
    assert_snapshot!(v, @r#"l.csv:3, entry bad, column "corrects": error L018: corrects "nobody", which is not an earlier entry of the ledger"#);
    // ok-2 comes after: not an earlier entry.
    let v = one_error("bad,2019-06-10,rural-teachers,fuping,,,people-trained,local,-1,,ok-2");
    assert_at(&v, "L018", 3, Some("entry bad"), Some("corrects"));
    // Nor does an entry correct itself.
    let v = one_error("bad,2019-06-10,rural-teachers,fuping,,,people-trained,local,-1,,bad");
    assert_at(&v, "L018", 3, Some("entry bad"), Some("corrects"));
}

#[test]
fn l019_correction_of_another_measure() {
    let v = one_error("bad,2019-05-21,principal-studios,fuping,,,activities,,-1,,ok-1");
    assert_at(&v, "L019", 3, Some("entry bad"), Some("measure"));
    assert_snapshot!(v, @r#"l.csv:3, entry bad, column "measure": error L019: measure activities differs from measure funds of the corrected entry ok-1"#);
}

#[test]
fn l020_correction_below_zero() {
    let v = one_error("bad,2019-05-21,principal-studios,fuping,,,funds,general,-1145000.01,,ok-1");
    assert_at(&v, "L020", 3, Some("entry bad"), Some("value"));
    assert_snapshot!(v, @r#"l.csv:3, entry bad, column "value": error L020: the correction brings entry ok-1's net value from 1145000.00 to -0.01, below zero"#);
    let csv = format!(
        "{HEADER}\n{GOOD_BEFORE}\nfix,2019-05-21,principal-studios,fuping,,,funds,general,-1145000.00,,ok-1\n"
    );
    let loaded = load(&csv);
    assert!(loaded.violations.is_empty(), "{:#?}", loaded.violations);
    assert_eq!(
        loaded
            .valid_rows()
            .find("fix")
            .unwrap()
            .corrects()
            .unwrap()
            .id(),
        "ok-1"
    );
}

#[test]
fn w004_correction_dated_before_original() {
    let csv = format!(
        "{HEADER}\n{GOOD_BEFORE}\nfix,2019-05-01,principal-studios,fuping,,,funds,general,-1,,ok-1\n"
    );
    let loaded = load(&csv);
    assert_eq!(ids(loaded.valid_rows()), ["ok-1", "fix"]);
    assert_eq!(loaded.violations.len(), 1);
    let v = &loaded.violations.as_slice()[0];
    assert_at(v, "W004", 3, Some("entry fix"), Some("date"));
    assert_snapshot!(v, @r#"l.csv:3, entry fix, column "date": warning W004: dated 2019-05-01, before the entry it corrects (2019-05-20)"#);
}

#[test]
fn blank_lines_and_many_bad_rows() {
    // Every bad row is reported, every good one kept, in file order.
    let csv = format!(
        "{HEADER}\n{GOOD_BEFORE}\n\
         a,2019-02-30,rural-teachers,fuping,,,people-trained,local,1,,\n\
         b,2019-06-10,rural-teachers,fuping,,,people-trained,local,1.5,,\n\
         g,2019-06-10,rural-teachers,fuping,,,people-trained,local,1,,\n\
         c,2019-06-10,rural-teachers,nowhere,,,people-trained,local,1,,\n\
         {GOOD_AFTER}\n"
    );
    let loaded = load(&csv);
    assert_eq!(ids(loaded.valid_rows()), ["ok-1", "g", "ok-2"]);
    assert_eq!(loaded.rows, 6);
    let got: Vec<(&str, u64)> = loaded
        .violations
        .iter()
        .map(|v| (v.rule.code(), v.location.line.unwrap()))
        .collect();
    assert_eq!(got, [("L003", 3), ("L005", 4), ("L010", 6)]);
}

#[test]
fn append_csv_keeps_ids_unique_across_files() {
    let mut ledger = Ledger::new(Arc::new(Programme::canonical()));
    let first = format!("{HEADER}\n{GOOD_BEFORE}\n");
    let (v, rows) = ledger.append_csv(first.as_bytes(), "a.csv").unwrap();
    assert!(v.is_empty() && rows == 1);
    let (v, rows) = ledger.append_csv(first.as_bytes(), "b.csv").unwrap();
    assert_eq!(rows, 1);
    assert_eq!(v.len(), 1);
    assert_eq!(v.as_slice()[0].rule.code(), "L017");
    assert_eq!(v.as_slice()[0].location.file.as_deref(), Some("b.csv"));
    assert_eq!(ledger.len(), 1);
}

#[test]
fn write_then_read_is_lossless() {
    let csv = format!(
        "{HEADER}\n{GOOD_BEFORE}\n{GOOD_AFTER}\nfix,2019-05-21,principal-studios,fuping,,,funds,general,-0.5,,ok-1\n"
    );
    let loaded = load(&csv);
    assert!(loaded.violations.is_empty());
    let mut out = Vec::new();
    loaded.valid_rows().write_csv(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_snapshot!(text, @r#"
        id,date,project,area,school,pairing,measure,breakdown,value,source,corrects
        ok-1,2019-05-20,principal-studios,fuping,fp-1,s2s-01,funds,general,1145000.00,paired-assistance,
        ok-2,2019-06-10,rural-teachers,fuping,,dc-01,people-trained,local,240,,
        fix,2019-05-21,principal-studios,fuping,,,funds,general,-0.50,,ok-1
    "#);
    let again = load(&text);
    assert!(again.violations.is_empty());
    let mut out2 = Vec::new();
    again.valid_rows().write_csv(&mut out2).unwrap();
    assert_eq!(text.as_bytes(), out2.as_slice());
}

#[test]
fn lines_are_physical_lines_across_crlf_and_quoted_line_breaks() {
    // Line 3 holds a quoted line break (refused, on its first line); the row
    // after it starts on line 5, and with CRLF line ends too.
    for nl in ["\n", "\r\n"] {
        let csv = [
            HEADER,
            GOOD_BEFORE,
            "q,2019-06-10,rural-teachers,\"fu",
            "ping\",,,people-trained,local,1,,",
            "bad,2019-06-10,rural-teachers,fuping,,,people-trained,local,1.5,,",
            GOOD_AFTER,
            "",
        ]
        .join(nl);
        let loaded = load(&csv);
        assert_eq!(ids(loaded.valid_rows()), ["ok-1", "ok-2"]);
        let got: Vec<(&str, u64)> = loaded
            .violations
            .iter()
            .map(|v| (v.rule.code(), v.location.line.unwrap()))
            .collect();
        assert_eq!(got, [("L001", 3), ("L005", 5)], "{nl:?}");
    }
}

#[test]
fn bom_with_columns_in_another_order() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(b"value,id,date,project,area,measure\r\n3,t-1,2019-06-10,rural-teachers,fuping,training-sessions\r\n");
    let loaded = load_bytes(&bytes);
    assert!(loaded.violations.is_empty(), "{:#?}", loaded.violations);
    assert_eq!(loaded.valid_rows().find("t-1").unwrap().raw_value(), 3);
    // A BOM is only skipped at the very start, not before a later column.
    let e = refused(b"id,\xEF\xBB\xBFdate,project,area,measure,value\n");
    assert!(matches!(e, Error::Csv { line: 1, .. }));
}

#[test]
fn blank_lines_are_skipped_with_lf_or_crlf() {
    for nl in ["\n", "\r\n"] {
        let csv = [
            HEADER,
            "",
            GOOD_BEFORE,
            "",
            "",
            "bad,2019-13-01,rural-teachers,fuping,,,people-trained,local,1,,",
            GOOD_AFTER,
            "",
        ]
        .join(nl);
        let loaded = load(&csv);
        assert_eq!(ids(loaded.valid_rows()), ["ok-1", "ok-2"], "{nl:?}");
        assert_eq!(loaded.rows, 3, "{nl:?}");
        assert_eq!(loaded.violations.len(), 1);
        assert_at(
            &loaded.violations.as_slice()[0],
            "L003",
            6,
            Some("entry bad"),
            Some("date"),
        );
    }
}

/// A reader that gives `ok` and then fails.
struct FailingReader {
    ok: std::io::Cursor<Vec<u8>>,
}

impl std::io::Read for FailingReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.ok.read(buf)? {
            0 => Err(std::io::Error::other("disk on fire")),
            n => Ok(n),
        }
    }
}

#[test]
fn io_errors_refuse_the_file() {
    let failing = FailingReader {
        ok: std::io::Cursor::new(format!("{HEADER}\n{GOOD_BEFORE}\n").into_bytes()),
    };
    let err = Ledger::read_csv(registry_programme(), failing, "l.csv").unwrap_err();
    assert!(matches!(err, Error::Csv { .. }), "{err:?}");
    assert!(err.to_string().contains("disk on fire"), "{err}");
    let missing = std::path::Path::new("/nonexistent/programme.json");
    let err = Programme::from_path(missing).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with("/nonexistent/programme.json: "),
        "{err}"
    );
}
