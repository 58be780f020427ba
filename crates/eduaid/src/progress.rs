//! Plan versus actual: each planned target's progress in its statistics year,
//! whether it is on pace, and the milestones that are overdue.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::programme::target_units;
use crate::report::{Dim, Key, Query, Total, report};
use crate::{Error, Ledger, Milestone, Target};

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
    let cal = programme.calendar();
    let plan = programme.plan();
    let mut by_year: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (i, t) in plan.targets().iter().enumerate() {
        by_year.entry(t.year()).or_default().push(i);
    }
    let mut done: Vec<Option<TargetProgress>> = vec![None; plan.targets().len()];
    for (year, targets) in by_year {
        let (start, end) = cal.year_range(year);
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
        let q = Query::by(&[Dim::Project, Dim::Area, Dim::Measure, Dim::Breakdown])?
            .from(start)
            .to(as_of.min(end));
        let r = if as_of < start {
            None
        } else {
            Some(report(ledger, &q)?)
        };
        for i in targets {
            let t = &plan.targets()[i];
            let unit = programme
                .measure(t.measure().as_str())
                .expect("a valid programme's targets name declared measures")
                .unit();
            let planned =
                target_units(t.value(), unit).expect("a valid programme's targets fit their units");
            let actual: i128 = r.as_ref().map_or(0, |r| {
                r.rows()
                    .iter()
                    .filter(|row| {
                        let k = row.keys();
                        is(&k[0], t.project().as_str())
                            && t.area().is_none_or(|a| is(&k[1], a.as_str()))
                            && is(&k[2], t.measure().as_str())
                            && t.breakdown().is_none_or(|b| is(&k[3], b.as_str()))
                    })
                    .map(|row| row.value().base_units())
                    .sum()
            });
            let percent = (planned != 0).then(|| {
                Decimal::try_from_i128_with_scale(actual * 100, 0)
                    .ok()
                    .zip(Decimal::try_from_i128_with_scale(planned, 0).ok())
                    .and_then(|(a, p)| a.checked_div(p))
                    .map_or(Decimal::ZERO, |x| {
                        x.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven)
                    })
            });
            done[i] = Some(TargetProgress {
                target: t.clone(),
                planned: Total::new(planned, unit),
                actual: Total::new(actual, unit),
                remaining: Total::new((planned - actual).max(0), unit),
                percent,
                months_elapsed,
                on_pace: actual * 12 >= planned * i128::from(months_elapsed),
            });
        }
    }
    let targets = done
        .into_iter()
        .map(|t| t.expect("every target was computed"))
        .collect();
    let mut overdue: Vec<Milestone> = plan
        .milestones()
        .iter()
        .filter(|m| m.is_overdue(as_of))
        .cloned()
        .collect();
    overdue.sort_by_key(Milestone::due);
    Ok(Progress {
        as_of,
        targets,
        overdue,
    })
}

fn is(key: &Key, code: &str) -> bool {
    matches!(key, Key::Code(c) if c.as_str() == code)
}
