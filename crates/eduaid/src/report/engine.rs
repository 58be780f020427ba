//! The engine: each entry's group becomes one integer, a mixed-radix number
//! whose digits are the ranks of its key values in sorted order, computed a
//! column at a time over chunks and summed into a dense array (or a hash map
//! when the key space is large). Because the digits are ranks, ascending
//! integers are rows in sorted order: decoding needs no sort.

// Day and month offsets are taken from the ledger's own minimum, so they are
// never negative; the casts below cannot lose a sign.
#![allow(clippy::cast_sign_loss, clippy::cast_possible_wrap)]

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;

use super::filter::{Filters, member};
use super::grouping::{
    KeyTable, SeriesTables, Snapshot, breakdown_slot, corrections_by_root, opt_slot16, opt_slot32,
    series, series_keys, slot,
};
use super::{Acc, Aggregate, Dim, Key, Query};
use crate::fxhash::FxMap;
use crate::ledger::{Columns, date_to_day, day_to_date};
use crate::{Error, Ledger, MeasureKind, Unit};

/// Key spaces up to this many cells use a dense array.
const DENSE_LIMIT: u64 = 1 << 21;
const CHUNK: usize = 4096;
const SKIP: u64 = u64::MAX;

/// Runs `$body` with `$slots` bound to an iterator over the table indices
/// (see [`KeyPlan::slot`]) of a part's column for the entries in `$r`, the
/// loop monomorphised for each column type.
macro_rules! with_slots {
    ($part:expr, $c:expr, $r:expr, $lo:expr, |$slots:ident| $body:expr) => {
        match $part.dim {
            Dim::Project => {
                let $slots = $c.project[$r].iter().map(|&v| v as usize);
                $body
            }
            Dim::Area => {
                let $slots = $c.area[$r].iter().map(|&v| v as usize);
                $body
            }
            Dim::Measure => {
                let $slots = $c.measure[$r].iter().map(|&v| v as usize);
                $body
            }
            Dim::School => {
                let $slots = $c.school[$r].iter().map(|&v| opt_slot32(v));
                $body
            }
            Dim::Pairing => {
                let $slots = $c.pairing[$r].iter().map(|&v| opt_slot32(v));
                $body
            }
            Dim::Source => {
                let $slots = $c.source[$r].iter().map(|&v| opt_slot16(v));
                $body
            }
            Dim::Month | Dim::Year => {
                let lo = $lo;
                let $slots = $c.date[$r].iter().map(move |&d| (d - lo) as usize);
                $body
            }
            Dim::Breakdown => {
                let $slots = $c.measure[$r.clone()]
                    .iter()
                    .zip(&$c.breakdown[$r])
                    .map(|(&m, &b)| breakdown_slot(m, b));
                $body
            }
        }
    };
}

/// One key column: how an entry's raw value maps to a digit, and back.
struct Part {
    dim: Dim,
    /// The digit's weight in the in-memory key.
    stride: u64,
    /// The digit's weight in output (column) order.
    out_stride: u64,
    card: u64,
    /// Slot to digit (the rank of its key) and digit to key.
    table: KeyTable,
    /// Slot to digit times stride: the part's share of the key.
    scaled: Vec<u64>,
}

pub(super) struct KeyPlan {
    columns: Vec<Dim>,
    /// In reverse column order: the last column varies fastest.
    parts: Vec<Part>,
    first_day: i32,
    cells: u64,
    filters: Filters,
    is_stock: Vec<bool>,
    any_stock: bool,
    /// Unit of each measure id.
    units: Vec<Unit>,
    /// Unit of each measure digit.
    measure_units: Vec<Unit>,
    /// The position of the measure column in `parts`.
    measure_part: usize,
}

/// One group's running sum and entry count in 16 bytes: the sum is
/// `sum + carry * 2^64` (an exact `i128`: each wrap of the `i64` moves the
/// carry by one), and a count per sink fits `u32` because a ledger holds
/// fewer than 2^32 entries.
#[derive(Clone, Copy, Default, Debug)]
pub(super) struct Cell {
    sum: i64,
    carry: i32,
    pub(super) count: u32,
}

impl Cell {
    #[inline]
    pub(super) fn add(&mut self, v: i64) {
        let (s, wrapped) = self.sum.overflowing_add(v);
        self.sum = s;
        // A wrap while adding a positive value lost +2^64, a negative one -2^64.
        self.carry += i32::from(wrapped) * ((v >> 63) as i32 | 1);
        self.count += 1;
    }

    fn merge(&mut self, o: Cell) {
        let (s, wrapped) = self.sum.overflowing_add(o.sum);
        self.sum = s;
        self.carry += o.carry + i32::from(wrapped) * ((o.sum >> 63) as i32 | 1);
        self.count += o.count;
    }

    pub(super) fn sum(self) -> i128 {
        i128::from(self.sum) + (i128::from(self.carry) << 64)
    }
}

pub(super) enum Sink {
    Dense(Vec<Cell>),
    Sparse(FxMap<u64, Cell>),
}

impl Sink {
    pub(super) fn merge(&mut self, other: Sink) {
        match (self, other) {
            (Sink::Dense(a), Sink::Dense(b)) => a.iter_mut().zip(b).for_each(|(a, b)| a.merge(b)),
            (Sink::Sparse(m), Sink::Sparse(m2)) => {
                for (k, c) in m2 {
                    m.entry(k).or_default().merge(c);
                }
            }
            _ => unreachable!("sinks of one plan share a kind"),
        }
    }
}

impl KeyPlan {
    pub(super) fn new(ledger: &Ledger, q: &Query) -> Result<KeyPlan, Error> {
        let p = ledger.programme();
        let calendar = q.calendar.unwrap_or_else(|| p.calendar());
        let (mut lo, mut hi) = ledger.cols.span;
        if lo > hi {
            lo = date_to_day(NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid"));
            hi = lo;
        }
        let month = |d: i32| calendar.month_of(day_to_date(d)).ordinal();
        let columns = q.columns();
        let mut parts = Vec::with_capacity(columns.len());
        let mut cells: u64 = 1;
        for &dim in columns.iter().rev() {
            let table = match dim {
                Dim::Month => KeyTable::time(&(lo..=hi).map(month).collect::<Vec<_>>(), false),
                Dim::Year => KeyTable::time(
                    &(lo..=hi)
                        .map(|d| month(d).div_euclid(12))
                        .collect::<Vec<_>>(),
                    true,
                ),
                _ => KeyTable::code(&ledger.codes, dim),
            };
            let card = table.keys.len().max(1) as u64;
            parts.push(Part {
                dim,
                stride: 0,
                out_stride: cells,
                card,
                scaled: Vec::new(),
                table,
            });
            cells = cells.checked_mul(card).ok_or_else(|| {
                Error::Overflow("the grouping has more possible groups than 2^64".into())
            })?;
        }
        // In memory, time is the most significant digit: entries close in
        // time (ledgers are mostly chronological) then fall in one compact
        // block of cells, which keeps the cache and TLB warm. Output order is
        // still the column order (`out_stride`).
        let mut stride = 1u64;
        let is_time = |d: Dim| matches!(d, Dim::Month | Dim::Year);
        for pass in [false, true] {
            for part in parts.iter_mut().filter(|p| is_time(p.dim) == pass) {
                part.stride = stride;
                part.scaled = part
                    .table
                    .rank
                    .iter()
                    .map(|&d| u64::from(d) * stride)
                    .collect();
                stride *= part.card;
            }
        }
        let is_stock: Vec<bool> = p
            .measures()
            .iter()
            .map(|m| m.kind() == MeasureKind::Stock)
            .collect();
        let units: Vec<Unit> = p.measures().iter().map(crate::Measure::unit).collect();
        let measure_part = parts
            .iter()
            .position(|p| p.dim == Dim::Measure)
            .expect("measure is always a column");
        let mut measure_units = vec![Unit::Count; units.len()];
        for (id, &digit) in parts[measure_part].table.rank.iter().enumerate() {
            measure_units[digit as usize] = units[id];
        }
        Ok(KeyPlan {
            columns,
            parts,
            first_day: lo,
            cells,
            filters: Filters::new(q, p, |kind, c| ledger.codes.interner(kind).get(c.as_str()))?,
            any_stock: is_stock.iter().any(|&s| s),
            is_stock,
            units,
            measure_units,
            measure_part,
        })
    }

    pub(super) fn new_sink(&self) -> Sink {
        if self.cells <= DENSE_LIMIT {
            Sink::Dense(vec![Cell::default(); self.cells as usize])
        } else {
            Sink::Sparse(FxMap::default())
        }
    }

    /// The slot of entry `i` in a part's table.
    fn slot(&self, dim: Dim, c: &Columns, i: usize) -> usize {
        match dim {
            Dim::Month | Dim::Year => (c.date[i] - self.first_day) as usize,
            _ => slot(dim, &c.vals(i)),
        }
    }

    /// Sets (`set`) or adds one column's share of the key for a chunk.
    fn pass(&self, part: &Part, c: &Columns, r: Range<usize>, keys: &mut [u64], set: bool) {
        let t = &part.scaled[..];
        with_slots!(part, c, r, self.first_day, |slots| if set {
            keys.iter_mut().zip(slots).for_each(|(k, s)| *k = t[s]);
        } else {
            keys.iter_mut().zip(slots).for_each(|(k, s)| *k += t[s]);
        });
    }

    /// Adds the last column's share and sums each value into its cell, in
    /// one loop (the path with no filter and no stock measure).
    fn pass_into(
        &self,
        part: &Part,
        c: &Columns,
        r: Range<usize>,
        keys: &[u64],
        cells: &mut [Cell],
    ) {
        let t = &part.scaled[..];
        let values = &c.value[r.clone()];
        with_slots!(part, c, r, self.first_day, |slots| {
            for ((&k, s), &v) in keys.iter().zip(slots).zip(values) {
                cells[(k + t[s]) as usize].add(v);
            }
        });
    }

    /// Sums the flows of `range`'s entries into `sink`, a chunk at a time.
    /// Stock entries and filtered-out ones are skipped.
    pub(super) fn accumulate(&self, ledger: &Ledger, range: Range<usize>, sink: &mut Sink) {
        let c = &ledger.cols;
        let unfiltered = !self.any_stock && self.filters.is_none();
        let (last, rest) = self.parts.split_last().expect("measure is always a column");
        let mut buf = vec![0u64; CHUNK];
        let mut start = range.start;
        while start < range.end {
            let end = (start + CHUNK).min(range.end);
            let keys = &mut buf[..end - start];
            if rest.is_empty() {
                keys.fill(0);
            }
            for (i, part) in rest.iter().enumerate() {
                self.pass(part, c, start..end, keys, i == 0);
            }
            match sink {
                Sink::Dense(cells) if unfiltered => {
                    self.pass_into(last, c, start..end, keys, cells);
                }
                Sink::Dense(cells) => {
                    self.pass(last, c, start..end, keys, false);
                    self.apply_filters(c, start, keys);
                    for (&k, &v) in keys.iter().zip(&c.value[start..end]) {
                        if k != SKIP {
                            cells[k as usize].add(v);
                        }
                    }
                }
                Sink::Sparse(map) => {
                    self.pass(last, c, start..end, keys, false);
                    self.apply_filters(c, start, keys);
                    for (&k, &v) in keys.iter().zip(&c.value[start..end]) {
                        if k != SKIP {
                            map.entry(k).or_default().add(v);
                        }
                    }
                }
            }
            start = end;
        }
    }

    /// Marks filtered-out and stock entries with `SKIP`.
    fn apply_filters(&self, c: &Columns, start: usize, keys: &mut [u64]) {
        fn mark<T: Copy>(keys: &mut [u64], col: &[T], out: impl Fn(T) -> bool) {
            for (k, &v) in keys.iter_mut().zip(col) {
                if out(v) {
                    *k = SKIP;
                }
            }
        }
        let r = start..start + keys.len();
        let f = &self.filters;
        if f.from_day != i32::MIN || f.to_day != i32::MAX {
            mark(keys, &c.date[r.clone()], |d| d < f.from_day || d > f.to_day);
        }
        for (t, col) in [
            (&f.projects, &c.project),
            (&f.areas, &c.area),
            (&f.measures, &c.measure),
        ] {
            if let Some(t) = t {
                mark(keys, &col[r.clone()], |v| !member(Some(t), v));
            }
        }
        if self.any_stock {
            mark(keys, &c.measure[r], |v| self.is_stock[v as usize]);
        }
    }

    /// The key values of one packed key, in column order.
    fn keys_of(&self, key: u64) -> Vec<Key> {
        let mut out: Vec<Key> = self
            .parts
            .iter()
            .rev()
            .map(|p| p.table.keys[((key / p.stride) % p.card) as usize].clone())
            .collect();
        out.shrink_to_fit();
        out
    }

    fn unit_of_key(&self, key: u64) -> Unit {
        let p = &self.parts[self.measure_part];
        self.measure_units[((key / p.stride) % p.card) as usize]
    }

    fn row(&self, key: u64, c: Cell) -> (Vec<Key>, Acc) {
        let acc = Acc {
            sum: c.sum(),
            entries: u64::from(c.count),
            unit: self.unit_of_key(key),
        };
        (self.keys_of(key), acc)
    }

    /// Turns the packed sums into an aggregate keyed by codes, in sorted order.
    pub(super) fn decode(&self, sink: &Sink) -> Aggregate {
        let mut flows = Vec::new();
        match sink {
            Sink::Dense(cells) => {
                // Visit the cells in output order: an odometer over the digits
                // in column order, tracking the in-memory index.
                let cols: Vec<&Part> = self.parts.iter().rev().collect();
                let mut digits = vec![0u64; cols.len()];
                let mut idx = 0u64;
                'cells: loop {
                    let c = cells[idx as usize];
                    if c.count > 0 {
                        flows.push(self.row(idx, c));
                    }
                    for j in (0..cols.len()).rev() {
                        digits[j] += 1;
                        idx += cols[j].stride;
                        if digits[j] < cols[j].card {
                            continue 'cells;
                        }
                        idx -= cols[j].card * cols[j].stride;
                        digits[j] = 0;
                    }
                    break;
                }
            }
            Sink::Sparse(map) => {
                let out_key = |k: u64| -> u64 {
                    self.parts
                        .iter()
                        .map(|p| (k / p.stride) % p.card * p.out_stride)
                        .sum()
                };
                let mut ks: Vec<(u64, u64, Cell)> =
                    map.iter().map(|(&k, &c)| (out_key(k), k, c)).collect();
                ks.sort_unstable_by_key(|x| x.0);
                for (_, k, c) in ks {
                    flows.push(self.row(k, c));
                }
            }
        }
        Aggregate {
            columns: self.columns.clone(),
            flows,
            stocks: BTreeMap::new(),
        }
    }

    /// Adds the stock entries of `range` to `agg`: each series' latest
    /// snapshot per group, a snapshot being an original entry plus the
    /// corrections made to it (wherever they lie in the ledger).
    pub(super) fn stocks(&self, ledger: &Ledger, range: Range<usize>, agg: &mut Aggregate) {
        if !self.any_stock {
            return;
        }
        let c = &ledger.cols;
        let corrections = corrections_by_root(ledger);
        let tables = SeriesTables::new(&ledger.codes);
        for i in range {
            let m = c.measure[i] as usize;
            if !self.is_stock[m] || ledger.corrected_by(i).is_some() || self.filtered_out(c, i) {
                continue;
            }
            let key: u64 = self
                .parts
                .iter()
                .map(|p| p.scaled[self.slot(p.dim, c, i)])
                .sum();
            let e = c.vals(i);
            let series = series_keys(series(&e), e.measure, &tables);
            let snap = Snapshot::of(i as u32, &e).corrected(&corrections);
            agg.stocks
                .entry((self.keys_of(key), series))
                .and_modify(|(b, _)| b.offer(snap))
                .or_insert((snap, self.units[m]));
        }
    }

    fn filtered_out(&self, c: &Columns, i: usize) -> bool {
        !self
            .filters
            .admits(c.date[i], c.project[i], c.area[i], c.measure[i])
    }
}
