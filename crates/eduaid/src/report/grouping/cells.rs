//! The running totals of a layout's groups, by packed key.

use super::layout::Rekey;
use crate::fxhash::FxMap;
use crate::ledger::WIDE;

/// A key no group has: an entry left out (filtered, or a stock) in a
/// batch of keys.
pub(in crate::report) const SKIP: u64 = u64::MAX;

/// One group's running sum and entry count in 16 bytes: the sum is
/// `sum + carry * 2^64` (an exact `i128`: each wrap of the `i64` moves the
/// carry by one), and a count fits `u32` because a ledger holds fewer than
/// 2^32 entries.
#[derive(Clone, Copy, Default, Debug)]
pub(in crate::report) struct Cell {
    sum: i64,
    carry: i32,
    pub(in crate::report) count: u32,
}

impl Cell {
    /// Adds an entry's value.
    #[inline]
    pub(in crate::report) fn add(&mut self, v: i64) {
        self.add_sum(v);
        self.count += 1;
    }

    /// Adds to the sum alone, exactly.
    #[inline]
    fn add_sum(&mut self, v: i64) {
        let (s, wrapped) = self.sum.overflowing_add(v);
        self.sum = s;
        // A wrap while adding a positive value lost +2^64, a negative one -2^64.
        self.carry += i32::from(wrapped) * ((v >> 63) as i32 | 1);
    }

    /// Adds an entry's 32-bit value without a carry: only into a cell that
    /// has had nothing but 32-bit values added, as the engine's first pass
    /// over a range adds them into new cells ([`Addend`]). Fewer than 2^32
    /// of them sum within `i64`: at most 2^32 * (2^31 - 1) < 2^63, at
    /// least 2^32 * -2^31 = `i64::MIN`.
    #[inline]
    fn add_narrow(&mut self, v: i32) {
        self.sum += i64::from(v);
        self.count += 1;
    }

    /// Puts `whole` in place of the marker [`WIDE`] added for an entry
    /// whose value is kept whole: the entry is counted already.
    fn unmark(&mut self, whole: i64) {
        self.add_sum(-i64::from(WIDE));
        self.add_sum(whole);
    }

    fn merge(&mut self, o: Cell) {
        let (s, wrapped) = self.sum.overflowing_add(o.sum);
        self.sum = s;
        self.carry += o.carry + i32::from(wrapped) * ((o.sum >> 63) as i32 | 1);
        self.count += o.count;
    }

    pub(in crate::report) fn sum(self) -> i128 {
        i128::from(self.sum) + (i128::from(self.carry) << 64)
    }
}

/// An entry's value as a cell takes it: whole (`i64`, the streamed sink's:
/// exact whatever the cell holds), or a loaded ledger's 32 bits (`i32`, the
/// engine's first pass over a range, into new cells: no carry to keep).
pub(in crate::report) trait Addend: Copy {
    fn add_to(self, cell: &mut Cell);
}

impl Addend for i64 {
    #[inline]
    fn add_to(self, cell: &mut Cell) {
        cell.add(self);
    }
}

impl Addend for i32 {
    #[inline]
    fn add_to(self, cell: &mut Cell) {
        cell.add_narrow(self);
    }
}

/// Dense cells beyond which [`Cells::add_all`] fetches each cell ahead:
/// a megabyte of them.
const FAR: usize = (1 << 20) / size_of::<Cell>();
/// How many entries ahead [`Cells::add_all`] fetches a far cell.
const AHEAD: usize = 16;

/// The cells of every group: an array indexed by the packed key when the
/// layout has few enough possible keys, else a hash map of the keys in use.
#[derive(Clone, Debug)]
pub(in crate::report) enum Cells {
    Dense(Vec<Cell>),
    Sparse(FxMap<u64, Cell>),
}

impl Cells {
    /// No totals yet, for a layout of `keys` possible keys: dense when
    /// there are at most `dense` of them.
    pub(in crate::report) fn new(keys: u64, dense: u64) -> Cells {
        if keys <= dense {
            Cells::Dense(vec![Cell::default(); keys as usize])
        } else {
            Cells::Sparse(FxMap::default())
        }
    }

    /// Adds each value to its key's cell, skipping the keys [`SKIP`].
    pub(in crate::report) fn add_all<V: Addend>(&mut self, keys: &[u64], values: &[V]) {
        let pairs = keys.iter().zip(values).filter(|(k, _)| **k != SKIP);
        match self {
            // Cells beyond the second-level cache: each fetched some
            // entries ahead of its add.
            Cells::Dense(cells) if cells.len() > FAR => {
                for (i, (&k, &v)) in keys.iter().zip(values).enumerate() {
                    if let Some(&ahead) = keys.get(i + AHEAD) {
                        cells.get(ahead as usize).map(crate::intern::prefetch);
                    }
                    if k != SKIP {
                        v.add_to(&mut cells[k as usize]);
                    }
                }
            }
            Cells::Dense(cells) => pairs.for_each(|(&k, &v)| v.add_to(&mut cells[k as usize])),
            Cells::Sparse(map) => pairs.for_each(|(&k, &v)| v.add_to(map.entry(k).or_default())),
        }
    }

    /// Puts `whole` in place of the marker [`WIDE`] added to `key`'s cell
    /// for an entry whose value is kept whole.
    pub(in crate::report) fn unmark(&mut self, key: u64, whole: i64) {
        match self {
            Cells::Dense(cells) => cells[key as usize].unmark(whole),
            Cells::Sparse(map) => map.entry(key).or_default().unmark(whole),
        }
    }

    /// Adds the totals of `other`, of the same layout.
    pub(in crate::report) fn merge(&mut self, other: Cells) {
        match (self, other) {
            (Cells::Dense(a), Cells::Dense(b)) => a.iter_mut().zip(b).for_each(|(a, b)| a.merge(b)),
            (Cells::Sparse(m), Cells::Sparse(m2)) => {
                for (k, c) in m2 {
                    m.entry(k).or_default().merge(c);
                }
            }
            _ => unreachable!("cells of one layout share a kind"),
        }
    }

    /// The groups in use, by packed key.
    pub(in crate::report) fn groups(&self) -> Vec<(u64, Cell)> {
        match self {
            Cells::Dense(cells) => (0..)
                .zip(cells)
                .filter(|(_, c)| c.count > 0)
                .map(|(k, &c)| (k, c))
                .collect(),
            Cells::Sparse(map) => map.iter().map(|(&k, &c)| (k, c)).collect(),
        }
    }

    /// Makes room for `key` in a dense array, which grows as keys come
    /// (the months of a file not read yet take no memory), or moves the
    /// cells to a hash map when the array would pass `dense` cells.
    #[inline]
    pub(in crate::report) fn reach(&mut self, key: u64, dense: u64) {
        if let Cells::Dense(cells) = self {
            if key >= cells.len() as u64 {
                self.grow(key, dense);
            }
        }
    }

    #[cold]
    fn grow(&mut self, key: u64, dense: u64) {
        match self {
            Cells::Dense(cells) if key < dense => cells.resize(key as usize + 1, Cell::default()),
            _ => *self = Cells::Sparse(self.groups().into_iter().collect()),
        }
    }

    /// Moves every cell to its key in a grown layout, keeping a dense
    /// array within `dense` cells.
    pub(in crate::report) fn rekey(&mut self, rekey: &Rekey, dense: u64) {
        if rekey.is_identity() {
            return;
        }
        let groups = self.groups();
        *self = match self {
            Cells::Dense(_) => Cells::Dense(Vec::new()),
            Cells::Sparse(_) => Cells::Sparse(FxMap::default()),
        };
        for (k, c) in groups {
            let k = rekey.key(k);
            self.reach(k, dense);
            match self {
                Cells::Dense(cells) => cells[k as usize] = c,
                Cells::Sparse(map) => {
                    map.insert(k, c);
                }
            }
        }
    }
}
