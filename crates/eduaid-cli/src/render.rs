//! Rendering: violation lines, aligned text tables (by display width, so a
//! Chinese character takes two columns), CSV and JSON.

use std::io::{self, Write};

use eduaid::{Compliance, Progress, Report, Severity, Violation, Violations};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

/// One violation as `FILE:LINE: CODE: entry ID, column "C": message`; the
/// parts the location lacks are left out, and `file` stands in for a
/// location without one.
pub fn violation_line(v: &Violation, file: &str) -> String {
    let loc = &v.location;
    let file = loc.file.as_deref().unwrap_or(file);
    let mut s = match loc.line {
        Some(line) => format!("{file}:{line}: {}: ", v.rule.code()),
        None => format!("{file}: {}: ", v.rule.code()),
    };
    let mut context = Vec::new();
    if let Some(item) = &loc.item {
        context.push(item.clone());
    }
    if let Some(field) = &loc.field {
        context.push(format!("column {field:?}"));
    }
    if !context.is_empty() {
        s.push_str(&context.join(", "));
        s.push_str(": ");
    }
    s.push_str(&v.message);
    s
}

/// The summary line of `validate`.
pub fn validation_summary(rows: u64, v: &Violations) -> String {
    format!(
        "{rows} entries, {} errors, {} warnings",
        v.error_count(),
        v.warning_count()
    )
}

/// One violation in the JSON form of `validate`.
#[derive(Serialize)]
struct JsonViolation<'a> {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    file: &'a str,
    line: Option<u64>,
    entry: Option<&'a str>,
    column: Option<&'a str>,
    message: &'a str,
}

/// The JSON form of `validate`: a stable object, fields in this order.
#[derive(Serialize)]
pub struct JsonValidation<'a> {
    entries: u64,
    errors: usize,
    warnings: usize,
    violations: Vec<JsonViolation<'a>>,
}

/// The JSON form of a validation: `entries`, `errors`, `warnings` and
/// `violations: [{code, name, severity, file, line, entry, column, message}]`.
pub fn validation_json<'a>(rows: u64, v: &'a Violations, file: &'a str) -> JsonValidation<'a> {
    let violations = v
        .iter()
        .map(|x| JsonViolation {
            code: x.rule.code(),
            name: x.rule.slug(),
            severity: x.severity(),
            file: x.location.file.as_deref().unwrap_or(file),
            line: x.location.line,
            entry: x
                .location
                .item
                .as_deref()
                .map(|i| i.strip_prefix("entry ").unwrap_or(i)),
            column: x.location.field.as_deref(),
            message: &x.message,
        })
        .collect();
    JsonValidation {
        entries: rows,
        errors: v.error_count(),
        warnings: v.warning_count(),
        violations,
    }
}

/// Column alignment in a table.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// Writes an aligned table: columns two spaces apart, padded by display
/// width, no trailing spaces.
pub fn write_table<W: Write>(
    w: &mut W,
    header: &[&str],
    align: &[Align],
    rows: &[Vec<String>],
) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for r in rows {
        for (wd, cell) in widths.iter_mut().zip(r) {
            *wd = (*wd).max(cell.width());
        }
    }
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    for r in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, cell) in r.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = widths[i].saturating_sub(cell.width());
            if align.get(i) == Some(&Align::Right) {
                line.extend(std::iter::repeat_n(' ', pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        writeln!(w, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Writes one CSV record (RFC 4180 quoting where needed).
pub fn write_csv_row<W: Write>(w: &mut W, cells: &[String]) -> io::Result<()> {
    let quoted: Vec<String> = cells
        .iter()
        .map(|c| {
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.clone()
            }
        })
        .collect();
    writeln!(w, "{}", quoted.join(","))
}

/// Writes JSON, pretty, with a final newline.
pub fn write_json<W: Write, T: serde::Serialize>(w: &mut W, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, value)?;
    writeln!(w)
}

/// A report as an aligned table: its CSV columns, numbers right-aligned.
pub fn report_table<W: Write>(w: &mut W, r: &Report) -> io::Result<()> {
    let mut header: Vec<&str> = r.columns().iter().map(|d| d.name()).collect();
    header.extend(["value", "entries"]);
    let mut align = vec![Align::Left; r.columns().len()];
    align.extend([Align::Right, Align::Right]);
    let rows: Vec<Vec<String>> = r
        .rows()
        .iter()
        .map(|row| {
            let mut cells: Vec<String> = row.keys().iter().map(ToString::to_string).collect();
            cells.push(row.value().to_string());
            cells.push(row.entries().to_string());
            cells
        })
        .collect();
    write_table(w, &header, &align, &rows)
}

/// A share (0.8123) as a percentage with 2 decimals (`81.23%`).
fn percent(share: eduaid::Decimal) -> String {
    format!("{:.2}%", share * eduaid::Decimal::ONE_HUNDRED)
}

/// The compliance rows: header and cells; for a machine, the share as a
/// decimal and the result as a boolean, for a person as `81.23%` and
/// `pass`/`FAIL`.
pub fn compliance_rows(
    c: &Compliance,
    by_area: bool,
    machine: bool,
) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let mut header = vec!["year"];
    if by_area {
        header.push("area");
    }
    header.extend([
        "targeted",
        "total",
        "share",
        if machine { "passes" } else { "result" },
        "shortfall",
    ]);
    let rows = c
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![r.year.to_string()];
            if by_area {
                cells.push(r.area.as_ref().map(ToString::to_string).unwrap_or_default());
            }
            cells.extend([
                r.targeted.to_string(),
                r.total.to_string(),
                if machine {
                    r.share.to_string()
                } else {
                    percent(r.share)
                },
                match (machine, r.passes) {
                    (true, p) => p.to_string(),
                    (false, true) => "pass".to_owned(),
                    (false, false) => "FAIL".to_owned(),
                },
                r.shortfall.to_string(),
            ]);
            cells
        })
        .collect();
    (header, rows)
}

/// The compliance check as a table, with the threshold and the verdict.
pub fn compliance_table<W: Write>(w: &mut W, c: &Compliance, by_area: bool) -> io::Result<()> {
    let (header, rows) = compliance_rows(c, by_area, false);
    let mut align = vec![Align::Left; usize::from(by_area) + 1];
    align.extend([
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Left,
        Align::Right,
    ]);
    write_table(w, &header, &align, &rows)?;
    let failed = c.failures().count();
    writeln!(
        w,
        "threshold {}: {}",
        percent(c.threshold),
        if failed == 0 {
            "every year passes".to_owned()
        } else {
            format!("{failed} of {} fail", c.rows.len())
        }
    )
}

/// The compliance check as CSV.
pub fn compliance_csv<W: Write>(w: &mut W, c: &Compliance, by_area: bool) -> io::Result<()> {
    let (header, rows) = compliance_rows(c, by_area, true);
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    write_csv_row(w, &header)?;
    for r in rows {
        write_csv_row(w, &r)?;
    }
    Ok(())
}

/// The plan's rows: header and cells.
pub fn plan_rows(p: &Progress) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let header = vec![
        "year",
        "project",
        "area",
        "measure",
        "breakdown",
        "planned",
        "actual",
        "remaining",
        "percent",
        "on_pace",
    ];
    let rows = p
        .targets
        .iter()
        .map(|t| {
            vec![
                t.target.year().to_string(),
                t.target.project().to_string(),
                t.target.area().map(ToString::to_string).unwrap_or_default(),
                t.target.measure().to_string(),
                t.target
                    .breakdown()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                t.planned.to_string(),
                t.actual.to_string(),
                t.remaining.to_string(),
                t.percent.map(|x| format!("{x:.2}")).unwrap_or_default(),
                t.on_pace.to_string(),
            ]
        })
        .collect();
    (header, rows)
}

/// Plan versus actual as a table, then the overdue milestones.
pub fn plan_table<W: Write>(w: &mut W, p: &Progress) -> io::Result<()> {
    let (header, rows) = plan_rows(p);
    let mut align = vec![Align::Left; 5];
    align.extend([Align::Right; 4]);
    align.push(Align::Left);
    writeln!(w, "plan versus actual as of {}", p.as_of)?;
    write_table(w, &header, &align, &rows)?;
    if p.overdue.is_empty() {
        writeln!(w, "no milestone overdue")?;
    } else {
        writeln!(w, "overdue milestones ({}):", p.overdue.len())?;
        let rows: Vec<Vec<String>> = p
            .overdue
            .iter()
            .map(|m| {
                vec![
                    m.code().to_string(),
                    m.project().to_string(),
                    m.due().to_string(),
                    m.owner().to_owned(),
                    m.title().zh().to_owned(),
                ]
            })
            .collect();
        write_table(
            w,
            &["milestone", "project", "due", "owner", "title"],
            &[Align::Left; 5],
            &rows,
        )?;
    }
    Ok(())
}

/// Plan versus actual as CSV (the targets; milestones are in the JSON form).
pub fn plan_csv<W: Write>(w: &mut W, p: &Progress) -> io::Result<()> {
    let (header, rows) = plan_rows(p);
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    write_csv_row(w, &header)?;
    for r in rows {
        write_csv_row(w, &r)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Align, write_table};

    #[test]
    fn tables_align_by_display_width() {
        let rows = vec![
            vec!["北京教育学院".to_owned(), "7".to_owned()],
            vec!["fuping".to_owned(), "1145000.00".to_owned()],
        ];
        let mut out = Vec::new();
        write_table(
            &mut out,
            &["owner", "value"],
            &[Align::Left, Align::Right],
            &rows,
        )
        .expect("writing to a Vec");
        // Six Chinese characters take twelve columns.
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "owner              value\n\
             北京教育学院           7\n\
             fuping        1145000.00\n"
        );
    }
}
