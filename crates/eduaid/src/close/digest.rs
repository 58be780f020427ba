//! The canonical form of an entry and the order-free digest of a month's
//! entries (see the module docs of [`close`](super)): each entry's line is
//! hashed on its own and the hashes are added as 256-bit numbers, so the
//! digest does not depend on the order of the rows, needs no entry kept,
//! and parts of a ledger can be summed on any number of threads.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::fxhash::FxMap;
use crate::{Entry, Ledger, StatMonth};

/// The entries of one month: how many, and the sum of their lines' SHA-256
/// hashes modulo 2^256.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct MonthSum {
    /// Entries dated in the month.
    pub entries: u64,
    /// The sum, as four 64-bit limbs, most significant first.
    sum: [u64; 4],
}

impl MonthSum {
    /// Adds one entry's line hash.
    pub(crate) fn add_hash(&mut self, h: &[u8; 32]) {
        let mut limbs = [0u64; 4];
        for (l, c) in limbs.iter_mut().zip(h.chunks_exact(8)) {
            *l = u64::from_be_bytes(c.try_into().expect("8 bytes"));
        }
        self.add_limbs(limbs);
        self.entries += 1;
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

    /// Adds another part's entries.
    pub(crate) fn merge(&mut self, other: &MonthSum) {
        self.add_limbs(other.sum);
        self.entries += other.entries;
    }

    /// The sum as 64 lower-case hex digits.
    #[must_use]
    pub fn sum_hex(&self) -> String {
        let bytes: Vec<u8> = self.sum.iter().flat_map(|l| l.to_be_bytes()).collect();
        hex(&bytes)
    }

    /// From a count and [`MonthSum::sum_hex`]'s text.
    pub(crate) fn from_hex(entries: u64, hex: &str) -> Option<MonthSum> {
        if hex.len() != 64 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return None;
        }
        let mut sum = [0u64; 4];
        for (i, l) in sum.iter_mut().enumerate() {
            *l = u64::from_str_radix(&hex[i * 16..i * 16 + 16], 16).ok()?;
        }
        Some(MonthSum { entries, sum })
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

fn push_date(out: &mut Vec<u8>, d: NaiveDate) {
    let (y, m, d) = (d.year(), d.month(), d.day());
    // Years 1 to 9999: four digits.
    let y = y.unsigned_abs();
    out.extend_from_slice(&[
        b'0' + (y / 1000 % 10) as u8,
        b'0' + (y / 100 % 10) as u8,
        b'0' + (y / 10 % 10) as u8,
        b'0' + (y % 10) as u8,
        b'-',
        b'0' + (m / 10) as u8,
        b'0' + (m % 10) as u8,
        b'-',
        b'0' + (d / 10) as u8,
        b'0' + (d % 10) as u8,
    ]);
}

fn push_units(out: &mut Vec<u8>, x: i64, fraction_digits: u8) {
    if x < 0 {
        out.push(b'-');
    }
    let a = x.unsigned_abs();
    let mut digits = [0u8; 24];
    let mut n = 0;
    let mut v = a;
    let frac = usize::from(fraction_digits);
    loop {
        digits[n] = b'0' + (v % 10) as u8;
        v /= 10;
        n += 1;
        if v == 0 && n > frac {
            break;
        }
    }
    for i in (0..n).rev() {
        out.push(digits[i]);
        if i == frac && frac > 0 {
            out.push(b'.');
        }
    }
}

/// Appends an entry's canonical line: twelve fields separated by tabs, then
/// a line feed.
pub(crate) fn entry_line(e: &Entry<'_>, out: &mut Vec<u8>) {
    let opt = |out: &mut Vec<u8>, c: Option<&crate::Code>| {
        if let Some(c) = c {
            out.extend_from_slice(c.as_str().as_bytes());
        }
        out.push(b'\t');
    };
    out.extend_from_slice(e.id().as_bytes());
    out.push(b'\t');
    push_date(out, e.date());
    out.push(b'\t');
    opt(out, Some(e.project()));
    opt(out, Some(e.area()));
    opt(out, e.school());
    opt(out, e.pairing());
    opt(out, Some(e.measure()));
    opt(out, e.breakdown());
    push_units(out, e.raw_value(), e.unit().fraction_digits());
    out.push(b'\t');
    opt(out, e.source());
    if let Some(c) = e.corrects() {
        out.extend_from_slice(c.id().as_bytes());
    }
    out.push(b'\t');
    if let Some(r) = e.recorded() {
        push_date(out, r);
    }
    out.push(b'\n');
}

/// The month sums of every entry dated in a statistics month up to
/// `through`, on rayon's threads.
pub(crate) fn month_sums(ledger: &Ledger, through: StatMonth) -> BTreeMap<StatMonth, MonthSum> {
    const CHUNK: usize = 1 << 15;
    let cal = ledger.programme().calendar();
    let last_day = cal.range(through).1;
    let n = ledger.len();
    let part = |chunk: usize| {
        let mut sums: FxMap<i32, MonthSum> = FxMap::default();
        let mut line = Vec::with_capacity(256);
        for i in chunk * CHUNK..n.min((chunk + 1) * CHUNK) {
            let e = ledger.get(i).expect("in range");
            let date = e.date();
            if date > last_day {
                continue;
            }
            line.clear();
            entry_line(&e, &mut line);
            let h: [u8; 32] = Sha256::digest(&line).into();
            sums.entry(cal.month_of(date).ordinal())
                .or_default()
                .add_hash(&h);
        }
        sums
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

    #[test]
    fn units_are_written_exactly() {
        let show = |x, f| {
            let mut v = Vec::new();
            push_units(&mut v, x, f);
            String::from_utf8(v).unwrap()
        };
        assert_eq!(show(0, 2), "0.00");
        assert_eq!(show(5, 2), "0.05");
        assert_eq!(show(-123_456, 2), "-1234.56");
        assert_eq!(show(0, 0), "0");
        assert_eq!(show(-7, 0), "-7");
        assert_eq!(show(i64::MIN, 2), "-92233720368547758.08");
    }

    #[test]
    fn sums_do_not_depend_on_order_and_round_trip_as_hex() {
        let hs: Vec<[u8; 32]> = (0u8..50).map(|i| Sha256::digest([i]).into()).collect();
        let (mut a, mut b) = (MonthSum::default(), MonthSum::default());
        for h in &hs {
            a.add_hash(h);
        }
        for h in hs.iter().rev() {
            b.add_hash(h);
        }
        assert_eq!(a, b);
        assert_eq!(MonthSum::from_hex(50, &a.sum_hex()), Some(a));
        assert_eq!(MonthSum::from_hex(50, "zz"), None);
    }
}
