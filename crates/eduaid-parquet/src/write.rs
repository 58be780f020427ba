//! Writing a ledger as a directory of Parquet files, one per statistics
//! month (`year=2019/month=06/part-0.parquet`), built in a temporary
//! directory beside the target and renamed into place when complete.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::{ArrayRef, Date32Array, Int64Array, StringArray};
use arrow_schema::DataType;
use chrono::{Datelike, NaiveDate};
use eduaid::{Code, Entry, Ledger, MeasureKind, StatMonth, Unit};
use foldhash::HashMap;
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_writer::{ArrowColumnWriter, ArrowRowGroupWriterFactory, compute_leaves};
use parquet::basic::{Compression, Encoding};
use parquet::errors::ParquetError;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::ColumnPath;
use rayon::prelude::*;

use crate::error::{Error, io, pq};
use crate::pages::{DecimalChunk, DictChunk, NULL};
use crate::schema::{EPOCH, col, hundredths_per_unit, kind_name, schema};

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
/// [`Error::OutputExists`] when `dir` exists; [`Error::Io`] or
/// [`Error::Parquet`] when writing fails.
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
    // The dictionary columns (codes, month, unit, kind) are written by
    // `pages.rs`, uncompressed and without statistics: these settings are
    // for the other columns.
    WriterProperties::builder()
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
        .set_column_dictionary_enabled(ColumnPath::from(col::CORRECTS), false)
        // Text columns carry no min and max: every value would be compared
        // twice while writing.
        .set_column_statistics_enabled(ColumnPath::from(col::ID), EnabledStatistics::None)
        .set_column_statistics_enabled(ColumnPath::from(col::CORRECTS), EnabledStatistics::None)
        .build()
}

/// The statistics month (its ordinal) of every entry, in ledger order
/// (collected in place: an indexed parallel iterator needs no second copy).
/// Each day's month is remembered in a small table by day number: a ledger
/// has few distinct days, in any order.
fn month_of_each(ledger: &Ledger) -> Vec<i32> {
    const DAYS: usize = 4096;
    let cal = ledger.programme().calendar();
    (0..ledger.len())
        .into_par_iter()
        .with_min_len(1 << 16)
        .map_init(
            || vec![(i32::MIN, 0); DAYS],
            |known: &mut Vec<(i32, i32)>, i| {
                let e = ledger.get(i).expect("an index of the ledger");
                let day = e.day_from_ce();
                let slot = &mut known[usize::try_from(day).unwrap_or(0) % DAYS];
                if slot.0 != day {
                    *slot = (day, cal.month_of(e.date()).ordinal());
                }
                slot.1
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

/// Files a worker has open at once. An open file holds its row group's
/// encoded pages and the crate's encoders: 48 months open at once took
/// 765 MB to export 10M entries, 6 a worker 560 MB, for the price of one
/// more pass over the ledger per 6 months (0.09 s of 2.5 s).
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
    let first = own.iter().copied().min().unwrap_or(0);
    let last = own.iter().copied().max().unwrap_or(0);
    // The place of each month (by ordinal from `first`) among the files
    // open: a look-up every row of the ledger makes, in every pass.
    let at = |o: i32| usize::try_from(o - first).ok();
    let mut place = vec![usize::MAX; at(last).map_or(0, |n| n + 1)];
    for group in own.chunks(MAX_OPEN) {
        let mut files: Vec<File<'_>> = group
            .iter()
            .map(|&o| File::new(StatMonth::from_ordinal(o)))
            .collect();
        for (k, &o) in group.iter().enumerate() {
            place[at(o).expect("a month of the share")] = k;
        }
        // Walked beside the entries: the target of each correction without
        // a search per entry.
        let mut corrections = ledger.corrections().peekable();
        for (i, &o) in months.iter().enumerate() {
            let k = match at(o).and_then(|d| place.get(d)) {
                Some(&k) if k != usize::MAX => k,
                _ => continue,
            };
            while corrections.next_if(|&(e, _)| e < i).is_some() {}
            let corrects = corrections
                .next_if(|&(e, _)| e == i)
                .map(|(_, t)| ledger.get(t).expect("a corrected entry").id());
            let f = &mut files[k];
            f.stage(
                ledger.get(i).expect("an index of the ledger"),
                corrects,
                &mut codes,
            );
            if f.staged() == BATCH {
                f.write(&codes, dir, props)?;
            }
        }
        for (&o, mut f) in group.iter().zip(files) {
            place[at(o).expect("a month of the share")] = usize::MAX;
            f.write(&codes, dir, props)?;
            let (rel, bytes) = f.close(&codes, dir)?;
            done.push((o, rel, bytes));
        }
    }
    Ok(done)
}

/// The codes of the ledger met by one writer, numbered per column in order
/// of first use (the numbers every file of the writer shares; a row group's
/// dictionary holds only the codes its rows use), and what each measure
/// implies.
struct Codes<'a> {
    ledger: &'a Ledger,
    /// Per code column: the number of a code by the address of the
    /// ledger's interned code (equal codes share it), and the texts.
    columns: [(HashMap<usize, u32>, Vec<&'a str>); CODE_COLUMNS],
    /// Per code column: the number of a text. Codes interned apart may
    /// have one text (a breakdown `other` of two measures): they share a
    /// number, as a dictionary holds each value once.
    by_text: [HashMap<&'a str, u32>; CODE_COLUMNS],
    /// Per code column: the last (address, number) seen in each slot.
    recent: Vec<[(usize, u32); RECENT]>,
    /// Per measure number: what it implies.
    measures: Vec<Implied>,
    /// The `unit` column's texts by number.
    units: Vec<&'static str>,
    /// Day 0 of `Date32` (1970-01-01) as a day from the common era.
    epoch_day: i32,
}

/// What a measure implies: its unit (and that unit's number in the `unit`
/// column), and its kind's number in the `kind` column ([`KINDS`]).
#[derive(Clone, Copy)]
struct Implied {
    unit: Unit,
    unit_number: u32,
    kind_number: u32,
}

/// The `kind` column's texts by number.
const KINDS: [&str; 2] = [kind_name(MeasureKind::Flow), kind_name(MeasureKind::Stock)];

/// Slots of [`Codes::recent`] per column.
const RECENT: usize = 512;

/// Project, area, school, pairing, measure, breakdown, source
/// ([`col::CODES`]).
const CODE_COLUMNS: usize = col::CODES.len();
/// The measure's place among the code columns.
const MEASURE: usize = 4;

/// The dictionary columns in file order: `month`, the code columns, `unit`
/// and `kind`.
const DICTS: usize = CODE_COLUMNS + 3;
/// The place of `unit` among [`DICTS`] (`month` is first, then the codes).
const UNIT: usize = CODE_COLUMNS + 1;
/// The place of `kind` among [`DICTS`].
const KIND: usize = CODE_COLUMNS + 2;

impl<'a> Codes<'a> {
    fn new(ledger: &'a Ledger) -> Codes<'a> {
        Codes {
            ledger,
            columns: Default::default(),
            by_text: Default::default(),
            recent: vec![[(0, 0); RECENT]; CODE_COLUMNS],
            measures: Vec::new(),
            units: Vec::new(),
            epoch_day: EPOCH.num_days_from_ce(),
        }
    }

    /// The number of `code` in column `c` ([`NULL`] for none).
    #[inline]
    fn number(&mut self, c: usize, code: Option<&'a Code>) -> u32 {
        let Some(code) = code else {
            return NULL;
        };
        let address = std::ptr::from_ref(code) as usize;
        // A code's table entry sits at its own address: the cache slot of
        // an address is (nearly always) its own, so most rows find their
        // number with one comparison instead of a hash look-up.
        let slot = self.recent[c][(address / std::mem::size_of::<Code>()) % RECENT];
        if slot.0 == address {
            return slot.1;
        }
        self.look_up(c, code, address)
    }

    /// [`Codes::number`] of a code not in its cache slot.
    #[cold]
    #[inline(never)]
    fn look_up(&mut self, c: usize, code: &'a Code, address: usize) -> u32 {
        let (numbers, texts) = &mut self.columns[c];
        let by_text = &mut self.by_text[c];
        let n = *numbers.entry(address).or_insert_with(|| {
            *by_text.entry(code.as_str()).or_insert_with(|| {
                texts.push(code.as_str());
                u32::try_from(texts.len() - 1).expect("fewer than 2^32 distinct codes")
            })
        });
        self.recent[c][(address / std::mem::size_of::<Code>()) % RECENT] = (address, n);
        n
    }

    /// The number of the entry's measure, what it implies noted when new.
    fn measure(&mut self, e: &Entry<'a>) -> u32 {
        let n = self.number(MEASURE, Some(e.measure()));
        if n as usize == self.measures.len() {
            let kind = self
                .ledger
                .programme()
                .measure(e.measure().as_str())
                .map_or(MeasureKind::Flow, eduaid::Measure::kind);
            let unit = e.unit();
            let unit_number = self
                .units
                .iter()
                .position(|&u| u == unit.code())
                .unwrap_or_else(|| {
                    self.units.push(unit.code());
                    self.units.len() - 1
                });
            self.measures.push(Implied {
                unit,
                unit_number: unit_number as u32,
                kind_number: match kind {
                    MeasureKind::Flow => 0,
                    MeasureKind::Stock => 1,
                },
            });
        }
        n
    }
}

/// Whether a column of the schema is dictionary-encoded (written by
/// `pages.rs`, not by the `parquet` crate's Arrow writer).
fn is_dict(field: &arrow_schema::Field) -> bool {
    matches!(field.data_type(), DataType::Dictionary(..))
}

/// Whether a column of the schema is written by the `parquet` crate's Arrow
/// writer: not a dictionary, not the values (written by `pages.rs`).
fn is_plain(field: &arrow_schema::Field) -> bool {
    !is_dict(field) && field.name() != col::VALUE
}

/// One month's file: its writer (opened with its first rows) and the rows
/// staged for it, column by column.
struct File<'a> {
    month: StatMonth,
    out: Option<Out>,
    seq: Vec<i64>,
    id: StringBuilder,
    date: Vec<i32>,
    codes: [Vec<u32>; CODE_COLUMNS],
    value: Vec<i64>,
    corrects: Vec<Option<&'a str>>,
    recorded: Vec<Option<i32>>,
}

/// An open file and its row group being written: a [`DictChunk`] per
/// dictionary column, a [`DecimalChunk`] for the values, the `parquet`
/// crate's Arrow column writers for the other ("plain") columns.
struct Out {
    path: PathBuf,
    schema: arrow_schema::SchemaRef,
    file: SerializedFileWriter<fs::File>,
    factory: ArrowRowGroupWriterFactory,
    /// The writers of the plain columns, in file order; none between row
    /// groups.
    plain: Vec<ArrowColumnWriter>,
    /// Per dictionary column, in file order.
    dicts: Vec<DictChunk>,
    value: DecimalChunk,
    /// The `month` column's one text.
    month: String,
    /// Rows in the row group being written.
    rows: usize,
    rows_per_group: usize,
}

impl Out {
    /// Opens `path` for the rows of `month`.
    fn open(path: PathBuf, month: StatMonth, props: &WriterProperties) -> Result<Out, Error> {
        let parent = path.parent().expect("a partition path has a parent");
        fs::create_dir_all(parent).map_err(io(parent))?;
        let file = fs::File::create(&path).map_err(io(&path))?;
        let schema = schema();
        // The Arrow writer sets up the file as it writes its own: the
        // Parquet schema, and the Arrow schema in the metadata (so that
        // readers see dictionaries, decimals and dates).
        let (file, factory) = ArrowWriter::try_new(file, Arc::clone(&schema), Some(props.clone()))
            .and_then(ArrowWriter::into_serialized_writer)
            .map_err(pq(&path))?;
        let columns = || schema.fields().iter().zip(file.schema_descr().columns());
        let dicts = columns()
            .filter(|(f, _)| is_dict(f))
            .map(|(_, descr)| DictChunk::new(Arc::clone(descr), props))
            .collect();
        let value = columns()
            .find(|(f, _)| f.name() == col::VALUE)
            .map(|(_, descr)| DecimalChunk::new(Arc::clone(descr), props))
            .expect("a value column");
        Ok(Out {
            path,
            schema,
            file,
            factory,
            plain: Vec::new(),
            dicts,
            value,
            month: month.to_string(),
            rows: 0,
            rows_per_group: props.max_row_group_row_count().unwrap_or(usize::MAX),
        })
    }

    /// Writes `rows` rows: `plain`, the arrays of the plain columns, the
    /// numbers of every dictionary column's values given by `dict`, and
    /// the values in hundredths. Row groups end at `rows_per_group` rows, or
    /// early when their bytes pass [`MAX_BUFFERED`].
    fn write(
        &mut self,
        rows: usize,
        plain: &[ArrayRef],
        dict: impl Fn(&mut DictChunk, usize, std::ops::Range<usize>) -> Result<(), ParquetError>,
        hundredths: &[i128],
        codes: &Codes<'_>,
    ) -> Result<(), ParquetError> {
        let mut start = 0;
        while start < rows {
            let take = (self.rows_per_group - self.rows).min(rows - start);
            if self.plain.is_empty() {
                let fields = self.schema.fields().iter();
                self.plain = fields
                    .zip(
                        self.factory
                            .create_column_writers(self.file.flushed_row_groups().len())?,
                    )
                    .filter_map(|(f, w)| is_plain(f).then_some(w))
                    .collect();
            }
            let fields = self.schema.fields().iter().filter(|f| is_plain(f));
            for ((w, field), a) in self.plain.iter_mut().zip(fields).zip(plain) {
                for leaf in compute_leaves(field, &a.slice(start, take))? {
                    w.write(&leaf)?;
                }
            }
            for (d, chunk) in self.dicts.iter_mut().enumerate() {
                dict(chunk, d, start..start + take)?;
            }
            self.value
                .push(hundredths[start..start + take].iter().copied())?;
            self.rows += take;
            start += take;
            if self.rows == self.rows_per_group || self.buffered() > MAX_BUFFERED {
                self.end_group(codes)?;
            }
        }
        Ok(())
    }

    /// Bytes held by the row group being written, about as encoded.
    fn buffered(&self) -> usize {
        let plain: usize = self
            .plain
            .iter()
            .map(ArrowColumnWriter::get_estimated_total_bytes)
            .sum();
        plain
            + self.value.buffered_bytes()
            + self
                .dicts
                .iter()
                .map(DictChunk::buffered_bytes)
                .sum::<usize>()
    }

    /// Writes the row group being written (if it has rows), its column
    /// chunks in file order.
    fn end_group(&mut self, codes: &Codes<'_>) -> Result<(), ParquetError> {
        if self.rows == 0 {
            return Ok(());
        }
        let month = [self.month.as_str()];
        let mut texts: Vec<&[&str]> = Vec::with_capacity(DICTS);
        texts.push(&month);
        texts.extend(codes.columns.iter().map(|c| c.1.as_slice()));
        texts.push(&codes.units);
        texts.push(&KINDS);
        let mut plain = std::mem::take(&mut self.plain).into_iter();
        let mut dicts = self.dicts.iter_mut().zip(texts);
        let mut group = self.file.next_row_group()?;
        for field in self.schema.fields() {
            if is_dict(field) {
                let (chunk, texts) = dicts.next().expect("a chunk per dictionary column");
                let (bytes, close) = chunk.close(texts)?;
                group.append_column(&bytes, close)?;
            } else if field.name() == col::VALUE {
                let (bytes, close) = self.value.close()?;
                group.append_column(&bytes, close)?;
            } else {
                let w = plain.next().expect("a writer per column");
                w.close()?.append_to_row_group(&mut group)?;
            }
        }
        group.close()?;
        self.rows = 0;
        Ok(())
    }
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
            out: None,
            seq: Vec::new(),
            id: StringBuilder::new(),
            date: Vec::new(),
            codes: Default::default(),
            value: Vec::new(),
            corrects: Vec::new(),
            recorded: Vec::new(),
        }
    }

    fn staged(&self) -> usize {
        self.seq.len()
    }

    /// Stages entry `e`, which corrects the entry of id `corrects`.
    fn stage(&mut self, e: Entry<'a>, corrects: Option<&'a str>, codes: &mut Codes<'a>) {
        self.seq
            .push(i64::try_from(e.index()).expect("fewer than 2^63 entries"));
        self.id.append_value(e.id());
        self.date.push(e.day_from_ce() - codes.epoch_day);
        let c = &mut self.codes;
        c[0].push(codes.number(0, Some(e.project())));
        c[1].push(codes.number(1, Some(e.area())));
        c[2].push(codes.number(2, e.school()));
        c[3].push(codes.number(3, e.pairing()));
        c[MEASURE].push(codes.measure(&e));
        c[5].push(codes.number(5, e.breakdown()));
        c[6].push(codes.number(6, e.source()));
        self.value.push(e.raw_value());
        self.corrects.push(corrects);
        self.recorded.push(e.recorded().map(date32));
    }

    /// Writes the staged rows to the file (opened now if new); the stage is
    /// left empty.
    fn write(
        &mut self,
        codes: &Codes<'a>,
        dir: &Path,
        props: &WriterProperties,
    ) -> Result<(), Error> {
        let rows = self.seq.len();
        if rows == 0 {
            return Ok(());
        }
        if self.out.is_none() {
            self.out = Some(Out::open(
                dir.join(partition_path(self.month)),
                self.month,
                props,
            )?);
        }
        let out = self.out.as_mut().expect("opened above");
        let plain = plain_arrays(
            &mut self.seq,
            &mut self.id,
            &mut self.date,
            &mut self.corrects,
            &mut self.recorded,
        );
        let staged = &self.codes;
        let measures = &codes.measures;
        let hundredths: Vec<i128> = self
            .value
            .iter()
            .zip(&staged[MEASURE])
            .map(|(&v, &m)| i128::from(v) * hundredths_per_unit(measures[m as usize].unit))
            .collect();
        let dict = |chunk: &mut DictChunk, d, range: std::ops::Range<usize>| match d {
            0 => chunk.push(std::iter::repeat_n(0, range.len())),
            UNIT => chunk.push(
                staged[MEASURE][range]
                    .iter()
                    .map(|&m| measures[m as usize].unit_number),
            ),
            KIND => chunk.push(
                staged[MEASURE][range]
                    .iter()
                    .map(|&m| measures[m as usize].kind_number),
            ),
            _ => chunk.push(staged[d - 1][range].iter().copied()),
        };
        out.write(rows, &plain, dict, &hundredths, codes)
            .map_err(pq(&out.path))?;
        for c in &mut self.codes {
            c.clear();
        }
        self.value.clear();
        Ok(())
    }

    /// Closes the file: its path relative to `dir` and its size.
    fn close(self, codes: &Codes<'a>, dir: &Path) -> Result<(PathBuf, u64), Error> {
        let rel = partition_path(self.month);
        let path = dir.join(&rel);
        let mut out = self.out.expect("a month of the ledger has rows");
        out.end_group(codes).map_err(pq(&path))?;
        out.file.close().map_err(pq(&path))?;
        let bytes = fs::metadata(&path).map_err(io(&path))?.len();
        Ok((rel, bytes))
    }
}

/// The arrays of the plain columns, in file order (seq, id, date,
/// corrects, recorded), from the staged rows (taken).
fn plain_arrays(
    seq: &mut Vec<i64>,
    id: &mut StringBuilder,
    date: &mut Vec<i32>,
    corrects: &mut Vec<Option<&str>>,
    recorded: &mut Vec<Option<i32>>,
) -> [ArrayRef; 5] {
    [
        Arc::new(Int64Array::from(refill(seq))),
        Arc::new(std::mem::replace(id, StringBuilder::with_capacity(BATCH, BATCH * 16)).finish()),
        Arc::new(Date32Array::from(refill(date))),
        Arc::new(StringArray::from(refill(corrects))),
        Arc::new(Date32Array::from(refill(recorded))),
    ]
}
