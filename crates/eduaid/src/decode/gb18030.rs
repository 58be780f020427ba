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
//! with nothing pending.

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

/// Decodes `src` onto `out` as [`decode_marked`] with `decoder` would.
/// `decoder` must have nothing pending: it decodes only what the table
/// does not, from there to a line's end, so it has nothing pending after
/// `src` either when `src` ends with a line feed or `last` is set.
pub(super) fn decode(decoder: &mut Decoder, src: &[u8], out: &mut Vec<u8>, last: bool) {
    let table = pairs();
    // A pair becomes at most three bytes, and eight are written at a time.
    let room = |from: usize| (src.len() - from) / 2 * 3 + (src.len() - from) % 2 + 8;
    let mut w = out.len();
    out.resize(w + room(0), 0);
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
            let Some(&trail) = src.get(i + 1) else {
                break;
            };
            // A byte below a lead or a trail wraps to beyond the table.
            let (lead, trail) = (b.wrapping_sub(LEAD), trail.wrapping_sub(TRAIL));
            let utf8 = (usize::from(trail) < TRAILS)
                .then(|| table.get(usize::from(lead) * TRAILS + usize::from(trail)))
                .flatten();
            match utf8.copied() {
                Some(utf8) if utf8 != 0 => {
                    out[w..w + 4].copy_from_slice(&utf8.to_le_bytes());
                    (w, i) = (w + (utf8 >> 24) as usize, i + 2);
                }
                _ => break,
            }
        }
        // Not in the table: `encoding_rs` to the end of the line.
        let end = memchr::memchr(b'\n', &src[i..]).map_or(src.len(), |n| i + n + 1);
        slow.clear();
        decode_marked(decoder, &src[i..end], &mut slow, last && end == src.len());
        let need = w + slow.len() + room(end);
        if out.len() < need {
            out.resize(need, 0);
        }
        out[w..w + slow.len()].copy_from_slice(&slow);
        (w, i) = (w + slow.len(), end);
    }
    out.truncate(w);
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
        let mut got = Vec::new();
        let mut lines = src.split_inclusive(|&b| b == b'\n').peekable();
        while let Some(line) = lines.next() {
            decode(&mut d, line, &mut got, lines.peek().is_none());
        }
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

    proptest! {
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
