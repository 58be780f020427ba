//! The columns of a Parquet ledger file, written once: the writer builds
//! its arrays in this order and the reader looks them up by these names.

use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema, SchemaRef};
use chrono::NaiveDate;
use eduaid::{MeasureKind, Unit};

/// Precision of the `value` column: `Decimal128(38, 2)`, the widest exact
/// decimal Spark, `DuckDB` and pandas read without loss.
pub const VALUE_PRECISION: u8 = 38;
/// Scale of the `value` column: hundredths (fen for yuan; counts are whole,
/// so their two fraction digits are zero).
pub const VALUE_SCALE: i8 = 2;

/// Column names, in file order.
pub mod col {
    /// Position of the entry in the ledger (0-based): ledger order.
    pub const SEQ: &str = "seq";
    /// Entry id.
    pub const ID: &str = "id";
    /// The entry's date.
    pub const DATE: &str = "date";
    /// Statistics month `YYYY-MM` under the programme's calendar.
    pub const MONTH: &str = "month";
    /// Project code.
    pub const PROJECT: &str = "project";
    /// Area code.
    pub const AREA: &str = "area";
    /// School code, or null.
    pub const SCHOOL: &str = "school";
    /// Pairing code, or null.
    pub const PAIRING: &str = "pairing";
    /// Measure code.
    pub const MEASURE: &str = "measure";
    /// Breakdown value, or null.
    pub const BREAKDOWN: &str = "breakdown";
    /// Funding source code, or null.
    pub const SOURCE: &str = "source";
    /// Exact value, `Decimal128(38, 2)`.
    pub const VALUE: &str = "value";
    /// The measure's unit: `yuan`, `persons`, `count`, `schools`.
    pub const UNIT: &str = "unit";
    /// `flow` or `stock`.
    pub const KIND: &str = "kind";
    /// Id of the entry this one corrects, or null.
    pub const CORRECTS: &str = "corrects";
    /// The day the entry was entered in the ledger, or null (ledger
    /// format 1.1's optional `recorded`). A file without the column (as
    /// written before it existed) reads as null throughout.
    pub const RECORDED: &str = "recorded";

    /// The entry's own code columns, in file order.
    pub(crate) const CODES: [&str; 7] =
        [PROJECT, AREA, SCHOOL, PAIRING, MEASURE, BREAKDOWN, SOURCE];
}

/// A string column of few distinct values, dictionary-encoded.
fn dict(name: &str, nullable: bool) -> Field {
    Field::new(
        name,
        DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
        nullable,
    )
}

/// The Arrow schema of every file (see the crate docs for the table).
#[must_use]
pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new(col::SEQ, DataType::Int64, false),
        Field::new(col::ID, DataType::Utf8, false),
        Field::new(col::DATE, DataType::Date32, false),
        dict(col::MONTH, false),
        dict(col::PROJECT, false),
        dict(col::AREA, false),
        dict(col::SCHOOL, true),
        dict(col::PAIRING, true),
        dict(col::MEASURE, false),
        dict(col::BREAKDOWN, true),
        dict(col::SOURCE, true),
        Field::new(
            col::VALUE,
            DataType::Decimal128(VALUE_PRECISION, VALUE_SCALE),
            false,
        ),
        dict(col::UNIT, false),
        dict(col::KIND, false),
        Field::new(col::CORRECTS, DataType::Utf8, true),
        Field::new(col::RECORDED, DataType::Date32, true),
    ]))
}

/// Day 0 of Arrow's `Date32`.
pub(crate) const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => unreachable!(),
};

/// The `kind` column's text for a measure kind.
#[must_use]
pub const fn kind_name(kind: MeasureKind) -> &'static str {
    match kind {
        MeasureKind::Flow => "flow",
        MeasureKind::Stock => "stock",
    }
}

/// Hundredths in one base unit of `unit` (1 for fen, 100 for whole counts).
pub(crate) fn hundredths_per_unit(unit: Unit) -> i128 {
    if unit.fraction_digits() == 2 { 1 } else { 100 }
}
