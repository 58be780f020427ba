//! Interning: codes become small integer ids, entry ids live in one arena.

use std::collections::HashMap;

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

/// Entry ids, stored end to end in one byte arena, with an open-addressing
/// index from id text to entry number. About 4 bytes of offset, the id's own
/// bytes and 5 to 10 bytes of index per entry, where a `HashMap<String, u32>`
/// would take over 50.
#[derive(Clone, Debug, Default)]
pub(crate) struct IdArena {
    bytes: Vec<u8>,
    /// `ends[i]` is where id `i` ends in `bytes`.
    ends: Vec<u32>,
    /// Entry numbers plus one (0 is empty), by hash; length a power of two.
    slots: Vec<u32>,
}

fn hash(bytes: &[u8]) -> u64 {
    // FxHash-style multiply-rotate over 8-byte words: ids are short.
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
    h ^ (h >> 29)
}

impl IdArena {
    pub(crate) fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        std::str::from_utf8(&self.bytes[start..self.ends[i] as usize])
            .expect("ids are checked ASCII codes")
    }

    /// The entry number of an id.
    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut s = (hash(id.as_bytes()) as usize) & mask;
        loop {
            match self.slots[s] {
                0 => return None,
                e if self.get(e as usize - 1) == id => return Some(e as usize - 1),
                _ => s = (s + 1) & mask,
            }
        }
    }

    /// Adds an id known not to be present; returns its entry number.
    pub(crate) fn push(&mut self, id: &str) -> usize {
        debug_assert!(self.find(id).is_none());
        if (self.ends.len() + 1) * 8 > self.slots.len() * 7 {
            self.grow();
        }
        self.bytes.extend_from_slice(id.as_bytes());
        self.ends
            .push(u32::try_from(self.bytes.len()).expect("under 4 GiB of entry ids"));
        let n = self.ends.len() - 1;
        self.place(n);
        n
    }

    fn place(&mut self, n: usize) {
        let mask = self.slots.len() - 1;
        let mut s = (hash(self.get(n).as_bytes()) as usize) & mask;
        while self.slots[s] != 0 {
            s = (s + 1) & mask;
        }
        self.slots[s] = u32::try_from(n + 1).expect("under 2^32 entries");
    }

    fn grow(&mut self) {
        let cap = (self.slots.len() * 2).max(64);
        self.slots = vec![0; cap];
        for n in 0..self.ends.len() {
            self.place(n);
        }
    }

    /// Bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + self.ends.capacity() * 4 + self.slots.capacity() * 4
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
