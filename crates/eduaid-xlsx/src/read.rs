//! Ledgers read from a workbook: the sheet's cells streamed as ledger CSV,
//! line for row, into the same reader and row checks as a CSV file.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufReader, Cursor, Read, Seek};
use std::path::Path;
use std::sync::Arc;

use calamine::{DataRef, Reader, Xlsx};
use eduaid::{Encoding, Error, Ledger, Loaded, Programme, Query, ReadOptions, Streamed};

/// An open workbook and the name it is reported by.
pub struct Workbook<RS> {
    xlsx: Xlsx<RS>,
    name: String,
}

impl Workbook<BufReader<File>> {
    /// Opens the workbook at `path`.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be read or is not an `.xlsx` workbook.
    pub fn open(path: &Path) -> Result<Workbook<BufReader<File>>, Error> {
        let file = File::open(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Workbook::new(BufReader::new(file), &path.display().to_string())
    }
}

impl Workbook<Cursor<Vec<u8>>> {
    /// A workbook held in memory (read from standard input, say), reported
    /// as `name`.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the bytes are not an `.xlsx` workbook.
    pub fn from_bytes(bytes: Vec<u8>, name: &str) -> Result<Workbook<Cursor<Vec<u8>>>, Error> {
        Workbook::new(Cursor::new(bytes), name)
    }
}

/// An error reading the workbook `name`, as a file that cannot be read.
fn unreadable(name: &str, message: impl std::fmt::Display) -> Error {
    Error::Io {
        path: name.into(),
        source: io::Error::new(io::ErrorKind::InvalidData, message.to_string()),
    }
}

impl<RS: Read + Seek> Workbook<RS> {
    /// A workbook read from `input`, reported as `name`.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the bytes are not an `.xlsx` workbook.
    pub fn new(input: RS, name: &str) -> Result<Workbook<RS>, Error> {
        let xlsx = Xlsx::new(input)
            .map_err(|e| unreadable(name, format_args!("not an .xlsx workbook: {e}")))?;
        Ok(Workbook {
            xlsx,
            name: name.to_owned(),
        })
    }

    /// The names of the sheets, in workbook order.
    #[must_use]
    pub fn sheet_names(&self) -> Vec<String> {
        self.xlsx.sheet_names()
    }

    /// The sheet named `sheet`, or the first; with the name violations are
    /// reported by, `FILE[SHEET]`.
    fn sheet(
        &mut self,
        sheet: Option<&str>,
    ) -> Result<(SheetCsv<impl CellSource + '_>, String), Error> {
        let names = self.sheet_names();
        let chosen = match sheet {
            Some(s) => names.iter().find(|n| *n == s).cloned().ok_or_else(|| {
                unreadable(
                    &self.name,
                    format_args!("no sheet {s:?}; the sheets are {}", names.join(", ")),
                )
            })?,
            None => names
                .first()
                .cloned()
                .ok_or_else(|| unreadable(&self.name, "the workbook has no sheet"))?,
        };
        let shown = format!("{}[{chosen}]", self.name);
        let name = self.name.clone();
        let mut cells = self
            .xlsx
            .worksheet_cells_reader(&chosen)
            .map_err(|e| unreadable(&name, format_args!("sheet {chosen:?}: {e}")))?;
        let source = move || match cells.next_cell() {
            Ok(Some(cell)) => Ok(Some((cell.get_position(), cell_text(cell.get_value())))),
            Ok(None) => Ok(None),
            Err(e) => Err(e.to_string()),
        };
        Ok((SheetCsv::new(source, &shown), shown))
    }

    /// Reads a sheet (`None`: the first) as a ledger: every row through the
    /// same checks as a CSV row, violations located `FILE[SHEET]:ROW`.
    ///
    /// # Errors
    ///
    /// As [`Ledger::read_csv`]; [`Error::Io`] for a sheet that is not there
    /// or cannot be read.
    pub fn read_ledger(
        &mut self,
        programme: Arc<Programme>,
        sheet: Option<&str>,
    ) -> Result<Loaded, Error> {
        self.read_ledger_with(programme, sheet, &ReadOptions::default())
    }

    /// [`Workbook::read_ledger`] with reading options: strict habits,
    /// columns to leave out, violations to keep (a sheet's text is Unicode,
    /// so the encoding asked for is not used).
    ///
    /// # Errors
    ///
    /// As [`Workbook::read_ledger`].
    pub fn read_ledger_with(
        &mut self,
        programme: Arc<Programme>,
        sheet: Option<&str>,
        opts: &ReadOptions,
    ) -> Result<Loaded, Error> {
        let (mut csv, shown) = self.sheet(sheet)?;
        let loaded = Ledger::read_csv_with(programme, &mut csv, &shown, &unicode(opts));
        csv.failed()?;
        loaded
    }

    /// [`eduaid::report_csv`] of a sheet (`None`: the first): totals taken
    /// as the rows are read, every row checked.
    ///
    /// # Errors
    ///
    /// As [`Workbook::read_ledger`].
    pub fn report(
        &mut self,
        programme: Arc<Programme>,
        sheet: Option<&str>,
        query: &Query,
    ) -> Result<Streamed, Error> {
        self.report_with(programme, sheet, query, &ReadOptions::default())
    }

    /// [`Workbook::report`] with reading options, as
    /// [`Workbook::read_ledger_with`] takes them.
    ///
    /// # Errors
    ///
    /// As [`Workbook::read_ledger`].
    pub fn report_with(
        &mut self,
        programme: Arc<Programme>,
        sheet: Option<&str>,
        query: &Query,
        opts: &ReadOptions,
    ) -> Result<Streamed, Error> {
        let (mut csv, shown) = self.sheet(sheet)?;
        let streamed = eduaid::report_csv_with(programme, &mut csv, &shown, query, &unicode(opts));
        csv.failed()?;
        streamed
    }
}

/// `opts` for a sheet's text, which this crate writes as UTF-8.
fn unicode(opts: &ReadOptions) -> ReadOptions {
    opts.clone().encoding(Encoding::Utf8)
}

/// A sheet's cells as ledger CSV, a row at a time: line `n` is row `n`
/// (rows before the header and empty rows are blank lines, which the reader
/// skips), the columns those of the header row; a cell outside them makes
/// its row longer than the header, and so an error naming the row.
struct SheetCsv<C> {
    cells: C,
    shown: String,
    /// The header row's first and last columns, once read.
    span: Option<(u32, u32)>,
    /// The next row to write (0-based).
    row: u32,
    /// A cell read ahead: the first of a later row.
    ahead: Option<(u32, u32, String)>,
    /// The current row's cells: (column, text).
    cur: Vec<(u32, String)>,
    out: Vec<u8>,
    at: usize,
    done: bool,
    /// Whether the last cell has been read (the source must not be asked again).
    ended: bool,
    /// A read error, kept so it is reported as such, not as a short sheet.
    error: Option<String>,
}

/// The cells of a sheet in order: position and text (`None` when empty).
trait CellSource: FnMut() -> Result<Option<((u32, u32), Option<String>)>, String> {}

impl<F: FnMut() -> Result<Option<((u32, u32), Option<String>)>, String>> CellSource for F {}

impl<C: CellSource> SheetCsv<C> {
    fn new(cells: C, shown: &str) -> SheetCsv<C> {
        SheetCsv {
            cells,
            shown: shown.to_owned(),
            span: None,
            row: 0,
            ahead: None,
            cur: Vec::new(),
            out: Vec::new(),
            at: 0,
            done: false,
            ended: false,
            error: None,
        }
    }

    /// The read error, if one stopped the sheet early.
    fn failed(&self) -> Result<(), Error> {
        match &self.error {
            Some(e) => Err(unreadable(&self.shown, e)),
            None => Ok(()),
        }
    }

    /// The next cell with a value: (row, column, text).
    fn next_cell(&mut self) -> Option<(u32, u32, String)> {
        if let Some(c) = self.ahead.take() {
            return Some(c);
        }
        while !self.ended {
            match (self.cells)() {
                Ok(Some(((row, col), Some(text)))) => return Some((row, col, text)),
                Ok(Some((_, None))) => {}
                Ok(None) => self.ended = true,
                Err(e) => {
                    self.error = Some(e);
                    self.ended = true;
                }
            }
        }
        None
    }

    /// Writes the next row with a value (after blank lines for the rows
    /// before it) into `out`; `false` at the end of the sheet.
    fn fill(&mut self) -> bool {
        let Some((row, col, text)) = self.next_cell() else {
            return false;
        };
        self.cur.clear();
        self.cur.push((col, text));
        while let Some((r, c, t)) = self.next_cell() {
            if r != row {
                self.ahead = Some((r, c, t));
                break;
            }
            self.cur.push((c, t));
        }
        for _ in self.row..row {
            self.out.push(b'\n');
        }
        self.row = row + 1;
        let first = self.cur.iter().map(|c| c.0).min().unwrap_or(0);
        let last = self.cur.iter().map(|c| c.0).max().unwrap_or(0);
        let (lo, hi) = match self.span {
            None => {
                self.span = Some((first, last));
                (first, last)
            }
            Some((a, b)) => (a.min(first), b.max(last)),
        };
        let mut cells = self.cur.iter().peekable();
        for c in lo..=hi {
            if c > lo {
                self.out.push(b',');
            }
            if let Some((_, text)) = cells.next_if(|x| x.0 == c) {
                quote(text, &mut self.out);
            }
        }
        self.out.push(b'\n');
        true
    }
}

impl<C: CellSource> Read for SheetCsv<C> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.out.len() {
            self.out.clear();
            self.at = 0;
            if self.done {
                return Ok(0);
            }
            // About 64 KiB of rows at a time.
            while self.out.len() < 64 << 10 {
                if !self.fill() {
                    self.done = true;
                    break;
                }
            }
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// A field, quoted when it holds a comma, a quote or a line break.
fn quote(text: &str, out: &mut Vec<u8>) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        out.extend_from_slice(text.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(text.as_bytes());
    }
}

/// A cell's value as ledger text (`None` for an empty cell): numbers at 15
/// significant digits (see [`number_text`]), Excel dates as `YYYY-MM-DD`
/// (with the time when it is not midnight, so the row checks refuse it),
/// formulas by their cached value, errors as Excel shows them.
fn cell_text(v: &DataRef<'_>) -> Option<String> {
    Some(match v {
        DataRef::Empty => return None,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (y, mo, day, h, mi, s, ms) = d.to_ymd_hms_milli();
            let mut t = format!("{y:04}-{mo:02}-{day:02}");
            if (h, mi, s, ms) != (0, 0, 0, 0) {
                let _ = write!(t, " {h:02}:{mi:02}:{s:02}");
            }
            t
        }
        DataRef::DateTime(d) => number_text(d.as_f64()),
        DataRef::Error(e) => e.to_string(),
    })
}

/// A binary floating-point number as the decimal Excel shows: 15
/// significant digits, trailing zeros dropped, so `114500.10000000001`
/// reads `114500.1` and `0.1 + 0.2` reads `0.3`; the money and count rules
/// then apply to that text. Whole numbers up to 2^53 are exact; beyond,
/// digits would be lost, so the number is written in exponent form, which
/// the row checks refuse.
#[must_use]
pub fn number_text(f: f64) -> String {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if f == 0.0 {
        return "0".to_owned();
    }
    if !f.is_finite() || f.abs() >= EXACT {
        return format!("{f:e}");
    }
    if f.fract() == 0.0 {
        #[allow(clippy::cast_possible_truncation)] // below 2^53: exact
        return (f as i64).to_string();
    }
    // d.dddddddddddddde±x: 15 significant digits.
    let sci = format!("{f:.14e}");
    let (mantissa, exp) = sci.split_once('e').expect("exponent form");
    let exp: i32 = exp.parse().expect("an exponent");
    let (neg, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let point = exp + 1; // digits before the decimal point
    let mut s = String::with_capacity(24);
    if neg {
        s.push('-');
    }
    if point <= 0 {
        s.push_str("0.");
        s.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
        s.push_str(&digits);
    } else {
        let p = point.unsigned_abs() as usize;
        if p >= digits.len() {
            s.push_str(&digits);
            s.extend(std::iter::repeat_n('0', p - digits.len()));
        } else {
            s.push_str(&digits[..p]);
            s.push('.');
            s.push_str(&digits[p..]);
        }
    }
    if s.contains('.') {
        let keep = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(keep);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::number_text;

    #[test]
    fn numbers_read_as_excel_shows_them() {
        // The doubles either side of 114500.1.
        let near = 114_500.1_f64.to_bits();
        assert_eq!(number_text(f64::from_bits(near + 1)), "114500.1");
        assert_eq!(number_text(f64::from_bits(near - 1)), "114500.1");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(1_145_000.0), "1145000");
        assert_eq!(number_text(-2000.0), "-2000");
        assert_eq!(number_text(12_345.67), "12345.67");
        assert_eq!(number_text(1.005), "1.005");
        assert_eq!(number_text(0.000_123), "0.000123");
        assert_eq!(number_text(-0.5), "-0.5");
        assert_eq!(number_text(123_456_789_012.345), "123456789012.345");
        assert_eq!(number_text(9_007_199_254_740_991.0), "9007199254740991");
        assert_eq!(number_text(1e20), "1e20");
    }
}
