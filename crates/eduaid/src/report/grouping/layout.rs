//! How a group becomes one integer: a mixed-radix number with a digit per
//! *part* (a key column, or project and measure as one pair digit), time
//! the most significant, so that entries close in time (ledgers are mostly
//! chronological) fall in one compact block of cells.
//!
//! A code's digit is its rank among the codes known when the layout is
//! made (all of them for a loaded ledger, the programme's lists for a
//! ledger being read); a code met later, in an open list, takes the next
//! digit. A pair's digit numbers the pairs the programme declares first: a
//! project reports a few of the measures, so the cells of the pairs it
//! does not report are never touched. A time digit counts months (or
//! years) from the first. A layout grows as a ledger is read
//! ([`Layout::admit`]), with room to spare, and says how the keys already
//! made move ([`Rekey`]).

// Day and digit offsets are taken from the layout's own minimum, so they
// are never negative; the casts below cannot lose a sign.
#![allow(clippy::cast_sign_loss, clippy::cast_possible_wrap)]

use chrono::NaiveDate;

use super::keys::KeyTable;
use crate::ledger::{Codes, NONE32, Vals, date_to_day, day_to_date};
use crate::{Dim, Error, StatCalendar};

/// A slot's share of the key when it has no digit yet.
const NO_DIGIT: u64 = u64::MAX;

/// The first and last dates a ledger may hold.
const FIRST_DATE: NaiveDate = NaiveDate::from_ymd_opt(1, 1, 1).expect("valid");
const LAST_DATE: NaiveDate = NaiveDate::from_ymd_opt(9999, 12, 31).expect("valid");

/// What a part's digit stands for, and so what its slots are
/// ([`Layout::with_slots`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(in crate::report) enum Axis {
    /// A code column.
    Code(Dim),
    /// The project and measure columns, one slot per pair.
    Pair,
    /// A time column (month or year): the day's offset from the layout's
    /// first day.
    Time(Dim),
}

/// One digit of the packed key.
#[derive(Clone, Debug)]
pub(in crate::report) struct Part {
    pub(in crate::report) axis: Axis,
    /// Slot to digit times stride: the part's share of the key, or
    /// `NO_DIGIT`.
    pub(in crate::report) scaled: Vec<u64>,
    /// Slot to digit, or `NONE32`.
    digits: Vec<u32>,
    /// Digit to a slot that has it (codes and pairs).
    pub(super) slots: Vec<u32>,
    pub(super) stride: u64,
    pub(super) card: u64,
}

impl Part {
    fn new(axis: Axis, digits: Vec<u32>, slots: Vec<u32>) -> Part {
        let (scaled, stride, card) = (Vec::new(), 1, 1);
        Part {
            axis,
            scaled,
            digits,
            slots,
            stride,
            card,
        }
    }

    fn has(&self, slot: usize) -> bool {
        self.digits.get(slot).is_some_and(|&d| d != NONE32)
    }

    /// Gives `slot` the next digit.
    fn number(&mut self, slot: usize) {
        if self.digits.len() <= slot {
            self.digits.resize(slot + 1, NONE32);
        }
        self.digits[slot] = self.slots.len() as u32;
        self.slots.push(slot as u32);
    }

    /// Digits in use: a code's or pair's as numbered, a time's up to the
    /// last day's.
    fn needed(&self) -> u64 {
        match self.axis {
            Axis::Time(_) => self.digits.last().map_or(1, |&d| u64::from(d) + 1),
            _ => self.slots.len().max(1) as u64,
        }
    }
}

/// The packed key of a query's groups.
#[derive(Clone, Debug)]
pub(in crate::report) struct Layout {
    /// The key columns, in output order.
    pub(in crate::report) columns: Vec<Dim>,
    /// Least significant first: codes and the pair in reverse column order,
    /// then time.
    pub(in crate::report) parts: Vec<Part>,
    /// The day at time slot 0.
    pub(in crate::report) first_day: i32,
    /// The statistics month ordinal of month digit 0 (its year is year
    /// digit 0).
    pub(super) origin: i32,
    calendar: StatCalendar,
    /// Measure ids, the radix of a pair slot.
    pub(in crate::report) measures: usize,
    /// Possible keys: the product of the parts' cards.
    keys: u64,
}

/// The ordinal a time part counts from, of a month ordinal.
fn time_origin(dim: Dim, month: i32) -> i32 {
    if dim == Dim::Year {
        month.div_euclid(12)
    } else {
        month
    }
}

impl Layout {
    /// The layout of `columns` (the measure among them) over the codes
    /// known now, the time parts covering `days` when given, and numbered
    /// the (project, measure) pairs the programme declares, then those of
    /// the others set in `seen` (a loaded ledger's pairs, a bit each at
    /// `project * measures + measure`; a streamed read numbers the others
    /// as they come).
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] when the grouping has more possible groups than
    /// 2^64.
    pub(in crate::report) fn new(
        codes: &Codes,
        columns: Vec<Dim>,
        calendar: StatCalendar,
        days: Option<(i32, i32)>,
        seen: Option<&[u64]>,
    ) -> Result<Layout, Error> {
        let paired = columns.contains(&Dim::Project);
        let is_time = |d: &Dim| matches!(d, Dim::Month | Dim::Year);
        let mut parts: Vec<Part> = (columns.iter().rev())
            .filter(|d| !(is_time(d) || paired && **d == Dim::Project))
            .map(|&d| {
                if d == Dim::Measure && paired {
                    let mut p = Part::new(Axis::Pair, vec![NONE32; codes.reports.len()], vec![]);
                    let seen = |s: usize| {
                        seen.and_then(|bits| bits.get(s / 64))
                            .is_some_and(|w| w >> (s % 64) & 1 == 1)
                    };
                    for declared in [true, false] {
                        let pairs = codes.reports.iter().enumerate();
                        pairs
                            .filter(|&(s, &d)| d == declared && (d || seen(s)))
                            .for_each(|(s, _)| p.number(s));
                    }
                    return p;
                }
                let t = KeyTable::code(codes, d);
                let mut slots = vec![0; t.keys.len()];
                for (s, &r) in t.rank.iter().enumerate().rev() {
                    slots[r as usize] = s as u32;
                }
                Part::new(Axis::Code(d), t.rank, slots)
            })
            .collect();
        let times = columns.iter().rev().filter(|d| is_time(d));
        parts.extend(times.map(|&d| Part::new(Axis::Time(d), vec![], vec![])));
        let measures = codes.units.len();
        let (first_day, origin, keys) = (0, 0, 1);
        let mut layout = Layout {
            columns,
            parts,
            first_day,
            origin,
            calendar,
            measures,
            keys,
        };
        if let Some((lo, hi)) = days {
            layout.cover(lo, hi);
        }
        layout.restride(false)?;
        Ok(layout)
    }

    /// Possible keys.
    pub(in crate::report) fn keys(&self) -> u64 {
        self.keys
    }

    /// The packed key of an entry, or `None` when a value of it has no
    /// digit yet (see [`Layout::admit`]).
    #[inline]
    pub(in crate::report) fn key(&self, e: &Vals) -> Option<u64> {
        let mut key = 0;
        for p in &self.parts {
            match p.scaled.get(self.slot(p.axis, e)) {
                Some(&d) if d != NO_DIGIT => key += d,
                _ => return None,
            }
        }
        Some(key)
    }

    /// Gives every value of `e` a digit: numbers its new codes and pair,
    /// widens the time range to its day and beyond, by a month or the
    /// range's own length if longer (so that a file of ever later dates
    /// costs amortised constant time a day), within valid dates. Returns
    /// how the keys made so far move when they do.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] when the grouping would have more possible
    /// groups than 2^64.
    pub(in crate::report) fn admit(&mut self, e: &Vals) -> Result<Option<Rekey>, Error> {
        let before: Vec<(u64, u64)> = self.parts.iter().map(|p| (p.stride, p.card)).collect();
        let origin = self.origin;
        let mut moved = false;
        if let Some(time) = self
            .parts
            .last()
            .filter(|p| matches!(p.axis, Axis::Time(_)))
        {
            let days = time.digits.len() as i32;
            if !time.has(self.slot(time.axis, e)) {
                let (lo, hi, room) = (self.first_day, self.first_day + days - 1, days.max(31));
                let (lo, hi) = match days {
                    0 => (e.day - room, e.day + room),
                    _ if e.day < lo => (e.day - room, hi),
                    _ => (lo, e.day + room),
                };
                let (min, max) = (date_to_day(FIRST_DATE), date_to_day(LAST_DATE));
                self.cover(lo.max(min).min(e.day), hi.min(max).max(e.day));
                moved = true;
            }
        }
        for i in 0..self.parts.len() {
            let s = self.slot(self.parts[i].axis, e);
            let p = &mut self.parts[i];
            if matches!(p.axis, Axis::Time(_)) || p.has(s) {
                continue;
            }
            p.number(s);
            if p.needed() > p.card {
                moved = true;
            } else {
                p.scaled.resize(p.digits.len(), NO_DIGIT);
                p.scaled[s] = (p.needed() - 1) * p.stride;
            }
        }
        if !moved {
            return Ok(None);
        }
        if self.restride(true).is_err() {
            self.restride(false)?;
        }
        let parts = before
            .into_iter()
            .zip(&self.parts)
            .map(|((stride, card), p)| {
                let shift = match p.axis {
                    Axis::Time(d) => time_origin(d, origin) - time_origin(d, self.origin),
                    _ => 0,
                };
                (stride, card, shift as u64, p.stride)
            });
        Ok(Some(Rekey(parts.collect())))
    }

    /// Sets the time parts' digits over the days `lo..=hi`.
    fn cover(&mut self, lo: i32, hi: i32) {
        let c = self.calendar;
        let months: Vec<i32> = (lo..=hi)
            .map(|d| c.month_of(day_to_date(d)).ordinal())
            .collect();
        (self.first_day, self.origin) = (lo, months[0]);
        for p in &mut self.parts {
            if let Axis::Time(dim) = p.axis {
                let first = time_origin(dim, self.origin);
                p.digits = months
                    .iter()
                    .map(|&o| (time_origin(dim, o) - first) as u32)
                    .collect();
            }
        }
    }

    /// Sets each part's card (with room to spare for codes yet to come when
    /// `room`), stride and scaled table.
    fn restride(&mut self, room: bool) -> Result<(), Error> {
        let mut stride = 1u64;
        for p in &mut self.parts {
            let needed = p.needed();
            p.card = match p.axis {
                Axis::Time(_) => needed,
                // A pair's slots are every (project, measure).
                Axis::Pair if room && needed > p.card => {
                    needed.max(2 * p.card).min(p.digits.len() as u64)
                }
                _ if room && needed > p.card => needed.max(2 * p.card),
                _ if room => p.card,
                _ => needed,
            };
            p.stride = stride;
            stride = stride.checked_mul(p.card).ok_or_else(|| {
                Error::Overflow("the grouping has more possible groups than 2^64".into())
            })?;
        }
        self.keys = stride;
        for p in &mut self.parts {
            let scale = |&d: &u32| {
                if d == NONE32 {
                    NO_DIGIT
                } else {
                    u64::from(d) * p.stride
                }
            };
            p.scaled = p.digits.iter().map(scale).collect();
        }
        Ok(())
    }
}

/// How the keys of a layout move when it grows: per part, the old stride
/// and card, the digit's shift (time only) and the new stride.
#[derive(Debug)]
pub(in crate::report) struct Rekey(Vec<(u64, u64, u64, u64)>);

impl Rekey {
    /// Whether no key moves (only the most significant card grew).
    pub(in crate::report) fn is_identity(&self) -> bool {
        self.0.iter().all(|&(s, _, shift, n)| s == n && shift == 0)
    }

    /// The new key of an old one.
    pub(in crate::report) fn key(&self, k: u64) -> u64 {
        let digit = |(s, c, shift, n): (u64, u64, u64, u64)| ((k / s) % c + shift) * n;
        self.0.iter().copied().map(digit).sum()
    }
}
