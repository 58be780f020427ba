//! `eduaid summary`: a programme and its ledger at a glance; without a
//! ledger, the embedded Beijing-Baoding 2019 dataset.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use eduaid::{Ledger, Programme, Summary, SummaryOptions, SummarySeries, dataset};

use crate::args::{PageFormat, SummaryArgs};
use crate::fail::{Fail, library};
use crate::input::{is_csv, load_close_log, load_programme, load_valid_ledger, stream_csv};
use crate::output::write_text;

/// Prints the summary in the language asked.
pub fn run(a: &SummaryArgs) -> Result<ExitCode, Fail> {
    let no_date = || {
        Fail::usage(anyhow::anyhow!(
            "the ledger has no entries: give the date with --as-of"
        ))
    };
    if let Some(path) = &a.ledger {
        if is_csv(path, &a.read)? {
            return streamed(a, path, no_date);
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
            Some(path) => {
                let log = load_close_log(path, None)?;
                load_valid_ledger(path, programme, &a.read, log.as_ref())?
            }
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
            let series = SummarySeries::build(&ledger, as_of, &options).map_err(library)?;
            page(ledger.programme(), &s, &series, a)?
        }
    };
    write(a, text)
}

/// The summary of the CSV at `path`, taken as the file is read (its close
/// log checked as it is read): the page's series too, in the same read.
fn streamed(a: &SummaryArgs, path: &Path, no_date: impl Fn() -> Fail) -> Result<ExitCode, Fail> {
    let programme = load_programme(a.program.as_deref())?;
    let log = load_close_log(path, None)?;
    let p = Arc::clone(&programme);
    let options = SummaryOptions::default();
    let html = a.format == PageFormat::Html;
    let read = stream_csv(path, &a.read, log.as_ref(), |input, name, opts| {
        Summary::read_csv_with(p, input, name, a.as_of, &options, opts, html).map_err(library)
    })?;
    let (s, series) = read.report.ok_or_else(no_date)?;
    let text = match &series {
        Some(series) => page(&programme, &s, series, a)?,
        None => s.render(a.lang.into()),
    };
    write(a, text)
}

/// The summary's page in the language asked.
fn page(
    programme: &Programme,
    s: &Summary,
    series: &SummarySeries,
    a: &SummaryArgs,
) -> Result<String, Fail> {
    eduaid_view::summary_page(programme, s, series, a.lang.into()).map_err(Fail::data)
}

fn write(a: &SummaryArgs, mut text: String) -> Result<ExitCode, Fail> {
    if !text.ends_with('\n') {
        text.push('\n');
    }
    write_text(a.output.output.as_deref(), a.output.bom, &text)?;
    Ok(ExitCode::SUCCESS)
}
