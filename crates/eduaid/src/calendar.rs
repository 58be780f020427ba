//! Dates and the statistics calendar: all work is totalled on the cutoff day
//! (the 25th by default) of each month.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::Error;

/// Parses an ISO `YYYY-MM-DD` date, checking it exists (no 2019-02-29).
///
/// A hand parse of the ten bytes: about fourteen times faster than
/// `NaiveDate::parse_from_str`, and stricter (no other widths or separators).
///
/// # Errors
///
/// [`Error::InvalidDate`] naming the text and what is wrong with it.
///
/// ```
/// use eduaid::parse_date;
/// assert_eq!(parse_date("2019-06-25")?.to_string(), "2019-06-25");
/// assert!(parse_date("2019-02-29").is_err());
/// assert!(parse_date("25/06/2019").is_err());
/// # Ok::<(), eduaid::Error>(())
/// ```
pub fn parse_date(text: &str) -> Result<NaiveDate, Error> {
    parse_date_bytes(text.as_bytes()).map_err(|reason| Error::InvalidDate {
        value: text.to_owned(),
        reason,
    })
}

/// The byte-level form of [`parse_date`], for the ledger reader.
pub(crate) fn parse_date_bytes(b: &[u8]) -> Result<NaiveDate, &'static str> {
    let (year, month, day) = parse_ymd(b)?;
    Ok(NaiveDate::from_ymd_opt(year, month, day).expect("checked by parse_ymd"))
}

/// As [`parse_date_bytes`], giving days from the common era
/// (`NaiveDate::num_days_from_ce`) without building a `NaiveDate`.
/// Inlined: the reader's hot path calls it once a row.
#[inline]
pub(crate) fn parse_day_bytes(b: &[u8]) -> Result<i32, &'static str> {
    let (year, month, day) = ymd_digits(b)?;
    day_number(year, month, day)
}

/// The day from the common era of a year (up to 9999), month and day read
/// as numbers, checked as [`parse_date`] checks them: year 1 to 9999, a
/// real month and day. A year's first day and whether it is leap come
/// from a table ([`YEAR_STARTS`]), with no division.
#[inline]
pub(crate) fn day_number(year: u32, month: u32, day: u32) -> Result<i32, &'static str> {
    /// Days before the first of each month in a common year.
    const BEFORE: [i32; 13] = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    // The month's length from a table, not a match: months come at
    // random, and a branch on them was mispredicted on many rows.
    const LAST: [u32; 13] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if year == 0 {
        // Statistics months run from year 1 (`StatMonth::new`).
        return Err("no year 0000");
    }
    if !(1..=12).contains(&month) {
        return Err("no such month");
    }
    let (Some(&start), Some(&next)) = (
        YEAR_STARTS.get(year as usize),
        YEAR_STARTS.get(year as usize + 1),
    ) else {
        return Err("no year after 9999");
    };
    let leap = next - start == 366;
    let last = LAST[month as usize] + u32::from((month == 2) & leap);
    if day == 0 || day > last {
        return Err("no such day in that month");
    }
    #[allow(clippy::cast_possible_wrap)] // day is 1 to 31
    Ok(start + BEFORE[month as usize] + i32::from((month > 2) & leap) + day as i32)
}

/// Days from the common era before the first of January of each year,
/// from year 1 to 10000 (by index; index 0 unused).
static YEAR_STARTS: [i32; 10001] = year_starts();

#[allow(clippy::large_stack_arrays)] // evaluated once, by the compiler
const fn year_starts() -> [i32; 10001] {
    let mut starts = [0; 10001];
    let (mut at, mut y) = (1, 0);
    while at <= 10000 {
        // `y` years before year `at`.
        starts[at] = y * 365 + y / 4 - y / 100 + y / 400;
        (at, y) = (at + 1, y + 1);
    }
    starts
}

/// The year, month and day numbers of a `YYYY-MM-DD` text, its form
/// checked (not whether the day exists).
#[inline]
fn ymd_digits(b: &[u8]) -> Result<(u32, u32, u32), &'static str> {
    const DIGITS: u64 = 0x3030_3030_3030_3030;
    const HIGH: u64 = 0xf0f0_f0f0_f0f0_f0f0;
    const DASHES: u64 = 0xff00_00ff_0000_0000; // bytes 4 and 7
    let Ok(b) = <&[u8; 10]>::try_from(b) else {
        return Err("expected YYYY-MM-DD");
    };
    // The eight digits as one word, the dashes' places set to '0' once
    // checked: every byte of `w` must then be an ASCII digit, which is true
    // exactly when its high nibble is 3 and adding 6 to it keeps it 3.
    let w8 = u64::from_le_bytes(b[..8].try_into().expect("8 bytes"));
    let dd = u64::from(u16::from_le_bytes([b[8], b[9]]));
    let w = (w8 & !DASHES) | (DIGITS & DASHES);
    let digits_ok = |x: u64| x & HIGH == DIGITS && (x + 0x0606_0606_0606_0606) & HIGH == DIGITS;
    let days_ok = |x: u64| x & 0xf0f0 == 0x3030 && (x + 0x0606) & 0xf0f0 == 0x3030;
    if w8 & DASHES != (0x2d2d_2d2d_2d2d_2d2d & DASHES) || !digits_ok(w) || !days_ok(dd) {
        return Err("expected YYYY-MM-DD");
    }
    let n = w & 0x0f0f_0f0f_0f0f_0f0f; // digit values, one a byte
    #[allow(clippy::cast_possible_truncation)] // single digits
    let digit = |i: u32| (n >> (8 * i)) as u32 & 0xff;
    let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
    let month = digit(5) * 10 + digit(6);
    let day = (dd as u32 & 0x0f) * 10 + (dd as u32 >> 8 & 0x0f);
    Ok((year, month, day))
}

/// A checked `YYYY-MM-DD`: year 1 to 9999, a real month and day.
#[inline]
fn parse_ymd(b: &[u8]) -> Result<(i32, u32, u32), &'static str> {
    let (year, month, day) = ymd_digits(b)?;
    day_number(year, month, day)?;
    #[allow(clippy::cast_possible_wrap)] // at most 9999
    Ok((year as i32, month, day))
}

/// A statistics month: the period that closes on the cutoff day of `month`.
///
/// Displays and parses as `YYYY-MM`. Ordered in time.
///
/// The months run from `0001-01` to `10000-01`: dates run to 9999-12-31,
/// and with a cutoff before the 31st the last days of December 9999 close
/// in January 10000, the one month written with five year digits (it
/// displays and parses as `10000-01`), so that every date's month reads
/// back.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StatMonth {
    year: i32,
    month: u8,
}

impl StatMonth {
    /// The statistics month `year`-`month`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDate`] when `month` is not 1 to 12 or the year is outside
    /// 1 to 9999 (but for the last month, `10000-01`).
    ///
    /// ```
    /// use eduaid::StatMonth;
    /// assert_eq!(StatMonth::new(2019, 6)?.to_string(), "2019-06");
    /// assert!(StatMonth::new(2019, 13).is_err());
    /// assert_eq!(StatMonth::new(10000, 1)?, StatMonth::LAST);
    /// assert!(StatMonth::new(10000, 2).is_err());
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    pub fn new(year: i32, month: u32) -> Result<StatMonth, Error> {
        let last = (year, month) == (StatMonth::LAST.year, StatMonth::LAST.month());
        if !last && (!(1..=12).contains(&month) || !(1..=9999).contains(&year)) {
            return Err(Error::InvalidDate {
                value: format!("{year:04}-{month:02}"),
                reason: "no such statistics month",
            });
        }
        Ok(StatMonth {
            year,
            month: month as u8,
        })
    }

    /// The first statistics month, `0001-01`.
    pub const FIRST: StatMonth = StatMonth { year: 1, month: 1 };

    /// The last statistics month, `10000-01`: that of 26 to 31 December
    /// 9999 under the default cutoff.
    pub const LAST: StatMonth = StatMonth {
        year: 10_000,
        month: 1,
    };

    /// The year the period belongs to (the statistics year).
    #[must_use]
    pub const fn year(self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    #[must_use]
    pub const fn month(self) -> u32 {
        self.month as u32
    }

    /// Months since year 0: a dense ordinal for indexing and arithmetic.
    #[must_use]
    pub const fn ordinal(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }

    /// The month from its [`ordinal`](Self::ordinal).
    #[must_use]
    pub const fn from_ordinal(ordinal: i32) -> StatMonth {
        StatMonth {
            year: ordinal.div_euclid(12),
            month: (ordinal.rem_euclid(12) + 1) as u8,
        }
    }

    /// The following month.
    #[must_use]
    pub const fn next(self) -> StatMonth {
        StatMonth::from_ordinal(self.ordinal() + 1)
    }

    /// The preceding month.
    #[must_use]
    pub const fn prev(self) -> StatMonth {
        StatMonth::from_ordinal(self.ordinal() - 1)
    }
}

impl fmt::Display for StatMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = Vec::with_capacity(12);
        self.push_to(&mut text);
        f.write_str(std::str::from_utf8(&text).expect("digits and a dash"))
    }
}

impl StatMonth {
    /// Appends the month as `YYYY-MM` (what [`Display`](fmt::Display)
    /// writes), without going through `fmt` for the years of four digits.
    pub(crate) fn push_to(self, out: &mut Vec<u8>) {
        use std::io::Write as _;
        match u16::try_from(self.year) {
            Ok(y) if y <= 9999 => {
                let digit = |n: u16| b'0' + (n % 10) as u8;
                out.extend_from_slice(&[
                    digit(y / 1000),
                    digit(y / 100),
                    digit(y / 10),
                    digit(y),
                    b'-',
                    b'0' + self.month / 10,
                    b'0' + self.month % 10,
                ]);
            }
            _ => write!(out, "{:04}-{:02}", self.year, self.month)
                .expect("writing to a Vec cannot fail"),
        }
    }
}

impl fmt::Debug for StatMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StatMonth({self})")
    }
}

impl FromStr for StatMonth {
    type Err = Error;
    fn from_str(s: &str) -> Result<StatMonth, Error> {
        let bad = || Error::InvalidDate {
            value: s.to_owned(),
            reason: "expected a statistics month YYYY-MM",
        };
        if s == "10000-01" {
            return Ok(StatMonth::LAST);
        }
        let b = s.as_bytes();
        if b.len() != 7
            || b[4] != b'-'
            || !b
                .iter()
                .enumerate()
                .all(|(i, c)| i == 4 || c.is_ascii_digit())
        {
            return Err(bad());
        }
        let year: i32 = s[..4].parse().map_err(|_| bad())?;
        let month: u32 = s[5..].parse().map_err(|_| bad())?;
        StatMonth::new(year, month)
    }
}

impl TryFrom<String> for StatMonth {
    type Error = Error;
    fn try_from(s: String) -> Result<StatMonth, Error> {
        s.parse()
    }
}

impl From<StatMonth> for String {
    fn from(m: StatMonth) -> String {
        m.to_string()
    }
}

/// The statistics calendar: which statistics month a date belongs to.
///
/// Each statistics month closes on the *cutoff day* (the 25th by default, as
/// the Beijing-Baoding programme totals its work "on the 25th of each month").
/// So with the default, 26 May to 25 June is the June period, and 26 December
/// belongs to January of the next year.
///
/// **Short months.** A cutoff of 29, 30 or 31 does not exist in every month. In
/// such a month the period closes on the month's last day instead: with cutoff
/// 31 the statistics months are the calendar months; with cutoff 30, February's
/// period closes on 28 (or 29) February and March's runs from 1 to 30 March.
/// The periods therefore always tile the calendar, with no gap and no overlap.
///
/// ```
/// use eduaid::{Date, StatCalendar};
/// let cal = StatCalendar::default();
/// let d = |y, m, d| Date::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(cal.month_of(d(2019, 6, 25)).to_string(), "2019-06");
/// assert_eq!(cal.month_of(d(2019, 6, 26)).to_string(), "2019-07");
/// assert_eq!(cal.month_of(d(2019, 12, 26)).to_string(), "2020-01");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct StatCalendar {
    cutoff: u8,
}

impl Default for StatCalendar {
    fn default() -> Self {
        StatCalendar { cutoff: 25 }
    }
}

impl StatCalendar {
    /// The default cutoff day.
    pub const DEFAULT_CUTOFF: u8 = 25;

    /// A calendar closing each month on `cutoff` (1 to 31).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidCutoff`] when `cutoff` is not 1 to 31.
    ///
    /// ```
    /// use eduaid::StatCalendar;
    /// assert_eq!(StatCalendar::new(20)?.cutoff(), 20);
    /// assert!(StatCalendar::new(0).is_err());
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    pub fn new(cutoff: u8) -> Result<StatCalendar, Error> {
        if (1..=31).contains(&cutoff) {
            Ok(StatCalendar { cutoff })
        } else {
            Err(Error::InvalidCutoff(cutoff))
        }
    }

    /// The cutoff day.
    #[must_use]
    pub const fn cutoff(self) -> u8 {
        self.cutoff
    }

    /// The day on which `year`-`month`'s period closes.
    fn close_day(self, year: i32, month: u32) -> u32 {
        u32::from(self.cutoff).min(days_in_month(year, month))
    }

    /// The statistics month a date belongs to. For every date from
    /// 0001-01-01 to 9999-12-31 it is one of [`StatMonth::FIRST`] to
    /// [`StatMonth::LAST`], so it displays as text that parses back.
    #[must_use]
    pub fn month_of(self, date: NaiveDate) -> StatMonth {
        let (y, m) = (date.year(), date.month());
        let here = StatMonth {
            year: y,
            month: m as u8,
        };
        if date.day() <= self.close_day(y, m) {
            here
        } else {
            here.next()
        }
    }

    /// The statistics year a date belongs to (that of its statistics month).
    #[must_use]
    pub fn year_of(self, date: NaiveDate) -> i32 {
        self.month_of(date).year
    }

    /// The first and last day (inclusive) of a statistics month.
    #[must_use]
    pub fn range(self, month: StatMonth) -> (NaiveDate, NaiveDate) {
        let prev = month.prev();
        let last_prev = NaiveDate::from_ymd_opt(
            prev.year,
            prev.month(),
            self.close_day(prev.year, prev.month()),
        )
        .expect("the close day exists in its month");
        let last = NaiveDate::from_ymd_opt(
            month.year,
            month.month(),
            self.close_day(month.year, month.month()),
        )
        .expect("the close day exists in its month");
        (last_prev.succ_opt().expect("within chrono's range"), last)
    }

    /// The first and last day (inclusive) of a statistics year: from the day
    /// after December's cutoff of the year before to December's cutoff.
    #[must_use]
    pub fn year_range(self, year: i32) -> (NaiveDate, NaiveDate) {
        let jan = StatMonth { year, month: 1 };
        let dec = StatMonth { year, month: 12 };
        (self.range(jan).0, self.range(dec).1)
    }
}

impl TryFrom<u8> for StatCalendar {
    type Error = Error;
    fn try_from(c: u8) -> Result<Self, Error> {
        StatCalendar::new(c)
    }
}

impl From<StatCalendar> for u8 {
    fn from(c: StatCalendar) -> u8 {
        c.cutoff
    }
}

/// Days in a calendar month.
pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if NaiveDate::from_ymd_opt(year, 2, 29).is_some() => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn default_cutoff_is_the_25th() {
        let cal = StatCalendar::default();
        assert_eq!(cal.month_of(d(2019, 5, 26)).to_string(), "2019-06");
        assert_eq!(cal.month_of(d(2019, 6, 25)).to_string(), "2019-06");
        assert_eq!(cal.month_of(d(2019, 12, 26)).to_string(), "2020-01");
        assert_eq!(cal.year_of(d(2019, 12, 26)), 2020);
        assert_eq!(
            cal.range(StatMonth::new(2019, 6).unwrap()),
            (d(2019, 5, 26), d(2019, 6, 25))
        );
        assert_eq!(cal.year_range(2019), (d(2018, 12, 26), d(2019, 12, 25)));
    }

    #[test]
    fn short_months_close_on_their_last_day() {
        let cal = StatCalendar::new(30).unwrap();
        assert_eq!(
            cal.range(StatMonth::new(2019, 2).unwrap()),
            (d(2019, 1, 31), d(2019, 2, 28))
        );
        assert_eq!(
            cal.range(StatMonth::new(2019, 3).unwrap()),
            (d(2019, 3, 1), d(2019, 3, 30))
        );
        assert_eq!(cal.month_of(d(2019, 1, 31)).to_string(), "2019-02");
        let cal31 = StatCalendar::new(31).unwrap();
        assert_eq!(
            cal31.range(StatMonth::new(2020, 2).unwrap()),
            (d(2020, 2, 1), d(2020, 2, 29))
        );
        assert_eq!(cal31.month_of(d(2020, 12, 31)).to_string(), "2020-12");
    }

    #[test]
    fn the_months_of_the_last_days_parse_back() {
        // 26 December 9999 closes in January 10000 under the default cutoff.
        for cutoff in 1..=31 {
            let cal = StatCalendar::new(cutoff).unwrap();
            for day in 1..=31 {
                let m = cal.month_of(d(9999, 12, day));
                assert!(m <= StatMonth::LAST, "{cutoff} {day}");
                assert_eq!(m.to_string().parse::<StatMonth>().unwrap(), m);
                let (first, last) = cal.range(m);
                assert!(first <= d(9999, 12, day) && d(9999, 12, day) <= last);
            }
            let first = cal.month_of(d(1, 1, 1));
            assert_eq!(first, StatMonth::FIRST);
            assert_eq!(first.to_string().parse::<StatMonth>().unwrap(), first);
        }
        let cal = StatCalendar::default();
        assert_eq!(cal.month_of(d(9999, 12, 25)).to_string(), "9999-12");
        assert_eq!(cal.month_of(d(9999, 12, 26)).to_string(), "10000-01");
        assert_eq!(cal.year_of(d(9999, 12, 31)), 10_000);
        assert_eq!(
            cal.range(StatMonth::LAST),
            (d(9999, 12, 26), d(10_000, 1, 25))
        );
        assert_eq!(
            StatCalendar::new(31)
                .unwrap()
                .month_of(d(9999, 12, 31))
                .to_string(),
            "9999-12"
        );
        for bad in ["10000-02", "10001-01", "10000-1", "00000-01", "0000-12"] {
            assert!(bad.parse::<StatMonth>().is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<StatMonth>(r#""10000-01""#).is_ok());
    }

    #[test]
    fn cutoff_bounds() {
        assert!(StatCalendar::new(0).is_err());
        assert!(StatCalendar::new(32).is_err());
        assert!(StatCalendar::new(1).is_ok());
        assert!(serde_json::from_str::<StatCalendar>("40").is_err());
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(parse_date("2016-02-29").unwrap(), d(2016, 2, 29));
        for bad in [
            "0000-01-01",
            "2019-02-29",
            "2019-13-01",
            "2019-00-10",
            "2019-1-01",
            "2019/01/01",
            "20190101",
            " 2019-01-01",
            "2019-01-32",
            "２０１９-01-01",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn stat_months_parse_and_order() {
        let m: StatMonth = "2019-06".parse().unwrap();
        assert_eq!(m.next().to_string(), "2019-07");
        assert_eq!(
            StatMonth::new(2019, 12).unwrap().next().to_string(),
            "2020-01"
        );
        assert_eq!(
            StatMonth::new(2020, 1).unwrap().prev().to_string(),
            "2019-12"
        );
        assert!("2019-6".parse::<StatMonth>().is_err());
        assert!("2019-13".parse::<StatMonth>().is_err());
        assert!(StatMonth::new(2019, 1).unwrap() < StatMonth::new(2019, 2).unwrap());
    }

    /// `parse_ymd` a byte at a time (as it was before it read words), days
    /// checked by chrono.
    fn parse_ymd_bytewise(b: &[u8]) -> Result<(i32, u32, u32), &'static str> {
        let Ok(b) = <&[u8; 10]>::try_from(b) else {
            return Err("expected YYYY-MM-DD");
        };
        let d = |i: usize| u32::from(b[i].wrapping_sub(b'0'));
        let n = [d(0), d(1), d(2), d(3), d(5), d(6), d(8), d(9)];
        if n.iter().any(|&x| x > 9) || b[4] != b'-' || b[7] != b'-' {
            return Err("expected YYYY-MM-DD");
        }
        let year = n[0] * 1000 + n[1] * 100 + n[2] * 10 + n[3];
        let (month, day) = (n[4] * 10 + n[5], n[6] * 10 + n[7]);
        if year == 0 {
            return Err("no year 0000");
        }
        if !(1..=12).contains(&month) {
            return Err("no such month");
        }
        // Whether the day exists: chrono's calendar, not this module's.
        if NaiveDate::from_ymd_opt(i32::try_from(year).unwrap(), month, day).is_none() {
            return Err("no such day in that month");
        }
        Ok((i32::try_from(year).unwrap(), month, day))
    }

    proptest::proptest! {
        #[test]
        fn word_date_parse_agrees_with_bytewise(
            digits in proptest::collection::vec(0u8..10, 8),
            hits in proptest::collection::vec(
                (0usize..11, proptest::sample::select(b"0123456789-/ :;?\x80\xff\x06\x2f".to_vec())),
                0..3,
            ),
            len in 8usize..12,
        ) {
            // Well-formed text, every field in range or not, then a few
            // bytes changed (digits next to '0' and '9' among them) and the
            // length cut or padded.
            let mut t = format!(
                "{}{}{}{}-{}{}-{}{}",
                digits[0], digits[1], digits[2], digits[3], digits[4] % 2,
                digits[5], digits[6] % 4, digits[7]
            )
            .into_bytes();
            for (at, b) in hits {
                if let Some(x) = t.get_mut(at) {
                    *x = b;
                }
            }
            t.resize(len, b'1');
            proptest::prop_assert_eq!(parse_ymd(&t), parse_ymd_bytewise(&t));
        }
    }

    #[test]
    fn day_parse_agrees_with_chrono_on_every_day() {
        use chrono::Datelike;
        let mut d = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
        loop {
            let text = d.format("%Y-%m-%d").to_string();
            assert_eq!(
                parse_day_bytes(text.as_bytes()),
                Ok(d.num_days_from_ce()),
                "{text}"
            );
            if d == last {
                break;
            }
            d = d.succ_opt().unwrap();
        }
        for bad in [
            "2019-02-29",
            "2000-02-30",
            "1900-02-29",
            "2019-04-31",
            "2019-00-10",
            "0000-01-01",
        ] {
            assert!(parse_day_bytes(bad.as_bytes()).is_err(), "{bad}");
            assert_eq!(
                parse_day_bytes(bad.as_bytes()).is_err(),
                parse_date_bytes(bad.as_bytes()).is_err()
            );
        }
        assert!(parse_day_bytes(b"2000-02-29").is_ok());
    }
}
