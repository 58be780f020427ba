//! Aligned text tables: the form [`Report`](crate::Report),
//! [`Compliance`](crate::Compliance) and [`Progress`](crate::Progress)
//! print in, for a person at a terminal.
//!
//! Columns are two spaces apart and padded by display width, so a Chinese
//! character takes two columns; lines carry no trailing spaces.
//!
//! ```
//! use eduaid::table::{Align, Table};
//! let mut t = Table::new(&["owner", "value"], &[Align::Left, Align::Right]);
//! t.push(vec!["北京教育学院".into(), "7".into()]);
//! t.push(vec!["fuping".into(), "1145000.00".into()]);
//! assert_eq!(t.to_string(), "\
//! owner              value
//! 北京教育学院           7
//! fuping        1145000.00
//! ");
//! ```

use std::fmt;

use unicode_width::UnicodeWidthStr;

/// How a column's cells line up.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Align {
    /// Text: padded on the right.
    #[default]
    Left,
    /// Numbers: padded on the left.
    Right,
}

/// A header and rows of text cells, shown aligned by `Display`.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Table {
    header: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column names and alignments (columns beyond
    /// `align` are left-aligned).
    #[must_use]
    pub fn new(header: &[&str], align: &[Align]) -> Table {
        Table {
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            align: align.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Appends a row: one cell per column (missing cells show empty, extra
    /// ones are not shown).
    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// The column names.
    #[must_use]
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The rows, in order.
    #[must_use]
    pub fn rows(&self) -> &[Vec<String>] {
        &self.rows
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.width()).collect();
        for r in &self.rows {
            for (wd, cell) in widths.iter_mut().zip(r) {
                *wd = (*wd).max(cell.width());
            }
        }
        let mut line = String::new();
        for r in std::iter::once(&self.header).chain(&self.rows) {
            line.clear();
            for (i, wd) in widths.iter().enumerate() {
                let cell = r.get(i).map_or("", String::as_str);
                if i > 0 {
                    line.push_str("  ");
                }
                let pad = wd.saturating_sub(cell.width());
                if self.align.get(i) == Some(&Align::Right) {
                    line.extend(std::iter::repeat_n(' ', pad));
                    line.push_str(cell);
                } else {
                    line.push_str(cell);
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            writeln!(f, "{}", line.trim_end())?;
        }
        Ok(())
    }
}
