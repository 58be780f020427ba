//! Grouped totals: the sum of values and count of entries grouped by any
//! combination of project, area, school, pairing, measure, breakdown, funding
//! source, statistics month and statistics year.
//!
//! Flows are summed; a stock measure takes, for each series (the same project,
//! area, school, pairing, breakdown and source), its latest value in the period
//! and is summed across series, never over time. Sums are exact (`i128` in
//! base units: fen for money), and partial aggregates over parts of a ledger
//! merge into the aggregate of the whole.

use crate::Subject;
use crate::number::{HUNDREDTHS_MAX, put_digits, put_hundredths};
use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::ops::Range;

use chrono::NaiveDate;
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::{Code, Dim, Error, Ledger, StatCalendar, StatMonth, Unit};

/// What to total: grouping dimensions, filters and the statistics calendar.
///
/// ```
/// use eduaid::{Dim, Query, parse_date};
/// // Cumulative since 2016, as of 25 June 2019, by project.
/// let q = Query::by(&[Dim::Project])?
///     .from(parse_date("2016-01-01")?)
///     .to(parse_date("2019-06-25")?);
/// assert_eq!(q.columns(), [Dim::Project, Dim::Measure]);
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    by: Vec<Dim>,
    calendar: Option<StatCalendar>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    projects: Vec<Code>,
    areas: Vec<Code>,
    measures: Vec<Code>,
}

impl Query {
    /// Totals grouped by `dims` (the measure is added if not among them).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when a dimension is repeated.
    pub fn by(dims: &[Dim]) -> Result<Query, Error> {
        if let Some((i, d)) = dims
            .iter()
            .enumerate()
            .find(|(i, d)| dims[..*i].contains(d))
        {
            return Err(Error::invalid(
                Subject::Grouping,
                format!("{d} is given twice (position {})", i + 1),
            ));
        }
        Ok(Query {
            by: dims.to_vec(),
            calendar: None,
            from: None,
            to: None,
            projects: Vec::new(),
            areas: Vec::new(),
            measures: Vec::new(),
        })
    }

    /// Uses this statistics calendar instead of the programme's.
    #[must_use]
    pub fn calendar(mut self, calendar: StatCalendar) -> Query {
        self.calendar = Some(calendar);
        self
    }
    /// Only entries on or after `date`.
    #[must_use]
    pub fn from(mut self, date: NaiveDate) -> Query {
        self.from = Some(date);
        self
    }
    /// Only entries on or before `date`.
    #[must_use]
    pub fn to(mut self, date: NaiveDate) -> Query {
        self.to = Some(date);
        self
    }
    /// Only entries of this project (repeat for several).
    #[must_use]
    pub fn project(mut self, code: Code) -> Query {
        self.projects.push(code);
        self
    }
    /// Only entries of this area (repeat for several).
    #[must_use]
    pub fn area(mut self, code: Code) -> Query {
        self.areas.push(code);
        self
    }
    /// Only entries of this measure (repeat for several).
    #[must_use]
    pub fn measure(mut self, code: Code) -> Query {
        self.measures.push(code);
        self
    }

    /// The output key columns: the dimensions asked, then `measure` if it was
    /// not among them.
    #[must_use]
    pub fn columns(&self) -> Vec<Dim> {
        let mut c = self.by.clone();
        if !c.contains(&Dim::Measure) {
            c.push(Dim::Measure);
        }
        c
    }
}

/// One key value of a report row.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Key {
    /// No value (an entry without school, pairing, breakdown or source).
    None,
    /// A code.
    Code(Code),
    /// A statistics month.
    Month(StatMonth),
    /// A statistics year.
    Year(i32),
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::None => Ok(()),
            Key::Code(c) => f.write_str(c.as_str()),
            Key::Month(m) => m.fmt(f),
            Key::Year(y) => y.fmt(f),
        }
    }
}

impl Key {
    /// Appends the key as [`Display`](fmt::Display) writes it, without
    /// going through `fmt` (for [`Report::write_csv`]).
    fn push_to(&self, out: &mut Vec<u8>) {
        match self {
            Key::None => {}
            Key::Code(c) => out.extend_from_slice(c.as_str().as_bytes()),
            Key::Month(m) => m.push_to(out),
            Key::Year(y) => out.extend_from_slice(itoa::Buffer::new().format(*y).as_bytes()),
        }
    }
}

impl Serialize for Key {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Key::None => s.serialize_none(),
            Key::Year(y) => s.serialize_i32(*y),
            other => s.collect_str(other),
        }
    }
}

/// An exact total in a unit: `i128` base units (fen for yuan), so no sum of
/// a ledger can overflow.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Total {
    units: i128,
    unit: Unit,
}

impl Total {
    /// A total of `units` base units (fen for yuan).
    #[must_use]
    pub const fn new(units: i128, unit: Unit) -> Total {
        Total { units, unit }
    }
    /// The base units (fen for yuan, whole units otherwise).
    #[must_use]
    pub const fn base_units(self) -> i128 {
        self.units
    }
    /// The unit.
    #[must_use]
    pub const fn unit(self) -> Unit {
        self.unit
    }
    /// The total as an exact decimal in its unit.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] beyond `Decimal`'s 96-bit range (about 7.9e26 fen);
    /// [`Total`]'s `Display` is exact at any size.
    pub fn to_decimal(self) -> Result<Decimal, Error> {
        Decimal::try_from_i128_with_scale(self.units, u32::from(self.unit.fraction_digits()))
            .map_err(|_| Error::Overflow(format!("total {self} exceeds the decimal range")))
    }

    /// The most bytes [`Total::put`] writes.
    const TEXT_MAX: usize = HUNDREDTHS_MAX;

    /// Writes the total as [`Display`](fmt::Display) writes it, without
    /// going through `fmt`, into `out` from `at`, which must leave
    /// [`Total::TEXT_MAX`] bytes; returns where it ended (for
    /// [`Report::write_csv`]).
    fn put(self, out: &mut [u8], mut at: usize) -> usize {
        if self.unit.is_money() {
            return put_hundredths(self.units, 2, out, at);
        }
        if self.units < 0 {
            out[at] = b'-';
            at += 1;
        }
        put_digits(self.units.unsigned_abs(), out, at)
    }
}

impl fmt::Display for Total {
    /// Money with exactly 2 fraction digits, counts as whole numbers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = [0; Total::TEXT_MAX];
        let n = self.put(&mut s, 0);
        f.pad(std::str::from_utf8(&s[..n]).expect("digits, a sign and a point"))
    }
}

impl Serialize for Total {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Accumulated flow sums, or the latest snapshot of each stock series.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Acc {
    sum: i128,
    entries: u64,
    unit: Unit,
}

/// A partial aggregate: mergeable with the aggregate of another part of the
/// ledger (another range, file or machine) into the aggregate of the whole.
///
/// Keys are held as codes, not as a ledger's interned ids, so aggregates of
/// separately loaded ledgers merge correctly.
///
/// ```
/// use std::sync::Arc;
/// use eduaid::{Aggregate, Dim, Ledger, Programme, Query, report};
/// let csv = "id,date,project,area,measure,breakdown,value,source\n\
///            a,2019-05-20,pupil-health,fuping,funds,poor-pupil,100.50,social-capital\n\
///            b,2019-05-26,pupil-health,fuping,funds,general,20,social-capital\n\
///            c,2019-06-26,pupil-health,laiyuan,funds,poor-pupil,7,social-capital\n";
/// let ledger = Ledger::read_csv(Arc::new(Programme::canonical()), csv.as_bytes(), "l.csv")?.into_ledger()?;
/// let q = Query::by(&[Dim::Month])?;
/// let mut first = Aggregate::over(&ledger, &q, 0..2)?;
/// first.merge(Aggregate::over(&ledger, &q, 2..3)?)?;
/// assert_eq!(first.finish(), report(&ledger, &q)?);
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Aggregate {
    columns: Vec<Dim>,
    flows: Keyed,
    /// (group, series) -> latest snapshot, for stock measures.
    stocks: BTreeMap<(Vec<Key>, Vec<Key>), (Snapshot, Unit)>,
}

/// A finished report: rows sorted by their key columns.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Report {
    columns: Vec<Dim>,
    rows: Keyed,
}

/// Totals a ledger as the query asks, in parallel for large ledgers.
///
/// # Errors
///
/// [`Error::InvalidValue`] when a filter names a code the ledger's programme
/// does not know of in a list it declares (a misspelt measure must not give an
/// empty report silently); [`Error::Overflow`] when the key columns' codes
/// combine into more than 2^64 possible groups.
///
/// ```
/// use std::sync::Arc;
/// use eduaid::{Dim, Ledger, Programme, Query, report};
/// let csv = "id,date,project,area,measure,breakdown,value\n\
///            t1,2019-06-25,rural-teachers,fuping,people-trained,local,240\n\
///            t2,2019-06-26,rural-teachers,fuping,people-trained,in-beijing,18\n";
/// let ledger = Ledger::read_csv(Arc::new(Programme::canonical()), csv.as_bytes(), "l.csv")?.into_ledger()?;
/// let r = report(&ledger, &Query::by(&[Dim::Project, Dim::Area, Dim::Month])?)?;
/// let mut out = Vec::new();
/// r.write_csv(&mut out).expect("writing to a Vec");
/// assert_eq!(String::from_utf8(out).unwrap(), "\
/// project,area,month,measure,value,entries
/// rural-teachers,fuping,2019-06,people-trained,240,1
/// rural-teachers,fuping,2019-07,people-trained,18,1
/// ");
/// assert!(report(&ledger, &Query::by(&[])?.measure("people-traned".parse()?)).is_err());
/// # Ok::<(), eduaid::Error>(())
/// ```
pub fn report(ledger: &Ledger, query: &Query) -> Result<Report, Error> {
    const PAR_MIN: usize = 1 << 17;
    let n = ledger.len();
    let engine = Engine::new(ledger, query)?;
    let threads = rayon::current_num_threads();
    let cells = if n >= PAR_MIN && threads > 1 {
        // One range per thread: each fills its own cells, merged once.
        let chunk = n.div_ceil(threads);
        (0..threads)
            .into_par_iter()
            .map(|t| engine.accumulate(ledger, (t * chunk).min(n)..((t + 1) * chunk).min(n)))
            .reduce_with(|mut a, b| {
                a.merge(b);
                a
            })
            .unwrap_or_else(|| engine.accumulate(ledger, 0..0))
    } else {
        engine.accumulate(ledger, 0..n)
    };
    Ok(engine.aggregate(ledger, &cells, 0..n)?.finish())
}

impl Aggregate {
    /// The aggregate of the entries in `range` (positions in the ledger), on
    /// this thread.
    ///
    /// # Errors
    ///
    /// As [`report`].
    pub fn over(ledger: &Ledger, query: &Query, range: Range<usize>) -> Result<Aggregate, Error> {
        let range = range.start.min(ledger.len())..range.end.min(ledger.len());
        let engine = Engine::new(ledger, query)?;
        let cells = engine.accumulate(ledger, range.clone());
        engine.aggregate(ledger, &cells, range)
    }

    /// Adds the aggregate of a *later* part (for stocks, on equal dates the
    /// later part's snapshot wins, as it would in the whole ledger).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when the two were grouped differently.
    pub fn merge(&mut self, later: Aggregate) -> Result<(), Error> {
        if self.columns != later.columns {
            return Err(Error::invalid(
                Subject::Aggregate,
                "cannot merge aggregates grouped by different columns",
            ));
        }
        self.flows = std::mem::take(&mut self.flows).merge(later.flows);
        for (k, (a, unit)) in later.stocks {
            self.stocks
                .entry(k)
                .and_modify(|(b, _)| b.offer(a))
                .or_insert((a, unit));
        }
        Ok(())
    }

    /// The report: flows as summed, stocks as the sum of each series' latest
    /// snapshot.
    #[must_use]
    pub fn finish(self) -> Report {
        let mut stocks: BTreeMap<Vec<Key>, Acc> = BTreeMap::new();
        for ((group, _series), (latest, unit)) in self.stocks {
            let acc = stocks.entry(group).or_insert(Acc {
                sum: 0,
                entries: 0,
                unit,
            });
            acc.sum += i128::from(latest.value);
            acc.entries += latest.entries;
        }
        let stocks = Keyed::from_sorted(self.columns.len(), stocks.into_iter().collect());
        Report {
            columns: self.columns,
            rows: self.flows.merge(stocks),
        }
    }
}

impl Report {
    /// The key columns, in order.
    #[must_use]
    pub fn columns(&self) -> &[Dim] {
        &self.columns
    }
    /// The rows, sorted by their keys.
    #[must_use]
    pub fn rows(&self) -> Rows<'_> {
        self.rows.rows()
    }
    /// Row `i` (in key order), if there is one.
    #[must_use]
    pub fn row(&self, i: usize) -> Option<Row<'_>> {
        (i < self.len()).then(|| self.rows.rows_in(i..i + 1).next())?
    }
    /// How many rows (groups) there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len()
    }
    /// Whether there is no row.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.len() == 0
    }
    /// The position of a column.
    #[must_use]
    pub fn column(&self, dim: Dim) -> Option<usize> {
        self.columns.iter().position(|d| *d == dim)
    }
    /// The total of the rows whose keys match every `(dim, value)` given (a
    /// value of `""` matches an absent key), or `None` when no row matches.
    /// Rows must share a unit: give the measure.
    #[must_use]
    pub fn total(&self, filter: &[(Dim, &str)]) -> Option<Total> {
        let cols: Vec<(usize, &str)> = filter
            .iter()
            .map(|(d, v)| self.column(*d).map(|c| (c, *v)))
            .collect::<Option<_>>()?;
        let mut out: Option<Total> = None;
        for r in self.rows() {
            if cols.iter().all(|(c, v)| r.key(*c).to_string() == *v) {
                out = Some(match out {
                    None => r.value(),
                    Some(t) => Total::new(t.units + r.value().units, t.unit),
                });
            }
        }
        out
    }

    /// Writes the report's CSV form: key columns, `value`, `entries`; money
    /// with exactly 2 fraction digits, counts whole.
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    pub fn write_csv<W: io::Write>(&self, mut out: W) -> io::Result<()> {
        // No field ever needs quotes: codes hold no comma, quote, space or
        // line break (see [`Code`]), and months, years and numbers none
        // either. So each line is written as it is, without `fmt`, each
        // distinct key once, and parts of the rows on every thread at a
        // time: a report of millions of groups spent most of its writing
        // time formatting.
        let header: Vec<&str> = self
            .columns
            .iter()
            .map(|d| d.name())
            .chain(["value", "entries"])
            .collect();
        out.write_all(format!("{}\n", header.join(",")).as_bytes())?;
        let keys: Vec<Vec<KeyField>> = (self.rows.tables().iter())
            .map(|table| table.iter().map(KeyField::new).collect())
            .collect();
        // Each part is written into a buffer with room for its longest
        // lines, so no write checks for room or calls to copy.
        let line_max = (keys.iter())
            .map(|t| t.iter().map(KeyField::room).max().unwrap_or(0))
            .sum::<usize>()
            + Total::TEXT_MAX
            + ",18446744073709551615\n".len();
        let write_part = |rows: Range<usize>, text: &mut Vec<u8>| -> usize {
            let need = rows.len() * line_max;
            if text.len() < need {
                text.resize(need, 0);
            }
            let mut at = 0;
            for (pos, acc) in self.rows.parts_in(rows) {
                for (&p, keys) in pos.iter().zip(&keys) {
                    at = keys[p as usize].put(text, at);
                }
                at = Total::new(acc.sum, acc.unit).put(text, at);
                text[at] = b',';
                at = put_digits(u128::from(acc.entries), text, at + 1);
                text[at] = b'\n';
                at += 1;
            }
            at
        };
        let n = self.len();
        let parts: Vec<Range<usize>> = (0..n)
            .step_by(WRITE_PART)
            .map(|s| s..(s + WRITE_PART).min(n))
            .collect();
        // A batch is written out on this thread while the next is
        // formatted on the pool, which used to wait for the copy into the
        // writer (combined's report: 144 MB, 2.6M rows).
        let width = 2 * rayon::current_num_threads();
        let batches: Vec<&[Range<usize>]> = parts.chunks(width).collect();
        // Each buffer with the length of its text.
        let (mut ready, mut making) = (vec![(Vec::new(), 0); width], vec![(Vec::new(), 0); width]);
        for i in 0..=batches.len() {
            rayon::in_place_scope(|s| {
                for ((text, len), rows) in making
                    .iter_mut()
                    .zip(batches.get(i).copied().unwrap_or(&[]))
                {
                    s.spawn(|_| *len = write_part(rows.clone(), text));
                }
                let written = i.checked_sub(1).map_or(0, |w| batches[w].len());
                (ready[..written].iter()).try_for_each(|(text, len)| out.write_all(&text[..*len]))
            })?;
            std::mem::swap(&mut ready, &mut making);
        }
        out.flush()
    }
}

/// A key's text and the comma after it, as [`Report::write_csv`] copies
/// it: padded to [`KeyField::PAD`] bytes and copied whole, by a fixed-size
/// move instead of a call to copy, or if longer as it is. With numbers
/// written digit pair by digit pair into a buffer with room, formatting
/// combined's 2.6M rows went from about 50 to 25 ns a row (`perf`).
struct KeyField {
    len: usize,
    padded: [u8; KeyField::PAD],
    long: Box<[u8]>,
}

impl KeyField {
    const PAD: usize = 32;

    fn new(key: &Key) -> KeyField {
        let mut text = Vec::new();
        key.push_to(&mut text);
        text.push(b',');
        let (len, mut padded) = (text.len(), [0; KeyField::PAD]);
        let long = match padded.get_mut(..len) {
            Some(head) => {
                head.copy_from_slice(&text);
                Box::default()
            }
            None => text.into_boxed_slice(),
        };
        KeyField { len, padded, long }
    }

    /// The bytes [`KeyField::put`] may write.
    fn room(&self) -> usize {
        self.len.max(KeyField::PAD)
    }

    /// Writes the field into `out` from `at`, which must leave
    /// [`KeyField::room`] bytes; returns where the field ended.
    fn put(&self, out: &mut [u8], at: usize) -> usize {
        if self.len <= KeyField::PAD {
            out[at..at + KeyField::PAD].copy_from_slice(&self.padded);
        } else {
            out[at..at + self.len].copy_from_slice(&self.long);
        }
        at + self.len
    }
}

/// Rows [`Report::write_csv`] formats on one thread at a time.
const WRITE_PART: usize = 1 << 13;

impl Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        struct R<'a>(&'a [Dim], Row<'a>);
        impl Serialize for R<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len() + 3))?;
                for (d, k) in self.0.iter().zip(self.1.keys()) {
                    m.serialize_entry(d.name(), k)?;
                }
                m.serialize_entry("unit", self.1.value().unit.code())?;
                m.serialize_entry("value", &self.1.value())?;
                m.serialize_entry("entries", &self.1.entries())?;
                m.end()
            }
        }
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for r in self.rows() {
            seq.serialize_element(&R(&self.columns, r))?;
        }
        seq.end()
    }
}

mod engine;
mod filter;
mod grouping;
mod keyed;
mod stream;

use engine::Engine;
use grouping::Snapshot;
pub(crate) use grouping::{replaces, stock_series};
use keyed::Keyed;
pub use keyed::{Row, Rows};
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) use stream::report_csv_in;
pub(crate) use stream::{StreamSink, read_csv_into};
pub use stream::{Streamed, report_csv, report_csv_with, reports_csv_with};

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{Key, Total};
    use crate::{Code, StatMonth, Unit};

    /// What [`Total::put`] writes, checked to stay within its room.
    fn put(t: Total) -> String {
        let mut out = [0xFF; Total::TEXT_MAX + 2];
        let end = t.put(&mut out, 1);
        assert_eq!(
            (out[0], out[end..].iter().all(|&b| b == 0xFF)),
            (0xFF, true)
        );
        String::from_utf8(out[1..end].to_vec()).expect("ASCII")
    }

    fn pushed(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut out = Vec::new();
        f(&mut out);
        String::from_utf8(out).expect("ASCII")
    }

    proptest! {
        /// The CSV writer's fast path writes what `Display` writes (and
        /// what it wrote before the fast path: the formatting of money).
        #[test]
        fn totals_are_written_as_displayed(units in any::<i128>(), money in any::<bool>()) {
            let t = Total::new(units, if money { Unit::Yuan } else { Unit::Count });
            // The formatting the writer had before it wrote bytes.
            let before = if money {
                let (sign, a) = (if units < 0 { "-" } else { "" }, units.unsigned_abs());
                format!("{sign}{}.{:02}", a / 100, a % 100)
            } else {
                units.to_string()
            };
            prop_assert_eq!(put(t), before.clone());
            prop_assert_eq!(t.to_string(), before);
        }

        #[test]
        fn months_and_years_are_written_as_displayed(year in 1i32..=9999, month in 1u32..=12) {
            let m = StatMonth::new(year, month).expect("a month");
            let text = format!("{year:04}-{month:02}");
            prop_assert_eq!(pushed(|o| Key::Month(m).push_to(o)), text.clone());
            prop_assert_eq!(m.to_string(), text);
            prop_assert_eq!(pushed(|o| Key::Year(year).push_to(o)), year.to_string());
        }
    }

    /// Totals where the writer's 64-bit paths meet the 128-bit ones.
    #[test]
    fn totals_at_64_bits_are_written_as_displayed() {
        let (i, u) = (i128::from(i64::MAX), i128::from(u64::MAX));
        for units in [
            i - 1,
            i,
            i + 1,
            -i,
            -i - 1,
            -i - 2,
            u - 1,
            u,
            u + 1,
            -u,
            -u - 1,
            0,
            -1,
        ] {
            let (sign, a) = (if units < 0 { "-" } else { "" }, units.unsigned_abs());
            let count = Total::new(units, Unit::Count);
            assert_eq!(put(count), units.to_string());
            let money = Total::new(units, Unit::Yuan);
            let text = format!("{sign}{}.{:02}", a / 100, a % 100);
            assert_eq!(put(money), text);
        }
    }

    #[test]
    fn keys_at_the_edges_are_written_as_displayed() {
        for k in [
            Key::None,
            Key::Code(Code::new("阜平县第一小学").expect("a code")),
            Key::Month(StatMonth::FIRST),
            Key::Month(StatMonth::LAST),
            Key::Year(-1),
            Key::Year(i32::MIN),
        ] {
            assert_eq!(pushed(|o| k.push_to(o)), k.to_string());
        }
        assert_eq!(StatMonth::FIRST.to_string(), "0001-01");
        assert_eq!(StatMonth::LAST.to_string(), "10000-01");
    }
}
