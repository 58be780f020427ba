//! `eduaid completeness`: the returns the reporting duties call for, per
//! statistics month (and area or project), or one row per due return; as a
//! table, CSV, JSON, a page, or a workbook of both.

use std::io::Write;
use std::process::ExitCode;

use anyhow::anyhow;
use chrono::NaiveDate;
use eduaid::{
    Completeness, CompletenessBy, CompletenessRow, Decimal, DueReturn, Reporter, completeness,
};
use eduaid_xlsx::{Cell, Table};
use serde::Serialize;

use eduaid_view::{Page, chart};

use crate::args::{CompletenessArgs, CompletenessByArg, TableFormat};
use crate::cmd::{lang_only_for, page_lang, page_title};
use crate::fail::Fail;
use crate::input::{display_name, load_programme, load_valid_input};
use crate::output::Sink;
use crate::render::{self, Align};
use crate::{tables, workbook};

/// Status 0 when every due return is in, 1 when one is missing.
pub fn run(a: &CompletenessArgs) -> Result<ExitCode, Fail> {
    lang_only_for(
        a.lang,
        a.format.takes_lang(),
        "--format table, html or xlsx: CSV and JSON keep codes and plain numbers",
    )?;
    // In a workbook --lang names only the headings: any rows will do.
    let for_reader = match a.format {
        TableFormat::Html => true,
        TableFormat::Table => a.lang.is_some(),
        TableFormat::Csv | TableFormat::Json | TableFormat::Xlsx => false,
    };
    if for_reader && (a.by.is_some() || a.detail) {
        return Err(Fail::usage(anyhow!(
            "--format html and the table with --lang show the rates by month: leave out --by and --detail"
        )));
    }
    let programme = load_programme(a.input.program.as_deref())?;
    let name = display_name(&a.input.ledger);
    if programme.duties().is_empty() {
        return Err(Fail::usage(anyhow!(
            "the programme declares no reporting duties: give one that does with --program"
        )));
    }
    let ledger = load_valid_input(&a.input, programme)?;
    let as_of = match a.as_of {
        Some(d) => d,
        None => ledger
            .iter()
            .flat_map(|e| [Some(e.date()), e.recorded()])
            .flatten()
            .max()
            .ok_or_else(|| {
                Fail::usage(anyhow!("{name} has no entries: give the date with --as-of"))
            })?,
    };
    let by = a.by.map(|b| match b {
        CompletenessByArg::Area => CompletenessBy::Area,
        CompletenessByArg::Project => CompletenessBy::Project,
    });
    let c = completeness(&ledger, as_of, by);
    let group = a.by.map(|b| match b {
        CompletenessByArg::Area => "area",
        CompletenessByArg::Project => "project",
    });
    let status = if c.is_complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    if a.format == TableFormat::Xlsx {
        let tables = workbook_tables(&c, group, a.detail, workbook::heading_lang(a.lang));
        return workbook::write(a.output.output.as_deref(), &tables).map(|()| status);
    }
    let mut out = Sink::open(a.output.output.as_deref(), a.output.bom)?;
    match (a.format, a.detail) {
        (TableFormat::Table, false) if a.lang.is_some() => {
            let lang = page_lang(a.lang);
            tables::write(&mut out, &chart::completeness_table(&c, lang))?;
            writeln!(out, "{}", verdict(&c, lang))?;
        }
        (TableFormat::Html, _) => {
            let lang = page_lang(a.lang);
            let programme = ledger.programme();
            let title = page_title(
                programme,
                lang,
                "报送完整性与及时性",
                "completeness and timeliness",
            );
            let mut page = Page::new(&title, lang);
            page.meta(&verdict(&c, lang));
            page.chart(&chart::completeness(&c, lang).map_err(Fail::data)?);
            out.write_all(page.finish().as_bytes())?;
        }
        (TableFormat::Table, false) => summary_table(&mut out, &c, group)?,
        (TableFormat::Csv, false) => summary_csv(&mut out, &c, group)?,
        (TableFormat::Json, false) => render::write_json(&mut out, &json(&c, false))?,
        (TableFormat::Table, true) => detail_table(&mut out, &c)?,
        (TableFormat::Csv, true) => detail_csv(&mut out, &c)?,
        (TableFormat::Json, true) => render::write_json(&mut out, &json(&c, true))?,
        (TableFormat::Xlsx, _) => unreachable!("written above"),
    }
    out.finish()?;
    Ok(status)
}

/// The total's rates and missing returns, in the reader's language.
fn verdict(c: &Completeness, lang: eduaid::Lang) -> String {
    let pct = |x: Option<eduaid::Decimal>| x.map_or_else(|| "—".to_owned(), |d| format!("{d}%"));
    let (done, timely, missing) = (
        pct(c.total.completeness()),
        pct(c.total.timeliness()),
        c.total.missing,
    );
    match lang {
        eduaid::Lang::Zh => {
            format!(
                "截至{}：报送率{done}，及时率{timely}，未报{missing}份",
                c.as_of
            )
        }
        eduaid::Lang::En => format!(
            "as of {}: completeness {done}, timeliness {timely}, {missing} missing",
            c.as_of
        ),
    }
}

/// One cell of the summary or detail rows, typed: written as text (the
/// table, CSV and JSON) or as a workbook cell.
enum Field {
    /// A month, a code, a status, or nothing (empty text).
    Text(String),
    /// A count of returns.
    Count(u64),
    /// A rate in percent to one decimal; none when nothing is due.
    Rate(Option<Decimal>),
    /// A date, if there is one.
    Date(Option<NaiveDate>),
}

impl Field {
    /// The text of the table, CSV and JSON forms (empty for none).
    fn text(&self) -> String {
        match self {
            Field::Text(s) => s.clone(),
            Field::Count(n) => n.to_string(),
            Field::Rate(x) => x.map_or_else(String::new, |d| d.to_string()),
            Field::Date(d) => d.map_or_else(String::new, |d| d.to_string()),
        }
    }

    /// The workbook cell: counts as whole numbers, rates as numbers shown as
    /// percentages, dates as Excel dates.
    fn cell(&self) -> Cell {
        match self {
            Field::Text(s) if s.is_empty() => Cell::Empty,
            Field::Text(s) => Cell::Text(s.clone()),
            Field::Count(n) => i64::try_from(*n).map_or(Cell::Empty, Cell::Whole),
            Field::Rate(x) => x.map_or(Cell::Empty, |d| {
                Cell::Share(workbook::number(d / Decimal::ONE_HUNDRED))
            }),
            Field::Date(d) => d.map_or(Cell::Empty, Cell::Date),
        }
    }
}

/// The text of each field of a row.
fn texts(row: &[Field]) -> Vec<String> {
    row.iter().map(Field::text).collect()
}

/// The counts of one row, after its month (and group).
fn counts(r: &CompletenessRow) -> [Field; 8] {
    [
        Field::Count(r.due),
        Field::Count(r.received),
        Field::Count(r.on_time),
        Field::Count(r.late),
        Field::Count(r.unknown_time),
        Field::Count(r.missing),
        Field::Rate(r.completeness()),
        Field::Rate(r.timeliness()),
    ]
}

const COUNTS: [&str; 8] = [
    "due",
    "received",
    "on-time",
    "late",
    "unknown-time",
    "missing",
    "completeness",
    "timeliness",
];

fn summary_rows(c: &Completeness, group: Option<&str>) -> (Vec<String>, Vec<Vec<Field>>) {
    let mut header = vec!["month".to_owned()];
    header.extend(group.map(str::to_owned));
    header.extend(COUNTS.map(str::to_owned));
    let rows = c
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![Field::Text(
                r.month.map_or_else(String::new, |m| m.to_string()),
            )];
            if group.is_some() {
                cells.push(Field::Text(
                    r.group
                        .as_ref()
                        .map_or_else(String::new, ToString::to_string),
                ));
            }
            cells.extend(counts(r));
            cells
        })
        .collect();
    (header, rows)
}

/// The total over every month, labelled `label` in the month column.
fn total_row(c: &Completeness, group: Option<&str>, label: &str) -> Vec<Field> {
    let mut total = vec![Field::Text(label.to_owned())];
    if group.is_some() {
        total.push(Field::Text(String::new()));
    }
    total.extend(counts(&c.total));
    total
}

fn summary_table<W: Write>(
    w: &mut W,
    c: &Completeness,
    group: Option<&str>,
) -> std::io::Result<()> {
    let (header, rows) = summary_rows(c, group);
    let total = total_row(c, group, "total");
    let rows: Vec<Vec<String>> = rows.iter().chain([&total]).map(|r| texts(r)).collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut align = vec![Align::Left; 1 + usize::from(group.is_some())];
    align.extend([Align::Right; 8]);
    render::write_table(w, &header, &align, &rows)?;
    writeln!(
        w,
        "as of {}: completeness (报送率) {}%, timeliness (及时率) {}%, {} missing",
        c.as_of,
        Field::Rate(c.total.completeness()).text(),
        Field::Rate(c.total.timeliness()).text(),
        c.total.missing
    )
}

fn summary_csv<W: Write>(w: &mut W, c: &Completeness, group: Option<&str>) -> std::io::Result<()> {
    let (header, rows) = summary_rows(c, group);
    render::write_csv_row(w, &header)?;
    for r in &rows {
        render::write_csv_row(w, &texts(r))?;
    }
    Ok(())
}

/// A due return's cells: month, project, area, pairing, school, status, recorded.
fn detail_cells(r: &DueReturn) -> Vec<Field> {
    let unit = |want: fn(&Reporter) -> bool| {
        Field::Text(if want(&r.unit) {
            r.unit.code().to_string()
        } else {
            String::new()
        })
    };
    vec![
        Field::Text(r.month.to_string()),
        Field::Text(r.project.to_string()),
        unit(|u| matches!(u, Reporter::Area(_))),
        unit(|u| matches!(u, Reporter::Pairing(_))),
        unit(|u| matches!(u, Reporter::School(_))),
        Field::Text(r.status.as_str().to_owned()),
        Field::Date(r.recorded),
    ]
}

const DETAIL: [&str; 7] = [
    "month", "project", "area", "pairing", "school", "status", "recorded",
];

fn detail_table<W: Write>(w: &mut W, c: &Completeness) -> std::io::Result<()> {
    let rows: Vec<Vec<String>> = c.returns.iter().map(|r| texts(&detail_cells(r))).collect();
    render::write_table(w, &DETAIL, &[Align::Left; 7], &rows)
}

fn detail_csv<W: Write>(w: &mut W, c: &Completeness) -> std::io::Result<()> {
    render::write_csv_row(w, &DETAIL.map(str::to_owned))?;
    for r in &c.returns {
        render::write_csv_row(w, &texts(&detail_cells(r)))?;
    }
    Ok(())
}

/// The workbook: the summary sheet (the CSV form's columns, then the total
/// row), and with `detail` the sheet of due returns; headings in `lang`.
fn workbook_tables(
    c: &Completeness,
    group: Option<&str>,
    detail: bool,
    lang: eduaid::Lang,
) -> Vec<Table> {
    let cells = |row: &[Field]| row.iter().map(Field::cell).collect();
    let (header, rows) = summary_rows(c, group);
    let label = match lang {
        eduaid::Lang::Zh => "合计",
        eduaid::Lang::En => "total",
    };
    let total = total_row(c, group, label);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut tables = vec![Table {
        name: "completeness".into(),
        header: workbook::headings(&header, lang),
        rows: rows.iter().chain([&total]).map(|r| cells(r)).collect(),
    }];
    if detail {
        tables.push(Table {
            name: "returns".into(),
            header: workbook::headings(&DETAIL, lang),
            rows: c.returns.iter().map(|r| cells(&detail_cells(r))).collect(),
        });
    }
    tables
}

/// The JSON form: `as_of`, `complete`, `total`, `rows`, and with `--detail`
/// `returns` (objects with the detail CSV's columns, absent ones null).
#[derive(Serialize)]
struct Json<'a> {
    as_of: chrono::NaiveDate,
    complete: bool,
    total: JsonRow<'a>,
    rows: Vec<JsonRow<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    returns: Option<Vec<serde_json::Map<String, serde_json::Value>>>,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    #[serde(flatten)]
    row: &'a CompletenessRow,
    completeness: Option<String>,
    timeliness: Option<String>,
}

fn json_row(r: &CompletenessRow) -> JsonRow<'_> {
    JsonRow {
        row: r,
        completeness: r.completeness().map(|d| d.to_string()),
        timeliness: r.timeliness().map(|d| d.to_string()),
    }
}

fn json(c: &Completeness, detail: bool) -> Json<'_> {
    let returns = detail.then(|| {
        c.returns
            .iter()
            .map(|r| {
                DETAIL
                    .iter()
                    .zip(texts(&detail_cells(r)))
                    .map(|(k, v)| {
                        let v = if v.is_empty() {
                            serde_json::Value::Null
                        } else {
                            serde_json::Value::String(v)
                        };
                        ((*k).to_owned(), v)
                    })
                    .collect()
            })
            .collect()
    });
    Json {
        as_of: c.as_of,
        complete: c.is_complete(),
        total: json_row(&c.total),
        rows: c.rows.iter().map(json_row).collect(),
        returns,
    }
}
