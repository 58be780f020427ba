//! How the slots of a key column rank in key order, and decode to keys.

use super::breakdown_slot;
use crate::intern::Interner;
use crate::ledger::Codes;
use crate::programme::RegistryKind;
use crate::report::Key;
use crate::{Code, Dim};

/// The registry list a code column's values come from, and whether the
/// column may be empty ("none" at slot 0); `None` for the breakdown, which
/// each measure lists.
fn list_of(dim: Dim) -> Option<(RegistryKind, bool)> {
    match dim {
        Dim::Project => Some((RegistryKind::Project, false)),
        Dim::Area => Some((RegistryKind::Area, false)),
        Dim::Measure => Some((RegistryKind::Measure, false)),
        Dim::School => Some((RegistryKind::School, true)),
        Dim::Pairing => Some((RegistryKind::Pairing, true)),
        Dim::Source => Some((RegistryKind::Source, true)),
        Dim::Breakdown => None,
        Dim::Month | Dim::Year => unreachable!("time tables are built from ordinals"),
    }
}

/// Slots of one key column ranked in key order, and decoded: rank 0 is the
/// first key in sorted order. Ranks of equal keys are equal (no breakdown
/// under any measure is one key).
#[derive(Clone, Debug, Default)]
pub(in crate::report) struct KeyTable {
    /// Slot to rank.
    pub(in crate::report) rank: Vec<u32>,
    /// Rank to key.
    pub(in crate::report) keys: Vec<Key>,
}

impl KeyTable {
    /// The table of a code dimension, over every code the ledger knows.
    pub(in crate::report) fn code(codes: &Codes, dim: Dim) -> KeyTable {
        if let Some((kind, optional)) = list_of(dim) {
            return ranked(codes.interner(kind), optional);
        }
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

    /// The table of a time column whose slots are the ordinals (statistics
    /// months, or years) from `first`, `count` of them: each slot is its
    /// own rank.
    pub(super) fn time(first: i32, count: usize, year: bool) -> KeyTable {
        let keys = (first..)
            .take(count)
            .map(|o| {
                if year {
                    Key::Year(o)
                } else {
                    Key::Month(crate::StatMonth::from_ordinal(o))
                }
            })
            .collect();
        KeyTable {
            rank: (0..count as u32).collect(),
            keys,
        }
    }

    /// The key of a slot.
    pub(in crate::report) fn key(&self, slot: usize) -> &Key {
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
