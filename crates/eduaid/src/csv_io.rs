//! The ledger interchange format (CSV, version 1.1; `docs/ledger-format.md`):
//! reading with every problem named by file, line and column, and writing.

use std::cell::Cell;
use std::collections::{BTreeMap, VecDeque};
use std::io::{self, Read, Write};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};

use crate::habits::{is_blank, trim_spaces};
use crate::header::{ALL, Header};
use crate::intern::{IdArena, IdKey};
use crate::ledger::{
    Codes, DateIn, Fields, MonthSlots, Origin, Row, RowPrinter, SealedSums, Span, ValueIn,
};
use crate::records::{Lines, MAX_RECORD, Next, PlainRecords, Records};
use crate::violation::{Location, Rule, Violation, Violations};
use crate::{Error, Ledger, Programme, ReadOptions, StatMonth};

/// Fields longer than this are refused without being interpreted.
const MAX_FIELD: usize = 256;

/// What reading a ledger file gave: the ledger of every valid entry, and every
/// violation found (errors for refused rows, warnings for kept ones).
///
/// Take the ledger with [`Loaded::into_ledger`], which refuses a file with
/// refused rows (a total over the rest would silently leave their values
/// out), or with [`Loaded::accept_valid_rows`] when leaving them out is
/// meant.
#[derive(Debug)]
pub struct Loaded {
    /// The valid entries: taken only through methods that say whether
    /// refused rows may be left out.
    pub(crate) ledger: Ledger,
    /// Every violation, in file order.
    pub violations: Violations,
    /// Data rows read (not counting the header, blank lines or rows
    /// holding only separators).
    pub rows: u64,
    /// The month sums of the entries, when the read was asked for them
    /// ([`ReadOptions::fingerprints_through`]).
    pub(crate) sums: Option<SealedSums>,
}

impl Loaded {
    /// What a reader of another format (a workbook, Parquet parts) gives:
    /// the ledger of its valid entries, every violation, and the data rows
    /// read.
    #[must_use]
    pub fn new(ledger: Ledger, violations: Violations, rows: u64) -> Loaded {
        Loaded {
            ledger,
            violations,
            rows,
            sums: None,
        }
    }

    /// The entries of the valid rows, to look at (refused rows are not
    /// among them): their number, one by id, their dates. To total them,
    /// take the ledger with [`Loaded::into_ledger`] or
    /// [`Loaded::accept_valid_rows`].
    #[must_use]
    pub fn valid_rows(&self) -> &Ledger {
        &self.ledger
    }

    /// Whether every row was valid (warnings allowed).
    #[must_use]
    pub fn is_valid(&self) -> bool {
        !self.violations.has_errors()
    }

    /// Rows refused: read, but not entries of the ledger.
    #[must_use]
    pub fn refused(&self) -> u64 {
        self.rows.saturating_sub(self.ledger.len() as u64)
    }

    /// The sums of the sealed months the read took, if it was asked for
    /// them ([`ReadOptions::fingerprints_through`]).
    #[must_use]
    pub fn sealed_sums(&self) -> Option<&SealedSums> {
        self.sums.as_ref()
    }

    /// The month sums the read took of the entries dated up to `through`,
    /// if it was asked for those.
    pub(crate) fn sums_through(&self, through: StatMonth) -> Option<&SealedSums> {
        self.sums.as_ref().filter(|s| s.through == through)
    }
}

fn read_header<R: io::Read>(
    rec: &Records<R>,
    file: &str,
    line: u64,
    ignored: &[String],
) -> Result<Header, Error> {
    let fields = (0..rec.len()).map(|i| rec.field(i));
    Header::new(fields, ignored, |message| csv_error(file, line, message))
}

fn opt(c: Option<&crate::Code>) -> &str {
    c.map_or("", crate::Code::as_str)
}

impl Ledger {
    /// Reads a ledger CSV against a programme.
    ///
    /// Every row is checked; valid rows become entries, and every problem is
    /// listed in [`Loaded::violations`] with file, line, entry and column.
    ///
    /// # Errors
    ///
    /// [`Error::Csv`] when the file cannot be read as a ledger at all: empty,
    /// a header with an unknown, repeated or missing column, or an I/O error.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use eduaid::{Ledger, Programme, Rule};
    /// let csv = "id,date,project,area,measure,breakdown,value\n\
    ///            e1,2019-06-20,rural-teachers,fuping,people-trained,local,120\n\
    ///            e2,2019-02-30,rural-teachers,fuping,people-trained,local,1.5\n";
    /// let loaded = Ledger::read_csv(Arc::new(Programme::canonical()), csv.as_bytes(), "l.csv")?;
    /// assert_eq!(loaded.valid_rows().len(), 1);
    /// let first = &loaded.violations.as_slice()[0];
    /// assert_eq!(first.rule, Rule::InvalidDate);
    /// assert_eq!(first.location.to_string(), "l.csv:3, entry e2, column \"date\"");
    /// // A misspelt column is an error, not ignored.
    /// let bad = "id,date,project,area,measure,breakdwon,value\n";
    /// assert!(Ledger::read_csv(Arc::new(Programme::canonical()), bad.as_bytes(), "l.csv").is_err());
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    pub fn read_csv<R: io::Read>(
        programme: Arc<Programme>,
        input: R,
        file: &str,
    ) -> Result<Loaded, Error> {
        Ledger::read_csv_with(programme, input, file, &ReadOptions::default())
    }

    /// [`Ledger::read_csv`] with options: strict reading of spreadsheet
    /// habits, columns to leave out.
    ///
    /// # Errors
    ///
    /// As [`Ledger::read_csv`].
    pub fn read_csv_with<R: io::Read>(
        programme: Arc<Programme>,
        input: R,
        file: &str,
        opts: &ReadOptions,
    ) -> Result<Loaded, Error> {
        let mut ledger = Ledger::new(programme);
        let (read, sums) = ledger.summing_sealed(opts, |l| l.append_csv_with(input, file, opts));
        let (violations, rows) = read?;
        ledger.shrink_to_fit();
        Ok(Loaded {
            ledger,
            violations,
            rows,
            sums,
        })
    }

    /// Appends the rows of a ledger CSV to this ledger (ids must stay unique
    /// across both). Returns the violations and the number of data rows read.
    ///
    /// With more than one rayon thread, blocks of lines are checked in
    /// parallel and appended in file order: the result is the same as
    /// reading on one thread, violations in the same order.
    ///
    /// # Errors
    ///
    /// As [`Ledger::read_csv`].
    pub fn append_csv<R: io::Read>(
        &mut self,
        input: R,
        file: &str,
    ) -> Result<(Violations, u64), Error> {
        self.append_csv_with(input, file, &ReadOptions::default())
    }

    /// [`Ledger::append_csv`] with options.
    ///
    /// # Errors
    ///
    /// As [`Ledger::read_csv`].
    pub fn append_csv_with<R: io::Read>(
        &mut self,
        input: R,
        file: &str,
        opts: &ReadOptions,
    ) -> Result<(Violations, u64), Error> {
        self.append_csv_in(input, file, opts, (rayon::current_num_threads(), BLOCK))
    }

    /// [`Ledger::append_csv`] on `threads` threads, in blocks of `block` bytes,
    /// of text already decoded to UTF-8 (`append_csv_in`, in `decode/`,
    /// decodes first).
    ///
    /// `decoded` is set while every byte read so far is UTF-8 by
    /// construction (text a decoder produced, no byte marked): the blocks
    /// read then are not checked again.
    pub(crate) fn append_utf8_in<R: io::Read>(
        &mut self,
        input: R,
        file: &str,
        opts: &ReadOptions,
        (threads, block): (usize, usize),
        decoded: &Cell<bool>,
    ) -> Result<(Violations, u64), Error> {
        self.codes.strict = opts.is_strict();
        let mut ignored = opts.ignored_columns().to_vec();
        ignored.extend_from_slice(self.codes.programme.ignored_columns());
        let mut rec = Records::new(input);
        let header = match rec.next().map_err(|e| io_error(file, &e))? {
            None => {
                return Err(csv_error(
                    file,
                    1,
                    "the file is empty: a ledger starts with a header row".into(),
                ));
            }
            Some(Next::Bad(line, message)) => {
                return Err(csv_error(file, line, format!("the header {message}")));
            }
            Some(Next::Record(line)) => read_header(&rec, file, line, &ignored)?,
        };
        self.codes.keep = opts.kept_violations();
        let mut v = Violations::limited(self.codes.keep);
        if threads < 2 {
            let rows = self.read_records(rec, &header, file, &mut v)?;
            return Ok((v, rows));
        }
        let (leftover, input, line) = rec.into_rest();
        let mut input = io::Cursor::new(leftover).chain(input);
        // A short input is read on this thread: starting threads would cost more.
        let mut first = Vec::new();
        (&mut input)
            .take(block as u64)
            .read_to_end(&mut first)
            .map_err(|e| io_error(file, &e))?;
        if first.len() < block {
            let rec = Records::resume(io::Cursor::new(first), line);
            let rows = self.read_records(rec, &header, file, &mut v)?;
            return Ok((v, rows));
        }
        let input = io::Cursor::new(first).chain(input);
        let (rows, rest) = self.read_blocks(
            input,
            line,
            (&header, file, opts.input_len_given()),
            &mut v,
            (threads, block),
            decoded,
        )?;
        let more = match rest {
            Some((text, input, line)) => {
                let rec = Records::resume(io::Cursor::new(text).chain(input), line);
                self.read_records(rec, &header, file, &mut v)?
            }
            None => 0,
        };
        Ok((v, rows + more))
    }

    /// Reads records one at a time, in order.
    fn read_records<R: io::Read>(
        &mut self,
        mut rec: Records<R>,
        header: &Header,
        file: &str,
        v: &mut Violations,
    ) -> Result<u64, Error> {
        let mut rows = 0u64;
        while let Some(next) = rec.next().map_err(|e| io_error(file, &e))? {
            rows += 1;
            match next {
                Next::Record(line) => {
                    let origin = Origin {
                        file: Some(file),
                        line: Some(line),
                    };
                    let (bytes, ranges) = rec.text();
                    match split_fields(header, (rec.len(), false), bytes, ranges, origin, v) {
                        Split::Fields(text, f) => {
                            self.push_fields(text, &fields(&f), origin, v);
                        }
                        Split::Blank => {
                            if !self.codes.separator_only(origin, v) {
                                rows -= 1;
                            }
                        }
                        Split::Bad => {}
                    }
                }
                Next::Bad(line, message) => v.push(bad_record(file, line, message)),
            }
        }
        Ok(rows)
    }

    /// Reads blocks of whole lines, checks their rows on `threads` threads
    /// and appends them in order. A block with quotes ends after a line
    /// with balanced quotes before it; a worker splits its records with
    /// the quoted-field reader. Where no block can be cut so (a quoted
    /// field or a line longer than a block), or where a block's end cut a
    /// record after all (quoting that is not sound), stops and returns the
    /// text from there, the reader and the line it starts on, to be read
    /// in order. With the input's `length`
    /// (all of it, in bytes), projects from the blocks appended how many
    /// ids the read will push ([`IdArena::expect`]).
    #[allow(clippy::type_complexity)] // one private return
    fn read_blocks<R: io::Read>(
        &mut self,
        mut input: R,
        mut line: u64,
        (header, file, length): (&Header, &str, Option<u64>),
        v: &mut Violations,
        (threads, size): (usize, usize),
        decoded: &Cell<bool>,
    ) -> Result<(u64, Option<(Vec<u8>, R, u64)>), Error> {
        // The code tables the workers check against: replaced by a fresh
        // copy whenever appending interned new codes (an open list's codes
        // come as the file goes), so that rows check a code already seen
        // by a look-up, not as a new code.
        let codes = Mutex::new(Arc::new(self.codes.clone()));
        let mut published = self.codes.open_codes();
        // Each thread fingerprints the rows it checks when the read sums
        // months.
        let last_day = self.read_sums.as_ref().map(|s| s.last_day());
        let current = || Arc::clone(&codes.lock().expect("no worker panics holding it"));
        // Set once the ids' runs are closed ([`IdArena::tables_only`]):
        // the workers then fingerprint every id ahead.
        let tables_only = AtomicBool::new(self.ids.tables_only());
        let (mut rows, mut appended) = (0u64, 0u64);
        let mut carry = Vec::new();
        let mut rest = None;
        let mut failed = None;
        // Blocks to check (at most `4 * threads` in flight, so memory stays
        // bounded), taken by the workers and by this thread when it would
        // otherwise wait.
        let queue = Queue::default();
        let (done_tx, done_rx) = mpsc::channel::<(u64, Batch)>();
        std::thread::scope(|scope| {
            // This thread reads and appends, and checks blocks too: one
            // worker fewer than the cores.
            for _ in 1..threads {
                let (queue, done_tx, current) = (&queue, done_tx.clone(), &current);
                let tables_only = &tables_only;
                scope.spawn(move || {
                    let mut printer = None;
                    while let Some((seq, block, rows)) = queue.take() {
                        let codes = current();
                        let printer = last_day
                            .map(|d| printer.get_or_insert_with(|| RowPrinter::new(&codes, d)));
                        let prints = tables_only.load(Ordering::Relaxed);
                        let batch = check_block(&codes, header, file, block, rows, printer, prints);
                        if done_tx.send((seq, batch)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(done_tx);
            let (mut sent, mut next, mut reading) = (0u64, 0u64, true);
            let mut waiting = BTreeMap::new();
            // Buffers come back once their rows are appended.
            let mut spare: Vec<(Vec<u8>, RowBuf)> = Vec::new();
            loop {
                while reading && sent - next < 4 * threads as u64 {
                    let (block, rows) = spare.pop().unwrap_or_default();
                    match read_block(&mut input, &mut carry, block, size) {
                        Err(e) => {
                            failed = Some(io_error(file, &e));
                            reading = false;
                        }
                        Ok(Block::Lines(block, quotes)) => {
                            // Read after the bytes it holds were decoded.
                            let utf8 = decoded.get();
                            queue.put((sent, (block, quotes, utf8), rows));
                            sent += 1;
                        }
                        Ok(Block::End) => reading = false,
                        Ok(Block::InOrder(text)) => {
                            rest = Some(text);
                            reading = false;
                        }
                    }
                }
                if next == sent {
                    break;
                }
                while let Ok((seq, batch)) = done_rx.try_recv() {
                    waiting.insert(seq, batch);
                }
                if !waiting.contains_key(&next) {
                    if let Some((seq, block, rows)) = queue.try_take() {
                        let printer = self.read_sums.as_mut().map(|s| s.printer());
                        let prints = tables_only.load(Ordering::Relaxed);
                        let batch =
                            check_block(&current(), header, file, block, rows, printer, prints);
                        waiting.insert(seq, batch);
                    } else if let Ok((seq, batch)) = done_rx.recv() {
                        waiting.insert(seq, batch);
                    } else {
                        break;
                    }
                }
                while let Some(batch) = waiting.remove(&next) {
                    if batch.cut {
                        // Its end cut a record (the quoting was not
                        // sound): it and all after it are read in order.
                        let later = next + 1..sent;
                        let mut text =
                            texts_after(batch.block, later, &mut waiting, &queue, &done_rx);
                        text.extend(rest.take().unwrap_or_default());
                        text.append(&mut carry);
                        rest = Some(text);
                        (reading, sent) = (false, next);
                        break;
                    }
                    rows += self.append_batch(&batch, &mut line, file, v);
                    if self.ids.tables_only() {
                        tables_only.store(true, Ordering::Relaxed);
                    }
                    appended += batch.block.len() as u64;
                    if let Some(length) = length.filter(|&l| l > appended) {
                        let ids =
                            self.ids.len() as u128 * u128::from(length) / u128::from(appended);
                        self.ids.expect(usize::try_from(ids).unwrap_or(usize::MAX));
                    }
                    spare.push((batch.block, batch.rows));
                    next += 1;
                }
                if self.codes.open_codes() != published {
                    published = self.codes.open_codes();
                    *codes.lock().expect("no worker panics holding it") =
                        Arc::new(self.codes.clone());
                }
            }
            queue.close();
        });
        if let Some(e) = failed {
            return Err(e);
        }
        Ok((rows, rest.map(|text| (text, input, line))))
    }

    /// Puts a checked block's rows in order; returns the rows read.
    fn append_batch(&mut self, b: &Batch, line: &mut u64, file: &str, v: &mut Violations) -> u64 {
        let base = *line - 1;
        let mut local = b.violations.iter().cloned().map(|mut x| {
            if let Some(l) = &mut x.location.line {
                *l += base;
            }
            x
        });
        let mut next_new = 0;
        if let Some(sums) = &mut self.read_sums {
            sums.add_block(&b.sums);
        }
        // What the worker computed ahead for the rows' id keys.
        let mut aheads = (!b.id_keys.is_empty()).then(|| b.id_keys.iter().copied());
        for (i, row) in b.rows.iter().enumerate() {
            if i % IdArena::TOUCH == 0 {
                // The id look-ups of the next rows, their cache misses
                // overlapped. Their keys are made again for the look-ups
                // below: keeping the window's keys instead cost 3 to 6%
                // more CPU on ids out of order (date-sorted, 5M rows).
                let mut ahead_keys = aheads.clone();
                let ahead = b.rows[i..].iter().take(IdArena::TOUCH);
                let ids = ahead.filter_map(|r| r.id_to_check(b.text()));
                let ids = ids.map(|id| (id, ahead_keys.as_mut().and_then(Iterator::next)));
                self.ids.touch(ids);
                let ahead = b.rows[i..].iter().take(IdArena::TOUCH);
                self.touch_corrected(ahead.filter_map(|r| r.corrects_to_check(b.text())));
            }
            let key = match (row.id_to_check(b.text()), &mut aheads) {
                (Some(id), Some(aheads)) => aheads.next().and_then(|a| IdKey::of_ahead(id, a)),
                _ => None,
            };
            let here = local.by_ref().take(usize::from(row.own));
            if row.parsed {
                let origin = Origin {
                    file: Some(file),
                    line: Some(base + u64::from(row.line)),
                };
                let mine = &b.news[next_new..next_new + row.news()];
                next_new += mine.len();
                self.print_for_sink(row, b.text(), mine);
                let appended = self.sequence(
                    row,
                    key.as_ref(),
                    b.text(),
                    here,
                    mine.iter().copied(),
                    origin,
                    v,
                );
                // Only an appended row's fingerprint counts.
                if let (false, Some(sums)) = (appended, &mut self.read_sums) {
                    sums.refused(&self.codes, row, b.text(), mine);
                }
            } else {
                here.for_each(|x| v.push(x));
            }
        }
        v.count_omitted(b.violations.omitted_counts());
        *line += b.lines;
        b.rows.iter().filter(|r| !r.skipped).count() as u64
    }

    /// Writes the ledger as CSV (the eleven columns of version 1, then
    /// `recorded` if an entry has a recorded date; in [`COLUMNS`](crate::COLUMNS) order, LF
    /// line ends), money with two fraction digits.
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    pub fn write_csv<W: io::Write>(&self, out: W) -> io::Result<()> {
        let mut w = io::BufWriter::with_capacity(1 << 16, out);
        let recorded = self.has_recorded();
        let n = if recorded { 12 } else { 11 };
        writeln!(w, "{}", ALL[..n].join(","))?;
        for e in self.iter() {
            write!(
                w,
                "{},{},{},{},{},{},{},{},{},{},{}",
                Quoted(e.id()),
                e.date(),
                e.project(),
                e.area(),
                opt(e.school()),
                opt(e.pairing()),
                e.measure(),
                opt(e.breakdown()),
                e.value(),
                opt(e.source()),
                Quoted(e.corrects().map_or("", |c| c.id())),
            )?;
            match e.recorded().filter(|_| recorded) {
                Some(d) => writeln!(w, ",{d}")?,
                None if recorded => writeln!(w, ",")?,
                None => writeln!(w)?,
            }
        }
        w.flush()
    }
}

/// A field written with RFC 4180 quotes when it needs them (a free-text
/// id may hold a comma or a quote; codes never do).
struct Quoted<'a>(&'a str);

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.contains([',', '"', '\n', '\r']) {
            write!(f, "\"{}\"", self.0.replace('"', "\"\""))
        } else {
            f.write_str(self.0)
        }
    }
}

/// Blocks of about this many bytes are checked by one thread at a time.
const BLOCK: usize = 1 << 18;

fn csv_error(file: &str, line: u64, message: String) -> Error {
    Error::Csv {
        file: file.to_owned(),
        line,
        message,
    }
}

fn io_error(file: &str, e: &io::Error) -> Error {
    csv_error(file, 0, format!("cannot read: {e}"))
}

fn bad_record(file: &str, line: u64, message: String) -> Violation {
    malformed(file, Some(line), None, message)
}

/// A row that cannot be read as an entry (rule L001), at a column if known.
fn malformed(file: &str, line: Option<u64>, field: Option<&str>, message: String) -> Violation {
    Violation::new(
        Rule::MalformedRow,
        Location {
            file: Some(file.to_owned()),
            line,
            item: None,
            field: field.map(str::to_owned),
        },
        message,
    )
}

/// What [`read_block`] read.
enum Block {
    /// Whole lines, and whether they hold a quote: then cut after a line
    /// with the quotes before it balanced, most likely a record's end
    /// (the worker that splits them checks).
    Lines(Vec<u8>, bool),
    /// Text from here on must be read in order (a quoted field or a line
    /// longer than a block).
    InOrder(Vec<u8>),
    End,
}

/// Reads about `size` bytes of whole lines into `block` (a buffer to
/// reuse); the part of a line after the cut waits in `carry` for the next
/// block.
fn read_block<R: io::Read>(
    input: &mut R,
    carry: &mut Vec<u8>,
    mut block: Vec<u8>,
    size: usize,
) -> io::Result<Block> {
    let start = carry.len();
    let want = start + size;
    // A reused buffer is already initialised: only growth is zeroed.
    block.resize(want, 0);
    block[..start].copy_from_slice(carry);
    carry.clear();
    let mut end = start;
    while end < want {
        match input.read(&mut block[end..]) {
            Ok(0) => break,
            Ok(n) => end += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let eof = end < want;
    block.truncate(end);
    if block.is_empty() {
        return Ok(Block::End);
    }
    let quotes = memchr::memchr(b'"', &block).is_some();
    let last_line_end = |b: &[u8]| memchr::memrchr(b'\n', b).map(|i| i + 1);
    let cut = if eof {
        Some(block.len())
    } else if quotes {
        // With no line end after balanced quotes (a stray quote before),
        // after the last line: the worker sees whether that cut a record.
        balanced_cut(&block).or_else(|| last_line_end(&block))
    } else {
        last_line_end(&block)
    };
    let Some(cut) = cut else {
        return Ok(Block::InOrder(block));
    };
    carry.extend_from_slice(&block[cut..]);
    block.truncate(cut);
    Ok(Block::Lines(block, quotes))
}

/// Where to cut `text` after a line end with an even number of quotes
/// before it: outside any quoted field when the quoting is sound. `None`
/// when there is no such line end.
fn balanced_cut(text: &[u8]) -> Option<usize> {
    // Whether a text holds an odd number of quotes, byte by byte: the
    // compiler makes it SIMD compares and an exclusive or.
    let odd = |t: &[u8]| t.iter().fold(0u8, |odd, &c| odd ^ u8::from(c == b'"')) == 1;
    let mut end = memchr::memrchr(b'\n', text)?;
    let mut odd_before = odd(&text[..end]);
    while odd_before {
        // This line end is inside a quoted field: try the line end
        // before the last quote.
        let quote = memchr::memrchr(b'"', &text[..end])?;
        let earlier = memchr::memrchr(b'\n', &text[..quote])?;
        odd_before ^= odd(&text[earlier..end]);
        end = earlier;
    }
    Some(end + 1)
}

/// The text of the blocks of `later` as read, in order, after `first`:
/// taken from the checked batches (waiting, or coming back from the
/// workers) and from the queue.
fn texts_after(
    first: Vec<u8>,
    later: Range<u64>,
    waiting: &mut BTreeMap<u64, Batch>,
    queue: &Queue,
    done: &mpsc::Receiver<(u64, Batch)>,
) -> Vec<u8> {
    let mut texts: BTreeMap<u64, Vec<u8>> = std::mem::take(waiting)
        .into_iter()
        .filter(|(seq, _)| later.contains(seq))
        .map(|(seq, b)| (seq, b.block))
        .collect();
    while (texts.len() as u64) < later.end - later.start {
        if let Some((seq, (block, ..), _)) = queue.try_take() {
            texts.insert(seq, block);
        } else if let Ok((seq, b)) = done.recv() {
            texts.insert(seq, b.block);
        } else {
            break;
        }
    }
    let mut text = first;
    for t in texts.into_values() {
        text.extend_from_slice(&t);
    }
    text
}

/// Blocks waiting to be checked: (sequence number, block, whether it
/// holds a quote and whether it is UTF-8 by construction, a row buffer).
type Job = (u64, (Vec<u8>, bool, bool), RowBuf);

/// A queue of blocks shared by the reading thread and the workers.
#[derive(Default)]
struct Queue {
    jobs: Mutex<(VecDeque<Job>, bool)>,
    ready: Condvar,
}

impl Queue {
    fn put(&self, job: Job) {
        if let Ok(mut q) = self.jobs.lock() {
            q.0.push_back(job);
            self.ready.notify_one();
        }
    }

    /// The next job, waiting for one; `None` once closed and empty.
    fn take(&self) -> Option<Job> {
        let mut q = self.jobs.lock().ok()?;
        loop {
            if let Some(job) = q.0.pop_front() {
                return Some(job);
            }
            if q.1 {
                return None;
            }
            q = self.ready.wait(q).ok()?;
        }
    }

    /// The next job if there is one.
    fn try_take(&self) -> Option<Job> {
        self.jobs.lock().ok()?.0.pop_front()
    }

    fn close(&self) {
        if let Ok(mut q) = self.jobs.lock() {
            q.1 = true;
            self.ready.notify_all();
        }
    }
}

/// The rows of a block, one per record.
type RowBuf = Vec<Row>;

/// A block's rows after the row-local checks.
struct Batch {
    /// The block as read.
    block: Vec<u8>,
    /// A block with quotes: its records, fields unescaped, one a line.
    unescaped: Option<Vec<u8>>,
    /// Whether the block's end cut a record (the block then holds no row
    /// and is read again in order).
    cut: bool,
    rows: RowBuf,
    /// What the keys of the rows' ids to look up need, in row order
    /// ([`id_keys_ahead`]).
    id_keys: Vec<u128>,
    /// The spans of the rows' codes to intern, in row order.
    news: Vec<Span>,
    violations: Violations,
    /// Line ends in the block.
    lines: u64,
    /// The month sums of the fingerprints of the rows that passed their
    /// own checks, when the read sums months (else empty).
    sums: MonthSlots,
}

impl Batch {
    /// The text the rows' spans refer to.
    fn text(&self) -> &[u8] {
        self.unescaped.as_deref().unwrap_or(&self.block)
    }
}

/// The row-local checks of every record of a block, and the month sums of
/// its rows' fingerprints when `printer` is given. A block `with_quotes`
/// whose quoting the one pass does not read is split by the quoted-field
/// reader into a copy of its records with their fields unescaped, which
/// the rows then refer to; if the block's end cut a record, the batch
/// says so and holds no row. With `prints`, every id's key is computed
/// ahead as its fingerprint ([`IdKey::ahead_print`]). A block `decoded`
/// (UTF-8 by construction) is not checked for UTF-8 again.
fn check_block(
    codes: &Codes,
    header: &Header,
    file: &str,
    (block, with_quotes, decoded): (Vec<u8>, bool, bool),
    mut rows: RowBuf,
    mut printer: Option<&mut RowPrinter>,
    prints: bool,
) -> Batch {
    // A block of valid UTF-8 whose carriage returns all end lines (LF or
    // CRLF line ends: nearly all) takes the one-pass path, which reads a
    // field between quotes too; any other, or one with quoting that pass
    // does not read, is split and checked record by record.
    let utf8 = if decoded {
        Some(block.as_slice())
    } else {
        simdutf8::basic::from_utf8(&block).ok().map(str::as_bytes)
    };
    let clean = utf8
        .filter(|_| memchr::memchr_iter(b'\r', &block).all(|i| block.get(i + 1) == Some(&b'\n')));
    let utf8 = utf8.is_some();
    let mut violations = Violations::limited(codes.keep);
    let (mut news, mut sums) = (Vec::new(), MonthSlots::default());
    // Rows checked so far dropped, to check the block again or not at all.
    let restart = |rows: &mut RowBuf, news: &mut Vec<Span>, sums: &mut MonthSlots| {
        rows.clear();
        news.clear();
        *sums = MonthSlots::default();
        Violations::limited(codes.keep)
    };
    rows.clear();
    let one_pass = clean.and_then(|text| {
        let print = printer.as_mut().map(|p| {
            p.sync(codes);
            (&mut **p, &mut sums)
        });
        let head = (header, file, with_quotes);
        check_clean(
            codes,
            head,
            text,
            &mut rows,
            &mut violations,
            &mut news,
            print,
        )
    });
    let (unescaped, lines, cut) = if let Some(lines) = one_pass {
        (None, lines, false)
    } else {
        // Not clean, or quoting the one pass does not read: record by
        // record, dropping what the one pass checked.
        if clean.is_some() {
            violations = restart(&mut rows, &mut news, &mut sums);
        }
        let mut out = (&mut rows, &mut violations, &mut news);
        let (unescaped, lines, cut) = if with_quotes {
            let mut rec = Unescaped {
                rec: Records::over(&block),
                text: Vec::with_capacity(block.len()),
            };
            check_records(codes, header, file, (&mut rec, utf8), &mut out);
            let cut = rec.rec.cut_by_end();
            (Some(rec.text), rec.rec.lines(), cut)
        } else {
            let mut rec = PlainRecords::new(&block);
            check_records(codes, header, file, (&mut rec, utf8), &mut out);
            (None, rec.lines(), false)
        };
        if cut {
            // Read again in order, from this block's start.
            violations = restart(&mut rows, &mut news, &mut sums);
        } else if let Some(printer) = printer {
            let text = unescaped.as_deref().unwrap_or(&block);
            printer.print_rows(codes, &rows, text, &news, &mut sums);
        }
        (unescaped, lines, cut)
    };
    let text = unescaped.as_deref().unwrap_or(&block);
    Batch {
        id_keys: id_keys_ahead(&rows, text, prints),
        block,
        unescaped,
        cut,
        rows,
        news,
        violations,
        lines,
        sums,
    }
}

/// The records of a block, split for [`check_records`].
trait BlockRecords {
    fn next(&mut self) -> Option<Next>;
    fn len(&self) -> usize;
    /// The current record: where its text starts in the text rows refer
    /// to, its text, and its fields' ranges in that.
    fn text(&mut self) -> (usize, &[u8], impl Iterator<Item = Range<usize>> + '_);
}

impl BlockRecords for PlainRecords<'_> {
    fn next(&mut self) -> Option<Next> {
        PlainRecords::next(self)
    }

    fn len(&self) -> usize {
        PlainRecords::len(self)
    }

    fn text(&mut self) -> (usize, &[u8], impl Iterator<Item = Range<usize>> + '_) {
        PlainRecords::text(self)
    }
}

/// The records of a block with quotes, each record's text (its fields
/// unescaped) copied after the last into `text`, which rows refer to.
struct Unescaped<'a> {
    rec: Records<&'a [u8]>,
    text: Vec<u8>,
}

impl BlockRecords for Unescaped<'_> {
    fn next(&mut self) -> Option<Next> {
        self.rec.next().expect("reading from memory cannot fail")
    }

    fn len(&self) -> usize {
        self.rec.len()
    }

    fn text(&mut self) -> (usize, &[u8], impl Iterator<Item = Range<usize>> + '_) {
        let (bytes, ranges) = self.rec.text();
        let at = self.text.len();
        self.text.extend_from_slice(bytes);
        self.text.push(b'\n');
        (at, &self.text[at..self.text.len() - 1], ranges)
    }
}

/// The row-local checks of every record `rec` gives (from text known to be
/// UTF-8 if `utf8`), into rows, violations and new codes' spans.
fn check_records(
    codes: &Codes,
    header: &Header,
    file: &str,
    (rec, utf8): (&mut impl BlockRecords, bool),
    (rows, violations, news): &mut (&mut RowBuf, &mut Violations, &mut Vec<Span>),
) {
    while let Some(next) = rec.next() {
        let before = violations.len();
        let mut row = match next {
            Next::Record(line) => {
                let origin = Origin {
                    file: Some(file),
                    line: Some(line),
                };
                let len = rec.len();
                let (at, bytes, ranges) = rec.text();
                let split = split_fields(header, (len, utf8), bytes, ranges, origin, violations);
                let mut row = match split {
                    Split::Fields(text, f) => {
                        let first = news.len();
                        let mut row = codes.check_row(text, &fields(&f), origin, violations, news);
                        row.shift(at);
                        for s in &mut news[first..] {
                            *s = s.shifted(at);
                        }
                        row
                    }
                    Split::Blank => {
                        let mut row = Row::default();
                        row.skipped = !codes.separator_only(origin, violations);
                        row
                    }
                    Split::Bad => Row::default(),
                };
                row.line = u32::try_from(line).expect("a block has under 2^32 lines");
                row
            }
            Next::Bad(line, message) => {
                violations.push(bad_record(file, line, message));
                let mut row = Row::default();
                row.line = u32::try_from(line).expect("a block has under 2^32 lines");
                row
            }
        };
        row.own = u16::try_from(violations.len() - before).expect("a row breaks under 2^16 rules");
        rows.push(row);
    }
}

/// What the keys of the rows' ids to look up need ([`IdKey::ahead`]: a
/// numbered id's number, a free-text id's fingerprint), computed by a
/// worker for the thread that looks ids up in order, which then neither
/// scans nor hashes them. Sixteen bytes a row pass between the threads.
/// Measured on 5M rows (`perf stat -r 3`, alternating): ids out of order
/// (date-sorted) 0.61 -> 0.56 s, the combined cell 1.05 -> 0.93 s, ids in
/// order unchanged (0.52 s); an earlier build computed them for free-text
/// ids only. With `prints` (the arena's runs are closed), every id's
/// fingerprint: free-text ids that end in digits otherwise had theirs
/// computed by the thread that looks ids up.
fn id_keys_ahead(rows: &[Row], block: &[u8], prints: bool) -> Vec<u128> {
    let ids = rows.iter().filter_map(|r| r.id_to_check(block));
    let mut keys = Vec::with_capacity(rows.len());
    if prints {
        keys.extend(ids.map(IdKey::ahead_print));
    } else {
        keys.extend(ids.map(IdKey::ahead));
    }
    keys
}

/// The rows of a block `b` of valid UTF-8 (checked, or decoded: spans of
/// it are taken for UTF-8) with no carriage return but before a line
/// feed, in one pass a line. The same rows and violations as [`PlainRecords`] or
/// (`with_quotes`) [`Records`] and [`split_fields`] give (tests compare);
/// spans are relative to `text`, a quoted field's to the text between its
/// quotes. Returns the lines read, or `None` for a block with a line
/// whose quoting this pass does not read (a field with a quote other
/// than its first and last bytes, a row of quoted empty fields, a text
/// that ends inside quotes); the caller then reads it record by record.
/// A quoted field may hold line ends (the record then spans lines).
#[allow(clippy::too_many_arguments)] // the hot loop's state, borrowed apart
fn check_clean(
    codes: &Codes,
    (header, file, with_quotes): (&Header, &str, bool),
    b: &[u8],
    rows: &mut RowBuf,
    violations: &mut Violations,
    news: &mut Vec<Span>,
    mut print: Option<(&mut RowPrinter, &mut MonthSlots)>,
) -> Option<u64> {
    let mut pos = 0;
    let mut line = 0u64;
    let mut lines = if with_quotes {
        Lines::quoted(b)
    } else {
        Lines::new(b)
    };
    // The separators of a line: where it starts (less one), then each
    // comma, then its end. The scan only notes them, and the columns read
    // take their fields after ([`line_fields`]). Taking each field to its
    // column as its comma was found cost 3% more instructions a row (a
    // ledger as generated, 300k rows, cachegrind), 90 of about 3,000.
    let mut ends: Vec<usize> = Vec::with_capacity(header.width + 2);
    // The position of each column in a line, or one no line reaches.
    let cols = header.pos.map(|p| p.unwrap_or(usize::MAX - 1));
    // Whether every column of the file is read (none ignored).
    let all_read = header.col_of.iter().all(Option::is_some);
    while pos < b.len() {
        line += 1;
        let start = pos;
        ends.clear();
        ends.push(start.wrapping_sub(1));
        let end = lines.scan(pos, |j| ends.push(j));
        let n = ends.len() - 1;
        pos = end + 1;
        // A CRLF line end's carriage return ends the last field's text.
        let line_end = end;
        let last = ends[n].wrapping_add(1);
        let end = if end > last && b[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        let mut row = Row::default();
        row.line = u32::try_from(line).expect("a block has under 2^32 lines");
        let before = violations.len();
        if line_end - start > MAX_RECORD {
            if lines.line_quotes() > 0 {
                return None; // the quoted-field reader words it otherwise
            }
            let msg = format!("the line is longer than {MAX_RECORD} bytes");
            violations.push(bad_record(file, line, msg));
        } else if n == 0 && end == start {
            continue; // a blank line
        } else {
            ends.push(end);
            let n = n + 1;
            let mut f: [&[u8]; 12] = [b""; 12];
            let quoted = line_fields(&cols, b, &ends, with_quotes, &mut f);
            // Every quote the first or last byte of its field (two a
            // quoted field: any other quote makes the count differ) or
            // doubled in an ignored column's, and no empty id (a row of
            // empty quoted fields is blank, which the raw text below does
            // not show).
            let in_line = lines.line_quotes();
            // Counted as the fields read were taken, when they are all the
            // line's fields.
            let expected = || {
                if all_read && n == header.width {
                    2 * quoted
                } else {
                    line_quotes(header, b, &ends)
                }
            };
            if in_line > 0 && (in_line != expected() || f[0].is_empty()) {
                return None;
            }
            let origin = Origin {
                file: Some(file),
                line: Some(line),
            };
            let broken = (lines.line_feeds() > 0)
                .then(|| header.first_with_line_break(&f))
                .flatten();
            // A line no longer than a field's limit has no field over it.
            let long = (end - start > MAX_FIELD)
                .then(|| (0..12).find(|&k| header.pos[k].is_some() && f[k].len() > MAX_FIELD))
                .flatten();
            if n != header.width {
                let msg = format!("the row has {n} fields, the header has {}", header.width);
                violations.push(malformed(file, Some(line), None, msg));
            } else if let Some(k) = broken {
                violations.push(malformed(file, Some(line), Some(ALL[k]), LINE_BREAK.into()));
            } else if f[0].is_empty() && is_blank(b[start..end].split(|&c| c == b',')) {
                row.skipped = !codes.separator_only(origin, violations);
            } else if let Some(k) = long {
                let msg = format!(
                    "the field is {} bytes long, at most {MAX_FIELD} are plausible",
                    f[k].len()
                );
                violations.push(malformed(file, Some(line), Some(ALL[k]), msg));
            } else {
                let first = news.len();
                row = codes.check_row(b, &fields(&f), origin, violations, news);
                row.line = u32::try_from(line).expect("a block has under 2^32 lines");
                // Fingerprinted while its text is in cache, when the read
                // sums months.
                if let Some((printer, sums)) = &mut print {
                    printer.print_into(codes, &row, b, &news[first..], sums);
                }
            }
        }
        row.own = u16::try_from(violations.len() - before).expect("a row breaks under 2^16 rules");
        rows.push(row);
        line += u64::from(lines.line_feeds());
    }
    (!lines.ends_inside()).then_some(line)
}

/// Into `f`, the fields of a line of `b` by column: field `i` lies between
/// the separators `ends[i]` and `ends[i + 1]` (the line's start less one,
/// its commas, its end), column `k` at position `cols[k]`. A column the
/// line is too short for (or the file lacks) is left as it is. With
/// `with_quotes`, a field that starts and ends with a quote has its text
/// between them; returns how many do.
#[inline]
fn line_fields<'t>(
    cols: &[usize; 12],
    b: &'t [u8],
    ends: &[usize],
    with_quotes: bool,
    f: &mut [&'t [u8]; 12],
) -> u32 {
    let mut quoted = 0;
    for (field, &p) in f.iter_mut().zip(cols) {
        if let (Some(&before), Some(&end)) = (ends.get(p), ends.get(p.wrapping_add(1))) {
            let t = &b[before.wrapping_add(1)..end];
            *field = match t {
                [b'"', inner @ .., b'"'] if with_quotes => {
                    quoted += 1;
                    inner
                }
                _ => t,
            };
        }
    }
    quoted
}

/// The quotes a line's quoting accounts for when each is the first or last
/// byte of its field or (in an ignored column's field between quotes)
/// doubled: two a field between quotes, plus the doubled ones. The line's
/// separators in `b` are `ends` (as for [`line_fields`]).
fn line_quotes(header: &Header, b: &[u8], ends: &[usize]) -> u32 {
    let mut quotes = 0;
    for (i, w) in ends.windows(2).enumerate() {
        if let [b'"', inner @ .., b'"'] = &b[w[0].wrapping_add(1)..w[1]] {
            quotes += 2;
            if let Some(None) = header.col_of.get(i) {
                quotes += doubled_quotes(inner).unwrap_or(0);
            }
        }
    }
    quotes
}

/// The quotes of `t` if each is one of two side by side (as a quoted
/// field's text holds a quote), else `None`.
fn doubled_quotes(t: &[u8]) -> Option<u32> {
    let (mut n, mut i) = (0, 0);
    while let Some(at) = memchr::memchr(b'"', &t[i..]) {
        if t.get(i + at + 1) != Some(&b'"') {
            return None;
        }
        (n, i) = (n + 2, i + at + 2);
    }
    Some(n)
}

/// Why a row whose field holds a line break is refused: its columns hold
/// no line break (an ignored column may).
const LINE_BREAK: &str = "the field holds a line break (an unbalanced quote?)";

/// What [`split_fields`] made of a record.
#[allow(clippy::large_enum_variant)] // moved once a row; a box would allocate a row
enum Split<'t> {
    /// The record's text and its twelve fields (empty for columns the
    /// file lacks).
    Fields(&'t [u8], [&'t [u8]; 12]),
    /// Every field empty or spaces: a row holding only separators.
    Blank,
    /// The record cannot be read as a row (the violation is recorded).
    Bad,
}

/// The twelve fields of a record, from its text (known to be UTF-8 if
/// `utf8`), its number of fields and their ranges.
fn split_fields<'t>(
    h: &Header,
    (width, utf8): (usize, bool),
    bytes: &'t [u8],
    ranges: impl Iterator<Item = Range<usize>>,
    origin: Origin<'_>,
    v: &mut Violations,
) -> Split<'t> {
    let malformed = |v: &mut Violations, field: Option<&str>, msg: String| {
        v.push(malformed(
            origin.file.unwrap_or_default(),
            origin.line,
            field,
            msg,
        ));
    };
    if width != h.width {
        malformed(
            v,
            None,
            format!("the row has {width} fields, the header has {}", h.width),
        );
        return Split::Bad;
    }
    // One UTF-8 check and one line-break scan for the whole record; the
    // field that holds a problem is found only when there is one.
    let utf8 = if utf8 {
        Ok(())
    } else {
        std::str::from_utf8(bytes).map(|_| ())
    };
    let mut problem = match utf8 {
        Err(e) => Some((e.valid_up_to(), true)),
        Ok(()) => memchr::memchr2(b'\n', b'\r', bytes).map(|at| (at, false)),
    };
    let mut f: [&[u8]; 12] = [b""; 12];
    let mut blank = true;
    for (p, r) in ranges.enumerate() {
        if let Some((at, utf8)) = problem.filter(|&(at, _)| at <= r.end || p + 1 == h.width) {
            let column = h.col_of[p].map(|k| ALL[k]);
            if !utf8 && column.is_none() {
                // A line break in an ignored column (a remark typed on
                // two lines) is no problem: look on after it.
                problem =
                    memchr::memchr2(b'\n', b'\r', &bytes[r.end..]).map(|i| (r.end + i, false));
            } else {
                let msg = if utf8 {
                    format!("invalid UTF-8 at byte {} of the field", at - r.start + 1)
                } else {
                    LINE_BREAK.into()
                };
                malformed(v, column, msg);
                return Split::Bad;
            }
        }
        blank = blank && trim_spaces(&bytes[r.clone()]).is_empty();
        if let Some(k) = h.col_of[p] {
            f[k] = &bytes[r];
        }
    }
    // The first column (in the format's order) with a field too long.
    if let Some(k) = (0..12).find(|&k| f[k].len() > MAX_FIELD) {
        let msg = format!(
            "the field is {} bytes long, at most {MAX_FIELD} are plausible",
            f[k].len()
        );
        malformed(v, Some(ALL[k]), msg);
        return Split::Bad;
    }
    if blank {
        Split::Blank
    } else {
        Split::Fields(bytes, f)
    }
}

fn fields<'t>(f: &[&'t [u8]; 12]) -> Fields<'t> {
    Fields {
        id: f[0],
        date: DateIn::Text(f[1]),
        project: f[2],
        area: f[3],
        school: f[4],
        pairing: f[5],
        measure: f[6],
        breakdown: f[7],
        value: ValueIn::Text(f[8]),
        source: f[9],
        corrects: f[10],
        recorded: DateIn::Text(f[11]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Dim, GenerateOptions, IdStyle, Query, generate_programme, write_ledger_csv};

    /// Everything a read gave, as text: the ledger, rows read, violations.
    fn read_all(p: &Arc<Programme>, text: &[u8], threads: usize, block: usize) -> String {
        read_with(p, text, (threads, block), &ReadOptions::default())
    }

    /// [`read_all`] with reading options.
    fn read_with(
        p: &Arc<Programme>,
        text: &[u8],
        split: (usize, usize),
        opts: &ReadOptions,
    ) -> String {
        let mut ledger = Ledger::new(Arc::clone(p));
        match ledger.append_csv_in(text, "l.csv", opts, split) {
            Err(e) => format!("error: {e}"),
            Ok((v, rows)) => {
                let mut out = Vec::new();
                ledger.write_csv(&mut out).unwrap();
                let v: Vec<String> = v.iter().map(ToString::to_string).collect();
                format!(
                    "{rows} rows\n{}\n{}",
                    String::from_utf8(out).unwrap(),
                    v.join("\n")
                )
            }
        }
    }

    /// A generated ledger (with some entries under undeclared measures:
    /// W003) with damage of every kind, the programme, and the clean text.
    fn damaged() -> (Arc<Programme>, Vec<u8>, String) {
        damaged_with(IdStyle::Sequential)
    }

    /// As [`damaged`], with ids in `style`.
    fn damaged_with(style: IdStyle) -> (Arc<Programme>, Vec<u8>, String) {
        let mut opts = GenerateOptions::new(3000, 7);
        opts.undeclared_per_mille = 100;
        opts.ids = style;
        let p = Arc::new(generate_programme(&opts).unwrap());
        let mut clean = Vec::new();
        write_ledger_csv(&p, &opts, &mut clean).unwrap();
        let clean = String::from_utf8(clean).unwrap();
        let lines: Vec<&str> = clean.lines().collect();
        // Damage: a duplicate id, a bad date, a short row, a correction of
        // an entry far back, a blank line, CRLF, invalid UTF-8, an
        // overlong line, a negative value; then quotes late in the file.
        let mut text = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            let mut l = (*l).to_owned();
            match i % 397 {
                5 => l = lines[3].to_owned(),
                17 => l = l.replacen("-0", "-1", 1).replacen(",20", ",2x", 1),
                29 => l = "a,b,c".to_owned(),
                41 => l.push('\r'),
                53 => text.extend_from_slice(b"\n"),
                67 => l = l.replace('e', "\u{e9}"),
                // Spreadsheet habits and codes in another script, on the
                // plain path (no quote) and beside quotes below.
                101 => l = l.replacen("-0", "/", 1).replacen("-0", "/", 1),
                113 => l = ",".repeat(10),
                127 => {
                    l = l
                        .replacen(",bd", ",阜平县", 1)
                        .replacen(",fp", ",阜平县", 1);
                }
                131 => l = format!(" {l}"),
                // CRLF line ends on a row of separators and on a blank
                // line; a carriage return inside a field.
                137 => l = ",".repeat(10) + "\r",
                139 => l = "\r".to_owned(),
                149 => l = l.replacen(',', ",\r", 1),
                89 => {
                    // A field longer than plausible (but a line that is not).
                    let mut f: Vec<String> = l.split(',').map(str::to_owned).collect();
                    f[2] = "p".repeat(MAX_FIELD + 1);
                    l = f.join(",");
                }
                _ => {}
            }
            text.extend_from_slice(l.as_bytes());
            if i % 397 == 79 {
                text.extend_from_slice(b"\xff");
            }
            if i % 1001 == 500 {
                text.extend_from_slice(&vec![b'z'; MAX_RECORD + 3]);
            }
            text.push(b'\n');
            if i > 2 && i % 503 == 0 {
                let first_id = lines[1].split(',').next().unwrap();
                let corr = format!(
                    "x{i},2019-12-31,{},-1,,{first_id}\n",
                    &lines[1]
                        .splitn(3, ',')
                        .nth(2)
                        .unwrap()
                        .rsplitn(4, ',')
                        .nth(3)
                        .unwrap()
                );
                text.extend_from_slice(corr.as_bytes());
            }
            if i == 2600 {
                text.extend_from_slice(b"\"q1\",2019-01-01,\"x\ny\",,,,,,,,\n");
            }
        }
        (p, text, clean)
    }

    #[test]
    fn blocks_on_threads_read_exactly_as_one_thread() {
        let (p, text, clean) = damaged();
        let one = read_all(&p, &text, 1, BLOCK);
        assert!(one.contains("already used"), "the damage is seen");
        assert!(one.contains("are plausible"), "the long field is seen");
        assert!(
            one.contains("holds a line break"),
            "the carriage return is seen"
        );
        assert!(
            one.contains("W005") && one.contains("W006"),
            "the habits are seen"
        );
        for block in [64, 1000, 4096, 100_000] {
            for threads in [2, 3] {
                assert_eq!(
                    read_all(&p, &text, threads, block),
                    one,
                    "block {block}, {threads} threads"
                );
            }
        }
        // And a file with no damage at all, with LF or CRLF line ends.
        let one = read_all(&p, clean.as_bytes(), 1, BLOCK);
        assert_eq!(read_all(&p, clean.as_bytes(), 2, 512), one);
        let crlf = clean.replace('\n', "\r\n");
        assert_eq!(read_all(&p, crlf.as_bytes(), 2, 512), one);
        // Against a programme that lists no areas, schools or pairings,
        // their codes are interned as they come, in file order.
        let open = Arc::new(Programme::canonical());
        let one = read_all(&open, &text, 1, BLOCK);
        assert!(one.contains("fuping"));
        assert_eq!(read_all(&open, &text, 2, 1000), one);
    }

    /// A ledger with quotes all through it, as an office writes one
    /// (values with thousands separators, ids with commas, CRLF), with or
    /// without doubled quotes and a stray quote, and with quoting that is
    /// not sound (a quoted line end, a quote never closed at the end): read
    /// on threads in blocks of every size, streamed or loaded, it gives
    /// what one thread gives. Without doubled or stray quotes, most blocks
    /// take the one-pass path; with them, the quoted-field reader.
    #[test]
    fn quoted_fields_read_on_blocks_as_on_one_thread() {
        for escapes in [false, true] {
            let (p, text) = quoted_ledger(escapes);
            let one = read_all(&p, &text, 1, BLOCK);
            let mut seen = vec!["W011", "A,3", "holds a line break", "never closed"];
            if escapes {
                seen.extend(["say \"", "in the middle of field"]);
            }
            for seen in seen {
                assert!(one.contains(seen), "{seen} is seen");
            }
            reads_as_one_thread(&p, &text, &ReadOptions::default(), &one);
        }
    }

    /// Asserts that `text` read on 2 and 3 threads in blocks of 64 bytes
    /// to 100 KB, loaded, gives `one`, and streamed, what one thread gives.
    fn reads_as_one_thread(p: &Arc<Programme>, text: &[u8], opts: &ReadOptions, one: &str) {
        let q = Query::by(&[Dim::Project, Dim::Area, Dim::Month]).unwrap();
        let stream = |split| {
            let s = crate::report::report_csv_in(Arc::clone(p), text, "l.csv", &q, opts, split)
                .unwrap();
            (s.report, s.violations, s.rows, s.entries)
        };
        let streamed = stream(Some((1, BLOCK)));
        for block in [64, 200, 1000, 4096, 100_000] {
            for threads in [2, 3] {
                let at = format!("block {block}, {threads} threads");
                assert_eq!(read_with(p, text, (threads, block), opts), one, "{at}");
                assert_eq!(stream(Some((threads, block))), streamed, "{at}");
            }
        }
    }

    /// An ignored remarks column (备注) as an office fills it: remarks on
    /// two lines (Alt+Enter in Excel, LF or CRLF), with doubled quotes,
    /// or none, beside the quoting of [`quoted_ledger`]. Read on threads in
    /// blocks of every size (mostly the one pass), loaded or streamed, it
    /// gives what one thread (record by record) gives, and the remarks
    /// change no entry.
    #[test]
    fn remarks_on_several_lines_read_on_blocks_as_on_one_thread() {
        for escapes in [false, true] {
            let (p, plain) = quoted_ledger(escapes);
            let plain = String::from_utf8(plain).unwrap();
            let mut text = String::new();
            for (i, l) in plain.lines().enumerate() {
                text.push_str(l);
                text.push_str(match i {
                    0 => ",备注",
                    _ if i % 13 == 1 => ",\"已核对\n见附件\"",
                    _ if i % 13 == 6 => ",\"说\"\"明\"\"\r\n第二行\"",
                    _ if i % 13 == 9 => ",plain",
                    _ => ",",
                });
                text.push('\n');
            }
            let opts = ReadOptions::default().ignore_column("备注");
            let one = read_with(&p, text.as_bytes(), (1, BLOCK), &opts);
            let entries = |read: &str| read.split_once("\n\n").map(|(e, _)| e.to_owned());
            let without = read_all(&p, plain.as_bytes(), 1, BLOCK);
            assert_eq!(entries(&one), entries(&without), "escapes {escapes}");
            reads_as_one_thread(&p, text.as_bytes(), &opts, &one);
        }
    }

    /// A line break is refused in a column read and allowed in an ignored
    /// one; a quote in an ignored column must still be sound; the rows
    /// after a record on two lines keep their line numbers.
    #[test]
    fn line_breaks_in_ignored_and_read_columns() {
        let p = Arc::new(Programme::canonical());
        let rows = [
            "id,date,project,area,measure,value,备注",
            "a1,2019-05-20,pupil-health,fuping,activities,1,\"two\nlines\"",
            "a2,2019-05-20,pupil-health,fuping,activities,x,\"say \"\"hi\"\"\"",
            "\"a\n3\",2019-05-20,pupil-health,fuping,activities,1,",
            "a4,2019-05-20,pupil-health,fuping,activities,1,\"bad\"quote\"",
            "a5,2019-05-20,pupil-health,fuping,activities,1,",
        ];
        // Enough copies that blocks of a few hundred bytes take the one pass.
        let mut text = rows[0].to_owned() + "\n";
        for _ in 0..20 {
            for r in &rows[1..] {
                text.push_str(r);
                text.push('\n');
            }
        }
        let opts = ReadOptions::default().ignore_column("备注");
        let one = read_with(&p, text.as_bytes(), (1, BLOCK), &opts);
        // Each copy spans 7 lines: a1 on lines 2-3, a2 on 4, a3 on 5-6.
        for seen in [
            "l.csv:4, entry a2, column \"value\": error L004",
            "l.csv:5, column \"id\": error L001: the field holds a line break",
            "l.csv:7: error L001: text after the closing quote of field 7",
            "l.csv:11, entry a2, column \"value\": error L004",
        ] {
            assert!(one.contains(seen), "{seen}: {one}");
        }
        assert!(one.starts_with("100 rows\nid,"), "{one}");
        assert!(one.contains("\na1,") && one.contains("\na5,"), "{one}");
        assert!(!one.contains("\na4,"), "{one}");
        reads_as_one_thread(&p, text.as_bytes(), &opts, &one);
    }

    /// The one pass itself reads a remark on two lines or with doubled
    /// quotes in an ignored column, counting the record's lines, and
    /// leaves a remark whose quoting is not sound to the record reader.
    #[test]
    fn the_one_pass_reads_remarks_on_two_lines_and_with_doubled_quotes() {
        let one_pass = one_pass(&["id", "date", "project", "area", "measure", "value", "备注"]);
        let row = "2019-05-20,pupil-health,fuping,activities,1";
        let text = format!("a1,{row},\"two\r\nlines\"\na2,{row},\"say \"\"hi\"\"\"\na3,{row},\n");
        assert_eq!(one_pass(&text), Some((4, vec![1, 3, 4], 0)));
        assert_eq!(one_pass(&format!("a1,{row},\"bad\"quote\"\n")), None);
        assert_eq!(one_pass(&format!("a1,{row},\"half\"\"\"quoted\"\n")), None);
    }

    /// A file with no column ignored, its fields between quotes as an
    /// office's are, is read in the one pass, and a quote inside a field
    /// is not.
    #[test]
    fn the_one_pass_reads_quoted_fields_when_every_column_is_read() {
        let one_pass = one_pass(&["id", "date", "project", "area", "measure", "value"]);
        let row = "\"2019-05-20\",pupil-health,\"fuping\",activities";
        let text = format!("\"a1\",{row},\"1,234\"\na2,{row},5\n");
        assert_eq!(one_pass(&text), Some((2, vec![1, 2], 0)));
        assert_eq!(one_pass(&format!("a1,{row},\"1\"2\"\n")), None);
        assert_eq!(
            one_pass(&format!("a1,{row},1,\"x\"\n")),
            Some((1, vec![1], 1))
        );
    }

    /// Reads a text with `head` (its last column ignored if it is `备注`)
    /// in the one pass: the lines read, the rows' lines and the errors, or
    /// `None` where the pass leaves the text to the record reader.
    fn one_pass(head: &[&str]) -> impl Fn(&str) -> Option<(u64, Vec<u32>, usize)> {
        let ledger = Ledger::new(Arc::new(Programme::canonical()));
        let fields = head.iter().map(|h| h.as_bytes());
        let header =
            Header::new(fields, &["备注".to_owned()], |m| csv_error("l.csv", 1, m)).unwrap();
        move |text: &str| {
            let (mut rows, mut news) = (Vec::new(), Vec::new());
            let mut v = Violations::limited(None);
            let head = (&header, "l.csv", true);
            let lines = check_clean(
                &ledger.codes,
                head,
                text.as_bytes(),
                &mut rows,
                &mut v,
                &mut news,
                None,
            );
            lines.map(|l| {
                (
                    l,
                    rows.iter().map(|r| r.line).collect::<Vec<_>>(),
                    v.error_count(),
                )
            })
        }
    }

    /// The clean generated ledger quoted as an office quotes it (see
    /// [`quoted_fields_read_on_blocks_as_on_one_thread`]).
    fn quoted_ledger(escapes: bool) -> (Arc<Programme>, Vec<u8>) {
        let (p, _, clean) = damaged();
        let mut text = String::new();
        for (i, l) in clean.lines().enumerate() {
            let mut f: Vec<String> = l.split(',').map(str::to_owned).collect();
            if i > 0 {
                match i % 11 {
                    1 | 4 | 7 => {
                        // The value with a thousands separator, or quoted
                        // as it is.
                        let v = &f[8];
                        f[8] = match v.split_once('.') {
                            Some((whole, frac)) if whole.len() > 3 => {
                                let (a, b) = whole.split_at(whole.len() - 3);
                                format!("\"{a},{b}.{frac}\"")
                            }
                            _ => format!("\"{v}\""),
                        };
                    }
                    2 => f[0] = format!("\"A,{i}\""),
                    3 if escapes => f[0] = format!("\"say \"\"{i}\"\"\""),
                    5 if escapes => f[7] = format!("\"{}\"\"x\"", f[7]),
                    9 => f[10].push('\r'),
                    _ => {}
                }
                match i {
                    700 if escapes => f[2] = format!("ab\"{}", f[2]),
                    1500 => f[3] = format!("\"{}\n{}\"", f[3], f[3]),
                    _ => {}
                }
            }
            text.push_str(&f.join(","));
            text.push('\n');
        }
        text.push_str("\"never closed,2019-01-01\nx,y\n");
        (p, text.into_bytes())
    }

    /// Blocks read on threads get their ids' keys from the workers
    /// ([`id_keys_ahead`]), a block read on one thread makes them from the
    /// text: however the ids mix (free text, numbered out of order), a read
    /// on threads (loaded or streamed) gives what one thread gives.
    #[test]
    fn free_text_ids_read_on_blocks_as_on_one_thread() {
        for style in [IdStyle::Text, IdStyle::DateSorted] {
            let (p, text, _) = damaged_with(style);
            let one = read_all(&p, &text, 1, BLOCK);
            assert!(
                one.contains("already used"),
                "{style:?}: the duplicate is seen"
            );
            let q = Query::by(&[Dim::Project, Dim::Area, Dim::Month]).unwrap();
            // With the input's length, right or far off, or none: the
            // tables of ids are sized otherwise, the answers are the same.
            let stream = |split, length: Option<u64>| {
                let mut opts = ReadOptions::default();
                if let Some(length) = length {
                    opts = opts.input_len(length);
                }
                crate::report::report_csv_in(Arc::clone(&p), &text[..], "l.csv", &q, &opts, split)
                    .unwrap()
            };
            let streamed = stream(Some((1, BLOCK)), None);
            assert!(streamed.violations.has_errors());
            let len = text.len() as u64;
            for block in [64, 1000, 100_000] {
                assert_eq!(
                    read_all(&p, &text, 2, block),
                    one,
                    "{style:?}, block {block}"
                );
                for length in [None, Some(len), Some(len * 10), Some(len / 10)] {
                    // Loaded, the table of ids by text is sized as the
                    // fingerprints are streamed.
                    let opts = length.map_or_else(ReadOptions::default, |l| {
                        ReadOptions::default().input_len(l)
                    });
                    assert_eq!(
                        read_with(&p, &text, (2, block), &opts),
                        one,
                        "{style:?}, block {block}, length {length:?}, loaded"
                    );
                    let s = stream(Some((2, block)), length);
                    assert_eq!(
                        (&s.report, &s.violations, s.rows, s.entries),
                        (
                            &streamed.report,
                            &streamed.violations,
                            streamed.rows,
                            streamed.entries
                        ),
                        "{style:?}, block {block}, length {length:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn month_sums_taken_while_reading_are_those_of_the_ledger_read() {
        use crate::ledger::{Depth, month_sums};
        let (p, text, clean) = damaged();
        // The clean rows in no date order: the last first.
        let mut lines: Vec<&str> = clean.lines().collect();
        lines[1..].reverse();
        let reversed = lines.join("\n") + "\n";
        let open = Arc::new(Programme::canonical());
        let m = |s: &str| s.parse::<StatMonth>().unwrap();
        for (p, text) in [
            (&p, &text[..]),
            (&p, reversed.as_bytes()),
            (&open, &text[..]),
        ] {
            for through in [m("2016-01"), m("2018-06"), m("2019-12"), m("2030-01")] {
                let mut want_all = None;
                for split in [(1, BLOCK), (2, 64), (2, 1000), (3, 4096), (2, 100_000)] {
                    let mut ledger = Ledger::new(Arc::clone(p));
                    let opts = ReadOptions::default().fingerprints_through(through);
                    let (read, got) = ledger
                        .summing_sealed(&opts, |l| l.append_csv_in(text, "l.csv", &opts, split));
                    read.unwrap();
                    let got = got.unwrap();
                    let want = month_sums(&ledger, through, Depth::Fingerprint);
                    assert!(!want.is_empty(), "{through} has sealed entries");
                    assert_eq!(got.months, want, "through {through}, {split:?}");
                    // And the same whatever the split.
                    assert_eq!(want_all.get_or_insert_with(|| want.clone()), &want);
                    // A streamed read, keeping no entry (nor every
                    // violation), takes the same sums.
                    let q = crate::Query::by(&[crate::Dim::Month]).unwrap();
                    for opts in [opts.clone(), opts.clone().keep_violations(1)] {
                        let streamed = crate::report::report_csv_in(
                            Arc::clone(p),
                            text,
                            "l.csv",
                            &q,
                            &opts,
                            Some(split),
                        )
                        .unwrap();
                        assert_eq!(streamed.sealed.as_ref(), Some(&got), "{through} {split:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_read_keeping_few_violations_counts_them_all_and_keeps_the_first() {
        let (p, text, _) = damaged();
        let read = |opts: &ReadOptions, split| {
            let mut ledger = Ledger::new(Arc::clone(&p));
            let (v, rows) = ledger
                .append_csv_in(&text[..], "l.csv", opts, split)
                .unwrap();
            let mut out = Vec::new();
            ledger.write_csv(&mut out).unwrap();
            (v, rows, out)
        };
        let (all, rows, ledger) = read(&ReadOptions::default(), (1, BLOCK));
        assert!(all.contains(crate::Rule::MeasureNotReported) && all.error_count() > 3);
        for keep in [0, 1, 3] {
            let first = |severity| {
                all.iter()
                    .filter(move |v| v.severity() == severity)
                    .take(keep)
            };
            let mut expected: Vec<&crate::Violation> = first(crate::Severity::Error)
                .chain(first(crate::Severity::Warning))
                .collect();
            expected.sort_by_key(|v| all.iter().position(|x| std::ptr::eq(x, *v)));
            for split in [(1, BLOCK), (2, 1000), (3, 64)] {
                let opts = ReadOptions::default().keep_violations(keep);
                let (v, r, l) = read(&opts, split);
                assert_eq!((r, &l), (rows, &ledger), "keep {keep}, {split:?}");
                assert_eq!(
                    (v.error_count(), v.warning_count()),
                    (all.error_count(), all.warning_count()),
                    "keep {keep}, {split:?}"
                );
                assert_eq!(
                    v.iter().collect::<Vec<_>>(),
                    expected,
                    "keep {keep}, {split:?}"
                );
                assert_eq!(v.omitted(), all.len() - expected.len());
            }
        }
    }
}

/// Entry points for differential fuzzing (feature `fuzzing`): reading on
/// any number of threads in blocks of any size must give exactly what one
/// thread gives. Not a stable API.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing {
    use std::sync::Arc;

    use crate::{Error, Ledger, Programme, Query, Streamed, Violations};

    /// Appends `input` read on `threads` threads in blocks of `block` bytes.
    ///
    /// # Errors
    ///
    /// As [`Ledger::append_csv`].
    pub fn append_csv_in(
        ledger: &mut Ledger,
        input: &[u8],
        threads: usize,
        block: usize,
    ) -> Result<(Violations, u64), Error> {
        ledger.append_csv_in(
            input,
            "fuzz.csv",
            &crate::ReadOptions::default(),
            (threads, block.max(1)),
        )
    }

    /// [`crate::report_csv`] on `threads` threads in blocks of `block` bytes.
    ///
    /// # Errors
    ///
    /// As [`crate::report_csv`].
    pub fn report_csv_in(
        programme: Arc<Programme>,
        input: &[u8],
        query: &Query,
        threads: usize,
        block: usize,
    ) -> Result<Streamed, Error> {
        crate::report::report_csv_in(
            programme,
            input,
            "fuzz.csv",
            query,
            &crate::ReadOptions::default(),
            Some((threads, block.max(1))),
        )
    }
}
