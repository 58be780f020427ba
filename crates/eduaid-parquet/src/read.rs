//! Reading the files back: listing a dataset's files, and decoding record
//! batches into entries ([`Record`]) with their position in the ledger.

use std::fs;
use std::path::{Path, PathBuf};

use arrow_array::types::Int32Type;
use arrow_array::{
    Array, Date32Array, Decimal128Array, DictionaryArray, Int64Array, RecordBatch, StringArray,
};
use eduaid::{Code, Decimal, MeasureKind, NewEntry};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};

use crate::error::{Error, arrow, io, pq};
use crate::schema::{EPOCH, VALUE_SCALE, col};

/// The Parquet files under `dir`, in path order (which is partition order:
/// `year=2019/month=06` before `year=2019/month=07`). Names starting with `.`
/// or `_` (temporary files, Spark's `_SUCCESS`) are skipped.
///
/// # Errors
///
/// [`Error::Io`] when a directory cannot be listed; [`Error::Empty`] when
/// there is no file.
pub fn dataset_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for item in fs::read_dir(&d).map_err(io(&d))? {
            let item = item.map_err(io(&d))?;
            let name = item.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name.starts_with('_') {
                continue;
            }
            let path = item.path();
            let ty = item.file_type().map_err(io(&path))?;
            if ty.is_dir() {
                stack.push(path);
            } else if name.ends_with(".parquet") {
                out.push(path);
            }
        }
    }
    if out.is_empty() {
        return Err(Error::Empty(dir.to_path_buf()));
    }
    out.sort();
    Ok(out)
}

/// One row of a file: the entry, its measure's kind as the file gives it,
/// its position in the ledger, and its 1-based row in the file.
#[derive(Clone, Debug)]
pub(crate) struct Record {
    pub(crate) seq: u64,
    /// The value in hundredths, as stored.
    pub(crate) hundredths: i128,
    pub(crate) row: u64,
    pub(crate) kind: MeasureKind,
    pub(crate) entry: NewEntry,
}

/// The columns a reader needs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Columns {
    /// Every column of an entry.
    All,
    /// What the corrections of stocks need: id, kind, value, corrects.
    Corrections,
}

/// Opens a file for reading record batches of the columns asked.
pub(crate) fn open(path: &Path, cols: Columns) -> Result<ParquetRecordBatchReader, Error> {
    let file = fs::File::open(path).map_err(io(path))?;
    let b = ParquetRecordBatchReaderBuilder::try_new(file).map_err(pq(path))?;
    let b = match cols {
        Columns::All => b,
        Columns::Corrections => {
            let mask = ProjectionMask::columns(
                b.parquet_schema(),
                [col::ID, col::KIND, col::VALUE, col::CORRECTS],
            );
            b.with_projection(mask)
        }
    };
    b.with_batch_size(1 << 16).build().map_err(pq(path))
}

/// A string column, plain or dictionary-encoded (as this crate writes it;
/// other writers may store plain strings).
enum Strings<'a> {
    Plain(&'a StringArray),
    Dict(&'a DictionaryArray<Int32Type>, &'a StringArray),
}

impl<'a> Strings<'a> {
    fn get(&self, i: usize) -> Option<&'a str> {
        match self {
            Strings::Plain(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::Dict(d, v) => d
                .keys()
                .is_valid(i)
                .then(|| d.keys().value(i))
                .and_then(|k| usize::try_from(k).ok())
                .map(|k| v.value(k)),
        }
    }
}

/// Decodes one batch, whose first row is row `first_row` (0-based) of `path`.
pub(crate) struct Batch<'a> {
    path: &'a Path,
    rows: &'a RecordBatch,
    first_row: u64,
}

impl<'a> Batch<'a> {
    pub(crate) fn new(path: &'a Path, batch: &'a RecordBatch, first_row: u64) -> Batch<'a> {
        Batch {
            path,
            rows: batch,
            first_row,
        }
    }

    fn layout(&self, reason: String) -> Error {
        Error::Layout {
            path: self.path.to_path_buf(),
            reason,
        }
    }

    fn column(&self, name: &str) -> Result<&'a dyn Array, Error> {
        self.rows
            .column_by_name(name)
            .map(AsRef::as_ref)
            .ok_or_else(|| self.layout(format!("column {name:?} is missing")))
    }

    fn typed<T: 'static>(&self, name: &str, expected: &str) -> Result<&'a T, Error> {
        let c = self.column(name)?;
        c.as_any().downcast_ref::<T>().ok_or_else(|| {
            self.layout(format!(
                "column {name:?} is {}, not {expected}",
                c.data_type()
            ))
        })
    }

    fn strings(&self, name: &str) -> Result<Strings<'a>, Error> {
        let c = self.column(name)?;
        let wrong = || {
            self.layout(format!(
                "column {name:?} is {}, not a string or a dictionary of strings",
                c.data_type()
            ))
        };
        if let Some(a) = c.as_any().downcast_ref::<StringArray>() {
            return Ok(Strings::Plain(a));
        }
        let d = c
            .as_any()
            .downcast_ref::<DictionaryArray<Int32Type>>()
            .ok_or_else(wrong)?;
        let v = d
            .values()
            .as_any()
            .downcast_ref::<StringArray>()
            .ok_or_else(wrong)?;
        Ok(Strings::Dict(d, v))
    }

    /// The 1-based row in the file of batch row `i`.
    fn row(&self, i: usize) -> u64 {
        self.first_row + i as u64 + 1
    }

    fn required<'s>(&self, s: &Strings<'s>, name: &str, i: usize) -> Result<&'s str, Error> {
        s.get(i)
            .ok_or_else(|| self.layout(format!("row {}: column {name:?} is null", self.row(i))))
    }

    fn code(&self, text: Option<&str>, name: &str, i: usize) -> Result<Option<Code>, Error> {
        text.map(|t| {
            Code::new(t)
                .map_err(|e| self.layout(format!("row {}: column {name:?}: {e}", self.row(i))))
        })
        .transpose()
    }

    fn seqs(&self) -> Result<&'a Int64Array, Error> {
        self.typed::<Int64Array>(col::SEQ, "Int64")
    }

    fn seq(&self, seqs: &Int64Array, i: usize) -> Result<u64, Error> {
        u64::try_from(seqs.value(i))
            .map_err(|_| self.layout(format!("row {}: column \"seq\" is negative", self.row(i))))
    }

    fn values(&self) -> Result<&'a Decimal128Array, Error> {
        let v = self.typed::<Decimal128Array>(col::VALUE, "Decimal128(38, 2)")?;
        if v.scale() != VALUE_SCALE {
            return Err(self.layout(format!(
                "column \"value\" is {}, not of scale 2",
                v.data_type()
            )));
        }
        Ok(v)
    }

    fn kind(&self, kinds: &Strings<'_>, i: usize) -> Result<MeasureKind, Error> {
        match self.required(kinds, col::KIND, i)? {
            "flow" => Ok(MeasureKind::Flow),
            "stock" => Ok(MeasureKind::Stock),
            other => Err(self.layout(format!(
                "row {}: column \"kind\" is {other:?}, not \"flow\" or \"stock\"",
                self.row(i)
            ))),
        }
    }

    /// Every row as a [`Record`].
    pub(crate) fn records(&self) -> Result<Vec<Record>, Error> {
        let seqs = self.seqs()?;
        let ids = self.strings(col::ID)?;
        let dates = self.typed::<Date32Array>(col::DATE, "Date32")?;
        let names: Vec<&str> = col::CODES.into_iter().chain([col::CORRECTS]).collect();
        let codes: Vec<Strings<'_>> = names
            .iter()
            .map(|n| self.strings(n))
            .collect::<Result<_, _>>()?;
        let values = self.values()?;
        let kinds = self.strings(col::KIND)?;
        // Optional: files written before the column existed have none.
        let recorded = match self.rows.column_by_name(col::RECORDED) {
            None => None,
            Some(_) => Some(self.typed::<Date32Array>(col::RECORDED, "Date32")?),
        };
        let day = |days: i32, name: &str, i: usize| {
            EPOCH
                .checked_add_signed(chrono::TimeDelta::days(i64::from(days)))
                .ok_or_else(|| {
                    self.layout(format!(
                        "row {}: column {name:?} is out of range",
                        self.row(i)
                    ))
                })
        };
        let mut out = Vec::with_capacity(self.rows.num_rows());
        for i in 0..self.rows.num_rows() {
            let opt = |k: usize| self.code(codes[k].get(i), names[k], i);
            let req = |k: usize| {
                let text = self.required(&codes[k], names[k], i)?;
                Ok::<Code, Error>(self.code(Some(text), names[k], i)?.expect("given"))
            };
            let id = self.code(Some(self.required(&ids, col::ID, i)?), col::ID, i)?;
            if dates.is_null(i) || values.is_null(i) || seqs.is_null(i) {
                return Err(self.layout(format!(
                    "row {}: \"seq\", \"date\" and \"value\" may not be null",
                    self.row(i)
                )));
            }
            let date = day(dates.value(i), col::DATE, i)?;
            let recorded = match recorded {
                Some(r) if r.is_valid(i) => Some(day(r.value(i), col::RECORDED, i)?),
                _ => None,
            };
            out.push(Record {
                seq: self.seq(seqs, i)?,
                hundredths: values.value(i),
                row: self.row(i),
                kind: self.kind(&kinds, i)?,
                entry: NewEntry {
                    id: id.expect("given"),
                    date,
                    project: req(0)?,
                    area: req(1)?,
                    school: opt(2)?,
                    pairing: opt(3)?,
                    measure: req(4)?,
                    breakdown: opt(5)?,
                    value: decimal(values.value(i)).ok_or_else(|| {
                        self.layout(format!(
                            "row {}: column \"value\" is beyond the exact decimal range",
                            self.row(i)
                        ))
                    })?,
                    source: opt(6)?,
                    corrects: opt(7)?,
                    recorded,
                },
            });
        }
        Ok(out)
    }

    /// The rows that correct another, for the corrections pass.
    pub(crate) fn corrections(&self) -> Result<Vec<Correction>, Error> {
        let ids = self.strings(col::ID)?;
        let corrects = self.strings(col::CORRECTS)?;
        let kinds = self.strings(col::KIND)?;
        let values = self.values()?;
        let mut out = Vec::new();
        for i in 0..self.rows.num_rows() {
            let Some(target) = corrects.get(i) else {
                continue;
            };
            if values.is_null(i) {
                return Err(self.layout(format!("row {}: column \"value\" is null", self.row(i))));
            }
            out.push(Correction {
                id: self.required(&ids, col::ID, i)?.into(),
                corrects: target.into(),
                kind: self.kind(&kinds, i)?,
                hundredths: values.value(i),
            });
        }
        Ok(out)
    }
}

/// A row that corrects another.
#[derive(Clone, Debug)]
pub(crate) struct Correction {
    pub(crate) id: Box<str>,
    pub(crate) corrects: Box<str>,
    pub(crate) kind: MeasureKind,
    pub(crate) hundredths: i128,
}

/// Hundredths as an exact decimal: whole numbers without fraction digits
/// (a count's `240.00` is the whole number 240), the rest with two.
/// `None` beyond `Decimal`'s 96 bits.
pub(crate) fn decimal(hundredths: i128) -> Option<Decimal> {
    if hundredths % 100 == 0 {
        Decimal::try_from_i128_with_scale(hundredths / 100, 0).ok()
    } else {
        Decimal::try_from_i128_with_scale(hundredths, 2).ok()
    }
}

/// Reads a whole file, calling `each` with every batch's decoder.
pub(crate) fn each_batch(
    path: &Path,
    cols: Columns,
    mut each: impl FnMut(&Batch<'_>) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut first_row = 0;
    for batch in open(path, cols)? {
        let batch = batch.map_err(arrow(path))?;
        each(&Batch::new(path, &batch, first_row))?;
        first_row += batch.num_rows() as u64;
    }
    Ok(())
}
