//! The crate's one public error type.

use std::path::PathBuf;

/// Everything that can go wrong writing or reading a Parquet ledger.
///
/// Messages are lowercase, without a final period, and name the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or directory could not be read, written or renamed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
    /// The output directory exists already (it is never overwritten).
    #[error("{}: already exists (remove it or choose another output directory)", .0.display())]
    OutputExists(PathBuf),
    /// A file is not Parquet, or is damaged.
    #[error("{}: cannot read as Parquet: {source}", path.display())]
    Parquet {
        /// The file.
        path: PathBuf,
        /// What the Parquet reader or writer said.
        source: parquet::errors::ParquetError,
    },
    /// Arrow arrays could not be built or read.
    #[error("{}: {source}", path.display())]
    Arrow {
        /// The file.
        path: PathBuf,
        /// What arrow said.
        source: arrow_schema::ArrowError,
    },
    /// A file is Parquet but not a ledger of this layout: a column is missing
    /// or of another type, a value is out of range.
    #[error("{}: {reason}", path.display())]
    Layout {
        /// The file.
        path: PathBuf,
        /// What is wrong, naming the column (and row, for a value).
        reason: String,
    },
    /// The directory holds no Parquet file.
    #[error("{}: no Parquet file (`part-*.parquet` under `year=*/month=*/`) in this directory", .0.display())]
    Empty(PathBuf),
    /// The ledger, a query or a total: the core library's error.
    #[error(transparent)]
    Ledger(#[from] eduaid::Error),
}

impl Error {
    /// Whether the error is about the files (missing, unreadable, not
    /// Parquet, not this layout, the output exists) rather than the data in
    /// them; command-line tools map the two to different exit statuses.
    #[must_use]
    pub fn is_file(&self) -> bool {
        !matches!(self, Error::Ledger(_))
    }
}

pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.into();
    move |source| Error::Io { path, source }
}

pub(crate) fn pq(path: impl Into<PathBuf>) -> impl FnOnce(parquet::errors::ParquetError) -> Error {
    let path = path.into();
    move |source| Error::Parquet { path, source }
}

pub(crate) fn arrow(path: impl Into<PathBuf>) -> impl FnOnce(arrow_schema::ArrowError) -> Error {
    let path = path.into();
    move |source| Error::Arrow { path, source }
}
