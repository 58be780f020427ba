//! Totals taken while a ledger file is read, without keeping its entries:
//! the same report as [`report`](super::report) over the loaded ledger, in
//! memory that grows with the groups, not with the entries' text (10 to 50
//! bytes an entry, by id style, remain for the checks of later corrections
//! and duplicate ids; see [`report_csv`]).

use std::collections::BTreeMap;
use std::io;
use std::sync::Arc;

use chrono::NaiveDate;

use super::engine::Cell;
use super::filter::Filters;
use super::grouping::{KeyTable, SeriesTables, Snapshot, packed_slot, series, series_keys};
use super::{Acc, Aggregate, Dim, Query, Report};
use crate::fxhash::FxMap;
use crate::ledger::{Codes, EntrySink, NONE32, Vals, date_to_day, day_to_date};
use crate::programme::RegistryKind;
use crate::violation::Violations;
use crate::{Error, Ledger, MeasureKind, Programme, ReadOptions, StatCalendar, Unit};

/// What [`report_csv`] gave.
#[derive(Debug)]
pub struct Streamed {
    /// The totals of the valid entries.
    pub report: Report,
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
}

impl Streamed {
    /// Whether every row was valid (warnings allowed).
    #[must_use]
    pub fn is_valid(&self) -> bool {
        !self.violations.has_errors()
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
/// naming a code the programme does not declare.
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
    let mut codes = Codes::new(Arc::clone(&programme));
    let Some(sink) = StreamSink::new(&mut codes, query)? else {
        // Too many key columns to pack: load, then report.
        let loaded = Ledger::read_csv_with(programme, input, file, opts)?;
        return Ok(Streamed {
            report: super::report(&loaded.ledger, query)?,
            entries: loaded.ledger.len() as u64,
            latest: loaded.ledger.iter().map(|e| e.date()).max(),
            violations: loaded.violations,
            rows: loaded.rows,
        });
    };
    let mut ledger = Ledger::lean(codes);
    let (sink, read) = ledger.with_sink(sink, |l| match split {
        None => l.append_csv_with(input, file, opts),
        Some(split) => l.append_csv_in(input, file, opts, split),
    });
    let (violations, rows) = read?;
    let entries = ledger.ids.len() as u64;
    let latest = sink.latest();
    Ok(Streamed {
        report: sink.finish(&ledger.codes).finish(),
        violations,
        rows,
        entries,
        latest,
    })
}

/// One key column: its bit position in the packed key.
#[derive(Clone, Copy, Debug)]
struct Field {
    dim: Dim,
    shift: u32,
}

/// Column `f`'s raw value in packed key `k`.
fn raw(k: u128, f: Field) -> u32 {
    ((k >> f.shift) & ((1u128 << width(f.dim)) - 1)) as u32
}

/// Bits a dimension's raw value takes in a packed key.
fn width(d: Dim) -> u32 {
    match d {
        Dim::Project | Dim::Area | Dim::Measure | Dim::Source => 16,
        Dim::School | Dim::Pairing => 32,
        Dim::Breakdown => 8,
        // Statistics month ordinals (year * 12 + month - 1) of years up to
        // 10000, and years.
        Dim::Month => 17,
        Dim::Year => 14,
    }
}

/// Statistics month ordinal of each day of a range, grown on demand.
#[derive(Clone, Debug)]
struct Months {
    calendar: StatCalendar,
    first: i32,
    ordinals: Vec<i32>,
}

impl Months {
    fn of(&mut self, day: i32) -> i32 {
        let i = day.wrapping_sub(self.first);
        if let Some(&o) = usize::try_from(i).ok().and_then(|i| self.ordinals.get(i)) {
            return o;
        }
        self.cover(day);
        self.ordinals[(day - self.first).unsigned_abs() as usize]
    }

    /// Grows the range to `day`, by at least its own length (so a file of
    /// ever earlier dates costs amortised constant time a day).
    #[allow(clippy::cast_possible_wrap)] // a range of valid dates: under 4 million days
    fn cover(&mut self, day: i32) {
        let (lo, hi) = if self.ordinals.is_empty() {
            (day, day)
        } else {
            let len = self.ordinals.len() as i32;
            let hi = self.first + len - 1;
            if day < self.first {
                ((self.first - len).min(day), hi)
            } else {
                (self.first, (hi + len).max(day))
            }
        };
        // Clamp to valid dates (1 January of year 1 to 31 December 9999).
        let min = date_to_day(NaiveDate::from_ymd_opt(1, 1, 1).expect("valid"));
        let max = date_to_day(NaiveDate::from_ymd_opt(9999, 12, 31).expect("valid"));
        let (lo, hi) = (lo.max(min).min(day), hi.min(max).max(day));
        let c = self.calendar;
        self.ordinals = (lo..=hi)
            .map(|d| c.month_of(day_to_date(d)).ordinal())
            .collect();
        self.first = lo;
    }
}

/// Flow totals: dense when every key column but time has a fixed number of
/// values (the programme lists them) and their product is small: one block
/// of cells per statistics month (or year), cells indexed by a mixed-radix
/// number of the other columns' raw ids. Otherwise a hash map of packed keys.
#[derive(Clone, Debug)]
enum Flows {
    Dense {
        /// Per column (in `fields` order): its radix (0 for time; 1 for
        /// project and measure when they are one pair digit).
        radix: Vec<u32>,
        /// Cells per pair digit: the product of the radices.
        rest: usize,
        /// Cells per block: `rest` times the pairs numbered so far.
        cells: usize,
        /// Blocks by time ordinal minus `first` (month, year, or one block).
        first: i32,
        blocks: Vec<Vec<Cell>>,
        /// Cells allocated.
        allocated: usize,
        /// Adds not yet made: (block, cell, value). Made a batch at a time,
        /// so that the cache misses of many overlap.
        pending: Vec<(u32, u32, i64)>,
        /// When project and measure are both columns: the pair digit, the
        /// most significant of a cell's number.
        pairs: Option<Pairs>,
    },
    Hashed(FxMap<u128, (i128, u64)>),
}

/// The (project, measure) pairs met, numbered: the pairs the programme
/// declares first, then each other pair as an entry first uses it (a
/// warning, W003, but the entry counts as any other). A project reports a
/// few of the measures, so cells for pairs never used would only spread
/// the totals over more memory.
#[derive(Clone, Debug)]
struct Pairs {
    /// Pair number of `project * measures + measure`, or `NONE32`.
    of: Vec<u32>,
    /// (project, measure) of each pair number.
    list: Vec<(u32, u32)>,
    measures: usize,
}

impl Pairs {
    fn new(codes: &Codes) -> Pairs {
        let measures = codes.units.len();
        let mut pairs = Pairs {
            of: vec![NONE32; codes.reports.len()],
            list: Vec::new(),
            measures,
        };
        for (i, _) in codes.reports.iter().enumerate().filter(|x| *x.1) {
            pairs.number(i);
        }
        pairs
    }

    /// Numbers pair `i` (`project * measures + measure`).
    fn number(&mut self, i: usize) -> u32 {
        let n = u32::try_from(self.list.len()).expect("under 2^32 pairs");
        self.list
            .push(((i / self.measures) as u32, (i % self.measures) as u32));
        self.of[i] = n;
        n
    }

    /// The pair number of an entry's project and measure, numbering the
    /// pair if it is new.
    fn of(&mut self, e: &Vals) -> u32 {
        let i = usize::from(e.project) * self.measures + usize::from(e.measure);
        match self.of[i] {
            NONE32 => self.number(i),
            x => x,
        }
    }
}

/// Dense adds waiting at most.
const PENDING: usize = 2048;

/// Cells per dense block at most.
const DENSE_BLOCK: usize = 1 << 16;

/// Running totals of entries as they are appended, keyed by their packed
/// raw ids (no ranking, no decoding until the end).
#[derive(Clone, Debug)]
pub(crate) struct StreamSink {
    columns: Vec<Dim>,
    fields: Vec<Field>,
    months: Months,
    /// Filter codes of open lists are interned first, so entries with them
    /// match.
    filters: Filters,
    is_stock: Vec<bool>,
    units: Vec<Unit>,
    flows: Flows,
    /// Flow entries added.
    flow_entries: usize,
    /// (group, series) -> latest snapshot.
    stocks: FxMap<(u128, u128), Snapshot>,
    /// Sum of the corrections made to each stock original.
    adjust: FxMap<u32, i64>,
    /// The latest day of an entry accepted, filtered out or not.
    latest: i32,
}

impl StreamSink {
    /// The date of the latest entry accepted, if any.
    pub(crate) fn latest(&self) -> Option<NaiveDate> {
        (self.latest != i32::MIN).then(|| day_to_date(self.latest))
    }

    /// A sink for `q`, or `None` when its key columns do not pack into 128
    /// bits. Filter codes of open lists are interned into `codes`.
    pub(crate) fn new(codes: &mut Codes, q: &Query) -> Result<Option<StreamSink>, Error> {
        let columns = q.columns();
        let mut shift = 0;
        let mut fields = Vec::with_capacity(columns.len());
        for &dim in &columns {
            fields.push(Field { dim, shift });
            shift += width(dim);
        }
        if shift > 128 {
            return Ok(None);
        }
        let p = Arc::clone(&codes.programme);
        let flows = dense_radix(codes, &columns).map_or_else(
            || Flows::Hashed(FxMap::default()),
            |(radix, pairs)| {
                let rest = radix.iter().map(|&r| r.max(1) as usize).product();
                Flows::Dense {
                    cells: rest * pairs.as_ref().map_or(1, |p: &Pairs| p.list.len()),
                    rest,
                    radix,
                    first: 0,
                    blocks: Vec::new(),
                    allocated: 0,
                    pending: Vec::with_capacity(PENDING),
                    pairs,
                }
            },
        );
        Ok(Some(StreamSink {
            months: Months {
                calendar: q.calendar.unwrap_or_else(|| p.calendar()),
                first: 0,
                ordinals: Vec::new(),
            },
            filters: Filters::new(q, &p, |kind, c| {
                codes
                    .interner(kind)
                    .get(c.as_str())
                    .or_else(|| (!p.lists(kind)).then(|| codes.interner_mut(kind).intern(c)))
            })?,
            is_stock: p
                .measures()
                .iter()
                .map(|m| m.kind() == MeasureKind::Stock)
                .collect(),
            units: codes.units.clone(),
            columns,
            fields,
            flows,
            flow_entries: 0,
            stocks: FxMap::default(),
            adjust: FxMap::default(),
            latest: i32::MIN,
        }))
    }

    fn key(&mut self, e: &Vals) -> u128 {
        let mut k = 0u128;
        for f in &self.fields {
            let raw = match f.dim {
                // Ordinals of valid dates are positive.
                Dim::Month => self.months.of(e.day).unsigned_abs() as usize,
                Dim::Year => self.months.of(e.day).div_euclid(12).unsigned_abs() as usize,
                d => packed_slot(d, e),
            };
            k |= (raw as u128) << f.shift;
        }
        k
    }

    fn add_flow(&mut self, key: u128, e: &Vals) {
        if let Flows::Hashed(map) = &mut self.flows {
            let acc = map.entry(key).or_insert((0, 0));
            acc.0 += i128::from(e.value);
            acc.1 += 1;
        }
    }

    /// The pair digit of an entry (0 when project and measure are not one
    /// digit). A pair met for the first time grows every block by a pair's
    /// cells: the pair digit is the most significant, so no cell moves.
    /// `None` when a block would then be too large.
    fn pair_digit(&mut self, e: &Vals) -> Option<usize> {
        let Flows::Dense {
            rest,
            cells,
            blocks,
            allocated,
            pairs: Some(pairs),
            ..
        } = &mut self.flows
        else {
            return Some(0);
        };
        let known = pairs.list.len();
        let pair = pairs.of(e) as usize;
        if pair == known {
            *cells += *rest;
            if *cells > DENSE_BLOCK {
                return None;
            }
            for block in blocks.iter_mut().filter(|b| !b.is_empty()) {
                block.resize(*cells, Cell::default());
                *allocated += *rest;
            }
        }
        Some(pair)
    }

    /// The dense path: a cell index from the raw ids, a block from the date.
    fn add_dense(&mut self, e: &Vals) {
        let Some(pair) = self.pair_digit(e) else {
            self.spill_to_hash();
            let key = self.key(e);
            self.add_flow(key, e);
            return;
        };
        let StreamSink {
            fields,
            flows,
            months,
            columns,
            flow_entries,
            ..
        } = self;
        let Flows::Dense {
            radix,
            rest,
            cells,
            first,
            blocks,
            allocated,
            pending,
            pairs,
        } = flows
        else {
            unreachable!("called on the dense path")
        };
        let paired = pairs.is_some();
        let mut time = 0;
        let mut cell = 0usize;
        for (f, &r) in fields.iter().zip(radix.iter()) {
            let raw = match f.dim {
                Dim::Project | Dim::Measure if paired => continue,
                Dim::Month => {
                    time = months.of(e.day);
                    continue;
                }
                Dim::Year => {
                    if !columns.contains(&Dim::Month) {
                        time = months.of(e.day).div_euclid(12);
                    }
                    continue;
                }
                d => packed_slot(d, e),
            };
            cell = cell * r as usize + raw;
        }
        cell += pair * *rest;
        *flow_entries += 1;
        if blocks.is_empty() {
            *first = time;
        }
        if time < *first {
            // Block numbers move: make the pending adds first.
            for &(b, c, v) in pending.iter() {
                blocks[b as usize][c as usize].add(v);
            }
            pending.clear();
            let pad = (*first - time).unsigned_abs() as usize;
            blocks.splice(0..0, std::iter::repeat_with(Vec::new).take(pad));
            *first = time;
        }
        let b = (time - *first).unsigned_abs() as usize;
        if b >= blocks.len() {
            blocks.resize_with(b + 1, Vec::new);
        }
        if blocks[b].is_empty() {
            // Cells stay at least a sixteenth used, so a crafted file of
            // one entry in each of many months cannot make this allocate
            // far more than it holds: past that, hash.
            *allocated += *cells;
            if *allocated > 16 * *flow_entries + (1 << 20) {
                self.spill_to_hash();
                let key = self.key(e);
                self.add_flow(key, e);
                return;
            }
            blocks[b] = vec![Cell::default(); *cells];
        }
        pending.push((b as u32, cell as u32, e.value));
        if pending.len() == PENDING {
            self.flush();
        }
    }

    /// Makes the pending dense adds.
    fn flush(&mut self) {
        if let Flows::Dense {
            blocks, pending, ..
        } = &mut self.flows
        {
            for &(b, c, v) in pending.iter() {
                blocks[b as usize][c as usize].add(v);
            }
            pending.clear();
        }
    }

    /// The packed key of each dense cell in use, with its cell (pending
    /// adds must be made first).
    fn dense_cells(&self) -> Vec<(u128, Cell)> {
        let Flows::Dense {
            radix,
            rest,
            first,
            blocks,
            pairs,
            ..
        } = &self.flows
        else {
            return Vec::new();
        };
        // The pair digit gives project and measure.
        let pair_shifts = pairs.as_ref().map(|pairs| {
            let shift = |d| self.field(d).expect("a column").shift;
            (pairs, shift(Dim::Project), shift(Dim::Measure))
        });
        let mut out = Vec::new();
        for (b, block) in blocks.iter().enumerate() {
            #[allow(clippy::cast_possible_wrap)] // months of valid dates: under 2^17
            let time = *first + b as i32;
            for (i, c) in block.iter().enumerate().filter(|(_, c)| c.count > 0) {
                let mut digits = i % *rest;
                let mut key = 0u128;
                if let Some((pairs, project, measure)) = pair_shifts {
                    let (p, m) = pairs.list[i / *rest];
                    key |= u128::from(p) << project | u128::from(m) << measure;
                }
                for (f, &r) in self.fields.iter().zip(radix).rev() {
                    let raw = match f.dim {
                        Dim::Project | Dim::Measure if pairs.is_some() => continue,
                        Dim::Year if self.columns.contains(&Dim::Month) => {
                            time.div_euclid(12).unsigned_abs()
                        }
                        // The block's own month or year.
                        Dim::Month | Dim::Year => time.unsigned_abs(),
                        _ => {
                            let d = (digits % r as usize) as u32;
                            digits /= r as usize;
                            d
                        }
                    };
                    key |= u128::from(raw) << f.shift;
                }
                out.push((key, *c));
            }
        }
        out
    }

    /// Moves dense cells to the hash map.
    fn spill_to_hash(&mut self) {
        self.flush();
        let cells = self.dense_cells();
        let mut map = FxMap::default();
        for (k, c) in cells {
            map.insert(k, (c.sum(), u64::from(c.count)));
        }
        self.flows = Flows::Hashed(map);
    }

    /// The key column of `dim`, if it is one.
    fn field(&self, dim: Dim) -> Option<Field> {
        self.fields.iter().copied().find(|f| f.dim == dim)
    }

    /// Adds entry `index`; `root` is the original it corrects, if any.
    fn add(&mut self, index: u32, e: &Vals, root: Option<u32>) {
        let stock = self.is_stock[usize::from(e.measure)];
        if stock {
            if let Some(root) = root {
                // A correction of a snapshot, wherever it lies.
                *self.adjust.entry(root).or_insert(0) += e.value;
                return;
            }
        }
        if !self.filters.admits(e.day, e.project, e.area, e.measure) {
            return;
        }
        if !stock {
            if let Flows::Dense { .. } = self.flows {
                self.add_dense(e);
                return;
            }
        }
        let key = self.key(e);
        if stock {
            let snap = Snapshot::of(index, e);
            self.stocks
                .entry((key, series(e)))
                .and_modify(|b| b.offer(snap))
                .or_insert(snap);
        } else {
            self.add_flow(key, e);
        }
    }

    /// The aggregate, keys as codes, flows in key order.
    pub(crate) fn finish(mut self, codes: &Codes) -> Aggregate {
        self.flush();
        let measure = self
            .field(Dim::Measure)
            .expect("measure is always a column");
        let measure_of = |k: u128| raw(k, measure) as u16;
        let packed: Vec<(u128, i128, u64)> = match &self.flows {
            Flows::Hashed(map) => map.iter().map(|(&k, &(s, n))| (k, s, n)).collect(),
            Flows::Dense { .. } => self
                .dense_cells()
                .into_iter()
                .map(|(k, c)| (k, c.sum(), u64::from(c.count)))
                .collect(),
        };
        // Each column's table, and for time its first ordinal: slots of
        // time columns are offsets from it.
        let groups = || {
            packed
                .iter()
                .map(|x| x.0)
                .chain(self.stocks.keys().map(|x| x.0))
        };
        #[allow(clippy::cast_possible_wrap)] // ordinals under 2^17
        let tables: Vec<(KeyTable, i32)> = self
            .fields
            .iter()
            .map(|&f| match f.dim {
                Dim::Month | Dim::Year => {
                    let ords = || groups().map(|k| raw(k, f) as i32);
                    let (lo, hi) = (ords().min().unwrap_or(0), ords().max().unwrap_or(-1));
                    let all: Vec<i32> = (lo..=hi).collect();
                    (KeyTable::time(&all, f.dim == Dim::Year), lo)
                }
                d => (KeyTable::code(codes, d), 0),
            })
            .collect();
        #[allow(clippy::cast_possible_wrap, clippy::cast_sign_loss)] // as above
        let slot = |k: u128, (f, (_, first)): (&Field, &(KeyTable, i32))| -> usize {
            let r = raw(k, *f);
            match f.dim {
                Dim::Month | Dim::Year => (r as i32 - first) as usize,
                Dim::Breakdown => (usize::from(measure_of(k)) << 8) | r as usize,
                _ => r as usize,
            }
        };
        let columns = || self.fields.iter().zip(&tables);
        let keys = |k: u128| columns().map(|c| c.1.0.key(slot(k, c)).clone()).collect();
        // Sorted by each column's rank: integer compares.
        let mut order: Vec<([u32; Dim::ALL.len()], usize)> = packed
            .iter()
            .enumerate()
            .map(|(i, &(k, ..))| {
                let mut r = [0; Dim::ALL.len()];
                for (x, c) in r.iter_mut().zip(columns()) {
                    *x = c.1.0.rank[slot(k, c)];
                }
                (r, i)
            })
            .collect();
        order.sort_unstable();
        let flows = order
            .into_iter()
            .map(|(_, i)| {
                let (k, sum, entries) = packed[i];
                let unit = self.units[usize::from(measure_of(k))];
                (keys(k), Acc { sum, entries, unit })
            })
            .collect();
        let series_tables = SeriesTables::new(codes);
        let mut stocks = BTreeMap::new();
        for (&(k, s), snap) in &self.stocks {
            let m = measure_of(k);
            let series = series_keys(s, m, &series_tables);
            let unit = self.units[usize::from(m)];
            stocks.insert((keys(k), series), (snap.corrected(&self.adjust), unit));
        }
        Aggregate {
            columns: self.columns,
            flows,
            stocks,
        }
    }
}

impl EntrySink for StreamSink {
    fn accept(&mut self, index: u32, entry: &Vals, root: Option<u32>) {
        self.latest = self.latest.max(entry.day);
        self.add(index, entry, root);
    }
}

/// Radices of the dense path (0 for time columns), with project and measure
/// as one pair digit apart when both are columns (their radices then 1);
/// `None` when a column has no fixed number of values or the cells per
/// block, for the declared pairs, would be too many.
fn dense_radix(codes: &Codes, columns: &[Dim]) -> Option<(Vec<u32>, Option<Pairs>)> {
    let p = &codes.programme;
    let listed = |kind: RegistryKind, none: u32| {
        p.lists(kind)
            .then(|| u32::try_from(codes.interner(kind).len()).ok())
            .flatten()
            .map(|n| n + none)
    };
    let mut cells = 1usize;
    let mut radix = Vec::with_capacity(columns.len());
    for &d in columns {
        let r = match d {
            Dim::Month | Dim::Year => 0,
            Dim::Project => listed(RegistryKind::Project, 0)?,
            Dim::Measure => listed(RegistryKind::Measure, 0)?,
            Dim::Area => listed(RegistryKind::Area, 0)?,
            Dim::School => listed(RegistryKind::School, 1)?,
            Dim::Pairing => listed(RegistryKind::Pairing, 1)?,
            Dim::Source => listed(RegistryKind::Source, 1)?,
            Dim::Breakdown => {
                let most = p.measures().iter().map(|m| m.breakdowns().len()).max();
                u32::try_from(most.unwrap_or(0)).ok()? + 1
            }
        };
        radix.push(r);
    }
    let pairs = (columns.contains(&Dim::Project) && columns.contains(&Dim::Measure))
        .then(|| Pairs::new(codes));
    if let Some(pairs) = &pairs {
        for (r, d) in radix.iter_mut().zip(columns) {
            if matches!(d, Dim::Project | Dim::Measure) {
                *r = 1;
            }
        }
        cells = pairs.list.len().max(1);
    }
    for &r in &radix {
        cells = cells.checked_mul(r.max(1) as usize)?;
    }
    (cells <= DENSE_BLOCK).then_some((radix, pairs))
}
