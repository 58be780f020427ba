//! `eduaid compliance`: the targeting rule per statistics year (and area).

use std::process::ExitCode;

use eduaid::compliance;

use crate::args::{ComplianceArgs, TableFormat};
use crate::fail::{Fail, library};
use crate::input::{load_programme, load_valid_input};
use crate::output::Sink;
use crate::render;

/// Status 0 when every year (and area) passes, 1 when one fails.
pub fn run(a: &ComplianceArgs) -> Result<ExitCode, Fail> {
    let programme = load_programme(a.input.program.as_deref())?;
    let ledger = load_valid_input(&a.input, programme)?;
    let opts = a.threshold.clone().by_area(a.by_area);
    let c = compliance(&ledger, &opts).map_err(library)?;
    let mut out = Sink::open(a.output.output.as_deref(), a.output.bom)?;
    match a.format {
        TableFormat::Table => render::compliance_table(&mut out, &c, a.by_area)?,
        TableFormat::Csv => render::compliance_csv(&mut out, &c, a.by_area)?,
        TableFormat::Json => render::write_json(&mut out, &c)?,
    }
    out.finish()?;
    Ok(if c.passes() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
