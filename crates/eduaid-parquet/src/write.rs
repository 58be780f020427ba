//! Writing a ledger as a directory of Parquet files, one per statistics
//! month (`year=2019/month=06/part-0.parquet`), built in a temporary
//! directory beside the target and renamed into place when complete.

use std::collections::BTreeMap;
use std::fs;
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, Date32Array, Decimal128Array, DictionaryArray, Int32Array, Int64Array, RecordBatch,
    StringArray,
};
use chrono::NaiveDate;
use eduaid::{Code, Entry, Ledger, MeasureKind, StatMonth};
use foldhash::HashMap;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, Encoding};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;
use rayon::prelude::*;

use crate::error::{Error, arrow, io, pq};
use crate::schema::{VALUE_PRECISION, VALUE_SCALE, col, hundredths_per_unit, kind_name, schema};

/// How to write: rows per row group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExportOptions {
    /// Rows per row group (at least 1). Engines read a row group as one
    /// task; the default, 2^20, is what Spark and `DuckDB` are tuned for.
    pub rows_per_group: usize,
}

impl Default for ExportOptions {
    fn default() -> ExportOptions {
        ExportOptions {
            rows_per_group: 1 << 20,
        }
    }
}

/// What [`export`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    /// The files, relative to the output directory, in partition order.
    pub files: Vec<PathBuf>,
    /// Rows written (the ledger's entries).
    pub rows: u64,
    /// Bytes written, all files together.
    pub bytes: u64,
}

/// Writes every entry of `ledger` to a new directory `dir`, one Parquet file
/// per statistics month of the ledger's programme, Hive-style
/// (`year=2019/month=06/part-0.parquet`), Snappy-compressed, in row groups of
/// [`ExportOptions::rows_per_group`] rows. Within a file, rows keep ledger
/// order; `seq` numbers them across files.
///
/// A [`Ledger`] holds only valid entries, so a ledger read with errors must
/// be refused by the caller before (its invalid rows are not in it).
///
/// Files are written in a temporary directory beside `dir`, renamed to `dir`
/// only when all are complete: a failure leaves no partial output.
///
/// # Errors
///
/// [`Error::OutputExists`] when `dir` exists; [`Error::Io`],
/// [`Error::Parquet`] or [`Error::Arrow`] when writing fails.
///
/// ```
/// use std::sync::Arc;
/// use eduaid::{Ledger, Programme};
/// use eduaid_parquet::{ExportOptions, export};
/// let csv = "id,date,project,area,measure,breakdown,value,source\n\
///            a,2019-06-25,pupil-health,fuping,funds,poor-pupil,100.50,social-capital\n\
///            b,2019-06-26,pupil-health,fuping,funds,general,20,social-capital\n";
/// let ledger = Ledger::read_csv(Arc::new(Programme::canonical()), csv.as_bytes(), "l.csv")?.into_ledger()?;
/// let tmp = tempfile::tempdir()?;
/// let out = tmp.path().join("ledger");
/// let written = export(&ledger, &out, &ExportOptions::default())?;
/// assert_eq!(written.rows, 2);
/// // 25 June closes June; 26 June is in July.
/// assert_eq!(written.files, [
///     std::path::PathBuf::from("year=2019/month=06/part-0.parquet"),
///     std::path::PathBuf::from("year=2019/month=07/part-0.parquet"),
/// ]);
/// assert!(export(&ledger, &out, &ExportOptions::default()).is_err()); // exists
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn export(ledger: &Ledger, dir: &Path, opts: &ExportOptions) -> Result<Exported, Error> {
    if fs::symlink_metadata(dir).is_ok() {
        return Err(Error::OutputExists(dir.to_path_buf()));
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".eduaid-export-")
        .tempdir_in(parent)
        .map_err(io(parent))?;
    let props = properties(ledger, opts.rows_per_group.max(1));
    let parts = partitions(ledger);
    let written: Vec<(PathBuf, u64)> = parts
        .par_iter()
        .map(|(month, rows)| {
            let rel = partition_path(*month);
            let path = tmp.path().join(&rel);
            write_file(
                ledger,
                rows,
                *month,
                &path,
                &props,
                opts.rows_per_group.max(1),
            )?;
            let bytes = fs::metadata(&path).map_err(io(&path))?.len();
            Ok((rel, bytes))
        })
        .collect::<Result<_, Error>>()?;
    fs::rename(tmp.path(), dir).map_err(io(dir))?;
    Ok(Exported {
        bytes: written.iter().map(|w| w.1).sum(),
        files: written.into_iter().map(|w| w.0).collect(),
        rows: ledger.len() as u64,
    })
}

/// `year=2019/month=06/part-0.parquet`.
#[must_use]
pub fn partition_path(month: StatMonth) -> PathBuf {
    PathBuf::from(format!(
        "year={}/month={:02}/part-0.parquet",
        month.year(),
        month.month()
    ))
}

fn properties(ledger: &Ledger, rows_per_group: usize) -> WriterProperties {
    let p = ledger.programme();
    let meta = vec![
        KeyValue::new("eduaid.format".into(), "1".to_string()),
        KeyValue::new("eduaid.programme".into(), p.code().as_str().to_string()),
        KeyValue::new("eduaid.cutoff".into(), p.calendar().cutoff().to_string()),
    ];
    WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(rows_per_group))
        .set_key_value_metadata(Some(meta))
        // Unique or nearly so: a dictionary would only be abandoned.
        .set_column_dictionary_enabled(ColumnPath::from(col::SEQ), false)
        .set_column_encoding(ColumnPath::from(col::SEQ), Encoding::DELTA_BINARY_PACKED)
        .set_column_dictionary_enabled(ColumnPath::from(col::ID), false)
        .set_column_encoding(ColumnPath::from(col::ID), Encoding::DELTA_BYTE_ARRAY)
        .set_column_dictionary_enabled(ColumnPath::from(col::CORRECTS), false)
        .build()
}

/// The entries of each statistics month, in ledger order.
fn partitions(ledger: &Ledger) -> Vec<(StatMonth, Vec<u32>)> {
    let cal = ledger.programme().calendar();
    let mut by: BTreeMap<i32, Vec<u32>> = BTreeMap::new();
    let mut last: Option<(NaiveDate, i32)> = None;
    for e in ledger.iter() {
        let d = e.date();
        let o = match last {
            Some((ld, o)) if ld == d => o,
            _ => {
                let o = cal.month_of(d).ordinal();
                last = Some((d, o));
                o
            }
        };
        by.entry(o).or_default().push(e.index() as u32);
    }
    by.into_iter()
        .map(|(o, rows)| (StatMonth::from_ordinal(o), rows))
        .collect()
}

fn write_file(
    ledger: &Ledger,
    rows: &[u32],
    month: StatMonth,
    path: &Path,
    props: &WriterProperties,
    per_group: usize,
) -> Result<(), Error> {
    let dir = path.parent().expect("a partition path has a parent");
    fs::create_dir_all(dir).map_err(io(dir))?;
    let file = fs::File::create(path).map_err(io(path))?;
    let mut w = ArrowWriter::try_new(file, schema(), Some(props.clone())).map_err(pq(path))?;
    for chunk in rows.chunks(per_group) {
        let entries: Vec<Entry<'_>> = chunk
            .iter()
            .map(|&i| ledger.get(i as usize).expect("an index of the ledger"))
            .collect();
        let batch = batch(ledger, &entries, month).map_err(arrow(path))?;
        w.write(&batch).map_err(pq(path))?;
    }
    w.close().map_err(pq(path))?;
    Ok(())
}

/// One record batch of entries of one statistics month.
fn batch(
    ledger: &Ledger,
    entries: &[Entry<'_>],
    month: StatMonth,
) -> Result<RecordBatch, arrow_schema::ArrowError> {
    let n = entries.len();
    let p = ledger.programme();
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid");
    let seq: Int64Array = entries
        .iter()
        .map(|e| i64::try_from(e.index()).expect("fewer than 2^63 entries"))
        .collect();
    let mut id = StringBuilder::with_capacity(n, n * 12);
    for e in entries {
        id.append_value(e.id());
    }
    #[allow(clippy::cast_possible_truncation)] // days of years 1 to 9999
    let date = Date32Array::from(
        entries
            .iter()
            .map(|e| (e.date() - epoch).num_days() as i32)
            .collect::<Vec<i32>>(),
    );
    let month_text = month.to_string();
    let month_col = dict(entries.iter().map(|_| Some((0u8, month_text.as_str()))))?;
    // The kind of each measure, by its interned code's address (one look-up
    // by text per measure, not per entry).
    let mut kinds: HashMap<usize, MeasureKind> = HashMap::default();
    let mut kind_of = |e: &Entry<'_>| {
        let m = e.measure();
        *kinds.entry(code(m).0).or_insert_with(|| {
            p.measure(m.as_str())
                .map_or(MeasureKind::Flow, eduaid::Measure::kind)
        })
    };
    let value: Decimal128Array = entries
        .iter()
        .map(|e| i128::from(e.raw_value()) * hundredths_per_unit(e.unit()))
        .collect::<Decimal128Array>()
        .with_precision_and_scale(VALUE_PRECISION, VALUE_SCALE)?;
    let mut corrects = StringBuilder::with_capacity(n, 0);
    for e in entries {
        corrects.append_option(e.corrects().map(|t| t.id()));
    }
    #[allow(clippy::cast_possible_truncation)] // as `date`
    let recorded: Date32Array = entries
        .iter()
        .map(|e| e.recorded().map(|d| (d - epoch).num_days() as i32))
        .collect();
    let columns: Vec<ArrayRef> = vec![
        Arc::new(seq),
        Arc::new(id.finish()),
        Arc::new(date),
        month_col,
        dict(entries.iter().map(|e| Some(code(e.project()))))?,
        dict(entries.iter().map(|e| Some(code(e.area()))))?,
        dict(entries.iter().map(|e| e.school().map(code)))?,
        dict(entries.iter().map(|e| e.pairing().map(code)))?,
        dict(entries.iter().map(|e| Some(code(e.measure()))))?,
        dict(entries.iter().map(|e| e.breakdown().map(code)))?,
        dict(entries.iter().map(|e| e.source().map(code)))?,
        Arc::new(value),
        dict(entries.iter().map(|e| Some((e.unit(), e.unit().code()))))?,
        dict(entries.iter().map(|e| {
            let k = kind_of(e);
            Some((k, kind_name(k)))
        }))?,
        Arc::new(corrects.finish()),
        Arc::new(recorded),
    ];
    RecordBatch::try_new(schema(), columns)
}

/// A code's identity (the address of the ledger's interned code) and text.
fn code(c: &Code) -> (usize, &str) {
    (std::ptr::from_ref(c) as usize, c.as_str())
}

/// A dictionary-encoded string column from (identity, text) pairs: equal
/// identities share one dictionary value (codes are compared by the address
/// of the ledger's interned code, not by hashing their text).
fn dict<'a, K: Hash + Eq>(
    values: impl ExactSizeIterator<Item = Option<(K, &'a str)>>,
) -> Result<ArrayRef, arrow_schema::ArrowError> {
    let mut ids: HashMap<K, i32> = HashMap::default();
    let mut texts: Vec<&str> = Vec::new();
    let keys: Int32Array = values
        .map(|v| {
            v.map(|(k, text)| {
                *ids.entry(k).or_insert_with(|| {
                    texts.push(text);
                    i32::try_from(texts.len() - 1).expect("fewer than 2^31 distinct codes")
                })
            })
        })
        .collect();
    let values: ArrayRef = Arc::new(StringArray::from(texts));
    Ok(Arc::new(DictionaryArray::<Int32Type>::try_new(
        keys, values,
    )?))
}
