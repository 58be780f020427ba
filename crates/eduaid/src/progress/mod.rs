//! Plan versus actual: each planned target's progress in its statistics year,
//! whether it is on pace, and the milestones that are overdue.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::Dim;
use crate::programme::target_units;
use crate::report::{Key, Query, Report, Total, read_csv_into, report};
use crate::{
    Error, Ledger, Milestone, Programme, ReadOptions, StatMonth, Streamed, Subject, Target,
};
pub(crate) use monthly::MonthlyActuals;
use monthly::plan_months;

mod monthly;

/// One target's progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TargetProgress {
    /// The target.
    pub target: Target,
    /// The target value as an exact total.
    pub planned: Total,
    /// The actual total of the statistics year up to the as-of date.
    pub actual: Total,
    /// What is left to reach the target (zero once reached).
    pub remaining: Total,
    /// Actual as a percentage of the target, rounded half-even to 2 places
    /// (`None` for a target of zero).
    pub percent: Option<Decimal>,
    /// Statistics months of the year completed as of the date (0 to 12).
    pub months_elapsed: u32,
    /// Whether `actual >= planned * months_elapsed / 12`, exactly.
    pub on_pace: bool,
}

/// Plan versus actual as of a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// The date of the comparison.
    pub as_of: NaiveDate,
    /// Every target of the plan, in plan order.
    pub targets: Vec<TargetProgress>,
    /// Milestones past due and not done as of the date, by due date.
    pub overdue: Vec<Milestone>,
}

/// Compares the programme's plan with the ledger as of a date.
///
/// A target's actual is the sum of its measure (for its project, and its area
/// and breakdown when it names them) over the entries of its statistics year
/// dated on or before `as_of`. The pace is the share of the year's statistics
/// months completed: a month counts once its cutoff day is reached, so on
/// 25 June (cutoff 25) six months are done, on 24 June five.
///
/// # Errors
///
/// [`Error::InvalidValue`] or [`Error::Overflow`] from the underlying report.
///
/// ```
/// use eduaid::{Ledger, Programme, parse_date, progress};
/// use std::sync::Arc;
/// let programme = Programme::canonical();
/// let ledger = Ledger::new(Arc::new(programme));
/// let p = progress(&ledger, parse_date("2019-06-25")?)?;
/// assert!(p.targets.is_empty() && p.overdue.is_empty());
/// # Ok::<(), eduaid::Error>(())
/// ```
pub fn progress(ledger: &Ledger, as_of: NaiveDate) -> Result<Progress, Error> {
    let programme = ledger.programme();
    // No report to take when there is no target.
    let r = if programme.plan().targets().is_empty() {
        None
    } else {
        Some(report(ledger, &Progress::query(Some(as_of)))?)
    };
    Ok(progress_of(programme, r.as_ref(), as_of))
}

/// What a target's actual is summed from: every group it may match.
const DIMS: [Dim; 5] = [
    Dim::Year,
    Dim::Project,
    Dim::Measure,
    Dim::Area,
    Dim::Breakdown,
];

impl Progress {
    /// The report [`Progress::from_report`] compares the plan with: totals
    /// by statistics year, project, measure, area and breakdown of the
    /// entries dated on or before `as_of` (all of them without a date), so
    /// a caller can total a ledger as it is read ([`report_csv`]) instead
    /// of keeping it.
    ///
    /// [`report_csv`]: crate::report_csv
    #[must_use]
    pub fn query(as_of: Option<NaiveDate>) -> Query {
        let q = Query::by(&DIMS).expect("five distinct dimensions");
        match as_of {
            Some(d) => q.to(d),
            None => q,
        }
    }

    /// The plan of `programme` compared with a report of
    /// [`Progress::query`] as of `as_of`: the same as [`progress`] of the
    /// ledger the report was taken from.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when the report is not grouped as the query
    /// asks.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use eduaid::{Progress, dataset, parse_date, progress, report_csv};
    /// let ledger = dataset::ledger();
    /// let mut csv = Vec::new();
    /// ledger.write_csv(&mut csv)?;
    /// let p = Arc::new(dataset::programme());
    /// let as_of = parse_date("2019-06-25")?;
    /// let q = Progress::query(Some(as_of));
    /// let streamed = report_csv(Arc::clone(&p), csv.as_slice(), "ledger.csv", &q)?;
    /// let p = Progress::from_report(&p, &streamed.report, as_of)?;
    /// assert!(!p.targets.is_empty());
    /// assert_eq!(p, progress(&ledger, as_of)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_report(
        programme: &Programme,
        r: &Report,
        as_of: NaiveDate,
    ) -> Result<Progress, Error> {
        if r.columns() != DIMS {
            let names = |d: &[Dim]| d.iter().map(|d| d.name()).collect::<Vec<_>>().join(",");
            return Err(Error::invalid(
                Subject::ProgressReport,
                format!("grouped by {}, not by {}", names(r.columns()), names(&DIMS)),
            ));
        }
        Ok(progress_of(programme, Some(r), as_of))
    }
}

/// Progress as of a date with, for each target, its actual at each
/// statistics month of its year: what a chart of plan versus actual by
/// month draws. It grows with the plan, not the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthlyProgress {
    /// Plan versus actual as of the date.
    pub progress: Progress,
    /// For each target of `progress.targets`, in order, its actual in
    /// months 1 to 12 of its statistics year: as of the month's cutoff, or
    /// as of the date for the month the date falls in; `None` for a month
    /// begun after the date.
    pub actual: Vec<[Option<Total>; 12]>,
}

/// [`progress`] as of `as_of`, with each target's actual month by month:
/// [`progress`] again at each cutoff of a month begun by then.
///
/// # Errors
///
/// As [`progress`].
///
/// ```
/// use eduaid::{dataset, monthly_progress, parse_date, progress};
/// let ledger = dataset::ledger();
/// let as_of = parse_date("2019-06-25")?;
/// let m = monthly_progress(&ledger, as_of)?;
/// assert_eq!(m.progress, progress(&ledger, as_of)?);
/// // January's cutoff, 25 January: that day's progress; no July yet.
/// let january = progress(&ledger, parse_date("2019-01-25")?)?;
/// assert_eq!(m.actual[0][0], Some(january.targets[0].actual));
/// assert_eq!(m.actual[0][6], None);
/// # Ok::<(), eduaid::Error>(())
/// ```
pub fn monthly_progress(ledger: &Ledger, as_of: NaiveDate) -> Result<MonthlyProgress, Error> {
    MonthlyProgress::assemble(ledger.programme(), progress(ledger, as_of)?, |d| {
        progress(ledger, d)
    })
}

impl MonthlyProgress {
    /// Reads a ledger CSV, checking every row as [`Ledger::read_csv_with`]
    /// does, and takes the monthly progress of its valid entries as of
    /// `as_of` (by default the date of the latest valid entry: `None`
    /// without one), without keeping them: equal to [`monthly_progress`]
    /// of the valid entries. Memory grows with the plan's targets (a sum a
    /// target and month) and, of a stock measure, the series its entries
    /// hold, beside the ledger checks' few bytes an entry (as
    /// [`report_csv`]).
    ///
    /// [`report_csv`]: crate::report_csv
    ///
    /// # Errors
    ///
    /// As [`report_csv`], and [`Error::InvalidDate`] for a target's year
    /// beyond the calendar.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use eduaid::{MonthlyProgress, ReadOptions, dataset, monthly_progress};
    /// let ledger = dataset::ledger();
    /// let mut csv = Vec::new();
    /// ledger.write_csv(&mut csv)?;
    /// let p = Arc::new(dataset::programme());
    /// // The date is the latest entry's, known once the file is read.
    /// let read = MonthlyProgress::read_csv_with(p, csv.as_slice(), "l.csv", None, &ReadOptions::default())?;
    /// let as_of = read.latest.unwrap();
    /// assert_eq!(read.report, Some(monthly_progress(&ledger, as_of)?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_csv_with<R: std::io::Read>(
        programme: Arc<Programme>,
        input: R,
        file: &str,
        as_of: Option<NaiveDate>,
        read: &ReadOptions,
    ) -> Result<Streamed<Option<MonthlyProgress>>, Error> {
        let p = Arc::clone(&programme);
        let read = read_csv_into(programme, input, file, read, None, |codes| {
            MonthlyActuals::new(&p, as_of, |kind, c| codes.id_or_intern(kind, c))
        })?;
        let Some(as_of) = as_of.or(read.latest()) else {
            return read.map(|_, _| Ok(None));
        };
        read.map(|actuals, _| MonthlyProgress::of_actuals(&p, actuals, as_of).map(Some))
    }

    /// The monthly progress as of `as_of` from the actuals taken of the
    /// entries up to it.
    pub(crate) fn of_actuals(
        programme: &Programme,
        actuals: MonthlyActuals,
        as_of: NaiveDate,
    ) -> Result<MonthlyProgress, Error> {
        let months = plan_months(programme)?;
        let at_cutoffs = actuals.finish();
        // A target's actual by month: at each cutoff before the date, as of
        // the date in its month, none after. Its actual now is the last.
        let by_month: Vec<[Option<i128>; 12]> = (programme.plan().targets().iter())
            .zip(&at_cutoffs)
            .map(|(t, sums)| {
                let mut year = months.iter().filter(|m| m.0 == t.year());
                std::array::from_fn(|m| {
                    let (_, first, _) = year.next().expect("twelve months a year");
                    (*first <= as_of).then_some(sums[m])
                })
            })
            .collect();
        let now = progress_with(programme, as_of, |i, _| {
            by_month[i].iter().rev().find_map(|v| *v).unwrap_or(0)
        });
        let actual = (now.targets.iter())
            .zip(&by_month)
            .map(|(t, months)| months.map(|v| v.map(|v| Total::new(v, t.actual.unit()))))
            .collect();
        Ok(MonthlyProgress {
            progress: now,
            actual,
        })
    }

    /// Each target's actual by month from the progress `now` and the
    /// progress `at` a month's cutoff before its date.
    fn assemble(
        programme: &Programme,
        now: Progress,
        mut at: impl FnMut(NaiveDate) -> Result<Progress, Error>,
    ) -> Result<MonthlyProgress, Error> {
        let cal = programme.calendar();
        let as_of = now.as_of;
        let mut taken: HashMap<NaiveDate, Progress> = HashMap::new();
        let mut actual = Vec::with_capacity(now.targets.len());
        for (i, t) in now.targets.iter().enumerate() {
            let mut months = [None; 12];
            for (m, slot) in (1..=12).zip(&mut months) {
                let (start, end) = cal.range(StatMonth::new(t.target.year(), m)?);
                if start > as_of {
                    continue;
                }
                // The month of the date (and any after it) reads as of it.
                let p = if end >= as_of {
                    &now
                } else {
                    match taken.entry(end) {
                        Entry::Occupied(e) => e.into_mut(),
                        Entry::Vacant(e) => e.insert(at(end)?),
                    }
                };
                *slot = Some(p.targets[i].actual);
            }
            actual.push(months);
        }
        Ok(MonthlyProgress {
            progress: now,
            actual,
        })
    }
}

/// The plan compared with a report of [`Progress::query`] (none when the
/// plan has no target).
fn progress_of(programme: &Programme, r: Option<&Report>, as_of: NaiveDate) -> Progress {
    // Each target sums its few matching groups.
    let mut groups: HashMap<YearProjectMeasure<'_>, Vec<(&Key, &Key, i128)>> = HashMap::new();
    for row in r.into_iter().flat_map(Report::rows) {
        let k = |c| row.key(c);
        let (Key::Year(year), Key::Code(project), Key::Code(measure)) = (k(0), k(1), k(2)) else {
            unreachable!("year, project and measure are always present")
        };
        groups
            .entry((*year, project.as_str(), measure.as_str()))
            .or_default()
            .push((k(3), k(4), row.value().base_units()));
    }
    progress_with(programme, as_of, |_, t| {
        groups
            .get(&(t.year(), t.project().as_str(), t.measure().as_str()))
            .into_iter()
            .flatten()
            .filter(|(area, breakdown, _)| {
                t.area().is_none_or(|a| is(area, a.as_str()))
                    && t.breakdown().is_none_or(|b| is(breakdown, b.as_str()))
            })
            .map(|(_, _, v)| v)
            .sum()
    })
}

/// The plan compared, as of `as_of`, with the `actual` of each target (by
/// its position in the plan).
fn progress_with(
    programme: &Programme,
    as_of: NaiveDate,
    mut actual: impl FnMut(usize, &Target) -> i128,
) -> Progress {
    let cal = programme.calendar();
    let plan = programme.plan();
    let mut done = Vec::with_capacity(plan.targets().len());
    for (i, t) in plan.targets().iter().enumerate() {
        let (start, end) = cal.year_range(t.year());
        let months_elapsed = if as_of < start {
            0
        } else if as_of >= end {
            12
        } else {
            let m = cal.month_of(as_of);
            if cal.range(m).1 == as_of {
                m.month()
            } else {
                m.month() - 1
            }
        };
        let unit = programme
            .measure(t.measure().as_str())
            .expect("a valid programme's targets name declared measures")
            .unit();
        let planned =
            target_units(t.value(), unit).expect("a valid programme's targets fit their units");
        let actual = actual(i, t);
        let percent = (planned != 0).then(|| crate::number::ratio(actual * 100, planned, 2));
        done.push(TargetProgress {
            target: t.clone(),
            planned: Total::new(planned, unit),
            actual: Total::new(actual, unit),
            remaining: Total::new((planned - actual).max(0), unit),
            percent,
            months_elapsed,
            on_pace: actual * 12 >= planned * i128::from(months_elapsed),
        });
    }
    let mut overdue: Vec<Milestone> = plan
        .milestones()
        .iter()
        .filter(|m| m.is_overdue(as_of))
        .cloned()
        .collect();
    overdue.sort_by_key(Milestone::due);
    Progress {
        as_of,
        targets: done,
        overdue,
    }
}

/// A statistics year, project code and measure code.
type YearProjectMeasure<'a> = (i32, &'a str, &'a str);

fn is(key: &Key, code: &str) -> bool {
    matches!(key, Key::Code(c) if c.as_str() == code)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::{ReadOptions, dataset, parse_date, report_csv_with};

    #[test]
    fn progress_from_totals_read_is_progress_of_the_ledger() {
        let ledger = dataset::ledger();
        let mut csv = Vec::new();
        ledger.write_csv(&mut csv).unwrap();
        let p = Arc::new(dataset::programme());
        let read = |q: &Query| {
            report_csv_with(
                Arc::clone(&p),
                csv.as_slice(),
                "l.csv",
                q,
                &ReadOptions::default(),
            )
            .unwrap()
        };
        for day in [
            "2018-12-31",
            "2019-01-25",
            "2019-06-24",
            "2019-06-25",
            "2019-11-25",
        ] {
            let as_of = parse_date(day).unwrap();
            let streamed = read(&Progress::query(Some(as_of)));
            let got = Progress::from_report(&p, &streamed.report, as_of).unwrap();
            assert_eq!(got, progress(&ledger, as_of).unwrap(), "{day}");
        }
        // Without a date, every entry, and the latest entry's date.
        let streamed = read(&Progress::query(None));
        let latest = ledger.iter().map(|e| e.date()).max();
        assert_eq!(streamed.latest, latest);
        let as_of = latest.unwrap();
        let got = Progress::from_report(&p, &streamed.report, as_of).unwrap();
        assert_eq!(got, progress(&ledger, as_of).unwrap());
        // A report grouped otherwise is refused, by subject.
        let other = read(&Query::by(&[Dim::Year, Dim::Project]).unwrap()).report;
        let e = Progress::from_report(&p, &other, as_of).unwrap_err();
        assert!(
            matches!(
                e,
                Error::InvalidValue {
                    subject: Subject::ProgressReport,
                    ..
                }
            ),
            "{e}"
        );
    }
}
