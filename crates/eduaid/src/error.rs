//! The crate's one public error type.

use std::path::PathBuf;

use crate::violation::Violations;

/// Everything that can go wrong in `eduaid`.
///
/// Messages are lowercase, without a final period, and name the offending
/// value and where it came from.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A code (of a project, area, school, entry, ...) is malformed.
    #[error("invalid code {value:?}: {reason}")]
    InvalidCode {
        /// The text given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An amount of money is malformed or inexact.
    #[error("invalid amount {value:?}: {reason}")]
    InvalidMoney {
        /// The text given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A date or statistics month is malformed or does not exist.
    #[error("invalid date {value:?}: {reason}")]
    InvalidDate {
        /// The text given.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A statistics cutoff day outside 1 to 31.
    #[error("invalid cutoff day {0}: must be 1 to 31")]
    InvalidCutoff(u8),
    /// A value out of its allowed range or shape (a threshold, an empty name, ...).
    #[error("invalid {what}: {reason}")]
    InvalidValue {
        /// What was being given.
        what: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// An exact total does not fit its type.
    #[error("arithmetic overflow: {0}")]
    Overflow(String),
    /// A programme or a ledger breaks one or more rules; every violation is listed.
    #[error("{0}")]
    Invalid(Violations),
    /// The ledger CSV cannot be read as a table (header, quoting, encoding).
    #[error("{file}:{line}: {message}")]
    Csv {
        /// The file name, or `-` for standard input.
        file: String,
        /// The 1-based physical line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A programme's JSON is malformed.
    #[error("{file}: invalid programme JSON at line {line}, column {column}: {message}")]
    Json {
        /// The file name, or `-` for standard input.
        file: String,
        /// The 1-based line.
        line: usize,
        /// The 1-based column.
        column: usize,
        /// What serde said.
        message: String,
    },
    /// A close log cannot be trusted: a record is malformed, edited, out of
    /// its chain, or does not follow from those before it.
    #[error("{file}:{line}: {message}")]
    CloseLog {
        /// The close log's file name.
        file: String,
        /// The 1-based line of the record.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// The violations, when the error is [`Error::Invalid`].
    #[must_use]
    pub fn violations(&self) -> Option<&Violations> {
        match self {
            Error::Invalid(v) => Some(v),
            _ => None,
        }
    }
}
