//! Splitting CSV text (RFC 4180) into records, fast.
//!
//! Most ledger lines hold no quote: they are split on commas in place, with
//! no copy, from bit masks of each 64 bytes' commas and line feeds (SIMD
//! compares on x86-64, through `safe_arch`). A line with a quote goes
//! through a small state machine that unescapes `""` and lets a quoted field
//! run over line ends, into a scratch buffer. Memory is bounded: a record longer than
//! [`MAX_RECORD`] bytes is reported and skipped, not buffered.

use std::io::{self, Read};
use std::ops::Range;

/// The longest record accepted, in bytes.
pub(crate) const MAX_RECORD: usize = 1 << 16;

const BLOCK: usize = 1 << 20;
const FIRST_BLOCK: usize = 1 << 14;

/// The high bit of each byte of `w` that is a comma, a line feed or a quote.
fn special_bytes(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // Exact per byte (no borrow runs into the next byte): a byte is zero
    // exactly when neither its low seven bits plus 0x7f nor it has bit 7 set.
    let zero = |x: u64| !(((x & LOW7) + LOW7) | x) & !LOW7;
    zero(w ^ (ONES * u64::from(b',')))
        | zero(w ^ (ONES * u64::from(b'\n')))
        | zero(w ^ (ONES * u64::from(b'"')))
}

/// Reads records from a byte stream.
pub(crate) struct Records<R> {
    input: R,
    buf: Vec<u8>,
    /// Unconsumed data is `buf[start..end]`.
    start: usize,
    end: usize,
    eof: bool,
    /// Whether the last read filled the buffer (the next refill grows it).
    filled: bool,
    /// The physical line the next record starts on.
    line: u64,
    /// Unescaped fields of a quoted record.
    scratch: Vec<u8>,
    /// The current record's fields, in `buf` or (when `quoted`) in `scratch`.
    fields: Vec<Range<usize>>,
    quoted: bool,
    /// Whether the end of input ended something other than a line: a
    /// record with no line end, a quoted field, a skipped line. Text
    /// that continues past that end would read otherwise.
    cut_by_end: bool,
}

/// One record, or why the text at `line` is not one.
pub(crate) enum Next {
    /// A record starting on this line; its fields are read with [`Records::field`].
    Record(u64),
    /// Text that is not a record; reading goes on after it.
    Bad(u64, String),
}

impl<R: Read> Records<R> {
    pub(crate) fn new(input: R) -> Records<R> {
        Records {
            input,
            // Small first, so that reading a short text costs little; a
            // busy stream grows it to a block.
            buf: vec![0; FIRST_BLOCK],
            start: 0,
            end: 0,
            eof: false,
            filled: false,
            line: 1,
            scratch: Vec::new(),
            fields: Vec::with_capacity(16),
            quoted: false,
            cut_by_end: false,
        }
    }

    /// Records of `input`, whose first line is line `line` of the file.
    pub(crate) fn resume(input: R, line: u64) -> Records<R> {
        let mut r = Records::new(input);
        r.line = line;
        r
    }

    /// How many fields the current record has.
    pub(crate) fn len(&self) -> usize {
        self.fields.len()
    }

    /// Lines passed so far, for records read from line 1.
    pub(crate) fn lines(&self) -> u64 {
        self.line - 1
    }

    /// Whether the end of input cut a record or a line (see `cut_by_end`):
    /// false when every record read ended with its line end.
    pub(crate) fn cut_by_end(&self) -> bool {
        self.cut_by_end
    }

    /// The current record's bytes from its first field's start to its last
    /// field's end, and the fields' ranges relative to that.
    pub(crate) fn text(&self) -> (&[u8], impl Iterator<Item = Range<usize>> + '_) {
        let (lo, hi) = (self.fields[0].start, self.fields[self.fields.len() - 1].end);
        let store = if self.quoted {
            &self.scratch
        } else {
            &self.buf
        };
        (
            &store[lo..hi],
            self.fields.iter().map(move |r| r.start - lo..r.end - lo),
        )
    }

    /// Field `i` of the current record.
    pub(crate) fn field(&self, i: usize) -> &[u8] {
        let r = self.fields[i].clone();
        if self.quoted {
            &self.scratch[r]
        } else {
            &self.buf[r]
        }
    }

    /// Moves the unconsumed data to the front (always: callers shift their
    /// positions by the old `start`) and reads more; false at end of input.
    fn refill(&mut self) -> io::Result<bool> {
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        if self.eof {
            return Ok(false);
        }
        if self.end == self.buf.len() {
            self.buf.resize(self.buf.len() + BLOCK, 0);
        } else if self.buf.len() < BLOCK && self.filled {
            // The last read filled the buffer, so the input is long: read in
            // whole blocks from now on.
            self.buf.resize(BLOCK, 0);
        }
        loop {
            match self.input.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    self.filled = self.end == self.buf.len();
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The next record; `None` at the end of input. Blank lines are skipped.
    pub(crate) fn next(&mut self) -> io::Result<Option<Next>> {
        loop {
            // One plain pass over the line (lines are short: a SIMD search
            // would pay a call per comma): commas end fields, `\n` ends the
            // record, and a quote sends it to the quoted path.
            self.quoted = false;
            self.fields.clear();
            let mut f = self.start;
            let mut i = self.start;
            let line_end = loop {
                if i == self.end {
                    if self.end - self.start > MAX_RECORD {
                        let line = self.line;
                        self.skip_line()?;
                        let msg = format!("the line is longer than {MAX_RECORD} bytes");
                        return Ok(Some(Next::Bad(line, msg)));
                    }
                    let more = self.refill()?;
                    // The line moved to the front: scan it again (this happens
                    // once a block).
                    self.fields.clear();
                    (f, i) = (self.start, self.start);
                    if more {
                        continue;
                    }
                    if self.start == self.end {
                        return Ok(None);
                    }
                    // A last line without a line end.
                    self.cut_by_end = true;
                    while i < self.end {
                        match self.buf[i] {
                            b',' => {
                                self.fields.push(f..i);
                                f = i + 1;
                            }
                            b'"' => return self.take_quoted().map(Some),
                            _ => {}
                        }
                        i += 1;
                    }
                    break self.end;
                }
                if i + 8 <= self.end {
                    // Eight bytes at a time: only commas, line ends and
                    // quotes stop the scan.
                    let w = u64::from_le_bytes(self.buf[i..i + 8].try_into().expect("8 bytes"));
                    let mut m = special_bytes(w);
                    let mut nl = None;
                    while m != 0 {
                        let j = i + (m.trailing_zeros() / 8) as usize;
                        match self.buf[j] {
                            b',' => {
                                self.fields.push(f..j);
                                f = j + 1;
                            }
                            b'\n' => {
                                nl = Some(j);
                                break;
                            }
                            _ => return self.take_quoted().map(Some),
                        }
                        m &= m - 1;
                    }
                    if let Some(j) = nl {
                        break j;
                    }
                    i += 8;
                    continue;
                }
                match self.buf[i] {
                    b',' => {
                        self.fields.push(f..i);
                        f = i + 1;
                    }
                    b'\n' => break i,
                    b'"' => return self.take_quoted().map(Some),
                    _ => {}
                }
                i += 1;
            };
            if line_end - self.start > MAX_RECORD {
                let line = self.line;
                self.skip_line()?;
                let msg = format!("the line is longer than {MAX_RECORD} bytes");
                return Ok(Some(Next::Bad(line, msg)));
            }
            let mut text_end = line_end;
            if text_end > f && self.buf[text_end - 1] == b'\r' {
                text_end -= 1;
            }
            if self.fields.is_empty() && text_end == self.start {
                // A blank line.
                self.start = (line_end + 1).min(self.end);
                self.line += 1;
                continue;
            }
            self.fields.push(f..text_end);
            self.start = (line_end + 1).min(self.end);
            let line = self.line;
            self.line += 1;
            return Ok(Some(Next::Record(line)));
        }
    }

    /// Discards input through the next line end.
    fn skip_line(&mut self) -> io::Result<()> {
        loop {
            if let Some(i) = memchr::memchr(b'\n', &self.buf[self.start..self.end]) {
                self.start += i + 1;
                self.line += 1;
                return Ok(());
            }
            self.start = self.end;
            if !self.refill()? {
                self.cut_by_end = true;
                return Ok(());
            }
        }
    }

    /// Parses a record with quotes from `start`, reading more input while a
    /// quoted field runs over line ends.
    fn take_quoted(&mut self) -> io::Result<Next> {
        let first_line = self.line;
        self.quoted = true;
        self.scratch.clear();
        self.fields.clear();
        let mut field_start = 0;
        let mut in_quotes = false;
        let mut after_quote = false; // just closed a quoted field
        let mut field_was_quoted = false;
        let mut i = self.start;
        let mut lines = 0u64;
        let bad = |this: &mut Self, i: usize, lines: u64, msg: String| {
            this.start = i;
            this.line += lines;
            this.skip_line()?;
            Ok(Next::Bad(first_line, msg))
        };
        loop {
            if i - self.start > MAX_RECORD {
                // Resynchronise at the next line end after the cut.
                let msg = format!(
                    "the record runs on for more than {MAX_RECORD} bytes (an unbalanced quote?)"
                );
                return bad(self, i, lines, msg);
            }
            if i == self.end {
                let offset = self.start;
                let more = self.refill()?;
                i -= offset;
                if more {
                    continue;
                }
                self.cut_by_end = true;
                if in_quotes {
                    self.start = self.end;
                    return Ok(Next::Bad(
                        first_line,
                        "a quote opened on this line is never closed".into(),
                    ));
                }
                // End of input ends the record.
                self.fields.push(field_start..self.scratch.len());
                self.start = self.end;
                self.line += lines + 1;
                return Ok(Next::Record(first_line));
            }
            let b = self.buf[i];
            if in_quotes {
                match b {
                    b'"' if i + 1 < self.end && self.buf[i + 1] == b'"' => {
                        self.scratch.push(b'"');
                        i += 2;
                    }
                    b'"' if i + 1 == self.end && !self.eof => {
                        // Cannot tell `""` from `"` yet: read more first.
                        let offset = self.start;
                        if self.refill()? {
                            i -= offset;
                        } else {
                            i -= offset;
                            self.cut_by_end = true;
                            in_quotes = false;
                            after_quote = true;
                            i += 1;
                        }
                    }
                    b'"' => {
                        in_quotes = false;
                        after_quote = true;
                        i += 1;
                    }
                    _ => {
                        // The text up to the next quote, at once.
                        let run = self.run(i, memchr::memchr(b'"', &self.buf[i..self.end]));
                        let text = &self.buf[i..i + run];
                        lines += memchr::memchr_iter(b'\n', text).count() as u64;
                        self.scratch.extend_from_slice(text);
                        i += run;
                    }
                }
                continue;
            }
            match b {
                b',' => {
                    self.fields.push(field_start..self.scratch.len());
                    field_start = self.scratch.len();
                    after_quote = false;
                    field_was_quoted = false;
                    i += 1;
                }
                b'\n' => {
                    let mut end = self.scratch.len();
                    if !after_quote && end > field_start && self.scratch[end - 1] == b'\r' {
                        end -= 1;
                    }
                    self.fields.push(field_start..end);
                    self.start = i + 1;
                    self.line += lines + 1;
                    return Ok(Next::Record(first_line));
                }
                b'\r' if after_quote => i += 1,
                b'"' if self.scratch.len() == field_start && !field_was_quoted => {
                    in_quotes = true;
                    field_was_quoted = true;
                    i += 1;
                }
                b'"' => {
                    return bad(
                        self,
                        i,
                        lines,
                        format!(
                            "a quote in the middle of field {} (quote the whole field and double inner quotes)",
                            self.fields.len() + 1
                        ),
                    );
                }
                _ if after_quote => {
                    return bad(
                        self,
                        i,
                        lines,
                        format!(
                            "text after the closing quote of field {}",
                            self.fields.len() + 1
                        ),
                    );
                }
                _ => {
                    // The text up to the next comma, line end or quote.
                    let next = memchr::memchr3(b',', b'\n', b'"', &self.buf[i..self.end]);
                    let run = self.run(i, next);
                    self.scratch.extend_from_slice(&self.buf[i..i + run]);
                    i += run;
                }
            }
        }
    }

    /// How many bytes from `i` to take at once, with `next` where the
    /// next byte to stop at is (from `i`): up to it, or to the end of what
    /// is read, but never past where the record grows too long (so that a
    /// record too long is cut where a byte at a time would cut it).
    fn run(&self, i: usize, next: Option<usize>) -> usize {
        let limit = (self.start + MAX_RECORD + 1).saturating_sub(i).max(1);
        next.unwrap_or(self.end - i).min(limit)
    }
}

impl<'a> Records<&'a [u8]> {
    /// The records of a text in memory, read from line 1; the text is
    /// copied once.
    pub(crate) fn over(text: &'a [u8]) -> Records<&'a [u8]> {
        let mut r = Records::new(&[][..]);
        r.buf = text.to_vec();
        r.end = text.len();
        r
    }
}

impl<R> Records<R> {
    /// The unread input: the buffered bytes not yet split, the reader, and
    /// the line the next record starts on.
    pub(crate) fn into_rest(self) -> (Vec<u8>, R, u64) {
        (
            self.buf[self.start..self.end].to_vec(),
            self.input,
            self.line,
        )
    }
}

/// Finds the commas and line ends of a text, line by line, 64 bytes at a
/// time: each 64-byte chunk becomes bit masks (commas, line feeds, quotes)
/// once, with SIMD compares on x86-64, and a line's fields are read off the
/// masks' set bits. Lines are scanned in order, so a chunk shared by two
/// lines is classified once.
///
/// Made [`Lines::quoted`], commas and line feeds between an opening and a
/// closing quote are not separators (which bytes are inside quotes is the
/// running parity of the quotes before them, a prefix exclusive or of the
/// quote mask); [`Lines::line_quotes`], [`Lines::line_feeds`] and
/// [`Lines::ends_inside`] tell the caller what it must then check.
pub(crate) struct Lines<'a> {
    b: &'a [u8],
    /// The chunk whose masks are held (`usize::MAX`: none).
    at: usize,
    commas: u64,
    ends: u64,
    quotes: u64,
    /// Whether quotes are looked at.
    quoted: bool,
    /// Whether the end of chunk `at` is inside quotes.
    inside_after: bool,
    /// The line feeds inside quotes of chunk `at`.
    feeds: u64,
    /// Quotes in the line scanned last.
    line_quotes: u32,
    /// Line feeds inside quotes in the line scanned last.
    line_feeds: u32,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(b: &'a [u8]) -> Lines<'a> {
        Lines {
            b,
            at: usize::MAX,
            commas: 0,
            ends: 0,
            quotes: 0,
            quoted: false,
            inside_after: false,
            feeds: 0,
            line_quotes: 0,
            line_feeds: 0,
        }
    }

    /// Lines of a text with quotes, scanned from its start.
    pub(crate) fn quoted(b: &'a [u8]) -> Lines<'a> {
        Lines {
            quoted: true,
            ..Lines::new(b)
        }
    }

    /// The quotes in the line [`Lines::scan`] scanned last (0 unless
    /// [`Lines::quoted`]).
    pub(crate) fn line_quotes(&self) -> u32 {
        self.line_quotes
    }

    /// The line feeds inside quotes in the line [`Lines::scan`] scanned
    /// last: a quoted field running over line ends makes it that many
    /// lines longer.
    pub(crate) fn line_feeds(&self) -> u32 {
        self.line_feeds
    }

    /// Whether the text ends inside quotes (as far as it was scanned).
    pub(crate) fn ends_inside(&self) -> bool {
        self.inside_after
    }

    /// The masks of chunk `w` (bytes `64 w ..`): commas, line feeds and
    /// quotes, separators inside quotes left out. Chunks are taken in
    /// order (each line's after the last's), which the quote parity needs.
    #[inline]
    fn chunk(&mut self, w: usize) -> (u64, u64, u64) {
        if w != self.at {
            debug_assert!(
                !self.quoted || w == self.at.wrapping_add(1),
                "chunks in order"
            );
            let from = w * 64;
            let (commas, ends, quotes) = if let Some(c) = self.b.get(from..from + 64) {
                masks(c.try_into().expect("64 bytes"))
            } else {
                // The last, short chunk: padded with bytes that are neither
                // commas, line feeds nor quotes.
                let mut c = [0u8; 64];
                let rest = &self.b[from.min(self.b.len())..];
                c[..rest.len()].copy_from_slice(rest);
                masks(&c)
            };
            (self.commas, self.ends, self.quotes) = (commas, ends, 0);
            if self.quoted {
                let inside = prefix_xor(quotes) ^ if self.inside_after { !0 } else { 0 };
                self.feeds = ends & inside;
                (self.commas, self.ends, self.quotes) = (commas & !inside, ends & !inside, quotes);
                self.inside_after = inside >> 63 == 1;
            }
            self.at = w;
        }
        (self.commas, self.ends, self.quotes)
    }

    /// Scans the line that starts at byte `start`: calls `comma` with the
    /// position of each comma, and returns where the line ends (its line
    /// feed, or the end of the text).
    #[inline]
    pub(crate) fn scan(&mut self, start: usize, mut comma: impl FnMut(usize)) -> usize {
        let len = self.b.len();
        (self.line_quotes, self.line_feeds) = (0, 0);
        if start >= len {
            return len;
        }
        let mut w = start / 64;
        let (c, e, q) = self.chunk(w);
        let from = !0u64 << (start % 64);
        let (mut c, mut e, mut q) = (c & from, e & from, q & from);
        let mut feeds = self.feeds & from;
        loop {
            let base = w * 64;
            if e != 0 {
                let t = e.trailing_zeros();
                let before = (1u64 << t) - 1;
                c &= before;
                self.line_quotes += (q & before).count_ones();
                self.line_feeds += (feeds & before).count_ones();
                while c != 0 {
                    comma(base + c.trailing_zeros() as usize);
                    c &= c - 1;
                }
                return base + t as usize;
            }
            self.line_quotes += q.count_ones();
            self.line_feeds += feeds.count_ones();
            while c != 0 {
                comma(base + c.trailing_zeros() as usize);
                c &= c - 1;
            }
            w += 1;
            if w * 64 >= len {
                return len;
            }
            (c, e, q) = self.chunk(w);
            feeds = self.feeds;
        }
    }
}

/// Bit `i` set where an odd number of the bits `0..=i` of `x` are set.
#[inline]
fn prefix_xor(mut x: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        x ^= x << shift;
    }
    x
}

/// Bit `i` set where byte `i` of `c` is a comma, a line feed, a quote.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn masks(c: &[u8; 64]) -> (u64, u64, u64) {
    use safe_arch::{
        cmp_eq_mask_i8_m128i, load_unaligned_m128i, move_mask_i8_m128i, set_splat_i8_m128i,
    };
    #[allow(clippy::cast_possible_wrap)] // ASCII
    let (comma, line, quote) = (
        set_splat_i8_m128i(b',' as i8),
        set_splat_i8_m128i(b'\n' as i8),
        set_splat_i8_m128i(b'"' as i8),
    );
    let (mut commas, mut ends, mut quotes) = (0u64, 0u64, 0u64);
    for (k, part) in c.chunks_exact(16).enumerate() {
        let v = load_unaligned_m128i(part.try_into().expect("16 bytes"));
        #[allow(clippy::cast_sign_loss)] // 16 mask bits
        let bits = |m| u64::from(move_mask_i8_m128i(m) as u16);
        commas |= bits(cmp_eq_mask_i8_m128i(v, comma)) << (16 * k);
        ends |= bits(cmp_eq_mask_i8_m128i(v, line)) << (16 * k);
        quotes |= bits(cmp_eq_mask_i8_m128i(v, quote)) << (16 * k);
    }
    (commas, ends, quotes)
}

/// Bit `i` set where byte `i` of `c` is a comma, a line feed, a quote.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline]
fn masks(c: &[u8; 64]) -> (u64, u64, u64) {
    naive_masks(c)
}

/// [`masks`], a byte at a time.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
fn naive_masks(c: &[u8; 64]) -> (u64, u64, u64) {
    c.iter()
        .enumerate()
        .fold((0, 0, 0), |(commas, ends, quotes), (i, &b)| {
            (
                commas | u64::from(b == b',') << i,
                ends | u64::from(b == b'\n') << i,
                quotes | u64::from(b == b'"') << i,
            )
        })
}

/// The records of an in-memory block that holds no quote, split in place:
/// the same records, lines and messages as [`Records`] gives for that text.
pub(crate) struct PlainRecords<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// The line (counted from 1 at the block's start) of the next record.
    line: u64,
    fields: Vec<Range<usize>>,
    lines: Lines<'a>,
}

impl<'a> PlainRecords<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> PlainRecords<'a> {
        debug_assert!(memchr::memchr(b'"', bytes).is_none());
        PlainRecords {
            bytes,
            pos: 0,
            line: 1,
            fields: Vec::with_capacity(16),
            lines: Lines::new(bytes),
        }
    }

    /// Lines passed so far (the block's line count once it is all read).
    pub(crate) fn lines(&self) -> u64 {
        self.line - 1
    }

    pub(crate) fn len(&self) -> usize {
        self.fields.len()
    }

    /// As [`Records::text`]; also the offset of the record in the block.
    pub(crate) fn text(&self) -> (usize, &'a [u8], impl Iterator<Item = Range<usize>> + '_) {
        let (lo, hi) = (self.fields[0].start, self.fields[self.fields.len() - 1].end);
        (
            lo,
            &self.bytes[lo..hi],
            self.fields.iter().map(move |r| r.start - lo..r.end - lo),
        )
    }

    /// The next record; `None` at the end of the block.
    pub(crate) fn next(&mut self) -> Option<Next> {
        let b = self.bytes;
        loop {
            if self.pos >= b.len() {
                return None;
            }
            let start = self.pos;
            self.fields.clear();
            let mut f = start;
            let fields = &mut self.fields;
            let line_end = self.lines.scan(start, |j| {
                fields.push(f..j);
                f = j + 1;
            });
            self.pos = line_end + 1;
            let line = self.line;
            self.line += 1;
            if line_end - start > MAX_RECORD {
                let msg = format!("the line is longer than {MAX_RECORD} bytes");
                return Some(Next::Bad(line, msg));
            }
            let mut text_end = line_end;
            if text_end > f && b[text_end - 1] == b'\r' {
                text_end -= 1;
            }
            if self.fields.is_empty() && text_end == start {
                continue; // a blank line
            }
            self.fields.push(f..text_end);
            return Some(Next::Record(line));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record's line and fields, or a bad record's line and message.
    type Got = Result<(u64, Vec<String>), (u64, String)>;

    fn all(text: &[u8]) -> Vec<Got> {
        let mut r = Records::new(text);
        let mut out = Vec::new();
        while let Some(n) = r.next().unwrap() {
            out.push(match n {
                Next::Record(line) => Ok((
                    line,
                    (0..r.len())
                        .map(|i| String::from_utf8_lossy(r.field(i)).into_owned())
                        .collect(),
                )),
                Next::Bad(line, m) => Err((line, m)),
            });
        }
        out
    }

    #[allow(clippy::unnecessary_wraps)] // compared with `all`'s results
    fn rec(line: u64, f: &[&str]) -> Got {
        Ok((line, f.iter().map(|s| (*s).to_owned()).collect()))
    }

    #[test]
    fn special_bytes_are_found_exactly() {
        for i in 0..8 {
            for b in 0..=255u8 {
                let mut w = [b'a'; 8];
                w[i] = b;
                let m = special_bytes(u64::from_le_bytes(w));
                let want = if matches!(b, b',' | b'\n' | b'"') {
                    0x80u64 << (8 * i)
                } else {
                    0
                };
                assert_eq!(m, want, "byte {b} at {i}");
            }
        }
        assert_eq!(
            special_bytes(u64::from_le_bytes(*b",\n\",\",\n\"")).count_ones(),
            8
        );
    }

    #[test]
    fn plain_lines_split_on_commas() {
        assert_eq!(
            all(b"a,b,c\n1,,3\r\n\n\nx"),
            [
                rec(1, &["a", "b", "c"]),
                rec(2, &["1", "", "3"]),
                rec(5, &["x"])
            ]
        );
        assert!(all(b"").is_empty());
        assert!(all(b"\n\r\n").is_empty());
    }

    #[test]
    fn quoted_fields_unescape_and_span_lines() {
        assert_eq!(
            all(b"\"a\",\"b,c\",\"say \"\"hi\"\"\"\r\nnext,\"two\nlines\"\nlast,\"\"\n"),
            [
                rec(1, &["a", "b,c", "say \"hi\""]),
                rec(2, &["next", "two\nlines"]),
                rec(4, &["last", ""]),
            ]
        );
    }

    #[test]
    fn bad_quoting_is_reported_and_reading_goes_on() {
        let got = all(b"a,b\"c\nok,1\n\"x\"y,2\nfine\n\"open,3\n");
        assert_eq!(got[0].as_ref().unwrap_err().0, 1);
        assert_eq!(got[1], rec(2, &["ok", "1"]));
        assert_eq!(got[2].as_ref().unwrap_err().0, 3);
        assert_eq!(got[3], rec(4, &["fine"]));
        assert_eq!(
            got[4],
            Err((5, "a quote opened on this line is never closed".into()))
        );
    }

    #[test]
    fn records_across_block_boundaries() {
        let mut text = Vec::new();
        for i in 0..200_000 {
            text.extend_from_slice(format!("e{i},\"q{i}\",v\n").as_bytes());
        }
        let got = all(&text);
        assert_eq!(got.len(), 200_000);
        assert_eq!(got[199_999], rec(200_000, &["e199999", "q199999", "v"]));
    }

    #[test]
    fn over_long_lines_are_cut_not_buffered() {
        let mut text = b"a,b\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', MAX_RECORD * 3));
        text.extend_from_slice(b"\nc,d\n\"");
        text.extend(std::iter::repeat_n(b'y', MAX_RECORD * 2));
        text.extend_from_slice(b"\ne,f\n");
        let got = all(&text);
        assert_eq!(got[0], rec(1, &["a", "b"]));
        assert_eq!(got[1].as_ref().unwrap_err().0, 2);
        assert_eq!(got[2], rec(3, &["c", "d"]));
        assert_eq!(got[3].as_ref().unwrap_err().0, 4);
        assert_eq!(got.last().unwrap(), &rec(5, &["e", "f"]));
    }

    #[test]
    fn plain_records_agree_with_records() {
        let long = format!("x,{}\n", "y".repeat(MAX_RECORD + 5));
        let texts = [
            "a,b,c\n\nd,,e\r\n,\n\r\nlast,line".to_owned(),
            "one\ntwo\n".to_owned(),
            "\n\n".to_owned(),
            format!("a,b\n{long}c,d,e,f,g,h,i,j,k,l,m\nz"),
            "12345678,12345678,1234567\n1234567,\n".to_owned(),
        ];
        for t in &texts {
            let want = all(t.as_bytes());
            let mut p = PlainRecords::new(t.as_bytes());
            let mut got = Vec::new();
            while let Some(n) = p.next() {
                got.push(match n {
                    Next::Record(line) => {
                        let (at, bytes, ranges) = p.text();
                        assert!(at <= t.len());
                        Ok((
                            line,
                            ranges
                                .map(|r| String::from_utf8(bytes[r].to_vec()).unwrap())
                                .collect(),
                        ))
                    }
                    Next::Bad(line, m) => Err((line, m)),
                });
            }
            assert_eq!(got, want, "{t:?}");
            assert_eq!(
                p.lines(),
                t.matches('\n').count() as u64 + u64::from(!t.ends_with('\n') && !t.is_empty())
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn masks_match_a_byte_at_a_time(
            c in proptest::collection::vec(
                proptest::sample::select(vec![b',', b'\n', b'a', b'\r', 0, 0x2c | 0x80, 0x8a, 0xff]),
                64,
            ),
        ) {
            let c: [u8; 64] = c.try_into().unwrap();
            proptest::prop_assert_eq!(masks(&c), naive_masks(&c));
        }

        #[test]
        fn lines_find_every_comma_and_line_end(
            t in proptest::collection::vec(
                proptest::sample::select(vec![b',', b'\n', b'a', b'b', 0xc3, 0xa9]),
                0..400,
            ),
        ) {
            let mut lines = Lines::new(&t);
            let mut pos = 0;
            let (mut commas, mut ends) = (Vec::new(), Vec::new());
            while pos < t.len() {
                let end = lines.scan(pos, |j| commas.push(j));
                ends.push(end);
                pos = end + 1;
            }
            let want = |b: u8| t.iter().enumerate().filter(|x| *x.1 == b).map(|x| x.0).collect::<Vec<_>>();
            proptest::prop_assert_eq!(commas, want(b','));
            let mut want_ends = want(b'\n');
            if !t.is_empty() && t[t.len() - 1] != b'\n' {
                want_ends.push(t.len());
            }
            proptest::prop_assert_eq!(ends, want_ends);
        }
    }
}
