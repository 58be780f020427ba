//! `eduaid report`: grouped totals as a table, CSV or JSON.

use std::process::ExitCode;

use eduaid::{Query, report_csv_with};

use crate::args::{ReportArgs, TableFormat};
use crate::fail::{Fail, library};
use crate::input::{
    close_log_path, load_programme, load_valid_ledger, read_ledger, refuse_invalid,
};
use crate::output::Sink;
use crate::render;

/// Totals the ledger; status 1 if the ledger has invalid rows.
pub fn run(a: &ReportArgs) -> Result<ExitCode, Fail> {
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
    let closes = a.input.closes.as_deref();
    if close_log_path(&a.input.ledger, closes).is_some_and(|p| closes.is_some() || p.exists()) {
        // A close log is checked against the whole ledger: load it.
        let ledger = load_valid_ledger(&a.input.ledger, programme, &a.input.read, closes)?;
        let r = eduaid::report(&ledger, &q).map_err(filter_error)?;
        return write_report(a, &r);
    }
    // Totals are taken as the file is read: the entries are not kept.
    let opts = a.input.read.options();
    let streamed = read_ledger(&a.input.ledger, |input, name| {
        report_csv_with(programme, input, name, &q, &opts).map_err(filter_error)
    })?;
    refuse_invalid(
        &a.input.ledger,
        streamed.rows,
        streamed.entries,
        &streamed.violations,
    )?;
    write_report(a, &streamed.report)
}

fn write_report(a: &ReportArgs, r: &eduaid::Report) -> Result<ExitCode, Fail> {
    let mut out = Sink::open(a.output.output.as_deref(), a.output.bom)?;
    match a.format {
        TableFormat::Table => render::report_table(&mut out, r)?,
        TableFormat::Csv => r.write_csv(&mut out)?,
        TableFormat::Json => render::write_json(&mut out, r)?,
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// A filter naming a code the programme does not declare is a usage error.
fn filter_error(e: eduaid::Error) -> Fail {
    match e {
        eduaid::Error::InvalidValue { .. } => Fail::usage(e),
        e => library(e),
    }
}
