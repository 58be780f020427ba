//! The in-memory accumulator: each entry's packed key ([`Layout`]) is
//! computed a column at a time over chunks of a loaded ledger, and its value
//! summed into the cells ([`Cells`]); ranges summed on several threads
//! merge.

// Day offsets are taken from the layout's first day, the ledger's own
// minimum, so they are never negative; the casts below cannot lose a sign.
#![allow(clippy::cast_sign_loss)]

use std::ops::Range;

use super::filter::{Filters, member};
use super::grouping::{
    Axis, Cell, Cells, Layout, Part, SKIP, Stocks, breakdown_slot, opt_slot16, opt_slot32,
    pair_slot, stock_measures,
};
use super::{Aggregate, Dim, Query};
use crate::ledger::Columns;
use crate::{Error, Ledger};

/// Key spaces up to this many cells use a dense array.
const DENSE_LIMIT: u64 = 1 << 21;
const CHUNK: usize = 4096;

/// Runs `$body` with `$slots` bound to an iterator over the slots of a
/// part's column for the entries in `$r`, the loop monomorphised for each
/// column type.
macro_rules! with_slots {
    ($part:expr, $layout:expr, $c:expr, $r:expr, |$slots:ident| $body:expr) => {
        match $part.axis {
            Axis::Code(Dim::Project) => {
                let $slots = $c.project[$r].iter().map(|&v| v as usize);
                $body
            }
            Axis::Code(Dim::Area) => {
                let $slots = $c.area[$r].iter().map(|&v| v as usize);
                $body
            }
            Axis::Code(Dim::Measure) => {
                let $slots = $c.measure[$r].iter().map(|&v| v as usize);
                $body
            }
            Axis::Code(Dim::School) => {
                let $slots = $c.school[$r].iter().map(|&v| opt_slot32(v));
                $body
            }
            Axis::Code(Dim::Pairing) => {
                let $slots = $c.pairing[$r].iter().map(|&v| opt_slot32(v));
                $body
            }
            Axis::Code(Dim::Source) => {
                let $slots = $c.source[$r].iter().map(|&v| opt_slot16(v));
                $body
            }
            Axis::Code(Dim::Breakdown) => {
                let $slots = $c.measure[$r.clone()]
                    .iter()
                    .zip(&$c.breakdown[$r])
                    .map(|(&m, &b)| breakdown_slot(m, b));
                $body
            }
            Axis::Pair => {
                let measures = $layout.measures;
                let $slots = $c.project[$r.clone()]
                    .iter()
                    .zip(&$c.measure[$r])
                    .map(move |(&p, &m)| pair_slot(p, m, measures));
                $body
            }
            Axis::Time(_) | Axis::Code(Dim::Month | Dim::Year) => {
                let first = $layout.first_day;
                let $slots = $c.date[$r].iter().map(move |&d| (d - first) as usize);
                $body
            }
        }
    };
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
            true,
        )?;
        let is_stock = stock_measures(p);
        Ok(Engine {
            layout,
            filters: Filters::new(q, p, |kind, c| ledger.codes.interner(kind).get(c.as_str()))?,
            any_stock: is_stock.iter().any(|&s| s),
            is_stock,
        })
    }

    pub(super) fn new_cells(&self) -> Cells {
        Cells::new(self.layout.keys(), DENSE_LIMIT)
    }

    /// Sets (`set`) or adds one part's share of the key for a chunk.
    fn pass(&self, part: &Part, c: &Columns, r: Range<usize>, keys: &mut [u64], set: bool) {
        let t = &part.scaled[..];
        with_slots!(part, self.layout, c, r, |slots| if set {
            keys.iter_mut().zip(slots).for_each(|(k, s)| *k = t[s]);
        } else {
            keys.iter_mut().zip(slots).for_each(|(k, s)| *k += t[s]);
        });
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
        let t = &part.scaled[..];
        let values = &c.value[r.clone()];
        with_slots!(part, self.layout, c, r, |slots| {
            for ((&k, s), &v) in keys.iter().zip(slots).zip(values) {
                cells[(k + t[s]) as usize].add(v);
            }
        });
    }

    /// Sums the flows of `range`'s entries into `cells`, a chunk at a time.
    /// Stock entries and filtered-out ones are skipped.
    pub(super) fn accumulate(&self, ledger: &Ledger, range: Range<usize>, cells: &mut Cells) {
        let c = &ledger.cols;
        let unfiltered = !self.any_stock && self.filters.is_none();
        let (last, rest) = self
            .layout
            .parts
            .split_last()
            .expect("measure is always a column");
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
            if let (Cells::Dense(cells), true) = (&mut *cells, unfiltered) {
                self.pass_into(last, c, start..end, keys, cells);
            } else {
                self.pass(last, c, start..end, keys, false);
                self.apply_filters(c, start, keys);
                cells.add_all(keys, &c.value[start..end]);
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
