//! The rows in the order they are written: as generated, or sorted by date
//! ([`IdStyle::DateSorted`]) in bounded memory.
//!
//! Sorting by date streams too: one pass counts the rows of each day, the
//! days are cut into windows of at most [`WINDOW`] rows, and each window is a
//! further pass of the (deterministic) stream that keeps only its days and
//! sorts them stably. Memory stays at one window of rows; the price is one
//! generation pass per window.

use chrono::NaiveDate;

use super::stream::{Row, Stream};
use super::{GenerateOptions, IdStyle};
use crate::{Error, Programme};

/// The most rows a date-sorted pass holds (about 128 bytes each).
const WINDOW: u64 = 1 << 19;

/// The generated rows, in file order.
pub(super) enum Rows<'p> {
    /// As generated (boxed: the stream's tables dwarf the sorted variant).
    Generated(Box<Stream<'p>>),
    /// Sorted by date, a window of days at a time.
    DateSorted(DateSorted<'p>),
}

impl<'p> Rows<'p> {
    pub(super) fn new(p: &'p Programme, opts: &GenerateOptions) -> Result<Rows<'p>, Error> {
        Rows::with_window(p, opts, WINDOW)
    }

    /// As [`Rows::new`], sorting at most `window` rows at a time.
    pub(super) fn with_window(
        p: &'p Programme,
        opts: &GenerateOptions,
        window: u64,
    ) -> Result<Rows<'p>, Error> {
        let stream = Stream::new(p, opts)?;
        if opts.ids != IdStyle::DateSorted {
            return Ok(Rows::Generated(Box::new(stream)));
        }
        // Rows a day, from the first day of the ledger.
        let first = stream.t.calendar.range(first_month(&stream)).0;
        let mut per_day: Vec<u64> = Vec::new();
        for r in stream {
            let d = day(first, r.date);
            if d >= per_day.len() {
                per_day.resize(d + 1, 0);
            }
            per_day[d] += 1;
        }
        // Windows of whole days, each of at most WINDOW rows unless one day
        // holds more.
        let mut windows = Vec::new();
        let (mut start, mut rows) = (0, 0);
        for (d, &n) in per_day.iter().enumerate() {
            if rows > 0 && rows + n > window {
                windows.push((start, d));
                (start, rows) = (d, 0);
            }
            rows += n;
        }
        if rows > 0 {
            windows.push((start, per_day.len()));
        }
        windows.reverse();
        Ok(Rows::DateSorted(DateSorted {
            p,
            opts: opts.clone(),
            first,
            windows,
            buffer: Vec::new().into_iter(),
        }))
    }
}

fn first_month(s: &Stream<'_>) -> crate::StatMonth {
    crate::StatMonth::from_ordinal(s.t.first_month)
}

/// Days from `first` to `date` (never negative: no row is dated before the
/// first day).
fn day(first: NaiveDate, date: NaiveDate) -> usize {
    usize::try_from((date - first).num_days()).expect("no row before the first day")
}

/// The date-sorted rows: windows of days still to pass over (last first)
/// and the sorted rows of the current one.
pub(super) struct DateSorted<'p> {
    p: &'p Programme,
    opts: GenerateOptions,
    first: NaiveDate,
    windows: Vec<(usize, usize)>,
    buffer: std::vec::IntoIter<Row>,
}

impl Iterator for DateSorted<'_> {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        loop {
            if let Some(r) = self.buffer.next() {
                return Some(r);
            }
            let (lo, hi) = self.windows.pop()?;
            let stream = Stream::new(self.p, &self.opts).expect("checked by Rows::new");
            let first = self.first;
            let mut rows: Vec<Row> = stream
                .filter(|r| (lo..hi).contains(&day(first, r.date)))
                .collect();
            // Stable: a correction dated on its original's day stays after it.
            rows.sort_by_key(|r| r.date);
            self.buffer = rows.into_iter();
        }
    }
}

impl Iterator for Rows<'_> {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        match self {
            Rows::Generated(s) => s.next(),
            Rows::DateSorted(s) => s.next(),
        }
    }
}
