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
//! # The canonical form (`eduaid-closes/1`)
//!
//! So that another tool can recompute every digest:
//!
//! 1. **Entry line.** An entry's twelve fields in this order, separated by
//!    one tab (U+0009) and ended by one line feed (U+000A), in UTF-8: `id`,
//!    `date` (`YYYY-MM-DD`), `project`, `area`, `school`, `pairing`,
//!    `measure`, `breakdown`, `value`, `source`, `corrects`, `recorded`
//!    (`YYYY-MM-DD`). A field the entry lacks is empty. Codes are the codes
//!    the entry keeps (a name or alias the file used is resolved); `value`
//!    is in the measure's unit, money with exactly two fraction digits
//!    (`1145000.00`, `-0.50`), counts as a whole number (`240`), with no
//!    `+`, leading zeros, spaces or separators. Ids and codes hold no tabs
//!    or line feeds, so the line is unambiguous whatever quoting, column
//!    order, encoding or spreadsheet habits the CSV had.
//! 2. **Entry hash.** The SHA-256 of the line, read as a 256-bit unsigned
//!    big-endian number.
//! 3. **Month sum.** For each statistics month, the count of its entries and
//!    the sum of their hashes modulo 2^256, written as 64 lower-case hex
//!    digits (`months` in the record: `{"2019-06": {"entries": 120, "sum":
//!    "…"}}`). A sum does not depend on the order of the rows.
//! 4. **Entries digest** (`digest`). The SHA-256, in lower-case hex, of the
//!    text made of one line `YYYY-MM ENTRIES SUM` (single spaces, then a line
//!    feed) per sealed month that has entries, in month order.
//! 5. **Record hash** (`hash`). Every record is one line of JSON with its
//!    keys in sorted order and no spaces, as Python's `json.dumps(record,
//!    sort_keys=True, separators=(",", ":"), ensure_ascii=False)` writes it.
//!    Its `hash` is the SHA-256, in lower-case hex, of that same text for
//!    the record without its `hash` key; its `prev` is the previous record's
//!    `hash` (absent in the first record). A chain of records so linked
//!    cannot be edited in the middle without the change showing; cutting
//!    records off the end can only be seen by comparing the last `hash`
//!    with a copy kept elsewhere (`eduaid close --history` prints it).

mod check;
mod digest;
mod log;

pub use digest::MonthSum;
pub use log::{CloseAction, CloseLog, CloseRecord};
