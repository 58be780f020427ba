//! `eduaid summary`: a programme and its ledger at a glance; without a
//! ledger, the embedded Beijing-Baoding 2019 dataset.

use std::process::ExitCode;
use std::sync::Arc;

use eduaid::{Ledger, Summary, SummaryOptions, dataset};

use crate::args::{PageFormat, SummaryArgs};
use crate::fail::{Fail, library};
use crate::input::{load_programme, load_valid_ledger};
use crate::output::write_text;

/// Prints the summary in the language asked.
pub fn run(a: &SummaryArgs) -> Result<ExitCode, Fail> {
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
    let Some(as_of) = a.as_of.or(default_date) else {
        return Err(Fail::usage(anyhow::anyhow!(
            "the ledger has no entries: give the date with --as-of"
        )));
    };
    let s = Summary::build(&ledger, as_of, &options).map_err(library)?;
    let mut text = match a.format {
        PageFormat::Text => s.render(a.lang.into()),
        PageFormat::Html => {
            eduaid_view::summary_page(&ledger, &s, a.lang.into()).map_err(Fail::data)?
        }
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    write_text(a.output.output.as_deref(), a.output.bom, &text)?;
    Ok(ExitCode::SUCCESS)
}
