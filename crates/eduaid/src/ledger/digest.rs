//! The order-free digests of a month's entries (see [`CloseLog`]'s canonical
//! form): each entry is hashed on its own and the hashes are added, so a
//! digest does not depend on the order of the rows, needs no entry kept,
//! and parts of a ledger can be summed on any number of threads.
//!
//! Two hashes of each entry's canonical line: a fast 128-bit fingerprint
//! (XXH3-128), which every command that reads a ledger checks, and SHA-256,
//! which `close` records and [`CloseLog::audit`] checks.
//!
//! [`CloseLog`]: crate::CloseLog
//! [`CloseLog::audit`]: crate::CloseLog::audit

use std::collections::BTreeMap;

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use twox_hash::XxHash3_128;

use super::{DayMemo, Ledger, LineWriter, date_to_day, day_to_date};
use crate::StatMonth;
use crate::fxhash::FxMap;

/// Which hashes of each line are taken.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Depth {
    /// The fingerprint only: every command's check.
    Fingerprint,
    /// The fingerprint and SHA-256: a close, an audit.
    Sha256,
}

/// The entries of one month: how many, the sum of their lines' XXH3-128
/// fingerprints modulo 2^128, and the sum of their SHA-256 hashes modulo
/// 2^256.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct MonthSum {
    /// Entries dated in the month.
    pub entries: u64,
    fingerprint: u128,
    /// As four 64-bit limbs, most significant first (zero when not taken).
    sum: [u64; 4],
}

impl MonthSum {
    /// Adds one entry: its fingerprint and, for an audit, the SHA-256 of
    /// its line.
    #[inline]
    fn add(&mut self, fingerprint: u128, sha256: Option<[u8; 32]>) {
        self.entries += 1;
        self.fingerprint = self.fingerprint.wrapping_add(fingerprint);
        if let Some(h) = sha256 {
            let mut limbs = [0u64; 4];
            for (l, c) in limbs.iter_mut().zip(h.chunks_exact(8)) {
                *l = u64::from_be_bytes(c.try_into().expect("8 bytes"));
            }
            self.add_limbs(limbs);
        }
    }

    fn add_limbs(&mut self, x: [u64; 4]) {
        let mut carry = false;
        for i in (0..4).rev() {
            let (a, c1) = self.sum[i].overflowing_add(x[i]);
            let (b, c2) = a.overflowing_add(u64::from(carry));
            self.sum[i] = b;
            carry = c1 || c2;
        }
    }

    /// Takes out one entry added with its fingerprint only.
    fn remove(&mut self, fingerprint: u128) {
        self.entries -= 1;
        self.fingerprint = self.fingerprint.wrapping_sub(fingerprint);
    }

    /// Adds another part's entries.
    fn merge(&mut self, other: &MonthSum) {
        self.add_limbs(other.sum);
        self.fingerprint = self.fingerprint.wrapping_add(other.fingerprint);
        self.entries += other.entries;
    }

    /// Whether two months hold the same entries, as far as `depth` looks.
    pub(crate) fn matches(&self, other: &MonthSum, depth: Depth) -> bool {
        self.entries == other.entries
            && self.fingerprint == other.fingerprint
            && (depth == Depth::Fingerprint || self.sum == other.sum)
    }

    /// The fingerprint sum as 32 lower-case hex digits.
    #[must_use]
    pub fn fingerprint_hex(&self) -> String {
        format!("{:032x}", self.fingerprint)
    }

    /// The SHA-256 sum as 64 lower-case hex digits.
    #[must_use]
    pub fn sum_hex(&self) -> String {
        let bytes: Vec<u8> = self.sum.iter().flat_map(|l| l.to_be_bytes()).collect();
        hex(&bytes)
    }

    /// From a count, [`MonthSum::fingerprint_hex`]'s and
    /// [`MonthSum::sum_hex`]'s text.
    pub(crate) fn from_hex(entries: u64, fingerprint: &str, sum: &str) -> Option<MonthSum> {
        let lower_hex =
            |s: &str, n| s.len() == n && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !lower_hex(fingerprint, 32) || !lower_hex(sum, 64) {
            return None;
        }
        let mut limbs = [0u64; 4];
        for (i, l) in limbs.iter_mut().enumerate() {
            *l = u64::from_str_radix(&sum[i * 16..i * 16 + 16], 16).ok()?;
        }
        Some(MonthSum {
            entries,
            fingerprint: u128::from_str_radix(fingerprint, 16).ok()?,
            sum: limbs,
        })
    }
}

/// An order-free digest of a set of entries, as a close log takes a
/// month's: how many entries, and the sum modulo 2^128 of the XXH3-128
/// fingerprints of their canonical lines (the lines
/// [`CloseLog`](crate::CloseLog)'s documentation defines). Two digests of
/// parts of a set add up to the digest of the whole, in any order, so a
/// digest is taken as a file is read without keeping its entries, and
/// anyone holding the entries can take it again ([`Ledger::digest`]) to
/// check that a figure was computed from exactly them.
///
/// Serialised as `{"entries": 3, "fingerprint": "…32 hex digits…"}`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct EntryDigest(MonthSum);

impl EntryDigest {
    /// The number of entries.
    #[must_use]
    pub fn entries(&self) -> u64 {
        self.0.entries
    }

    /// The sum of the entries' fingerprints, as 32 lower-case hex digits.
    #[must_use]
    pub fn fingerprint_hex(&self) -> String {
        self.0.fingerprint_hex()
    }

    /// Adds an entry by the fingerprint of its canonical line.
    pub(crate) fn add(&mut self, fingerprint: u128) {
        self.0.add(fingerprint, None);
    }

    /// Adds the entries of another digest (of entries not in this one).
    pub fn merge(&mut self, other: &EntryDigest) {
        self.0.merge(&other.0);
    }
}

impl serde::Serialize for EntryDigest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("EntryDigest", 2)?;
        st.serialize_field("entries", &self.entries())?;
        st.serialize_field("fingerprint", &self.fingerprint_hex())?;
        st.end()
    }
}

impl Ledger {
    /// The [`EntryDigest`] of the entries `select` takes, in one walk of
    /// the ledger: how an auditor holding the entries checks a figure's
    /// provenance.
    ///
    /// ```
    /// use eduaid::{Summary, SummaryOptions, dataset};
    /// let ledger = dataset::ledger();
    /// let s = Summary::build(&ledger, dataset::as_of(), &dataset::summary_options())?;
    /// let f = s.figure("funds/total").unwrap();
    /// let (selection, digest) = f.provenance().entries().unwrap();
    /// let again = ledger.digest(|e| selection.takes(&ledger, e));
    /// assert_eq!(&again, digest);
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    #[must_use]
    pub fn digest(&self, mut select: impl FnMut(&crate::Entry<'_>) -> bool) -> EntryDigest {
        let lines = self.lines();
        let mut writer = LineWriter::default();
        let mut out = EntryDigest::default();
        let mut i = 0usize;
        lines.walk(0..self.len(), i32::MAX, |f| {
            if select(&self.get(i).expect("walked in range")) {
                out.add(XxHash3_128::oneshot(writer.line(lines.texts(), f)));
            }
            i += 1;
        });
        out
    }
}

/// Lower-case hex of bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// SHA-256 of `bytes`, in hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Month sums by month ordinal, in slots from the earliest month added on:
/// a ledger in date order fills a few slots at a time, one in no order a
/// few dozen.
#[derive(Clone, Debug, Default)]
pub(crate) struct MonthSlots {
    first: i32,
    sums: Vec<MonthSum>,
}

impl MonthSlots {
    /// Adds one entry of month `month` (an ordinal), as [`MonthSum::add`].
    #[inline]
    pub(crate) fn add(&mut self, month: i32, fingerprint: u128, sha256: Option<[u8; 32]>) {
        // Nearly always a month that has a slot.
        let k = usize::try_from(month - self.first).ok();
        match k.and_then(|k| self.sums.get_mut(k)) {
            Some(sum) => sum.add(fingerprint, sha256),
            None => self.slot(month).add(fingerprint, sha256),
        }
    }

    /// Takes out an entry of month `month` added with its fingerprint
    /// only.
    pub(crate) fn remove(&mut self, month: i32, fingerprint: u128) {
        self.slot(month).remove(fingerprint);
    }

    /// Adds the entries of `other`'s months.
    pub(crate) fn merge(&mut self, other: &MonthSlots) {
        for (month, sum) in (other.first..).zip(&other.sums) {
            if sum.entries > 0 {
                self.slot(month).merge(sum);
            }
        }
    }

    /// The slot of month `month`, made if there is none yet.
    #[cold]
    #[inline(never)]
    fn slot(&mut self, month: i32) -> &mut MonthSum {
        if self.sums.is_empty() {
            self.first = month;
        } else if month < self.first {
            let earlier = self.first.abs_diff(month) as usize;
            (self.sums).splice(0..0, std::iter::repeat_n(MonthSum::default(), earlier));
            self.first = month;
        }
        let k = month.abs_diff(self.first) as usize;
        if k >= self.sums.len() {
            self.sums.resize(k + 1, MonthSum::default());
        }
        &mut self.sums[k]
    }

    /// The months with entries, by ordinal.
    pub(crate) fn into_months(self) -> impl Iterator<Item = (i32, MonthSum)> {
        (self.first..).zip(self.sums).filter(|(_, s)| s.entries > 0)
    }
}

/// The month sums of every entry dated in a statistics month up to
/// `through`, on rayon's threads.
pub(crate) fn month_sums(
    ledger: &Ledger,
    through: StatMonth,
    depth: Depth,
) -> BTreeMap<StatMonth, MonthSum> {
    const CHUNK: usize = 1 << 18;
    let cal = ledger.programme().calendar();
    let last_day = date_to_day(cal.range(through).1);
    let n = ledger.len();
    let lines = ledger.lines();
    let part = |chunk: usize| {
        let mut sums = MonthSlots::default();
        let mut months = DayMemo::<i32>::new();
        let mut writer = LineWriter::default();
        let range = chunk * CHUNK..n.min((chunk + 1) * CHUNK);
        lines.walk(range, last_day, |e| {
            let month = months.get(e.day(), |d| cal.month_of(day_to_date(d)).ordinal());
            let line = writer.line(lines.texts(), e);
            let sha256 = (depth == Depth::Sha256).then(|| Sha256::digest(line).into());
            sums.add(month, XxHash3_128::oneshot(line), sha256);
        });
        sums.into_months().collect::<FxMap<i32, MonthSum>>()
    };
    let merged =
        (0..n.div_ceil(CHUNK))
            .into_par_iter()
            .map(part)
            .reduce(FxMap::default, |mut a, b| {
                for (k, s) in b {
                    a.entry(k).or_default().merge(&s);
                }
                a
            });
    merged
        .into_iter()
        .map(|(k, s)| (StatMonth::from_ordinal(k), s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    impl MonthSum {
        /// Adds a text as an entry, its XXH3-128 for a fingerprint.
        fn add_line(&mut self, line: &[u8], depth: Depth) {
            let sha256 = (depth == Depth::Sha256).then(|| Sha256::digest(line).into());
            self.add(XxHash3_128::oneshot(line), sha256);
        }
    }

    #[test]
    fn sums_do_not_depend_on_order_and_round_trip_as_hex() {
        let lines: Vec<Vec<u8>> = (0u8..50).map(|i| vec![b'x', i, b'\n']).collect();
        let (mut a, mut b) = (MonthSum::default(), MonthSum::default());
        for l in &lines {
            a.add_line(l, Depth::Sha256);
        }
        for l in lines.iter().rev() {
            b.add_line(l, Depth::Sha256);
        }
        assert_eq!(a, b);
        let back = MonthSum::from_hex(50, &a.fingerprint_hex(), &a.sum_hex());
        assert_eq!(back, Some(a));
        assert_eq!(MonthSum::from_hex(50, "zz", &a.sum_hex()), None);
        assert_eq!(MonthSum::from_hex(50, &a.fingerprint_hex(), "zz"), None);
        // Parts merge to the whole.
        let (mut c, mut d) = (MonthSum::default(), MonthSum::default());
        for (i, l) in lines.iter().enumerate() {
            if i % 3 == 0 { &mut c } else { &mut d }.add_line(l, Depth::Sha256);
        }
        c.merge(&d);
        assert_eq!(c, a);
    }

    #[test]
    fn a_fingerprint_check_ignores_the_sha256_sum_and_an_audit_does_not() {
        let (mut quick, mut full) = (MonthSum::default(), MonthSum::default());
        quick.add_line(b"a\n", Depth::Fingerprint);
        full.add_line(b"a\n", Depth::Sha256);
        assert!(quick.matches(&full, Depth::Fingerprint));
        assert!(!quick.matches(&full, Depth::Sha256));
        let mut other = MonthSum::default();
        other.add_line(b"b\n", Depth::Sha256);
        assert!(!other.matches(&full, Depth::Fingerprint));
    }

    #[test]
    fn the_hashes_are_the_published_ones() {
        // XXH3-128 of the empty input (seed 0) and SHA-256 of "abc", as
        // their reference implementations give them.
        assert_eq!(
            XxHash3_128::oneshot(b""),
            0x99aa_06d3_0147_98d8_6001_c324_468d_497f
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
