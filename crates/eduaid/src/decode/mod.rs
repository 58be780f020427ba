//! The decoding layer of the readers: the bytes of a ledger file turned into
//! UTF-8 before the CSV reader sees them.
//!
//! Offices save ledgers from Chinese Excel, which writes plain "CSV" in
//! GB18030 (GBK) and "Unicode text" as tab-separated UTF-16. [`Decoded`]
//! wraps the input and, with [`Encoding::Auto`], decides from the bytes:
//!
//! - while the bytes are ASCII (the same in every encoding here) they pass
//!   through untouched, into the reader's own buffer;
//! - at the first byte that is not, up to 64 KiB from there are looked at
//!   once: valid UTF-8 (a BOM included) and the rest of the file passes
//!   through as it comes, with no further check or copy (the CSV reader
//!   validates UTF-8 itself), unless it is valid GB18030 too and as UTF-8
//!   would be only Greek, Cyrillic, Armenian, Hebrew or Arabic letters, as
//!   a few Chinese characters in GB18030 can be; valid GB18030 and the rest is transcoded as
//!   it is read, through a 64 KiB buffer, to the last line feed in it
//!   (the two-byte characters through a table, `gb18030`); neither,
//!   and the bytes pass through for the row checks to refuse row by row;
//! - a UTF-16 byte order mark at the start: the text is transcoded, and when
//!   its first line holds a tab it is read as Excel's tab-separated text and
//!   rewritten as CSV as it streams (fields holding a comma or a quote are
//!   quoted), line for line, so line numbers stay those of the file.
//!
//! Memory stays bounded whatever the file's size: 64 KiB of look-ahead, one
//! transcoding buffer and, for tab-separated text, one field.
//!
//! A byte sequence that the chosen encoding cannot decode becomes the byte
//! `0xFF`, which is neither UTF-8 nor GB18030: the row holding it is refused
//! by the row checks (`L001`).
//!
//! Every CSV entry point reads through this layer (`Ledger::append_csv_in`
//! below is the readers' one door), with the encoding of the caller's
//! [`ReadOptions`]: a forced one is never second-guessed.

mod gb18030;

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

use encoding_rs::{Decoder, GB18030, UTF_8, UTF_16BE, UTF_16LE};

use crate::violation::{Location, Rule, Violation, Violations};
use crate::{Encoding, Error, Ledger, ReadOptions};

/// Bytes looked at, from the first that is not ASCII, to decide.
const SNIFF: usize = 64 << 10;
/// Bytes transcoded at a time.
const CHUNK: usize = 64 << 10;
/// What a byte sequence the encoding cannot decode becomes.
const MARK: u8 = 0xFF;

/// An input read as UTF-8 (see the [module documentation](self)).
pub(crate) struct Decoded<R> {
    inner: R,
    mode: Mode,
    /// Set while every byte read out is UTF-8 by construction: text a
    /// decoder produced (with ASCII passed through before it), no byte
    /// marked. Shared with the reader, which then does not check it again.
    utf8: Rc<Cell<bool>>,
    /// Decoded bytes waiting to be read, from `at` to `end` (bytes past
    /// `end` are left from before: the buffer is reused as it is, not
    /// cleared and zeroed again for each chunk).
    pending: Vec<u8>,
    at: usize,
    end: usize,
    /// Bytes of the input passed through so far (to know the start).
    seen: u64,
    /// What was found, when it was not UTF-8 and not asked for.
    found: Option<Found>,
}

enum Mode {
    /// Undecided: ASCII so far, passed through.
    Sniff,
    /// UTF-8 (or undecodable either way): passed through.
    Pass,
    /// Transcoded as read.
    Transcode(Box<Transcoder>),
}

/// An encoding found by looking.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Found {
    Gb18030,
    Utf16 { tabs: bool },
}

impl<R: Read> Decoded<R> {
    /// Reads `inner` as `encoding` says.
    pub(crate) fn new(inner: R, encoding: Encoding) -> Decoded<R> {
        let utf8 = Rc::default();
        let transcode =
            |decoder| Mode::Transcode(Box::new(Transcoder::new(decoder, Vec::new(), false, &utf8)));
        let mode = match encoding {
            Encoding::Auto => Mode::Sniff,
            Encoding::Utf8 => transcode(UTF_8.new_decoder_without_bom_handling()),
            Encoding::Gb18030 => transcode(GB18030.new_decoder_without_bom_handling()),
        };
        Decoded {
            inner,
            mode,
            utf8,
            pending: Vec::new(),
            at: 0,
            end: 0,
            seen: 0,
            found: None,
        }
    }

    /// The one warning for an encoding found by looking, if one was.
    pub(crate) fn warning(&self, file: &str) -> Option<Violation> {
        let message = match self.found? {
            Found::Gb18030 => {
                "the file is not UTF-8: read as GB18030, which Chinese Excel writes for \
                 plain \"CSV\"; save it as \"CSV UTF-8\" to avoid this warning"
            }
            Found::Utf16 { tabs: true } => {
                "the file is UTF-16 tab-separated text (Excel's \"Unicode Text\"): read as \
                 such; save it as \"CSV UTF-8\" to avoid this warning"
            }
            Found::Utf16 { tabs: false } => {
                "the file is UTF-16: read as such; save it as \"CSV UTF-8\" to avoid this \
                 warning"
            }
        };
        Some(Violation::new(
            Rule::ReadAsEncoding,
            Location {
                file: Some(file.to_owned()),
                ..Location::default()
            },
            message,
        ))
    }

    /// `v` with the encoding warning, if any, first.
    pub(crate) fn warn(&self, file: &str, v: Violations) -> Violations {
        match self.warning(file) {
            None => v,
            Some(w) => {
                let mut all = v.emptied();
                all.push(w);
                all.extend(v);
                all
            }
        }
    }

    /// Looks at up to [`SNIFF`] bytes from `held` (the first byte that is
    /// not ASCII on) and chooses the mode.
    fn decide(&mut self, mut held: Vec<u8>, at_start: bool) -> io::Result<()> {
        let mut filled = held.len();
        let eof = fill(&mut self.inner, &mut held, &mut filled, SNIFF)?;
        held.truncate(filled);
        let bom16 = match held.get(..2) {
            Some([0xFF, 0xFE]) => Some(UTF_16LE),
            Some([0xFE, 0xFF]) => Some(UTF_16BE),
            _ => None,
        };
        if let Some(enc) = bom16.filter(|_| at_start) {
            held.drain(..2);
            let mut t = Transcoder::new(
                enc.new_decoder_without_bom_handling(),
                held,
                eof,
                &self.utf8,
            );
            // Decode the first line to see whether it is tab-separated.
            let (mut text, mut end) = (Vec::new(), 0);
            while !text[..end].contains(&b'\n') {
                let (more, to) = t.next(&mut self.inner, &mut text, end)?;
                end = to;
                if !more {
                    break;
                }
            }
            text.truncate(end);
            let line = text.split(|b| *b == b'\n').next().unwrap_or_default();
            let tabs = line.contains(&b'\t');
            self.found = Some(Found::Utf16 { tabs });
            if tabs {
                t.tsv = Some(Tsv::default());
                t.convert(&text, &mut self.pending);
            } else {
                self.pending = text;
            }
            (self.at, self.end) = (0, self.pending.len());
            self.mode = Mode::Transcode(Box::new(t));
            return Ok(());
        }
        let utf8 = std::str::from_utf8(&held);
        let gb = decodes(&held, eof);
        if complete(utf8, eof) && !(gb && looks_misread(&held)) {
            self.mode = Mode::Pass;
        } else if gb {
            self.found = Some(Found::Gb18030);
            let decoder = GB18030.new_decoder_without_bom_handling();
            let t = Transcoder::new(decoder, held, eof, &self.utf8);
            self.mode = Mode::Transcode(Box::new(t));
            return Ok(());
        } else {
            self.mode = Mode::Pass;
        }
        self.pending = held;
        (self.at, self.end) = (0, self.pending.len());
        Ok(())
    }
}

/// Whether a UTF-8 check passed, or failed only on a sequence cut by the
/// end of what was read (when more is to come).
fn complete(r: Result<&str, std::str::Utf8Error>, eof: bool) -> bool {
    match r {
        Ok(_) => true,
        Err(e) => !eof && e.error_len().is_none(),
    }
}

/// Whether text that is valid UTF-8 and valid GB18030 looks like GB18030
/// misread: as UTF-8 it has letters of Greek, Cyrillic, Armenian, Hebrew or
/// Arabic (two-byte sequences, U+0250 to U+07FF, which Chinese characters in
/// GB18030 often form) and nothing from U+0800 on (where Chinese characters
/// in UTF-8 lie). `约` in GB18030 (D4 BC) is `Լ` in UTF-8; `é` and `阜平`
/// stay UTF-8.
fn looks_misread(bytes: &[u8]) -> bool {
    let valid = match std::str::from_utf8(bytes) {
        Ok(_) => bytes,
        // Cut at the end: the part before the cut.
        Err(e) => &bytes[..e.valid_up_to()],
    };
    let text = std::str::from_utf8(valid).unwrap_or_default();
    let odd = text.chars().any(|c| ('\u{250}'..='\u{7FF}').contains(&c));
    odd && text.chars().all(|c| c < '\u{800}')
}

/// Whether `bytes` decode as GB18030 (a sequence cut by the end allowed
/// when more is to come).
fn decodes(bytes: &[u8], eof: bool) -> bool {
    let mut d = GB18030.new_decoder_without_bom_handling();
    let mut out = vec![0; bytes.len() * 2 + 16];
    let (r, _, _) = d.decode_to_utf8_without_replacement(bytes, &mut out, eof);
    r == encoding_rs::DecoderResult::InputEmpty
}

/// Decodes `src` onto `out` with `decoder`, a byte sequence it cannot
/// decode becoming [`MARK`]; `last` when nothing follows.
/// Returns whether a byte was marked.
fn decode_marked(decoder: &mut Decoder, mut src: &[u8], out: &mut Vec<u8>, last: bool) -> bool {
    let mut marked = false;
    let room = decoder
        .max_utf8_buffer_length_without_replacement(src.len())
        .unwrap_or(usize::MAX / 2)
        + 16;
    let mut written = out.len();
    out.resize(written + room, 0);
    loop {
        let (r, read, wrote) =
            decoder.decode_to_utf8_without_replacement(src, &mut out[written..], last);
        written += wrote;
        src = &src[read..];
        match r {
            encoding_rs::DecoderResult::Malformed(..) => {
                out[written] = MARK;
                written += 1;
                marked = true;
            }
            encoding_rs::DecoderResult::InputEmpty => break,
            encoding_rs::DecoderResult::OutputFull => {
                out.resize(out.len() + 64, 0);
            }
        }
    }
    out.truncate(written);
    marked
}

/// Reads into `buf`, which holds `filled` bytes read, until it holds
/// `want`; whether the input ended. `buf` is grown (and zeroed) only when
/// shorter than `want`: bytes past `filled` are room.
fn fill<R: Read>(
    inner: &mut R,
    buf: &mut Vec<u8>,
    filled: &mut usize,
    want: usize,
) -> io::Result<bool> {
    if buf.len() < want {
        buf.resize(want, 0);
    }
    while *filled < want {
        match inner.read(&mut buf[*filled..want]) {
            Ok(0) => return Ok(true),
            Ok(n) => *filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(false)
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.at < self.end {
                let n = buf.len().min(self.end - self.at);
                buf[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
                self.at += n;
                return Ok(n);
            }
            match &mut self.mode {
                Mode::Pass => return self.inner.read(buf),
                Mode::Sniff => {
                    let n = self.inner.read(buf)?;
                    if buf[..n].is_ascii() {
                        self.seen += n as u64;
                        return Ok(n);
                    }
                    let first = buf[..n]
                        .iter()
                        .position(|b| !b.is_ascii())
                        .expect("a byte that is not ASCII");
                    let at_start = self.seen == 0 && first == 0;
                    self.seen += n as u64;
                    self.decide(buf[first..n].to_vec(), at_start)?;
                    if first > 0 {
                        return Ok(first);
                    }
                }
                Mode::Transcode(t) => {
                    self.at = 0;
                    // Decoded into the buffer last read out, unless it is
                    // tab-separated text to rewrite.
                    let more = if t.tsv.is_some() {
                        let mut text = Vec::new();
                        let (more, end) = t.next(&mut self.inner, &mut text, 0)?;
                        text.truncate(end);
                        self.pending.clear();
                        t.convert(&text, &mut self.pending);
                        self.end = self.pending.len();
                        more
                    } else {
                        let more;
                        (more, self.end) = t.next(&mut self.inner, &mut self.pending, 0)?;
                        more
                    };
                    if !more && self.end == 0 {
                        return Ok(0);
                    }
                }
            }
        }
    }
}

/// Transcodes to UTF-8 a chunk at a time.
struct Transcoder {
    decoder: Decoder,
    /// Input read and not yet decoded: the first `filled` bytes (the
    /// rest is room, kept from before).
    input: Vec<u8>,
    filled: usize,
    eof: bool,
    done: bool,
    /// Whether the decoder has nothing pending (the last chunk ended with
    /// a line feed).
    clean: bool,
    /// Tab-separated text rewritten as CSV, when it is that.
    tsv: Option<Tsv>,
    /// GB18030 field texts decoded lately ([`gb18030::Phrases`]).
    phrases: gb18030::Phrases,
    /// [`Decoded`]'s flag, cleared when a byte is marked.
    utf8: Rc<Cell<bool>>,
}

impl Transcoder {
    /// A transcoder from `input` on; sets `utf8` (see [`Decoded`]).
    fn new(decoder: Decoder, input: Vec<u8>, eof: bool, utf8: &Rc<Cell<bool>>) -> Transcoder {
        utf8.set(true);
        Transcoder {
            utf8: Rc::clone(utf8),
            decoder,
            filled: input.len(),
            input,
            eof,
            done: false,
            clean: true,
            tsv: None,
            phrases: gb18030::Phrases::default(),
        }
    }

    /// Decodes the next chunk into `out` from byte `at` (growing `out` as
    /// it needs; bytes past the chunk's end are left as they were): whether
    /// there was one (`false` once the input is done), and where it ends.
    /// GB18030 is decoded to the chunk's last line feed, the rest kept for
    /// the next, so that the table decodes it ([`gb18030::decode`]) with
    /// nothing pending in the decoder.
    fn next<R: Read>(
        &mut self,
        inner: &mut R,
        out: &mut Vec<u8>,
        at: usize,
    ) -> io::Result<(bool, usize)> {
        if self.done {
            return Ok((false, at));
        }
        if !self.eof {
            self.eof = fill(inner, &mut self.input, &mut self.filled, CHUNK)?;
        }
        let input = &self.input[..self.filled];
        let gb = self.decoder.encoding() == GB18030;
        let end = match memchr::memrchr(b'\n', input) {
            Some(at) if gb && !self.eof => at + 1,
            _ => input.len(),
        };
        let src = &input[..end];
        let (to, marked) = if gb && self.clean {
            gb18030::decode(&mut self.decoder, &mut self.phrases, src, out, at, self.eof)
        } else {
            out.truncate(at);
            let marked = decode_marked(&mut self.decoder, src, out, self.eof);
            (out.len(), marked)
        };
        if marked {
            self.utf8.set(false);
        }
        self.clean = src.last() == Some(&b'\n');
        self.input.copy_within(end..self.filled, 0);
        self.filled -= end;
        if self.eof {
            self.done = true;
        }
        Ok((true, to))
    }

    /// Rewrites decoded tab-separated text as CSV into `out`.
    fn convert(&mut self, text: &[u8], out: &mut Vec<u8>) {
        let tsv = self.tsv.get_or_insert_with(Tsv::default);
        for &b in text {
            tsv.push(b, out);
        }
        if self.done {
            tsv.end(out);
        }
    }
}

/// Tab-separated text (Excel's "Unicode Text") rewritten as CSV, a byte at a
/// time: a quoted field is copied as it is (the quoting rules are the same),
/// an unquoted one is held until its end and quoted if it holds a comma or a
/// quote. Line ends are copied, so lines keep their numbers.
#[derive(Default)]
struct Tsv {
    field: Vec<u8>,
    /// Inside a quoted field, and whether the last byte was its quote.
    quoted: bool,
    closing: bool,
}

impl Tsv {
    fn push(&mut self, b: u8, out: &mut Vec<u8>) {
        if self.quoted {
            out.push(b);
            if b == b'"' {
                self.closing = !self.closing;
            } else if self.closing && matches!(b, b'\t' | b'\n' | b'\r') {
                // The quote closed the field; this byte ends it.
                out.pop();
                self.quoted = false;
                self.closing = false;
                out.push(if b == b'\t' { b',' } else { b });
            }
            return;
        }
        match b {
            b'"' if self.field.is_empty() => {
                self.quoted = true;
                out.push(b);
            }
            b'\t' | b'\n' | b'\r' => {
                self.flush(out);
                out.push(if b == b'\t' { b',' } else { b });
            }
            _ => self.field.push(b),
        }
    }

    fn flush(&mut self, out: &mut Vec<u8>) {
        if self.field.contains(&b',') || self.field.contains(&b'"') {
            out.push(b'"');
            for &b in &self.field {
                if b == b'"' {
                    out.push(b'"');
                }
                out.push(b);
            }
            out.push(b'"');
        } else {
            out.extend_from_slice(&self.field);
        }
        self.field.clear();
    }

    fn end(&mut self, out: &mut Vec<u8>) {
        if !self.quoted {
            self.flush(out);
        }
    }
}

impl Ledger {
    /// The crate's readers' entry: `input` read through the decoding layer
    /// in the encoding `opts` names, on `threads` threads in blocks of
    /// `block` bytes; the encoding warning first.
    pub(crate) fn append_csv_in<R: Read>(
        &mut self,
        input: R,
        file: &str,
        opts: &ReadOptions,
        split: (usize, usize),
    ) -> Result<(Violations, u64), Error> {
        let mut input = Decoded::new(input, opts.encoding_asked());
        let utf8 = Rc::clone(&input.utf8);
        let (v, rows) = self.append_utf8_in(&mut input, file, opts, split, &utf8)?;
        Ok((input.warn(file, v), rows))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::Programme;

    /// `input` read through the layer, in reads of `step` bytes.
    fn decode(input: &[u8], encoding: Encoding, step: usize) -> (Vec<u8>, Option<Found>) {
        let mut d = Decoded::new(input, encoding);
        let mut out = Vec::new();
        let mut buf = vec![0; step];
        loop {
            let n = d.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        (out, d.found)
    }

    fn gb(text: &str) -> Vec<u8> {
        GB18030.encode(text).0.into_owned()
    }

    fn utf16le(text: &str) -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            out.extend_from_slice(&u.to_le_bytes());
        }
        out
    }

    #[test]
    fn utf8_and_ascii_pass_through_unchanged() {
        let ascii = "id,date\n".repeat(20_000);
        let utf8 = format!("\u{feff}id,area\n{}e1,阜平县\n", "x,y\n".repeat(30_000));
        for text in [ascii.as_str(), utf8.as_str()] {
            for step in [1, 7, 4096, 1 << 20] {
                let (out, found) = decode(text.as_bytes(), Encoding::Auto, step);
                assert_eq!(out, text.as_bytes(), "step {step}");
                assert_eq!(found, None);
            }
        }
    }

    #[test]
    fn gb18030_is_found_and_transcoded_in_any_read_size() {
        // The first non-ASCII byte far in, and a character across every
        // read boundary somewhere.
        let text = format!(
            "{}e9,阜平县第一小学,数值\r\n",
            "e1,fuping,1\r\n".repeat(9000)
        );
        for step in [1, 3, 1000, 1 << 20] {
            let (out, found) = decode(&gb(&text), Encoding::Auto, step);
            assert_eq!(String::from_utf8(out).unwrap(), text, "step {step}");
            assert_eq!(found, Some(Found::Gb18030));
        }
        let (out, found) = decode(&gb(&text), Encoding::Gb18030, 4096);
        assert_eq!(String::from_utf8(out).unwrap(), text);
        assert_eq!(found, None, "asked for, not found: no warning");
    }

    #[test]
    fn a_gb18030_line_longer_than_a_chunk_is_decoded_whole() {
        // A line with no line feed in a whole chunk leaves a character cut
        // at the chunk's end (for one of the two offsets), then lines, the
        // last with no line feed.
        for pad in ["", "x"] {
            let text = format!(
                "id,name\n{pad}e1,{}\ne2,阜平县\n{}e4,定兴县",
                "阜平".repeat(40_000),
                "e3,涞源县\n".repeat(20_000)
            );
            let (out, found) = decode(&gb(&text), Encoding::Gb18030, 1 << 16);
            assert_eq!(String::from_utf8(out).unwrap(), text, "pad {pad:?}");
            assert_eq!(found, None);
        }
    }

    #[test]
    fn a_short_gb18030_text_that_is_also_utf8_is_taken_for_gb18030() {
        // 约 is D4 BC in GB18030, which is Armenian Լ in UTF-8.
        let text = "id,value\r\nx,约100\r\n";
        let (out, found) = decode(&gb(text), Encoding::Auto, 4096);
        assert_eq!(String::from_utf8(out).unwrap(), text);
        assert_eq!(found, Some(Found::Gb18030));
        // Latin letters and Chinese in UTF-8 stay UTF-8.
        for text in ["id,name\ne,café\n", "id,area\ne,阜平县\n", "e,Լ阜\n"] {
            assert_eq!(
                decode(text.as_bytes(), Encoding::Auto, 4096).1,
                None,
                "{text}"
            );
        }
    }

    #[test]
    fn neither_encoding_passes_through_for_the_rows_to_refuse() {
        let bytes = b"id,area\ne1,\xFF\xFFx\n".to_vec();
        let (out, found) = decode(&bytes, Encoding::Auto, 64);
        assert_eq!(out, bytes);
        assert_eq!(found, None);
    }

    #[test]
    fn forced_utf8_marks_what_is_not() {
        let bytes = gb("id,area\ne1,阜平县\n");
        let (once, found) = decode(&bytes, Encoding::Utf8, 4096);
        assert!(std::str::from_utf8(&once).is_err());
        assert!(once.starts_with(b"id,area\ne1,\xFF"));
        assert_eq!(found, None);
    }

    #[test]
    fn a_forced_encoding_is_not_second_guessed_by_the_readers() {
        let p = Arc::new(Programme::canonical());
        // 约 in GB18030 is valid UTF-8 (Armenian Լ): forced UTF-8 keeps it so.
        let text = gb(
            "id,date,project,area,measure,value\ne,2019-06-01,rural-teachers,fuping,activities,约1\n",
        );
        let opts = |enc| ReadOptions::new().encoding(enc);
        let read = |enc| {
            let l = Ledger::read_csv_with(Arc::clone(&p), text.as_slice(), "l.csv", &opts(enc))
                .unwrap();
            l.violations
                .iter()
                .map(|v| v.message.clone())
                .collect::<Vec<_>>()
                .join("|")
        };
        assert!(
            read(Encoding::Utf8).contains("\"Լ1\""),
            "{}",
            read(Encoding::Utf8)
        );
        assert!(read(Encoding::Gb18030).contains("\"约1\""));
        assert!(read(Encoding::Auto).starts_with("the file is not UTF-8"));
        let q = crate::Query::by(&[]).unwrap();
        let report = |enc| {
            crate::report_csv_with(Arc::clone(&p), text.as_slice(), "l.csv", &q, &opts(enc))
                .unwrap()
        };
        let r = report(Encoding::Utf8);
        assert!(r.violations.iter().all(|v| v.rule != Rule::ReadAsEncoding));
        let r = report(Encoding::Auto);
        assert_eq!(r.violations.as_slice()[0].rule, Rule::ReadAsEncoding);
    }

    /// A GB18030 file's blocks are UTF-8 by construction only until the
    /// decoder marks a byte: the rows after it are checked as any text,
    /// and every row reads on blocks and threads as on one thread.
    #[test]
    fn a_marked_byte_is_checked_on_blocks_as_on_one_thread() {
        let p = Arc::new(Programme::canonical());
        let row = |i: usize, name: &str| format!("e{i},2019-06-01,{name},fuping,activities,{i}\n");
        let mut text = gb("id,date,project,area,measure,value\n");
        for i in 0..60 {
            let name = if i % 2 == 0 {
                "rural-teachers"
            } else {
                "乡村教师专业素养提升工程"
            };
            text.extend(gb(&row(i, name)));
            if i == 30 {
                // A lead byte before a trail that is no character: marked.
                text.extend(gb(&row(100, "乡村")));
                let at = text.len() - 20;
                text[at..at + 2].copy_from_slice(b"\x81\x7F");
            }
        }
        let read = |threads, block| {
            let mut l = Ledger::new(Arc::clone(&p));
            let opts = ReadOptions::new().encoding(Encoding::Gb18030);
            let (v, rows) = l
                .append_csv_in(text.as_slice(), "l.csv", &opts, (threads, block))
                .unwrap();
            let messages: Vec<String> = v.iter().map(ToString::to_string).collect();
            (messages, rows, l.len())
        };
        let one = read(1, 1 << 16);
        assert!(
            one.0
                .iter()
                .any(|m| m.starts_with("l.csv:33,") && m.contains("invalid UTF-8"))
        );
        for block in [64, 200, 1000] {
            assert_eq!(read(2, block), one, "blocks of {block} bytes");
        }
    }

    #[test]
    fn utf16_tab_separated_becomes_csv_line_for_line() {
        let text = "id\tdate\tvalue\r\nNo. 17\t2019-05-20\t12,345.67\r\n\"A\t17\"\t2019-05-21\tsays \"hi\"\r\n\"two\r\nlines\"\tx\ty\r\n";
        let want = "id,date,value\r\nNo. 17,2019-05-20,\"12,345.67\"\r\n\"A\t17\",2019-05-21,\"says \"\"hi\"\"\"\r\n\"two\r\nlines\",x,y\r\n";
        for step in [1, 5, 4096] {
            let (out, found) = decode(&utf16le(text), Encoding::Auto, step);
            assert_eq!(String::from_utf8(out).unwrap(), want, "step {step}");
            assert_eq!(found, Some(Found::Utf16 { tabs: true }));
        }
        // Comma-separated UTF-16 is only transcoded.
        let (out, found) = decode(&utf16le("id,date\n1,2"), Encoding::Auto, 3);
        assert_eq!(out, b"id,date\n1,2");
        assert_eq!(found, Some(Found::Utf16 { tabs: false }));
    }
}
