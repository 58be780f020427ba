//! Values in 32 bits with the rare one beyond them kept whole beside: the
//! one representation of a ledger's values, whether loaded (the value
//! column, [`Columns::value`](super::Columns)) or remembered by a ledger
//! that keeps no entries (its facts, [`Lean`](super::sink::Lean)).

use std::ops::Range;

/// The marker of an entry whose value is kept whole in [`Narrow`]'s side
/// table. It is a value of its own: a sum over the column counts it, and
/// [`Narrow::wide_in`] gives what to put in its place.
pub(crate) const WIDE: i32 = i32::MIN;

/// A column of 32-bit values, one an entry, in entry order. An entry whose
/// value does not fit (or whose whole `W` its owner keeps for another
/// reason) holds [`WIDE`], and its whole `W` is in a side table sorted by
/// entry: 4 bytes an entry, plus `4 + size_of::<W>()` (padded) for each
/// rare one.
#[derive(Clone, Debug)]
pub(crate) struct Narrow<W> {
    narrow: Vec<i32>,
    /// `(entry, whole)` of each entry holding [`WIDE`], by entry.
    wide: Vec<(u32, W)>,
}

impl<W> Default for Narrow<W> {
    fn default() -> Self {
        Narrow {
            narrow: Vec::new(),
            wide: Vec::new(),
        }
    }
}

/// `v` in 32 bits, if it fits and is not the marker.
#[inline]
pub(crate) fn fit32(v: i64) -> Option<i32> {
    i32::try_from(v).ok().filter(|&v| v != WIDE)
}

impl<W> Narrow<W> {
    /// Appends the next entry: `narrow` when it has one, else the marker
    /// and `whole()`.
    #[inline]
    pub(crate) fn push(&mut self, narrow: Option<i32>, whole: impl FnOnce() -> W) {
        match narrow {
            Some(v) => self.narrow.push(v),
            None => self.push_wide(whole()),
        }
    }

    #[cold]
    #[inline(never)]
    fn push_wide(&mut self, whole: W) {
        let entry = u32::try_from(self.narrow.len()).expect("under 2^32 entries");
        self.wide.push((entry, whole));
        self.narrow.push(WIDE);
    }

    /// Entry `i`'s value in 32 bits, or its whole.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Result<i32, &W> {
        match self.narrow[i] {
            WIDE => Err(self.whole(i)),
            v => Ok(v),
        }
    }

    #[cold]
    #[inline(never)]
    fn whole(&self, i: usize) -> &W {
        let k = self
            .wide
            .binary_search_by_key(&i, |w| w.0 as usize)
            .expect("an entry holding the marker is kept whole");
        &self.wide[k].1
    }

    /// Every entry's 32-bit value, [`WIDE`] for those kept whole.
    #[inline]
    pub(crate) fn narrow(&self) -> &[i32] {
        &self.narrow
    }

    /// The entries of `range` kept whole, with their wholes, by entry.
    pub(crate) fn wide_in(&self, range: Range<usize>) -> &[(u32, W)] {
        let at = |i: usize| self.wide.partition_point(|w| (w.0 as usize) < i);
        &self.wide[at(range.start)..at(range.end)]
    }

    pub(crate) fn len(&self) -> usize {
        self.narrow.len()
    }

    /// Heap bytes held, capacity included.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.narrow.capacity() * size_of::<i32>() + self.wide.capacity() * size_of::<(u32, W)>()
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.narrow.shrink_to_fit();
        self.wide.shrink_to_fit();
    }
}

impl Narrow<i64> {
    /// Appends a value.
    #[inline]
    pub(crate) fn push_value(&mut self, v: i64) {
        self.push(fit32(v), || v);
    }

    /// Entry `i`'s value.
    #[inline]
    pub(crate) fn value(&self, i: usize) -> i64 {
        match self.get(i) {
            Ok(v) => i64::from(v),
            Err(&v) => v,
        }
    }

    /// The values of `range`, in order: the wholes walked along, no search
    /// an entry.
    pub(crate) fn values(&self, range: Range<usize>) -> impl Iterator<Item = i64> + '_ {
        let mut wide = self.wide_in(range.clone()).iter();
        self.narrow[range].iter().map(move |&v| match v {
            WIDE => {
                wide.next()
                    .expect("an entry holding the marker is kept whole")
                    .1
            }
            v => i64::from(v),
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Values near every edge of 32 bits, and any `i64`.
    fn value() -> impl Strategy<Value = i64> {
        prop_oneof![
            -1_000_000i64..1_000_000,
            Just(i64::from(i32::MIN)),
            Just(i64::from(i32::MIN) + 1),
            Just(i64::from(i32::MIN) - 1),
            Just(i64::from(i32::MAX)),
            Just(i64::from(i32::MAX) + 1),
            Just(i64::MAX),
            Just(i64::MIN),
            any::<i64>(),
        ]
    }

    proptest! {
        #[test]
        fn values_round_trip_exactly(values in prop::collection::vec(value(), 0..300), cut in any::<prop::sample::Index>()) {
            let mut n = Narrow::default();
            for &v in &values {
                n.push_value(v);
            }
            prop_assert_eq!(n.len(), values.len());
            for (i, &v) in values.iter().enumerate() {
                prop_assert_eq!(n.value(i), v);
            }
            // Walked from any entry, and summed as the engine sums: the
            // 32-bit column, then each whole in place of its marker.
            let from = if values.is_empty() { 0 } else { cut.index(values.len() + 1) };
            let walked: Vec<i64> = n.values(from..values.len()).collect();
            prop_assert_eq!(&walked[..], &values[from..]);
            let mut sum: i128 = n.narrow()[from..].iter().map(|&v| i128::from(v)).sum();
            for &(_, whole) in n.wide_in(from..values.len()) {
                sum += i128::from(whole) - i128::from(WIDE);
            }
            prop_assert_eq!(sum, values[from..].iter().map(|&v| i128::from(v)).sum::<i128>());
            // Only the values beyond 32 bits (and the marker) are whole.
            let wide = values.iter().filter(|&&v| fit32(v).is_none()).count();
            prop_assert_eq!(n.wide_in(0..values.len()).len(), wide);
        }
    }
}
