//! Interning: codes become small integer ids, entry ids live in one arena.

use std::sync::OnceLock;

use crate::Code;

/// Codes of one kind, each given a dense id in order of first sight.
#[derive(Clone, Debug, Default)]
pub(crate) struct Interner {
    codes: Vec<Code>,
    index: KeyIndex,
}

/// Other texts that stand for codes of one kind (names and aliases), each
/// to its code's id in an [`Interner`]: found by the same look-up as a
/// code, so a ledger written with names reads as fast as one with codes.
#[derive(Clone, Debug, Default)]
pub(crate) struct NameIds {
    names: Vec<Box<[u8]>>,
    ids: Vec<u32>,
    index: KeyIndex,
}

/// The look-up shared by [`Interner`] and [`NameIds`]: texts by position,
/// found from their short keys. The texts themselves stay with the owner,
/// which passes them in (`stored`) for the rare compare a key cannot
/// decide.
#[derive(Clone, Debug, Default)]
struct KeyIndex {
    /// The short key of each text (see [`ShortKey`]) and, for a text of 17
    /// to 32 bytes, its middle words: a look-up of a text of up to 32
    /// bytes (nearly all) compares words read from this table alone, with
    /// no call and no read of the stored text.
    keys: Vec<(ShortKey, (u64, u64))>,
    /// Open addressing at a load of at most a quarter: position plus one,
    /// 0 when empty. Four bytes a slot keep the table of a registry of a
    /// thousand schools in the first-level cache.
    slots: Vec<u32>,
}

impl KeyIndex {
    /// The slot holding `text`, or the empty slot where it would go.
    #[allow(clippy::inline_always)] // measured: six look-ups a row
    #[inline(always)]
    fn probe<'s>(&self, text: &[u8], key: ShortKey, stored: impl Fn(usize) -> &'s [u8]) -> usize {
        let mask = self.slots.len() - 1;
        let mut s = (key.hash(text) as usize) & mask;
        loop {
            let at = self.slots[s];
            if at == 0 || {
                let (k, mid) = self.keys[at as usize - 1];
                k.equals(key)
                    && match key.len {
                        ..=16 => true,
                        17..=32 => mid == middle(text),
                        _ => stored(at as usize - 1) == text,
                    }
            } {
                return s;
            }
            s = (s + 1) & mask;
        }
    }

    /// The position of `text`.
    #[inline]
    fn find<'s>(&self, text: &[u8], stored: impl Fn(usize) -> &'s [u8]) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        self.slots[self.probe(text, ShortKey::of(text), stored)].checked_sub(1)
    }

    /// Adds `text` (not present) at the next position, which it returns;
    /// `stored` gives the texts already added.
    fn add<'s>(&mut self, text: &[u8], stored: impl Fn(usize) -> &'s [u8]) -> u32 {
        if (self.keys.len() + 1) * 4 > self.slots.len() {
            let size = (self.slots.len() * 2).max(16);
            self.slots = vec![0; size];
            for i in 0..self.keys.len() {
                let s = self.probe(stored(i), self.keys[i].0, &stored);
                self.slots[s] = i as u32 + 1;
            }
        }
        let at = u32::try_from(self.keys.len()).expect("fewer than 2^32 texts");
        let key = ShortKey::of(text);
        let s = self.probe(text, key, &stored);
        self.slots[s] = at + 1;
        let mid = if (17..=32).contains(&text.len()) {
            middle(text)
        } else {
            (0, 0)
        };
        self.keys.push((key, mid));
        at
    }
}

/// Two words and the length of a byte string: for up to 16 bytes they are
/// the whole string (overlapping windows at its two ends), so equal keys
/// mean equal strings; longer strings also compare their bytes. The hash
/// is seeded once per process, so a crafted file cannot pile its codes
/// into one probe chain.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ShortKey {
    a: u64,
    b: u64,
    len: u32,
}

impl ShortKey {
    #[inline]
    pub(crate) fn of(t: &[u8]) -> ShortKey {
        let n = t.len();
        let word = |i: usize| u64::from_le_bytes(t[i..i + 8].try_into().expect("8 bytes"));
        let half =
            |i: usize| u64::from(u32::from_le_bytes(t[i..i + 4].try_into().expect("4 bytes")));
        let (a, b) = match n {
            8.. => (word(0), word(n - 8)),
            4..=7 => (half(0), half(n - 4)),
            1..=3 => (
                u64::from(t[0]) | u64::from(t[n / 2]) << 8 | u64::from(t[n - 1]) << 16,
                0,
            ),
            0 => (0, 0),
        };
        ShortKey {
            a,
            b,
            len: u32::try_from(n).unwrap_or(u32::MAX),
        }
    }

    /// Whether the two keys are equal, tested in one branch (the derived
    /// `==` branches on each part, and a probe's keys differ at random).
    #[inline]
    fn equals(self, other: ShortKey) -> bool {
        (self.a ^ other.a) | (self.b ^ other.b) | u64::from(self.len ^ other.len) == 0
    }

    /// Whether the key alone decides equality.
    #[inline]
    fn is_whole(self) -> bool {
        self.len <= 16
    }

    /// Whether `text`, whose key this is, equals `stored`, whose key is
    /// equal: up to 32 bytes by two more words each, inline; longer by a
    /// full compare.
    #[inline]
    pub(crate) fn same(self, stored: &[u8], text: &[u8]) -> bool {
        match self.len {
            ..=16 => true,
            17..=32 => middle(stored) == middle(text),
            _ => stored == text,
        }
    }

    #[allow(clippy::inline_always)] // measured: out of line, interning a row's codes cost 90 instructions more
    #[inline(always)]
    fn hash(self, t: &[u8]) -> u64 {
        static SEED: OnceLock<[u64; 4]> = OnceLock::new();
        let seed = SEED.get_or_init(|| {
            use std::hash::BuildHasher;
            let s = foldhash::fast::RandomState::default();
            [1u64, 2, 3, 4].map(|i| s.hash_one(i) | 1)
        });
        if self.len > 32 {
            return hash(t);
        }
        // Folded multiplies, as foldhash and wyhash mix; the middle words
        // of a key of 17 to 32 bytes go into a second round.
        let fold = |x: u64, y: u64| {
            let m = u128::from(x) * u128::from(y);
            (m as u64) ^ ((m >> 64) as u64)
        };
        let h = fold(self.a ^ seed[0], self.b ^ seed[1] ^ u64::from(self.len));
        if self.is_whole() {
            return h;
        }
        let (c, d) = middle(t);
        fold(c ^ seed[2] ^ h, d ^ seed[3])
    }
}

/// The words at bytes 8 and `len - 16` of a string of 17 to 32 bytes: with
/// the first and last words of its [`ShortKey`], they cover it.
#[inline]
fn middle(t: &[u8]) -> (u64, u64) {
    let n = t.len();
    let word = |i: usize| u64::from_le_bytes(t[i..i + 8].try_into().expect("8 bytes"));
    (word(8), word(n - 16))
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

    #[inline]
    pub(crate) fn get(&self, text: &str) -> Option<u32> {
        self.get_bytes(text.as_bytes())
    }

    #[inline]
    pub(crate) fn get_bytes(&self, text: &[u8]) -> Option<u32> {
        let codes = &self.codes;
        self.index.find(text, |i| codes[i].as_str().as_bytes())
    }

    /// The id of `code`, adding it if new.
    pub(crate) fn intern(&mut self, code: &Code) -> u32 {
        if let Some(id) = self.get(code.as_str()) {
            return id;
        }
        let codes = &self.codes;
        let id = (self.index).add(code.as_str().as_bytes(), |i| codes[i].as_str().as_bytes());
        self.codes.push(code.clone());
        id
    }

    pub(crate) fn len(&self) -> usize {
        self.codes.len()
    }

    pub(crate) fn code(&self, id: u32) -> &Code {
        &self.codes[id as usize]
    }

    /// Every code, in id order.
    pub(crate) fn codes(&self) -> &[Code] {
        &self.codes
    }
}

impl NameIds {
    /// The id of the code `name` stands for.
    #[inline]
    pub(crate) fn get_bytes(&self, name: &[u8]) -> Option<u32> {
        let names = &self.names;
        let at = self.index.find(name, |i| &names[i])?;
        Some(self.ids[at as usize])
    }

    /// Lets `name` stand for the code of id `id` (a name already added
    /// keeps its first id).
    pub(crate) fn add(&mut self, name: &str, id: u32) {
        if self.get_bytes(name.as_bytes()).is_some() {
            return;
        }
        let names = &self.names;
        self.index.add(name.as_bytes(), |i| &names[i]);
        self.names.push(name.as_bytes().into());
        self.ids.push(id);
    }
}

/// Entry ids, stored end to end in one byte arena (about 1.25 bytes of
/// offset and length plus the id's own bytes per entry, [`IdStore`]), with
/// an index from id text to entry number. The index (4 to 16 bytes an
/// entry) is kept while entries are appended and may be dropped once
/// loading is done ([`IdArena::drop_index`]); it is rebuilt on the next
/// look-up.
///
/// A *lean* arena (for reading without keeping entries) stores no id
/// text: numbered ids go to runs as in any arena, and every other id is
/// known by a 96-bit fingerprint ([`Fingerprints`]). It answers whether an
/// id was seen and by which entry, but not the id of an entry.
#[derive(Clone, Debug, Default)]
pub(crate) struct IdArena {
    /// Every id, in entry order (empty in a lean arena).
    store: IdStore,
    index: OnceLock<IdIndex>,
    /// Ids pushed.
    count: usize,
    lean: bool,
    /// How many ids the whole read is expected to push, when known
    /// ([`IdArena::expect`]); 0 when not.
    expected: usize,
}

/// Every id's text, end to end, and where each begins: a 32-bit offset for
/// each block of [`IdStore::BLOCK`] ids and a byte for each id's length,
/// about 1.25 bytes an id beside its text (a 32-bit end for each id took 4).
#[derive(Clone, Debug, Default)]
struct IdStore {
    bytes: Vec<u8>,
    /// Where block `b` (ids `b * BLOCK` on) begins in `bytes`.
    starts: Vec<u32>,
    /// Each id's length in bytes, less one: an id is 1 to
    /// [`MAX_ID_LEN`](crate::code::MAX_ID_LEN) bytes.
    lens: Vec<u8>,
}

const _: () = assert!(crate::code::MAX_ID_LEN - 1 <= u8::MAX as usize);

impl IdStore {
    /// Ids in a block: finding where an id begins adds up at most
    /// `BLOCK - 1` lengths.
    const BLOCK: usize = 16;

    fn len(&self) -> usize {
        self.lens.len()
    }

    fn bytes_of(&self, i: usize) -> &[u8] {
        let first = i - i % Self::BLOCK;
        let before: usize = self.lens[first..i].iter().map(|&l| usize::from(l)).sum();
        let start = self.starts[i / Self::BLOCK] as usize + before + (i - first);
        &self.bytes[start..=start + usize::from(self.lens[i])]
    }

    fn push(&mut self, id: &[u8]) -> usize {
        let len = id
            .len()
            .checked_sub(1)
            .and_then(|l| u8::try_from(l).ok())
            .expect("an entry id is 1 to 256 bytes");
        let n = self.lens.len();
        if n % Self::BLOCK == 0 {
            let start = u32::try_from(self.bytes.len()).expect("under 4 GiB of entry ids");
            self.starts.push(start);
        }
        self.bytes.extend_from_slice(id);
        self.lens.push(len);
        n
    }

    fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + self.starts.capacity() * 4 + self.lens.capacity()
    }

    fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
        self.starts.shrink_to_fit();
        self.lens.shrink_to_fit();
    }
}

/// The index from id text to entry number.
///
/// Ledger ids are usually a prefix and a number (`E00000123`, `f-2019-0042`),
/// assigned in order. Such ids (a number of at least [`FEW_DIGITS`]
/// digits) go to a *run*: stretches of consecutive numbers while they come
/// in order, else a dense array indexed by the number, 4 bytes an id, so
/// checking ten million ids for uniqueness stays in cache. Any other id
/// goes to a hash table (by fingerprint in a lean arena). Free text that
/// ends in digits by chance (random hex) fills the runs with one id each:
/// they are then closed for good ([`IdIndex::close_runs`]).
#[derive(Clone, Debug, Default)]
struct IdIndex {
    runs: Vec<Run>,
    /// The run used last (most rows share it).
    last: usize,
    /// The number placed last, and how many ids in a row were placed each
    /// as the next number of the same run (ids in file order): look-ups
    /// that only walk forward need no read-ahead.
    last_number: u64,
    in_order: u32,
    /// Run number plus one by hash of prefix and width (linear probing; 0:
    /// empty), so that an id that is in no run (free text ending in a
    /// digit) is known as such in a probe or two, not a scan of every run.
    run_slots: Vec<u8>,
    /// Slots held by dense runs, all together.
    dense: u64,
    /// Ids outside runs, by text (an arena with a store).
    hashed: Hashed,
    /// Ids outside runs, by fingerprint (a lean arena).
    prints: Fingerprints,
    /// Whether an id ending in a number went to `hashed` or `prints` (no
    /// run took it). Until one does, a numbered id missing from its run is
    /// new without a look at those tables: a ledger numbered in order with
    /// a few other ids (`e1` to `e999`, a hand-typed `adj-a`) hashes only
    /// those few, not every id.
    numbered_outside: bool,
    /// Whether the runs were closed for good ([`IdIndex::close_runs`]):
    /// every id then goes to the tables.
    closed: bool,
}

/// Dense slots all runs together may hold beyond four per id: a ledger
/// re-sorted by date (ids numbered, but out of order) goes to dense runs
/// from its first rows, while a crafted file of ids far apart cannot make
/// them allocate more than 32 MB plus 16 bytes an id.
const DENSE_ALLOWANCE: u64 = 1 << 23;

/// Ids `prefix` + a `width`-digit number.
#[derive(Clone, Debug)]
struct Run {
    prefix: Box<[u8]>,
    key: ShortKey,
    width: u8,
    numbers: Numbers,
    /// How many ids it holds.
    placed: usize,
}

/// The entry of each number of a run.
#[derive(Clone, Debug)]
enum Numbers {
    /// While numbers arrive in increasing order: stretches of consecutive
    /// numbers given to consecutive entries, in order. A ledger numbered in
    /// file order is one stretch (or one between each two invalid rows),
    /// whatever its length.
    Ascending(Vec<Stretch>),
    /// Entry number plus one for each number from `base`; 0 where no id
    /// has that number.
    Dense { base: u64, entries: Vec<u32> },
}

/// Numbers `number..number + len` are entries `entry..entry + len`.
#[derive(Clone, Copy, Debug)]
struct Stretch {
    number: u64,
    entry: u32,
    len: u32,
}

impl Stretch {
    fn end(self) -> u64 {
        self.number + u64::from(self.len)
    }
}

/// The hash of an id: foldhash, seeded once per process, so that a crafted
/// ledger cannot pile its ids into one probe chain.
fn hash(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    static SEED: OnceLock<foldhash::fast::RandomState> = OnceLock::new();
    SEED.get_or_init(foldhash::fast::RandomState::default)
        .hash_one(bytes)
}

/// Asks the processor to bring the cache line holding `x` closer (a hint
/// with no effect on the program's result; nothing on other processors).
#[inline]
pub(crate) fn prefetch<T>(x: &T) {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse"))]
    safe_arch::prefetch_t0(x);
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse")))]
    let _ = x;
}

/// The result of looking an id up.
pub(crate) enum Probe {
    /// The id is entry number `.0`.
    Found(usize),
    /// The id is new.
    Vacant,
}

/// Where a look-up starts reading: what [`IdArena::touch`] reads ahead.
#[derive(Clone, Copy, Debug)]
enum Place {
    /// Nothing worth reading ahead (an ascending run: in cache).
    Nothing,
    /// Run `.0`'s dense slot `.1`.
    Dense(usize, usize),
    /// A slot of the fingerprints.
    Print(PrintSlot),
    /// A slot of the hashed ids.
    Hashed(usize),
}

/// At most this many runs (distinct prefixes and widths) are kept.
const MAX_RUNS: usize = 64;

/// Slots of [`IdIndex::run_slots`]: at least twice the runs.
const RUN_SLOTS: usize = 2 * MAX_RUNS;

/// Splits an id into its prefix and trailing decimal number
/// ([`FEW_DIGITS`] to 18 digits). An id ending in fewer digits is taken
/// for free text (`jb-910a2dec89025cc1`, `e42`): it goes to the hash
/// table, so free text never searches the runs, and the few ids below the
/// first thousand of a numbered ledger cost nothing to speak of.
fn split_number(id: &[u8]) -> Option<(&[u8], u8, u64)> {
    let digits = id.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    if !(FEW_DIGITS..=18).contains(&digits) {
        return None;
    }
    let (prefix, num) = id.split_at(id.len() - digits);
    let n = num.iter().fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
    Some((prefix, digits as u8, n))
}

/// What looking an id up needs, computed once for a look-up and an
/// insertion (by a reader's workers, off the thread that looks ids up):
/// its run key when it ends in a number, and its fingerprint when it is
/// needed.
#[derive(Clone, Debug, Default)]
pub(crate) struct IdKey {
    run: Option<RunKey>,
    print: std::cell::OnceCell<u128>,
    /// Where a look-up of the fingerprint found it missing: the number of
    /// slots then (0: not looked up) and the empty slot where it goes, so
    /// that adding the id after looking it up does not search again.
    vacant: std::cell::Cell<(usize, usize)>,
}

/// An id as `prefix` + a `width`-digit `number`.
#[derive(Clone, Debug)]
struct RunKey {
    prefix: ShortKey,
    width: u8,
    number: u64,
    /// Where the prefix's run is looked for in [`IdIndex::run_slots`]
    /// (`NO_HOME` until needed: the run used last is checked first).
    home: std::cell::Cell<u8>,
    /// The last answer of [`IdIndex::other_run_of`] for this key: the
    /// number of runs then plus one (0: not asked yet), and the run found
    /// plus one (0: none). Runs are only ever added, so it holds while
    /// their number is the same: the id of a row is looked up two or three
    /// times, and free text ending in a digit would search every time.
    found: std::cell::Cell<(u8, u8)>,
}

/// A [`RunKey`]'s home not computed yet.
const NO_HOME: u8 = u8::MAX;

impl RunKey {
    /// The key of the ids `prefix` + a `width`-digit number, for `number`.
    #[inline]
    fn new(prefix: &[u8], width: u8, number: u64) -> RunKey {
        RunKey {
            prefix: ShortKey::of(prefix),
            width,
            number,
            home: std::cell::Cell::new(NO_HOME),
            found: std::cell::Cell::default(),
        }
    }

    /// The id's prefix.
    fn prefix<'a>(&self, id: &'a [u8]) -> &'a [u8] {
        &id[..id.len() - usize::from(self.width)]
    }

    /// The slot of [`IdIndex::run_slots`] where looking for the run of
    /// `prefix`, this key's, starts.
    fn home(&self, prefix: &[u8]) -> usize {
        if self.home.get() == NO_HOME {
            let h = (self.prefix.hash(prefix) ^ u64::from(self.width)) % RUN_SLOTS as u64;
            self.home
                .set(u8::try_from(h).expect("fewer run slots than NO_HOME"));
        }
        usize::from(self.home.get())
    }
}

/// Ids ending in fewer digits than this are taken for free text
/// ([`split_number`]).
const FEW_DIGITS: usize = 4;

impl IdKey {
    pub(crate) fn of(id: &[u8]) -> IdKey {
        let run =
            split_number(id).map(|(prefix, width, number)| RunKey::new(prefix, width, number));
        IdKey::with(run, std::cell::OnceCell::new())
    }

    /// A key of a run, or of its fingerprint if known; nothing looked up yet.
    #[inline]
    fn with(run: Option<RunKey>, print: std::cell::OnceCell<u128>) -> IdKey {
        IdKey {
            run,
            print,
            vacant: std::cell::Cell::default(),
        }
    }

    /// What looking up `id` needs beside its text, computed ahead by a
    /// reader's worker so that the thread that looks ids up in order
    /// neither scans nor hashes it ([`IdKey::of_ahead`] makes the key from
    /// it): a numbered id's number above its width (which fills the low
    /// byte), or a free-text id's fingerprint (whose low 32 bits are 0).
    pub(crate) fn ahead(id: &[u8]) -> u128 {
        match split_number(id) {
            None => Fingerprints::of(id),
            Some((_, width, number)) => u128::from(number) << 64 | u128::from(width),
        }
    }

    /// What [`IdKey::ahead`] computes once an arena's runs are closed
    /// ([`IdArena::tables_only`]): every id's fingerprint, whether it ends
    /// in a number or not (no run would take it).
    pub(crate) fn ahead_print(id: &[u8]) -> u128 {
        Fingerprints::of(id)
    }

    /// The key of `id` from what [`IdKey::ahead`] computed for it; `None`
    /// for 0 (a fingerprint of 0, which the key would compute again).
    pub(crate) fn of_ahead(id: &[u8], ahead: u128) -> Option<IdKey> {
        let width = ahead as u32;
        if width == 0 {
            let print = std::cell::OnceCell::from(ahead);
            return (ahead != 0).then(|| IdKey::with(None, print));
        }
        let width = width as u8;
        let prefix = &id[..id.len() - usize::from(width)];
        let run = RunKey::new(prefix, width, (ahead >> 64) as u64);
        Some(IdKey::with(Some(run), std::cell::OnceCell::new()))
    }

    /// The fingerprint of `id`, whose key this is.
    fn print(&self, id: &[u8]) -> u128 {
        *self.print.get_or_init(|| Fingerprints::of(id))
    }

    /// The 64-bit hash of `id` for the table of ids by text: the top of its
    /// fingerprint.
    fn hash(&self, id: &[u8]) -> u64 {
        (self.print(id) >> 64) as u64
    }
}

impl Run {
    #[inline]
    fn is(&self, prefix: &[u8], key: &RunKey) -> bool {
        self.width == key.width && self.key == key.prefix && key.prefix.same(&self.prefix, prefix)
    }

    /// The entry with number `n`.
    fn entry(&self, n: u64) -> Option<usize> {
        match &self.numbers {
            Numbers::Ascending(stretches) => {
                // A new id of a ledger numbered in order is past the end.
                if n >= stretches.last()?.end() {
                    return None;
                }
                let i = stretches.partition_point(|x| x.number <= n);
                let x = stretches[i.checked_sub(1)?];
                (n < x.end()).then(|| (u64::from(x.entry) + (n - x.number)) as usize)
            }
            Numbers::Dense { base, entries } => {
                let i = usize::try_from(n.checked_sub(*base)?).ok()?;
                let e = *entries.get(i)?;
                (e != 0).then(|| e as usize - 1)
            }
        }
    }

    /// Places entry `e` at number `n` if the run is ascending and `n` is
    /// past its numbers (ids in order); false otherwise.
    #[inline]
    fn append(&mut self, n: u64, e: u32) -> bool {
        let Numbers::Ascending(stretches) = &mut self.numbers else {
            return false;
        };
        let last = stretches.last_mut().expect("a run holds an id");
        if n < last.end() {
            return false;
        }
        if n == last.end() && Some(e) == last.entry.checked_add(last.len) {
            last.len += 1;
        } else {
            stretches.push(Stretch {
                number: n,
                entry: e,
                len: 1,
            });
        }
        self.placed += 1;
        true
    }

    /// Slots held when dense.
    fn slots(&self) -> u64 {
        match &self.numbers {
            Numbers::Ascending(_) => 0,
            Numbers::Dense { entries, .. } => entries.len() as u64,
        }
    }

    /// Places entry `e` at number `n` (not held) if the run can take it;
    /// false when `n` is too far from the numbers it holds: when the run
    /// would hold more than `room` slots.
    fn place(&mut self, n: u64, e: u32, room: u64) -> bool {
        if self.append(n, e) {
            return true;
        }
        if matches!(self.numbers, Numbers::Ascending(_)) && !self.make_dense(n, room) {
            // Out of order, and too far apart for one slot per number.
            return false;
        }
        let Numbers::Dense { base, entries } = &mut self.numbers else {
            unreachable!("made dense above")
        };
        let len = entries.len() as u64;
        if n < *base {
            // Grow the front by a quarter of the run's length if there is
            // room (and at least to `n`): descending ids then cost
            // amortised constant time, not a shift each.
            let pad = (*base - n)
                .max((len / 4).min(room.saturating_sub(len)))
                .min(*base);
            if len + pad > room {
                return false;
            }
            entries.reserve_exact(pad as usize);
            entries.splice(0..0, std::iter::repeat_n(0, pad as usize));
            *base -= pad;
        }
        let i = n - *base;
        let len = entries.len() as u64;
        if i >= len {
            if i + 1 > room {
                return false;
            }
            // By a quarter (still amortised constant time, and at most a
            // quarter unused), never past the room: the room bounds the bytes.
            let want = (i + 1).max((len + len / 4).min(room));
            entries.reserve_exact((want - len) as usize);
            entries.resize(i as usize + 1, 0);
        }
        entries[i as usize] = e.checked_add(1).expect("under 2^32 - 1 entries");
        self.placed += 1;
        true
    }

    /// Turns stretches into one slot per number, if the numbers from the
    /// lowest of them and `n` to the highest are at most `room`.
    fn make_dense(&mut self, n: u64, room: u64) -> bool {
        let Numbers::Ascending(stretches) = &self.numbers else {
            return true;
        };
        let (first, last) = (
            stretches[0].number.min(n),
            stretches[stretches.len() - 1].end(),
        );
        if last - first > room {
            return false;
        }
        let mut entries = vec![0u32; (last - first) as usize];
        for x in stretches {
            let at = (x.number - first) as usize;
            for (k, slot) in entries[at..at + x.len as usize].iter_mut().enumerate() {
                *slot = x.entry + k as u32 + 1;
            }
        }
        self.numbers = Numbers::Dense {
            base: first,
            entries,
        };
        true
    }

    fn heap_bytes(&self) -> usize {
        self.prefix.len()
            + match &self.numbers {
                Numbers::Ascending(s) => s.capacity() * size_of::<Stretch>(),
                Numbers::Dense { entries, .. } => entries.capacity() * 4,
            }
    }
}

/// Linear probing at a load of at most one half. Each slot holds the stored
/// id's number plus one in its low half (0: empty) and the top of the id's
/// hash in its high half, so a probe touches one cache line and compares ids
/// only when the hashes agree.
#[derive(Clone, Debug, Default)]
struct Hashed {
    slots: Vec<u64>,
    len: usize,
}

impl Hashed {
    /// The slot a probe for hash `h` starts at: its top bits, so that a
    /// slot's tag (the top half of its id's hash) gives it back when the
    /// table doubles, without reading and hashing the id again.
    fn home(&self, h: u64) -> usize {
        match self.slots.len() {
            0 => 0,
            n => (h >> (64 - n.trailing_zeros())) as usize,
        }
    }

    /// The slot holding `id`, or the empty slot where it would go.
    fn probe(&self, store: &IdStore, id: &[u8], h: u64) -> (usize, bool) {
        let mask = self.slots.len() - 1;
        let tag = h >> 32;
        let mut s = self.home(h);
        loop {
            let slot = self.slots[s];
            if slot == 0 {
                return (s, false);
            }
            if slot >> 32 == tag && store.bytes_of((slot as u32) as usize - 1) == id {
                return (s, true);
            }
            s = (s + 1) & mask;
        }
    }

    /// The stored number of `id`; if there is none, notes in `vacant`
    /// where it would go (for [`Hashed::insert`]).
    fn find(
        &self,
        store: &IdStore,
        id: &[u8],
        h: u64,
        vacant: &std::cell::Cell<(usize, usize)>,
    ) -> Option<usize> {
        if self.len == 0 {
            return None;
        }
        let (s, found) = self.probe(store, id, h);
        if !found {
            vacant.set((self.slots.len(), s));
        }
        found.then(|| (self.slots[s] as u32) as usize - 1)
    }

    /// Adds stored id `n` (not present), at the slot that finding it noted
    /// in `vacant` if the table has not grown since. A table that must grow
    /// doubles, or with a `projection` takes at once the size the ids it is
    /// expected to hold by the end need.
    fn insert(
        &mut self,
        store: &IdStore,
        n: usize,
        h: u64,
        vacant: (usize, usize),
        projection: Option<Projection>,
    ) {
        if (self.len + 1) * 2 > self.slots.len() {
            let old = std::mem::take(&mut self.slots);
            // At most half full by the end, as the ids pushed so far say.
            let projected =
                projection.map_or(0, |p| (p.scale(self.len + 1) * 2).next_power_of_two());
            self.slots = written_zeros((old.len() * 2).max(64).max(projected));
            let mask = self.slots.len() - 1;
            let whole_home = self.slots.len().trailing_zeros() <= 32;
            for slot in old.into_iter().filter(|&x| x != 0) {
                // The ids are distinct: the first empty slot from the home
                // that the tag gives (a table of over 2^32 slots needs
                // more bits than the tag holds: hash the id again).
                let h = if whole_home {
                    slot >> 32 << 32
                } else {
                    IdKey::default().hash(store.bytes_of((slot as u32) as usize - 1))
                };
                let mut s = self.home(h);
                while self.slots[s] != 0 {
                    s = (s + 1) & mask;
                }
                self.slots[s] = slot;
            }
        }
        // As for fingerprints: only this id was looked up since.
        let s = match vacant {
            (len, s) if len == self.slots.len() && self.slots[s] == 0 => s,
            _ => self.probe(store, store.bytes_of(n), h).0,
        };
        debug_assert!(!self.probe(store, store.bytes_of(n), h).1);
        let e = u32::try_from(n + 1).expect("under 2^32 entries");
        self.slots[s] = (h >> 32) << 32 | u64::from(e);
        self.len += 1;
    }
}

/// `n` zeros, each page of them written: a table probed at random reads
/// a fresh page before it writes to it, and a fresh page first read is
/// mapped twice (a page fault to read the zero page, another to write),
/// while one written first is mapped once, in order (five million
/// free-text ids: 69k page faults to 48k, 6% of the read's time).
fn written_zeros<T: Copy + Default>(n: usize) -> Vec<T> {
    let mut v = vec![T::default(); n];
    // Through `black_box`: a store of the zero already there could be
    // dropped by the optimiser.
    for x in v.iter_mut().step_by((4096 / size_of::<T>()).max(1)) {
        *x = std::hint::black_box(T::default());
    }
    v
}

/// The expectation of a read that knows its input's length
/// ([`IdArena::expect`]): `expected` ids in all, `pushed` so far.
#[derive(Clone, Copy, Debug)]
struct Projection {
    expected: usize,
    pushed: usize,
}

impl Projection {
    /// What `n` ids of those pushed so far are expected to become.
    fn scale(self, n: usize) -> usize {
        (n as u128 * self.expected as u128).div_ceil(self.pushed as u128) as usize
    }
}

/// Ids by fingerprint, for a lean arena (which keeps no id text): 256
/// segments by the fingerprint's top 8 bits, each a table of linear
/// probing at a load of at most three quarters, each slot the id's 96-bit
/// fingerprint above its entry number plus one (0: empty), 16 bytes.
/// Segments double one at a time, so growing never holds an old and a new
/// copy of the whole table at once (for millions of ids the peak was half
/// as much again as the table).
///
/// The fingerprint is two 64-bit foldhash hashes under seeds drawn once per
/// process, so a crafted ledger cannot aim at a collision. Two different
/// ids share one with probability about n^2 / 2^97 for n ids: below
/// 10^-15 for ten million, far below the chance of a memory error in the
/// machine reading them. A lean arena is what a streamed read uses; a
/// loaded ledger compares ids by text.
#[derive(Clone, Debug, Default)]
struct Fingerprints {
    /// Empty until the first id, then [`SEGMENTS`] tables.
    segments: Vec<Vec<u128>>,
    /// Ids in each segment.
    counts: Vec<usize>,
    len: usize,
}

/// Segments of [`Fingerprints`], by the top bits of a fingerprint.
const SEGMENT_BITS: u32 = 8;
const SEGMENTS: usize = 1 << SEGMENT_BITS;

/// A slot of [`Fingerprints`]: its segment and its place in it.
type PrintSlot = (usize, usize);

impl Fingerprints {
    /// The fingerprint of an id, in the top 96 bits.
    fn of(id: &[u8]) -> u128 {
        use std::hash::BuildHasher;
        static SEEDS: OnceLock<[foldhash::quality::RandomState; 2]> = OnceLock::new();
        let [a, b] = SEEDS.get_or_init(Default::default);
        (u128::from(a.hash_one(id)) << 64 | u128::from(b.hash_one(id))) & !u128::from(u32::MAX)
    }

    /// The slot a probe for `fp` starts at: its segment by the top bits,
    /// and in it the next bits, so that slots keep the fingerprints' order
    /// (but for runs that wrap) and doubling a segment moves them in one
    /// pass that reads and writes in order.
    fn home(&self, fp: u128) -> PrintSlot {
        let segment = (fp >> (128 - SEGMENT_BITS)) as usize;
        let slot = match self.segments.get(segment).map_or(0, Vec::len) {
            0 => 0,
            n => ((fp << SEGMENT_BITS) >> (128 - n.trailing_zeros())) as usize,
        };
        (segment, slot)
    }

    /// The slot holding fingerprint `fp`, or the empty slot where it goes
    /// (its segment holds at least one slot).
    fn probe(&self, fp: u128) -> (PrintSlot, bool) {
        let (segment, mut s) = self.home(fp);
        let slots = &self.segments[segment];
        let mask = slots.len() - 1;
        loop {
            match slots[s] {
                0 => return ((segment, s), false),
                x if x & !u128::from(u32::MAX) == fp => return ((segment, s), true),
                _ => s = (s + 1) & mask,
            }
        }
    }

    /// The slot `at`, if there is one.
    fn slot(&self, (segment, s): PrintSlot) -> Option<&u128> {
        self.segments.get(segment)?.get(s)
    }

    /// The entry with fingerprint `fp`; if there is none, notes in
    /// `vacant` where it would go (for [`Fingerprints::insert`]): the
    /// segment's length and the slot in it.
    fn find(&self, fp: u128, vacant: &std::cell::Cell<(usize, usize)>) -> Option<usize> {
        let (segment, _) = self.home(fp);
        if self.counts.get(segment).is_none_or(|&n| n == 0) {
            vacant.set((0, 0));
            return None;
        }
        let (at, found) = self.probe(fp);
        if !found {
            vacant.set((self.segments[segment].len(), at.1));
        }
        found.then(|| (*self.slot(at).expect("probed") as u32) as usize - 1)
    }

    /// Adds entry `e` with fingerprint `fp` (not present), at the slot
    /// that finding it noted in `vacant` if its segment has not grown since.
    /// A segment that must grow doubles, or with a `projection` takes at
    /// once the size its share of the expected ids needs.
    fn insert(
        &mut self,
        fp: u128,
        e: usize,
        vacant: (usize, usize),
        projection: Option<Projection>,
    ) {
        if self.segments.is_empty() {
            self.segments = vec![Vec::new(); SEGMENTS];
            self.counts = vec![0; SEGMENTS];
        }
        let (segment, _) = self.home(fp);
        let len = self.segments[segment].len();
        if (self.counts[segment] + 1) * 4 > len * 3 {
            let mut grown = (len * 2).max(8);
            if let Some(p) = projection {
                // This segment's ids by the end, at most three quarters
                // of its slots: from its share of all the fingerprints
                // (fingerprints are uniform: a segment's own few ids early
                // in a read would project with a tenth of error or more).
                let share = (self.len + 1).div_ceil(SEGMENTS);
                let ids = p.scale(share.max(self.counts[segment] + 1));
                grown = grown.max((ids * 4).div_ceil(3).next_power_of_two());
            }
            let old = std::mem::replace(&mut self.segments[segment], written_zeros(grown));
            for slot in old.into_iter().filter(|&x| x != 0) {
                let ((_, s), _) = self.probe(slot & !u128::from(u32::MAX));
                self.segments[segment][s] = slot;
            }
        }
        // Only this id was looked up since: the first empty slot of its
        // probe is still the first (slots are only ever filled).
        let slots = &self.segments[segment];
        let s = match vacant {
            (n, s) if n == slots.len() && slots[s] == 0 => s,
            _ => self.probe(fp).0.1,
        };
        debug_assert!(!self.probe(fp).1);
        let e = u32::try_from(e + 1).expect("under 2^32 - 1 entries");
        self.segments[segment][s] = fp | u128::from(e);
        self.counts[segment] += 1;
        self.len += 1;
    }

    fn heap_bytes(&self) -> usize {
        self.segments
            .iter()
            .map(|s| s.capacity() * 16)
            .sum::<usize>()
            + self.segments.capacity() * size_of::<Vec<u128>>()
            + self.counts.capacity() * size_of::<usize>()
    }
}

impl IdIndex {
    /// The run of ids `prefix` + a `width`-digit number: the run used last
    /// (most rows), checked inline, else found through `run_slots`.
    #[allow(clippy::inline_always)] // measured: twice a row, a call cost a third of it
    #[inline(always)]
    fn run_of(&self, key: &RunKey, prefix: &[u8]) -> Option<usize> {
        if self.runs.get(self.last).is_some_and(|r| r.is(prefix, key)) {
            return Some(self.last);
        }
        self.other_run_of(key, prefix)
    }

    #[inline(never)]
    fn other_run_of(&self, key: &RunKey, prefix: &[u8]) -> Option<usize> {
        let runs = u8::try_from(self.runs.len() + 1).expect("at most 64 runs");
        let (asked, found) = key.found.get();
        if asked == runs {
            return found.checked_sub(1).map(usize::from);
        }
        let r = self.run_slot(key, prefix).1;
        let found = r.map_or(0, |r| u8::try_from(r + 1).expect("at most 64 runs"));
        key.found.set((runs, found));
        r
    }

    /// Where looking `id` up starts reading (see [`IdArena::touch`]).
    fn first_place(&self, id: &[u8], key: Option<&IdKey>, lean: bool) -> Place {
        let own;
        let key = if let Some(k) = key {
            k
        } else {
            own = IdKey::of(id);
            &own
        };
        if let Some(rk) = key.run.as_ref().filter(|_| !self.runs.is_empty()) {
            if let Some(r) = self.run_of(rk, rk.prefix(id)) {
                return match &self.runs[r].numbers {
                    Numbers::Dense { base, entries } => match rk.number.checked_sub(*base) {
                        Some(i) if i < entries.len() as u64 => Place::Dense(r, i as usize),
                        _ => Place::Nothing,
                    },
                    Numbers::Ascending(_) => Place::Nothing,
                };
            }
        }
        if lean {
            Place::Print(self.prints.home(key.print(id)))
        } else {
            Place::Hashed(self.hashed.home(key.hash(id)))
        }
    }

    /// Asks the processor to fetch the cache lines a look-up starting at
    /// `place` reads (a hint: nothing waits for them).
    fn prefetch(&self, place: Place) {
        match place {
            Place::Nothing => {}
            Place::Dense(r, i) => {
                if let Numbers::Dense { entries, .. } = &self.runs[r].numbers {
                    entries.get(i).map(prefetch);
                }
            }
            // A probe at the table's most usual load reads about four
            // slots, so often into the next cache line (four slots on).
            Place::Print((segment, s)) => {
                self.prints.slot((segment, s)).map(prefetch);
                self.prints.slot((segment, s + 4)).map(prefetch);
            }
            Place::Hashed(s) => {
                self.hashed.slots.get(s).map(prefetch);
            }
        }
    }

    /// The slot of `run_slots` for a prefix and width, and the run in it.
    fn run_slot(&self, key: &RunKey, prefix: &[u8]) -> (usize, Option<usize>) {
        if self.run_slots.is_empty() {
            return (0, None);
        }
        let mut s = key.home(prefix);
        loop {
            match self.run_slots[s] {
                0 => return (s, None),
                r if self.runs[usize::from(r) - 1].is(prefix, key) => {
                    return (s, Some(usize::from(r) - 1));
                }
                _ => s = (s + 1) % RUN_SLOTS,
            }
        }
    }

    /// The entry of a run id, or `None` (not in a run: try the hash table).
    fn find_in_run(&self, id: &[u8], key: &IdKey) -> Option<usize> {
        let rk = key.run.as_ref().filter(|_| !self.runs.is_empty())?;
        self.runs[self.run_of(rk, rk.prefix(id))?].entry(rk.number)
    }

    /// Places entry `e` with `id` in a run; false when no run takes it.
    /// The dense runs together hold at most four slots an id (of the
    /// `e + 1` so far) plus [`DENSE_ALLOWANCE`].
    fn place(&mut self, id: &[u8], key: &IdKey, e: usize) -> bool {
        // Counts on only when this id is placed as the next number of the
        // run placed last; anything else starts again.
        let streak = std::mem::take(&mut self.in_order);
        let Some(rk) = key.run.as_ref().filter(|_| !self.closed) else {
            return false;
        };
        let (prefix, num) = (rk.prefix(id), rk.number);
        let e = u32::try_from(e).expect("under 2^32 entries");
        match self.run_of(rk, prefix) {
            Some(r) => {
                let next = r == self.last && Some(num) == self.last_number.checked_add(1);
                self.last_number = num;
                self.last = r;
                let run = &mut self.runs[r];
                // Past the run's numbers (ids in order): no slots change.
                let placed = run.append(num, e) || {
                    let before = run.slots();
                    let room = (4 * (u64::from(e) + 1) + DENSE_ALLOWANCE)
                        .saturating_sub(self.dense - before);
                    let placed = run.place(num, e, room);
                    self.dense = self.dense - before + run.slots();
                    placed
                };
                if placed && next {
                    self.in_order = streak.saturating_add(1);
                }
                placed
            }
            None if self.runs.len() < MAX_RUNS => {
                if self.run_slots.is_empty() {
                    self.run_slots = vec![0; RUN_SLOTS];
                }
                let (s, _) = self.run_slot(rk, prefix);
                self.run_slots[s] = u8::try_from(self.runs.len() + 1).expect("at most 64 runs");
                self.runs.push(Run {
                    prefix: prefix.into(),
                    key: rk.prefix,
                    width: rk.width,
                    numbers: Numbers::Ascending(vec![Stretch {
                        number: num,
                        entry: e,
                        len: 1,
                    }]),
                    placed: 1,
                });
                self.last = self.runs.len() - 1;
                self.last_number = num;
                true
            }
            // Too many runs: hash it.
            None => false,
        }
    }

    /// Whether no run is left for more and the runs hold about one id
    /// each (at most two on average): the ids that end in digits are free
    /// text that happens to (random hex, `jb-910a2dec89025`), each with a
    /// prefix of its own. Runs then only cost: each such id searched the
    /// runs twice (read ahead and looked up) and was fingerprinted by the
    /// thread that looks ids up, not by a worker (on five million hex ids,
    /// a tenth of the read's time). Runs that hold more stay.
    fn runs_are_noise(&self) -> bool {
        let held = || self.runs.iter().map(|r| r.placed).sum::<usize>();
        !self.closed && self.runs.len() == MAX_RUNS && held() <= 2 * MAX_RUNS
    }

    /// Moves the runs' ids into the tables (by text with a `store`, else by
    /// fingerprint) and closes the runs for good: no id is placed in one
    /// again, and [`IdArena::tables_only`] tells a reader's workers to
    /// fingerprint every id.
    fn close_runs(&mut self, store: Option<&IdStore>) {
        let mut text = Vec::new();
        for run in std::mem::take(&mut self.runs) {
            let mut place = |number: u64, e: usize| {
                if let Some(store) = store {
                    let h = IdKey::default().hash(store.bytes_of(e));
                    self.hashed.insert(store, e, h, (0, 0), None);
                } else {
                    // A lean arena keeps no text: the run's id is its
                    // prefix and its number, at the run's width.
                    text.clear();
                    text.extend_from_slice(&run.prefix);
                    let width = usize::from(run.width);
                    text.extend_from_slice(format!("{number:0width$}").as_bytes());
                    self.prints.insert(Fingerprints::of(&text), e, (0, 0), None);
                }
            };
            match &run.numbers {
                Numbers::Ascending(stretches) => {
                    for x in stretches {
                        for k in 0..x.len {
                            place(x.number + u64::from(k), (x.entry + k) as usize);
                        }
                    }
                }
                Numbers::Dense { base, entries } => {
                    for (k, &e) in (0..).zip(entries) {
                        if e != 0 {
                            place(base + k, e as usize - 1);
                        }
                    }
                }
            }
        }
        self.run_slots = Vec::new();
        (self.last, self.last_number, self.in_order, self.dense) = (0, 0, 0, 0);
        self.numbered_outside = true;
        self.closed = true;
    }

    /// Adds entry `n` with `id` (not present): to a run, else to a table,
    /// by text with a `store` (where `n` is stored), else by fingerprint.
    fn add(
        &mut self,
        store: Option<&IdStore>,
        id: &[u8],
        key: &IdKey,
        n: usize,
        projection: Option<Projection>,
    ) {
        if self.place(id, key, n) {
            return;
        }
        if key.run.is_some() && self.runs_are_noise() {
            // The slot the look-up noted is checked again by the insertion.
            self.close_runs(store);
        }
        self.numbered_outside |= key.run.is_some();
        if let Some(store) = store {
            let h = key.hash(id);
            self.hashed
                .insert(store, n, h, key.vacant.get(), projection);
        } else {
            let fp = key.print(id);
            self.prints.insert(fp, n, key.vacant.get(), projection);
        }
    }

    /// An index of a full store (entry `n` is stored id `n`).
    fn build(store: &IdStore) -> IdIndex {
        let mut ix = IdIndex::default();
        for n in 0..store.len() {
            let id = store.bytes_of(n);
            ix.add(Some(store), id, &IdKey::of(id), n, None);
        }
        ix
    }

    fn heap_bytes(&self) -> usize {
        self.runs.iter().map(Run::heap_bytes).sum::<usize>()
            + self.hashed.slots.capacity() * 8
            + self.prints.heap_bytes()
    }
}

impl IdArena {
    /// An arena that keeps no id text (see the type's docs).
    pub(crate) fn lean() -> IdArena {
        IdArena {
            lean: true,
            ..IdArena::default()
        }
    }

    /// Ids pushed.
    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// Notes that the read under way is expected to push `ids` ids in all
    /// (a projection from its input's length: a hint that changes no
    /// result), so that a table of ids outside runs (by fingerprint or by
    /// text) about to double can take its final size at once
    /// ([`IdArena::projection`]).
    pub(crate) fn expect(&mut self, ids: usize) {
        self.expected = ids;
    }

    /// The ids the read is expected to push in all and those pushed so
    /// far, once at least a 64th of them are in: the rows read are then a
    /// sample of the input, and a table grows by at most 64 times at once.
    fn projection(&self) -> Option<Projection> {
        (self.expected > self.count && self.count >= (self.expected / 64).max(1)).then_some(
            Projection {
                expected: self.expected,
                pushed: self.count,
            },
        )
    }

    /// The id of entry `i` (not for a lean arena).
    pub(crate) fn get(&self, i: usize) -> &str {
        std::str::from_utf8(self.bytes(i)).expect("ids are checked UTF-8")
    }

    /// The id of entry `i` as its UTF-8 bytes (not for a lean arena).
    pub(crate) fn bytes(&self, i: usize) -> &[u8] {
        debug_assert!(!self.lean, "a lean arena keeps no entry's id");
        self.store.bytes_of(i)
    }

    fn index(&self) -> &IdIndex {
        self.index.get_or_init(|| IdIndex::build(&self.store))
    }

    /// Prefetches the slots that looking up each of `ids` (at most
    /// [`IdArena::TOUCH`]) reads first. A reader touches the ids of the
    /// next few rows before checking them one by one, so their cache misses
    /// overlap with each other and with the work on the rows before,
    /// instead of coming one after another (the index of millions of ids
    /// out of order is far larger than the cache). Prefetches, not loads:
    /// a load that misses holds up every instruction after it once the
    /// processor's window is full.
    /// Each id comes with what a worker computed ahead for its key, if it
    /// did ([`IdKey::ahead`]).
    pub(crate) fn touch<'a>(&self, ids: impl Iterator<Item = (&'a [u8], Option<u128>)>) {
        let Some(ix) = self.index.get() else {
            return;
        };
        // The last rows' ids each followed the one before: theirs are the
        // next slots of one run, already on their way into the cache.
        if ix.in_order >= Self::TOUCH as u32 {
            return;
        }
        for (id, ahead) in ids.take(Self::TOUCH) {
            let key = ahead.and_then(|a| IdKey::of_ahead(id, a));
            ix.prefetch(ix.first_place(id, key.as_ref(), self.lean));
        }
    }

    /// For a look-up of `id` to come: the entry it finds when that is
    /// known without reading memory (an id of a run of ids in order), so
    /// that the caller can fetch what it will read of that entry; else
    /// prefetches the slot the look-up reads first and returns `None`.
    pub(crate) fn touch_one(&self, id: &[u8]) -> Option<usize> {
        let ix = self.index.get()?;
        let key = IdKey::of(id);
        match ix.first_place(id, Some(&key), self.lean) {
            Place::Nothing => ix.find_in_run(id, &key),
            place => {
                ix.prefetch(place);
                None
            }
        }
    }

    /// At most this many ids are touched at once.
    pub(crate) const TOUCH: usize = 32;

    /// Looks an id up.
    #[cfg(test)]
    pub(crate) fn probe(&self, id: &str) -> Probe {
        self.probe_key(id.as_bytes(), &IdKey::of(id.as_bytes()))
    }

    /// Looks an id up by its precomputed key.
    pub(crate) fn probe_key(&self, id: &[u8], key: &IdKey) -> Probe {
        let ix = self.index();
        if let Some(e) = ix.find_in_run(id, key) {
            return Probe::Found(e);
        }
        // A numbered id outside its run is new unless numbered ids went to
        // the other tables; no hashing then (a new id of a run is looked up
        // on every row).
        let found = if key.run.is_some() && !ix.numbered_outside {
            None
        } else if self.lean {
            if ix.prints.len == 0 {
                None
            } else {
                ix.prints.find(key.print(id), &key.vacant)
            }
        } else if ix.hashed.len == 0 {
            None
        } else {
            ix.hashed.find(&self.store, id, key.hash(id), &key.vacant)
        };
        found.map_or(Probe::Vacant, Probe::Found)
    }

    /// The entry number of an id.
    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        self.find_key(id.as_bytes(), &IdKey::of(id.as_bytes()))
    }

    /// The entry number of an id, by its precomputed key.
    pub(crate) fn find_key(&self, id: &[u8], key: &IdKey) -> Option<usize> {
        match self.probe_key(id, key) {
            Probe::Found(n) => Some(n),
            Probe::Vacant => None,
        }
    }

    /// Adds an id that [`IdArena::probe`] found vacant; returns its entry
    /// number.
    #[cfg(test)]
    pub(crate) fn push(&mut self, id: &str) -> usize {
        self.push_key(id.as_bytes(), &IdKey::of(id.as_bytes()))
    }

    /// As [`IdArena::push`], with the id's precomputed key.
    pub(crate) fn push_key(&mut self, id: &[u8], key: &IdKey) -> usize {
        self.index();
        let e = self.count;
        let projection = self.projection();
        self.count += 1;
        let IdArena {
            store, index, lean, ..
        } = self;
        let index = index.get_mut().expect("built above");
        if *lean {
            index.add(None, id, key, e, projection);
        } else {
            let n = store.push(id);
            index.add(Some(store), id, key, n, projection);
        }
        e
    }

    /// Whether every id now goes to the tables ([`IdIndex::close_runs`]):
    /// a reader's workers then compute every id's fingerprint ahead
    /// ([`IdKey::ahead_print`]), as they do for free text.
    pub(crate) fn tables_only(&self) -> bool {
        self.index.get().is_some_and(|ix| ix.closed)
    }

    /// Drops the look-up index (rebuilt on demand), to keep a loaded ledger
    /// small. A lean arena keeps it: it could not be rebuilt.
    pub(crate) fn drop_index(&mut self) {
        if !self.lean {
            self.index = OnceLock::new();
        }
    }

    /// Bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.store.heap_bytes() + self.index.get().map_or(0, IdIndex::heap_bytes)
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.store.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;

    #[test]
    fn arena_finds_what_it_holds() {
        let mut a = IdArena::default();
        for i in 0..10_000 {
            let id = format!("e{i}");
            let Probe::Vacant = a.probe(&id) else {
                panic!("{id} found before it was added")
            };
            assert_eq!(a.push(&id), i);
        }
        a.drop_index();
        for i in 0..10_000 {
            assert_eq!(a.find(&format!("e{i}")), Some(i));
            assert_eq!(a.get(i), format!("e{i}"));
        }
        assert_eq!(a.find("e10000"), None);
        assert_eq!(a.find(""), None);
    }

    /// Adds ids in order, returning the position of the first one found
    /// already present.
    fn add_all<'a>(a: &mut IdArena, ids: impl IntoIterator<Item = &'a str>) -> Option<usize> {
        for (i, id) in ids.into_iter().enumerate() {
            match a.probe(id) {
                Probe::Found(_) => return Some(i),
                Probe::Vacant => {
                    a.push(id);
                }
            }
        }
        None
    }

    /// Ids as a ledger might number them: runs going up by one, with gaps,
    /// repeats, steps back and a few other prefixes and widths.
    fn numbered_ids() -> impl Strategy<Value = Vec<String>> {
        let step = prop_oneof![
            6 => Just(1i64),
            1 => 2i64..5,
            1 => Just(0i64),
            1 => -3i64..0,
            1 => -2000i64..2000,
        ];
        let prefix = prop_oneof![4 => Just("e"), 1 => Just("f-"), 1 => Just("e0")];
        proptest::collection::vec((step, prefix), 0..600).prop_map(|steps| {
            let mut n = 5000i64;
            steps
                .into_iter()
                .map(|(d, p)| {
                    n = (n + d).max(0);
                    format!("{p}{n}")
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn arenas_answer_as_a_map_does(ids in numbered_ids()) {
            let (mut full, mut lean) = (IdArena::default(), IdArena::lean());
            let mut model: HashMap<&str, usize> = HashMap::new();
            for id in &ids {
                let want = model.get(id.as_str()).copied();
                for a in [&mut full, &mut lean] {
                    let got = match a.probe(id) {
                        Probe::Found(e) => Some(e),
                        Probe::Vacant => None,
                    };
                    prop_assert_eq!(got, want, "{}", id);
                    if want.is_none() {
                        prop_assert_eq!(a.push(id), model.len());
                    }
                }
                if want.is_none() {
                    model.insert(id, model.len());
                }
            }
            for n in 0..8000 {
                let id = format!("e{n}");
                let want = model.get(id.as_str()).copied();
                prop_assert_eq!(full.find(&id), want);
                prop_assert_eq!(lean.find(&id), want);
            }
            full.drop_index();
            for (id, &e) in &model {
                prop_assert_eq!(full.find(id), Some(e));
            }
        }
    }

    /// Ids of every length an id may have (1 to 256 bytes, letters of one
    /// to four bytes), distinct.
    fn free_ids() -> impl Strategy<Value = Vec<String>> {
        let letter = prop_oneof![Just('a'), Just('é'), Just('阜'), Just('𠀀')];
        let id = prop_oneof![
            4 => proptest::collection::vec(letter.clone(), 1..12),
            1 => proptest::collection::vec(letter, 1..=64),
        ];
        proptest::collection::vec(id, 0..100).prop_map(|ids| {
            let mut seen = std::collections::HashSet::new();
            ids.into_iter()
                .map(|cs| cs.into_iter().collect::<String>())
                .filter(|id| seen.insert(id.clone()))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn the_store_gives_back_each_id_across_its_blocks(ids in free_ids()) {
            let mut a = IdArena::default();
            for (i, id) in ids.iter().enumerate() {
                prop_assert_eq!(a.push(id), i);
            }
            prop_assert_eq!(a.store.len(), ids.len());
            a.drop_index();
            for (i, id) in ids.iter().enumerate() {
                prop_assert_eq!(a.get(i), id.as_str());
                prop_assert_eq!(a.find(id), Some(i));
            }
            // Offsets and lengths: a block start per 16 ids, a byte an id.
            let text: usize = ids.iter().map(String::len).sum();
            a.drop_index();
            a.shrink_to_fit();
            prop_assert_eq!(a.heap_bytes(), text + ids.len().div_ceil(16) * 4 + ids.len());
        }
    }

    #[test]
    fn ids_of_the_most_bytes_are_kept_beside_the_fewest() {
        // 64 letters of four bytes: 256 bytes, the most an id may have;
        // and ids of one byte between them.
        let ids: Vec<String> = (0..40u32)
            .map(|i| match i % 2 {
                0 => "𠀀".repeat(63) + &char::from_u32(0x2_0000 + i).unwrap().to_string(),
                _ => char::from(b'a' + (i % 26) as u8).to_string() + &"z".repeat(i as usize / 26),
            })
            .collect();
        assert_eq!(ids[0].len(), crate::code::MAX_ID_LEN);
        let mut a = IdArena::default();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(a.push(id), i);
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(a.get(i), id);
        }
    }

    /// Free-text ids go to the table by text (or by fingerprint in a lean
    /// arena), which doubles many times on the way: each id is found as
    /// its entry after every doubling, and an id never added is not.
    #[test]
    fn free_text_ids_are_found_after_the_table_grows() {
        for mut a in [IdArena::default(), IdArena::lean()] {
            let id = |i: u64| format!("t-{:x}x", i.wrapping_mul(0x9e37_79b9_7f4a_7c15));
            // The lean arena's segments double one at a time, at about
            // every 6, 12, 24, ... ids of each of 256 segments.
            for i in 0..20_000u64 {
                assert!(matches!(a.probe(&id(i)), Probe::Vacant), "{i} is new");
                assert_eq!(a.push(&id(i)), i as usize);
                if i.is_power_of_two() || i % 1000 == 999 {
                    for j in 0..=i {
                        assert!(matches!(a.probe(&id(j)), Probe::Found(e) if e == j as usize));
                    }
                }
            }
            assert!(matches!(a.probe("t-unseen"), Probe::Vacant));
        }
    }

    /// Numbered ids that no run takes (more prefixes than runs) go to the
    /// hash table; from then on a numbered id missing from the runs is
    /// looked for there too.
    #[test]
    fn numbered_ids_beyond_the_runs_are_found_in_the_table() {
        for mut a in [IdArena::default(), IdArena::lean()] {
            let id = |k: usize, n: u32| format!("p{k}-{n:04}");
            for k in 0..MAX_RUNS + 6 {
                assert!(matches!(a.probe(&id(k, 1000)), Probe::Vacant));
                assert_eq!(a.push(&id(k, 1000)), k);
            }
            for k in 0..MAX_RUNS + 6 {
                assert!(
                    matches!(a.probe(&id(k, 1000)), Probe::Found(e) if e == k),
                    "{k}"
                );
                assert!(matches!(a.probe(&id(k, 1001)), Probe::Vacant));
            }
        }
    }

    /// Free text that ends in digits (random hex) fills the runs with
    /// one id each: the runs are closed and their ids moved to the tables,
    /// every id still found as its entry, whichever way the runs held them
    /// (one id, a stretch, dense slots).
    #[test]
    fn runs_of_free_text_are_closed_and_their_ids_still_found() {
        let hex = |i: u64| format!("jb-{:016x}", i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        // A run held in stretches (x-0001 to x-0003) and one made dense
        // (y-0010, y-0005), then hex ids, 3 in 20 ending in four digits.
        let mut ids: Vec<String> = ["x-0001", "x-0002", "x-0003", "y-0010", "y-0005"]
            .map(str::to_owned)
            .to_vec();
        ids.extend((0..3000).map(hex));
        for mut a in [IdArena::default(), IdArena::lean()] {
            let mut closed_at = None;
            for (e, id) in ids.iter().enumerate() {
                let key = IdKey::of(id.as_bytes());
                assert!(
                    matches!(a.probe_key(id.as_bytes(), &key), Probe::Vacant),
                    "{id}"
                );
                assert_eq!(a.push_key(id.as_bytes(), &key), e);
                if a.tables_only() && closed_at.is_none() {
                    closed_at = Some(e);
                }
            }
            let closed_at = closed_at.expect("the runs are closed");
            assert!(closed_at < 1000, "closed after {closed_at} ids");
            for (e, id) in ids.iter().enumerate() {
                assert_eq!(a.find(id), Some(e), "{id}");
                // As a reader's worker keys it once the runs are closed.
                let key = IdKey::of_ahead(id.as_bytes(), IdKey::ahead_print(id.as_bytes()));
                let found = match a.probe_key(id.as_bytes(), &key.unwrap()) {
                    Probe::Found(e) => Some(e),
                    Probe::Vacant => None,
                };
                assert_eq!(found, Some(e), "{id}");
            }
            for id in ["x-0004", "y-0007", "x-0001x", &hex(3000)] {
                assert_eq!(a.find(id), None, "{id}");
            }
            // Numbered ids that come later go to the tables, and are found.
            for (k, id) in (0..500).map(|n| format!("z-{n:05}")).enumerate() {
                assert_eq!(a.push(&id), ids.len() + k);
            }
            assert_eq!(a.find("z-00499"), Some(ids.len() + 499));
            assert_eq!(a.find("z-00500"), None);
        }
        // Runs that hold many ids are never closed, whatever else comes.
        let mut a = IdArena::lean();
        let numbered: Vec<String> = (0..1000).map(|n| format!("e{n:06}")).collect();
        let all: Vec<&str> = (numbered.iter().map(String::as_str))
            .chain(ids.iter().map(String::as_str))
            .collect();
        assert_eq!(add_all(&mut a, all.iter().copied()), None);
        assert!(!a.tables_only());
        for (e, id) in all.iter().enumerate() {
            assert_eq!(a.find(id), Some(e), "{id}");
        }
    }

    #[test]
    fn runs_and_hashed_ids_agree() {
        let mut a = IdArena::default();
        let odd = ["x", "e1000000", "E7", "e07", "7", "f-2019-0001", "e1"];
        assert_eq!(add_all(&mut a, odd), None);
        // e1 and e01 differ (width); e1000000 was placed far from its run.
        let seq: Vec<String> = (2..=1_000_000).map(|i| format!("e{i}")).collect();
        assert_eq!(
            add_all(&mut a, seq.iter().map(String::as_str)),
            Some(999_998)
        );
        for id in odd {
            assert_eq!(a.get(a.find(id).unwrap()), id);
        }
        assert_eq!(a.find("e999999").map(|n| a.get(n)), Some("e999999"));
        assert_eq!(a.find("e01"), None);
        // Descending numbers grow the run downwards.
        let mut b = IdArena::default();
        let down: Vec<String> = (0..5000).rev().map(|i| format!("d{i:05}")).collect();
        assert_eq!(add_all(&mut b, down.iter().map(String::as_str)), None);
        assert_eq!(add_all(&mut b, ["d00042"]), Some(0));
        b.drop_index();
        assert_eq!(b.find("d04999"), Some(0));
        assert_eq!(b.find("d4999"), None);
    }

    #[test]
    fn runs_stay_dense_and_descending_ids_are_linear() {
        // Ids far apart: the run refuses them (they are hashed instead), so
        // memory stays proportional to the ids held.
        let mut a = IdArena::default();
        let far: Vec<String> = (0..20_000u64).map(|i| format!("x{}", i * 65_536)).collect();
        assert_eq!(add_all(&mut a, far.iter().map(String::as_str)), None);
        assert!(
            a.heap_bytes() < 20_000 * 64,
            "{} bytes for 20k ids",
            a.heap_bytes()
        );
        assert_eq!(a.find("x65536"), Some(1));
        // A million descending ids: amortised growth at the front.
        let mut b = IdArena::default();
        let down: Vec<String> = (0..1_000_000u32)
            .rev()
            .map(|i| format!("d{i:07}"))
            .collect();
        assert_eq!(add_all(&mut b, down.iter().map(String::as_str)), None);
        assert_eq!(b.find("d0000000"), Some(999_999));
    }

    /// `ids` in an order of no pattern (a fixed permutation).
    fn shuffled(mut ids: Vec<String>) -> Vec<String> {
        let mut x = 0x9E37_79B9_7F4A_7C15_u64;
        for i in (1..ids.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ids.swap(i, (x % (i as u64 + 1)) as usize);
        }
        ids
    }

    #[test]
    fn a_lean_arena_holds_ids_out_of_order_in_little_memory() {
        // A ledger re-sorted by date: numbered ids in no order go to dense
        // runs (4 bytes a number) from the first row.
        let n = 300_000u64;
        let dated = shuffled((1..=n).map(|i| format!("e{i}")).collect());
        // Free-text ids: fingerprints, 16 bytes a slot, no text.
        let text = shuffled((0..n).map(|i| format!("jb-{:016x}", i * 7_919)).collect());
        // Numbers far apart, out of order, as a crafted file would have
        // them: refused by the runs, so memory stays bounded.
        let far = shuffled((0..20_000u64).map(|i| format!("x{}", i * 65_536)).collect());
        // Bytes an id at most, and whether the runs' allowance for dense
        // slots may be spent too (ids that look numbered but are not).
        for (ids, most, allowance) in [(&dated, 12, false), (&text, 48, true), (&far, 64, true)] {
            let mut lean = IdArena::lean();
            assert_eq!(add_all(&mut lean, ids.iter().map(String::as_str)), None);
            for (i, id) in ids.iter().enumerate().step_by(97) {
                assert_eq!(lean.find(id), Some(i), "{id}");
            }
            assert_eq!(lean.find("e0"), None);
            let extra = if allowance {
                DENSE_ALLOWANCE as usize * 4
            } else {
                0
            };
            let bytes = lean.heap_bytes();
            assert!(
                bytes <= most * ids.len() + extra,
                "{bytes} bytes, {}",
                ids[0]
            );
        }
    }

    /// Pushes `text` into an arena (`lean` or full), with `expected`
    /// ids announced before each push; returns how many times the table
    /// of ids outside runs (fingerprints, or ids by text) grew after the
    /// first 64th of the ids (when a projection can first be made), and
    /// its bytes at the end. Every id must be found where it was pushed.
    fn grows(text: &[String], lean: bool, expected: Option<usize>) -> (usize, usize) {
        let mut arena = if lean {
            IdArena::lean()
        } else {
            IdArena::default()
        };
        let table = |a: &IdArena| {
            a.index.get().map_or(0, |ix| {
                if lean {
                    ix.prints.heap_bytes()
                } else {
                    ix.hashed.slots.capacity() * 8
                }
            })
        };
        let (mut grew, mut bytes) = (0, 0);
        for (i, id) in text.iter().enumerate() {
            if let Some(e) = expected {
                arena.expect(e);
            }
            assert!(matches!(arena.probe(id), Probe::Vacant), "{id}");
            arena.push(id);
            let now = table(&arena);
            if now != bytes && i >= text.len() / 64 {
                grew += 1;
            }
            bytes = now;
        }
        for (i, id) in text.iter().enumerate().step_by(89) {
            assert_eq!(arena.find(id), Some(i), "{id}");
        }
        assert_eq!(arena.find("jb-0"), None);
        (grew, bytes)
    }

    /// [`grows`] of 200k free-text ids without a projection, and with the
    /// right one; with projections far off, only that every answer holds
    /// (a wrong projection costs memory or time, never an answer).
    fn grows_with_and_without(lean: bool) -> ((usize, usize), (usize, usize)) {
        let n = 200_000usize;
        let text = shuffled(
            (0..n as u64)
                .map(|i| format!("jb-{:016x}", i * 7_919))
                .collect(),
        );
        grows(&text, lean, Some(10 * n));
        grows(&text, lean, Some(n / 10));
        (grows(&text, lean, None), grows(&text, lean, Some(n)))
    }

    #[test]
    fn a_projection_sizes_the_fingerprints_once_and_changes_no_answer() {
        let ((doubling, plain), (once, sized)) = grows_with_and_without(true);
        // Without a projection every segment doubles on the way (several
        // times each); with it, nearly every one takes its final size at
        // once (a few, whose own ids outrun their share, grow once more),
        // ending about where doubling ends.
        assert!(
            once <= SEGMENTS * 9 / 8 && once * 4 < doubling,
            "{once} vs {doubling}"
        );
        assert!(
            sized <= plain * 2 && plain <= sized * 2,
            "{sized} vs {plain}"
        );
    }

    #[test]
    fn a_projection_sizes_the_table_of_ids_by_text_once_and_changes_no_answer() {
        // Doubling from a 64th of the ids to all of them: six times or
        // more; with a projection, once to the final size.
        let ((doubling, plain), (once, sized)) = grows_with_and_without(false);
        assert!(once <= 1 && doubling >= 6, "{once} vs {doubling}");
        assert_eq!(sized, plain);
    }

    #[test]
    fn keys_made_from_what_a_worker_computed_ahead_are_the_keys_of_the_text() {
        let ids = [
            "e0001",
            "e1234",
            "f-2019-0042",
            "E7",
            "e07",
            "7",
            "0000",
            "abc",
            "x123456789012345678",
            "x1234567890123456789",
            "jb-910a2dec89025cc1",
            "jb-910a2dec8902",
            "學校-00012",
        ];
        let view = |k: &IdKey, id: &str| {
            let run = k.run.as_ref().map(|r| (r.prefix, r.width, r.number));
            (run, k.print(id.as_bytes()))
        };
        for id in ids {
            let made = IdKey::of_ahead(id.as_bytes(), IdKey::ahead(id.as_bytes()));
            let made = made.expect("no id's fingerprint is 0");
            assert_eq!(view(&made, id), view(&IdKey::of(id.as_bytes()), id), "{id}");
        }
        // Looked up either way, in a lean arena and in a full one.
        for mut arena in [IdArena::lean(), IdArena::default()] {
            for (i, id) in ids.iter().enumerate().step_by(2) {
                let key = IdKey::of_ahead(id.as_bytes(), IdKey::ahead(id.as_bytes()));
                assert_eq!(arena.push_key(id.as_bytes(), &key.unwrap()), i / 2);
            }
            for (i, id) in ids.iter().enumerate() {
                let key = IdKey::of_ahead(id.as_bytes(), IdKey::ahead(id.as_bytes())).unwrap();
                let found = match arena.probe_key(id.as_bytes(), &key) {
                    Probe::Found(e) => Some(e),
                    Probe::Vacant => None,
                };
                assert_eq!(found, (i % 2 == 0).then_some(i / 2), "{id}");
                assert_eq!(arena.find(id), found, "{id}");
            }
        }
    }

    #[test]
    fn interner_keeps_registry_positions() {
        let c = |s: &str| Code::new(s).unwrap();
        let mut i = Interner::with([c("a"), c("b")]);
        assert_eq!(i.get("b"), Some(1));
        assert_eq!(i.intern(&c("z")), 2);
        assert_eq!(i.code(2).as_str(), "z");
    }

    #[test]
    fn a_lean_arena_finds_the_same_entries() {
        let odd = ["x", "e1000000", "E7", "e07", "7", "f-2019-0001", "e1"];
        let seq: Vec<String> = (2..=200_000).map(|i| format!("e{i}")).collect();
        let far: Vec<String> = (0..3000u64).map(|i| format!("x{}", i * 65_536)).collect();
        let all: Vec<&str> = odd
            .iter()
            .copied()
            .chain(seq.iter().map(String::as_str))
            .chain(far.iter().map(String::as_str))
            .collect();
        let (mut full, mut lean) = (IdArena::default(), IdArena::lean());
        assert_eq!(add_all(&mut full, all.iter().copied()), None);
        assert_eq!(add_all(&mut lean, all.iter().copied()), None);
        lean.drop_index(); // kept: a lean arena cannot rebuild it
        for (i, id) in all.iter().enumerate() {
            assert_eq!(full.find(id), Some(i), "{id}");
            assert_eq!(lean.find(id), Some(i), "{id}");
        }
        for id in ["e01", "e200001", "x65537", "y"] {
            assert_eq!((full.find(id), lean.find(id)), (None, None));
        }
        // Run ids keep no text: about 4 bytes an id instead of 10 or more.
        assert!(
            lean.heap_bytes() * 2 < full.heap_bytes(),
            "{} vs {}",
            lean.heap_bytes(),
            full.heap_bytes()
        );
    }

    #[test]
    fn codes_of_every_length_are_told_apart() {
        let c = |s: &str| Code::new(s).unwrap();
        let mut codes = Vec::new();
        for n in 1..=40 {
            // Same ends, different middles; and the same text one longer.
            codes.push("a".repeat(n));
            codes.push(format!("{}{}", "a".repeat(n), "b"));
            if n > 2 {
                codes.push(format!("a{}a", "c".repeat(n - 2)));
            }
            // One byte different, at every position.
            for at in 0..n {
                codes.push(format!("{}b{}", "a".repeat(at), "a".repeat(n - at - 1)));
            }
        }
        codes.sort();
        codes.dedup();
        let mut i = Interner::default();
        for (k, t) in codes.iter().enumerate() {
            assert_eq!(i.intern(&c(t)), k as u32);
        }
        for (k, t) in codes.iter().enumerate() {
            assert_eq!(i.get(t), Some(k as u32), "{t}");
            assert_eq!(i.code(k as u32).as_str(), t);
        }
        assert_eq!(i.get("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), None);
        assert_eq!(i.get(""), None);
    }

    /// Names stand for ids whatever their length: up to 16 bytes by their
    /// key, 17 to 32 by the middle words kept beside it, longer by their
    /// text; one byte apart at any position, they are told apart.
    #[test]
    fn names_of_every_length_find_their_ids() {
        let mut names = Vec::new();
        for n in 1..=14 {
            // Chinese names of 3 to 42 bytes, and ASCII ones of 1 to 45.
            names.push("校".repeat(n));
            names.push(format!("{}工程", "校".repeat(n)));
            names.push("x".repeat(n * 3 + 3));
            for at in 0..n * 3 + 3 {
                names.push(format!("{}y{}", "x".repeat(at), "x".repeat(n * 3 + 2 - at)));
            }
        }
        names.sort();
        names.dedup();
        let mut t = NameIds::default();
        assert_eq!(t.get_bytes("校".as_bytes()), None);
        for (k, name) in names.iter().enumerate() {
            t.add(name, k as u32 * 7);
        }
        // A name added again keeps the id it had.
        t.add(&names[3], 1);
        for (k, name) in names.iter().enumerate() {
            assert_eq!(t.get_bytes(name.as_bytes()), Some(k as u32 * 7), "{name}");
        }
        for absent in [
            "",
            "校工",
            "校校校校校校校校校校校校校校校",
            &"x".repeat(46),
        ] {
            assert_eq!(t.get_bytes(absent.as_bytes()), None, "{absent}");
        }
    }

    /// Texts with the first and last eight bytes and the length of a
    /// stored one, but another middle, are not it, though some of them
    /// start their probe at its slot (a table of 16 slots: each of 500
    /// has a chance in 16, so all missing it has a chance under 10^-14).
    #[test]
    fn a_text_with_the_same_ends_and_another_middle_is_not_found() {
        for len in [17, 24, 32, 33, 60] {
            let stored = "a".repeat(len);
            let mut t = NameIds::default();
            t.add(&stored, 9);
            for k in 0..500u32 {
                let middle = format!("{k:0w$}", w = len - 16);
                let other = format!("aaaaaaaa{middle}aaaaaaaa");
                assert_eq!(t.get_bytes(other.as_bytes()), None, "{other}");
            }
            assert_eq!(t.get_bytes(stored.as_bytes()), Some(9));
        }
    }
}
