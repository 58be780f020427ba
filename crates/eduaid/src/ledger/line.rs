//! An entry as one line of canonical text: the form the close log's digests
//! are taken over (documented on [`CloseLog`](crate::CloseLog), step 1).
//!
//! [`Lines::walk`] hands out each entry's fields straight from the columns
//! and [`LineWriter`] writes them, with each code's text padded once and
//! each day's text kept in a small memo, because a close check writes the
//! line of every sealed entry.

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
#[inline]
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
#[inline]
pub(crate) fn put_units(out: &mut [u8], mut pos: usize, x: i64, fraction_digits: u8) -> usize {
    if x < 0 {
        out[pos] = b'-';
        pos += 1;
    }
    let v = x.unsigned_abs();
    if fraction_digits == 0 {
        return put_u64(out, pos, v);
    }
    if fraction_digits == 2 {
        // Money (fen): divisions by a constant, the cents as one pair.
        pos = put_u64(out, pos, v / 100);
        out[pos] = b'.';
        let r = (v % 100) as usize * 2;
        out[pos + 1..pos + 3].copy_from_slice(&PAIRS[r..r + 2]);
        return pos + 3;
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

/// The size of [`Texts`]' blocks: most codes and their tab fit in one.
const BLOCK: usize = 32;

/// The texts of one column's codes, each followed by a tab and padded to
/// whole blocks of [`BLOCK`] bytes, so that a line is written with copies of
/// a fixed size (a copy of a length known only at run time is a call to
/// `memcpy`). The last text is the empty field's: a tab alone.
struct Texts {
    /// Each text's first block, beside its length: one load finds both.
    heads: Vec<Head>,
    /// The blocks after the first of longer texts.
    more: Vec<[u8; BLOCK]>,
    /// The longest text, padded.
    widest: usize,
}

struct Head {
    block: [u8; BLOCK],
    /// Length, tab included.
    len: u32,
    /// Where its further blocks start in [`Texts::more`].
    more: u32,
}

impl Texts {
    fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Texts {
        let mut t = Texts {
            heads: Vec::new(),
            more: Vec::new(),
            widest: BLOCK,
        };
        for text in texts.into_iter().chain([""]) {
            let mut bytes = text.as_bytes().to_vec();
            bytes.push(b'\t');
            let mut blocks = bytes.chunks(BLOCK).map(|chunk| {
                let mut b = [0u8; BLOCK];
                b[..chunk.len()].copy_from_slice(chunk);
                b
            });
            t.heads.push(Head {
                block: blocks.next().expect("a tab at least"),
                len: bytes.len() as u32,
                more: t.more.len() as u32,
            });
            t.more.extend(blocks);
            t.widest = t.widest.max(bytes.len().next_multiple_of(BLOCK));
        }
        t
    }

    /// The index of the empty field's text.
    fn absent(&self) -> usize {
        self.heads.len() - 1
    }

    /// Writes text `i` at `out[pos..]` (with room for [`Texts::widest`]
    /// bytes there); the position after it.
    #[inline]
    fn put(&self, i: usize, out: &mut [u8], pos: usize) -> usize {
        let head = &self.heads[i];
        let len = head.len as usize;
        out[pos..][..BLOCK].copy_from_slice(&head.block);
        if len > BLOCK {
            self.put_rest(head, out, pos);
        }
        pos + len
    }

    /// The blocks after a long text's first.
    #[cold]
    fn put_rest(&self, head: &Head, out: &mut [u8], pos: usize) {
        let rest = &self.more[head.more as usize..][..(head.len as usize).div_ceil(BLOCK) - 1];
        for (k, b) in rest.iter().enumerate() {
            out[pos + BLOCK * (k + 1)..][..BLOCK].copy_from_slice(b);
        }
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
            + BLOCK;
        l
    }
}

/// One entry's twelve fields as [`Lines::walk`] hands them out: the codes as
/// the positions of their texts in [`Lines`]' tables (an absent one as the
/// table's empty text).
pub(crate) struct Fields<'x> {
    id: &'x [u8],
    day: i32,
    project: usize,
    area: usize,
    school: usize,
    pairing: usize,
    measure: usize,
    breakdown: usize,
    value: i64,
    fraction_digits: u8,
    source: usize,
    corrects: Option<&'x [u8]>,
    recorded: Option<i32>,
}

impl Fields<'_> {
    /// The day of the entry.
    pub(crate) fn day(&self) -> i32 {
        self.day
    }
}

impl<'l> Lines<'l> {
    /// Calls `f` with the fields of every entry in `range` dated on or
    /// before `last_day`, in order.
    pub(crate) fn walk(&self, range: Range<usize>, last_day: i32, mut f: impl FnMut(&Fields<'_>)) {
        let ledger = self.ledger;
        let (c, ids) = (&ledger.cols, &ledger.ids);
        // Corrections are sorted by the correcting entry: walked along.
        let corrections = &ledger.corrections;
        let mut fix = corrections.partition_point(|&(e, _)| (e as usize) < range.start);
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
        let opt = |t: &Texts, v: u32| if v == NONE32 { t.absent() } else { v as usize };
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
            let (m, b, s) = (usize::from(measure[k]), breakdown[k], source[k]);
            f(&Fields {
                id: ids.bytes(i),
                day,
                project: usize::from(project[k]),
                area: usize::from(area[k]),
                school: opt(&self.schools, school[k]),
                pairing: opt(&self.pairings, pairing[k]),
                measure: m,
                breakdown: if b == NO_BREAKDOWN {
                    self.breakdowns.absent()
                } else {
                    self.breakdown_at[m] + usize::from(b)
                },
                value: value[k],
                fraction_digits: digits[m],
                source: if s == u16::MAX {
                    self.sources.absent()
                } else {
                    usize::from(s)
                },
                corrects,
                recorded: c.recorded.get(i).copied().filter(|&r| r != i32::MIN),
            });
        }
    }

    /// A writer of the canonical lines of the entries [`Lines::walk`]
    /// hands out.
    pub(crate) fn writer(&self) -> LineWriter<'_, 'l> {
        LineWriter {
            lines: self,
            buf: vec![0u8; self.room],
            dates: DayMemo::new(),
        }
    }
}

/// Writes entries' canonical lines (see [`Lines::writer`]).
pub(crate) struct LineWriter<'w, 'l> {
    lines: &'w Lines<'l>,
    buf: Vec<u8>,
    dates: DayMemo<[u8; 10]>,
}

impl LineWriter<'_, '_> {
    /// The canonical line of `e`, its line feed included.
    #[inline]
    pub(crate) fn line(&mut self, e: &Fields<'_>) -> &[u8] {
        let l = self.lines;
        let need = l.room + e.id.len() + e.corrects.map_or(0, <[u8]>::len);
        if self.buf.len() < need {
            self.buf.resize(need, 0);
        }
        let out = &mut self.buf[..];
        let mut pos = e.id.len();
        out[..pos].copy_from_slice(e.id);
        out[pos] = b'\t';
        out[pos + 1..][..10].copy_from_slice(&self.dates.get(e.day, date_text));
        out[pos + 11] = b'\t';
        pos += 12;
        pos = l.projects.put(e.project, out, pos);
        pos = l.areas.put(e.area, out, pos);
        pos = l.schools.put(e.school, out, pos);
        pos = l.pairings.put(e.pairing, out, pos);
        pos = l.measures.put(e.measure, out, pos);
        pos = l.breakdowns.put(e.breakdown, out, pos);
        pos = put_units(out, pos, e.value, e.fraction_digits);
        out[pos] = b'\t';
        pos += 1;
        pos = l.sources.put(e.source, out, pos);
        if let Some(t) = e.corrects {
            out[pos..][..t.len()].copy_from_slice(t);
            pos += t.len();
        }
        out[pos] = b'\t';
        pos += 1;
        if let Some(r) = e.recorded {
            out[pos..][..10].copy_from_slice(&self.dates.get(r, date_text));
            pos += 10;
        }
        out[pos] = b'\n';
        &out[..=pos]
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

    /// The twelve fields as their definition reads, from the public
    /// accessors.
    fn plain_fields(e: &crate::Entry<'_>) -> Vec<String> {
        let opt = |c: Option<&Code>| c.map_or("", Code::as_str).to_owned();
        vec![
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
    }

    #[test]
    fn lines_are_those_of_the_definition() {
        // Codes longer than a block and in another script, a correction, a
        // recorded day, money and counts, fields present and absent.
        let csv = "id,date,project,area,school,measure,breakdown,value,source,corrects,recorded\n\
                   2019-京保-001,2019-05-20,principal-studios,阜平县,阜平县第一中学附属小学分校区阜平县第一中学附属小学分校区,funds,general,114500.50,,,2019-05-21\n\
                   t2,2019-05-21,rural-teachers,fuping,,people-trained,local,12,,,\n\
                   a-very-long-identifier-of-many-blocks-0003,2019-06-02,principal-studios,阜平县,,funds,general,-0.05,,2019-京保-001,\n";
        let p = std::sync::Arc::new(crate::Programme::canonical());
        let ledger = Ledger::read_csv(p, csv.as_bytes(), "l.csv")
            .unwrap()
            .accept_valid_rows();
        assert_eq!(ledger.len(), 3);
        let lines = ledger.lines();
        let mut writer = lines.writer();
        let mut got = Vec::new();
        lines.walk(0..3, i32::MAX, |e| {
            got.push(String::from_utf8(writer.line(e).to_vec()).unwrap());
        });
        let fields: Vec<Vec<String>> = ledger.iter().map(|e| plain_fields(&e)).collect();
        let want: Vec<String> = fields.iter().map(|f| f.join("\t") + "\n").collect();
        assert_eq!(got, want);
        assert!(
            want[2].contains("\t-0.05\t\t2019-京保-001\t\n"),
            "{}",
            want[2]
        );
        // A day past the last is left out; a range starts anywhere.
        let mut days = Vec::new();
        let last = crate::ledger::date_to_day(crate::parse_date("2019-05-31").unwrap());
        lines.walk(1..3, last, |e| days.push(e.day()));
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
