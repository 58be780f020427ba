//! Plan versus actual: each planned target's progress in its statistics year,
//! whether it is on pace, and the milestones that are overdue.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::Dim;
use crate::programme::target_units;
use crate::report::{Key, Query, Report, Total, report};
use crate::{Code, Error, Ledger, Milestone, Programme, StatMonth, Subject, Target};

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
    /// The reports [`MonthlyProgress::from_reports`] reads, in order, so
    /// that a caller can take them in one read of a ledger file
    /// ([`reports_csv_with`]): [`Progress::query`] as of `as_of` (every
    /// entry without it), then as of the cutoff of each statistics month
    /// of the plan's years, whatever the date (it may be known only once
    /// the file is read). A month's report takes only the entries its
    /// year's targets may count (of that statistics year, of their
    /// projects and measures), so that each entry is totalled in at most
    /// twelve of them and each holds few groups.
    ///
    /// [`reports_csv_with`]: crate::reports_csv_with
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDate`] for a target's year beyond the calendar.
    pub fn queries(programme: &Programme, as_of: Option<NaiveDate>) -> Result<Vec<Query>, Error> {
        let mut qs = vec![Progress::query(as_of)];
        for (year, first, cutoff) in cutoffs(programme)? {
            // The projects and measures of the year's targets: a report's
            // groups are only those a target of its year may sum.
            let targets = || (programme.plan().targets().iter()).filter(|t| t.year() == year);
            let projects: BTreeSet<&Code> = targets().map(Target::project).collect();
            let measures: BTreeSet<&Code> = targets().map(Target::measure).collect();
            let mut q = Progress::query(Some(cutoff)).from(first);
            q = projects.into_iter().fold(q, |q, c| q.project(c.clone()));
            q = measures.into_iter().fold(q, |q, c| q.measure(c.clone()));
            qs.push(q);
        }
        Ok(qs)
    }

    /// The monthly progress as of `as_of` from the reports of
    /// [`MonthlyProgress::queries`] (in order, the first taken as of
    /// `as_of`): the same as [`monthly_progress`] of the ledger they were
    /// taken from.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when the reports are not those the queries
    /// ask for.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use eduaid::{MonthlyProgress, ReadOptions, dataset, monthly_progress, reports_csv_with};
    /// let ledger = dataset::ledger();
    /// let mut csv = Vec::new();
    /// ledger.write_csv(&mut csv)?;
    /// let p = Arc::new(dataset::programme());
    /// // The date is the latest entry's, known once the file is read.
    /// let qs = MonthlyProgress::queries(&p, None)?;
    /// let read = reports_csv_with(Arc::clone(&p), csv.as_slice(), "l.csv", &qs, &ReadOptions::default())?;
    /// let as_of = read.latest.unwrap();
    /// let m = MonthlyProgress::from_reports(&p, &read.report, as_of)?;
    /// assert_eq!(m, monthly_progress(&ledger, as_of)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_reports(
        programme: &Programme,
        reports: &[Report],
        as_of: NaiveDate,
    ) -> Result<MonthlyProgress, Error> {
        let ends = cutoffs(programme)?;
        let Some((now, at_ends)) = reports.split_first().filter(|(_, r)| r.len() == ends.len())
        else {
            return Err(Error::invalid(
                Subject::ProgressReport,
                format!(
                    "{} reports, not the {} of the plan's months and the date",
                    reports.len(),
                    ends.len() + 1
                ),
            ));
        };
        let now = Progress::from_report(programme, now, as_of)?;
        // A month's progress is read only for the targets of its year, the
        // entries its report takes.
        MonthlyProgress::assemble(programme, now, |d| {
            let i = (ends.binary_search_by_key(&d, |(_, _, to)| *to)).expect("a month's cutoff");
            Progress::from_report(programme, &at_ends[i], d)
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

/// Each statistics month of the plan's years, in order: its year, the
/// year's first day, and the month's cutoff.
fn cutoffs(programme: &Programme) -> Result<Vec<(i32, NaiveDate, NaiveDate)>, Error> {
    let cal = programme.calendar();
    let years: BTreeSet<i32> = programme
        .plan()
        .targets()
        .iter()
        .map(Target::year)
        .collect();
    let mut ends = Vec::with_capacity(12 * years.len());
    for y in years {
        let (first, _) = cal.year_range(y);
        for m in 1..=12 {
            ends.push((y, first, cal.range(StatMonth::new(y, m)?).1));
        }
    }
    Ok(ends)
}

/// The plan compared with a report of [`Progress::query`] (none when the
/// plan has no target).
fn progress_of(programme: &Programme, r: Option<&Report>, as_of: NaiveDate) -> Progress {
    let cal = programme.calendar();
    let plan = programme.plan();
    // Each target sums its few matching groups.
    let mut groups: HashMap<YearProjectMeasure<'_>, Vec<(&Key, &Key, i128)>> = HashMap::new();
    for row in r.into_iter().flat_map(Report::rows) {
        let k = row.keys();
        let (Key::Year(year), Key::Code(project), Key::Code(measure)) = (&k[0], &k[1], &k[2])
        else {
            unreachable!("year, project and measure are always present")
        };
        groups
            .entry((*year, project.as_str(), measure.as_str()))
            .or_default()
            .push((&k[3], &k[4], row.value().base_units()));
    }
    let mut done = Vec::with_capacity(plan.targets().len());
    for t in plan.targets() {
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
        let actual: i128 = groups
            .get(&(t.year(), t.project().as_str(), t.measure().as_str()))
            .into_iter()
            .flatten()
            .filter(|(area, breakdown, _)| {
                t.area().is_none_or(|a| is(area, a.as_str()))
                    && t.breakdown().is_none_or(|b| is(breakdown, b.as_str()))
            })
            .map(|(_, _, v)| v)
            .sum();
        let percent = (planned != 0).then(|| {
            Decimal::try_from_i128_with_scale(actual * 100, 0)
                .ok()
                .zip(Decimal::try_from_i128_with_scale(planned, 0).ok())
                .and_then(|(a, p)| a.checked_div(p))
                .map_or(Decimal::ZERO, |x| {
                    x.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven)
                })
        });
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
