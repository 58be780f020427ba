//! The monthly close: a log of sealed statistics months, and the check that
//! a ledger still holds exactly the entries it held when they were sealed.
//!
//! Closing a statistics month seals it and every month before it. The close
//! log is a file of JSON lines (by default `LEDGER.closes.jsonl` beside the
//! ledger), only ever appended to: a *close* record names the month, the
//! day, who closed it, a note, the number of entries dated in the sealed
//! months, their totals per measure, a digest of each sealed month's entries
//! and of them all; a *reopen* record names a month to unseal (with every
//! month after it), who and why. Each record carries the hash of the record
//! before it, so a removed, inserted, reordered or edited record is found.
//!
//! The canonical form of the digests is documented on [`CloseLog`].

mod check;
mod log;

pub use log::{CloseAction, CloseLog, CloseRecord};
