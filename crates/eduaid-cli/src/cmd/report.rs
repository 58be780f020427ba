//! `eduaid report`: grouped totals as a table, CSV or JSON.

use std::process::ExitCode;

use eduaid::{Query, report_csv};

use crate::args::{ReportArgs, TableFormat};
use crate::fail::{Fail, library};
use crate::input::{load_programme, read_ledger, refuse_invalid};
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
    // Totals are taken as the file is read: the entries are not kept. A
    // directory of Parquet files is totalled file by file.
    let streamed = if crate::dataset::is_dataset(&a.input.ledger) {
        crate::dataset::report(&a.input.ledger, &programme, &q)?
    } else {
        read_ledger(&a.input.ledger, |input, name| {
            report_csv(programme, input, name, &q).map_err(|e| match e {
                // A filter naming a code the programme does not declare.
                eduaid::Error::InvalidValue { .. } => Fail::usage(e),
                e => library(e),
            })
        })?
    };
    refuse_invalid(&a.input.ledger, &streamed.violations)?;
    let r = streamed.report;
    let mut out = Sink::open(a.output.output.as_deref(), a.output.bom)?;
    match a.format {
        TableFormat::Table => render::report_table(&mut out, &r)?,
        TableFormat::Csv => r.write_csv(&mut out)?,
        TableFormat::Json => render::write_json(&mut out, &r)?,
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
