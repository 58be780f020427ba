//! How a dimension of an entry becomes a *slot*, a small integer with
//! "none" at 0, written once for both accumulators:
//! [`Layout::with_slots`] reads a [`Source`] of dimension values, one
//! entry's ([`Vals`], the streamed sink) or a range of a loaded ledger's
//! columns ([`Run`], the engine), and hands the slots to a [`WithSlots`],
//! whose generic method is compiled for each dimension, so the engine's
//! column loops stay monomorphised (as fast as the loops written out per
//! column were: callgrind counts in the commit that made this file).
//!
//! The ledger's "none" markers (`NONE32`, `NO_BREAKDOWN`, `u16::MAX`) are
//! read here and nowhere else in the report.

// Day offsets are taken from the layout's first day; one before it wraps
// past every table.
#![allow(clippy::cast_sign_loss)]

use std::iter::once;
use std::ops::Range;

use super::{Axis, Layout};
use crate::Dim;
use crate::ledger::{Columns, NO_BREAKDOWN, NONE32, Vals, pair_index};

/// The slot of an optional 32-bit id: none is 0, id `i` is `i + 1`.
#[inline]
pub(super) fn opt_slot32(raw: u32) -> usize {
    raw.wrapping_add(1) as usize
}

/// The slot of an optional 16-bit id (a funding source).
#[inline]
pub(super) fn opt_slot16(raw: u16) -> usize {
    usize::from(raw.wrapping_add(1))
}

/// The slot of a breakdown, a position in its measure's list: one slot
/// space over every measure, none at 0 under each.
#[inline]
pub(super) fn breakdown_slot(measure: u16, b: u8) -> usize {
    (usize::from(measure) << 8) | usize::from(b.wrapping_add(1))
}

const _: () = {
    // "None" maps to slot 0.
    assert!(NO_BREAKDOWN.wrapping_add(1) == 0);
    assert!(NONE32.wrapping_add(1) == 0);
    assert!(u16::MAX.wrapping_add(1) == 0);
};

/// The slot of a day in a time part: days from the layout's first (one
/// before it wraps past every table).
#[inline]
pub(in crate::report) fn time_slot(day: i32, first: i32) -> usize {
    day.wrapping_sub(first) as u32 as usize
}

/// A range of a loaded ledger's entries, as the engine keys them a chunk
/// at a time.
pub(in crate::report) struct Run<'a> {
    pub(in crate::report) columns: &'a Columns,
    pub(in crate::report) range: Range<usize>,
}

/// The fields a slot is made of, each with its name in [`Vals`], its
/// column in [`Columns`] and its type: the trait [`Source`] and its two
/// impls, one entry's values and a run of columns, written from one list.
macro_rules! sources {
    ($($field:ident in $column:ident: $t:ty),* $(,)?) => {
        /// The values of entries, a field at a time: each method gives one
        /// field's values, in entry order.
        pub(in crate::report) trait Source {
            $(fn $field(&self) -> impl Iterator<Item = $t>;)*
        }

        /// One entry, as the streamed sink keys it.
        impl Source for Vals {
            $(
                #[inline]
                fn $field(&self) -> impl Iterator<Item = $t> {
                    once(self.$field)
                }
            )*
        }

        impl Source for Run<'_> {
            $(
                #[inline]
                fn $field(&self) -> impl Iterator<Item = $t> {
                    self.columns.$column[self.range.clone()].iter().copied()
                }
            )*
        }
    };
}

sources! {
    day in date: i32,
    project in project: u16,
    measure in measure: u16,
    area in area: u16,
    school in school: u32,
    pairing in pairing: u32,
    breakdown in breakdown: u8,
    source in source: u16,
}

/// What is done with one part's slots over a [`Source`]'s entries. The
/// method is generic, so it is compiled once for each dimension's
/// iterator: no dispatch inside the loop.
pub(in crate::report) trait WithSlots {
    type Out;
    fn with(self, slots: impl Iterator<Item = usize>) -> Self::Out;
}

/// The slot of a single entry.
struct First;

impl WithSlots for First {
    type Out = usize;
    #[inline]
    fn with(self, mut slots: impl Iterator<Item = usize>) -> usize {
        slots.next().expect("one entry")
    }
}

impl Layout {
    /// Hands `f` the slots of `src`'s entries in the part whose digit is
    /// `axis`: the one place that says how each dimension becomes a slot.
    #[inline]
    pub(in crate::report) fn with_slots<S: Source, F: WithSlots>(
        &self,
        axis: Axis,
        src: &S,
        f: F,
    ) -> F::Out {
        match axis {
            Axis::Code(Dim::Project) => f.with(src.project().map(usize::from)),
            Axis::Code(Dim::Area) => f.with(src.area().map(usize::from)),
            Axis::Code(Dim::Measure) => f.with(src.measure().map(usize::from)),
            Axis::Code(Dim::School) => f.with(src.school().map(opt_slot32)),
            Axis::Code(Dim::Pairing) => f.with(src.pairing().map(opt_slot32)),
            Axis::Code(Dim::Source) => f.with(src.source().map(opt_slot16)),
            Axis::Code(Dim::Breakdown) => {
                let both = src.measure().zip(src.breakdown());
                f.with(both.map(|(m, b)| breakdown_slot(m, b)))
            }
            Axis::Pair => {
                let measures = self.measures;
                let both = src.project().zip(src.measure());
                f.with(both.map(move |(p, m)| pair_index(p.into(), m.into(), measures)))
            }
            Axis::Time(_) | Axis::Code(Dim::Month | Dim::Year) => {
                let first = self.first_day;
                f.with(src.day().map(move |d| time_slot(d, first)))
            }
        }
    }

    /// The slot of one entry in the part whose digit is `axis`.
    #[inline]
    pub(in crate::report) fn slot(&self, axis: Axis, e: &Vals) -> usize {
        self.with_slots(axis, e, First)
    }
}
