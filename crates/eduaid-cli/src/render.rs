//! Rendering: violation lines, CSV and JSON; aligned text tables are the
//! library's `Display` (by display width, so a Chinese character takes two
//! columns).

use std::io::{self, Write};

pub use eduaid::table::Align;
use eduaid::{Compliance, Progress, Report, Severity, Violation, Violations};
use serde::Serialize;

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

/// What reading a ledger gave, in the same words in every command: rows
/// read, entries accepted, rows refused, errors and warnings; then, when the
/// ledger's close log found any, the errors against it (a sealed month
/// changed refuses no row, so they are not among the rows' errors).
pub fn counts(rows: u64, accepted: u64, v: &Violations) -> String {
    let close_log = v.close_log_error_count();
    let against = match close_log {
        0 => String::new(),
        1 => "; 1 error against the close log".to_owned(),
        n => format!("; {n} errors against the close log"),
    };
    format!(
        "{rows} rows read, {accepted} entries accepted, {} rows refused ({} errors, {} warnings){against}",
        rows.saturating_sub(accepted),
        v.error_count() - close_log,
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
    rows: u64,
    accepted: u64,
    refused: u64,
    errors: usize,
    warnings: usize,
    /// Errors against the close log (not counted in `errors`, which are the
    /// rows'), when there are any.
    #[serde(skip_serializing_if = "is_zero")]
    close_log_errors: usize,
    violations: Vec<JsonViolation<'a>>,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The JSON form of a validation: `rows` read, entries `accepted`, rows
/// `refused`, `errors` (the rows'), `warnings`, `close_log_errors` (when
/// there are any: as the text's count line says them apart) and
/// `violations: [{code, name, severity, file, line, entry, column, message}]`.
pub fn validation_json<'a>(
    (rows, accepted): (u64, u64),
    v: &'a Violations,
    file: &'a str,
) -> JsonValidation<'a> {
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
        rows,
        accepted,
        refused: rows.saturating_sub(accepted),
        errors: v.error_count() - v.close_log_error_count(),
        warnings: v.warning_count(),
        close_log_errors: v.close_log_error_count(),
        violations,
    }
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

/// A report as an aligned table (the library's `Display`).
pub fn report_table<W: Write>(w: &mut W, r: &Report) -> io::Result<()> {
    write!(w, "{r}")
}

/// The compliance check as a table, with the threshold and the verdict
/// (the library's `Display`; the area column shows when checked by area).
pub fn compliance_table<W: Write>(w: &mut W, c: &Compliance) -> io::Result<()> {
    write!(w, "{c}")
}

/// The compliance check as CSV: the table's columns, for a machine: the
/// share as a decimal, and `passes` (a boolean) for `result`.
pub fn compliance_csv<W: Write>(w: &mut W, c: &Compliance) -> io::Result<()> {
    let t = c.table();
    let at = |name: &str| t.header().iter().position(|h| h == name);
    let (share, result) = (at("share"), at("result"));
    let mut header = t.header().to_vec();
    if let Some(i) = result {
        "passes".clone_into(&mut header[i]);
    }
    write_csv_row(w, &header)?;
    for (cells, r) in t.rows().iter().zip(&c.rows) {
        let mut cells = cells.clone();
        if let Some(i) = share {
            cells[i] = r.share.to_string();
        }
        if let Some(i) = result {
            cells[i] = r.passes.to_string();
        }
        write_csv_row(w, &cells)?;
    }
    Ok(())
}

/// Plan versus actual as a table, then the overdue milestones (the
/// library's `Display`).
pub fn plan_table<W: Write>(w: &mut W, p: &Progress) -> io::Result<()> {
    write!(w, "{p}")
}

/// Plan versus actual as CSV: the columns of the table (milestones are in
/// the JSON form).
pub fn plan_csv<W: Write>(w: &mut W, p: &Progress) -> io::Result<()> {
    let t = p.table();
    write_csv_row(w, t.header())?;
    for r in t.rows() {
        write_csv_row(w, r)?;
    }
    Ok(())
}

/// Rows as a table aligned by display width (the library's table).
pub fn write_table<W: Write, S: AsRef<str>>(
    w: &mut W,
    header: &[S],
    align: &[Align],
    rows: &[Vec<String>],
) -> io::Result<()> {
    let header: Vec<&str> = header.iter().map(AsRef::as_ref).collect();
    let mut t = eduaid::table::Table::new(&header, align);
    for r in rows {
        t.push(r.clone());
    }
    write!(w, "{t}")
}
