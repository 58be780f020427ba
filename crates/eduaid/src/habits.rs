//! Spreadsheet habits read exactly: the forms a hand-kept ledger takes that
//! mean one thing only (`2019/5/20`, `"1,234.50"`, ` 3 `), each with its
//! own warning rule. Only the slow path calls these: a field in the
//! interchange's own form never gets here. But an office's file may have a
//! habit on every row (Excel on Chinese Windows writes dates `2019/5/20`),
//! so nothing here allocates.

use crate::calendar::{day_number, parse_day_bytes};
use crate::number::parse_units;
use crate::violation::Rule;

/// `text` without spaces (ASCII, tab, or the ideographic U+3000) at
/// either end.
pub(crate) fn trim_spaces(mut t: &[u8]) -> &[u8] {
    loop {
        match t {
            [b' ' | b'\t', rest @ ..]
            | [0xE3, 0x80, 0x80, rest @ ..]
            | [rest @ .., b' ' | b'\t']
            | [rest @ .., 0xE3, 0x80, 0x80] => t = rest,
            _ => return t,
        }
    }
}

/// Whether a record's fields hold nothing but spaces.
pub(crate) fn is_blank<'a>(mut fields: impl Iterator<Item = &'a [u8]>) -> bool {
    fields.all(|f| trim_spaces(f).is_empty())
}

/// The habits a field was read with, in the order of their messages: at
/// most two.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Habits([Option<Rule>; 2]);

impl Habits {
    /// The habits given, in order.
    fn of(rules: [Option<Rule>; 2]) -> Habits {
        match rules {
            [None, second] => Habits([second, None]),
            both => Habits(both),
        }
    }

    fn is_empty(self) -> bool {
        self.0[0].is_none()
    }

    pub(crate) fn iter(self) -> impl Iterator<Item = Rule> {
        self.0.into_iter().flatten()
    }
}

/// A date written in a habit's form: the day number and the habits seen;
/// `None` when it is not one (the caller reports the plain error). Read as
/// bytes (every form's parts are ASCII digits) unless it has a time.
pub(crate) fn read_date(t: &[u8]) -> Option<(i32, Habits)> {
    // Short fields: a plain scan costs less than memchr's set-up.
    let (date, midnight) = match t.iter().position(|&b| b == b' ') {
        Some(at) => {
            let text = std::str::from_utf8(t).ok()?;
            let time = text[at + 1..].trim();
            if !matches!(time, "00:00" | "00:00:00" | "0:00" | "0:00:00") {
                return None;
            }
            (text[..at].trim().as_bytes(), true)
        }
        None => (t, false),
    };
    let (parts, form) = if let Some(rest) = date.strip_suffix("日".as_bytes()) {
        let (y, rest) = split_once(rest, "年".as_bytes())?;
        let (m, d) = split_once(rest, "月".as_bytes())?;
        ([y, m, d], Some(Rule::DateChinese))
    } else {
        // The year has four digits in every form: its separator follows.
        let sep = *date.get(4)?;
        let parts = three(date, sep)?;
        let form = match sep {
            b'/' => Some(Rule::DateSlashes),
            b'-' => (parts[1].len() == 1 || parts[2].len() == 1).then_some(Rule::DateUnpadded),
            _ => return None,
        };
        (parts, form)
    };
    let [y, m, d] = parts;
    if y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
        return None;
    }
    // The plain form, its month and day padded with zeros (with zeros, which
    // are digits: the parse refuses any byte of the parts that is not).
    let mut plain = *b"0000-00-00";
    plain[..4].copy_from_slice(y);
    plain[7 - m.len()..7].copy_from_slice(m);
    plain[10 - d.len()..].copy_from_slice(d);
    let day = parse_day_bytes(&plain).ok()?;
    // The date itself comes first in the message order, then its time.
    let habits = Habits::of([form, midnight.then_some(Rule::DateMidnight)]);
    if habits.is_empty() {
        return None; // the plain form, which failed for its own reason
    }
    Some((day, habits))
}

/// A date as Excel on Chinese Windows writes it, `YYYY/M/D` (month and
/// day of one or two digits, nothing around): its day, or `None` for any
/// other text ([`read_date`] reads every form, this one included). An
/// office's file has it on every row: it is read here without a scan.
#[inline]
pub(crate) fn slash_day(t: &[u8]) -> Option<i32> {
    if !(8..=10).contains(&t.len()) || t[4] != b'/' {
        return None;
    }
    let end = match (t[6], t[7]) {
        (b'/', _) => 6,
        (_, b'/') => 7,
        _ => return None,
    };
    let (m, d) = (&t[5..end], &t[end + 1..]);
    if !(1..=2).contains(&d.len()) {
        return None;
    }
    // As in `read_date`, which pads the parts with zeros: any byte that is
    // not a digit refused. Read as numbers here, not rewritten as
    // `YYYY-MM-DD` and parsed again.
    let number = |part: &[u8]| {
        part.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    day_number(number(&t[..4])?, number(m)?, number(d)?).ok()
}

/// `t` cut at the first `sep`.
fn split_once<'t>(t: &'t [u8], sep: &[u8]) -> Option<(&'t [u8], &'t [u8])> {
    let at = memchr::memmem::find(t, sep)?;
    Some((&t[..at], &t[at + sep.len()..]))
}

/// `t` cut at its first two `sep`s (the last part keeps any more, which
/// the caller refuses).
fn three(t: &[u8], sep: u8) -> Option<[&[u8]; 3]> {
    let at = |t: &[u8]| t.iter().position(|&b| b == sep);
    let first = at(t)?;
    let rest = &t[first + 1..];
    let second = at(rest)?;
    Some([&t[..first], &rest[..second], &rest[second + 1..]])
}

/// A value written with thousands separators in groups of three and/or
/// zeros beyond the second fraction digit: in base units (hundredths for
/// money, whole units for counts), with the habits
/// seen; `None` when it is not such a value (or still invalid once
/// read: the caller reports the plain error).
pub(crate) fn read_value(t: &[u8], max_frac: u8) -> Option<(i64, Habits)> {
    let (mut separators, mut zeros) = (false, false);
    let (sign, body) = match t.first() {
        Some(b'-') => (&t[..1], &t[1..]),
        _ => (&t[..0], t),
    };
    let (int, frac) = match body.iter().position(|&b| b == b'.') {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    // The value as plain text, on the stack (a habit may be on every row):
    // text that does not fit has more digits than any amount (it would
    // overflow), and is refused as it would be.
    let mut plain = [0u8; 64];
    let mut len = 0;
    let mut push = |part: &[u8]| {
        let end = len + part.len();
        plain.get_mut(len..end)?.copy_from_slice(part);
        len = end;
        Some(())
    };
    push(sign)?;
    if int.contains(&b',') {
        let mut groups = int.split(|&b| b == b',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || first == b"0" {
            return None;
        }
        push(first)?;
        for g in groups {
            if g.len() != 3 {
                return None;
            }
            push(g)?;
        }
        separators = true;
    } else {
        push(int)?;
    }
    if let Some(frac) = frac {
        let keep = frac.len().min(2);
        let (kept, extra) = frac.split_at(keep);
        if !extra.is_empty() && extra.iter().all(|&b| b == b'0') {
            zeros = true;
            if !kept.is_empty() {
                push(b".")?;
                push(kept)?;
            }
        } else {
            push(b".")?;
            push(frac)?;
        }
    }
    let habits = Habits::of([
        separators.then_some(Rule::ThousandsSeparators),
        zeros.then_some(Rule::TrailingFractionZeros),
    ]);
    if habits.is_empty() {
        return None;
    }
    parse_units(&plain[..len], max_frac)
        .ok()
        .map(|v| (v, habits))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> i32 {
        parse_day_bytes(s.as_bytes()).unwrap()
    }

    /// [`read_date`] with its habits as a list.
    fn date_habits(t: &[u8]) -> Option<(i32, Vec<Rule>)> {
        read_date(t).map(|(d, h)| (d, h.iter().collect()))
    }

    /// [`read_value`] with its habits as a list.
    fn value_habits(t: &[u8], max_frac: u8) -> Option<(i64, Vec<Rule>)> {
        read_value(t, max_frac).map(|(v, h)| (v, h.iter().collect()))
    }

    #[test]
    fn trims_every_kind_of_space() {
        assert_eq!(trim_spaces(b" 3 "), b"3");
        assert_eq!(
            trim_spaces("\u{3000}阜平县\t".as_bytes()),
            "阜平县".as_bytes()
        );
        assert_eq!(trim_spaces(b"   "), b"");
        assert_eq!(trim_spaces(b"No. 17"), b"No. 17");
    }

    #[test]
    fn dates_in_office_forms() {
        let d = day("2019-05-20");
        let (slashes, midnight) = (Rule::DateSlashes, Rule::DateMidnight);
        for (text, habits) in [
            ("2019-5-20", vec![Rule::DateUnpadded]),
            ("2019/5/20", vec![slashes]),
            ("2019/05/20", vec![slashes]),
            ("2019年5月20日", vec![Rule::DateChinese]),
            ("2019-05-20 00:00", vec![midnight]),
            ("2019-05-20 00:00:00", vec![midnight]),
            ("2019/5/20 0:00", vec![slashes, midnight]),
        ] {
            // The fast path reads the one form with slashes alone.
            let alone = (habits == [slashes]).then_some(d);
            assert_eq!(slash_day(text.as_bytes()), alone, "{text}");
            assert_eq!(date_habits(text.as_bytes()), Some((d, habits)), "{text}");
        }
        for bad in [
            &b"2019-05-20 12:00"[..],
            b"2019/2/30",
            b"19/5/20",
            b"2019-5",
            b"2019-05-20-1",
            b"2019-5-20-1",
            b"2019/5/20/1",
            b"201x/5/20",
            b"2019/a/20",
            b"2019/5/2x",
            b"2019/+5/20",
            b"20/5/2019",
            b"2019/5/",
            b"2019//20",
            b"2019/100/2",
            b"201/05/20",
            b"2019-5/20",
            b" 2019/5/20",
            "２０１９-5-20".as_bytes(),
            b"2019-05-20",
        ] {
            assert_eq!(date_habits(bad), None, "{:?}", String::from_utf8_lossy(bad));
            assert_eq!(slash_day(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
    }

    /// Texts shaped like dates: a year, a month and a day of one to three
    /// digits (zero and out of range included), each separator a slash, a
    /// dash, a space or another byte, and sometimes a time or a byte after.
    fn date_like() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let number = |max: u32| {
            (0..=max, 1..=3usize).prop_map(|(n, width)| format!("{n:0width$}").into_bytes())
        };
        let sep = || prop_oneof![Just(b'/'), Just(b'-'), Just(b' '), any::<u8>()];
        let tail = prop_oneof![
            Just(Vec::new()),
            Just(b" 0:00".to_vec()),
            any::<u8>().prop_map(|b| vec![b]),
        ];
        (number(10_000), sep(), number(13), sep(), number(32), tail)
            .prop_map(|(y, s1, m, s2, d, tail)| [&y[..], &[s1], &m, &[s2], &d, &tail].concat())
    }

    proptest::proptest! {
        /// Whatever the text, the fast path gives a day only where
        /// `read_date` gives the same day with slashes as its one habit,
        /// and it gives one wherever `read_date` does.
        #[test]
        fn slash_day_agrees_with_read_date(
            t in proptest::prop_oneof![
                date_like(),
                proptest::collection::vec(proptest::prelude::any::<u8>(), 6..13),
            ]
        ) {
            let full = date_habits(&t);
            let slashes = full.clone().filter(|(_, h)| h == &[Rule::DateSlashes]);
            proptest::prop_assert_eq!(slash_day(&t), slashes.map(|(d, _)| d));
        }
    }

    #[test]
    fn values_in_office_forms() {
        assert_eq!(
            value_habits(b"12,345.67", 2),
            Some((1_234_567, vec![Rule::ThousandsSeparators]))
        );
        assert_eq!(
            value_habits(b"-1,234", 0),
            Some((-1_234, vec![Rule::ThousandsSeparators]))
        );
        assert_eq!(
            value_habits(b"114500.0000", 2),
            Some((11_450_000, vec![Rule::TrailingFractionZeros]))
        );
        assert_eq!(
            value_habits(b"-2000.0000", 2),
            Some((-200_000, vec![Rule::TrailingFractionZeros]))
        );
        // A count has no fraction digits, zeros or not.
        assert_eq!(value_habits(b"120.000", 0), None);
        // The largest amount with separators and zeros, and text past the
        // plain form's room (too many digits for any amount, or zeros).
        assert_eq!(
            value_habits(
                b"92,233,720,368,547,758.0700000000000000000000000000000000000000",
                2
            ),
            Some((
                i64::MAX,
                vec![Rule::ThousandsSeparators, Rule::TrailingFractionZeros]
            ))
        );
        let long = format!("1{}", ",000".repeat(16));
        assert_eq!(value_habits(long.as_bytes(), 0), None);
        assert_eq!(value_habits(format!("{long}.5").as_bytes(), 2), None);
        assert_eq!(
            value_habits(b"1,234.500", 2),
            Some((
                123_450,
                vec![Rule::ThousandsSeparators, Rule::TrailingFractionZeros]
            ))
        );
        // Anything that could lose or move a digit stays an error.
        for bad in [
            &b"1,23,456"[..],
            b"12,34",
            b",123",
            b"1234,567",
            b"0,123",
            b"1.2E+05",
            b"12.345",
            b"114500.0010",
            b"1,234.5.0",
            "１２３".as_bytes(),
            b"12345",
        ] {
            assert_eq!(
                value_habits(bad, 2),
                None,
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
