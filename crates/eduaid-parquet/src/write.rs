//! Writing a ledger as a directory of Parquet files, one per statistics
//! month (`year=2019/month=06/part-0.parquet`), built in a temporary
//! directory beside the target and renamed into place when complete.

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
use eduaid::{Code, Entry, Ledger, MeasureKind, StatMonth, Unit};
use foldhash::HashMap;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, Encoding};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;
use rayon::prelude::*;

use crate::error::{Error, arrow, io, pq};
use crate::schema::{
    EPOCH, VALUE_PRECISION, VALUE_SCALE, col, hundredths_per_unit, kind_name, schema,
};

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
/// [`ExportOptions::rows_per_group`] rows (one ends early when its encoded
/// bytes pass 64 MB). Within a file, rows keep ledger order; `seq` numbers
/// them across files.
///
/// The ledger is read in order, once per worker thread, each writing the
/// files of its share of the months: reading month by month would gather
/// every column at random when the ledger is not sorted by date.
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
    let months = month_of_each(ledger);
    let shares = shares(&months, rayon::current_num_threads());
    let mut written: Vec<(i32, PathBuf, u64)> = shares
        .par_iter()
        .map(|own| write_months(ledger, &months, own, tmp.path(), &props))
        .collect::<Result<Vec<_>, Error>>()?
        .into_iter()
        .flatten()
        .collect();
    written.sort_unstable_by_key(|w| w.0);
    fs::rename(tmp.path(), dir).map_err(io(dir))?;
    Ok(Exported {
        bytes: written.iter().map(|w| w.2).sum(),
        files: written.into_iter().map(|w| w.1).collect(),
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
    let mut b = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(rows_per_group))
        .set_key_value_metadata(Some(meta))
        .set_write_batch_size(BATCH)
        // Row-group statistics only: a page index would add little to
        // month-sized files, and costs a comparison per value.
        .set_statistics_enabled(EnabledStatistics::Chunk)
        // Unique or nearly so: a dictionary would only be abandoned.
        .set_column_dictionary_enabled(ColumnPath::from(col::SEQ), false)
        .set_column_encoding(ColumnPath::from(col::SEQ), Encoding::DELTA_BINARY_PACKED)
        .set_column_dictionary_enabled(ColumnPath::from(col::ID), false)
        .set_column_encoding(ColumnPath::from(col::ID), Encoding::DELTA_BYTE_ARRAY)
        .set_column_dictionary_enabled(ColumnPath::from(col::CORRECTS), false);
    // Text columns carry no min and max: every value would be compared
    // twice while writing, and a code column's dictionary page already
    // lists the values a row group holds. Their data pages (dictionary keys,
    // bit-packed) are left uncompressed: Snappy gains almost nothing there.
    for c in [col::ID, col::CORRECTS] {
        b = b.set_column_statistics_enabled(ColumnPath::from(c), EnabledStatistics::None);
    }
    for c in col::CODES
        .into_iter()
        .chain([col::MONTH, col::UNIT, col::KIND])
    {
        b = b
            .set_column_statistics_enabled(ColumnPath::from(c), EnabledStatistics::None)
            .set_column_compression(ColumnPath::from(c), Compression::UNCOMPRESSED);
    }
    b.build()
}

/// The statistics month (its ordinal) of every entry, in ledger order
/// (collected in place: an indexed parallel iterator needs no second copy).
fn month_of_each(ledger: &Ledger) -> Vec<i32> {
    let cal = ledger.programme().calendar();
    (0..ledger.len())
        .into_par_iter()
        .with_min_len(1 << 16)
        .map_init(
            || None,
            |last: &mut Option<(NaiveDate, i32)>, i| {
                let d = ledger.get(i).expect("an index of the ledger").date();
                match *last {
                    Some((ld, o)) if ld == d => o,
                    _ => {
                        let o = cal.month_of(d).ordinal();
                        *last = Some((d, o));
                        o
                    }
                }
            },
        )
        .collect()
}

/// The months (ordinals) each of `workers` writes: the largest first, each
/// to the worker with the fewest rows so far.
fn shares(months: &[i32], workers: usize) -> Vec<Vec<i32>> {
    let mut rows: HashMap<i32, usize> = HashMap::default();
    for &m in months {
        *rows.entry(m).or_default() += 1;
    }
    let mut by_size: Vec<(i32, usize)> = rows.into_iter().collect();
    by_size.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut shares: Vec<(usize, Vec<i32>)> = vec![(0, Vec::new()); workers.max(1)];
    for (m, n) in by_size {
        let least = shares
            .iter_mut()
            .min_by_key(|s| s.0)
            .expect("at least one worker");
        least.0 += n;
        least.1.push(m);
    }
    shares
        .into_iter()
        .map(|s| s.1)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Files a worker has open at once. An open writer holds about 5 MB of
/// encoders and pages besides its row group: 48 months open at once took
/// 770 MB to export 10M entries, 6 a worker 575 MB, for the price of one
/// more pass over the months' list per 6 months.
const MAX_OPEN: usize = 6;

/// Rows a month gathers before they go to its file's writer as one record
/// batch: every month's rows together stay small (a few MB), and a batch's
/// fixed costs are spread over thousands of rows.
const BATCH: usize = 8192;

/// A file's writer stops its row group early past this many buffered bytes,
/// so that many months written at once cannot hold much memory.
const MAX_BUFFERED: usize = 64 << 20;

/// Writes the files of the months `own`, [`MAX_OPEN`] at a time: one pass
/// over the ledger in order per group, each entry of the group's months
/// staged in its month's columns, which go to the month's file every
/// [`BATCH`] rows. Reading the ledger in order (not month by month) keeps
/// every column read in order. Returns each month's ordinal, path
/// (relative to `dir`) and size.
fn write_months(
    ledger: &Ledger,
    months: &[i32],
    own: &[i32],
    dir: &Path,
    props: &WriterProperties,
) -> Result<Vec<(i32, PathBuf, u64)>, Error> {
    let mut codes = Codes::new(ledger);
    let mut done = Vec::with_capacity(own.len());
    for group in own.chunks(MAX_OPEN) {
        let mut files: HashMap<i32, File<'_>> = group
            .iter()
            .map(|&o| (o, File::new(StatMonth::from_ordinal(o))))
            .collect();
        for (i, o) in months.iter().enumerate() {
            let Some(f) = files.get_mut(o) else {
                continue;
            };
            f.stage(ledger.get(i).expect("an index of the ledger"), &mut codes);
            if f.staged() == BATCH {
                f.write(&codes, dir, props)?;
            }
        }
        for (o, mut f) in files {
            f.write(&codes, dir, props)?;
            let (rel, bytes) = f.close(dir)?;
            done.push((o, rel, bytes));
        }
    }
    Ok(done)
}

/// The codes of the ledger met by one writer, numbered per column in order
/// of first use (a column's dictionary in a batch holds only the codes its
/// rows use), and what each measure implies.
struct Codes<'a> {
    ledger: &'a Ledger,
    /// Per code column: the number of a code by the address of the
    /// ledger's interned code (equal codes share it), and the texts.
    columns: [(HashMap<usize, u32>, Vec<&'a str>); CODE_COLUMNS],
    /// Per code column: the last (address, number) seen in each slot.
    recent: Vec<[(usize, u32); RECENT]>,
    /// Per measure number: its unit and kind.
    measures: Vec<(Unit, MeasureKind)>,
}

/// Slots of [`Codes::recent`] per column.
const RECENT: usize = 512;

/// Project, area, school, pairing, measure, breakdown, source
/// ([`col::CODES`]).
const CODE_COLUMNS: usize = col::CODES.len();
/// The measure's place among the code columns.
const MEASURE: usize = 4;
/// A missing optional code.
const NONE: u32 = u32::MAX;

impl<'a> Codes<'a> {
    fn new(ledger: &'a Ledger) -> Codes<'a> {
        Codes {
            ledger,
            columns: Default::default(),
            recent: vec![[(0, 0); RECENT]; CODE_COLUMNS],
            measures: Vec::new(),
        }
    }

    /// The number of `code` in column `c`.
    fn number(&mut self, c: usize, code: Option<&'a Code>) -> u32 {
        let Some(code) = code else {
            return NONE;
        };
        let address = std::ptr::from_ref(code) as usize;
        // A code's table entry sits at its own address: the cache slot of
        // an address is (nearly always) its own, so most rows find their
        // number with one comparison instead of a hash look-up.
        let slot = &mut self.recent[c][(address / std::mem::size_of::<Code>()) % RECENT];
        if slot.0 == address {
            return slot.1;
        }
        let (numbers, texts) = &mut self.columns[c];
        let n = *numbers.entry(address).or_insert_with(|| {
            texts.push(code.as_str());
            u32::try_from(texts.len() - 1).expect("fewer than 2^32 distinct codes")
        });
        *slot = (address, n);
        n
    }

    /// The number of the entry's measure, its unit and kind noted when new.
    fn measure(&mut self, e: &Entry<'a>) -> u32 {
        let n = self.number(MEASURE, Some(e.measure()));
        if n as usize == self.measures.len() {
            let kind = self
                .ledger
                .programme()
                .measure(e.measure().as_str())
                .map_or(MeasureKind::Flow, eduaid::Measure::kind);
            self.measures.push((e.unit(), kind));
        }
        n
    }

    /// A dictionary column of the numbers `keys` of column `c`: its
    /// dictionary holds the codes these rows use, in order of first use.
    fn column(&self, c: usize, keys: &[u32]) -> Result<ArrayRef, arrow_schema::ArrowError> {
        let texts = &self.columns[c].1;
        // Key in this batch's dictionary by number (-1: not yet used).
        let mut local = vec![-1i32; texts.len()];
        let mut used: Vec<&str> = Vec::new();
        let keys: Int32Array = keys
            .iter()
            .map(|&k| {
                (k != NONE).then(|| {
                    let slot = &mut local[k as usize];
                    if *slot < 0 {
                        used.push(texts[k as usize]);
                        *slot = i32::try_from(used.len() - 1).expect("fewer than 2^31 codes");
                    }
                    *slot
                })
            })
            .collect();
        let values: ArrayRef = Arc::new(StringArray::from(used));
        Ok(Arc::new(DictionaryArray::<Int32Type>::try_new(
            keys, values,
        )?))
    }
}

/// One month's file: its writer (opened with its first rows) and the rows
/// staged for it, column by column.
struct File<'a> {
    month: StatMonth,
    writer: Option<ArrowWriter<fs::File>>,
    seq: Vec<i64>,
    id: StringBuilder,
    date: Vec<i32>,
    /// The last date staged and its `Date32` (rows often share a day).
    last_day: Option<(NaiveDate, i32)>,
    codes: [Vec<u32>; CODE_COLUMNS],
    value: Vec<i64>,
    corrects: Vec<Option<&'a str>>,
    recorded: Vec<Option<i32>>,
}

/// Takes the staged values of a column, leaving room for a full batch
/// (a month staged once is likely to fill more batches).
fn refill<T>(v: &mut Vec<T>) -> Vec<T> {
    std::mem::replace(v, Vec::with_capacity(BATCH))
}

/// Days since 1970-01-01, Arrow's `Date32`.
#[allow(clippy::cast_possible_truncation)] // days of years 1 to 9999
fn date32(d: NaiveDate) -> i32 {
    (d - EPOCH).num_days() as i32
}

impl<'a> File<'a> {
    fn new(month: StatMonth) -> File<'a> {
        File {
            month,
            writer: None,
            seq: Vec::new(),
            id: StringBuilder::new(),
            date: Vec::new(),
            last_day: None,
            codes: Default::default(),
            value: Vec::new(),
            corrects: Vec::new(),
            recorded: Vec::new(),
        }
    }

    fn staged(&self) -> usize {
        self.seq.len()
    }

    fn stage(&mut self, e: Entry<'a>, codes: &mut Codes<'a>) {
        self.seq
            .push(i64::try_from(e.index()).expect("fewer than 2^63 entries"));
        self.id.append_value(e.id());
        let d = e.date();
        let day = match self.last_day {
            Some((last, day)) if last == d => day,
            _ => date32(d),
        };
        self.last_day = Some((d, day));
        self.date.push(day);
        let c = &mut self.codes;
        c[0].push(codes.number(0, Some(e.project())));
        c[1].push(codes.number(1, Some(e.area())));
        c[2].push(codes.number(2, e.school()));
        c[3].push(codes.number(3, e.pairing()));
        c[MEASURE].push(codes.measure(&e));
        c[5].push(codes.number(5, e.breakdown()));
        c[6].push(codes.number(6, e.source()));
        self.value.push(e.raw_value());
        self.corrects.push(e.corrects().map(|t| t.id()));
        self.recorded.push(e.recorded().map(date32));
    }

    /// Writes the staged rows to the file (opened now if new) as one batch.
    fn write(
        &mut self,
        codes: &Codes<'a>,
        dir: &Path,
        props: &WriterProperties,
    ) -> Result<(), Error> {
        if self.seq.is_empty() {
            return Ok(());
        }
        let path = dir.join(partition_path(self.month));
        if self.writer.is_none() {
            let parent = path.parent().expect("a partition path has a parent");
            fs::create_dir_all(parent).map_err(io(parent))?;
            let file = fs::File::create(&path).map_err(io(&path))?;
            let w = ArrowWriter::try_new(file, schema(), Some(props.clone())).map_err(pq(&path))?;
            self.writer = Some(w);
        }
        let batch = self.batch(codes).map_err(arrow(&path))?;
        let w = self.writer.as_mut().expect("opened above");
        w.write(&batch).map_err(pq(&path))?;
        if w.in_progress_size() > MAX_BUFFERED {
            w.flush().map_err(pq(&path))?;
        }
        Ok(())
    }

    /// The staged rows as a record batch; the stage is left empty.
    fn batch(&mut self, codes: &Codes<'a>) -> Result<RecordBatch, arrow_schema::ArrowError> {
        let n = self.seq.len();
        let measures: Vec<(Unit, MeasureKind)> = self.codes[MEASURE]
            .iter()
            .map(|&m| codes.measures[m as usize])
            .collect();
        let value: Decimal128Array = self
            .value
            .iter()
            .zip(&measures)
            .map(|(&v, (unit, _))| i128::from(v) * hundredths_per_unit(*unit))
            .collect::<Decimal128Array>()
            .with_precision_and_scale(VALUE_PRECISION, VALUE_SCALE)?;
        let month: ArrayRef = Arc::new(DictionaryArray::<Int32Type>::try_new(
            Int32Array::from(vec![0; n]),
            Arc::new(StringArray::from(vec![self.month.to_string()])),
        )?);
        let columns: Vec<ArrayRef> = vec![
            Arc::new(Int64Array::from(refill(&mut self.seq))),
            Arc::new(
                std::mem::replace(
                    &mut self.id,
                    StringBuilder::with_capacity(BATCH, BATCH * 16),
                )
                .finish(),
            ),
            Arc::new(Date32Array::from(refill(&mut self.date))),
            month,
            codes.column(0, &self.codes[0])?,
            codes.column(1, &self.codes[1])?,
            codes.column(2, &self.codes[2])?,
            codes.column(3, &self.codes[3])?,
            codes.column(MEASURE, &self.codes[MEASURE])?,
            codes.column(5, &self.codes[5])?,
            codes.column(6, &self.codes[6])?,
            Arc::new(value),
            dict(measures.iter().map(|(u, _)| Some((*u, u.code()))))?,
            dict(measures.iter().map(|(_, k)| Some((*k, kind_name(*k)))))?,
            Arc::new(StringArray::from(refill(&mut self.corrects))),
            Arc::new(Date32Array::from(refill(&mut self.recorded))),
        ];
        for c in &mut self.codes {
            c.clear();
        }
        self.value.clear();
        RecordBatch::try_new(schema(), columns)
    }

    /// Closes the file: its path relative to `dir` and its size.
    fn close(self, dir: &Path) -> Result<(PathBuf, u64), Error> {
        let rel = partition_path(self.month);
        let path = dir.join(&rel);
        let w = self.writer.expect("a month of the ledger has rows");
        w.close().map_err(pq(&path))?;
        let bytes = fs::metadata(&path).map_err(io(&path))?.len();
        Ok((rel, bytes))
    }
}

/// A dictionary-encoded string column from (identity, text) pairs: equal
/// identities share one dictionary value (codes by their number, not by
/// hashing their text); the dictionary holds the values used, in order of
/// first use.
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
