//! How a command fails: an error with its context, and the exit status it
//! maps to.

use std::io;

/// The exit status of a failure.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Status {
    /// The data has errors, or a check (compliance) failed.
    Data = 1,
    /// A usage error or a file that cannot be read or written.
    Usage = 2,
}

/// A failed command: one message and an exit status.
#[derive(Debug)]
pub struct Fail {
    /// What to tell the user (printed with its context chain).
    pub error: anyhow::Error,
    /// The exit status.
    pub status: Status,
}

impl Fail {
    /// A failure caused by the data.
    pub fn data(error: impl Into<anyhow::Error>) -> Fail {
        Fail {
            error: error.into(),
            status: Status::Data,
        }
    }

    /// A failure caused by the arguments or the file system.
    pub fn usage(error: impl Into<anyhow::Error>) -> Fail {
        Fail {
            error: error.into(),
            status: Status::Usage,
        }
    }

    /// Whether the failure is a closed output pipe (`eduaid report | head`),
    /// which is not an error.
    pub fn is_broken_pipe(&self) -> bool {
        self.error.chain().any(|e| {
            e.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
        })
    }
}

/// Output errors (writing a report) are failures of the file system.
impl From<io::Error> for Fail {
    fn from(e: io::Error) -> Fail {
        Fail::usage(e)
    }
}

/// Maps a library error to its exit status: bad data is 1, files that cannot
/// be read or written are 2.
pub fn library(e: eduaid::Error) -> Fail {
    match e {
        eduaid::Error::Io { .. } => Fail::usage(e),
        _ => Fail::data(e),
    }
}
