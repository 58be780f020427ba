//! What a stock snapshot is: the latest original entry of a series in a
//! group, plus every correction made to it, wherever it lies.

use super::keys::KeyTable;
use super::layout::Rekey;
use super::opt_slot16;
use super::opt_slot32;
use crate::fxhash::FxMap;
use crate::ledger::{Codes, Ledger, Vals};
use crate::report::Key;
use crate::{Dim, MeasureKind, Programme};

/// Whether each measure, by id, is a stock.
pub(in crate::report) fn stock_measures(p: &Programme) -> Vec<bool> {
    (p.measures().iter())
        .map(|m| m.kind() == MeasureKind::Stock)
        .collect()
}

/// The dimensions that tell a stock's series apart within a group (with
/// the measure, which is always a key column).
const SERIES: [Dim; 6] = [
    Dim::Project,
    Dim::Area,
    Dim::School,
    Dim::Pairing,
    Dim::Breakdown,
    Dim::Source,
];

/// An entry's stock series, packed: the slots of [`SERIES`] (the breakdown
/// without its measure) in 120 bits.
fn series(e: &Vals) -> u128 {
    u128::from(e.project)
        | u128::from(e.area) << 16
        | (opt_slot32(e.school) as u128) << 32
        | (opt_slot32(e.pairing) as u128) << 64
        | u128::from(e.breakdown.wrapping_add(1)) << 96
        | (opt_slot16(e.source) as u128) << 104
}

/// An entry's stock series with its measure: what a snapshot is the
/// latest of, when the groups are measures.
pub(crate) fn stock_series(e: &Vals) -> (u16, u128) {
    (e.measure, series(e))
}

/// Whether an original of a series dated `later`, met after the one held
/// dated `held`, replaces it as the series' snapshot: the one dated last,
/// the later in the ledger on equal dates.
pub(crate) fn replaces(held: i32, later: i32) -> bool {
    later >= held
}

/// The key tables of the [`SERIES`] dimensions.
pub(super) struct SeriesTables(Vec<KeyTable>);

impl SeriesTables {
    pub(super) fn new(codes: &Codes) -> SeriesTables {
        SeriesTables(SERIES.iter().map(|&d| KeyTable::code(codes, d)).collect())
    }

    /// The keys of a packed series of measure `measure`.
    pub(super) fn keys(&self, s: u128, measure: usize) -> Vec<Key> {
        let part = |shift: u32, bits: u32| ((s >> shift) & ((1u128 << bits) - 1)) as usize;
        let breakdown = (measure << 8) | part(96, 8);
        [
            part(0, 16),
            part(16, 16),
            part(32, 32),
            part(64, 32),
            breakdown,
            part(104, 16),
        ]
        .iter()
        .zip(&self.0)
        .map(|(&slot, t)| t.key(slot).clone())
        .collect()
    }
}

/// The latest snapshot of a stock series in a group: the original entry
/// dated last (the later one in the ledger on equal dates), its value
/// plus every correction made to it, and how many originals were offered.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(in crate::report) struct Snapshot {
    pub(in crate::report) day: i32,
    /// The original entry's index (its corrections are keyed by it).
    pub(in crate::report) entry: u32,
    pub(in crate::report) value: i64,
    pub(in crate::report) entries: u64,
}

impl Snapshot {
    /// Takes in a snapshot of the same series from later in the ledger.
    pub(in crate::report) fn offer(&mut self, later: Snapshot) {
        let entries = self.entries + later.entries;
        if replaces(self.day, later.day) {
            *self = later;
        }
        self.entries = entries;
    }
}

/// The latest snapshot of each stock series in each group (by packed
/// key), and the sum of the corrections made to each original.
#[derive(Clone, Debug, Default)]
pub(in crate::report) struct Stocks {
    latest: FxMap<(u64, u128), Snapshot>,
    corrections: FxMap<u32, i64>,
}

impl Stocks {
    /// Offers original entry `index` to its series in group `group`.
    pub(in crate::report) fn offer(&mut self, group: u64, index: u32, e: &Vals) {
        let snap = Snapshot {
            day: e.day,
            entry: index,
            value: e.value,
            entries: 1,
        };
        self.latest
            .entry((group, series(e)))
            .and_modify(|b| b.offer(snap))
            .or_insert(snap);
    }

    /// Adds a correction of original `root` (at the root of its chain).
    pub(in crate::report) fn correct(&mut self, root: u32, value: i64) {
        *self.corrections.entry(root).or_insert(0) += value;
    }

    /// Adds every correction of a loaded ledger.
    pub(in crate::report) fn correct_all(&mut self, ledger: &Ledger) {
        for (e, t) in ledger.corrections() {
            self.correct(ledger.root_of(t) as u32, ledger.cols.value.value(e));
        }
    }

    /// Moves every group to its key in a grown layout.
    pub(in crate::report) fn rekey(&mut self, rekey: &Rekey) {
        let latest = std::mem::take(&mut self.latest);
        self.latest = (latest.into_iter())
            .map(|((g, s), snap)| ((rekey.key(g), s), snap))
            .collect();
    }

    /// Each group's packed key, series and snapshot, corrections added.
    pub(super) fn snapshots(&self) -> impl Iterator<Item = (u64, u128, Snapshot)> + '_ {
        self.latest.iter().map(|(&(g, s), &snap)| {
            let value = snap.value + self.corrections.get(&snap.entry).copied().unwrap_or(0);
            (g, s, Snapshot { value, ..snap })
        })
    }
}
