//! `eduaid plan`: plan versus actual and overdue milestones.

use std::process::ExitCode;

use anyhow::anyhow;
use eduaid::progress;

use crate::args::{PlanArgs, TableFormat};
use crate::fail::{Fail, library};
use crate::input::{display_name, load_programme, load_valid_ledger};
use crate::output::Sink;
use crate::render;

/// Prints the comparison; status 0 (being behind plan is news, not an error).
pub fn run(a: &PlanArgs) -> Result<ExitCode, Fail> {
    let programme = load_programme(Some(&a.program))?;
    let ledger = load_valid_ledger(&a.ledger, programme, &a.read, None)?;
    let as_of = match a.as_of {
        Some(d) => d,
        None => ledger.iter().map(|e| e.date()).max().ok_or_else(|| {
            Fail::usage(anyhow!(
                "{} has no entries: give the date with --as-of",
                display_name(&a.ledger)
            ))
        })?,
    };
    let p = progress(&ledger, as_of).map_err(library)?;
    let mut out = Sink::open(a.output.output.as_deref(), a.output.bom)?;
    match a.format {
        TableFormat::Table => render::plan_table(&mut out, &p)?,
        TableFormat::Csv => render::plan_csv(&mut out, &p)?,
        TableFormat::Json => render::write_json(&mut out, &p)?,
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
