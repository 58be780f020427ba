//! The in-memory accumulator: each entry's packed key ([`Layout`]) is
//! computed a column at a time over chunks of a loaded ledger, and its value
//! summed into the cells ([`Cells`]); ranges summed on several threads
//! merge.

use std::ops::Range;

use super::filter::{Filters, member};
use super::grouping::{
    Addend, Axis, Cell, Cells, Layout, Part, Run, SKIP, Stocks, WithSlots, stock_measures,
    time_slot,
};
use super::{Aggregate, Query};
use crate::ledger::Columns;
use crate::{Error, Ledger};

/// Key spaces up to this many cells use a dense array.
const DENSE_LIMIT: u64 = 1 << 21;
const CHUNK: usize = 4096;

/// Sets (`set`) or adds each key of a chunk's share of one part; with
/// `time` (only when setting), sets each key to the time part's share and
/// this part's in one loop (a pass over the chunk fewer).
struct Share<'a> {
    keys: &'a mut [u64],
    scaled: &'a [u64],
    set: bool,
    time: Option<TimeShare<'a>>,
}

/// The time part's share of a chunk's keys: its table, and the chunk's days.
struct TimeShare<'a> {
    scaled: &'a [u64],
    days: &'a [i32],
    first: i32,
}

impl WithSlots for Share<'_> {
    type Out = ();
    #[inline]
    fn with(self, slots: impl Iterator<Item = usize>) {
        let t = self.scaled;
        if let Some(time) = self.time {
            let (tt, first) = (time.scaled, time.first);
            let both = self.keys.iter_mut().zip(slots).zip(time.days);
            both.for_each(|((k, s), &d)| *k = tt[time_slot(d, first)] + t[s]);
        } else if self.set {
            self.keys.iter_mut().zip(slots).for_each(|(k, s)| *k = t[s]);
        } else {
            self.keys
                .iter_mut()
                .zip(slots)
                .for_each(|(k, s)| *k += t[s]);
        }
    }
}

/// Adds the last part's share to each key of a chunk and sums each value
/// (in 32 bits, [`WIDE`](crate::ledger::WIDE) for one kept whole) into its cell.
struct AddInto<'a> {
    keys: &'a [u64],
    scaled: &'a [u64],
    values: &'a [i32],
    cells: &'a mut [Cell],
}

impl WithSlots for AddInto<'_> {
    type Out = ();
    #[inline]
    fn with(self, slots: impl Iterator<Item = usize>) {
        let (t, cells) = (self.scaled, self.cells);
        for ((&k, s), &v) in self.keys.iter().zip(slots).zip(self.values) {
            v.add_to(&mut cells[(k + t[s]) as usize]);
        }
    }
}

/// A query over a loaded ledger: its layout, whose codes are all known,
/// and its filters.
pub(super) struct Engine {
    layout: Layout,
    filters: Filters,
    is_stock: Vec<bool>,
    any_stock: bool,
}

impl Engine {
    /// The engine of `q` over a loaded ledger.
    pub(super) fn new(ledger: &Ledger, q: &Query) -> Result<Engine, Error> {
        let p = ledger.programme();
        let c = &ledger.cols;
        let (lo, hi) = c.span;
        let layout = Layout::new(
            &ledger.codes,
            q.columns(),
            q.calendar.unwrap_or_else(|| p.calendar()),
            (lo <= hi).then_some((lo, hi)),
            Some(&c.pairs),
        )?;
        let is_stock = stock_measures(p);
        Ok(Engine {
            layout,
            filters: Filters::new(q, p, |kind, c| ledger.codes.interner(kind).get(c.as_str()))?,
            any_stock: is_stock.iter().any(|&s| s),
            is_stock,
        })
    }

    fn new_cells(&self) -> Cells {
        Cells::new(self.layout.keys(), DENSE_LIMIT)
    }

    /// Sets (`set`) or adds one part's share of the key for a chunk; with
    /// `time` (only when setting), sets the time part's share and this
    /// one's.
    fn pass(
        &self,
        part: &Part,
        c: &Columns,
        r: Range<usize>,
        keys: &mut [u64],
        set: bool,
        time: Option<&Part>,
    ) {
        let time = time.map(|t| TimeShare {
            scaled: &t.scaled,
            days: &c.date[r.clone()],
            first: self.layout.first_day,
        });
        let run = Run {
            columns: c,
            range: r,
        };
        let share = Share {
            keys,
            scaled: &part.scaled,
            set,
            time,
        };
        self.layout.with_slots(part.axis, &run, share);
    }

    /// Adds the last part's share and sums each value into its cell, in
    /// one loop (the path with no filter and no stock measure).
    fn pass_into(
        &self,
        part: &Part,
        c: &Columns,
        r: Range<usize>,
        keys: &[u64],
        cells: &mut [Cell],
    ) {
        let into = AddInto {
            keys,
            scaled: &part.scaled,
            values: &c.value.narrow()[r.clone()],
            cells,
        };
        let run = Run {
            columns: c,
            range: r,
        };
        self.layout.with_slots(part.axis, &run, into);
    }

    /// The sums of the flows of `range`'s entries, into new cells, a chunk
    /// at a time: each entry's 32-bit value, then in place of the marker
    /// of each one kept whole ([`WIDE`](crate::ledger::WIDE)) its whole
    /// value. Stock entries and
    /// filtered-out ones are skipped.
    pub(super) fn accumulate(&self, ledger: &Ledger, range: Range<usize>) -> Cells {
        let mut cells = self.new_cells();
        let c = &ledger.cols;
        let unfiltered = !self.any_stock && self.filters.is_none();
        // Time, the most significant part, comes last; before two code
        // parts or more it is set with the first of them, a pass over each
        // chunk fewer (the parts' shares add up in any order).
        let (time, codes) = match self.layout.parts.split_last() {
            Some((t, codes)) if matches!(t.axis, Axis::Time(_)) && codes.len() >= 2 => {
                (Some(t), codes)
            }
            _ => (None, &self.layout.parts[..]),
        };
        let (last, rest) = codes.split_last().expect("measure is always a column");
        let mut buf = vec![0u64; CHUNK];
        let mut start = range.start;
        while start < range.end {
            let end = (start + CHUNK).min(range.end);
            let keys = &mut buf[..end - start];
            if rest.is_empty() {
                keys.fill(0);
            }
            for (i, part) in rest.iter().enumerate() {
                self.pass(part, c, start..end, keys, i == 0, time.filter(|_| i == 0));
            }
            if let (Cells::Dense(cells), true) = (&mut cells, unfiltered) {
                self.pass_into(last, c, start..end, keys, cells);
            } else {
                self.pass(last, c, start..end, keys, false, None);
                self.apply_filters(c, start, keys);
                cells.add_all(keys, &c.value.narrow()[start..end]);
            }
            start = end;
        }
        for &(i, whole) in c.value.wide_in(range) {
            let e = c.vals(i as usize);
            if !self.is_stock[usize::from(e.measure)]
                && self.filters.admits(e.day, e.project, e.area, e.measure)
            {
                let key =
                    (self.layout.key(&e)).expect("every value of a loaded ledger has a digit");
                cells.unmark(key, whole);
            }
        }
        cells
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

    /// The aggregate of `range`: the flows summed in `cells`, and each
    /// stock series' latest snapshot per group, a snapshot being an
    /// original entry plus the corrections made to it (wherever they lie in
    /// the ledger).
    pub(super) fn aggregate(
        &self,
        ledger: &Ledger,
        cells: &Cells,
        range: Range<usize>,
    ) -> Result<Aggregate, Error> {
        let mut stocks = Stocks::default();
        if self.any_stock {
            stocks.correct_all(ledger);
            let c = &ledger.cols;
            for i in range {
                let e = c.vals(i);
                if self.is_stock[usize::from(e.measure)]
                    && ledger.corrected_by(i).is_none()
                    && self.filters.admits(e.day, e.project, e.area, e.measure)
                {
                    let key = self
                        .layout
                        .key(&e)
                        .expect("every value of a loaded ledger has a digit");
                    stocks.offer(key, i as u32, &e);
                }
            }
        }
        self.layout.aggregate(&ledger.codes, cells, &stocks)
    }
}
