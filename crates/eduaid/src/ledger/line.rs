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
    #[allow(clippy::inline_always)] // measured (callgrind): a look-up took 25 instructions as a call, 13 inline
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

/// Each power of 10 that fits in 64 bits, by its exponent; past them, more
/// than any `u64`.
const POW10: [u64; 32] = {
    let mut t = [u64::MAX; 32];
    let mut i = 0;
    while i < 20 {
        t[i] = 10u64.pow(i as u32);
        i += 1;
    }
    t
};

/// How many decimal digits `v` has (0 has one).
#[inline]
fn digit_count(v: u64) -> usize {
    // Bits times 1233/4096 (just over log10(2)) is the count or one less:
    // one compare tells.
    let t = (((64 - (v | 1).leading_zeros()) * 1233) >> 12) as usize;
    t + usize::from(v | 1 >= POW10[t & 31])
}

/// A value's window: more than its longest text (21 bytes), a power of
/// two so that a place masked into it needs no check.
const WINDOW: usize = 64;

/// Writes `v` in decimal at `w[start..]` (`start` at most 1), two digits a
/// step (half the chain of divisions); the digits written.
#[inline]
fn put_u64(w: &mut [u8; WINDOW], start: usize, mut v: u64) -> usize {
    let n = digit_count(v);
    let mut at = start + n;
    while v >= 100 {
        let r = (v % 100) as usize * 2;
        v /= 100;
        at -= 2;
        w[at & (WINDOW - 1)] = PAIRS[r];
        w[(at + 1) & (WINDOW - 1)] = PAIRS[r + 1];
    }
    if v >= 10 {
        let r = v as usize * 2;
        w[(at - 2) & (WINDOW - 1)] = PAIRS[r];
        w[(at - 1) & (WINDOW - 1)] = PAIRS[r + 1];
    } else {
        w[(at - 1) & (WINDOW - 1)] = b'0' + v as u8;
    }
    n
}

/// Writes `x` base units with `fraction_digits` (at most 18) after the
/// point at the start of `w`: `-0.50`, `1145000.00`, `240`. The bytes
/// written.
#[allow(clippy::inline_always)] // measured (callgrind): as a call, 12 instructions a value more
#[inline(always)]
pub(crate) fn put_units(w: &mut [u8; WINDOW], x: i64, fraction_digits: u8) -> usize {
    // Overwritten by the first digit when not negative.
    w[0] = b'-';
    let sign = usize::from(x < 0);
    let v = x.unsigned_abs();
    if fraction_digits == 0 {
        return sign + put_u64(w, sign, v);
    }
    let mask = WINDOW - 1;
    if fraction_digits == 2 {
        // Money (fen): divisions by a constant, the cents as one pair.
        let n = sign + put_u64(w, sign, v / 100);
        let r = (v % 100) as usize * 2;
        w[n & mask] = b'.';
        w[(n + 1) & mask] = PAIRS[r];
        w[(n + 2) & mask] = PAIRS[r + 1];
        return n + 3;
    }
    let scale = 10u64.pow(u32::from(fraction_digits));
    let n = sign + put_u64(w, sign, v / scale);
    w[n & mask] = b'.';
    let mut f = v % scale;
    for k in (1..=usize::from(fraction_digits)).rev() {
        w[(n + k) & mask] = b'0' + (f % 10) as u8;
        f /= 10;
    }
    n + 1 + usize::from(fraction_digits)
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
    }

    /// Adds the texts of the codes `codes` holds beyond those here: an
    /// interner only grows, so the codes here are its first ones.
    fn sync(&mut self, codes: &crate::intern::Interner) {
        let have = self.len() - 1;
        for c in codes.codes().get(have..).unwrap_or_default() {
            self.push(c.as_str());
        }
    }

    /// Writes text `i` at `out[pos..]`; the position after it.
    #[inline]
    fn put(&self, i: usize, out: &mut Buf, pos: usize) -> usize {
        self.put_head(&self.heads[i], out, pos)
    }

    /// [`Texts::put`] of an open list's code: `None` for a position past
    /// the table (a text given apart: see [`GIVEN`]).
    #[inline]
    fn put_open(&self, i: usize, out: &mut Buf, pos: usize) -> Option<usize> {
        let head = self.heads.get(i)?;
        Some(self.put_head(head, out, pos))
    }

    #[inline]
    fn put_head(&self, head: &Head, out: &mut Buf, pos: usize) -> usize {
        let len = head.len as usize;
        let at = pos & (LINE - 1);
        out[at..at + BLOCK].copy_from_slice(&head.block);
        if len > BLOCK {
            self.put_rest(head, out, pos);
        }
        pos + len
    }

    /// The blocks after a long text's first.
    #[cold]
    fn put_rest(&self, head: &Head, out: &mut Buf, pos: usize) {
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
        };
        t.sync(codes);
        t
    }

    /// Adds the codes interned in `codes` since these texts were built
    /// from it (or from an earlier copy of it).
    pub(crate) fn sync(&mut self, codes: &Codes) {
        for (texts, interner) in [
            (&mut self.projects, &codes.projects),
            (&mut self.areas, &codes.areas),
            (&mut self.schools, &codes.schools),
            (&mut self.pairings, &codes.pairings),
            (&mut self.measures, &codes.measures),
            (&mut self.sources, &codes.sources),
        ] {
            texts.sync(interner);
        }
        let measures = codes.programme.measures();
        for m in &measures[self.digits.len().min(measures.len())..] {
            self.breakdown_at.push(self.breakdowns.len());
            for b in m.breakdowns() {
                self.breakdowns.push(b.as_str());
            }
            self.digits.push(m.unit().fraction_digits());
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
    #[allow(clippy::inline_always)] // measured (callgrind): outlined, 84 instructions a row more
    #[inline(always)]
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
        let (breakdown, source) = (&c.breakdown[start..][..n], &c.source[start..][..n]);
        let texts = &self.texts;
        for ((k, &day), value) in date.iter().enumerate().zip(c.value.values(range)) {
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
                value,
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

/// Room for a line: the longest (an id of 256 bytes, seven codes of 64
/// characters, a corrected id, two dates, a value, tabs) is under 2,400
/// bytes. A power of two: a position masked into it needs no check.
const LINE: usize = 4096;

/// A line's buffer: [`LINE`] bytes, and room after them for a copy of a
/// fixed size (a block of a code's text, a value's window) that starts
/// within them.
type Buf = [u8; LINE + WINDOW];

/// Writes entries' canonical lines from [`LineTexts`]: a buffer and a
/// memo of days' texts.
#[derive(Clone, Debug)]
pub(crate) struct LineWriter {
    buf: Box<Buf>,
    dates: DayMemo<[u8; 10]>,
}

impl Default for LineWriter {
    fn default() -> LineWriter {
        LineWriter {
            buf: Box::new([0; LINE + WINDOW]),
            dates: DayMemo::new(),
        }
    }
}

impl LineWriter {
    /// The day and canonical line of the entry `row` (read from `base`,
    /// the spans of its new codes `news`) becomes if it is appended, when
    /// its own checks found no error and it is dated on or before
    /// `last_day`.
    #[allow(clippy::inline_always)] // measured (callgrind): as a call, 16 instructions a row more
    #[inline(always)]
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
    #[allow(clippy::inline_always)] // measured (callgrind): as a call, 20 instructions a line more
    #[inline(always)]
    pub(crate) fn line(&mut self, l: &LineTexts, e: &Fields<'_>) -> &[u8] {
        // Positions are masked into the buffer, which holds the longest
        // line: copies of a fixed size need no check (the one at the end
        // refuses a line that would not fit, which cannot be).
        const MASK: usize = LINE - 1;
        let out = &mut *self.buf;
        let mut pos = e.id.len();
        out[..pos].copy_from_slice(e.id);
        let at = pos & MASK;
        out[at] = b'\t';
        out[at + 1..at + 11].copy_from_slice(&self.dates.get(e.day, date_text));
        out[at + 11] = b'\t';
        pos += 12;
        // The open lists' codes, by their place among the four (the
        // cold path gets copies, so the fields need no place in memory).
        let given = [e.area, e.school, e.pairing, e.source];
        let open = |t: &Texts, k: usize, i: usize, out: &mut Buf, pos: usize| {
            t.put_open(i, out, pos)
                .unwrap_or_else(|| put_given((e.base, e.news), given, k, out, pos))
        };
        pos = l.projects.put(e.project, out, pos);
        pos = open(&l.areas, 0, e.area, out, pos);
        pos = open(&l.schools, 1, e.school, out, pos);
        pos = open(&l.pairings, 2, e.pairing, out, pos);
        pos = l.measures.put(e.measure, out, pos);
        pos = l.breakdowns.put(e.breakdown, out, pos);
        let at = pos & MASK;
        let window = (&mut out[at..at + WINDOW]).try_into().expect("a window");
        pos += put_units(window, e.value, e.fraction_digits);
        out[pos & MASK] = b'\t';
        pos += 1;
        pos = open(&l.sources, 3, e.source, out, pos);
        if let Some(t) = e.corrects {
            out[pos..pos + t.len()].copy_from_slice(t);
            pos += t.len();
        }
        let at = pos & MASK;
        out[at] = b'\t';
        pos += 1;
        if let Some(r) = e.recorded {
            out[at + 1..at + 11].copy_from_slice(&self.dates.get(r, date_text));
            pos += 10;
        }
        assert!(pos < LINE, "a line of {pos} bytes");
        out[pos] = b'\n';
        &out[..=pos]
    }
}

/// Writes the text given apart for open code `k` (of the positions of
/// area, school, pairing and source: see [`GIVEN`]), a span of `news` in
/// `base`, and its tab; the position after them.
#[cold]
#[inline(never)]
fn put_given(
    (base, news): (&[u8], &[Span]),
    open: [usize; 4],
    k: usize,
    out: &mut Buf,
    pos: usize,
) -> usize {
    assert_eq!(open[k], GIVEN, "a code past its table is given");
    let j = open[..k].iter().filter(|&&p| p == GIVEN).count();
    let t = news[j].bytes(base);
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
            let mut v = [0u8; WINDOW];
            let end = put_units(&mut v, x, f);
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
        // Every number of up to four digits, and each side of every power
        // of ten, against the standard library.
        for x in -10_000..10_000 {
            assert_eq!(show(x, 0), x.to_string());
        }
        for p in (0..19).map(|k| 10i64.pow(k)) {
            for x in [p - 1, p, p + 1, -p] {
                assert_eq!(show(x, 0), x.to_string());
            }
        }
        for x in [0, 9, 10, u64::MAX, 10u64.pow(19) - 1, 10u64.pow(19)] {
            assert_eq!(digit_count(x), x.to_string().len(), "{x}");
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
