//! GB18030 decoded as `encoding_rs` decodes it, its two-byte characters
//! through a table.
//!
//! A ledger saved as plain "CSV" by Chinese Excel is about half Chinese
//! names, nearly all of them two-byte characters. `encoding_rs` decodes
//! each through its index search, about 1.3 ns a byte of such a file: a
//! sixth of a whole report's CPU. Here the UTF-8 of every two-byte
//! character is looked up in a table of 24,066 entries that `encoding_rs`
//! itself fills once, so the mapping stays the crate's (0.8 ns a byte);
//! what the table does not hold (the byte 0x80, four-byte sequences, bytes
//! that are not GB18030) goes to `encoding_rs` to the end of its line, and
//! a line feed, which is never part of a character, leaves that decoder
//! with nothing pending. A field's text met again (an office's file
//! repeats a few dozen names on every row) is copied whole from where its
//! first decoding was kept ([`Phrases`]).

use std::sync::OnceLock;

use encoding_rs::{DecoderResult, GB18030};

use super::{Decoder, decode_marked};

/// Lead bytes of a two-byte character run from 0x81, trail bytes from
/// 0x40, to 0xFE both.
const LEAD: u8 = 0x81;
const TRAIL: u8 = 0x40;
const TRAILS: usize = 0xFE - TRAIL as usize + 1;

/// The UTF-8 of every two-byte character, by lead and trail: the bytes in
/// the low three bytes, their count in the top one; 0 where the pair is
/// not a character.
fn pairs() -> &'static [u32] {
    static PAIRS: OnceLock<Box<[u32]>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        let leads = 0xFE - usize::from(LEAD) + 1;
        let mut out = [0u8; 16];
        (0..leads * TRAILS)
            .map(|i| {
                let pair = [LEAD + (i / TRAILS) as u8, TRAIL + (i % TRAILS) as u8];
                let mut d = GB18030.new_decoder_without_bom_handling();
                let (r, read, wrote) = d.decode_to_utf8_without_replacement(&pair, &mut out, true);
                let one = std::str::from_utf8(&out[..wrote]).is_ok_and(|s| s.chars().count() == 1);
                if r != DecoderResult::InputEmpty || read != 2 || !one || wrote > 3 {
                    return 0;
                }
                let mut bytes = [0u8; 4];
                bytes[..wrote].copy_from_slice(&out[..wrote]);
                bytes[3] = wrote as u8;
                u32::from_le_bytes(bytes)
            })
            .collect()
    })
}

/// The longest field text kept decoded, in bytes of GB18030, and its
/// longest UTF-8 (a pair becomes at most three bytes, an ASCII byte one).
const PHRASE: usize = 48;
const PHRASE_UTF8: usize = PHRASE / 2 * 3;

/// Field texts decoded lately, each with its UTF-8: an office's file
/// repeats a few dozen Chinese names on every row, and a name found here
/// is copied whole instead of decoded a pair at a time (the decoding's
/// instructions fall by a quarter). A text is the bytes from a character that
/// is not ASCII to the next byte below 0x40 (a comma, quote, line end,
/// digit or space: never part of a two-byte character), kept only when
/// the table decoded all of it, so a text found decodes as the table
/// would decode it there. Direct-mapped by a hash of the text.
#[derive(Default)]
pub(super) struct Phrases {
    slots: Vec<Phrase>,
}

#[derive(Clone)]
struct Phrase {
    /// [`Phrase::key`] of the text, and its length.
    key: [u64; 4],
    gb_len: u8,
    gb: [u8; PHRASE],
    utf8: [u8; PHRASE_UTF8],
    utf8_len: u8,
}

impl Phrases {
    const SLOTS: usize = 256;

    /// The slot for `text` (which is not empty), and the text's key.
    #[inline]
    fn slot(&mut self, text: &[u8]) -> (&mut Phrase, [u64; 4]) {
        if self.slots.is_empty() {
            let empty = Phrase {
                key: [0; 4],
                gb_len: 0,
                gb: [0; PHRASE],
                utf8: [0; PHRASE_UTF8],
                utf8_len: 0,
            };
            self.slots = vec![empty; Self::SLOTS];
        }
        let key = Phrase::key(text);
        let h = (key[0] ^ key[1].rotate_left(29) ^ text.len() as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (&mut self.slots[(h >> 56) as usize % Self::SLOTS], key)
    }
}

impl Phrase {
    /// Words of `text` at bytes 0, `len - 8`, 8 and `len - 16` (those that
    /// fit; a text under eight bytes whole in the first): with the length,
    /// the whole of a text of up to 32 bytes.
    #[inline]
    fn key(text: &[u8]) -> [u64; 4] {
        let n = text.len();
        let word = |i: usize| u64::from_le_bytes(text[i..i + 8].try_into().expect("eight bytes"));
        match n {
            16.. => [word(0), word(n - 8), word(8), word(n - 16)],
            8.. => [word(0), word(n - 8), 0, 0],
            _ => [
                text.iter().rev().fold(0, |x, &b| x << 8 | u64::from(b)),
                0,
                0,
                0,
            ],
        }
    }

    /// The UTF-8 of `text`, whose key is `key`, if this slot holds it.
    #[inline]
    fn of(&self, text: &[u8], key: [u64; 4]) -> Option<(&[u8; PHRASE_UTF8], usize)> {
        let n = text.len();
        let same = usize::from(self.gb_len) == n
            && self.key == key
            && (n <= 32 || self.gb[16..n - 16] == text[16..n - 16]);
        same.then_some((&self.utf8, usize::from(self.utf8_len)))
    }

    fn keep(&mut self, text: &[u8], key: [u64; 4], utf8: &[u8]) {
        self.key = key;
        self.gb[..text.len()].copy_from_slice(text);
        self.utf8[..utf8.len()].copy_from_slice(utf8);
        self.gb_len = u8::try_from(text.len()).expect("at most PHRASE bytes");
        self.utf8_len = u8::try_from(utf8.len()).expect("at most PHRASE_UTF8 bytes");
    }
}

/// Where the field text that starts at `i` (a byte from 0x80) ends: the
/// first byte below 0x40 from there, if it comes within [`PHRASE`] bytes.
#[inline]
fn phrase_end(src: &[u8], i: usize) -> Option<usize> {
    let limit = (i + PHRASE).min(src.len());
    let mut at = i;
    // Eight bytes at a time: bit 7 of a byte of `x | x << 1` is set where
    // the byte has bit 7 or bit 6 set, so is 0x40 or above.
    while let Some(eight) = src.get(at..at + 8).filter(|_| at < limit) {
        let x = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        let low = !(x | x << 1) & 0x8080_8080_8080_8080;
        if low != 0 {
            let end = at + (low.trailing_zeros() / 8) as usize;
            return (end <= limit).then_some(end);
        }
        at += 8;
    }
    src[at.min(limit)..limit]
        .iter()
        .position(|&b| b < 0x40)
        .map(|n| at.min(limit) + n)
}

/// Decodes `src` onto `out` as [`decode_marked`] with `decoder` would.
/// `decoder` must have nothing pending: it decodes only what the table
/// does not, from there to a line's end, so it has nothing pending after
/// `src` either when `src` ends with a line feed or `last` is set.
/// Field texts found in `phrases` are copied whole, and those the table
/// decodes kept there. Writes from byte `at` of `out` (growing it when it
/// is too short, never shortening it) and returns where the text ends and
/// whether a byte was marked.
pub(super) fn decode(
    decoder: &mut Decoder,
    phrases: &mut Phrases,
    src: &[u8],
    out: &mut Vec<u8>,
    at: usize,
    last: bool,
) -> (usize, bool) {
    let table = pairs();
    let mut marked = false;
    // The UTF-8 of a pair at `i` (packed as in the table), if it is one.
    let pair = |i: usize| {
        let (&lead, &trail) = (src.get(i)?, src.get(i + 1)?);
        // A byte below a lead or a trail wraps to beyond the table.
        let (lead, trail) = (lead.wrapping_sub(LEAD), trail.wrapping_sub(TRAIL));
        let utf8 = *table.get(usize::from(lead) * TRAILS + usize::from(trail))?;
        (usize::from(trail) < TRAILS && utf8 != 0).then_some(utf8)
    };
    // A pair becomes at most three bytes; eight are written at a time, and
    // a field text's UTF-8 as a whole.
    let room = |from: usize| (src.len() - from) / 2 * 3 + (src.len() - from) % 2 + 8 + PHRASE_UTF8;
    let mut w = at;
    if out.len() < w + room(0) {
        out.resize(w + room(0), 0);
    }
    let mut slow = Vec::new();
    let mut i = 0;
    'text: while i < src.len() {
        // ASCII, eight bytes at a time, copied before they are looked at.
        while let (Some(eight), Some(to)) = (src.get(i..i + 8), out.get_mut(w..w + 8)) {
            to.copy_from_slice(eight);
            let word = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
            let high = word & 0x8080_8080_8080_8080;
            if high != 0 {
                let ascii = (high.trailing_zeros() / 8) as usize;
                (w, i) = (w + ascii, i + ascii);
                break;
            }
            (w, i) = (w + 8, i + 8);
        }
        // Pairs, and the last few bytes of ASCII.
        loop {
            let Some(&b) = src.get(i) else {
                break 'text;
            };
            if b < 0x80 {
                if i + 8 <= src.len() {
                    continue 'text;
                }
                out[w] = b;
                (w, i) = (w + 1, i + 1);
                continue;
            }
            // A field's text: copied whole if kept, else decoded and kept;
            // a longer text one pair at a time.
            let text_end = phrase_end(src, i);
            let mut kept = None;
            if let Some(end) = text_end {
                let text = &src[i..end];
                let (phrase, key) = phrases.slot(text);
                if let Some((utf8, n)) = phrase.of(text, key) {
                    out[w..w + PHRASE_UTF8].copy_from_slice(utf8);
                    (w, i) = (w + n, end);
                    continue;
                }
                kept = Some((phrase, key, text, w));
            }
            let stop = text_end.unwrap_or(i + 2);
            while i < stop {
                if src[i] < 0x80 {
                    (out[w], w, i) = (src[i], w + 1, i + 1);
                } else if let Some(utf8) = pair(i) {
                    out[w..w + 4].copy_from_slice(&utf8.to_le_bytes());
                    (w, i) = (w + (utf8 >> 24) as usize, i + 2);
                } else {
                    break;
                }
            }
            if i != stop {
                break; // not all the table's: from `i`, the decoder's
            }
            if let Some((phrase, key, text, from)) = kept {
                phrase.keep(text, key, &out[from..w]);
            }
        }
        // Not in the table: `encoding_rs` to the end of the line.
        let end = memchr::memchr(b'\n', &src[i..]).map_or(src.len(), |n| i + n + 1);
        slow.clear();
        marked |= decode_marked(decoder, &src[i..end], &mut slow, last && end == src.len());
        let need = w + slow.len() + room(end);
        if out.len() < need {
            out.resize(need, 0);
        }
        out[w..w + slow.len()].copy_from_slice(&slow);
        (w, i) = (w + slow.len(), end);
    }
    (w, marked)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// `src` decoded by `encoding_rs` alone, and through the table a line
    /// at a time.
    fn both(src: &[u8]) -> (Vec<u8>, Vec<u8>) {
        let mut d = GB18030.new_decoder_without_bom_handling();
        let mut want = Vec::new();
        decode_marked(&mut d, src, &mut want, true);
        let mut d = GB18030.new_decoder_without_bom_handling();
        let (mut got, mut phrases) = (Vec::new(), Phrases::default());
        let mut lines = src.split_inclusive(|&b| b == b'\n').peekable();
        let mut end = 0;
        while let Some(line) = lines.next() {
            (end, _) = decode(
                &mut d,
                &mut phrases,
                line,
                &mut got,
                end,
                lines.peek().is_none(),
            );
        }
        got.truncate(end);
        (want, got)
    }

    #[test]
    fn every_pair_decodes_as_encoding_rs_decodes_it() {
        // Each lead with every second byte, then a four-byte character,
        // the euro sign, a byte that is no lead and a lead cut by a line
        // end and by the end.
        let mut src = Vec::new();
        for lead in 0x80..=0xFF_u8 {
            for trail in 0..=0xFF_u8 {
                src.extend_from_slice(&[lead, trail, b',']);
            }
            src.extend_from_slice(b"\x81\x30\x81\x30,\x80,\xFF,\x81\n");
        }
        src.extend_from_slice("阜平县,\u{20AC}\u{10000}".as_bytes());
        src.push(0x81);
        let (want, got) = both(&src);
        assert_eq!(got, want);
        assert!(pairs().iter().filter(|&&p| p != 0).count() > 20_000);
    }

    #[test]
    fn runs_of_pairs_decode_as_encoding_rs_decodes_them() {
        // Every two-byte character end to end, with no ASCII between
        // (characters of three UTF-8 bytes beside those of two, pairs that
        // are no character, trail bytes in the ASCII range), also after a
        // byte or a few so that the pairs fall at other offsets.
        let mut pairs = Vec::new();
        for lead in 0x81..=0xFE_u8 {
            for trail in (0x40..=0x7E_u8).chain(0x80..=0xFE) {
                pairs.extend_from_slice(&[lead, trail]);
            }
        }
        for prefix in [&b""[..], b"a", b"\x81", b"ab\xB0\xA1"] {
            let src = [prefix, &pairs].concat();
            let (want, got) = both(&src);
            assert_eq!(got, want, "after {prefix:?}");
        }
    }

    #[test]
    fn chinese_names_decode_to_their_text() {
        let text = "e2,2016/10/29,“老校长下乡”、大学生支教工程,fuping,,,资金,深度贫困地区,\"10,092.00\",北京对口帮扶资金,\r\n";
        let gb = GB18030.encode(&text.repeat(50)).0.into_owned();
        let (want, got) = both(&gb);
        assert_eq!(String::from_utf8(got).unwrap(), text.repeat(50));
        assert_eq!(want, text.repeat(50).into_bytes());
    }

    /// Field texts of every kind the phrases meet: names of one to thirty
    /// characters (ASCII letters among them), and texts that are not all
    /// the table's (a four-byte character, the byte 0x80, a pair that is
    /// no character, a lead cut by the field's end) or are longer than
    /// [`PHRASE`].
    fn field_texts() -> Vec<Vec<u8>> {
        let pool: Vec<char> = "阜平县教育资金深度贫困地区北京对口帮扶“”、AbZ@人才培养计划"
            .chars()
            .collect();
        let mut seed = 2019u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % n
        };
        let mut texts: Vec<Vec<u8>> = (0..400)
            .map(|_| {
                let name: String = (0..=next(30)).map(|_| pool[next(pool.len())]).collect();
                GB18030.encode(&name).0.into_owned()
            })
            .collect();
        let odd: [&[u8]; 5] = [
            b"\xB1\xB1\x81\x30\x81\x30\xBE\xA9",
            b"\xB1\xB1\x80",
            b"\xB1\xB1\x81\x7F",
            b"\xB1\xB1\x81",
            b"\x81",
        ];
        texts.extend(odd.iter().map(|t| t.to_vec()));
        // Texts alike but for bytes that only one word of the key or the
        // full compare sees: the last word of twelve bytes, each of the
        // four of twenty-eight, the middle of thirty-six.
        let alike = [
            "北京对口帮扶",
            "北京对口资金",
            "北京对口帮扶资金深度贫困地区",
            "北京对口帮扶资金深度贫困教育",
            "阜平对口帮扶资金深度贫困地区",
            "县人对口帮扶资金深度贫困地区",
            "北京对口阜平资金深度贫困地区",
            "北京对口县人资金深度贫困地区",
            "北京对口帮扶资金阜平深度贫困",
            "北京对口帮扶资金县人深度贫困",
            "北京对口帮扶资金阜平深度贫困地区教育",
            "北京对口帮扶资金县人深度贫困地区教育",
            &"北京".repeat(13),
        ];
        texts.extend(alike.iter().map(|t| GB18030.encode(t).0.into_owned()));
        texts
    }

    proptest! {
        /// Field texts met again, found in the phrases or put out of their
        /// slot by others, decode as `encoding_rs` decodes them.
        #[test]
        fn field_texts_met_again_decode_as_encoding_rs_decodes_them(
            picks in proptest::collection::vec((0usize..418, 0usize..5), 1..400),
            alike in proptest::collection::vec((405usize..417, 0usize..5), 1..40),
        ) {
            let texts = field_texts();
            let picks = picks.into_iter().chain(alike);
            let ends: [&[u8]; 5] = [b",", b"\",\"", b"\r\n", b" 1,", b"\n"];
            let mut src = Vec::new();
            for (t, e) in picks {
                src.extend_from_slice(&texts[t]);
                src.extend_from_slice(ends[e]);
            }
            let (want, got) = both(&src);
            prop_assert_eq!(got, want);
        }

        #[test]
        fn any_bytes_decode_as_encoding_rs_decodes_them(
            src in proptest::collection::vec(
                prop_oneof![
                    Just(b'\n'),
                    Just(b','),
                    0x80..=0xFF_u8,
                    0x30..=0x39_u8,
                    any::<u8>(),
                ],
                0..200,
            )
        ) {
            let (want, got) = both(&src);
            prop_assert_eq!(got, want);
        }
    }
}
