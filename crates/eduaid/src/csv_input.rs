//! What a ledger CSV is read from: any reader, or a text already in memory
//! (a mapped file), which a read on threads cuts into blocks without
//! copying a byte.

use std::io;

/// A ledger CSV's whole text in memory, for the readers of CSV
/// ([`Ledger::read_csv`](crate::Ledger::read_csv),
/// [`report_csv`](crate::report_csv) and the others that take a
/// [`CsvInput`]).
///
/// Read from a reader, a ledger's text is copied into buffers a block at a
/// time, by the thread that appends the rows in order. Given whole, it is
/// cut into blocks that are slices of it, and the threads that check the
/// rows read them: a file mapped into memory (the command-line tool maps
/// the files it reads) is read without a copy. The result is the same
/// either way, violations included: text that is not UTF-8 (GB18030,
/// UTF-16) is decoded as it would be from a reader.
///
/// ```
/// use std::sync::Arc;
/// use eduaid::{InMemory, Ledger, Programme};
/// let csv = "id,date,project,area,measure,breakdown,value\n\
///            e1,2019-06-20,rural-teachers,fuping,people-trained,local,120\n";
/// let p = Arc::new(Programme::canonical());
/// let whole = Ledger::read_csv(Arc::clone(&p), InMemory::new(csv.as_bytes()), "l.csv")?;
/// let read = Ledger::read_csv(p, csv.as_bytes(), "l.csv")?;
/// assert_eq!(whole.violations, read.violations);
/// let id = |l: &eduaid::Loaded| l.valid_rows().iter().map(|e| e.id().to_owned()).collect::<Vec<_>>();
/// assert_eq!(id(&whole), id(&read));
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct InMemory<'a>(&'a [u8]);

impl<'a> InMemory<'a> {
    /// The whole text of a ledger CSV, in any encoding the readers take.
    #[must_use]
    pub fn new(text: &'a [u8]) -> InMemory<'a> {
        InMemory(text)
    }

    /// The text.
    pub(crate) fn text(self) -> &'a [u8] {
        self.0
    }
}

/// What the readers of a ledger CSV take: any [`io::Read`], the whole
/// text as [`InMemory`], or either as a [`LedgerInput`]. Sealed: nothing
/// else can be one.
pub trait CsvInput<'a>: sealed::Sealed {
    /// The reader, when the input is one.
    #[doc(hidden)]
    type Reader: io::Read;

    /// The input as a reader or a whole text.
    #[doc(hidden)]
    fn into_input(self) -> LedgerInput<'a, Self::Reader>;
}

/// A reader or a whole text, for a caller that knows which only as it
/// runs (a file it could map into memory, or standard input).
///
/// ```
/// use std::io::Read;
/// use std::sync::Arc;
/// use eduaid::{InMemory, Ledger, LedgerInput, Programme};
/// let csv = "id,date,project,area,measure,breakdown,value\n\
///            e1,2019-06-20,rural-teachers,fuping,people-trained,local,120\n";
/// let mut stdin = csv.as_bytes(); // standard input, say
/// let input: LedgerInput<&mut dyn Read> = if csv.len() > 1 << 20 {
///     LedgerInput::InMemory(InMemory::new(csv.as_bytes()))
/// } else {
///     LedgerInput::Read(&mut stdin)
/// };
/// let loaded = Ledger::read_csv(Arc::new(Programme::canonical()), input, "l.csv")?;
/// assert_eq!(loaded.valid_rows().len(), 1);
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Debug)]
pub enum LedgerInput<'a, R> {
    /// Read a block at a time.
    Read(R),
    /// Cut into blocks, not copied.
    InMemory(InMemory<'a>),
}

impl<'a, R: io::Read> CsvInput<'a> for R {
    type Reader = R;

    fn into_input(self) -> LedgerInput<'a, R> {
        LedgerInput::Read(self)
    }
}

impl<'a> CsvInput<'a> for InMemory<'a> {
    type Reader = io::Empty;

    fn into_input(self) -> LedgerInput<'a, io::Empty> {
        LedgerInput::InMemory(self)
    }
}

impl<'a, R: io::Read> CsvInput<'a> for LedgerInput<'a, R> {
    type Reader = R;

    fn into_input(self) -> LedgerInput<'a, R> {
        self
    }
}

mod sealed {
    pub trait Sealed {}
    impl<R: std::io::Read> Sealed for R {}
    impl Sealed for super::InMemory<'_> {}
    impl<R: std::io::Read> Sealed for super::LedgerInput<'_, R> {}
}
