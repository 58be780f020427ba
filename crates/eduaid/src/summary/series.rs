//! The series a summary's charts draw beside its figures: plan versus
//! actual month by month, money by year and source and by year and
//! targeting category, and the monthly returns by month. Each grows with
//! the programme's plan, years and duties, not with the ledger, so a page
//! can be drawn from a ledger read as a stream
//! ([`Summary::read_csv_with`](super::Summary::read_csv_with)).

use chrono::NaiveDate;

use super::{SummaryOptions, dated, targeted_measure};
use crate::{
    Code, Completeness, Dim, Error, Ledger, MonthlyProgress, Programme, Query, Report,
    completeness, monthly_progress, report,
};

/// The series behind a summary's charts, as of its date.
///
/// ```
/// use eduaid::{SummarySeries, dataset, monthly_progress};
/// let ledger = dataset::ledger();
/// let as_of = dataset::as_of();
/// let s = SummarySeries::build(&ledger, as_of, &dataset::summary_options())?;
/// assert_eq!(s.plan, monthly_progress(&ledger, as_of)?);
/// assert_eq!(s.targeted.as_ref().map(|(m, _)| m.as_str()), Some("funds"));
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummarySeries {
    /// Plan versus actual as of the date, each target's actual by month.
    pub plan: MonthlyProgress,
    /// Totals of the entries up to the date by statistics year and funding
    /// source.
    pub by_source: Report,
    /// The targeting rule's money measure, and its totals of the entries up
    /// to the date by statistics year and breakdown value, when the
    /// programme declares the measure in money.
    pub targeted: Option<(Code, Report)>,
    /// The monthly returns by statistics month, when the programme declares
    /// reporting duties.
    pub returns: Option<Completeness>,
}

impl SummarySeries {
    /// The series of `ledger` as of `as_of`, for the targeting rule of
    /// `options`.
    ///
    /// # Errors
    ///
    /// As [`report`] and [`monthly_progress`].
    pub fn build(
        ledger: &Ledger,
        as_of: NaiveDate,
        options: &SummaryOptions,
    ) -> Result<SummarySeries, Error> {
        let programme = ledger.programme();
        let reports = (queries(programme, Some(as_of), options)?.iter())
            .map(|q| report(ledger, q))
            .collect::<Result<Vec<_>, _>>()?;
        let returns = (!programme.duties().is_empty()).then(|| completeness(ledger, as_of, None));
        Ok(SummarySeries::assemble(
            programme,
            options,
            reports,
            monthly_progress(ledger, as_of)?,
            returns,
        ))
    }

    /// The series from the reports of [`queries`] (in order), the monthly
    /// progress and the returns.
    pub(super) fn assemble(
        programme: &Programme,
        options: &SummaryOptions,
        reports: Vec<Report>,
        plan: MonthlyProgress,
        returns: Option<Completeness>,
    ) -> SummarySeries {
        let mut reports = reports.into_iter();
        let by_source = reports.next().expect("a report by year and source");
        let targeted = targeted_measure(programme, options).zip(reports.next());
        SummarySeries {
            plan,
            by_source,
            targeted,
            returns,
        }
    }
}

/// The reports of the entries up to `to` (all without it) the series take
/// beside the monthly progress: by year and source, then the targeted
/// measure by year and breakdown when there is one.
pub(super) fn queries(
    programme: &Programme,
    to: Option<NaiveDate>,
    options: &SummaryOptions,
) -> Result<Vec<Query>, Error> {
    let mut qs = vec![dated(Query::by(&[Dim::Year, Dim::Source])?, to)];
    if let Some(m) = targeted_measure(programme, options) {
        qs.push(dated(
            Query::by(&[Dim::Year, Dim::Breakdown])?.measure(m),
            to,
        ));
    }
    Ok(qs)
}
