//! `eduaid reopen`: unseal a statistics month (and every one after it), with
//! a reason, by appending a reopening record to the close log.

use std::io::Write;
use std::process::ExitCode;

use anyhow::anyhow;
use eduaid::CloseLog;

use crate::args::ReopenArgs;
use crate::cmd::close::{append_line, log_path, today};
use crate::fail::{Fail, library};
use crate::output::Sink;

/// Appends the record; status 1 if the month is not sealed.
pub fn run(a: &ReopenArgs) -> Result<ExitCode, Fail> {
    let path = log_path(a.ledger.as_deref(), a.closes.as_deref())?;
    if !path.exists() {
        return Err(Fail::data(anyhow!(
            "{}: no close log: no month is sealed",
            path.display()
        )));
    }
    let mut log = CloseLog::from_path(&path).map_err(library)?;
    let date = a.date.unwrap_or_else(today);
    let record = log
        .reopen(a.month, &a.by, &a.reason, date)
        .map_err(library)?;
    append_line(&path, &record.to_json_line())?;
    let mut out = Sink::open(None, false)?;
    match log.sealed_through() {
        Some(m) => writeln!(
            out,
            "reopened {} by {} on {date}: sealed through {m} now",
            a.month, a.by
        )?,
        None => writeln!(
            out,
            "reopened {} by {} on {date}: nothing is sealed now",
            a.month, a.by
        )?,
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
