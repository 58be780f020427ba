//! How a ledger file is read: its encoding, strictly or not, and which
//! extra columns to leave out.

use crate::Error;
use crate::StatMonth;
use crate::Subject;

/// Options for reading a ledger file ([`Ledger::read_csv_with`](crate::Ledger::read_csv_with),
/// [`report_csv_with`](crate::report_csv_with)).
///
/// ```
/// use std::sync::Arc;
/// use eduaid::{Ledger, Programme, ReadOptions, Rule};
/// let csv = "id,date,project,area,measure,value,备注\n\
///            a1,2019/5/20,principal-studios,fuping,activities,3,第一次\n";
/// let p = Arc::new(Programme::canonical());
/// let opts = ReadOptions::new().ignore_column("备注");
/// let loaded = Ledger::read_csv_with(Arc::clone(&p), csv.as_bytes(), "l.csv", &opts)?;
/// assert_eq!(loaded.valid_rows().len(), 1); // read, with a warning for the slashes
/// assert!(loaded.violations.contains(Rule::DateSlashes) && loaded.is_valid());
/// let strict = opts.strict(true);
/// let loaded = Ledger::read_csv_with(p, csv.as_bytes(), "l.csv", &strict)?;
/// assert_eq!(loaded.valid_rows().len(), 0); // the habit is an error
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    encoding: Encoding,
    strict: bool,
    ignore: Vec<String>,
    keep: Option<usize>,
    fingerprints: Option<StatMonth>,
    length: Option<u64>,
}

impl ReadOptions {
    /// The defaults: spreadsheet habits read with warnings, every column
    /// known (or listed by the programme as ignored).
    #[must_use]
    pub fn new() -> ReadOptions {
        ReadOptions::default()
    }

    /// Whether spreadsheet habits (warnings W005 to W012) are errors
    /// instead, so a pipeline accepts only the interchange's own forms.
    #[must_use]
    pub fn strict(mut self, yes: bool) -> ReadOptions {
        self.strict = yes;
        self
    }

    /// Leaves a column out: its header name is matched as the ledger's own
    /// are (spaces trimmed, ASCII case ignored). Its fields are not read,
    /// so they may hold any text quoting allows, line breaks included (a
    /// remark typed on two lines).
    #[must_use]
    pub fn ignore_column(mut self, name: impl Into<String>) -> ReadOptions {
        self.ignore.push(name.into());
        self
    }

    /// How the file's bytes are read: [`Encoding::Auto`] (the default)
    /// finds GB18030 or UTF-16 from the bytes, with one warning (`W013`);
    /// a forced encoding is never second-guessed.
    #[must_use]
    pub fn encoding(mut self, encoding: Encoding) -> ReadOptions {
        self.encoding = encoding;
        self
    }

    /// Keeps only the first `n` errors and the first `n` warnings in the
    /// violations a read returns; every one is still counted
    /// ([`Violations::keeping`](crate::Violations::keeping)). For a caller
    /// that reports a count and the first error: a ledger with a warning on
    /// every row then costs no memory for them. By default all are kept.
    #[must_use]
    pub fn keep_violations(mut self, n: usize) -> ReadOptions {
        self.keep = Some(n);
        self
    }

    /// Sums, as the rows are read, the fingerprints of the entries dated
    /// in the statistics months up to `month`, month by month (the sums a
    /// close log records: see [`CloseLog`](crate::CloseLog)), so that
    /// [`CloseLog::check_loaded`](crate::CloseLog::check_loaded) of a log
    /// sealed through `month` need not walk the ledger again: each row is
    /// fingerprinted by the thread that checks it, while its text is in
    /// cache, and counted only if it is appended. Only
    /// [`Ledger::read_csv_with`](crate::Ledger::read_csv_with) takes the
    /// sums (and keeps them in its [`Loaded`](crate::Loaded)); other reads
    /// ignore this. Off by default: a read not asked for them pays nothing.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use eduaid::{CloseLog, Ledger, Programme, ReadOptions, StatMonth, parse_date};
    /// let csv = "id,date,project,area,measure,breakdown,value\n\
    ///            t1,2019-05-20,rural-teachers,fuping,people-trained,local,12\n";
    /// let p = Arc::new(Programme::canonical());
    /// let may: StatMonth = "2019-05".parse()?;
    /// let ledger = Ledger::read_csv(Arc::clone(&p), csv.as_bytes(), "l.csv")?.into_ledger()?;
    /// let mut log = CloseLog::new("l.csv.closes.jsonl");
    /// log.close(&ledger, may, "王芳", None, parse_date("2019-05-27")?)?;
    /// // Read again with the sums of the months the log seals: checked from them.
    /// let opts = ReadOptions::new().fingerprints_through(may);
    /// let loaded = Ledger::read_csv_with(p, csv.as_bytes(), "l.csv", &opts)?;
    /// assert!(log.check_loaded(&loaded, "l.csv").is_empty());
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    #[must_use]
    pub fn fingerprints_through(mut self, month: StatMonth) -> ReadOptions {
        self.fingerprints = Some(month);
        self
    }

    /// The input's length in bytes, when the caller knows it (a file's
    /// length): a hint, never checked against the input. A read on threads
    /// then projects from the rows read so far how many ids it will see,
    /// and sizes its table of free-text ids once for them instead of
    /// doubling it again and again. Measured on five million free-text
    /// ids: a read that keeps no entries ([`report_csv`](crate::report_csv))
    /// takes about a fifth less time; a ledger loaded
    /// ([`Ledger::read_csv_with`](crate::Ledger::read_csv_with)) a quarter
    /// less time and a quarter less peak memory. A wrong length costs time
    /// or memory, never a different result.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use eduaid::{Dim, Programme, Query, ReadOptions, report_csv_with};
    /// let csv = "id,date,project,area,measure,breakdown,value\n\
    ///            t1,2019-05-20,rural-teachers,fuping,people-trained,local,12\n";
    /// let opts = ReadOptions::new().input_len(csv.len() as u64);
    /// let p = Arc::new(Programme::canonical());
    /// let q = Query::by(&[Dim::Project])?;
    /// let streamed = report_csv_with(p, csv.as_bytes(), "l.csv", &q, &opts)?;
    /// assert_eq!(streamed.entries, 1);
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    #[must_use]
    pub fn input_len(mut self, bytes: u64) -> ReadOptions {
        self.length = Some(bytes);
        self
    }

    /// The input's length given by [`ReadOptions::input_len`], if any.
    #[must_use]
    pub fn input_len_given(&self) -> Option<u64> {
        self.length
    }

    /// The last month whose fingerprints a read sums, if asked
    /// ([`ReadOptions::fingerprints_through`]).
    #[must_use]
    pub fn fingerprinted_through(&self) -> Option<StatMonth> {
        self.fingerprints
    }

    /// How many errors and warnings a read keeps at most, of each.
    pub(crate) fn kept_violations(&self) -> Option<usize> {
        self.keep
    }

    /// The encoding asked for.
    #[must_use]
    pub fn encoding_asked(&self) -> Encoding {
        self.encoding
    }

    /// Whether reading is strict.
    #[must_use]
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    /// The columns left out.
    #[must_use]
    pub fn ignored_columns(&self) -> &[String] {
        &self.ignore
    }
}

/// How the bytes of a ledger file are to be read.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-8 (with or without a BOM); a file that is not valid UTF-8 but is
    /// valid GB18030 is read as GB18030, and UTF-16 with a byte order mark
    /// as UTF-16 (tab-separated when its first line holds a tab), each with
    /// one warning [`Rule::ReadAsEncoding`](crate::Rule::ReadAsEncoding).
    #[default]
    Auto,
    /// UTF-8 only: a byte sequence that is not UTF-8 makes its row invalid.
    Utf8,
    /// GB18030 (which includes GBK and GB2312), without a warning.
    Gb18030,
}

impl Encoding {
    /// The encoding's name, as `--encoding` takes it.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Encoding::Auto => "auto",
            Encoding::Utf8 => "utf-8",
            Encoding::Gb18030 => "gb18030",
        }
    }
}

impl std::str::FromStr for Encoding {
    type Err = Error;

    /// `auto`, `utf-8` (or `utf8`) or `gb18030` (or `gbk`), ASCII case ignored.
    fn from_str(s: &str) -> Result<Encoding, Error> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(Encoding::Auto),
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "gb18030" | "gbk" => Ok(Encoding::Gb18030),
            _ => Err(Error::invalid(
                Subject::Encoding,
                format!("{s:?} is not one of auto, utf-8, gb18030"),
            )),
        }
    }
}
