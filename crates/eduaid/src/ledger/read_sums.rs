//! Month sums taken while a ledger CSV is read, when the read is asked for
//! them ([`ReadOptions::fingerprints_through`]): the thread that checks a
//! block of rows also fingerprints the canonical line of each row that
//! passed its own checks, as soon as it has checked it (while the row and
//! its text are in cache; in a block that is not clean UTF-8 without
//! carriage returns, once the block is checked), and sums them by month,
//! beside the block's rows (not in them: a row passes from thread to
//! thread). The stage that appends rows in order adds a block's sums,
//! and takes out again the fingerprint of a row it refuses (a duplicate
//! id, a correction of nothing: rare), so that only appended entries
//! count. [`CloseLog::check_loaded`] compares the sums with the log's,
//! instead of walking the ledger's columns again and writing every line a
//! second time ([`month_sums`](super::digest::month_sums)).
//!
//! [`ReadOptions::fingerprints_through`]: crate::ReadOptions::fingerprints_through
//! [`CloseLog::check_loaded`]: crate::CloseLog::check_loaded

use std::collections::BTreeMap;

use twox_hash::XxHash3_128;

use super::digest::{MonthSlots, MonthSum};
use super::{Codes, DayMemo, Ledger, LineTexts, LineWriter, Row, Span, date_to_day, day_to_date};
use crate::{ReadOptions, StatMonth};

/// What a thread keeps to fingerprint rows: the code texts of the tables
/// it checks against, a line buffer, the months of days seen.
#[derive(Clone, Debug)]
pub(crate) struct RowPrinter {
    /// The last day of the last month summed.
    last_day: i32,
    texts: LineTexts,
    writer: LineWriter,
    months: DayMemo<i32>,
}

impl RowPrinter {
    pub(crate) fn new(codes: &Codes, last_day: i32) -> RowPrinter {
        RowPrinter {
            last_day,
            texts: LineTexts::new(codes),
            writer: LineWriter::default(),
            months: DayMemo::new(),
        }
    }

    /// The month (ordinal) and fingerprint of the entry `row` (read from
    /// `base`, its new codes at `news`) becomes if it is appended: `None`
    /// for a row its own checks refused or dated after the last day.
    /// `codes` are the tables the row was checked against.
    #[inline]
    pub(crate) fn print(
        &mut self,
        codes: &Codes,
        row: &Row,
        base: &[u8],
        news: &[Span],
    ) -> Option<(i32, u128)> {
        self.texts.sync(codes);
        self.print_synced(codes, row, base, news)
    }

    /// [`RowPrinter::print`] with texts already synced to `codes`.
    #[allow(clippy::inline_always)] // measured (callgrind): as a call, 15 instructions a row more
    #[inline(always)]
    fn print_synced(
        &mut self,
        codes: &Codes,
        row: &Row,
        base: &[u8],
        news: &[Span],
    ) -> Option<(i32, u128)> {
        let (day, line) = (self.writer).row_line(&self.texts, row, base, news, self.last_day)?;
        let cal = codes.programme.calendar();
        let month = (self.months).get(day, |d| cal.month_of(day_to_date(d)).ordinal());
        Some((month, XxHash3_128::oneshot(line)))
    }

    /// Syncs the texts with `codes`, the tables rows are checked against.
    pub(crate) fn sync(&mut self, codes: &Codes) {
        self.texts.sync(codes);
    }

    /// Adds a row's fingerprint to `out` (texts synced: [`RowPrinter::sync`]);
    /// out of line, so the loop that checks rows stays small.
    #[inline(never)]
    pub(crate) fn print_into(
        &mut self,
        codes: &Codes,
        row: &Row,
        base: &[u8],
        news: &[Span],
        out: &mut MonthSlots,
    ) {
        if let Some((month, fingerprint)) = self.print_synced(codes, row, base, news) {
            out.add(month, fingerprint, None);
        }
    }

    /// Sums by month the fingerprints of a checked block's rows (read
    /// from `block`, their new codes' spans `news` in row order) into
    /// `out`.
    pub(crate) fn print_rows(
        &mut self,
        codes: &Codes,
        rows: &[Row],
        block: &[u8],
        news: &[Span],
        out: &mut MonthSlots,
    ) {
        self.texts.sync(codes);
        let mut next_new = 0;
        for row in rows {
            // As the rows are appended: only a row read as a row has codes
            // of its own to intern.
            if !row.parsed {
                continue;
            }
            let mine = &news[next_new..next_new + row.news()];
            next_new += mine.len();
            if let Some((month, fingerprint)) = self.print_synced(codes, row, block, mine) {
                out.add(month, fingerprint, None);
            }
        }
    }
}

impl Ledger {
    /// Runs `read`, which appends rows to this ledger, taking the sums of
    /// the sealed months as it goes when `opts` asks for them
    /// ([`ReadOptions::fingerprints_through`](crate::ReadOptions::fingerprints_through)).
    pub(crate) fn summing_sealed<T>(
        &mut self,
        opts: &ReadOptions,
        read: impl FnOnce(&mut Ledger) -> T,
    ) -> (T, Option<SealedSums>) {
        self.read_sums =
            (opts.fingerprinted_through()).map(|month| Box::new(ReadSums::new(&self.codes, month)));
        let out = read(self);
        (out, self.read_sums.take().map(|s| s.finish()))
    }
}

/// The month sums a read takes as it appends rows: see the module docs.
#[derive(Clone, Debug)]
pub(crate) struct ReadSums {
    through: StatMonth,
    sums: MonthSlots,
    /// Fingerprints the rows checked on the reading thread.
    printer: RowPrinter,
}

impl ReadSums {
    /// Sums for the months up to `through`, of entries checked against
    /// `codes`.
    pub(crate) fn new(codes: &Codes, through: StatMonth) -> ReadSums {
        let last_day = date_to_day(codes.programme.calendar().range(through).1);
        ReadSums {
            through,
            sums: MonthSlots::default(),
            printer: RowPrinter::new(codes, last_day),
        }
    }

    /// The last day summed.
    pub(crate) fn last_day(&self) -> i32 {
        self.printer.last_day
    }

    /// The printer of the reading thread.
    pub(crate) fn printer(&mut self) -> &mut RowPrinter {
        &mut self.printer
    }

    /// Adds an appended row's month and fingerprint.
    #[inline]
    pub(crate) fn add(&mut self, (month, fingerprint): (i32, u128)) {
        self.sums.add(month, fingerprint, None);
    }

    /// Adds the sums of a block's rows ([`RowPrinter::print_rows`]).
    pub(crate) fn add_block(&mut self, sums: &MonthSlots) {
        self.sums.merge(sums);
    }

    /// Takes out the fingerprint of a row of a block whose sums were
    /// added, which is not appended after all (as
    /// [`RowPrinter::print`] reads it: `codes` are the ledger's tables,
    /// which hold every code the block's were checked against).
    #[cold]
    #[inline(never)]
    pub(crate) fn refused(&mut self, codes: &Codes, row: &Row, base: &[u8], news: &[Span]) {
        if let Some((month, fingerprint)) = self.printer.print(codes, row, base, news) {
            self.sums.remove(month, fingerprint);
        }
    }

    pub(crate) fn finish(self) -> SealedSums {
        SealedSums {
            through: self.through,
            months: (self.sums.into_months())
                .map(|(k, s)| (StatMonth::from_ordinal(k), s))
                .collect(),
        }
    }
}

/// The sums of the sealed months, as a read takes them when asked
/// ([`ReadOptions::fingerprints_through`]): for each statistics month up to
/// [`SealedSums::through`], how many entries the read accepted and the sum
/// of their fingerprints ([`MonthSum`]), as [`CloseLog::check`] takes them
/// by walking the ledger read. A loaded ledger keeps them
/// ([`CloseLog::check_loaded`]); a streamed read, which keeps no entry,
/// hands them over ([`Streamed::sealed`]) for
/// [`CloseLog::check_sums`].
///
/// [`ReadOptions::fingerprints_through`]: crate::ReadOptions::fingerprints_through
/// [`CloseLog::check`]: crate::CloseLog::check
/// [`CloseLog::check_loaded`]: crate::CloseLog::check_loaded
/// [`CloseLog::check_sums`]: crate::CloseLog::check_sums
/// [`Streamed::sealed`]: crate::Streamed::sealed
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedSums {
    pub(crate) through: StatMonth,
    pub(crate) months: BTreeMap<StatMonth, MonthSum>,
}

impl SealedSums {
    /// The last month summed (every month before it is summed too).
    #[must_use]
    pub fn through(&self) -> StatMonth {
        self.through
    }

    /// The months with entries, in order, and their sums.
    pub fn months(&self) -> impl Iterator<Item = (StatMonth, &MonthSum)> {
        self.months.iter().map(|(&m, s)| (m, s))
    }
}
