//! The close log: its records, reading with every link of the chain checked,
//! and the records a close or a reopening appends.

use crate::Subject;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ledger::{Depth, MonthSum, month_sums, sha256_hex};
use crate::{Error, Ledger, StatMonth};

const FORMAT: &str = "eduaid-closes/1";

/// What a record does.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CloseAction {
    /// Seals a statistics month and every month before it.
    Close,
    /// Unseals a statistics month and every month after it.
    Reopen,
}

/// A month's entries as the record keeps them.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MonthJson {
    entries: u64,
    fingerprint: String,
    sum: String,
}

/// One record of the close log. Its fields are declared in sorted order:
/// serialised as they are, the record is in the canonical form its hash is
/// taken over (see [`CloseLog`]).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseRecord {
    by: String,
    date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    digest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    entries: Option<u64>,
    format: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hash: Option<String>,
    kind: CloseAction,
    month: StatMonth,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    months: Option<BTreeMap<StatMonth, MonthJson>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    prev: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    totals: Option<BTreeMap<String, String>>,
}

impl CloseRecord {
    /// Close or reopen.
    #[must_use]
    pub fn action(&self) -> CloseAction {
        self.kind
    }
    /// The month closed (with those before it) or reopened (with those after it).
    #[must_use]
    pub fn month(&self) -> StatMonth {
        self.month
    }
    /// The day of the close or reopening.
    #[must_use]
    pub fn date(&self) -> NaiveDate {
        self.date
    }
    /// Who closed or reopened.
    #[must_use]
    pub fn by(&self) -> &str {
        &self.by
    }
    /// The note of a close.
    #[must_use]
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
    /// Why a month was reopened.
    #[must_use]
    pub fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }
    /// A close's count of entries dated in the sealed months.
    #[must_use]
    pub fn entries(&self) -> Option<u64> {
        self.entries
    }
    /// A close's totals per measure code, in the measure's unit.
    #[must_use]
    pub fn totals(&self) -> Option<&BTreeMap<String, String>> {
        self.totals.as_ref()
    }
    /// A close's digest of the sealed entries (hex).
    #[must_use]
    pub fn digest(&self) -> Option<&str> {
        self.digest.as_deref()
    }
    /// The record's hash (hex), which the next record names.
    #[must_use]
    pub fn hash(&self) -> &str {
        self.hash.as_deref().unwrap_or_default()
    }
    /// The record as one line of canonical JSON (no line feed).
    #[must_use]
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).expect("a record always serialises")
    }

    /// The hash of the record without its hash.
    fn own_hash(&self) -> String {
        let bare = CloseRecord {
            hash: None,
            ..self.clone()
        };
        sha256_hex(bare.to_json_line().as_bytes())
    }

    /// A close's month sums.
    pub(crate) fn month_sums(&self) -> BTreeMap<StatMonth, MonthSum> {
        (self.months.iter().flatten())
            .filter_map(|(m, j)| {
                let sum = MonthSum::from_hex(j.entries, &j.fingerprint, &j.sum)?;
                Some((*m, sum))
            })
            .collect()
    }
}

/// The entries digest of a close: see the module docs, step 4.
fn entries_digest(sums: &BTreeMap<StatMonth, MonthSum>) -> String {
    use std::fmt::Write;
    let mut text = String::new();
    for (m, s) in sums {
        let _ = writeln!(
            text,
            "{m} {} {} {}",
            s.entries,
            s.fingerprint_hex(),
            s.sum_hex()
        );
    }
    sha256_hex(text.as_bytes())
}

/// A ledger's close log: every record, each checked against its content and
/// the one before it.
///
/// Closing a statistics month seals it and every month before it; the log
/// is a file of JSON lines, by default `LEDGER.closes.jsonl` beside the
/// ledger, only ever appended to. A *close* record names the month, the day,
/// who, a note, the number of entries dated in the sealed months, their
/// totals per measure and their digests; a *reopen* record names a month to
/// unseal with every month after it, who and why.
///
/// # The canonical form (`eduaid-closes/1`)
///
/// So that another tool can recompute every digest:
///
/// 1. **Entry line.** An entry's twelve fields in this order, separated by
///    one tab (U+0009) and ended by one line feed (U+000A), in UTF-8: `id`,
///    `date` (`YYYY-MM-DD`), `project`, `area`, `school`, `pairing`,
///    `measure`, `breakdown`, `value`, `source`, `corrects`, `recorded`
///    (`YYYY-MM-DD`). A field the entry lacks is empty. Codes are the codes
///    the entry keeps (a name or alias the file used is resolved); `value`
///    is in the measure's unit, money with exactly two fraction digits
///    (`1145000.00`, `-0.50`), counts as a whole number (`240`), with no
///    `+`, leading zeros, spaces or separators. Ids and codes hold no tabs
///    or line feeds, so the line is unambiguous whatever quoting, column
///    order, encoding or spreadsheet habits the CSV had.
/// 2. **Entry hashes.** Two hashes of the line's bytes, each read as an
///    unsigned big-endian number: its *fingerprint*, XXH3-128 with seed 0
///    (the 128-bit hash of the xxHash family, as `XXH3_128bits` of the
///    reference C library or Python's `xxhash.xxh3_128_intdigest` give it),
///    and its SHA-256.
/// 3. **Month sums.** For each statistics month, the count of its entries,
///    the sum of their fingerprints modulo 2^128 (32 lower-case hex digits)
///    and the sum of their SHA-256 hashes modulo 2^256 (64 lower-case hex
///    digits): `months` in the record, `{"2019-06": {"entries": 120,
///    "fingerprint": "…", "sum": "…"}}`. A sum does not depend on the order
///    of the rows.
/// 4. **Entries digest** (`digest`). The SHA-256, in lower-case hex, of the
///    text made of one line `YYYY-MM ENTRIES FINGERPRINT SUM` (single
///    spaces, then a line feed) per sealed month that has entries, in month
///    order.
/// 5. **Record hash** (`hash`). Every record is one line of JSON with its
///    keys in sorted order and no spaces, as Python's `json.dumps(record,
///    sort_keys=True, separators=(",", ":"), ensure_ascii=False)` writes it.
///    Its `hash` is the SHA-256, in lower-case hex, of that same text for
///    the record without its `hash` key; its `prev` is the previous record's
///    `hash` (absent in the first record). A chain of records so linked
///    cannot be edited in the middle without the change showing; cutting
///    records off the end can only be seen by comparing the last `hash`
///    with a copy kept elsewhere (`eduaid close --history` prints it).
///
/// Two checks read the same record. [`CloseLog::check`], which every
/// command makes, compares each sealed month's count and fingerprint sum: a
/// cheap hash (about a tenth of SHA-256's cost on a line), which finds any
/// change made by hand or by mistake, but is not built to resist someone
/// who crafts lines so that their fingerprints add up as before.
/// [`CloseLog::audit`] (`eduaid validate --audit`) compares the SHA-256 sums
/// too, which no one can so craft: what an auditor runs, or anyone holding
/// the last record's hash from elsewhere.
///
/// ```
/// use std::sync::Arc;
/// use eduaid::{CloseLog, Ledger, Programme, Rule, StatMonth, parse_date};
/// let csv = "id,date,project,area,measure,breakdown,value\n\
///            t1,2019-05-20,rural-teachers,fuping,people-trained,local,12\n";
/// let p = Arc::new(Programme::canonical());
/// let ledger = Ledger::read_csv(Arc::clone(&p), csv.as_bytes(), "l.csv")?.into_ledger()?;
/// let mut log = CloseLog::new("l.csv.closes.jsonl");
/// let may: StatMonth = "2019-05".parse()?;
/// let line = log.close(&ledger, may, "王芳", None, parse_date("2019-05-27")?)?.to_json_line();
/// // Read back, the log checks; the ledger still matches it.
/// let log = CloseLog::parse(&format!("{line}\n"), "l.csv.closes.jsonl")?;
/// assert_eq!(log.sealed_through(), Some(may));
/// assert!(log.check(&ledger, "l.csv").is_empty());
/// // An entry added to May afterwards is found.
/// let more = format!("{csv}t2,2019-05-21,rural-teachers,fuping,people-trained,local,3\n");
/// let changed = Ledger::read_csv(p, more.as_bytes(), "l.csv")?.into_ledger()?;
/// assert!(log.check(&changed, "l.csv").contains(Rule::SealedEntryAdded));
/// // An edited record is refused.
/// assert!(CloseLog::parse(&line.replace("王芳", "李明"), "l.csv.closes.jsonl").is_err());
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct CloseLog {
    file: String,
    records: Vec<CloseRecord>,
    /// The last month sealed, after every record.
    sealed: Option<StatMonth>,
    /// The last close record.
    last_close: Option<usize>,
}

impl CloseLog {
    /// An empty log, named `file` in errors.
    #[must_use]
    pub fn new(file: &str) -> CloseLog {
        CloseLog {
            file: file.to_owned(),
            records: Vec::new(),
            sealed: None,
            last_close: None,
        }
    }

    /// Reads a log's text (JSON lines; blank lines are skipped).
    ///
    /// # Errors
    ///
    /// [`Error::CloseLog`] naming the line of the first record that is not
    /// valid JSON of a record, whose hash does not match its content (an
    /// edited record), whose `prev` does not name the record before (a
    /// broken chain: a record removed, inserted or reordered), or that does
    /// not follow from those before (closing a month already closed,
    /// reopening one that is not).
    pub fn parse(text: &str, file: &str) -> Result<CloseLog, Error> {
        let mut log = CloseLog::new(file);
        for (i, line) in text.lines().enumerate() {
            let line_no = i as u64 + 1;
            if line.trim().is_empty() {
                continue;
            }
            let fail = |message: String| Error::CloseLog {
                file: file.to_owned(),
                line: line_no,
                message,
            };
            let r: CloseRecord =
                serde_json::from_str(line).map_err(|e| fail(format!("not a close record: {e}")))?;
            if r.format != FORMAT {
                return Err(fail(format!("format {:?} is not {FORMAT:?}", r.format)));
            }
            if r.hash.as_deref() != Some(r.own_hash().as_str()) {
                return Err(fail(
                    "the record was edited: its hash no longer matches its content".into(),
                ));
            }
            let before = log.records.last().map(CloseRecord::hash);
            if r.prev.as_deref() != before {
                return Err(fail(
                    "the chain is broken: the record does not follow the one before it (a record was removed, inserted or reordered)".into(),
                ));
            }
            if r.kind == CloseAction::Close
                && r.digest.as_deref() != Some(&entries_digest(&r.month_sums()))
            {
                return Err(fail("the record's digest does not match its months".into()));
            }
            log.follow(&r).map_err(fail)?;
            log.push(r);
        }
        Ok(log)
    }

    /// Reads a log file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be read, else as [`CloseLog::parse`].
    pub fn from_path(path: &std::path::Path) -> Result<CloseLog, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        CloseLog::parse(&text, &path.display().to_string())
    }

    /// The records, oldest first.
    #[must_use]
    pub fn records(&self) -> &[CloseRecord] {
        &self.records
    }

    /// The last sealed statistics month (every month before it is sealed too).
    #[must_use]
    pub fn sealed_through(&self) -> Option<StatMonth> {
        self.sealed
    }

    /// The close that sealed the months sealed now.
    #[must_use]
    pub fn last_close(&self) -> Option<&CloseRecord> {
        self.last_close.map(|i| &self.records[i])
    }

    pub(crate) fn file(&self) -> &str {
        &self.file
    }

    /// Whether a record can follow the log as it is; why not.
    fn follow(&self, r: &CloseRecord) -> Result<(), String> {
        if r.by.trim().is_empty() {
            return Err("the record names nobody in `by`".into());
        }
        match r.kind {
            CloseAction::Close => match self.sealed {
                Some(s) if r.month <= s => Err(format!(
                    "{} is already closed: months are sealed through {s}",
                    r.month
                )),
                _ => Ok(()),
            },
            CloseAction::Reopen => {
                if r.reason.as_deref().is_none_or(|x| x.trim().is_empty()) {
                    return Err("a reopening needs a reason".into());
                }
                match self.sealed {
                    Some(s) if r.month <= s => Ok(()),
                    Some(s) => Err(format!(
                        "{} is not closed: months are sealed through {s}",
                        r.month
                    )),
                    None => Err(format!("{} is not closed: no month is sealed", r.month)),
                }
            }
        }
    }

    fn push(&mut self, r: CloseRecord) {
        match r.kind {
            CloseAction::Close => {
                self.sealed = Some(r.month);
                self.last_close = Some(self.records.len());
            }
            CloseAction::Reopen => {
                self.sealed = Some(r.month.prev()).filter(|_| self.sealed.is_some());
                // Nothing before the first close is sealed.
                if self.records.iter().all(|x| x.kind == CloseAction::Reopen) {
                    self.sealed = None;
                }
            }
        }
        self.records.push(r);
    }

    /// Completes a new record (format, chain, hash), checks that it follows
    /// the log, and appends it.
    fn append(&mut self, mut r: CloseRecord) -> Result<&CloseRecord, Error> {
        FORMAT.clone_into(&mut r.format);
        r.prev = self.records.last().map(|x| x.hash().to_owned());
        r.hash = None;
        r.hash = Some(r.own_hash());
        self.follow(&r)
            .map_err(|reason| Error::invalid(Subject::Month, reason))?;
        self.push(r);
        Ok(self.records.last().expect("just pushed"))
    }

    /// Seals `month` and every month before it: appends a close record with
    /// the digest and totals of the ledger's entries dated in them. The
    /// caller writes [`CloseRecord::to_json_line`] to the log file, and
    /// should first [`check`](CloseLog::check) the ledger against the log.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when `by` is blank or `month` is already
    /// sealed; [`Error::Overflow`] when a total does not fit.
    pub fn close(
        &mut self,
        ledger: &Ledger,
        month: StatMonth,
        by: &str,
        note: Option<&str>,
        date: NaiveDate,
    ) -> Result<&CloseRecord, Error> {
        let sums = month_sums(ledger, month, Depth::Sha256);
        let totals = sealed_totals(ledger, month)?;
        let r = CloseRecord {
            by: by.to_owned(),
            date,
            digest: Some(entries_digest(&sums)),
            entries: Some(sums.values().map(|s| s.entries).sum()),
            format: String::new(),
            hash: None,
            kind: CloseAction::Close,
            month,
            months: Some(
                sums.iter()
                    .map(|(m, s)| {
                        let j = MonthJson {
                            entries: s.entries,
                            fingerprint: s.fingerprint_hex(),
                            sum: s.sum_hex(),
                        };
                        (*m, j)
                    })
                    .collect(),
            ),
            note: note.map(str::to_owned),
            prev: None,
            reason: None,
            totals: Some(totals),
        };
        self.append(r)
    }

    /// Unseals `month` and every month after it, for a reason.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when `by` or `reason` is blank or `month` is
    /// not sealed.
    pub fn reopen(
        &mut self,
        month: StatMonth,
        by: &str,
        reason: &str,
        date: NaiveDate,
    ) -> Result<&CloseRecord, Error> {
        let r = CloseRecord {
            by: by.to_owned(),
            date,
            digest: None,
            entries: None,
            format: String::new(),
            hash: None,
            kind: CloseAction::Reopen,
            month,
            months: None,
            note: None,
            prev: None,
            reason: Some(reason.to_owned()),
            totals: None,
        };
        self.append(r)
    }
}

/// Totals per measure of the entries dated up to `month`'s cutoff day.
fn sealed_totals(ledger: &Ledger, month: StatMonth) -> Result<BTreeMap<String, String>, Error> {
    let last = ledger.programme().calendar().range(month).1;
    let mut sums: BTreeMap<&str, (i128, u8)> = BTreeMap::new();
    for e in ledger.iter().filter(|e| e.date() <= last) {
        let slot = sums
            .entry(e.measure().as_str())
            .or_insert((0, e.unit().fraction_digits()));
        slot.0 = slot
            .0
            .checked_add(i128::from(e.raw_value()))
            .ok_or_else(|| Error::Overflow(format!("the total of {}", e.measure())))?;
    }
    Ok(sums
        .into_iter()
        .map(|(m, (x, digits))| {
            let mut s = String::new();
            crate::number::format_hundredths(x * if digits == 0 { 100 } else { 1 }, digits, &mut s);
            (m.to_owned(), s)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::{Programme, Rule, parse_date};

    #[test]
    fn only_an_audit_finds_what_only_the_sha256_sums_tell() {
        let csv = "id,date,project,area,measure,breakdown,value\n\
                   t1,2019-05-20,rural-teachers,fuping,people-trained,local,12\n";
        let p = Arc::new(Programme::canonical());
        let ledger = Ledger::read_csv(p, csv.as_bytes(), "l.csv")
            .unwrap()
            .into_ledger()
            .unwrap();
        let mut log = CloseLog::new("l.csv.closes.jsonl");
        let may = "2019-05".parse().unwrap();
        log.close(
            &ledger,
            may,
            "王芳",
            None,
            parse_date("2019-05-27").unwrap(),
        )
        .unwrap();
        assert!(log.audit(&ledger, "l.csv").is_empty());
        // As if the entries' lines had been crafted to keep their
        // fingerprints: the SHA-256 sum no longer matches.
        for m in log.records[0]
            .months
            .iter_mut()
            .flat_map(|m| m.values_mut())
        {
            m.sum = "0".repeat(64);
        }
        assert!(log.check(&ledger, "l.csv").is_empty());
        let found: Vec<Rule> = log.audit(&ledger, "l.csv").iter().map(|v| v.rule).collect();
        assert_eq!(found, [Rule::SealedEntryChanged]);
    }
}
