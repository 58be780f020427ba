//! `eduaid export`: a valid ledger as partitioned Parquet files.

use std::io::Write;
use std::process::ExitCode;

use eduaid_parquet::ExportOptions;

use crate::args::ExportArgs;
use crate::dataset;
use crate::fail::Fail;
use crate::input::{display_name, load_programme, load_valid_input};

/// Writes the directory; status 1 if the ledger has errors (an invalid row,
/// or a sealed month changed since its close; nothing is written then), 2
/// if the output exists or cannot be written.
pub fn run(a: &ExportArgs) -> Result<ExitCode, Fail> {
    let programme = load_programme(a.input.program.as_deref())?;
    let ledger = load_valid_input(&a.input, programme)?;
    let opts = ExportOptions {
        rows_per_group: a.row_group_rows as usize,
    };
    let written = eduaid_parquet::export(&ledger, &a.output, &opts).map_err(dataset::fail)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}: {} entries in {} file(s), {} bytes",
        display_name(&a.output),
        written.rows,
        written.files.len(),
        written.bytes
    )?;
    Ok(ExitCode::SUCCESS)
}
