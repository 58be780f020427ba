//! An entry as one line of canonical text: the form the close log's digests
//! are taken over (documented on [`CloseLog`](crate::CloseLog), step 1).
//!
//! [`Lines::walk`] hands out each entry's fields straight from the columns,
//! [`Fields::of_row`] those of a row a reader has just checked, and
//! [`LineWriter`] writes them, with each code's text padded once and each
//! day's text kept in a small memo, because a close check writes the line
//! of every sealed entry.

use std::ops::Range;

use chrono::Datelike;

use super::check::{BAD, NEW};
use super::{Codes, Ledger, NO_BREAKDOWN, Row, Span, day_to_date};

/// A value per day, for the last day seen in each of 4,096 slots: dates in a
/// ledger repeat, and one computed is then a load.
#[derive(Clone, Debug)]
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
    #[allow(clippy::inline_always)] // measured: not inlined, a call cost 16 instructions of 25
    #[inline(always)]
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
/// `memcpy`). The first text is the empty field's (a tab alone), then code
/// `i`'s at `i + 1`, so a column's "none" marker (all ones) plus one is 0.
#[derive(Clone, Debug)]
struct Texts {
    /// Each text's first block, beside its length: one load finds both.
    heads: Vec<Head>,
    /// The blocks after the first of longer texts.
    more: Vec<[u8; BLOCK]>,
    /// The longest text, padded.
    widest: usize,
}

#[derive(Clone, Debug)]
struct Head {
    block: [u8; BLOCK],
    /// Length, tab included.
    len: u32,
    /// Where its further blocks start in [`Texts::more`].
    more: u32,
}

impl Texts {
    /// The empty field's text alone.
    fn new() -> Texts {
        let mut t = Texts {
            heads: Vec::new(),
            more: Vec::new(),
            widest: BLOCK,
        };
        t.push("");
        t
    }

    /// Texts held, the empty field's included.
    fn len(&self) -> usize {
        self.heads.len()
    }

    fn push(&mut self, text: &str) {
        let mut bytes = text.as_bytes().to_vec();
        bytes.push(b'\t');
        let mut blocks = bytes.chunks(BLOCK).map(|chunk| {
            let mut b = [0u8; BLOCK];
            b[..chunk.len()].copy_from_slice(chunk);
            b
        });
        self.heads.push(Head {
            block: blocks.next().expect("a tab at least"),
            len: bytes.len() as u32,
            more: self.more.len() as u32,
        });
        self.more.extend(blocks);
        self.widest = self.widest.max(bytes.len().next_multiple_of(BLOCK));
    }

    /// Adds the texts of the codes `codes` holds beyond those here: an
    /// interner only grows, so the codes here are its first ones.
    fn sync(&mut self, codes: &crate::intern::Interner) -> bool {
        let have = self.len() - 1;
        let more = codes.codes().get(have..).unwrap_or_default();
        for c in more {
            self.push(c.as_str());
        }
        !more.is_empty()
    }

    /// Writes text `i` at `out[pos..]` (with room for [`Texts::widest`]
    /// bytes there); the position after it. `None` for a position past
    /// the table (a text given apart: see [`GIVEN`]).
    #[inline]
    fn put(&self, i: usize, out: &mut [u8], pos: usize) -> Option<usize> {
        let head = self.heads.get(i)?;
        let len = head.len as usize;
        out[pos..][..BLOCK].copy_from_slice(&head.block);
        if len > BLOCK {
            self.put_rest(head, out, pos);
        }
        Some(pos + len)
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

/// The texts a canonical line is written from, for every code of a set
/// of code tables ([`Codes`]): built once, then [`LineTexts::sync`]ed as
/// the tables grow (a reader interns open lists' codes as the file goes).
#[derive(Clone, Debug)]
pub(crate) struct LineTexts {
    projects: Texts,
    areas: Texts,
    schools: Texts,
    pairings: Texts,
    measures: Texts,
    /// Every measure's breakdowns, one after the other.
    breakdowns: Texts,
    /// Where each measure's first breakdown is in `breakdowns`.
    breakdown_at: Vec<usize>,
    sources: Texts,
    /// Fraction digits of each measure's unit.
    digits: Vec<u8>,
    /// Room for every field but the ids and given texts, padded.
    room: usize,
}

impl LineTexts {
    pub(crate) fn new(codes: &Codes) -> LineTexts {
        let mut t = LineTexts {
            projects: Texts::new(),
            areas: Texts::new(),
            schools: Texts::new(),
            pairings: Texts::new(),
            measures: Texts::new(),
            breakdowns: Texts::new(),
            breakdown_at: Vec::new(),
            sources: Texts::new(),
            digits: Vec::new(),
            room: 0,
        };
        t.sync(codes);
        t
    }

    /// Adds the codes interned in `codes` since these texts were built
    /// from it (or from an earlier copy of it).
    pub(crate) fn sync(&mut self, codes: &Codes) {
        let mut grew = false;
        for (texts, interner) in [
            (&mut self.projects, &codes.projects),
            (&mut self.areas, &codes.areas),
            (&mut self.schools, &codes.schools),
            (&mut self.pairings, &codes.pairings),
            (&mut self.measures, &codes.measures),
            (&mut self.sources, &codes.sources),
        ] {
            grew |= texts.sync(interner);
        }
        let measures = codes.programme.measures();
        for m in &measures[self.digits.len().min(measures.len())..] {
            self.breakdown_at.push(self.breakdowns.len());
            for b in m.breakdowns() {
                self.breakdowns.push(b.as_str());
            }
            self.digits.push(m.unit().fraction_digits());
            grew = true;
        }
        if grew || self.room == 0 {
            // Two dates and a value (at most 21 bytes), each with its tab,
            // and the line feed, with a block to spare.
            self.room = [
                &self.projects,
                &self.areas,
                &self.schools,
                &self.pairings,
                &self.measures,
                &self.breakdowns,
                &self.sources,
            ]
            .iter()
            .map(|t| t.widest)
            .sum::<usize>()
                + 2 * 11
                + 24
                + 1
                + BLOCK;
        }
    }

    /// The position of measure `m`'s breakdown `b` ([`NO_BREAKDOWN`]:
    /// none).
    #[inline]
    fn breakdown(&self, m: usize, b: u8) -> usize {
        if b == NO_BREAKDOWN {
            0
        } else {
            self.breakdown_at[m] + usize::from(b)
        }
    }
}

/// Writes the canonical lines of a ledger's entries: see
/// [`Ledger::lines`].
pub(crate) struct Lines<'a> {
    ledger: &'a Ledger,
    texts: LineTexts,
}

impl Ledger {
    /// The writer of this ledger's canonical lines (twelve fields separated
    /// by tabs, then a line feed).
    pub(crate) fn lines(&self) -> Lines<'_> {
        Lines {
            ledger: self,
            texts: LineTexts::new(&self.codes),
        }
    }
}

/// The position of a code whose text is not in its table but given apart
/// (a code of an open list new when its row was checked): the row's marker
/// of a new code plus one, as every position is a row's code plus one. Its
/// text is the next span of [`Fields::news`].
const GIVEN: usize = NEW.wrapping_add(1) as usize;

/// One entry's twelve fields, as [`Lines::walk`] and [`Fields::of_row`]
/// hand them out: the codes as the positions of their texts in
/// [`LineTexts`]' tables (an absent one as the table's empty text, 0).
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
    /// The text a row was read from and the spans of its new codes (for
    /// positions from [`GIVEN`] on): empty from a ledger's columns.
    base: &'x [u8],
    news: &'x [Span],
}

impl<'x> Fields<'x> {
    /// The day of the entry.
    pub(crate) fn day(&self) -> i32 {
        self.day
    }

    /// The fields of the entry `row` becomes if it is appended, when its
    /// own checks found no error: read from `base`, the spans of its new
    /// codes `news`. The same fields as the ledger's columns then give
    /// (a test compares), since the ledger keeps the row's texts.
    pub(crate) fn of_row(
        row: &Row,
        base: &'x [u8],
        news: &'x [Span],
        texts: &LineTexts,
    ) -> Option<Fields<'x>> {
        // A row with no error of its own has every field; the rest is
        // cheap insurance.
        if !row.parsed || row.errors || row.day == i32::MIN || row.open.contains(&BAD) {
            return None;
        }
        let m = row.measure as usize;
        // Each code plus one: "none" (all ones) becomes 0, the empty text;
        // a new code, `GIVEN`.
        let [area, school, pairing, source] = row.open.map(|c| c.wrapping_add(1) as usize);
        Some(Fields {
            id: row.id.bytes(base),
            day: row.day,
            project: row.project.wrapping_add(1) as usize,
            area,
            school,
            pairing,
            measure: m + 1,
            breakdown: texts.breakdown(m, row.breakdown),
            value: row.value,
            fraction_digits: *texts.digits.get(m)?,
            source,
            corrects: (!row.corrects.is_empty()).then(|| row.corrects.bytes(base)),
            recorded: (row.recorded != i32::MIN).then_some(row.recorded),
            base,
            news,
        })
    }

    /// Room for the texts given apart.
    fn given_room(&self) -> usize {
        self.news.iter().map(|s| s.bytes(self.base).len() + 1).sum()
    }
}

impl Lines<'_> {
    /// The texts the lines are written from.
    pub(crate) fn texts(&self) -> &LineTexts {
        &self.texts
    }

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
        let texts = &self.texts;
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
            let m = usize::from(measure[k]);
            // Each "none" marker (all ones) plus one is 0, the empty text.
            f(&Fields {
                id: ids.bytes(i),
                day,
                project: usize::from(project[k]) + 1,
                area: usize::from(area[k]) + 1,
                school: school[k].wrapping_add(1) as usize,
                pairing: pairing[k].wrapping_add(1) as usize,
                measure: m + 1,
                breakdown: texts.breakdown(m, breakdown[k]),
                value: value[k],
                fraction_digits: texts.digits[m],
                source: usize::from(source[k].wrapping_add(1)),
                corrects,
                recorded: c.recorded.get(i).copied().filter(|&r| r != i32::MIN),
                base: &[],
                news: &[],
            });
        }
    }
}

/// Writes entries' canonical lines from [`LineTexts`]: a buffer and a
/// memo of days' texts.
#[derive(Clone, Debug)]
pub(crate) struct LineWriter {
    buf: Vec<u8>,
    dates: DayMemo<[u8; 10]>,
}

impl Default for LineWriter {
    fn default() -> LineWriter {
        LineWriter {
            buf: Vec::new(),
            dates: DayMemo::new(),
        }
    }
}

impl LineWriter {
    /// The day and canonical line of the entry `row` (read from `base`,
    /// the spans of its new codes `news`) becomes if it is appended, when
    /// its own checks found no error and it is dated on or before
    /// `last_day`.
    #[inline]
    pub(crate) fn row_line(
        &mut self,
        l: &LineTexts,
        row: &Row,
        base: &[u8],
        news: &[Span],
        last_day: i32,
    ) -> Option<(i32, &[u8])> {
        let e = Fields::of_row(row, base, news, l).filter(|e| e.day <= last_day)?;
        Some((e.day, self.line(l, &e)))
    }

    /// The canonical line of `e`, its line feed included.
    #[allow(clippy::inline_always)] // measured: a call a line cost 60 instructions of 340
    #[inline(always)]
    pub(crate) fn line(&mut self, l: &LineTexts, e: &Fields<'_>) -> &[u8] {
        let mut need = l.room + e.id.len() + e.corrects.map_or(0, <[u8]>::len);
        if !e.news.is_empty() {
            need += e.given_room();
        }
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
        let listed = "a code of a closed list is in its table";
        // The open lists' codes, by their place among the four.
        let open = |t: &Texts, k: usize, i: usize, out: &mut [u8], pos: usize| {
            t.put(i, out, pos)
                .unwrap_or_else(|| put_given(e, k, out, pos))
        };
        pos = l.projects.put(e.project, out, pos).expect(listed);
        pos = open(&l.areas, 0, e.area, out, pos);
        pos = open(&l.schools, 1, e.school, out, pos);
        pos = open(&l.pairings, 2, e.pairing, out, pos);
        pos = l.measures.put(e.measure, out, pos).expect(listed);
        pos = l.breakdowns.put(e.breakdown, out, pos).expect(listed);
        pos = put_units(out, pos, e.value, e.fraction_digits);
        out[pos] = b'\t';
        pos += 1;
        pos = open(&l.sources, 3, e.source, out, pos);
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

/// Writes the text given apart for open code `k` (area, school, pairing,
/// source: see [`GIVEN`]) and its tab; the position after them.
#[cold]
#[inline(never)]
fn put_given(e: &Fields<'_>, k: usize, out: &mut [u8], pos: usize) -> usize {
    let open = [e.area, e.school, e.pairing, e.source];
    assert_eq!(open[k], GIVEN, "a code past its table is given");
    let j = open[..k].iter().filter(|&&p| p == GIVEN).count();
    let t = e.news[j].bytes(e.base);
    out[pos..][..t.len()].copy_from_slice(t);
    out[pos + t.len()] = b'\t';
    pos + t.len() + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;

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
        let mut writer = LineWriter::default();
        let mut got = Vec::new();
        lines.walk(0..3, i32::MAX, |e| {
            got.push(String::from_utf8(writer.line(lines.texts(), e).to_vec()).unwrap());
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
