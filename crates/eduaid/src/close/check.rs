//! A ledger against its close log: each sealed month must hold exactly the
//! entries it held when it was sealed (rules L022 to L024).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::CloseLog;
use crate::ledger::{Depth, MonthSum, month_sums};
use crate::violation::{Location, Rule, Violation, Violations};
use crate::{Error, Ledger, Loaded, SealedSums, StatMonth, Subject};

impl CloseLog {
    /// Checks that every sealed month of `ledger` (named `file` in the
    /// violations) holds the entries it held when it was sealed, by their
    /// count and fingerprints: by month, more entries than sealed is
    /// [`Rule::SealedEntryAdded`], fewer is [`Rule::SealedEntryRemoved`], as
    /// many with another sum is [`Rule::SealedEntryChanged`]. A correction
    /// dated in an open month is not in a sealed month, whatever it
    /// corrects.
    ///
    /// This is the check every command makes: it finds any change made by
    /// mistake or by hand, at a small cost. A change crafted so that its
    /// lines' fingerprints add up as before is found only by
    /// [`audit`](CloseLog::audit).
    #[must_use]
    pub fn check(&self, ledger: &Ledger, file: &str) -> Violations {
        self.compare(file, Depth::Fingerprint, |through| {
            Cow::Owned(month_sums(ledger, through, Depth::Fingerprint))
        })
    }

    /// As [`check`](CloseLog::check) of the entries `loaded` holds, from
    /// the month sums the read took when it was asked for those of this
    /// log's sealed months
    /// ([`ReadOptions::fingerprints_through`](crate::ReadOptions::fingerprints_through)
    /// with [`CloseLog::sealed_through`]): then the ledger is not walked
    /// again. Otherwise (another month, a workbook, no sums asked for), the
    /// same as `check(loaded.valid_rows(), file)`. Either way the same
    /// violations.
    #[must_use]
    pub fn check_loaded(&self, loaded: &Loaded, file: &str) -> Violations {
        self.compare(file, Depth::Fingerprint, |through| {
            match loaded.sums_through(through) {
                Some(read) => Cow::Borrowed(&read.months),
                None => Cow::Owned(month_sums(loaded.valid_rows(), through, Depth::Fingerprint)),
            }
        })
    }

    /// As [`check`](CloseLog::check) of the entries a read accepted, from
    /// the sums of the sealed months it took
    /// ([`Streamed::sealed`](crate::Streamed::sealed) of a read with
    /// [`ReadOptions::fingerprints_through`](crate::ReadOptions::fingerprints_through)
    /// of [`CloseLog::sealed_through`]): a ledger read as a stream, its
    /// entries gone, is checked with the same violations as the loaded
    /// one. A log that seals no month gives none, whatever `sums`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] (of [`Subject::Month`]) when the log seals
    /// months and `sums` is missing or of months through another month
    /// than the log's last sealed one: the read must be asked for those.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use eduaid::{CloseLog, Dim, Ledger, Programme, Query, ReadOptions, StatMonth, parse_date, report_csv_with};
    /// let csv = "id,date,project,area,measure,breakdown,value\n\
    ///            t1,2019-05-20,rural-teachers,fuping,people-trained,local,12\n";
    /// let p = Arc::new(Programme::canonical());
    /// let may: StatMonth = "2019-05".parse()?;
    /// let ledger = Ledger::read_csv(Arc::clone(&p), csv.as_bytes(), "l.csv")?.into_ledger()?;
    /// let mut log = CloseLog::new("l.csv.closes.jsonl");
    /// log.close(&ledger, may, "王芳", None, parse_date("2019-05-27")?)?;
    /// // A row added to May after the close, read as a stream.
    /// let more = format!("{csv}t2,2019-05-21,rural-teachers,fuping,people-trained,local,3\n");
    /// let opts = ReadOptions::new().fingerprints_through(may);
    /// let q = Query::by(&[Dim::Month])?;
    /// let read = report_csv_with(Arc::clone(&p), more.as_bytes(), "l.csv", &q, &opts)?;
    /// let found = log.check_sums(read.sealed.as_ref(), "l.csv")?;
    /// assert_eq!(found.as_slice()[0].rule, eduaid::Rule::SealedEntryAdded);
    /// // Without the sums asked for, the log cannot be checked.
    /// let blind = report_csv_with(p, more.as_bytes(), "l.csv", &q, &ReadOptions::new())?;
    /// assert!(log.check_sums(blind.sealed.as_ref(), "l.csv").is_err());
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    pub fn check_sums(&self, sums: Option<&SealedSums>, file: &str) -> Result<Violations, Error> {
        let Some(through) = self.sealed_through() else {
            return Ok(Violations::new());
        };
        match sums {
            Some(sums) if sums.through == through => {
                Ok(self.compare(file, Depth::Fingerprint, |_| Cow::Borrowed(&sums.months)))
            }
            other => Err(Error::invalid(
                Subject::Month,
                format!(
                    "{} seals the months through {through}, but the read summed {}: read with the sums of the months through {through}",
                    self.file(),
                    other.map_or_else(
                        || "none".to_owned(),
                        |s| format!("those through {}", s.through)
                    ),
                ),
            )),
        }
    }

    /// As [`check`](CloseLog::check), and the SHA-256 sums too: what an
    /// auditor runs, since no one can craft lines whose SHA-256 hashes add
    /// up as before. It costs several times the check on a large ledger.
    #[must_use]
    pub fn audit(&self, ledger: &Ledger, file: &str) -> Violations {
        self.compare(file, Depth::Sha256, |through| {
            Cow::Owned(month_sums(ledger, through, Depth::Sha256))
        })
    }

    /// Compares the log's sums of the sealed months with those `actual`
    /// gives of the months up to the last sealed one, as far as `depth`
    /// looks.
    fn compare<'a>(
        &self,
        file: &str,
        depth: Depth,
        actual: impl FnOnce(StatMonth) -> Cow<'a, BTreeMap<StatMonth, MonthSum>>,
    ) -> Violations {
        let mut v = Violations::new();
        let (Some(through), Some(close)) = (self.sealed_through(), self.last_close()) else {
            return v;
        };
        let expected = close.month_sums();
        let actual = actual(through);
        let mut months: Vec<_> = expected.keys().chain(actual.keys()).copied().collect();
        months.sort_unstable();
        months.dedup();
        let closed = format!(
            "closed on {} by {} ({})",
            close.date(),
            close.by(),
            self.file()
        );
        for m in months.into_iter().filter(|&m| m <= through) {
            let (want, got) = (
                expected.get(&m).copied().unwrap_or_default(),
                actual.get(&m).copied().unwrap_or_default(),
            );
            if want.matches(&got, depth) {
                continue;
            }
            let at = Location {
                file: Some(file.to_owned()),
                item: Some(format!("month {m}")),
                ..Location::default()
            };
            let entries = |n: u64| {
                if n == 1 {
                    "1 entry".to_owned()
                } else {
                    format!("{n} entries")
                }
            };
            let (rule, msg) = match got.entries.cmp(&want.entries) {
                Ordering::Greater => (
                    Rule::SealedEntryAdded,
                    format!(
                        "{} added in sealed month {m}, {closed}; record a change as a correction dated in an open month ({} or later)",
                        entries(got.entries - want.entries),
                        through.next()
                    ),
                ),
                Ordering::Less => (
                    Rule::SealedEntryRemoved,
                    format!(
                        "{} of sealed month {m} removed: its digest no longer matches the close log, {closed}",
                        entries(want.entries - got.entries),
                    ),
                ),
                Ordering::Equal => (
                    Rule::SealedEntryChanged,
                    format!(
                        "an entry of sealed month {m} was changed: its digest no longer matches the close log, {closed}"
                    ),
                ),
            };
            v.push(Violation::new(rule, at, msg));
        }
        v
    }
}
