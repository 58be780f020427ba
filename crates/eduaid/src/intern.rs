//! Interning: codes become small integer ids, entry ids live in one arena.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::Code;

/// Codes of one kind, each given a dense id in order of first sight.
#[derive(Clone, Debug, Default)]
pub(crate) struct Interner {
    codes: Vec<Code>,
    map: HashMap<Code, u32>,
}

impl Interner {
    /// An interner pre-filled with `codes`, so their ids are their positions.
    pub(crate) fn with(codes: impl IntoIterator<Item = Code>) -> Interner {
        let mut i = Interner::default();
        for c in codes {
            i.intern(&c);
        }
        i
    }

    pub(crate) fn get(&self, text: &str) -> Option<u32> {
        self.map.get(text).copied()
    }

    /// The id of `code`, adding it if new.
    pub(crate) fn intern(&mut self, code: &Code) -> u32 {
        if let Some(&id) = self.map.get(code.as_str()) {
            return id;
        }
        let id = u32::try_from(self.codes.len()).expect("fewer than 2^32 codes");
        self.codes.push(code.clone());
        self.map.insert(code.clone(), id);
        id
    }

    pub(crate) fn len(&self) -> usize {
        self.codes.len()
    }

    pub(crate) fn code(&self, id: u32) -> &Code {
        &self.codes[id as usize]
    }
}

/// Entry ids, stored end to end in one byte arena (about 4 bytes of offset
/// plus the id's own bytes per entry), with an open-addressing index from id
/// text to entry number. The index (about 10 bytes an entry) is built while
/// entries are appended and may be dropped once loading is done
/// ([`IdArena::drop_index`]); it is rebuilt on the next look-up.
#[derive(Clone, Debug, Default)]
pub(crate) struct IdArena {
    bytes: Vec<u8>,
    /// `ends[i]` is where id `i` ends in `bytes`.
    ends: Vec<u32>,
    index: OnceLock<IdIndex>,
}

/// Linear probing at a load of at most one half, with an 8-bit hash tag per
/// slot so that most probes are settled without comparing ids.
#[derive(Clone, Debug, Default)]
struct IdIndex {
    /// Entry numbers plus one (0 is empty); length a power of two.
    slots: Vec<u32>,
    tags: Vec<u8>,
    len: usize,
}

fn hash(bytes: &[u8]) -> u64 {
    // Multiply-rotate over 8-byte words (ids are short), then the splitmix64
    // finaliser so that every input bit reaches the low bits used as the slot.
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = (h.rotate_left(5) ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

impl IdIndex {
    /// An empty index with room for `n` ids at a load of one half.
    fn with_capacity(n: usize) -> IdIndex {
        let cap = (n * 2).next_power_of_two().max(64);
        IdIndex {
            slots: vec![0; cap],
            tags: vec![0; cap],
            len: 0,
        }
    }

    /// The slot holding `id`, or the empty slot where it would go.
    fn probe(&self, arena: &IdArena, id: &[u8], h: u64) -> (usize, bool) {
        let mask = self.slots.len() - 1;
        let tag = (h >> 56) as u8;
        let mut s = (h as usize) & mask;
        loop {
            match self.slots[s] {
                0 => return (s, false),
                e if self.tags[s] == tag && arena.bytes_of(e as usize - 1) == id => {
                    return (s, true);
                }
                _ => s = (s + 1) & mask,
            }
        }
    }

    fn insert(&mut self, arena: &IdArena, n: usize) {
        if (self.len + 1) * 2 > self.slots.len() {
            // Double the room and re-insert everything, this id included.
            *self = IdIndex::build(arena, self.slots.len(), n + 1);
            return;
        }
        let id = arena.bytes_of(n);
        let h = hash(id);
        let (s, found) = self.probe(arena, id, h);
        debug_assert!(!found);
        self.slots[s] = u32::try_from(n + 1).expect("under 2^32 entries");
        self.tags[s] = (h >> 56) as u8;
        self.len += 1;
    }

    /// An index of the first `upto` ids, with room for `room` of them.
    fn build(arena: &IdArena, room: usize, upto: usize) -> IdIndex {
        let mut ix = IdIndex::with_capacity(room.max(upto));
        for n in 0..upto {
            ix.insert(arena, n);
        }
        ix
    }
}

impl IdArena {
    pub(crate) fn get(&self, i: usize) -> &str {
        std::str::from_utf8(self.bytes_of(i)).expect("ids are checked ASCII codes")
    }

    fn bytes_of(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.bytes[start..self.ends[i] as usize]
    }

    fn index(&self) -> &IdIndex {
        self.index
            .get_or_init(|| IdIndex::build(self, self.ends.len(), self.ends.len()))
    }

    /// The entry number of an id.
    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        if self.ends.is_empty() {
            return None;
        }
        let ix = self.index();
        let (s, found) = ix.probe(self, id.as_bytes(), hash(id.as_bytes()));
        found.then(|| ix.slots[s] as usize - 1)
    }

    /// Adds an id known not to be present; returns its entry number.
    pub(crate) fn push(&mut self, id: &str) -> usize {
        debug_assert!(self.find(id).is_none());
        let mut ix = self
            .index
            .take()
            .unwrap_or_else(|| IdIndex::build(self, self.ends.len() + 1, self.ends.len()));
        self.bytes.extend_from_slice(id.as_bytes());
        self.ends
            .push(u32::try_from(self.bytes.len()).expect("under 4 GiB of entry ids"));
        let n = self.ends.len() - 1;
        ix.insert(self, n);
        self.index = OnceLock::from(ix);
        n
    }

    /// Drops the look-up index (rebuilt on demand), to keep a loaded ledger small.
    pub(crate) fn drop_index(&mut self) {
        self.index = OnceLock::new();
    }

    /// Bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.bytes.capacity()
            + self.ends.capacity() * 4
            + self
                .index
                .get()
                .map_or(0, |ix| ix.slots.capacity() * 4 + ix.tags.capacity())
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arena_finds_what_it_holds() {
        let mut a = IdArena::default();
        for i in 0..10_000 {
            assert_eq!(a.push(&format!("e{i}")), i);
        }
        for i in 0..10_000 {
            assert_eq!(a.find(&format!("e{i}")), Some(i));
            assert_eq!(a.get(i), format!("e{i}"));
        }
        assert_eq!(a.find("e10000"), None);
        assert_eq!(a.find(""), None);
    }

    #[test]
    fn interner_keeps_registry_positions() {
        let c = |s: &str| Code::new(s).unwrap();
        let mut i = Interner::with([c("a"), c("b")]);
        assert_eq!(i.get("b"), Some(1));
        assert_eq!(i.intern(&c("z")), 2);
        assert_eq!(i.code(2).as_str(), "z");
    }
}
