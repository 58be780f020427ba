//! `eduaid plan`: plan versus actual and overdue milestones.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::anyhow;
use eduaid::{MonthlyProgress, Programme, Progress, monthly_progress};
use eduaid_view::{Names, Page, chart};

use crate::args::{PlanArgs, TableFormat};
use crate::cmd::{lang_only_for, page_lang, page_title};
use crate::fail::{Fail, library};
use crate::input::{
    display_name, is_csv, load_close_log, load_programme, load_valid_ledger, stream_csv, total,
};
use crate::output::Sink;
use crate::{render, tables, workbook};

/// Prints the comparison; status 0 (being behind plan is news, not an error).
pub fn run(a: &PlanArgs) -> Result<ExitCode, Fail> {
    lang_only_for(
        a.lang,
        a.format.takes_lang(),
        "--format table, html or xlsx: CSV and JSON keep codes and plain numbers",
    )?;
    let programme = load_programme(Some(&a.program))?;
    let no_entries = || {
        Fail::usage(anyhow!(
            "{} has no entries: give the date with --as-of",
            display_name(&a.ledger)
        ))
    };
    // The page's charts need progress month by month; every other form is
    // taken from totals made as the file is read (see input::total), as
    // `report` does.
    let monthly = if a.format == TableFormat::Html {
        Some(monthly(a, &programme)?.ok_or_else(no_entries)?)
    } else {
        None
    };
    let p = if let Some(m) = &monthly {
        m.progress.clone()
    } else {
        let q = Progress::query(a.as_of);
        let (r, latest) = total(&a.ledger, &a.read, None, &programme, &q)?;
        let as_of = a.as_of.or(latest).ok_or_else(no_entries)?;
        Progress::from_report(&programme, &r, as_of).map_err(library)?
    };
    let mut out = Sink::open(a.output.output.as_deref(), a.output.bom)?;
    let programme = &programme;
    match (a.format, a.lang) {
        (TableFormat::Table, None) => render::plan_table(&mut out, &p)?,
        (TableFormat::Table, Some(l)) => {
            let names = Names::new(programme, l.into());
            writeln!(out, "{}", tables::plan_heading(&p, l.into()))?;
            tables::write(&mut out, &tables::plan(&p, &names))?;
            writeln!(out, "{}", tables::overdue_heading(&p, l.into()))?;
            if let Some(t) = tables::overdue(&p, &names) {
                tables::write(&mut out, &t)?;
            }
        }
        (TableFormat::Csv, _) => render::plan_csv(&mut out, &p)?,
        (TableFormat::Json, _) => render::write_json(&mut out, &p)?,
        (TableFormat::Html, l) => {
            let lang = page_lang(l);
            let names = Names::new(programme, lang);
            let mut page = Page::new(
                &page_title(programme, lang, "计划与实际", "plan and actual"),
                lang,
            );
            page.meta(&tables::plan_heading(&p, lang));
            page.table(&tables::plan(&p, &names));
            page.paragraph(&tables::overdue_heading(&p, lang));
            if let Some(t) = tables::overdue(&p, &names) {
                page.table(&t);
            }
            let monthly = monthly.as_ref().expect("taken for a page");
            for c in chart::plan(monthly, &names).map_err(Fail::data)? {
                page.chart(&c);
            }
            out.write_all(page.finish().as_bytes())?;
        }
        (TableFormat::Xlsx, l) => {
            let t = workbook::plan_table(&p, workbook::heading_lang(l));
            return workbook::write(a.output.output.as_deref(), &[t]).map(|()| ExitCode::SUCCESS);
        }
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// The plan's progress month by month, as of `--as-of` or the latest
/// entry (`None` without either): a CSV's taken as it is read (its
/// close log checked as it is read), any other ledger loaded.
fn monthly(a: &PlanArgs, programme: &Arc<Programme>) -> Result<Option<MonthlyProgress>, Fail> {
    let log = load_close_log(&a.ledger, None)?;
    if !is_csv(&a.ledger, &a.read)? {
        let ledger = load_valid_ledger(&a.ledger, Arc::clone(programme), &a.read, log.as_ref())?;
        let Some(as_of) = a.as_of.or_else(|| ledger.iter().map(|e| e.date()).max()) else {
            return Ok(None);
        };
        return monthly_progress(&ledger, as_of).map(Some).map_err(library);
    }
    let read = stream_csv(&a.ledger, &a.read, log.as_ref(), |input, name, opts| {
        MonthlyProgress::read_csv_with(Arc::clone(programme), input, name, a.as_of, opts)
            .map_err(library)
    })?;
    Ok(read.report)
}
