//! A dataset read back into one [`Ledger`], in ledger order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use eduaid::{Ledger, Loaded, Programme, Violations};
use parquet::arrow::arrow_reader::ParquetRecordBatchReader;

use crate::error::{Error, arrow};
use crate::read::{Batch, Columns, Record, dataset_files, open};

/// Reads every file of a dataset written by [`export`](crate::export) into
/// one ledger, entry by entry in ledger order (the `seq` column), each
/// checked against `programme` as [`Ledger::push`] checks it: the ledger
/// equals the one the exported CSV gave. Violations name the file and its
/// 1-based row.
///
/// Files are merged by `seq` a batch at a time, so memory holds the ledger
/// and one batch of each file.
///
/// # Errors
///
/// [`Error::Empty`] for a directory without Parquet files; [`Error::Io`] or
/// [`Error::Parquet`] for a file that cannot be read; [`Error::Layout`] for
/// a file of another layout, a repeated `seq`, or a measure whose `kind`
/// differs from the programme's.
///
/// ```
/// use std::sync::Arc;
/// use eduaid::{Ledger, Programme};
/// use eduaid_parquet::{ExportOptions, export, read_ledger};
/// let p = Arc::new(Programme::canonical());
/// let csv = "id,date,project,area,measure,breakdown,value,source,corrects\n\
///            a,2019-06-25,pupil-health,fuping,funds,poor-pupil,100.50,social-capital,\n\
///            b,2019-06-26,pupil-health,fuping,funds,poor-pupil,-0.50,social-capital,a\n";
/// let ledger = Ledger::read_csv(Arc::clone(&p), csv.as_bytes(), "l.csv")?.into_ledger()?;
/// let tmp = tempfile::tempdir()?;
/// export(&ledger, &tmp.path().join("l"), &ExportOptions::default())?;
/// let back = read_ledger(&tmp.path().join("l"), p)?;
/// assert!(back.violations.is_empty());
/// let b = back.valid_rows().find("b").unwrap();
/// assert_eq!((b.value().to_string(), b.corrects().unwrap().id()), ("-0.50".into(), "a"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_ledger(dir: &Path, programme: Arc<Programme>) -> Result<Loaded, Error> {
    let files = dataset_files(dir)?;
    let mut cursors: Vec<Cursor> = files
        .into_iter()
        .map(Cursor::open)
        .collect::<Result<_, _>>()?;
    let mut heap = BinaryHeap::new();
    for (k, c) in cursors.iter_mut().enumerate() {
        if let Some(seq) = c.peek()? {
            heap.push(Reverse((seq, k)));
        }
    }
    let mut ledger = Ledger::new(programme);
    let mut violations = Violations::new();
    let mut rows = 0;
    let mut last: Option<(u64, usize)> = None;
    while let Some(Reverse((seq, k))) = heap.pop() {
        let c = &mut cursors[k];
        let rec = c.take();
        if let Some((prev, pk)) = last.filter(|(prev, _)| *prev >= seq) {
            return Err(Error::Layout {
                path: c.path.clone(),
                reason: format!(
                    "row {}: seq {seq} is not after seq {prev} of {}",
                    rec.row,
                    cursors[pk].path.display()
                ),
            });
        }
        last = Some((seq, k));
        rows += 1;
        check_kind(ledger.programme(), &rec, &c.path)?;
        let found = push(&mut ledger, &rec.entry)?;
        violations.extend(located(found, &c.path, rec.row));
        if let Some(seq) = c.peek()? {
            heap.push(Reverse((seq, k)));
        }
    }
    Ok(Loaded::new(ledger, violations, rows))
}

/// Pushes an entry; its violations (warnings, or the errors that refused it)
/// either way.
pub(crate) fn push(ledger: &mut Ledger, e: &eduaid::NewEntry) -> Result<Violations, Error> {
    match ledger.push(e) {
        Ok(warnings) => Ok(warnings),
        Err(eduaid::Error::Invalid(v)) => Ok(v),
        Err(e) => Err(e.into()),
    }
}

/// Violations placed at a file's row.
pub(crate) fn located(mut v: Violations, path: &Path, row: u64) -> Violations {
    for (loc, _) in v.iter_mut() {
        loc.file = Some(path.display().to_string());
        loc.line = Some(row);
    }
    v
}

/// A file whose `kind` disagrees with the programme was written for
/// another programme: its totals would follow other rules.
pub(crate) fn check_kind(programme: &Programme, rec: &Record, path: &Path) -> Result<(), Error> {
    let m = &rec.entry.measure;
    match programme.measure(m.as_str()) {
        Some(measure) if measure.kind() != rec.kind => Err(Error::Layout {
            path: path.to_path_buf(),
            reason: format!(
                "row {}: measure {m} is a {} in the file but a {} in the programme",
                rec.row,
                crate::schema::kind_name(rec.kind),
                crate::schema::kind_name(measure.kind())
            ),
        }),
        _ => Ok(()),
    }
}

/// One file being merged: its reader and the records of its current batch.
struct Cursor {
    path: PathBuf,
    reader: ParquetRecordBatchReader,
    batch: std::iter::Peekable<std::vec::IntoIter<Record>>,
    rows_read: u64,
}

impl Cursor {
    fn open(path: PathBuf) -> Result<Cursor, Error> {
        let reader = open(&path, Columns::All)?;
        Ok(Cursor {
            path,
            reader,
            batch: Vec::new().into_iter().peekable(),
            rows_read: 0,
        })
    }

    /// The `seq` of the next record, reading the next batch when needed.
    fn peek(&mut self) -> Result<Option<u64>, Error> {
        while self.batch.peek().is_none() {
            let Some(b) = self.reader.next() else {
                return Ok(None);
            };
            let b = b.map_err(arrow(&self.path))?;
            let records = Batch::new(&self.path, &b, self.rows_read).records()?;
            self.rows_read += b.num_rows() as u64;
            self.batch = records.into_iter().peekable();
        }
        Ok(self.batch.peek().map(|r| r.seq))
    }

    fn take(&mut self) -> Record {
        self.batch.next().expect("peeked")
    }
}
