//! # eduaid-xlsx
//!
//! Excel workbooks for [`eduaid`]: the form in which programme offices keep
//! their item ledgers (台账).
//!
//! - **Ledgers in**: [`Workbook::read_ledger`] and [`Workbook::report`] read
//!   a sheet (the first, or one by name) of an `.xlsx` file. The cells are
//!   streamed, row by row, as ledger CSV into [`eduaid::Ledger::read_csv`]
//!   and [`eduaid::report_csv`]: the same header rules and row checks as a
//!   CSV file, with violations located `FILE[SHEET]:ROW`. Excel stores
//!   numbers in binary floating point, so a number is taken at 15
//!   significant digits ([`number_text`]: `114500.10000000001` is
//!   `114500.1`) and then held to the money and count rules (a third real
//!   fraction digit on money is still an error). Excel dates read as
//!   `YYYY-MM-DD`, date text as the CSV reader reads it, formula cells by
//!   their cached value.
//! - **Tables out**: [`Table`] and [`workbook_bytes`] write sheets with money
//!   as numbers formatted `#,##0.00`, counts as whole numbers, the header
//!   frozen, an autofilter, and column widths in which a Chinese character
//!   counts double; [`heading`] gives Chinese headings.
//! - **A template**: [`template`] writes a ledger workbook to fill in, with
//!   drop-down lists of the programme's codes, date and number checks, and
//!   a sheet explaining every column and code in Chinese and English.
//!
//! The workbook libraries (`calamine`, `rust_xlsxwriter` and their zip and
//! XML stacks) stay out of the `eduaid` library: a program that only reads
//! CSV does not build them.
//!
//! ## Example
//!
//! ```
//! use std::sync::Arc;
//! use eduaid::{Programme, Query, Dim};
//! use eduaid_xlsx::{Workbook, template_workbook};
//!
//! let programme = Arc::new(Programme::canonical());
//! // The template, filled in with one row, as an office would.
//! let mut book = template_workbook(&programme)?;
//! let sheet = book.worksheet_from_index(0)?;
//! for (c, v) in ["f1", "", "principal-studios", "fuping", "", "", "funds", "general"].iter().enumerate() {
//!     sheet.write_string(1, c as u16, *v)?;
//! }
//! let ymd = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
//! sheet.write_date_with_format(1, 1, rust_xlsxwriter::ExcelDateTime::from_ymd(2019, 5, 20)?, &ymd)?;
//! // The double just above 114500.1 (114500.10000000001), as Excel may hold it.
//! sheet.write_number(1, 8, f64::from_bits(114500.1_f64.to_bits() + 1))?;
//! let bytes = book.save_to_buffer()?;
//!
//! let mut wb = Workbook::from_bytes(bytes, "ledger.xlsx")?;
//! let loaded = wb.read_ledger(Arc::clone(&programme), None)?;
//! assert!(loaded.violations.is_empty());
//! let entry = loaded.valid_rows().get(0).unwrap();
//! assert_eq!(entry.value().to_string(), "114500.10");
//! assert_eq!(entry.date().to_string(), "2019-05-20");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]

mod headings;
mod read;
mod template;
mod write;

pub use headings::heading;
pub use read::{Workbook, number_text};
pub use template::{LEDGER_SHEET, template, template_workbook};
pub use write::{Cell, Table, column_width, ledger_table, workbook_bytes};

/// Whether `path` names a workbook (`.xlsx` or `.xlsm`, any case).
#[must_use]
pub fn is_workbook(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}
