//! `eduaid generate`: a seeded synthetic ledger and its programme.

use std::process::ExitCode;

use eduaid::{GenerateOptions, generate_programme, write_ledger_csv};

use crate::args::GenerateArgs;
use crate::fail::{Fail, library};
use crate::output::{Sink, write_text};

/// Writes the programme (when asked) and then the ledger.
pub fn run(a: &GenerateArgs) -> Result<ExitCode, Fail> {
    let mut opts = GenerateOptions::new(a.entries, a.seed);
    opts.years = a.years;
    opts.schools = a.schools;
    opts.recorded = a.recorded;
    // Out-of-range options are usage errors.
    let programme = generate_programme(&opts).map_err(Fail::usage)?;
    if let Some(path) = &a.program_output {
        let mut json = programme.to_json();
        if !json.ends_with('\n') {
            json.push('\n');
        }
        write_text(Some(path), false, &json)?;
    }
    let mut out = Sink::open(a.output.as_deref(), false)?;
    write_ledger_csv(&programme, &opts, &mut out).map_err(library)?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
