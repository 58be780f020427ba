//! Monthly returns in a generated ledger (option `recorded`): the reporting
//! duties the programme declares, and each row's recorded date, with some
//! returns late and some missing. Decided per return (project, area and
//! statistics month) by a hash of the seed, so originals and their
//! corrections agree and the other columns do not change.

use std::collections::HashSet;

use chrono::{Days, NaiveDate};

use super::SplitMix64;
use super::stream::Row;
use crate::{Code, Duty, Error, PovertyStatus, Programme, Reporter, StatCalendar, StatMonth};

/// The project whose returns are owed: its rows name no school.
pub(super) const DUTY_PROJECT: &str = "principal-studios";

/// Returns late and missing, per mille.
const LATE: u64 = 100;
const MISSING: u64 = 30;

/// One duty of [`DUTY_PROJECT`] for each poor supported county, from
/// January of the first statistics year.
pub(super) fn duties(p: &Programme, start_year: i32) -> Result<Vec<Duty>, Error> {
    let from = StatMonth::new(start_year, 1)?;
    let project = Code::new(DUTY_PROJECT)?;
    p.areas()
        .iter()
        .filter(|a| a.poverty() != PovertyStatus::NotPoor)
        .map(|a| {
            Duty::new(
                project.clone(),
                Reporter::Area(a.code().clone()),
                from,
                None,
            )
        })
        .collect()
}

/// The rows to write, each with its recorded date: all of them with none
/// when `recorded` is off.
pub(super) fn kept<'p>(
    p: &Programme,
    opts: &super::GenerateOptions,
    rows: impl Iterator<Item = Row> + 'p,
) -> impl Iterator<Item = (Row, Option<NaiveDate>)> + 'p {
    let mut returns = opts.recorded.then(|| Returns::new(p, opts.seed));
    rows.filter_map(move |r| match &mut returns {
        None => Some((r, None)),
        Some(x) => x.recorded(&r).map(|d| (r, Some(d))),
    })
}

/// What becomes of each row's return.
pub(super) struct Returns {
    seed: u64,
    calendar: StatCalendar,
    project: Option<usize>,
    /// Ids of originals left out (their corrections are left out too).
    left_out: HashSet<u64>,
}

impl Returns {
    pub(super) fn new(p: &Programme, seed: u64) -> Returns {
        Returns {
            seed,
            calendar: p.calendar(),
            project: p
                .projects()
                .iter()
                .position(|x| x.code().as_str() == DUTY_PROJECT),
            left_out: HashSet::new(),
        }
    }

    /// The row's recorded date, or `None` when the row is left out: a
    /// missing return of the duty project, or a correction of a row left out.
    pub(super) fn recorded(&mut self, r: &Row) -> Option<NaiveDate> {
        if r.corrects.is_some_and(|c| self.left_out.contains(&c)) {
            return None;
        }
        let month = self.calendar.month_of(r.date);
        let key = (r.project as u64) << 40
            | (r.area as u64) << 20
            | u64::from(month.ordinal().unsigned_abs());
        let roll = SplitMix64::new(self.seed ^ 0x7E7_u64.rotate_left(40) ^ key).next_u64() % 1000;
        if Some(r.project) == self.project && r.corrects.is_none() && roll < MISSING {
            self.left_out.insert(r.id);
            return None;
        }
        let cutoff = self.calendar.range(month).1;
        let delay = SplitMix64::new(self.seed ^ r.id.rotate_left(17)).next_u64();
        Some(if roll < MISSING + LATE {
            cutoff + Days::new(1 + delay % 8)
        } else {
            (r.date + Days::new(delay % 4)).min(cutoff)
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::{
        GenerateOptions, Ledger, ReturnStatus, completeness, generate_ledger, generate_programme,
        write_ledger_csv,
    };

    #[test]
    fn returns_are_late_missing_and_otherwise_unchanged() {
        let plain = GenerateOptions::new(6000, 11);
        let mut opts = plain.clone();
        opts.recorded = true;
        let p = Arc::new(generate_programme(&opts).unwrap());
        assert_eq!(p.duties().len(), 10, "8 Baoding counties, Wutai and Fanshi");
        assert!(generate_programme(&plain).unwrap().duties().is_empty());
        let (mut with, mut without) = (Vec::new(), Vec::new());
        write_ledger_csv(&p, &opts, &mut with).unwrap();
        write_ledger_csv(&p, &plain, &mut without).unwrap();
        let (with, without) = (
            String::from_utf8(with).unwrap(),
            String::from_utf8(without).unwrap(),
        );
        // Every kept row is the plain row plus its recorded date.
        let mut plain_rows = without.lines().skip(1);
        for row in with.lines().skip(1) {
            let (head, recorded) = row.rsplit_once(',').unwrap();
            assert!(crate::parse_date(recorded).is_ok(), "{row}");
            assert!(plain_rows.any(|r| r == head), "{row}");
        }
        let loaded = Ledger::read_csv(Arc::clone(&p), with.as_bytes(), "g.csv").unwrap();
        assert!(loaded.is_valid(), "{}", loaded.violations);
        assert!(loaded.ledger.len() < 6000);
        let c = completeness(
            &loaded.ledger,
            crate::parse_date("2019-12-25").unwrap(),
            None,
        );
        for s in [
            ReturnStatus::OnTime,
            ReturnStatus::Late,
            ReturnStatus::Missing,
        ] {
            assert!(c.returns.iter().any(|r| r.status == s), "{s:?}");
        }
        // The in-memory ledger is the same.
        let (_, mem) = generate_ledger(&opts).unwrap();
        let mut out = Vec::new();
        mem.write_csv(&mut out).unwrap();
        let mut read = Vec::new();
        loaded.ledger.write_csv(&mut read).unwrap();
        assert_eq!(out, read);
    }
}
