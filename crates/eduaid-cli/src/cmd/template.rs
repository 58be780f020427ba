//! `eduaid template`: a ledger workbook to fill in.

use std::process::ExitCode;

use crate::args::TemplateArgs;
use crate::fail::{Fail, library};
use crate::input::load_programme;
use crate::workbook::save;

/// Writes the template of the programme (default: the canonical one).
pub fn run(a: &TemplateArgs) -> Result<ExitCode, Fail> {
    let programme = load_programme(a.program.as_deref())?;
    let bytes =
        eduaid_xlsx::template(&programme, &a.output.display().to_string()).map_err(library)?;
    save(&a.output, &bytes)?;
    Ok(ExitCode::SUCCESS)
}
