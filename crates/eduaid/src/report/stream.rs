//! Totals taken while a ledger file is read, without keeping its entries:
//! the same report as [`report`](super::report) over the loaded ledger, in
//! memory that grows with the groups, not with the entries' text (10 to 50
//! bytes an entry, by id style, remain for the checks of later corrections
//! and duplicate ids; see [`report_csv`]).

use std::io;
use std::sync::Arc;

use chrono::NaiveDate;

use super::filter::Filters;
use super::grouping::{Cells, Layout, Stocks, stock_measures};
use super::{Aggregate, Query, Report};
use crate::ledger::{Codes, EntrySink, Vals, day_to_date};
use crate::violation::Violations;
use crate::{Error, Ledger, Programme, ReadOptions, SealedSums};

/// What [`report_csv`] gave (and, with `T` another result made as a file
/// is read, [`reports_csv_with`] or [`Summary::read_csv_with`]).
///
/// [`Summary::read_csv_with`]: crate::Summary::read_csv_with
#[derive(Debug)]
pub struct Streamed<T = Report> {
    /// The totals of the valid entries (or what else was made of them).
    pub report: T,
    /// Every violation, in file order, as [`Ledger::read_csv`] lists them.
    pub violations: Violations,
    /// Data rows read (not counting the header).
    pub rows: u64,
    /// Valid entries (those totalled).
    pub entries: u64,
    /// The date of the latest valid entry, whether or not the query's
    /// dates take it (none without valid entries): what a command that
    /// compares "as of the latest entry" needs, without a second read.
    pub latest: Option<NaiveDate>,
    /// The sums of the sealed months, when the read was asked for them
    /// ([`ReadOptions::fingerprints_through`]): what
    /// [`CloseLog::check_sums`](crate::CloseLog::check_sums) checks a
    /// close log against, the entries being gone.
    pub sealed: Option<SealedSums>,
}

impl<T> Streamed<T> {
    /// Whether every row was valid (warnings allowed).
    #[must_use]
    pub fn is_valid(&self) -> bool {
        !self.violations.has_errors()
    }

    /// The same outcome with `f` of its report.
    #[must_use]
    pub fn map_report<U>(self, f: impl FnOnce(T) -> U) -> Streamed<U> {
        Streamed {
            report: f(self.report),
            violations: self.violations,
            rows: self.rows,
            entries: self.entries,
            latest: self.latest,
            sealed: self.sealed,
        }
    }
}

/// Reads a ledger CSV, checking every row as [`Ledger::read_csv`] does, and
/// totals the valid entries as `query` asks, without keeping them.
///
/// The report equals `report(&Ledger::read_csv(..)?.accept_valid_rows(), query)`,
/// and the violations are the same, in the same order (those kept: see
/// [`ReadOptions::keep_violations`]). Memory grows by what later
/// duplicate-id and correction checks need, plus the groups: about 7 bytes
/// an entry when ids are numbered in file order, 11 when numbered out of
/// order, and 30 to 50 for free-text ids, which are held as 96-bit
/// fingerprints (two different ids are taken for one with probability
/// about n^2 / 2^97 for n ids); a loaded ledger takes about 40 plus the
/// ids' text.
///
/// # Errors
///
/// As [`Ledger::read_csv`], and as [`report`](super::report) for a filter
/// naming a code the programme does not declare or for a grouping of more
/// than 2^64 possible groups.
///
/// ```
/// use std::sync::Arc;
/// use eduaid::{Dim, Ledger, Programme, Query, report, report_csv};
/// let csv = "id,date,project,area,measure,breakdown,value\n\
///            t1,2019-06-25,rural-teachers,fuping,people-trained,local,240\n\
///            t2,2019-06-26,rural-teachers,fuping,people-trained,in-beijing,18\n\
///            t3,2019-02-30,rural-teachers,fuping,people-trained,local,5\n";
/// let p = Arc::new(Programme::canonical());
/// let q = Query::by(&[Dim::Project, Dim::Month])?;
/// let streamed = report_csv(Arc::clone(&p), csv.as_bytes(), "l.csv", &q)?;
/// let loaded = Ledger::read_csv(p, csv.as_bytes(), "l.csv")?;
/// assert_eq!(streamed.violations, loaded.violations); // t3: no 30 February
/// assert_eq!(streamed.report, report(&loaded.accept_valid_rows(), &q)?);
/// assert_eq!((streamed.rows, streamed.entries), (3, 2));
/// # Ok::<(), eduaid::Error>(())
/// ```
pub fn report_csv<R: io::Read>(
    programme: Arc<Programme>,
    input: R,
    file: &str,
    query: &Query,
) -> Result<Streamed, Error> {
    report_csv_with(programme, input, file, query, &ReadOptions::default())
}

/// [`report_csv`] with reading options (strict habits, columns to leave
/// out), as [`Ledger::read_csv_with`].
///
/// # Errors
///
/// As [`report_csv`].
pub fn report_csv_with<R: io::Read>(
    programme: Arc<Programme>,
    input: R,
    file: &str,
    query: &Query,
    opts: &ReadOptions,
) -> Result<Streamed, Error> {
    report_csv_in(programme, input, file, query, opts, None)
}

/// [`report_csv_with`] of several queries in one read: one report a
/// query, in the queries' order, each equal to what [`report_csv_with`]
/// gives for it alone.
///
/// # Errors
///
/// As [`report_csv`].
///
/// ```
/// use std::sync::Arc;
/// use eduaid::{Dim, Programme, Query, ReadOptions, report_csv, reports_csv_with};
/// let csv = "id,date,project,area,measure,breakdown,value\n\
///            t1,2019-06-25,rural-teachers,fuping,people-trained,local,240\n";
/// let p = Arc::new(Programme::canonical());
/// let qs = [Query::by(&[Dim::Month])?, Query::by(&[Dim::Area])?];
/// let both = reports_csv_with(Arc::clone(&p), csv.as_bytes(), "l.csv", &qs, &ReadOptions::default())?;
/// let one = report_csv(p, csv.as_bytes(), "l.csv", &qs[1])?;
/// assert_eq!(both.report[1], one.report);
/// # Ok::<(), eduaid::Error>(())
/// ```
pub fn reports_csv_with<R: io::Read>(
    programme: Arc<Programme>,
    input: R,
    file: &str,
    queries: &[Query],
    opts: &ReadOptions,
) -> Result<Streamed<Vec<Report>>, Error> {
    let read = read_csv_into(programme, input, file, opts, None, |codes| {
        (queries.iter())
            .map(|q| StreamSink::new(codes, q))
            .collect::<Result<Vec<_>, _>>()
    })?;
    read.map(|sinks, codes| {
        (sinks.into_iter())
            .map(|s| Ok(s.finish(codes)?.finish()))
            .collect()
    })
}

/// A ledger CSV read into a sink: the sink, the code tables its entries'
/// ids stand for, and the read's outcome (`report` unused until
/// [`ReadInto::map`] makes it).
pub(crate) struct ReadInto<S> {
    sink: S,
    codes: Codes,
    read: Streamed<()>,
}

impl<S> ReadInto<S> {
    /// The date of the latest valid entry, if any.
    pub(crate) fn latest(&self) -> Option<NaiveDate> {
        self.read.latest
    }

    /// The outcome, with what `finish` makes of the sink for its report.
    pub(crate) fn map<T>(
        self,
        finish: impl FnOnce(S, &Codes) -> Result<T, Error>,
    ) -> Result<Streamed<T>, Error> {
        let report = finish(self.sink, &self.codes)?;
        Ok(self.read.map_report(|()| report))
    }
}

/// Reads a ledger CSV, checking every row as [`Ledger::read_csv`] does,
/// into the sink `make` builds from the code tables (interning the codes
/// its filters name), on `threads` threads in blocks of `block` bytes when
/// `split` gives them (else as `append_csv` chooses).
pub(crate) fn read_csv_into<R: io::Read, S: EntrySink>(
    programme: Arc<Programme>,
    input: R,
    file: &str,
    opts: &ReadOptions,
    split: Option<(usize, usize)>,
    make: impl FnOnce(&mut Codes) -> Result<S, Error>,
) -> Result<ReadInto<S>, Error> {
    let mut codes = Codes::new(programme);
    let sink = make(&mut codes)?;
    let mut ledger = Ledger::lean(codes);
    let ((sink, read), sealed) = ledger.summing_sealed(opts, |l| {
        l.with_sink(sink, |l| match split {
            None => l.append_csv_with(input, file, opts),
            Some(split) => l.append_csv_in(input, file, opts, split),
        })
    });
    let (violations, rows) = read?;
    let latest = ledger.latest_day().map(day_to_date);
    Ok(ReadInto {
        read: Streamed {
            report: (),
            violations,
            rows,
            entries: ledger.ids.len() as u64,
            latest,
            sealed,
        },
        codes: ledger.codes,
        sink,
    })
}

/// [`report_csv`], reading on `threads` threads in blocks of `block` bytes
/// when given (else as `append_csv` chooses).
pub(crate) fn report_csv_in<R: io::Read>(
    programme: Arc<Programme>,
    input: R,
    file: &str,
    query: &Query,
    opts: &ReadOptions,
    split: Option<(usize, usize)>,
) -> Result<Streamed, Error> {
    let read = read_csv_into(programme, input, file, opts, split, |codes| {
        StreamSink::new(codes, query)
    })?;
    read.map(|sink, codes| Ok(sink.finish(codes)?.finish()))
}

/// Flow adds waiting at most: made a batch at a time, so that the cache
/// misses of many overlap.
const PENDING: usize = 2048;

/// Running totals of entries as they are accepted, keyed by a layout that
/// grows as codes, pairs and months come.
#[derive(Debug)]
pub(crate) struct StreamSink {
    layout: Layout,
    /// Filter codes of open lists are interned first, so entries with them
    /// match.
    filters: Filters,
    is_stock: Vec<bool>,
    cells: Cells,
    /// Flow adds not yet made: keys and values.
    pending: (Vec<u64>, Vec<i64>),
    /// Flow entries accepted.
    flows: u64,
    stocks: Stocks,
    /// A grouping with more possible groups than 2^64, if met.
    error: Option<Error>,
}

impl StreamSink {
    /// A sink for `q`. Filter codes of open lists are interned into
    /// `codes`.
    pub(crate) fn new(codes: &mut Codes, q: &Query) -> Result<StreamSink, Error> {
        let p = Arc::clone(&codes.programme);
        let filters = Filters::new(q, &p, |kind, c| codes.id_or_intern(kind, c))?;
        let calendar = q.calendar.unwrap_or_else(|| p.calendar());
        let layout = Layout::new(codes, q.columns(), calendar, None, None)?;
        Ok(StreamSink {
            cells: Cells::new(0, dense_limit(0)),
            layout,
            filters,
            is_stock: stock_measures(&p),
            pending: (Vec::with_capacity(PENDING), Vec::with_capacity(PENDING)),
            flows: 0,
            stocks: Stocks::default(),
            error: None,
        })
    }

    /// Makes the pending flow adds.
    fn flush(&mut self) {
        let (keys, values) = &mut self.pending;
        self.cells.add_all(keys, values);
        keys.clear();
        values.clear();
    }

    /// Gives every value of `e` a digit, moving the totals so far when the
    /// layout grows; its key, or `None` past 2^64 possible groups.
    #[cold]
    fn admit(&mut self, e: &Vals) -> Option<u64> {
        if self.error.is_some() {
            return None;
        }
        self.flush();
        match self.layout.admit(e) {
            Ok(None) => {}
            Ok(Some(rekey)) => {
                self.cells.rekey(&rekey, dense_limit(self.flows));
                self.stocks.rekey(&rekey);
            }
            Err(err) => {
                self.error.get_or_insert(err);
                return None;
            }
        }
        self.layout.key(e)
    }

    /// The aggregate, keys as codes, flows in key order.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] when the grouping had more possible groups than
    /// 2^64.
    pub(crate) fn finish(mut self, codes: &Codes) -> Result<Aggregate, Error> {
        self.flush();
        match self.error {
            Some(e) => Err(e),
            None => self.layout.aggregate(codes, &self.cells, &self.stocks),
        }
    }
}

/// Cells a sink keeps dense at most, after `flows` flow entries: past
/// that, a crafted file of one entry in each of many months would make
/// the array far larger than what it holds, so it hashes instead.
fn dense_limit(flows: u64) -> u64 {
    (1 << 20) + 16 * flows
}

impl EntrySink for StreamSink {
    fn accept(&mut self, index: u32, e: &Vals, root: Option<u32>, _print: Option<u128>) {
        let stock = self.is_stock[usize::from(e.measure)];
        if let (true, Some(root)) = (stock, root) {
            // A correction of a snapshot, wherever it lies.
            self.stocks.correct(root, e.value);
            return;
        }
        if !self.filters.admits(e.day, e.project, e.area, e.measure) {
            return;
        }
        let Some(key) = self.layout.key(e).or_else(|| self.admit(e)) else {
            return;
        };
        if stock {
            self.stocks.offer(key, index, e);
        } else {
            self.flows += 1;
            self.cells.reach(key, dense_limit(self.flows));
            self.pending.0.push(key);
            self.pending.1.push(e.value);
            if self.pending.0.len() == PENDING {
                self.flush();
            }
        }
    }
}
