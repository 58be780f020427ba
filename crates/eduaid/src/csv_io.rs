//! The ledger interchange format (CSV, version 1; DOMAIN.md section 5):
//! reading with every problem named by file, line and column, and writing.

use std::io::{self, Write};
use std::ops::Range;
use std::sync::Arc;

use crate::ledger::{DateIn, Fields, Origin, ValueIn};
use crate::records::{Next, Records};
use crate::violation::{Location, Rule, Violation, Violations};
use crate::{Error, Ledger, Programme};

/// The columns of the format, in the order [`Ledger::write_csv`] writes them.
pub const COLUMNS: [&str; 11] = [
    "id",
    "date",
    "project",
    "area",
    "school",
    "pairing",
    "measure",
    "breakdown",
    "value",
    "source",
    "corrects",
];

const REQUIRED: [bool; 11] = [
    true, true, true, true, false, false, true, false, true, false, false,
];

/// Fields longer than this are refused without being interpreted.
const MAX_FIELD: usize = 256;

/// What reading a ledger file gave: the ledger of every valid entry, and every
/// violation found (errors for refused rows, warnings for kept ones).
#[derive(Debug)]
pub struct Loaded {
    /// The valid entries.
    pub ledger: Ledger,
    /// Every violation, in file order.
    pub violations: Violations,
    /// Data rows read (not counting the header).
    pub rows: u64,
}

impl Loaded {
    /// Whether every row was valid (warnings allowed).
    #[must_use]
    pub fn is_valid(&self) -> bool {
        !self.violations.has_errors()
    }
}

/// Maps the header's columns to their positions.
struct Header {
    /// Position of each of [`COLUMNS`] in the file's rows.
    pos: [Option<usize>; 11],
    width: usize,
}

fn read_header<R: io::Read>(rec: &Records<R>, file: &str, line: u64) -> Result<Header, Error> {
    let fail = |message: String| Error::Csv {
        file: file.to_owned(),
        line,
        message,
    };
    let mut pos = [None; 11];
    for i in 0..rec.len() {
        let raw = rec.field(i);
        let raw = if i == 0 {
            raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)
        } else {
            raw
        };
        let name = std::str::from_utf8(raw)
            .map_err(|_| fail(format!("header column {} is not valid UTF-8", i + 1)))?;
        let Some(k) = COLUMNS.iter().position(|c| *c == name) else {
            return Err(fail(format!(
                "unknown column {name:?} (column {}); the columns are {}",
                i + 1,
                COLUMNS.join(", ")
            )));
        };
        if pos[k].replace(i).is_some() {
            return Err(fail(format!("column {name:?} appears twice in the header")));
        }
    }
    let missing: Vec<&str> = COLUMNS
        .iter()
        .zip(REQUIRED)
        .zip(pos)
        .filter(|((_, req), p)| *req && p.is_none())
        .map(|((c, _), _)| *c)
        .collect();
    if !missing.is_empty() {
        return Err(fail(format!(
            "missing required column(s): {}",
            missing.join(", ")
        )));
    }
    Ok(Header {
        pos,
        width: rec.len(),
    })
}

fn opt(c: Option<&crate::Code>) -> &str {
    c.map_or("", crate::Code::as_str)
}

impl Ledger {
    /// Reads a ledger CSV against a programme.
    ///
    /// Every row is checked; valid rows become entries, and every problem is
    /// listed in [`Loaded::violations`] with file, line, entry and column.
    ///
    /// # Errors
    ///
    /// [`Error::Csv`] when the file cannot be read as a ledger at all: empty,
    /// a header with an unknown, repeated or missing column, or an I/O error.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use eduaid::{Ledger, Programme, Rule};
    /// let csv = "id,date,project,area,measure,breakdown,value\n\
    ///            e1,2019-06-20,rural-teachers,fuping,people-trained,local,120\n\
    ///            e2,2019-02-30,rural-teachers,fuping,people-trained,local,1.5\n";
    /// let loaded = Ledger::read_csv(Arc::new(Programme::canonical()), csv.as_bytes(), "l.csv")?;
    /// assert_eq!(loaded.ledger.len(), 1);
    /// let first = &loaded.violations.as_slice()[0];
    /// assert_eq!(first.rule, Rule::InvalidDate);
    /// assert_eq!(first.location.to_string(), "l.csv:3, entry e2, column \"date\"");
    /// // A misspelt column is an error, not ignored.
    /// let bad = "id,date,project,area,measure,breakdwon,value\n";
    /// assert!(Ledger::read_csv(Arc::new(Programme::canonical()), bad.as_bytes(), "l.csv").is_err());
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    pub fn read_csv<R: io::Read>(
        programme: Arc<Programme>,
        input: R,
        file: &str,
    ) -> Result<Loaded, Error> {
        let mut ledger = Ledger::new(programme);
        let (violations, rows) = ledger.append_csv(input, file)?;
        ledger.shrink_to_fit();
        Ok(Loaded {
            ledger,
            violations,
            rows,
        })
    }

    /// Appends the rows of a ledger CSV to this ledger (ids must stay unique
    /// across both). Returns the violations and the number of data rows read.
    ///
    /// # Errors
    ///
    /// As [`Ledger::read_csv`].
    pub fn append_csv<R: io::Read>(
        &mut self,
        input: R,
        file: &str,
    ) -> Result<(Violations, u64), Error> {
        let csv_err = |line: u64, message: String| Error::Csv {
            file: file.to_owned(),
            line,
            message,
        };
        let io_err = |e: io::Error| csv_err(0, format!("cannot read: {e}"));
        let mut rec = Records::new(input);
        let header = match rec.next().map_err(io_err)? {
            None => {
                return Err(csv_err(
                    1,
                    "the file is empty: a ledger starts with a header row".into(),
                ));
            }
            Some(Next::Bad(line, message)) => {
                return Err(csv_err(line, format!("the header {message}")));
            }
            Some(Next::Record(line)) => read_header(&rec, file, line)?,
        };
        let mut v = Violations::new();
        let mut rows = 0u64;
        while let Some(next) = rec.next().map_err(io_err)? {
            rows += 1;
            match next {
                Next::Record(line) => self.read_row(&rec, &header, file, line, &mut v),
                Next::Bad(line, message) => v.push(Violation::new(
                    Rule::MalformedRow,
                    Location {
                        file: Some(file.to_owned()),
                        line: Some(line),
                        item: None,
                        field: None,
                    },
                    message,
                )),
            }
        }
        Ok((v, rows))
    }

    fn read_row<R: io::Read>(
        &mut self,
        rec: &Records<R>,
        h: &Header,
        file: &str,
        line: u64,
        v: &mut Violations,
    ) {
        let malformed = |v: &mut Violations, field: Option<&str>, msg: String| {
            v.push(Violation::new(
                Rule::MalformedRow,
                Location {
                    file: Some(file.to_owned()),
                    line: Some(line),
                    item: None,
                    field: field.map(str::to_owned),
                },
                msg,
            ));
        };
        if rec.len() != h.width {
            malformed(
                v,
                None,
                format!(
                    "the row has {} fields, the header has {}",
                    rec.len(),
                    h.width
                ),
            );
            return;
        }
        // One UTF-8 check and one line-break scan for the whole record; the
        // field that holds a problem is found only when there is one.
        let (bytes, ranges) = rec.text();
        let ranges: [Range<usize>; 11] = {
            let mut out: [Range<usize>; 11] = Default::default();
            for (slot, r) in out.iter_mut().zip(ranges) {
                *slot = r;
            }
            out
        };
        // The column of the field holding byte `at` of the record.
        let column_at = |at: usize| {
            let p = (0..h.width)
                .find(|&p| at <= ranges[p].end)
                .unwrap_or(h.width - 1);
            let column = h.pos.iter().position(|x| *x == Some(p)).map(|k| COLUMNS[k]);
            (p, column)
        };
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = e.valid_up_to();
                let (p, column) = column_at(at);
                let msg = format!(
                    "invalid UTF-8 at byte {} of the field",
                    at - ranges[p].start + 1
                );
                malformed(v, column, msg);
                return;
            }
        };
        if let Some(at) = memchr::memchr2(b'\n', b'\r', bytes) {
            let msg = "the field holds a line break (an unbalanced quote?)".into();
            malformed(v, column_at(at).1, msg);
            return;
        }
        let mut f = [""; 11];
        for (k, p) in h.pos.iter().enumerate() {
            let Some(p) = *p else { continue };
            let r = ranges[p].clone();
            if r.len() > MAX_FIELD {
                malformed(
                    v,
                    Some(COLUMNS[k]),
                    format!(
                        "the field is {} bytes long, at most {MAX_FIELD} are plausible",
                        r.len()
                    ),
                );
                return;
            }
            f[k] = &text[r];
        }
        let fields = Fields {
            id: f[0],
            date: DateIn::Text(f[1]),
            project: f[2],
            area: f[3],
            school: f[4],
            pairing: f[5],
            measure: f[6],
            breakdown: f[7],
            value: ValueIn::Text(f[8]),
            source: f[9],
            corrects: f[10],
        };
        self.push_fields(
            text,
            &fields,
            Origin {
                file: Some(file),
                line: Some(line),
            },
            v,
        );
    }

    /// Writes the ledger as CSV (all eleven columns, in [`COLUMNS`] order, LF
    /// line ends), money with two fraction digits.
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    pub fn write_csv<W: io::Write>(&self, out: W) -> io::Result<()> {
        let mut w = io::BufWriter::with_capacity(1 << 16, out);
        writeln!(w, "{}", COLUMNS.join(","))?;
        for e in self.iter() {
            writeln!(
                w,
                "{},{},{},{},{},{},{},{},{},{},{}",
                e.id(),
                e.date(),
                e.project(),
                e.area(),
                opt(e.school()),
                opt(e.pairing()),
                e.measure(),
                opt(e.breakdown()),
                e.value(),
                opt(e.source()),
                e.corrects().map_or("", |c| c.id()),
            )?;
        }
        w.flush()
    }
}
