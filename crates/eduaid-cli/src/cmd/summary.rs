//! `eduaid summary`: a programme and its ledger at a glance; without a
//! ledger, the embedded Beijing-Baoding 2019 dataset.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use eduaid::{Ledger, Summary, SummaryOptions, dataset};

use crate::args::{PageFormat, ReadArgs, SummaryArgs};
use crate::fail::{Fail, library};
use crate::input::{
    close_log_path, load_programme, load_valid_ledger, read_ledger, refuse_invalid,
};
use crate::output::write_text;

/// Prints the summary in the language asked.
pub fn run(a: &SummaryArgs) -> Result<ExitCode, Fail> {
    let no_date = || {
        Fail::usage(anyhow::anyhow!(
            "the ledger has no entries: give the date with --as-of"
        ))
    };
    if let (Some(path), PageFormat::Text) = (&a.ledger, a.format) {
        if streams(path, &a.read)? {
            // Text needs only the summary: taken as the file is read.
            let programme = load_programme(a.program.as_deref())?;
            let options = SummaryOptions::default();
            let opts = a.read.options().keep_violations(1);
            let read = read_ledger(path, |input, name| {
                Summary::read_csv_with(programme, input, name, a.as_of, &options, &opts)
                    .map_err(library)
            })?;
            refuse_invalid(path, read.rows, read.entries, &read.violations)?;
            let s = read.report.ok_or_else(no_date)?;
            return write(a, s.render(a.lang.into()));
        }
    }
    let (ledger, default_date, options) = if a.ledger.is_none() && a.program.is_none() {
        (
            dataset::ledger(),
            Some(dataset::as_of()),
            dataset::summary_options(),
        )
    } else {
        let programme = load_programme(a.program.as_deref())?;
        let ledger = match &a.ledger {
            Some(path) => load_valid_ledger(path, programme, &a.read, None)?,
            None => Ledger::new(Arc::clone(&programme)),
        };
        let latest = ledger.iter().map(|e| e.date()).max();
        (ledger, latest, SummaryOptions::default())
    };
    let as_of = a.as_of.or(default_date).ok_or_else(no_date)?;
    let s = Summary::build(&ledger, as_of, &options).map_err(library)?;
    let text = match a.format {
        PageFormat::Text => s.render(a.lang.into()),
        PageFormat::Html => {
            eduaid_view::summary_page(&ledger, &s, a.lang.into()).map_err(Fail::data)?
        }
    };
    write(a, text)
}

/// Whether the ledger at `path` is summarised as it is read: a CSV without
/// a close log to check (a close log, a workbook and a directory of
/// Parquet files are loaded).
fn streams(path: &Path, read: &ReadArgs) -> Result<bool, Fail> {
    let sealed = close_log_path(path, None).is_some_and(|p| p.exists());
    Ok(!sealed && !crate::dataset::is_dataset(path) && !crate::workbook::is_workbook(path, read)?)
}

fn write(a: &SummaryArgs, mut text: String) -> Result<ExitCode, Fail> {
    if !text.ends_with('\n') {
        text.push('\n');
    }
    write_text(a.output.output.as_deref(), a.output.bom, &text)?;
    Ok(ExitCode::SUCCESS)
}
