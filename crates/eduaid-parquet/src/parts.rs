//! The report of a dataset, each file totalled as one part and the partial
//! aggregates merged, as a cluster would: no machine holds the ledger.
//!
//! A file is a part of the ledger, not a ledger: a correction may lie in
//! another month's file than the entry it corrects. How each kind of entry
//! enters its file's [`Aggregate`] (see the crate docs for why this is
//! exactly the whole ledger's report):
//!
//! - a flow entry counts in its own group, correction or not, whatever it
//!   corrects; a flow correction is checked against a stand-in for its
//!   target (an entry like the correction, of its absolute value), placed
//!   before the file's entries and outside the part that is totalled;
//! - a stock snapshot (an original entry of a stock measure) counts with the
//!   value its corrections give it, wherever they lie: a first pass over the
//!   dataset's `corrects`, `kind` and `value` columns sums the corrections of
//!   each stock series' originals, following chains of corrections;
//! - a stock correction adds nothing of its own: it is counted in the
//!   snapshot it corrects.

use chrono::NaiveDate;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use eduaid::{Aggregate, Code, Ledger, MeasureKind, Programme, Query, Streamed, Violations};
use foldhash::HashMap;
use rayon::prelude::*;

use crate::error::Error;
use crate::ledger::{check_kind, located, push};
use crate::read::{Columns, Correction, Record, dataset_files, decimal, each_batch};

/// The report of a dataset written by [`export`](crate::export), as `query`
/// asks: each file totalled on its own ([`Aggregate::over`]) and the parts
/// merged ([`Aggregate::merge`]), in parallel. Equals the report of the
/// exported ledger (and [`eduaid::report_csv`] of its CSV).
///
/// Each file's entries are checked against `programme` as [`Ledger::push`]
/// checks them; violations name the file and its 1-based row. That ids are
/// unique across files and that corrections name an earlier entry in
/// another file are the export's guarantees, checked by
/// [`read_ledger`](crate::read_ledger), not here (no machine holds every id).
///
/// # Errors
///
/// As [`read_ledger`](crate::read_ledger), and [`Error::Ledger`] for a
/// query naming a code the programme does not declare.
///
/// ```
/// use std::sync::Arc;
/// use eduaid::{Dim, Ledger, Programme, Query, report};
/// use eduaid_parquet::{ExportOptions, export, report_dir};
/// let p = Arc::new(Programme::canonical());
/// // b, dated in July, corrects a June entry: two files, one correction between them.
/// let csv = "id,date,project,area,measure,breakdown,value,source,corrects\n\
///            a,2019-06-25,pupil-health,fuping,funds,poor-pupil,100.50,social-capital,\n\
///            b,2019-06-26,pupil-health,fuping,funds,poor-pupil,-100.50,social-capital,a\n";
/// let ledger = Ledger::read_csv(Arc::clone(&p), csv.as_bytes(), "l.csv")?.into_ledger()?;
/// let tmp = tempfile::tempdir()?;
/// export(&ledger, &tmp.path().join("l"), &ExportOptions::default())?;
/// let q = Query::by(&[Dim::Month])?;
/// let streamed = report_dir(&tmp.path().join("l"), &p, &q)?;
/// assert_eq!(streamed.report, report(&ledger, &q)?);
/// assert_eq!((streamed.rows, streamed.entries), (2, 2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn report_dir(
    dir: &Path,
    programme: &Arc<Programme>,
    query: &Query,
) -> Result<Streamed, Error> {
    let files = dataset_files(dir)?;
    let adjust = stock_corrections(&files)?;
    let parts: Vec<Part> = files
        .par_iter()
        .map(|f| part(f, programme, query, &adjust))
        .collect::<Result<_, _>>()?;
    let mut parts = parts.into_iter();
    let mut whole = parts.next().expect("a dataset has a file");
    for p in parts {
        whole.aggregate.merge(p.aggregate)?;
        whole.violations.extend(p.violations);
        whole.rows += p.rows;
        whole.entries += p.entries;
        whole.latest = whole.latest.max(p.latest);
    }
    Ok(Streamed {
        report: whole.aggregate.finish(),
        violations: whole.violations,
        rows: whole.rows,
        entries: whole.entries,
        latest: whole.latest,
        sealed: None,
    })
}

/// One file's share of the report.
struct Part {
    aggregate: Aggregate,
    violations: Violations,
    rows: u64,
    entries: u64,
    latest: Option<NaiveDate>,
}

/// For each original entry of a stock measure that has corrections, their
/// sum in hundredths, keyed by the original's id (the root of each chain
/// of corrections).
fn stock_corrections(files: &[PathBuf]) -> Result<HashMap<Box<str>, i128>, Error> {
    let per_file: Vec<Vec<Correction>> = files
        .par_iter()
        .map(|f| {
            let mut out = Vec::new();
            each_batch(f, Columns::Corrections, |b| {
                out.extend(
                    b.corrections()?
                        .into_iter()
                        .filter(|c| c.kind == MeasureKind::Stock),
                );
                Ok(())
            })?;
            Ok(out)
        })
        .collect::<Result<_, Error>>()?;
    let corrections: Vec<Correction> = per_file.into_iter().flatten().collect();
    let target: HashMap<&str, &str> = corrections.iter().map(|c| (&*c.id, &*c.corrects)).collect();
    let mut sums: HashMap<Box<str>, i128> = HashMap::default();
    for c in &corrections {
        // A correction names an earlier entry, so a chain ends within as
        // many steps as there are corrections.
        let mut root: &str = &c.corrects;
        for _ in 0..=corrections.len() {
            match target.get(root) {
                Some(t) => root = t,
                None => break,
            }
        }
        *sums.entry(root.into()).or_insert(0) += c.hundredths;
    }
    Ok(sums)
}

fn part(
    path: &Path,
    programme: &Arc<Programme>,
    query: &Query,
    adjust: &HashMap<Box<str>, i128>,
) -> Result<Part, Error> {
    let mut records: Vec<Record> = Vec::new();
    each_batch(path, Columns::All, |b| {
        records.extend(b.records()?);
        Ok(())
    })?;
    let mut ledger = Ledger::new(Arc::clone(programme));
    let mut violations = Violations::new();
    let ids: HashSet<&str> = records.iter().map(|r| r.entry.id.as_str()).collect();
    // Stand-ins for the targets of flow corrections, before the part.
    let mut stand_ins: HashMap<usize, Code> = HashMap::default();
    for (k, r) in records.iter().enumerate() {
        check_kind(programme, r, path)?;
        if r.kind == MeasureKind::Stock || r.entry.corrects.is_none() {
            continue;
        }
        let mut id = format!("{}:stand-in", r.entry.id);
        while ids.contains(id.as_str()) {
            id.push(':');
        }
        let id = Code::new(&id)?;
        let mut e = r.entry.clone();
        e.id = id.clone();
        e.corrects = None;
        e.value = decimal(r.hundredths.abs()).expect("the value itself is in range");
        violations.extend(located(push(&mut ledger, &e)?, path, r.row));
        stand_ins.insert(k, id);
    }
    let start = ledger.len();
    let (mut entries, mut latest) = (0, None);
    for (k, r) in records.iter().enumerate() {
        let found = match (r.kind, &r.entry.corrects) {
            // Counted in the snapshot it corrects.
            (MeasureKind::Stock, Some(_)) => {
                entries += 1;
                latest = latest.max(Some(r.entry.date));
                continue;
            }
            (MeasureKind::Stock, None) => match adjust.get(r.entry.id.as_str()) {
                Some(&sum) => {
                    let mut e = r.entry.clone();
                    e.value = decimal(r.hundredths + sum).ok_or_else(|| {
                        eduaid::Error::Overflow(format!(
                            "the corrected value of entry {} is beyond the exact decimal range",
                            r.entry.id
                        ))
                    })?;
                    push(&mut ledger, &e)?
                }
                None => push(&mut ledger, &r.entry)?,
            },
            (MeasureKind::Flow, Some(_)) => {
                let mut e = r.entry.clone();
                e.corrects = stand_ins.get(&k).cloned();
                push(&mut ledger, &e)?
            }
            (MeasureKind::Flow, None) => push(&mut ledger, &r.entry)?,
        };
        if !found.has_errors() {
            entries += 1;
            latest = latest.max(Some(r.entry.date));
        }
        violations.extend(located(found, path, r.row));
    }
    Ok(Part {
        aggregate: Aggregate::over(&ledger, query, start..ledger.len())?,
        violations,
        rows: records.len() as u64,
        entries,
        latest,
    })
}
