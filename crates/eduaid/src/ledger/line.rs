//! An entry as one line of canonical text: the form the close log's digests
//! are taken over (documented on [`CloseLog`](crate::CloseLog), step 1).
//!
//! Written straight from the columns, with each day's text kept in a small
//! memo, because a close check writes the line of every sealed entry.

use std::ops::Range;

use chrono::Datelike;

use super::{Ledger, NO_BREAKDOWN, NONE32, day_to_date};
use crate::Code;

/// A value per day, for the last day seen in each of 4,096 slots: dates in a
/// ledger repeat, and one computed is then a load.
pub(crate) struct DayMemo<T> {
    slots: Vec<(i32, T)>,
}

impl<T: Copy + Default> DayMemo<T> {
    const SLOTS: usize = 4096;

    pub(crate) fn new() -> DayMemo<T> {
        DayMemo {
            // No stored day is i32::MIN (the first day of the common era is 1).
            slots: vec![(i32::MIN, T::default()); Self::SLOTS],
        }
    }

    /// The value of `day`, computed by `f` unless memoised.
    #[inline]
    pub(crate) fn get(&mut self, day: i32, f: impl FnOnce(i32) -> T) -> T {
        let slot = &mut self.slots[day.unsigned_abs() as usize % Self::SLOTS];
        if slot.0 != day {
            *slot = (day, f(day));
        }
        slot.1
    }
}

/// `YYYY-MM-DD` of a stored day (years 1 to 9999).
fn date_text(day: i32) -> [u8; 10] {
    let d = day_to_date(day);
    let (y, m, d) = (d.year().unsigned_abs(), d.month(), d.day());
    let digit = |x: u32| b'0' + (x % 10) as u8;
    [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(d / 10),
        digit(d),
    ]
}

/// Two decimal digits of each number below 100.
const PAIRS: &[u8; 200] =
    b"00010203040506070809101112131415161718192021222324252627282930313233343536373839\
40414243444546474849505152535455565758596061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Writes `v` in decimal at `out[pos..]`, two digits a step (half the chain
/// of divisions); the position after it.
fn put_u64(out: &mut [u8], pos: usize, mut v: u64) -> usize {
    let end = pos + v.checked_ilog10().map_or(1, |l| l as usize + 1);
    let mut at = end;
    while v >= 100 {
        let r = (v % 100) as usize * 2;
        v /= 100;
        at -= 2;
        out[at..at + 2].copy_from_slice(&PAIRS[r..r + 2]);
    }
    if v >= 10 {
        let r = v as usize * 2;
        out[at - 2..at].copy_from_slice(&PAIRS[r..r + 2]);
    } else {
        out[at - 1] = b'0' + v as u8;
    }
    end
}

/// Writes `x` base units with `fraction_digits` (at most 18) after the
/// point at `out[pos..]` (room for 22 bytes): `-0.50`, `1145000.00`, `240`.
/// The position after it.
pub(crate) fn put_units(out: &mut [u8], mut pos: usize, x: i64, fraction_digits: u8) -> usize {
    if x < 0 {
        out[pos] = b'-';
        pos += 1;
    }
    let v = x.unsigned_abs();
    if fraction_digits == 0 {
        return put_u64(out, pos, v);
    }
    let scale = 10u64.pow(u32::from(fraction_digits));
    pos = put_u64(out, pos, v / scale);
    out[pos] = b'.';
    let mut f = v % scale;
    for k in (1..=usize::from(fraction_digits)).rev() {
        out[pos + k] = b'0' + (f % 10) as u8;
        f /= 10;
    }
    pos + 1 + usize::from(fraction_digits)
}

/// The texts of one column's codes, each followed by a tab and padded to
/// whole 16-byte blocks, so that a line is written with copies of a fixed
/// size (a copy of a length known only at run time is a call to `memcpy`).
/// The last text is the empty field's: a tab alone.
struct Texts {
    blocks: Vec<[u8; 16]>,
    /// First block and length (tab included) of each text.
    at: Vec<(u32, u32)>,
    /// The longest text, padded.
    widest: usize,
}

impl Texts {
    fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Texts {
        let mut t = Texts {
            blocks: Vec::new(),
            at: Vec::new(),
            widest: 16,
        };
        for text in texts.into_iter().chain([""]) {
            let mut bytes = text.as_bytes().to_vec();
            bytes.push(b'\t');
            t.at.push((t.blocks.len() as u32, bytes.len() as u32));
            for chunk in bytes.chunks(16) {
                let mut b = [0u8; 16];
                b[..chunk.len()].copy_from_slice(chunk);
                t.blocks.push(b);
            }
            t.widest = t.widest.max(bytes.len().next_multiple_of(16));
        }
        t
    }

    /// The index of the empty field's text.
    fn absent(&self) -> usize {
        self.at.len() - 1
    }

    /// Writes text `i` at `out[pos..]` (with room for [`Texts::widest`]
    /// bytes there); the position after it.
    #[inline]
    fn put(&self, i: usize, out: &mut [u8], pos: usize) -> usize {
        let (first, len) = self.at[i];
        let (first, len) = (first as usize, len as usize);
        out[pos..][..16].copy_from_slice(&self.blocks[first]);
        if len > 16 {
            let rest = &self.blocks[first + 1..][..len.div_ceil(16) - 1];
            for (k, b) in rest.iter().enumerate() {
                out[pos + 16 * (k + 1)..][..16].copy_from_slice(b);
            }
        }
        pos + len
    }
}

/// Writes the canonical lines of a ledger's entries: see
/// [`Ledger::lines`].
pub(crate) struct Lines<'a> {
    ledger: &'a Ledger,
    projects: Texts,
    areas: Texts,
    schools: Texts,
    pairings: Texts,
    measures: Texts,
    /// Every measure's breakdowns, one after the other.
    breakdowns: Texts,
    /// Where each measure's breakdowns start in `breakdowns`.
    breakdown_at: Vec<usize>,
    sources: Texts,
    /// Room for every field but the ids, padded.
    room: usize,
}

impl Ledger {
    /// The writer of this ledger's canonical lines (twelve fields separated
    /// by tabs, then a line feed).
    pub(crate) fn lines(&self) -> Lines<'_> {
        let codes = &self.codes;
        let texts = |i: &crate::intern::Interner| Texts::new(i.codes().iter().map(Code::as_str));
        let measures = codes.programme.measures();
        let mut breakdown_at = Vec::with_capacity(measures.len());
        let mut all = Vec::new();
        for m in measures {
            breakdown_at.push(all.len());
            all.extend(m.breakdowns().iter().map(Code::as_str));
        }
        let mut l = Lines {
            ledger: self,
            projects: texts(&codes.projects),
            areas: texts(&codes.areas),
            schools: texts(&codes.schools),
            pairings: texts(&codes.pairings),
            measures: texts(&codes.measures),
            breakdowns: Texts::new(all),
            breakdown_at,
            sources: texts(&codes.sources),
            room: 0,
        };
        // Two dates and a value (at most 21 bytes), each with its tab, and
        // the line feed, with a block to spare.
        l.room = [
            &l.projects,
            &l.areas,
            &l.schools,
            &l.pairings,
            &l.measures,
            &l.breakdowns,
            &l.sources,
        ]
        .iter()
        .map(|t| t.widest)
        .sum::<usize>()
            + 2 * 11
            + 24
            + 1
            + 16;
        l
    }
}

impl Lines<'_> {
    /// Calls `f` with the day and the canonical line of every entry in
    /// `range` dated on or before `last_day`, in order.
    pub(crate) fn for_each(
        &self,
        range: Range<usize>,
        last_day: i32,
        mut f: impl FnMut(i32, &[u8]),
    ) {
        let ledger = self.ledger;
        let (c, ids) = (&ledger.cols, &ledger.ids);
        let mut dates = DayMemo::<[u8; 10]>::new();
        // Corrections are sorted by the correcting entry: walked along.
        let corrections = &ledger.corrections;
        let mut fix = corrections.partition_point(|&(e, _)| (e as usize) < range.start);
        let mut buf = vec![0u8; self.room];
        let start = range.start;
        // The columns cut to the range, all of one length: indexing them
        // needs no check of its own.
        let date = &c.date[range.clone()];
        let n = date.len();
        let (project, area, measure) = (
            &c.project[start..][..n],
            &c.area[start..][..n],
            &c.measure[start..][..n],
        );
        let (school, pairing) = (&c.school[start..][..n], &c.pairing[start..][..n]);
        let (breakdown, source, value) = (
            &c.breakdown[start..][..n],
            &c.source[start..][..n],
            &c.value[start..][..n],
        );
        let digits: Vec<u8> = (ledger.codes.units.iter())
            .map(|u| u.fraction_digits())
            .collect();
        for (k, &day) in date.iter().enumerate() {
            if day > last_day {
                continue;
            }
            let i = start + k;
            let corrects = loop {
                match corrections.get(fix) {
                    Some(&(e, _)) if (e as usize) < i => fix += 1,
                    Some(&(e, t)) if e as usize == i => break Some(ids.bytes(t as usize)),
                    _ => break None,
                }
            };
            let id = ids.bytes(i);
            let need = self.room + id.len() + corrects.map_or(0, <[u8]>::len);
            if buf.len() < need {
                buf.resize(need, 0);
            }
            let out = &mut buf[..];
            let mut pos = id.len();
            out[..pos].copy_from_slice(id);
            out[pos] = b'\t';
            out[pos + 1..][..10].copy_from_slice(&dates.get(day, date_text));
            out[pos + 11] = b'\t';
            pos += 12;
            let opt = |t: &Texts, v: u32| if v == NONE32 { t.absent() } else { v as usize };
            let (m, b) = (measure[k], breakdown[k]);
            pos = self.projects.put(usize::from(project[k]), out, pos);
            pos = self.areas.put(usize::from(area[k]), out, pos);
            pos = self.schools.put(opt(&self.schools, school[k]), out, pos);
            pos = self.pairings.put(opt(&self.pairings, pairing[k]), out, pos);
            pos = self.measures.put(usize::from(m), out, pos);
            let b = if b == NO_BREAKDOWN {
                self.breakdowns.absent()
            } else {
                self.breakdown_at[usize::from(m)] + usize::from(b)
            };
            pos = self.breakdowns.put(b, out, pos);
            pos = put_units(out, pos, value[k], digits[usize::from(m)]);
            out[pos] = b'\t';
            pos += 1;
            let s = source[k];
            let s = if s == u16::MAX {
                self.sources.absent()
            } else {
                usize::from(s)
            };
            pos = self.sources.put(s, out, pos);
            if let Some(t) = corrects {
                out[pos..][..t.len()].copy_from_slice(t);
                pos += t.len();
            }
            out[pos] = b'\t';
            pos += 1;
            match c.recorded.get(i) {
                Some(&r) if r != i32::MIN => {
                    out[pos..][..10].copy_from_slice(&dates.get(r, date_text));
                    pos += 10;
                }
                _ => {}
            }
            out[pos] = b'\n';
            f(day, &out[..=pos]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_written_exactly() {
        let show = |x, f| {
            let mut v = [0u8; 24];
            let end = put_units(&mut v, 0, x, f);
            String::from_utf8(v[..end].to_vec()).unwrap()
        };
        assert_eq!(show(0, 2), "0.00");
        assert_eq!(show(5, 2), "0.05");
        assert_eq!(show(-123_456, 2), "-1234.56");
        assert_eq!(show(0, 0), "0");
        assert_eq!(show(-7, 0), "-7");
        assert_eq!(show(i64::MIN, 2), "-92233720368547758.08");
        assert_eq!(show(i64::MAX, 0), "9223372036854775807");
        assert_eq!(show(100, 2), "1.00");
        assert_eq!(show(99, 0), "99");
        assert_eq!(show(10, 0), "10");
        assert_eq!(show(-1_000_000_007, 2), "-10000000.07");
        // Every number of up to four digits, against the standard library.
        for x in -10_000..10_000 {
            assert_eq!(show(x, 0), x.to_string());
        }
    }

    /// The line as its definition reads, from the public accessors.
    fn plain_line(e: &crate::Entry<'_>) -> String {
        let opt = |c: Option<&Code>| c.map_or("", Code::as_str).to_owned();
        [
            e.id().to_owned(),
            e.date().to_string(),
            e.project().to_string(),
            e.area().to_string(),
            opt(e.school()),
            opt(e.pairing()),
            e.measure().to_string(),
            opt(e.breakdown()),
            e.value().to_string(),
            opt(e.source()),
            e.corrects().map_or_else(String::new, |c| c.id().to_owned()),
            e.recorded().map_or_else(String::new, |d| d.to_string()),
        ]
        .join("\t")
            + "\n"
    }

    #[test]
    fn lines_written_in_blocks_are_the_lines_of_the_definition() {
        // Codes longer than a block and in another script, a correction, a
        // recorded day, money and counts, fields present and absent.
        let csv = "id,date,project,area,school,measure,breakdown,value,source,corrects,recorded\n\
                   2019-京保-001,2019-05-20,principal-studios,阜平县,阜平县第一中学附属小学分校区,funds,general,114500.50,,,2019-05-21\n\
                   t2,2019-05-21,rural-teachers,fuping,,people-trained,local,12,,,\n\
                   a-very-long-identifier-of-many-blocks-0003,2019-06-02,principal-studios,阜平县,,funds,general,-0.05,,2019-京保-001,\n";
        let p = std::sync::Arc::new(crate::Programme::canonical());
        let ledger = Ledger::read_csv(p, csv.as_bytes(), "l.csv")
            .unwrap()
            .accept_valid_rows();
        assert_eq!(ledger.len(), 3);
        let mut got = Vec::new();
        ledger.lines().for_each(0..3, i32::MAX, |_, line| {
            got.push(String::from_utf8(line.to_vec()).unwrap());
        });
        let want: Vec<String> = ledger.iter().map(|e| plain_line(&e)).collect();
        assert_eq!(got, want);
        assert!(
            want[2].contains("\t-0.05\t\t2019-京保-001\t\n"),
            "{}",
            want[2]
        );
        // A day past the last is left out; a range starts anywhere.
        let mut days = Vec::new();
        let last = crate::ledger::date_to_day(crate::parse_date("2019-05-31").unwrap());
        ledger.lines().for_each(1..3, last, |d, _| days.push(d));
        assert_eq!(days.len(), 1);
    }

    #[test]
    fn a_memo_slot_holds_the_last_day_put_in_it() {
        let mut memo = DayMemo::<i32>::new();
        let mut calls = 0;
        let mut get = |memo: &mut DayMemo<i32>, day| {
            memo.get(day, |d| {
                calls += 1;
                d * 2
            })
        };
        assert_eq!(get(&mut memo, 737_000), 1_474_000);
        assert_eq!(get(&mut memo, 737_000), 1_474_000);
        // Same slot, another day: recomputed, then the first day again.
        assert_eq!(get(&mut memo, 737_000 + 4096), 2 * (737_000 + 4096));
        assert_eq!(get(&mut memo, 737_000), 1_474_000);
        assert_eq!(calls, 3);
    }
}
