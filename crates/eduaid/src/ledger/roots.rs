//! The corrected originals of a ledger: each one's net value (the original
//! plus its corrections) and, in a ledger that keeps no ids, its id.

use crate::intern::prefetch;

/// Corrected originals by entry number, in one table of open addressing
/// (linear probing, at most three quarters full, 16 bytes a slot): a correction's
/// check reads its original's net value and, for a message, its id from
/// one slot, which a reader fetches rows ahead ([`Roots::prefetch`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct Roots {
    slots: Vec<Slot>,
    len: usize,
    /// The ids kept ([`Roots::set`]), each a length byte (less one) and
    /// its text.
    ids: Vec<u8>,
}

#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    /// The original's entry number plus one (0: an empty slot).
    entry: u32,
    /// Where its id's length byte is in `ids`, plus one (0: none kept).
    id: u32,
    net: i64,
}

impl Roots {
    /// The slot where a probe for `entry` starts (a Fibonacci hash: entry
    /// numbers are dense, so their low bits alone would crowd).
    fn home(&self, entry: u32) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (u64::from(entry).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
    }

    /// The slot holding `entry`, or the empty one where it goes.
    fn probe(&self, entry: u32) -> usize {
        let mask = self.slots.len() - 1;
        let mut s = self.home(entry);
        while self.slots[s].entry != 0 && self.slots[s].entry != entry + 1 {
            s = (s + 1) & mask;
        }
        s
    }

    fn get(&self, entry: usize) -> Option<&Slot> {
        let entry = u32::try_from(entry).ok()?;
        if self.len == 0 {
            return None;
        }
        Some(&self.slots[self.probe(entry)]).filter(|s| s.entry != 0)
    }

    /// The net value of original `entry`, if it was corrected.
    pub(crate) fn net(&self, entry: usize) -> Option<i64> {
        self.get(entry).map(|s| s.net)
    }

    /// The id kept for original `entry`.
    pub(crate) fn id(&self, entry: usize) -> Option<&str> {
        let at = self.get(entry)?.id.checked_sub(1)? as usize;
        let len = usize::from(self.ids[at]) + 1;
        std::str::from_utf8(&self.ids[at + 1..at + 1 + len]).ok()
    }

    /// Sets original `entry`'s net value, and keeps its id if `id` is
    /// given and none is kept yet.
    pub(crate) fn set(&mut self, entry: usize, net: i64, id: Option<&str>) {
        let entry = u32::try_from(entry).expect("under 2^32 entries");
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            let size = (self.slots.len() * 2).max(16);
            let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
            for slot in old.into_iter().filter(|s| s.entry != 0) {
                let s = self.probe(slot.entry - 1);
                self.slots[s] = slot;
            }
        }
        let s = self.probe(entry);
        let slot = &mut self.slots[s];
        if slot.entry == 0 {
            *slot = Slot {
                entry: entry + 1,
                id: 0,
                net,
            };
            self.len += 1;
        }
        slot.net = net;
        if let (0, Some(id)) = (slot.id, id) {
            let len = id
                .len()
                .checked_sub(1)
                .and_then(|l| u8::try_from(l).ok())
                .expect("an entry id is 1 to 256 bytes");
            slot.id = u32::try_from(self.ids.len() + 1).expect("under 4 GiB of corrected ids");
            self.ids.push(len);
            self.ids.extend_from_slice(id.as_bytes());
        }
    }

    /// Asks the processor to fetch the slot of original `entry` (a hint).
    pub(crate) fn prefetch(&self, entry: usize) {
        if let (Ok(entry), false) = (u32::try_from(entry), self.slots.is_empty()) {
            prefetch(&self.slots[self.home(entry)]);
        }
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.slots.capacity() * size_of::<Slot>() + self.ids.capacity()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::Roots;

    proptest! {
        /// The table answers as a map does, through its doublings, and
        /// keeps the first id given for an original.
        #[test]
        fn roots_answer_as_a_map_does(
            sets in proptest::collection::vec((0usize..5000, any::<i64>(), any::<bool>()), 0..400),
        ) {
            let mut roots = Roots::default();
            let mut model: HashMap<usize, (i64, Option<String>)> = HashMap::new();
            for (entry, net, with_id) in sets {
                let id = format!("id-{entry}-{net}");
                let id = with_id.then_some(id.as_str());
                roots.set(entry, net, id);
                let m = model.entry(entry).or_insert((net, None));
                m.0 = net;
                if m.1.is_none() {
                    m.1 = id.map(str::to_owned);
                }
                for (&e, (net, id)) in &model {
                    prop_assert_eq!(roots.net(e), Some(*net));
                    prop_assert_eq!(roots.id(e), id.as_deref());
                }
            }
            for e in 0..5000 {
                if !model.contains_key(&e) {
                    prop_assert_eq!(roots.net(e), None);
                    prop_assert_eq!(roots.id(e), None);
                }
            }
        }
    }

    #[test]
    fn ids_of_every_length_are_kept() {
        let mut roots = Roots::default();
        let long = "阜".repeat(85) + "x"; // 256 bytes
        roots.set(7, 1, Some(&long));
        roots.set(8, 2, Some("a"));
        assert_eq!(roots.id(7), Some(long.as_str()));
        assert_eq!(roots.id(8), Some("a"));
    }
}
