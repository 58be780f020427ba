//! How a report groups entries, written once for the in-memory engine
//! ([`super::engine`]) and the streamed sink ([`super::stream`]):
//!
//! - how a dimension of an entry becomes a *slot*, a small integer with
//!   "none" at 0 ([`slot`], [`opt_slot32`], [`opt_slot16`],
//!   [`breakdown_slot`]);
//! - how slots rank in key order and decode to keys ([`KeyTable`]);
//! - what a stock snapshot is: the latest original entry of a series in a
//!   group, plus every correction made to it ([`Snapshot`], [`series`]).
//!
//! The ledger's "none" markers (`NONE32`, `NO_BREAKDOWN`, `u16::MAX`) are
//! read here and nowhere else in the report.

use super::Key;
use crate::fxhash::FxMap;
use crate::intern::Interner;
use crate::ledger::{Codes, Ledger, NO_BREAKDOWN, NONE32, Vals};
use crate::{Code, Dim};

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

/// The slot of a code dimension of an entry (not `Month` or `Year`, whose
/// slots are time offsets the caller chooses).
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
        Dim::Month | Dim::Year => unreachable!("time slots are offsets"),
    }
}

/// The slot of a code dimension of an entry beside its measure: as
/// [`slot`], but a breakdown is only its position in the measure's list
/// (none at 0), as the measure is a key column too.
#[inline]
pub(super) fn packed_slot(dim: Dim, e: &Vals) -> usize {
    match dim {
        Dim::Breakdown => usize::from(e.breakdown.wrapping_add(1)),
        _ => slot(dim, e),
    }
}

/// The dimensions that tell a stock's series apart within a group (with
/// the measure, which is always a key column).
pub(super) const SERIES: [Dim; 6] = [
    Dim::Project,
    Dim::Area,
    Dim::School,
    Dim::Pairing,
    Dim::Breakdown,
    Dim::Source,
];

/// An entry's stock series, packed: the slots of [`SERIES`] (the breakdown
/// without its measure) in 120 bits.
pub(super) fn series(e: &Vals) -> u128 {
    u128::from(e.project)
        | u128::from(e.area) << 16
        | (opt_slot32(e.school) as u128) << 32
        | (opt_slot32(e.pairing) as u128) << 64
        | u128::from(e.breakdown.wrapping_add(1)) << 96
        | (opt_slot16(e.source) as u128) << 104
}

/// The keys of a packed series of measure `measure`.
pub(super) fn series_keys(s: u128, measure: u16, tables: &SeriesTables) -> Vec<Key> {
    let part = |shift: u32, bits: u32| ((s >> shift) & ((1u128 << bits) - 1)) as usize;
    let b = part(96, 8);
    let breakdown = (usize::from(measure) << 8) | b;
    [
        part(0, 16),
        part(16, 16),
        part(32, 32),
        part(64, 32),
        breakdown,
        part(104, 16),
    ]
    .iter()
    .zip(&tables.0)
    .map(|(&slot, t)| t.key(slot).clone())
    .collect()
}

/// The key tables of the [`SERIES`] dimensions.
pub(super) struct SeriesTables(Vec<KeyTable>);

impl SeriesTables {
    pub(super) fn new(codes: &Codes) -> SeriesTables {
        SeriesTables(SERIES.iter().map(|&d| KeyTable::code(codes, d)).collect())
    }
}

/// Slots of one key column ranked in key order, and decoded: rank 0 is the
/// first key in sorted order. Ranks of equal keys are equal (no breakdown
/// under any measure is one key).
#[derive(Clone, Debug, Default)]
pub(super) struct KeyTable {
    /// Slot to rank.
    pub(super) rank: Vec<u32>,
    /// Rank to key.
    pub(super) keys: Vec<Key>,
}

impl KeyTable {
    /// The table of a code dimension, over every code the ledger knows.
    pub(super) fn code(codes: &Codes, dim: Dim) -> KeyTable {
        match dim {
            Dim::Project => ranked(&codes.projects, false),
            Dim::Area => ranked(&codes.areas, false),
            Dim::Measure => ranked(&codes.measures, false),
            Dim::School => ranked(&codes.schools, true),
            Dim::Pairing => ranked(&codes.pairings, true),
            Dim::Source => ranked(&codes.sources, true),
            Dim::Breakdown => {
                let measures = codes.programme.measures();
                let mut all: Vec<&Code> = measures
                    .iter()
                    .flat_map(crate::Measure::breakdowns)
                    .collect();
                all.sort_unstable();
                all.dedup();
                let mut rank = vec![0u32; codes.measures.len() << 8];
                for (m, measure) in measures.iter().enumerate() {
                    for (b, code) in measure.breakdowns().iter().enumerate() {
                        let r = all.binary_search(&code).expect("listed") + 1;
                        rank[breakdown_slot(m as u16, b as u8)] = r as u32;
                    }
                }
                let keys = std::iter::once(Key::None)
                    .chain(all.into_iter().map(|c| Key::Code(c.clone())))
                    .collect();
                KeyTable { rank, keys }
            }
            Dim::Month | Dim::Year => unreachable!("time tables are built from ordinals"),
        }
    }

    /// The table of a time column: `ordinals` gives the month ordinal (or
    /// year) of each slot in turn; ranks are offsets from the first
    /// ordinal, keys every ordinal from the first to the last.
    #[allow(clippy::cast_sign_loss)] // offsets from the minimum
    pub(super) fn time(ordinals: &[i32], year: bool) -> KeyTable {
        let (Some(&lo), Some(&hi)) = (ordinals.iter().min(), ordinals.iter().max()) else {
            return KeyTable::default();
        };
        KeyTable {
            rank: ordinals.iter().map(|&o| (o - lo) as u32).collect(),
            keys: (lo..=hi)
                .map(|o| {
                    if year {
                        Key::Year(o)
                    } else {
                        Key::Month(crate::StatMonth::from_ordinal(o))
                    }
                })
                .collect(),
        }
    }

    /// The key of a slot.
    pub(super) fn key(&self, slot: usize) -> &Key {
        &self.keys[self.rank[slot] as usize]
    }
}

/// Ranks of an interner's codes in sorted order; `optional` reserves slot
/// and rank 0 for "none" (slots are then ids + 1).
fn ranked(interner: &Interner, optional: bool) -> KeyTable {
    let mut order: Vec<u32> = (0..interner.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| interner.code(a).cmp(interner.code(b)));
    let s = usize::from(optional);
    let mut rank = vec![0u32; interner.len() + s];
    let mut keys = Vec::with_capacity(interner.len() + s);
    if optional {
        keys.push(Key::None);
    }
    for (r, &id) in order.iter().enumerate() {
        rank[id as usize + s] = (r + s) as u32;
        keys.push(Key::Code(interner.code(id).clone()));
    }
    KeyTable { rank, keys }
}

/// The latest snapshot of a stock series in a group: the original entry
/// dated last (the later one in the ledger on equal dates), its value
/// plus every correction made to it, and how many originals were offered.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Snapshot {
    pub(super) day: i32,
    /// The original entry's index (its corrections are keyed by it).
    pub(super) entry: u32,
    pub(super) value: i64,
    pub(super) entries: u64,
}

impl Snapshot {
    /// The snapshot of one original entry.
    pub(super) fn of(index: u32, e: &Vals) -> Snapshot {
        Snapshot {
            day: e.day,
            entry: index,
            value: e.value,
            entries: 1,
        }
    }

    /// Takes in a snapshot of the same series from later in the ledger.
    pub(super) fn offer(&mut self, later: Snapshot) {
        let entries = self.entries + later.entries;
        if later.day >= self.day {
            *self = later;
        }
        self.entries = entries;
    }

    /// The snapshot's value with the corrections made to its entry.
    pub(super) fn corrected(self, corrections: &FxMap<u32, i64>) -> Snapshot {
        Snapshot {
            value: self.value + corrections.get(&self.entry).copied().unwrap_or(0),
            ..self
        }
    }
}

/// The original entries of a loaded ledger, dated on or before `to`, that
/// are the latest snapshot of their stock series (measure and [`SERIES`])
/// over the whole ledger.
pub(crate) fn latest_stock_entries(ledger: &Ledger, to: chrono::NaiveDate) -> Vec<usize> {
    let to = crate::ledger::date_to_day(to);
    let is_stock: Vec<bool> = ledger
        .programme()
        .measures()
        .iter()
        .map(|m| m.kind() == crate::MeasureKind::Stock)
        .collect();
    let mut latest: FxMap<(u16, u128), Snapshot> = FxMap::default();
    let c = &ledger.cols;
    for i in 0..ledger.len() {
        let e = c.vals(i);
        if e.day > to || !is_stock[usize::from(e.measure)] || ledger.corrected_by(i).is_some() {
            continue;
        }
        let snap = Snapshot::of(i as u32, &e);
        latest
            .entry((e.measure, series(&e)))
            .and_modify(|b| b.offer(snap))
            .or_insert(snap);
    }
    let mut out: Vec<usize> = latest.values().map(|s| s.entry as usize).collect();
    out.sort_unstable();
    out
}

/// The sum of the corrections made to each original of a loaded ledger
/// (an original at the root of a chain of corrections).
pub(super) fn corrections_by_root(ledger: &Ledger) -> FxMap<u32, i64> {
    let mut out: FxMap<u32, i64> = FxMap::default();
    for &(e, t) in &ledger.corrections {
        let mut root = t as usize;
        while let Some(r) = ledger.corrected_by(root) {
            root = r;
        }
        *out.entry(root as u32).or_insert(0) += ledger.cols.value[e as usize];
    }
    out
}
