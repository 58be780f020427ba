//! Rows of grouped totals that index shared key tables: each column's
//! distinct keys are kept once, in key order, and a row is one `u32` per
//! column beside its total. A report of millions of groups then costs 29
//! bytes a row with four key columns, not a vector of codes each, and
//! finishing it allocates nothing per row.

use std::fmt;

use super::{Acc, Key, Total};
use crate::Unit;

/// Rows in key order over per-column key tables.
#[derive(Clone, Default)]
pub(super) struct Keyed {
    /// Per column, its keys in order, each at most once (a table may hold
    /// keys no row uses).
    keys: Vec<Vec<Key>>,
    /// Per row, the position of its key in each column's table: row-major,
    /// `keys.len()` a row. Rows are in order, so their positions are too.
    at: Vec<u32>,
    /// Per row, its sum and count, and its unit.
    sums: Vec<Packed>,
    units: Vec<Unit>,
    /// The sum and count of each row too large for [`Packed`], where its
    /// `Packed` says.
    wide: Vec<(i128, u64)>,
}

/// The room for one part of the rows [`Keyed::extend_parts`] appends.
pub(super) struct Part<'a> {
    width: usize,
    at: &'a mut [u32],
    sums: &'a mut [Packed],
    units: &'a mut [Unit],
    /// Rows written so far.
    next: usize,
    /// The rows too large for [`Packed`] (rare): each row's place in the
    /// part, and its sum and count; [`Keyed::extend_parts`] moves them.
    wide: Vec<(usize, i128, u64)>,
}

impl Part<'_> {
    /// Writes the next row: its position in each column's table, and its
    /// accumulator.
    #[inline]
    pub(super) fn push(&mut self, at: impl IntoIterator<Item = u32>, acc: Acc) {
        let (i, w) = (self.next, self.width);
        for (a, p) in self.at[i * w..(i + 1) * w].iter_mut().zip(at) {
            *a = p;
        }
        self.sums[i] = Packed::narrow(&acc).unwrap_or_else(|| {
            self.wide.push((i, acc.sum, acc.entries));
            Packed::wide(0)
        });
        self.units[i] = acc.unit;
        self.next += 1;
    }
}

/// A row's sum and count as [`Keyed`] keeps them, in 12 bytes: the sum in
/// 64 bits (as two halves, so that the struct aligns to 4), the count in
/// 32; the unit is kept beside in a byte. Rows are written once and their
/// first touch is most of what finishing a report costs: a row was 41
/// bytes with the sum in 128 bits and the count in 64, 29 now.
///
/// A row whose sum or count does not fit (a sum beyond 9.2e16 yuan, a
/// count of 2^32 - 1 entries or more, after merging aggregates) holds
/// [`Packed::WIDE`] as its count and, in place of its sum, where its whole
/// sum and count are kept beside ([`Keyed::wide`]).
#[derive(Clone, Copy, Default)]
struct Packed {
    lo: u32,
    hi: i32,
    entries: u32,
}

impl Packed {
    /// The count of a row kept whole beside.
    const WIDE: u32 = u32::MAX;

    /// `a` in 12 bytes, if it fits.
    fn narrow(a: &Acc) -> Option<Packed> {
        let sum = i64::try_from(a.sum).ok()?;
        let entries = u32::try_from(a.entries)
            .ok()
            .filter(|&e| e != Packed::WIDE)?;
        Some(Packed::new(sum, entries))
    }

    /// A row kept whole at `at` beside.
    fn wide(at: usize) -> Packed {
        Packed::new(i64::try_from(at).expect("under 2^63 rows"), Packed::WIDE)
    }

    /// `n` (a sum, or a place beside) in two halves, and `entries`.
    fn new(n: i64, entries: u32) -> Packed {
        Packed {
            lo: u32::try_from(n & i64::from(u32::MAX)).expect("the low 32 bits"),
            hi: i32::try_from(n >> 32).expect("the high 32 bits"),
            entries,
        }
    }

    /// The accumulator, with rows kept whole in `wide`.
    fn acc(self, unit: Unit, wide: &[(i128, u64)]) -> Acc {
        let n = i64::from(self.hi) << 32 | i64::from(self.lo);
        let (sum, entries) = if self.entries == Packed::WIDE {
            wide[usize::try_from(n).expect("a place beside")]
        } else {
            (i128::from(n), u64::from(self.entries))
        };
        Acc { sum, entries, unit }
    }
}

impl Keyed {
    /// No rows yet, over these tables (each sorted, without repeats).
    pub(super) fn new(keys: Vec<Vec<Key>>) -> Keyed {
        debug_assert!(keys.iter().all(|t| t.windows(2).all(|w| w[0] < w[1])));
        Keyed {
            keys,
            ..Keyed::default()
        }
    }

    /// Rows from groups given in key order (each a key per column).
    pub(super) fn from_sorted(width: usize, groups: Vec<(Vec<Key>, Acc)>) -> Keyed {
        let keys = (0..width)
            .map(|c| {
                let mut t: Vec<Key> = groups.iter().map(|(k, _)| k[c].clone()).collect();
                t.sort_unstable();
                t.dedup();
                t
            })
            .collect();
        let mut out = Keyed::new(keys);
        for (k, acc) in groups {
            let at: Vec<u32> = (out.keys.iter().zip(&k))
                .map(|(t, k)| t.binary_search(k).expect("collected above") as u32)
                .collect();
            out.push(at, acc);
        }
        out
    }

    /// Appends a row after every row so far: its position in each column's
    /// table, and its accumulator.
    pub(super) fn push(&mut self, at: impl IntoIterator<Item = u32>, acc: Acc) {
        let before = self.at.len();
        self.at.extend(at);
        debug_assert_eq!(self.at.len() - before, self.keys.len());
        debug_assert!(self.len() == 0 || self.row(self.len() - 1) < &self.at[before..]);
        let packed = Packed::narrow(&acc).unwrap_or_else(|| {
            self.wide.push((acc.sum, acc.entries));
            Packed::wide(self.wide.len() - 1)
        });
        self.sums.push(packed);
        self.units.push(acc.unit);
    }

    /// Makes room for `n` more rows.
    pub(super) fn reserve(&mut self, n: usize) {
        self.at.reserve(n * self.keys.len());
        self.sums.reserve(n);
        self.units.reserve(n);
    }

    /// Appends rows after every row so far, made on every thread in parts:
    /// part `p` writes the next `counts[p]` rows, in order, through
    /// `fill(p, part)`. The rows must come out in order.
    pub(super) fn extend_parts(
        &mut self,
        counts: &[usize],
        fill: impl Fn(usize, &mut Part<'_>) + Sync,
    ) {
        use rayon::prelude::*;
        let (w, start, n) = (self.keys.len(), self.len(), counts.iter().sum::<usize>());
        // The rows' pages are fresh (a report of millions of rows): first
        // touched on every thread, which halves the wait for them.
        self.at.par_extend(rayon::iter::repeat_n(0, n * w));
        self.sums
            .par_extend(rayon::iter::repeat_n(Packed::default(), n));
        self.units.par_extend(rayon::iter::repeat_n(Unit::Count, n));
        let mut parts = Vec::with_capacity(counts.len());
        let mut rest = (
            &mut self.at[start * w..],
            &mut self.sums[start..],
            &mut self.units[start..],
        );
        for &c in counts {
            let (at, a) = std::mem::take(&mut rest.0).split_at_mut(c * w);
            let (sums, s) = std::mem::take(&mut rest.1).split_at_mut(c);
            let (units, u) = std::mem::take(&mut rest.2).split_at_mut(c);
            rest = (a, s, u);
            parts.push(Part {
                width: w,
                at,
                sums,
                units,
                next: 0,
                wide: Vec::new(),
            });
        }
        let wide: Vec<_> = (parts.into_par_iter().enumerate())
            .map(|(p, mut part)| {
                fill(p, &mut part);
                debug_assert_eq!(part.next, part.sums.len(), "part {p} filled");
                part.wide
            })
            .collect();
        // The rows kept whole, in order, beside the rows so far.
        let mut first = start;
        for (part, &count) in wide.into_iter().zip(counts) {
            for (i, sum, entries) in part {
                self.sums[first + i] = Packed::wide(self.wide.len());
                self.wide.push((sum, entries));
            }
            first += count;
        }
        debug_assert!((start.max(1)..self.len()).all(|i| self.row(i - 1) < self.row(i)));
    }

    pub(super) fn len(&self) -> usize {
        self.sums.len()
    }

    fn row(&self, i: usize) -> &[u32] {
        let w = self.keys.len();
        &self.at[i * w..(i + 1) * w]
    }

    /// The rows of both, in order, adding the accumulators of rows with
    /// equal keys. Tables that differ (aggregates of two ledgers) are
    /// joined first.
    pub(super) fn merge(self, other: Keyed) -> Keyed {
        if other.len() == 0 {
            return self;
        }
        if self.len() == 0 {
            return other;
        }
        let w = self.keys.len();
        let (keys, a, b) = if self.keys == other.keys {
            (self.keys, self.at, other.at)
        } else {
            let mut keys = Vec::with_capacity(w);
            let (mut a, mut b) = (self.at, other.at);
            for (c, (x, y)) in self.keys.into_iter().zip(other.keys).enumerate() {
                let (joined, from_x, from_y) = join(x, y);
                renumber(&mut a, c, w, &from_x);
                renumber(&mut b, c, w, &from_y);
                keys.push(joined);
            }
            (keys, a, b)
        };
        let mut out = Keyed::new(keys);
        out.reserve(self.sums.len() + other.sums.len());
        let accs = |s: Vec<Packed>, u: Vec<Unit>, wide: Vec<(i128, u64)>| {
            (s.into_iter().zip(u)).map(move |(p, u)| p.acc(u, &wide))
        };
        let x = a
            .chunks_exact(w)
            .zip(accs(self.sums, self.units, self.wide));
        let y = b
            .chunks_exact(w)
            .zip(accs(other.sums, other.units, other.wide));
        in_order(
            x,
            y,
            |p, q| p.0.cmp(q.0),
            |next| {
                let (at, acc) = match next {
                    Side::One((at, acc)) | Side::Other((at, acc)) => (at, acc),
                    Side::Both((at, mut acc), (_, more)) => {
                        acc.sum += more.sum;
                        acc.entries += more.entries;
                        (at, acc)
                    }
                };
                out.push(at.iter().copied(), acc);
            },
        );
        out
    }

    /// The rows, in key order.
    pub(super) fn rows(&self) -> Rows<'_> {
        self.rows_in(0..self.len())
    }

    /// Rows `range`, in key order.
    pub(super) fn rows_in(&self, range: std::ops::Range<usize>) -> Rows<'_> {
        let w = self.keys.len();
        Rows {
            keys: &self.keys,
            wide: &self.wide,
            inner: (self.at[range.start * w..range.end * w].chunks_exact(w.max(1)))
                .zip(self.sums[range.clone()].iter().zip(&self.units[range])),
        }
    }

    /// Each column's keys, in order.
    pub(super) fn tables(&self) -> &[Vec<Key>] {
        &self.keys
    }

    /// The positions (row-major) and totals of rows `range`.
    pub(super) fn parts_in(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = (&[u32], Acc)> + '_ {
        self.rows_in(range).map(|r| (r.at, r.acc))
    }
}

/// Two sorted tables joined, and where each one's keys went in the join.
fn join(x: Vec<Key>, y: Vec<Key>) -> (Vec<Key>, Vec<u32>, Vec<u32>) {
    let mut joined = Vec::with_capacity(x.len() + y.len());
    let (mut from_x, mut from_y) = (Vec::with_capacity(x.len()), Vec::with_capacity(y.len()));
    in_order(x.into_iter(), y.into_iter(), Ord::cmp, |next| {
        let at = joined.len() as u32;
        joined.push(match next {
            Side::One(k) => {
                from_x.push(at);
                k
            }
            Side::Other(k) => {
                from_y.push(at);
                k
            }
            Side::Both(k, _) => {
                from_x.push(at);
                from_y.push(at);
                k
            }
        });
    });
    (joined, from_x, from_y)
}

/// An item of one of two sorted sequences walked together, or an item of
/// each that compare equal.
enum Side<T> {
    One(T),
    Other(T),
    Both(T, T),
}

/// Hands `f` the items of two sequences sorted by `cmp`, in order, equal
/// items as a pair.
fn in_order<T>(
    x: impl Iterator<Item = T>,
    y: impl Iterator<Item = T>,
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering,
    mut f: impl FnMut(Side<T>),
) {
    use std::cmp::Ordering::{Equal, Greater, Less};
    let (mut x, mut y) = (x.peekable(), y.peekable());
    loop {
        let next = match (x.peek(), y.peek()) {
            (Some(p), Some(q)) => match cmp(p, q) {
                Less => x.next().map(Side::One),
                Greater => y.next().map(Side::Other),
                Equal => x.next().zip(y.next()).map(|(p, q)| Side::Both(p, q)),
            },
            (Some(_), None) => x.next().map(Side::One),
            (None, Some(_)) => y.next().map(Side::Other),
            (None, None) => return,
        };
        f(next.expect("peeked"));
    }
}

/// Moves column `c`'s positions (of rows `width` wide) to `to`'s.
fn renumber(at: &mut [u32], c: usize, width: usize, to: &[u32]) {
    for p in at.iter_mut().skip(c).step_by(width) {
        *p = to[*p as usize];
    }
}

impl PartialEq for Keyed {
    /// Equal rows, whatever keys the tables hold beside theirs.
    fn eq(&self, other: &Keyed) -> bool {
        self.keys.len() == other.keys.len() && self.rows().eq(other.rows())
    }
}

impl Eq for Keyed {}

impl fmt::Debug for Keyed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.rows()).finish()
    }
}

/// One row of a report: its keys, total and count of entries, read from
/// the report (a view, cheap to copy).
#[derive(Clone, Copy)]
pub struct Row<'a> {
    keys: &'a [Vec<Key>],
    at: &'a [u32],
    acc: Acc,
}

impl<'a> Row<'a> {
    /// The key of column `column` (in the report's column order).
    ///
    /// # Panics
    ///
    /// When the report has no such column, as indexing a slice does.
    #[must_use]
    pub fn key(self, column: usize) -> &'a Key {
        &self.keys[column][self.at[column] as usize]
    }
    /// The key values, in the report's column order.
    #[must_use]
    pub fn keys(self) -> impl ExactSizeIterator<Item = &'a Key> + DoubleEndedIterator + Clone {
        let keys = self.keys;
        self.at
            .iter()
            .zip(keys)
            .map(|(&at, table)| &table[at as usize])
    }
    /// The total.
    #[must_use]
    pub fn value(self) -> Total {
        Total::new(self.acc.sum, self.acc.unit)
    }
    /// How many entries went into it.
    #[must_use]
    pub fn entries(self) -> u64 {
        self.acc.entries
    }
}

impl PartialEq for Row<'_> {
    fn eq(&self, other: &Row<'_>) -> bool {
        self.keys().eq(other.keys())
            && self.value() == other.value()
            && self.entries() == other.entries()
    }
}

impl Eq for Row<'_> {}

impl fmt::Debug for Row<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Row")
            .field("keys", &self.keys().collect::<Vec<_>>())
            .field("value", &self.value())
            .field("entries", &self.entries())
            .finish()
    }
}

/// The rows of a report, in key order ([`Report::rows`](super::Report::rows)).
#[derive(Clone)]
pub struct Rows<'a> {
    keys: &'a [Vec<Key>],
    wide: &'a [(i128, u64)],
    inner: std::iter::Zip<
        std::slice::ChunksExact<'a, u32>,
        std::iter::Zip<std::slice::Iter<'a, Packed>, std::slice::Iter<'a, Unit>>,
    >,
}

impl<'a> Rows<'a> {
    fn view(&self, (at, (sum, unit)): (&'a [u32], (&'a Packed, &'a Unit))) -> Row<'a> {
        Row {
            keys: self.keys,
            at,
            acc: sum.acc(*unit, self.wide),
        }
    }
}

impl<'a> Iterator for Rows<'a> {
    type Item = Row<'a>;
    fn next(&mut self) -> Option<Row<'a>> {
        let r = self.inner.next()?;
        Some(self.view(r))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
    fn nth(&mut self, n: usize) -> Option<Row<'a>> {
        let r = self.inner.nth(n)?;
        Some(self.view(r))
    }
}

impl DoubleEndedIterator for Rows<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let r = self.inner.next_back()?;
        Some(self.view(r))
    }
}

impl ExactSizeIterator for Rows<'_> {}

impl std::iter::FusedIterator for Rows<'_> {}

impl fmt::Debug for Rows<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Accumulators on both sides of what a row keeps in 12 bytes.
    fn edges() -> Vec<Acc> {
        let (i, w) = (i128::from(i64::MAX), u64::from(Packed::WIDE));
        let sums = [0, -1, 1, i, i + 1, -i, -i - 1, -i - 2, i128::MAX, i128::MIN];
        let counts = [0, 1, w - 1, w, w + 1, u64::MAX];
        let unit = |k: usize| if k % 2 == 0 { Unit::Yuan } else { Unit::Count };
        (sums.iter().enumerate())
            .flat_map(|(k, &sum)| {
                (counts.iter()).map(move |&entries| Acc {
                    sum,
                    entries,
                    unit: unit(k),
                })
            })
            .collect()
    }

    /// One column of years, one row a year.
    fn years(n: i32) -> Keyed {
        Keyed::new(vec![(0..n).map(Key::Year).collect()])
    }

    fn accs(k: &Keyed) -> Vec<Acc> {
        k.parts_in(0..k.len()).map(|(_, acc)| acc).collect()
    }

    #[test]
    fn rows_too_large_for_twelve_bytes_are_kept_whole() {
        let all = edges();
        let n = i32::try_from(all.len()).expect("a few");
        let mut pushed = years(n);
        for (r, &acc) in all.iter().enumerate() {
            pushed.push([r as u32], acc);
        }
        assert_eq!(accs(&pushed), all);
        assert!(!pushed.wide.is_empty() && pushed.wide.len() < all.len());
        // Made in parts on threads, after a row pushed: each part's rows
        // kept whole are moved beside the others, in order.
        let mut parts = years(n + 1);
        parts.push([0], all[7]);
        let counts = [13, 1, 0, all.len() - 14];
        let starts = [0, 13, 14, 14];
        parts.extend_parts(&counts, |p, part| {
            let rows = starts[p]..starts[p] + counts[p];
            for (r, &acc) in rows.clone().zip(&all[rows]) {
                part.push([r as u32 + 1], acc);
            }
        });
        let mut expected = vec![all[7]];
        expected.extend_from_slice(&all);
        assert_eq!(accs(&parts), expected);
        let rows: Vec<Total> = parts.rows().map(Row::value).collect();
        let totals: Vec<Total> = expected.iter().map(|a| Total::new(a.sum, a.unit)).collect();
        assert_eq!(rows, totals);
    }

    #[test]
    fn merged_rows_that_outgrow_twelve_bytes_are_kept_whole() {
        let big = |sum, entries| Acc {
            sum,
            entries,
            unit: Unit::Yuan,
        };
        let (i, w) = (i128::from(i64::MAX), u64::from(Packed::WIDE));
        let mut a = years(3);
        a.push([0], big(i, w - 1));
        a.push([1], big(-i, 2));
        a.push([2], big(i + 5, 1));
        let mut b = years(3);
        b.push([0], big(1, 1));
        b.push([1], big(-2, w));
        let merged = a.merge(b);
        assert_eq!(
            accs(&merged),
            [big(i + 1, w), big(-i - 2, w + 2), big(i + 5, 1)]
        );
        assert_eq!(merged.wide.len(), 3);
    }
}
