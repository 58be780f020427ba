//! Packed keys read back as an aggregate's rows, through the key tables of
//! the codes known at the end.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::cells::{Cell, Cells};
use super::keys::KeyTable;
use super::layout::{Axis, Layout};
use super::stock::{SeriesTables, Stocks};
use crate::ledger::Codes;
use crate::report::keyed::Keyed;
use crate::report::{Acc, Aggregate, Key};
use crate::{Dim, Error};

/// The key columns of a layout, in output order, with the tables that
/// rank and decode their values.
struct Columns<'a> {
    layout: &'a Layout,
    /// Per column: its part, and the rank of each of the part's digits.
    ranks: Vec<(usize, Vec<u32>)>,
    tables: Vec<KeyTable>,
    /// Each column's weight in a group's rank number, and their product.
    strides: Vec<u64>,
    space: u64,
    /// The measure column's position, and the measure id of each rank.
    measure: usize,
    measure_ids: Vec<usize>,
}

impl Columns<'_> {
    fn new<'a>(layout: &'a Layout, codes: &Codes) -> Result<Columns<'a>, Error> {
        let part = |axis: Axis| layout.parts.iter().position(|p| p.axis == axis);
        let paired = part(Axis::Pair);
        let mut ranks = Vec::with_capacity(layout.columns.len());
        let mut tables = Vec::with_capacity(layout.columns.len());
        for &d in &layout.columns {
            let i = match (d, paired) {
                (Dim::Project | Dim::Measure, Some(i)) => i,
                (Dim::Month | Dim::Year, _) => part(Axis::Time(d)).expect("a part"),
                _ => part(Axis::Code(d)).expect("a part"),
            };
            let p = &layout.parts[i];
            let (table, rank): (KeyTable, Vec<u32>) = if let Axis::Time(_) = p.axis {
                let year = d == Dim::Year;
                let first = if year {
                    layout.origin.div_euclid(12)
                } else {
                    layout.origin
                };
                (
                    KeyTable::time(first, p.card as usize, year),
                    (0..p.card as u32).collect(),
                )
            } else {
                let m = layout.measures;
                let slot = |s: u32| match (p.axis, d) {
                    (Axis::Pair, Dim::Project) => s as usize / m,
                    (Axis::Pair, _) => s as usize % m,
                    _ => s as usize,
                };
                let t = KeyTable::code(codes, d);
                let rank = p.slots.iter().map(|&s| t.rank[slot(s)]).collect();
                (t, rank)
            };
            ranks.push((i, rank));
            tables.push(table);
        }
        let mut strides = vec![0; tables.len()];
        let mut stride = 1u64;
        for (s, t) in strides.iter_mut().zip(&tables).rev() {
            *s = stride;
            stride = stride.checked_mul(t.keys.len() as u64).ok_or_else(|| {
                Error::Overflow("the grouping has more possible groups than 2^64".into())
            })?;
        }
        let measure = (layout.columns.iter())
            .position(|&d| d == Dim::Measure)
            .expect("measure is always a column");
        let mut measure_ids = vec![0; tables[measure].keys.len()];
        for (id, &r) in tables[measure].rank.iter().enumerate() {
            measure_ids[r as usize] = id;
        }
        Ok(Columns {
            layout,
            ranks,
            tables,
            strides,
            space: stride,
            measure,
            measure_ids,
        })
    }

    /// A group's position in key order, from its parts' digits: its
    /// columns' ranks as one mixed-radix number.
    fn rank(&self, digits: &[usize]) -> u64 {
        (self.ranks.iter().zip(&self.strides))
            .map(|((i, rank), stride)| u64::from(rank[digits[*i]]) * stride)
            .sum()
    }

    /// The digits of a packed key.
    fn digits(&self, mut key: u64) -> [usize; Dim::ALL.len()] {
        let mut digits = [0; Dim::ALL.len()];
        for (d, p) in digits.iter_mut().zip(&self.layout.parts) {
            *d = (key % p.card) as usize;
            key /= p.card;
        }
        digits
    }

    /// The ranks of a group's rank number.
    fn ranks(&self, mut rank: u64) -> [usize; Dim::ALL.len()] {
        let mut ranks = [0; Dim::ALL.len()];
        for (r, t) in ranks.iter_mut().zip(&self.tables).rev() {
            let size = t.keys.len() as u64;
            *r = (rank % size) as usize;
            rank /= size;
        }
        ranks
    }

    /// The keys of a group's ranks, and its measure id.
    fn keys(&self, ranks: &[usize]) -> (Vec<Key>, usize) {
        let keys = (self.tables.iter().zip(ranks))
            .map(|(t, &r)| t.keys[r].clone())
            .collect();
        (keys, self.measure_ids[ranks[self.measure]])
    }

    /// Each dense cell in use with its group's ranks, in key order: every
    /// combination of ranks in turn (the last column fastest), no sort.
    fn walk(&self, cells: &[Cell], mut f: impl FnMut(&[usize], Cell)) {
        let shares = Shares::new(self);
        let Shares {
            columns: offsets,
            pairs,
            into_pair,
        } = &shares;
        if offsets.iter().any(Vec::is_empty) {
            return; // a column without keys: no group
        }
        let width = offsets.len();
        let last = width - 1;
        // The last column's ranks in use, each with its share of the cell's
        // index: when it is one of the pair's columns, a list for each
        // share of the pair the outer columns make (only the pairs in use:
        // most (project, measure) combinations are not).
        let used = || (offsets[last].iter().enumerate()).filter(|(_, o)| **o != NONE);
        let inner: Vec<Vec<(usize, u64)>> = if into_pair[last] {
            (0..pairs.len())
                .map(|p| {
                    let at = |o: u64| pairs.get(p + o as usize).filter(|&&q| q != NONE);
                    used()
                        .filter_map(|(r, &o)| at(o).map(|&q| (r, q)))
                        .collect()
                })
                .collect()
        } else {
            vec![used().map(|(r, &o)| (r, o)).collect()]
        };
        let mut ranks = [0; Dim::ALL.len()];
        loop {
            // The outer columns' shares, then the last column's in turn.
            let (mut at, mut pair, mut open) = (0, 0, true);
            for c in 0..last {
                match offsets[c][ranks[c]] {
                    NONE => open = false,
                    o if into_pair[c] => pair += o,
                    o => at += o,
                }
            }
            let shares = match (open, into_pair[last]) {
                (false, _) => &[][..],
                (true, true) => &inner[pair as usize][..],
                (true, false) => match pairs[pair as usize] {
                    NONE => &[][..],
                    o => {
                        at += o;
                        &inner[0][..]
                    }
                },
            };
            for &(r, o) in shares {
                // Dense cells end at the last key in use.
                let cell = cells.get((at + o) as usize).copied().unwrap_or_default();
                if cell.count > 0 {
                    ranks[last] = r;
                    f(&ranks[..width], cell);
                }
            }
            // The next combination of the outer columns.
            let mut c = last;
            loop {
                if c == 0 {
                    return;
                }
                c -= 1;
                ranks[c] += 1;
                if ranks[c] < offsets[c].len() {
                    break;
                }
                ranks[c] = 0;
            }
        }
    }

    /// The groups in use among dense `cells`, as a bitmap of their rank
    /// numbers, marked on every thread.
    fn mark(&self, cells: &[Cell]) -> Vec<u64> {
        let words = usize::try_from(self.space.div_ceil(64)).expect("checked by the caller");
        let chunk = cells.len().div_ceil(rayon::current_num_threads()).max(1);
        (cells.par_chunks(chunk).enumerate())
            .map(|(i, part)| {
                let mut bits = vec![0u64; words];
                for (k, c) in (i * chunk..).zip(part) {
                    if c.count > 0 {
                        let r = self.rank(&self.digits(k as u64));
                        bits[(r / 64) as usize] |= 1 << (r % 64);
                    }
                }
                bits
            })
            .reduce_with(|mut a, b| {
                a.iter_mut().zip(b).for_each(|(a, b)| *a |= b);
                a
            })
            .unwrap_or_default()
    }

    /// Each dense cell whose rank number is marked in `bits` (from
    /// [`Columns::mark`]) with its group's ranks, in key order, on every
    /// thread, into `flows`: parts of about [`PART`] groups each, their
    /// cells fetched a batch ahead.
    fn gather(
        &self,
        bits: &[u64],
        cells: &[Cell],
        flows: &mut Keyed,
        acc: impl Fn(&[usize], Cell) -> Acc + Sync,
    ) {
        let shares = Shares::new(self);
        let width = self.tables.len();
        // Parts as ranges of words, and the groups in each.
        let (mut bounds, mut counts, mut n) = (vec![0], Vec::new(), 0);
        for (w, x) in bits.iter().enumerate() {
            n += x.count_ones() as usize;
            if n >= PART || w + 1 == bits.len() {
                bounds.push(w + 1);
                counts.push(n);
                n = 0;
            }
        }
        flows.extend_parts(&counts, |p, part| {
            // The cells of a batch of groups are fetched before any is
            // read: one at a time, combined's 2.6M groups took 190 ms to
            // gather instead of 65.
            const BATCH: usize = 32;
            let mut batch = [([0; Dim::ALL.len()], 0usize); BATCH];
            let mut len = 0;
            let mut flush = |batch: &[([usize; Dim::ALL.len()], usize)]| {
                for (ranks, cell) in batch {
                    let ranks = &ranks[..width];
                    part.push(positions(ranks), acc(ranks, cells[*cell]));
                }
            };
            for (w, &x) in (bounds[p]..).zip(&bits[bounds[p]..bounds[p + 1]]) {
                let mut x = x;
                while x != 0 {
                    let rank = w as u64 * 64 + u64::from(x.trailing_zeros());
                    x &= x - 1;
                    let ranks = self.ranks(rank);
                    let cell = shares.cell(&ranks[..width]).expect("a marked group's cell");
                    crate::intern::prefetch(&cells[cell]);
                    batch[len] = (ranks, cell);
                    len += 1;
                    if len == BATCH {
                        flush(&batch);
                        len = 0;
                    }
                }
            }
            flush(&batch[..len]);
        });
    }
}

/// Where a group's cell is in a layout's dense array, from its columns'
/// ranks: each rank's share of the index, or [`NONE`] when no cell has it;
/// the pair's two columns add up to an index into `pairs` instead, which
/// gives the pair's share.
struct Shares {
    columns: Vec<Vec<u64>>,
    pairs: Vec<u64>,
    into_pair: Vec<bool>,
}

/// No share: a rank (or pair) no cell has.
const NONE: u64 = u64::MAX;

impl Shares {
    fn new(c: &Columns) -> Shares {
        let width = c.tables.len();
        let paired = |i: usize| c.layout.parts[c.ranks[i].0].axis == Axis::Pair;
        let measures = c.tables[c.measure].keys.len();
        let columns = (0..width)
            .map(|i| {
                let (part, rank) = &c.ranks[i];
                let p = &c.layout.parts[*part];
                let mut off = vec![NONE; c.tables[i].keys.len()];
                for (d, &r) in rank.iter().enumerate() {
                    off[r as usize] = match c.layout.columns[i] {
                        Dim::Project if paired(i) => u64::from(r) * measures as u64,
                        Dim::Measure if paired(i) => u64::from(r),
                        _ => d as u64 * p.stride,
                    };
                }
                off
            })
            .collect();
        let mut pairs = vec![0];
        if let Some(project) = (0..width).find(|&i| paired(i) && i != c.measure) {
            let (part, measure) = (c.ranks[project].0, &c.ranks[c.measure].1);
            pairs = vec![NONE; c.tables[project].keys.len() * measures];
            for (d, (&pr, &mr)) in c.ranks[project].1.iter().zip(measure).enumerate() {
                pairs[pr as usize * measures + mr as usize] =
                    d as u64 * c.layout.parts[part].stride;
            }
        }
        Shares {
            columns,
            pairs,
            into_pair: (0..width).map(paired).collect(),
        }
    }

    /// The index of the cell of a group's ranks, if there can be one.
    #[inline]
    fn cell(&self, ranks: &[usize]) -> Option<usize> {
        let (mut at, mut pair) = (0, 0);
        for ((shares, &r), &paired) in self.columns.iter().zip(ranks).zip(&self.into_pair) {
            match shares[r] {
                NONE => return None,
                o if paired => pair += o,
                o => at += o,
            }
        }
        match self.pairs.get(pair as usize) {
            Some(&o) if o != NONE => usize::try_from(at + o).ok(),
            _ => None,
        }
    }
}

/// Possible groups up to which a layout's dense cells are walked in key
/// order (no sort): beyond, the walk reads cells far apart, and marking
/// the groups in use then gathering them, on every thread, is faster.
const WALK: u64 = 1 << 20;

/// Groups ranked, sorted or decoded on one thread at a time.
const PART: usize = 1 << 14;

/// A group's ranks as positions in its columns' key tables.
fn positions(ranks: &[usize]) -> impl Iterator<Item = u32> + '_ {
    ranks.iter().map(|&r| r as u32)
}

impl Layout {
    /// The aggregate of the totals in `cells` and the snapshots in
    /// `stocks`, keys decoded through `codes` as they are now, flows in key
    /// order.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] when the key columns' codes have more
    /// combinations than 2^64.
    pub(in crate::report) fn aggregate(
        &self,
        codes: &Codes,
        cells: &Cells,
        stocks: &Stocks,
    ) -> Result<Aggregate, Error> {
        let columns = Columns::new(self, codes)?;
        let units = &codes.units;
        let mut flows = Keyed::new(columns.tables.iter().map(|t| t.keys.clone()).collect());
        let acc = |ranks: &[usize], c: Cell| {
            let measure = columns.measure_ids[ranks[columns.measure]];
            let (sum, entries, unit) = (c.sum(), u64::from(c.count), units[measure]);
            Acc { sum, entries, unit }
        };
        match cells {
            // Few possible groups for the cells: walk them in order.
            Cells::Dense(dense)
                if columns.space <= (8 * dense.len() as u64 + (1 << 16)).min(WALK) =>
            {
                // Room for every row at once (a row is 29 bytes with four
                // columns, and fresh pages cost more than the rows'
                // arithmetic).
                flows.reserve(dense.iter().filter(|c| c.count > 0).count());
                columns.walk(dense, |ranks, c| {
                    flows.push(positions(ranks), acc(ranks, c));
                });
            }
            // Else, when a bitmap of the possible groups is no larger
            // than the cells, mark the groups in use in it and gather
            // their cells in key order: a report by area and month over
            // years has millions.
            Cells::Dense(dense)
                if columns.space / 8 <= (dense.len() * size_of::<Cell>()) as u64 =>
            {
                let bits = columns.mark(dense);
                columns.gather(&bits, dense, &mut flows, acc);
            }
            // Else rank the groups in use and sort them, in parallel.
            _ => {
                let mut groups = cells.groups();
                (groups.par_iter_mut().with_min_len(PART))
                    .for_each(|g| g.0 = columns.rank(&columns.digits(g.0)));
                if groups.len() < PART {
                    groups.sort_unstable_by_key(|g| g.0);
                } else {
                    groups.par_sort_unstable_by_key(|g| g.0);
                }
                let width = columns.tables.len();
                let counts: Vec<usize> = (groups.chunks(PART)).map(<[_]>::len).collect();
                flows.extend_parts(&counts, |p, part| {
                    for &(rank, c) in &groups[p * PART..(groups.len()).min((p + 1) * PART)] {
                        let ranks = &columns.ranks(rank)[..width];
                        part.push(positions(ranks), acc(ranks, c));
                    }
                });
            }
        }
        let series = SeriesTables::new(codes);
        let mut out = BTreeMap::new();
        for (g, s, snap) in stocks.snapshots() {
            let ranks = columns.ranks(columns.rank(&columns.digits(g)));
            let (keys, measure) = columns.keys(&ranks);
            out.insert((keys, series.keys(s, measure)), (snap, units[measure]));
        }
        Ok(Aggregate {
            columns: self.columns.clone(),
            flows,
            stocks: out,
        })
    }
}
