//! Tables written as workbook sheets: money as numbers formatted
//! `#,##0.00`, counts as whole numbers, the header frozen, an autofilter,
//! and columns as wide as their text (a Chinese character counts double).

use chrono::{Datelike, NaiveDate};
use eduaid::{COLUMNS, Code, Error, Ledger, Total};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

/// One cell of a table.
#[derive(Clone, PartialEq, Debug)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// An exact total: money (2 fraction digits, `#,##0.00`) or a whole count.
    Total(Total),
    /// A whole number (a year, a line, a count of entries).
    Whole(i64),
    /// A share (0.8123), shown as a percentage with 2 decimals.
    Share(f64),
    /// A number with 2 decimals (a percentage already multiplied out).
    Decimal(f64),
    /// True or false.
    Bool(bool),
    /// A date, as an Excel date shown `yyyy-mm-dd`.
    Date(NaiveDate),
}

impl Cell {
    /// The text a person reading the cell sees, for column widths.
    fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            // Grouping separators widen money by a third.
            Cell::Total(t) => {
                let s = t.to_string();
                let grouped = s.len() + s.len() / 3;
                "0".repeat(grouped)
            }
            Cell::Whole(n) => n.to_string(),
            Cell::Share(x) => format!("{:.2}%", x * 100.0),
            Cell::Decimal(x) => format!("{x:.2}"),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Cell::Date(d) => d.to_string(),
        }
    }
}

/// A table to write as one sheet.
#[derive(Clone, Debug)]
pub struct Table {
    /// The sheet's name (at most 31 characters, none of `[]:*?/\`).
    pub name: String,
    /// The column headings.
    pub header: Vec<String>,
    /// The rows, each as long as the header.
    pub rows: Vec<Vec<Cell>>,
}

/// The largest value held as an exact number in a cell (2^53): beyond it a
/// total is written as text, so no digit is lost.
const EXACT: i128 = 1 << 53;

/// The display width of a column holding `texts`, in Excel's character
/// units: East Asian wide characters count double, plus a margin.
#[must_use]
pub fn column_width<'a>(texts: impl IntoIterator<Item = &'a str>) -> f64 {
    let w = texts
        .into_iter()
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0);
    // Between a narrow column and one that does not fill the screen.
    f64::from(u32::try_from(w.clamp(6, 60)).unwrap_or(60)) + 2.0
}

/// An error of the workbook writer, for `file`.
pub(crate) fn write_error(file: &str, e: &XlsxError) -> Error {
    Error::Io {
        path: file.into(),
        source: std::io::Error::other(e.to_string()),
    }
}

impl Table {
    /// Adds the table to `book` as a sheet: header in bold and frozen, an
    /// autofilter over the header, typed cells, widths to fit.
    ///
    /// # Errors
    ///
    /// The writer's, for a sheet name Excel does not allow or too many rows.
    pub fn add_to(&self, book: &mut Workbook) -> Result<(), XlsxError> {
        let sheet = book.add_worksheet();
        sheet.set_name(&self.name)?;
        self.write_to(sheet)
    }

    /// Writes the table into `sheet` from its first row (over what is
    /// there: a template's header, say), as [`Table::add_to`] does.
    ///
    /// # Errors
    ///
    /// The writer's, for too many rows or a date Excel cannot hold.
    pub fn write_to(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        let bold = Format::new().set_bold();
        let money = Format::new().set_num_format("#,##0.00");
        let whole = Format::new().set_num_format("0");
        let share = Format::new().set_num_format("0.00%");
        let decimal = Format::new().set_num_format("0.00");
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (c, h) in self.header.iter().enumerate() {
            sheet.write_string_with_format(0, col(c), h, &bold)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            for (c, cell) in row.iter().enumerate() {
                let c = col(c);
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        sheet.write_string(r, c, s)?;
                    }
                    Cell::Total(t) if t.base_units().abs() >= EXACT => {
                        sheet.write_string(r, c, t.to_string())?;
                    }
                    Cell::Total(t) => {
                        #[allow(clippy::cast_precision_loss)] // below 2^53: exact
                        let units = t.base_units() as f64;
                        if t.unit().is_money() {
                            sheet.write_number_with_format(r, c, units / 100.0, &money)?;
                        } else {
                            sheet.write_number_with_format(r, c, units, &whole)?;
                        }
                    }
                    Cell::Whole(n) => {
                        #[allow(clippy::cast_precision_loss)] // lines and years
                        sheet.write_number_with_format(r, c, *n as f64, &whole)?;
                    }
                    Cell::Share(x) => {
                        sheet.write_number_with_format(r, c, *x, &share)?;
                    }
                    Cell::Decimal(x) => {
                        sheet.write_number_with_format(r, c, *x, &decimal)?;
                    }
                    Cell::Bool(b) => {
                        sheet.write_boolean(r, c, *b)?;
                    }
                    Cell::Date(d) => {
                        sheet.write_date_with_format(r, c, excel_date(*d)?, &date)?;
                    }
                }
            }
        }
        let last_col = col(self.header.len().saturating_sub(1));
        let last_row = u32::try_from(self.rows.len()).unwrap_or(u32::MAX);
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, last_row, last_col)?;
        for (c, h) in self.header.iter().enumerate() {
            let shown: Vec<String> = self
                .rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(Cell::shown)
                .collect();
            // A filter button takes about two characters.
            let texts = std::iter::once(format!("{h}  "));
            let all: Vec<String> = texts.chain(shown).collect();
            sheet.set_column_width(col(c), column_width(all.iter().map(String::as_str)))?;
        }
        Ok(())
    }
}

/// A date as Excel's.
fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(d.year()).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?;
    #[allow(clippy::cast_possible_truncation)] // months and days fit
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
}

/// A ledger as a table in the interchange's columns, as an office keeps it:
/// codes and ids as text, dates as Excel dates, values as numbers (money
/// formatted `#,##0.00`). Read back, it gives the same entries.
#[must_use]
pub fn ledger_table(ledger: &Ledger, name: &str) -> Table {
    let code = |c: Option<&Code>| c.map_or(Cell::Empty, |c| Cell::Text(c.to_string()));
    let rows = ledger
        .iter()
        .map(|e| {
            let unit = ledger
                .programme()
                .measure(e.measure().as_str())
                .map_or(eduaid::Unit::Count, eduaid::Measure::unit);
            let mut v = e.value();
            v.rescale(u32::from(unit.fraction_digits()));
            vec![
                Cell::Text(e.id().to_owned()),
                Cell::Date(e.date()),
                code(Some(e.project())),
                code(Some(e.area())),
                code(e.school()),
                code(e.pairing()),
                code(Some(e.measure())),
                code(e.breakdown()),
                Cell::Total(Total::new(v.mantissa(), unit)),
                code(e.source()),
                e.corrects()
                    .map_or(Cell::Empty, |c| Cell::Text(c.id().to_owned())),
            ]
        })
        .collect();
    Table {
        name: name.to_owned(),
        header: COLUMNS.map(str::to_owned).to_vec(),
        rows,
    }
}

/// A column index as Excel's.
pub(crate) fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// Writes `tables` as the sheets of one workbook, in memory.
///
/// # Errors
///
/// [`Error::Io`] naming `file` when the writer refuses (a sheet name Excel
/// does not allow, more rows than a sheet holds).
pub fn workbook_bytes(tables: &[Table], file: &str) -> Result<Vec<u8>, Error> {
    let mut book = Workbook::new();
    for t in tables {
        t.add_to(&mut book).map_err(|e| write_error(file, &e))?;
    }
    book.save_to_buffer().map_err(|e| write_error(file, &e))
}

#[cfg(test)]
mod tests {
    use super::column_width;

    #[test]
    #[allow(clippy::float_cmp)] // whole numbers, exactly
    fn chinese_text_counts_double() {
        assert_eq!(column_width(["阜平县第一小学"]), 16.0);
        assert_eq!(column_width(["fuping-no-1-sch"]), 17.0);
        assert_eq!(column_width(["a"]), 8.0);
    }
}
