//! Workbooks: a ledger read from an `.xlsx` file, and the `--format xlsx`
//! form of `report`, `compliance`, `plan` and `validate` (the CSV forms'
//! column names, or Chinese headings with `--lang zh`; `completeness`
//! builds its sheets from its own rows with these helpers).

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::anyhow;
use eduaid::{Compliance, Lang, Loaded, Programme, Progress, Query, Report, Streamed, Violations};
use eduaid_xlsx::{Cell, Table, Workbook, heading, workbook_bytes};

use crate::args::ReadArgs;
use crate::fail::{Fail, library};
use crate::input::{display_name, read_all};
use crate::output::Sink;

/// Whether the ledger at `path` is read as a workbook: its name ends in
/// `.xlsx` (or `.xlsm`), or a sheet is named. An encoding is then a usage
/// error: a workbook has none to choose.
pub fn is_workbook(path: &Path, read: &ReadArgs) -> Result<bool, Fail> {
    let yes = read.sheet.is_some() || eduaid_xlsx::is_workbook(path);
    if yes && read.encoding.is_some() {
        return Err(Fail::usage(anyhow!(
            "{}: --encoding is for CSV files; a workbook is read as it is",
            display_name(path)
        )));
    }
    Ok(yes)
}

fn open(path: &Path) -> Result<Workbook<std::io::Cursor<Vec<u8>>>, Fail> {
    let bytes = read_all(path)?;
    Workbook::from_bytes(bytes, &display_name(path)).map_err(library)
}

/// Reads a workbook ledger (the sheet asked for, or the first).
pub fn load_ledger(
    path: &Path,
    read: &ReadArgs,
    programme: Arc<Programme>,
) -> Result<Loaded, Fail> {
    open(path)?
        .read_ledger_with(programme, read.sheet.as_deref(), &read.options())
        .map_err(library)
}

/// Totals a workbook ledger as it is read.
pub fn report(
    path: &Path,
    read: &ReadArgs,
    programme: Arc<Programme>,
    query: &Query,
) -> Result<Result<Streamed, eduaid::Error>, Fail> {
    // As for a CSV ledger: the first error is named, the rest counted.
    let opts = read.options().keep_violations(1);
    Ok(open(path)?.report_with(programme, read.sheet.as_deref(), query, &opts))
}

/// Writes `tables` as a workbook to `path` (atomically); a workbook needs a
/// file.
pub fn write(path: Option<&Path>, tables: &[Table]) -> Result<(), Fail> {
    let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
        return Err(Fail::usage(anyhow!(
            "--format xlsx writes a workbook: give it a file with --output FILE.xlsx"
        )));
    };
    let bytes = workbook_bytes(tables, &path.display().to_string()).map_err(library)?;
    save(path, &bytes)
}

/// Writes a workbook's bytes to `path`, atomically.
pub fn save(path: &Path, bytes: &[u8]) -> Result<(), Fail> {
    let mut sink = Sink::open(Some(path), false)?;
    sink.write_all(bytes)?;
    sink.finish()
}

/// The language of a workbook's headings: the CSV column names unless
/// `--lang zh` asks for Chinese.
pub fn heading_lang(lang: Option<crate::args::LangArg>) -> Lang {
    lang.map_or(Lang::En, Into::into)
}

/// The headings of columns `names` in `lang`.
pub fn headings(names: &[&str], lang: Lang) -> Vec<String> {
    names.iter().map(|n| heading(n, lang).to_owned()).collect()
}

fn text<T: ToString + ?Sized>(s: &T) -> Cell {
    let s = s.to_string();
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s)
    }
}

fn whole(n: impl TryInto<i64>) -> Cell {
    n.try_into().map_or(Cell::Empty, Cell::Whole)
}

/// A decimal as a number cell.
pub fn number(d: eduaid::Decimal) -> f64 {
    d.to_string().parse().unwrap_or(f64::NAN)
}

/// A report: its CSV columns, the value as money or a count.
pub fn report_table(r: &Report, lang: Lang) -> Table {
    let mut names: Vec<&str> = r.columns().iter().map(|d| d.name()).collect();
    names.extend(["value", "entries"]);
    let rows = r
        .rows()
        .map(|row| {
            let mut cells: Vec<Cell> = row
                .keys()
                .map(|k| match k {
                    eduaid::Key::Year(y) => whole(*y),
                    k => text(k),
                })
                .collect();
            cells.push(Cell::Total(row.value()));
            cells.push(whole(row.entries()));
            cells
        })
        .collect();
    Table {
        name: "report".into(),
        header: headings(&names, lang),
        rows,
    }
}

/// The compliance check: the CSV form's columns (the share a number shown
/// as a percentage, the result true or false).
pub fn compliance_table(c: &Compliance, lang: Lang) -> Table {
    // The library's columns, `passes` (a boolean) for `result` as in CSV.
    let header: Vec<String> = c
        .table()
        .header()
        .iter()
        .map(|h| {
            if h == "result" {
                "passes".to_owned()
            } else {
                h.clone()
            }
        })
        .collect();
    let by_area = header.iter().any(|h| h == "area");
    let names: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows = c
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![whole(r.year)];
            if by_area {
                cells.push(r.area.as_ref().map_or(Cell::Empty, text));
            }
            cells.extend([
                Cell::Total(r.targeted),
                Cell::Total(r.total),
                Cell::Share(number(r.share)),
                Cell::Bool(r.passes),
                Cell::Total(r.shortfall),
            ]);
            cells
        })
        .collect();
    Table {
        name: "compliance".into(),
        header: headings(&names, lang),
        rows,
    }
}

/// Plan versus actual: the CSV form's columns.
pub fn plan_table(p: &Progress, lang: Lang) -> Table {
    let header = p.table();
    let names: Vec<&str> = header.header().iter().map(String::as_str).collect();
    let rows = p
        .targets
        .iter()
        .map(|t| {
            vec![
                whole(t.target.year()),
                text(t.target.project()),
                t.target.area().map_or(Cell::Empty, text),
                text(t.target.measure()),
                t.target.breakdown().map_or(Cell::Empty, text),
                Cell::Total(t.planned),
                Cell::Total(t.actual),
                Cell::Total(t.remaining),
                t.percent.map_or(Cell::Empty, |x| Cell::Decimal(number(x))),
                Cell::Bool(t.on_pace),
            ]
        })
        .collect();
    Table {
        name: "plan".into(),
        header: headings(&names, lang),
        rows,
    }
}

/// The violations of `validate`: the fields of its JSON form.
pub fn violations_table(v: &Violations, file: &str, lang: Lang) -> Table {
    let names = [
        "code", "name", "severity", "file", "line", "entry", "column", "message",
    ];
    let rows = v
        .iter()
        .map(|x| {
            let loc = &x.location;
            let entry = loc
                .item
                .as_deref()
                .map(|i| i.strip_prefix("entry ").unwrap_or(i));
            vec![
                text(x.rule.code()),
                text(x.rule.slug()),
                text(&x.severity()),
                text(loc.file.as_deref().unwrap_or(file)),
                loc.line.map_or(Cell::Empty, whole),
                entry.map_or(Cell::Empty, text),
                loc.field.as_deref().map_or(Cell::Empty, text),
                text(&x.message),
            ]
        })
        .collect();
    Table {
        name: "violations".into(),
        header: headings(&names, lang),
        rows,
    }
}
