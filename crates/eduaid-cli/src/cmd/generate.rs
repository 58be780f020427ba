//! `eduaid generate`: a seeded synthetic ledger and its programme.

use std::process::ExitCode;

use anyhow::anyhow;
use eduaid::{
    Code, GenerateOptions, Measure, MeasureKind, Programme, ProgrammeKind, generate_programme,
    write_ledger_csv,
};

use crate::args::GenerateArgs;
use crate::fail::{Fail, library};
use crate::output::{Sink, write_text};

/// Writes the programme (when asked) and then the ledger.
pub fn run(a: &GenerateArgs) -> Result<ExitCode, Fail> {
    let mut opts = GenerateOptions::new(a.entries, a.seed);
    opts.years = a.years;
    opts.schools = a.schools;
    opts.areas = a.areas;
    opts.undeclared_per_mille = a.undeclared;
    opts.ids = a.ids.into();
    opts.corrections_per_mille = a.corrections;
    opts.reversals_per_mille = a.reversals;
    if a.canonical {
        opts.programme = ProgrammeKind::Canonical;
    }
    opts.recorded = a.recorded;
    // Out-of-range options are usage errors.
    let programme = generate_programme(&opts).map_err(Fail::usage)?;
    let programme = with_stocks(programme, &a.stock)?;
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

/// The programme with the measures named declared as stocks.
fn with_stocks(programme: Programme, stocks: &[Code]) -> Result<Programme, Fail> {
    if stocks.is_empty() {
        return Ok(programme);
    }
    let mut spec = programme.spec().clone();
    for code in stocks {
        let m = spec
            .measures
            .iter_mut()
            .find(|m| m.code() == code)
            .ok_or_else(|| {
                Fail::usage(anyhow!("--stock {code}: the programme has no such measure"))
            })?;
        *m = Measure::new(
            m.code().clone(),
            m.name().clone(),
            m.unit(),
            MeasureKind::Stock,
            m.breakdowns().to_vec(),
        )
        .map_err(Fail::usage)?;
    }
    Programme::new(spec).map_err(library)
}
