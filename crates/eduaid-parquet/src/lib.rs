//! # eduaid-parquet
//!
//! A validated [`eduaid`] ledger as a directory of Parquet files that the
//! engines an institution already runs (Spark, `DuckDB`, pandas, Trino) read
//! exactly, and the same report read back from them, file by file.
//!
//! - [`export`] writes one file per statistics month, Hive-style:
//!   `year=2019/month=06/part-0.parquet` (the programme's calendar: with the
//!   cutoff on the 25th, 26 May to 25 June is `month=06`), in row groups of
//!   about a million rows, Snappy-compressed, codes dictionary-encoded,
//!   values exact as `Decimal128(38, 2)`; row-group min/max statistics for
//!   the number and date columns, none for text.
//! - [`report_dir`] totals each file as one part ([`eduaid::Aggregate`]) and
//!   merges the parts: the report equals the report of the ledger.
//! - [`read_ledger`] reads the files back into one [`eduaid::Ledger`], in
//!   ledger order, for everything else the library answers.
//!
//! ## The columns
//!
//! | column | Arrow type | null | what |
//! |---|---|---|---|
//! | `seq` | `Int64` | no | position of the entry in the ledger, 0-based: ledger order across files (a later stock snapshot of the same day wins) |
//! | `id` | `Utf8` | no | entry id |
//! | `date` | `Date32` | no | the entry's date |
//! | `month` | `Dictionary(Int32, Utf8)` | no | statistics month `YYYY-MM` under the programme's calendar (the file's partition) |
//! | `project`, `area`, `measure` | `Dictionary(Int32, Utf8)` | no | codes |
//! | `school`, `pairing`, `breakdown`, `source` | `Dictionary(Int32, Utf8)` | yes | codes, null when absent |
//! | `value` | `Decimal128(38, 2)` | no | exact: yuan for money, whole numbers (`.00`) for counts |
//! | `unit` | `Dictionary(Int32, Utf8)` | no | `yuan`, `persons`, `count` or `schools` |
//! | `kind` | `Dictionary(Int32, Utf8)` | no | `flow` (summed over time) or `stock` (a period takes each series' latest snapshot) |
//! | `corrects` | `Utf8` | yes | id of the entry this one corrects |
//! | `recorded` | `Date32` | yes | the day the entry was entered, null when not given (a file written without the column reads as null) |
//!
//! `year` and `month` in the directory names are the partition keys only: an
//! engine that reads the directory with Hive partitioning gets them as
//! integer columns beside the file's own `month` text (Spark: read with
//! `recursiveFileLookup` to use the file's columns only). The file metadata
//! holds `eduaid.format` (`1`), `eduaid.programme` (the programme's code)
//! and `eduaid.cutoff` (the calendar's cutoff day).
//!
//! ## Why the parts add up to the whole
//!
//! A flow entry (a correction too) adds its value to its own group: any
//! split of the entries into parts sums to the whole. A stock series takes
//! its latest snapshot in a period, and a snapshot is an original entry
//! plus all its corrections, which may lie in other months' files:
//! [`report_dir`] first sums each stock original's corrections over the
//! whole dataset (a pass over four small columns), then each file's
//! aggregate takes its snapshots with those sums. Snapshots of one series on
//! one day are always in one file (a day has one statistics month), in
//! ledger order; so [`eduaid::Aggregate::merge`]'s "latest date wins" never
//! meets a tie between files, and the merged aggregate is the whole
//! ledger's.
//!
//! ## Example
//!
//! ```
//! use std::sync::Arc;
//! use eduaid::{Dim, GenerateOptions, Query, generate_ledger, report};
//! use eduaid_parquet::{ExportOptions, export, read_ledger, report_dir};
//!
//! let (programme, ledger) = generate_ledger(&GenerateOptions::new(5_000, 7))?;
//! let tmp = tempfile::tempdir()?;
//! let dir = tmp.path().join("ledger");
//! let written = export(&ledger, &dir, &ExportOptions::default())?;
//! assert_eq!(written.rows, 5_000);
//!
//! let q = Query::by(&[Dim::Project, Dim::Area, Dim::Month])?;
//! assert_eq!(report_dir(&dir, &programme, &q)?.report, report(&ledger, &q)?);
//! assert_eq!(read_ledger(&dir, programme)?.valid_rows().len(), 5_000);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]

mod error;
mod ledger;
mod pages;
mod parts;
mod read;
mod schema;
mod write;

pub use error::Error;
pub use ledger::read_ledger;
pub use parts::report_dir;
pub use read::dataset_files;
pub use schema::{VALUE_PRECISION, VALUE_SCALE, col, kind_name, schema};
pub use write::{ExportOptions, Exported, export, partition_path};
