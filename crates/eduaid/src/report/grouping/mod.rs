//! How a report groups entries, written once. The in-memory engine
//! ([`super::engine`], over a loaded ledger's columns) and the streamed
//! sink ([`super::stream`], entry by entry as a file is read) are thin
//! accumulators over it:
//!
//! - how a dimension of an entry becomes a *slot*, a small integer with
//!   "none" at 0 ([`slot`] and the helpers below);
//! - how slots become the digits of one packed key per group, and how the
//!   key space grows while a ledger is read ([`Layout`], `layout.rs`);
//! - each group's running total, and the table of them: a dense array
//!   indexed by the packed key when the key space is small, a hash map of
//!   packed keys otherwise ([`Cell`], [`Cells`], `cells.rs`);
//! - how slots rank in key order and decode to keys ([`KeyTable`],
//!   `keys.rs`), and packed keys to an aggregate's rows (`decode.rs`);
//! - what a stock snapshot is: the latest original entry of a series in a
//!   group, plus every correction made to it ([`Snapshot`], [`Stocks`],
//!   `stock.rs`).
//!
//! The ledger's "none" markers (`NONE32`, `NO_BREAKDOWN`, `u16::MAX`) are
//! read here and nowhere else in the report.

mod cells;
mod decode;
mod keys;
mod layout;
mod stock;

pub(super) use cells::{Cell, Cells, SKIP};
pub(super) use layout::{Axis, Layout, Part};
pub(super) use stock::{Snapshot, Stocks, stock_measures};
pub(crate) use stock::{replaces, stock_series};

use crate::Dim;
use crate::ledger::{NO_BREAKDOWN, NONE32, Vals};

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

/// The slot of a (project, measure) pair among `measures` measure ids.
#[inline]
pub(super) fn pair_slot(project: u16, measure: u16, measures: usize) -> usize {
    usize::from(project) * measures + usize::from(measure)
}

const _: () = {
    // "None" maps to slot 0.
    assert!(NO_BREAKDOWN.wrapping_add(1) == 0);
    assert!(NONE32.wrapping_add(1) == 0);
    assert!(u16::MAX.wrapping_add(1) == 0);
};

/// The slot of a code dimension of an entry (not `Month` or `Year`, whose
/// slots are days from a layout's first).
#[inline]
pub(super) fn slot(dim: Dim, e: &Vals) -> usize {
    match dim {
        Dim::Project => usize::from(e.project),
        Dim::Area => usize::from(e.area),
        Dim::Measure => usize::from(e.measure),
        Dim::School => opt_slot32(e.school),
        Dim::Pairing => opt_slot32(e.pairing),
        Dim::Source => opt_slot16(e.source),
        Dim::Breakdown => breakdown_slot(e.measure, e.breakdown),
        Dim::Month | Dim::Year => unreachable!("time slots are days"),
    }
}
