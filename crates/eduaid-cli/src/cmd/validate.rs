//! `eduaid validate`: every violation of a ledger, then a summary line.

use std::io::Write;
use std::process::ExitCode;

use crate::args::{TextFormat, ValidateArgs};
use crate::fail::Fail;
use crate::input::{display_name, load_ledger_closes, load_programme};
use crate::output::Sink;
use crate::render;

/// Status 0 when every row is valid (warnings allowed), 1 otherwise.
pub fn run(a: &ValidateArgs) -> Result<ExitCode, Fail> {
    let programme = load_programme(a.input.program.as_deref())?;
    let loaded = load_ledger_closes(&a.input.ledger, programme, a.input.closes.as_deref())?;
    let name = display_name(&a.input.ledger);
    let mut out = Sink::open(None, false)?;
    match a.format {
        TextFormat::Text => {
            for v in &loaded.violations {
                writeln!(out, "{}", render::violation_line(v, &name))?;
            }
            writeln!(
                out,
                "{}",
                render::validation_summary(loaded.rows, &loaded.violations)
            )?;
        }
        TextFormat::Json => {
            let json = render::validation_json(loaded.rows, &loaded.violations, &name);
            render::write_json(&mut out, &json)?;
        }
    }
    out.finish()?;
    Ok(if loaded.is_valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
