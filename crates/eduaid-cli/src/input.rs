//! Reading the inputs: a programme JSON and a ledger CSV from a file or
//! standard input (`-`), with a progress indicator on a terminal, or a
//! directory of Parquet files ([`crate::dataset`]).

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use anyhow::anyhow;
use chrono::NaiveDate;
use eduaid::{
    CloseLog, Ledger, Loaded, Programme, Query, ReadOptions, Report, Streamed, Violations,
    report_csv_with,
};

use crate::args::{LedgerArgs, ReadArgs};
use crate::fail::{Fail, library};

/// The name a path is reported under: `-` for standard input.
pub fn display_name(path: &Path) -> String {
    path.display().to_string()
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads the whole of a file (or standard input) as bytes.
pub fn read_all(path: &Path) -> Result<Vec<u8>, Fail> {
    let name = display_name(path);
    let mut buf = Vec::new();
    let res = if is_stdin(path) {
        io::stdin().lock().read_to_end(&mut buf)
    } else {
        File::open(path).and_then(|mut f| f.read_to_end(&mut buf))
    };
    res.map_err(|e| Fail::usage(anyhow!("{name}: cannot read: {e}")))?;
    Ok(buf)
}

/// Loads the programme from `path`, or a built-in one by name (`canonical`,
/// the default, or `bj-bd-2019`; the name wins over a file so named).
///
/// A malformed or invalid programme is a data error (status 1): its JSON
/// error or every violation is reported.
pub fn load_programme(path: Option<&Path>) -> Result<Arc<Programme>, Fail> {
    let Some(path) = path else {
        return Ok(Arc::new(Programme::canonical()));
    };
    match path.to_str() {
        Some("canonical") => return Ok(Arc::new(Programme::canonical())),
        Some("bj-bd-2019") => return Ok(Arc::new(eduaid::dataset::programme())),
        _ => {}
    }
    let name = display_name(path);
    let bytes = read_all(path)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Fail::data(anyhow!(
            "{name}: invalid UTF-8 at byte {} of the programme",
            e.utf8_error().valid_up_to() + 1
        ))
    })?;
    match Programme::from_json(&text, &name) {
        Ok(p) => Ok(Arc::new(p)),
        Err(eduaid::Error::Invalid(violations)) => {
            let lines: Vec<String> = violations
                .iter()
                .map(|v| crate::render::violation_line(v, &name))
                .collect();
            Err(Fail::data(anyhow!(
                "{name}: the programme is invalid ({} error(s)):\n{}",
                violations.error_count(),
                lines.join("\n")
            )))
        }
        Err(e) => Err(library(e)),
    }
}

/// A reader that counts bytes for a progress percentage (drawn on standard
/// error only when it is a terminal) and remembers an I/O error, so that a
/// file that cannot be read is told apart from one that is malformed.
struct Watch<R> {
    inner: R,
    read: u64,
    total: Option<u64>,
    shown: Option<u64>,
    draw: bool,
    name: String,
    error: Rc<RefCell<Option<io::Error>>>,
}

impl<R: Read> Read for Watch<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.inner.read(buf) {
            Ok(n) => {
                self.read += n as u64;
                self.tick();
                Ok(n)
            }
            Err(e) => {
                let copy = io::Error::new(e.kind(), e.to_string());
                *self.error.borrow_mut() = Some(e);
                Err(copy)
            }
        }
    }
}

impl<R> Watch<R> {
    fn tick(&mut self) {
        if !self.draw {
            return;
        }
        let Some(total) = self.total.filter(|t| *t > 0) else {
            return;
        };
        let pct = (self.read.min(total) * 100) / total;
        if self.shown != Some(pct) {
            self.shown = Some(pct);
            let _ = write!(io::stderr().lock(), "\rreading {}: {pct:>3}%", self.name);
        }
    }

    fn clear(&self) {
        if self.shown.is_some() {
            let _ = write!(io::stderr().lock(), "\r\x1b[2K");
        }
    }
}

/// Reads a ledger (file or `-`, a workbook's sheet, a directory of Parquet
/// files) against a programme as `read` says, and checks it against its
/// close log already read ([`load_close_log`]): by its fingerprints, or
/// with `audit` by its SHA-256 sums too ([`CloseLog::audit`]). Entries
/// added, removed or changed in a sealed month join the violations.
///
/// A missing or unreadable file is a usage error (status 2); a file that is
/// not a ledger (empty, bad header) is a data error (status 1).
pub fn load_ledger_with(
    path: &Path,
    programme: Arc<Programme>,
    read: &ReadArgs,
    log: Option<&CloseLog>,
    audit: bool,
) -> Result<Loaded, Fail> {
    let mut loaded = if crate::dataset::is_dataset(path) {
        crate::dataset::load(path, programme)?
    } else if crate::workbook::is_workbook(path, read)? {
        crate::workbook::load_ledger(path, read, programme)?
    } else {
        let mut opts = with_input_len(read.options(), path);
        // The check's sums are taken as the rows are read: the ledger is
        // not walked again. An audit's SHA-256 sums are taken after.
        if let Some(month) = log.and_then(CloseLog::sealed_through).filter(|_| !audit) {
            opts = opts.fingerprints_through(month);
        }
        read_ledger(path, |input, name| {
            Ledger::read_csv_with(programme, input, name, &opts).map_err(library)
        })?
    };
    if let Some(log) = log {
        let name = display_name(path);
        let found = if audit {
            log.audit(loaded.valid_rows(), &name)
        } else {
            log.check_loaded(&loaded, &name)
        };
        loaded.violations.extend(found);
    }
    Ok(loaded)
}

/// `opts` with the length of the file at `path`, if it is one: the read
/// then sizes its tables of ids once ([`ReadOptions::input_len`]).
fn with_input_len(opts: ReadOptions, path: &Path) -> ReadOptions {
    match std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_file)
    {
        Some(m) => opts.input_len(m.len()),
        None => opts,
    }
}

/// The close log of a ledger: `closes` if given, else `LEDGER.closes.jsonl`.
pub fn close_log_path(ledger: &Path, closes: Option<&Path>) -> Option<PathBuf> {
    match closes {
        Some(c) => Some(c.to_path_buf()),
        None if is_stdin(ledger) => None,
        None => {
            let mut name = ledger.as_os_str().to_owned();
            name.push(".closes.jsonl");
            Some(PathBuf::from(name))
        }
    }
}

/// Reads the close log of a ledger, checking its chain: `None` when none is
/// named and the default one is not there. A named log that is missing is a
/// usage error; one that cannot be trusted is a data error.
pub fn load_close_log(ledger: &Path, closes: Option<&Path>) -> Result<Option<CloseLog>, Fail> {
    let Some(path) = close_log_path(ledger, closes) else {
        return Ok(None);
    };
    if closes.is_none() && !path.exists() {
        return Ok(None);
    }
    CloseLog::from_path(&path).map(Some).map_err(library)
}

/// Reads a ledger (file or `-`) with `read`, which gets the input (with a
/// progress bar on a terminal) and the name to report it by. I/O errors are
/// usage errors, as in [`load_ledger_with`].
pub fn read_ledger<T>(
    path: &Path,
    read: impl FnOnce(&mut dyn Read, &str) -> Result<T, Fail>,
) -> Result<T, Fail> {
    let name = display_name(path);
    let error = Rc::new(RefCell::new(None));
    let watched = |inner: Box<dyn Read>, total: Option<u64>| {
        let mut w = Watch {
            inner,
            read: 0,
            total,
            shown: None,
            draw: io::stderr().is_terminal(),
            name: name.clone(),
            error: Rc::clone(&error),
        };
        let r = read(&mut w, &name);
        w.clear();
        r
    };
    let result = if is_stdin(path) {
        watched(Box::new(io::stdin().lock()), None)
    } else {
        let file =
            File::open(path).map_err(|e| Fail::usage(anyhow!("{name}: cannot read: {e}")))?;
        let total = file.metadata().ok().map(|m| m.len());
        watched(Box::new(file), total)
    };
    if let Some(e) = error.borrow_mut().take() {
        return Err(Fail::usage(anyhow!("{name}: cannot read: {e}")));
    }
    result
}

/// Reads a ledger, checked against its close log already read
/// ([`load_close_log`]), and refuses one with errors: a report over the
/// valid rows only would silently leave out money. Names the first error.
pub fn load_valid_ledger(
    path: &Path,
    programme: Arc<Programme>,
    read: &ReadArgs,
    log: Option<&CloseLog>,
) -> Result<Ledger, Fail> {
    let loaded = load_ledger_with(path, programme, read, log, false)?;
    refuse_invalid(
        path,
        loaded.rows,
        loaded.valid_rows().len() as u64,
        &loaded.violations,
    )?;
    // Checked just above: no row was refused.
    Ok(loaded.accept_valid_rows())
}

/// Totals a ledger's entries: while it is read, keeping no entry (a
/// directory of Parquet files file by file, a workbook's sheet, or a CSV,
/// whose close log is checked from the sums taken as it is read), unless a
/// close log is there to check against a workbook or Parquet files, which
/// are loaded whole. A ledger with an invalid row, or at odds with its
/// close log, is refused (see [`refuse_invalid`]); a query naming a code
/// the programme does not declare is a usage error.
pub fn total_ledger(
    input: &LedgerArgs,
    programme: &Arc<Programme>,
    q: &Query,
) -> Result<Report, Fail> {
    let (path, read, closes) = (&input.ledger, &input.read, input.closes.as_deref());
    total(path, read, closes, programme, q).map(|(report, _)| report)
}

/// Whether the ledger at `path` is a CSV (or standard input), which a
/// command takes as it is read ([`stream_csv`]); a directory of Parquet
/// files and a workbook are read otherwise.
pub fn is_csv(path: &Path, read: &ReadArgs) -> Result<bool, Fail> {
    Ok(!crate::dataset::is_dataset(path) && !crate::workbook::is_workbook(path, read)?)
}

/// Reads the CSV at `path` with `stream`, which gets the input, its name
/// and the options to read it with (`read`'s, keeping one violation of
/// each severity, and the sums of the months `log` seals); checks it
/// against its close log `log` from those sums, without the entries; and
/// refuses it, as [`load_valid_ledger`] does, when it has an invalid row or
/// is at odds with the log (see [`refuse_invalid`]).
pub fn stream_csv<T>(
    path: &Path,
    read: &ReadArgs,
    log: Option<&CloseLog>,
    stream: impl FnOnce(&mut dyn Read, &str, &ReadOptions) -> Result<Streamed<T>, Fail>,
) -> Result<Streamed<T>, Fail> {
    // `refuse_invalid` names the first error and counts the rest: a
    // ledger with a warning on every row keeps none of them in memory.
    let mut opts = with_input_len(read.options().keep_violations(1), path);
    if let Some(month) = log.and_then(CloseLog::sealed_through) {
        opts = opts.fingerprints_through(month);
    }
    let mut streamed = read_ledger(path, |input, name| stream(input, name, &opts))?;
    if let Some(log) = log {
        let found = log.check_sums(streamed.sealed.as_ref(), &display_name(path));
        streamed.violations.extend(found.map_err(library)?);
    }
    refuse_invalid(path, streamed.rows, streamed.entries, &streamed.violations)?;
    Ok(streamed)
}

/// [`total_ledger`] of a ledger path, with the date of its latest entry.
pub fn total(
    path: &Path,
    read: &ReadArgs,
    closes: Option<&Path>,
    programme: &Arc<Programme>,
    q: &Query,
) -> Result<(Report, Option<NaiveDate>), Fail> {
    let log = load_close_log(path, closes)?;
    if is_csv(path, read)? {
        let streamed = stream_csv(path, read, log.as_ref(), |input, name, opts| {
            report_csv_with(Arc::clone(programme), input, name, q, opts).map_err(filter_error)
        })?;
        return Ok((streamed.report, streamed.latest));
    }
    if log.is_some() {
        // A close log is checked against the whole ledger: load it.
        let ledger = load_valid_ledger(path, Arc::clone(programme), read, log.as_ref())?;
        let latest = ledger.iter().map(|e| e.date()).max();
        return Ok((eduaid::report(&ledger, q).map_err(filter_error)?, latest));
    }
    let streamed = if crate::dataset::is_dataset(path) {
        crate::dataset::report(path, programme, q)?
    } else {
        crate::workbook::report(path, read, Arc::clone(programme), q)?.map_err(filter_error)?
    };
    refuse_invalid(path, streamed.rows, streamed.entries, &streamed.violations)?;
    Ok((streamed.report, streamed.latest))
}

/// A filter naming a code the programme does not declare is a usage error.
fn filter_error(e: eduaid::Error) -> Fail {
    match e {
        // A grouping or a filter the command line asked for.
        eduaid::Error::InvalidValue { subject, .. } if subject.is_query() => Fail::usage(e),
        e => library(e),
    }
}

/// [`load_valid_ledger`] for a command's ledger arguments.
pub fn load_valid_input(input: &LedgerArgs, programme: Arc<Programme>) -> Result<Ledger, Fail> {
    let log = load_close_log(&input.ledger, input.closes.as_deref())?;
    load_valid_ledger(&input.ledger, programme, &input.read, log.as_ref())
}

/// A data error naming the first error, if the ledger at `path` has any:
/// `rows` read, `accepted` as entries.
pub fn refuse_invalid(
    path: &Path,
    rows: u64,
    accepted: u64,
    violations: &Violations,
) -> Result<(), Fail> {
    if violations.has_errors() {
        let name = display_name(path);
        let first = violations
            .iter()
            .find(|v| v.severity() == eduaid::Severity::Error)
            .map(|v| crate::render::violation_line(v, &name))
            .unwrap_or_default();
        let counts = crate::render::counts(rows, accepted, violations);
        return Err(Fail::data(anyhow!(
            "{name}: {counts}; the first error:\n{first}\n(`eduaid validate {name}` lists them all)"
        )));
    }
    Ok(())
}
