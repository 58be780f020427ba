//! `eduaid report`: grouped totals as a table, CSV or JSON.

use std::process::ExitCode;

use std::io::Write;

use eduaid::{Lang, Query};
use eduaid_view::{Names, Page, locale};

use crate::args::{ReportArgs, TableFormat};
use crate::cmd::{lang_only_for, page_lang, page_title};
use crate::fail::Fail;
use crate::input::{load_programme, total_ledger};
use crate::output::Sink;
use crate::{render, tables, workbook};

/// Totals the ledger; status 1 if the ledger has errors (an invalid row, or
/// a sealed month changed since its close).
pub fn run(a: &ReportArgs) -> Result<ExitCode, Fail> {
    lang_only_for(
        a.lang,
        a.format.takes_lang(),
        "--format table, html or xlsx: CSV and JSON keep codes and plain numbers",
    )?;
    let mut q = Query::by(&a.by.0).map_err(Fail::usage)?;
    if let Some(cal) = a.cutoff {
        q = q.calendar(cal);
    }
    if let Some(d) = a.from {
        q = q.from(d);
    }
    if let Some(d) = a.to {
        q = q.to(d);
    }
    for c in &a.project {
        q = q.project(c.clone());
    }
    for c in &a.area {
        q = q.area(c.clone());
    }
    for c in &a.measure {
        q = q.measure(c.clone());
    }
    let programme = load_programme(a.input.program.as_deref())?;
    // Totals are taken as the file is read, unless a close log needs the
    // whole ledger checked.
    let r = total_ledger(&a.input, &programme, &q)?;
    let mut out = Sink::open(a.output.output.as_deref(), a.output.bom)?;
    let names = |lang| Names::new(&programme, lang);
    match (a.format, a.lang) {
        (TableFormat::Table, None) => render::report_table(&mut out, &r)?,
        (TableFormat::Table, Some(l)) => {
            tables::write(&mut out, &tables::report(&r, &names(l.into())))?;
        }
        (TableFormat::Csv, _) => r.write_csv(&mut out)?,
        (TableFormat::Json, _) => render::write_json(&mut out, &r)?,
        (TableFormat::Html, l) => {
            let lang = page_lang(l);
            let mut page = Page::new(&page_title(&programme, lang, "汇总报表", "report"), lang);
            let dims: Vec<&str> = r
                .columns()
                .iter()
                .map(|d| locale::dim_header(*d, lang))
                .collect();
            page.meta(&match lang {
                Lang::Zh => format!("分组：{}", dims.join("、")),
                Lang::En => format!("grouped by {}", dims.join(", ")),
            });
            page.table(&tables::report(&r, &names(lang)));
            out.write_all(page.finish().as_bytes())?;
        }
        (TableFormat::Xlsx, l) => {
            let t = workbook::report_table(&r, workbook::heading_lang(l));
            return workbook::write(a.output.output.as_deref(), &[t]).map(|()| ExitCode::SUCCESS);
        }
    }
    out.finish()?;
    // The process ends next: freeing a report of millions of rows one by
    // one would only keep it waiting (the system takes the memory back).
    std::mem::forget(r);
    Ok(ExitCode::SUCCESS)
}
