//! How a report groups entries, written once. The in-memory engine
//! ([`super::engine`], over a loaded ledger's columns) and the streamed
//! sink ([`super::stream`], entry by entry as a file is read) are thin
//! accumulators over it:
//!
//! - how a dimension of an entry becomes a *slot*, a small integer with
//!   "none" at 0, the same for one entry and for a loaded ledger's columns
//!   (`Layout::with_slots`, `slots.rs`);
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
//! read in `slots.rs` and nowhere else in the report.

mod cells;
mod decode;
mod keys;
mod layout;
mod slots;
mod stock;

pub(super) use cells::{Addend, Cell, Cells, SKIP};
pub(super) use layout::{Axis, Layout, Part};
pub(super) use slots::{Run, WithSlots, time_slot};
use slots::{breakdown_slot, opt_slot16, opt_slot32};
pub(super) use stock::{Snapshot, Stocks, stock_measures};
pub(crate) use stock::{replaces, stock_series};
