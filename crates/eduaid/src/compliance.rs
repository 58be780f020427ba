//! The targeting rule: "80% or more" of the funds go to poor villages, poor
//! households, poor pupils and deeply poor areas, per statistics year (and per
//! area on request), checked exactly.

use crate::Subject;
use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::Dim;
use crate::report::{Key, Query, Report, Total, report};
use crate::{Code, Error, Ledger, Programme, Unit};

/// What the targeting check counts and against which threshold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComplianceOptions {
    threshold: Decimal,
    by_area: bool,
    measure: Code,
    targeted: Vec<Code>,
}

impl Default for ComplianceOptions {
    /// The canonical catalogue's targeting rule (kept as data with the
    /// catalogue, see [`Measure::canonical`](crate::Measure::canonical)):
    /// 80% of `funds` to `poor-village`, `poor-household`, `poor-pupil` and
    /// `deep-poverty-area`, per year.
    fn default() -> Self {
        let t = crate::measure::canonical_targeting();
        ComplianceOptions {
            threshold: t.threshold,
            by_area: false,
            measure: t.measure.clone(),
            targeted: t.targeted.clone(),
        }
    }
}

impl ComplianceOptions {
    /// The default options with another threshold, a share from 0 to 1
    /// (`0.8` for 80%; a share equal to the threshold passes).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when the threshold is outside 0 to 1.
    ///
    /// ```
    /// use eduaid::{ComplianceOptions, Decimal};
    /// assert!(ComplianceOptions::with_threshold(Decimal::new(85, 2)).is_ok());
    /// assert!(ComplianceOptions::with_threshold(Decimal::from(80)).is_err());
    /// ```
    pub fn with_threshold(threshold: Decimal) -> Result<ComplianceOptions, Error> {
        if threshold < Decimal::ZERO || threshold > Decimal::ONE {
            return Err(Error::invalid(
                Subject::Threshold,
                format!("{threshold} is not a share from 0 to 1 (write 0.8 for 80%)"),
            ));
        }
        Ok(ComplianceOptions {
            threshold,
            ..ComplianceOptions::default()
        })
    }

    /// Checks each area separately as well as each year.
    #[must_use]
    pub fn by_area(mut self, yes: bool) -> ComplianceOptions {
        self.by_area = yes;
        self
    }

    /// Counts another money measure, with its own targeted breakdown values.
    #[must_use]
    pub fn measure(mut self, measure: Code, targeted: Vec<Code>) -> ComplianceOptions {
        self.measure = measure;
        self.targeted = targeted;
        self
    }

    /// The threshold.
    #[must_use]
    pub fn threshold(&self) -> Decimal {
        self.threshold
    }
}

/// The targeting share of one statistics year (and area).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ComplianceRow {
    /// The statistics year.
    pub year: i32,
    /// The area, when checked by area.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<Code>,
    /// Funds to the targeted beneficiaries.
    pub targeted: Total,
    /// All funds.
    pub total: Total,
    /// The share, rounded half-even to 4 decimal places for display (the
    /// pass/fail decision uses the exact ratio `targeted / total`).
    pub share: Decimal,
    /// Whether `targeted / total >= threshold`, exactly.
    pub passes: bool,
    /// How much more targeted money the threshold needed (zero when it passes).
    pub shortfall: Total,
}

/// The outcome of a targeting check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ComplianceStatus {
    /// Every year (and area) with funds passes.
    Passes,
    /// At least one year (or area) fails.
    Fails,
    /// The ledger has no funds (net above zero) in any year: nothing was
    /// checked, which is not a pass.
    NothingToCheck,
}

/// The targeting check of a ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Compliance {
    /// The threshold applied.
    pub threshold: Decimal,
    /// The outcome.
    pub status: ComplianceStatus,
    /// One row per statistics year (and area) with funds, in order.
    pub rows: Vec<ComplianceRow>,
}

impl Compliance {
    /// Whether every year (and area) passes; `false` when there was
    /// nothing to check ([`ComplianceStatus::NothingToCheck`]).
    #[must_use]
    pub fn passes(&self) -> bool {
        self.status == ComplianceStatus::Passes
    }
    /// The rows that fail.
    pub fn failures(&self) -> impl Iterator<Item = &ComplianceRow> {
        self.rows.iter().filter(|r| !r.passes)
    }
}

/// Checks the targeting rule on a ledger.
///
/// # Errors
///
/// [`Error::InvalidValue`] when the measure is not a declared money measure;
/// [`Error::Overflow`] if the exact comparison does not fit 128 bits.
///
/// ```
/// use std::sync::Arc;
/// use eduaid::{ComplianceOptions, ComplianceStatus, Ledger, Programme, compliance};
/// let csv = "id,date,project,area,measure,breakdown,value\n\
///            a,2019-03-01,pupil-health,fuping,funds,poor-pupil,80\n\
///            b,2019-03-02,pupil-health,fuping,funds,general,20\n\
///            c,2020-03-02,pupil-health,fuping,funds,general,20.01\n\
///            d,2020-03-03,pupil-health,fuping,funds,poor-household,79.99\n";
/// let ledger = Ledger::read_csv(Arc::new(Programme::canonical()), csv.as_bytes(), "l.csv")?.into_ledger()?;
/// let c = compliance(&ledger, &ComplianceOptions::default())?;
/// assert!(c.rows[0].passes); // 80.00% exactly: "80% or more" passes
/// assert!(!c.rows[1].passes); // 79.99%
/// assert_eq!(c.rows[1].shortfall.to_string(), "0.01");
/// // A ledger without funds has nothing to check: not a pass.
/// let csv = "id,date,project,area,measure,value\na,2019-03-01,pupil-health,fuping,pupils-aided,3\n";
/// let ledger = Ledger::read_csv(Arc::new(Programme::canonical()), csv.as_bytes(), "l.csv")?.into_ledger()?;
/// let c = compliance(&ledger, &ComplianceOptions::default())?;
/// assert_eq!(c.status, ComplianceStatus::NothingToCheck);
/// assert!(!c.passes());
/// # Ok::<(), eduaid::Error>(())
/// ```
pub fn compliance(ledger: &Ledger, opts: &ComplianceOptions) -> Result<Compliance, Error> {
    let r = report(ledger, &opts.query(ledger.programme())?)?;
    Compliance::from_report(&r, opts)
}

impl ComplianceOptions {
    /// The report the check reads: the measure's totals by statistics year
    /// (and area) and breakdown. Give it to [`report`] or, to check a ledger
    /// file without keeping its entries, to [`report_csv`](crate::report_csv),
    /// then to [`Compliance::from_report`]. Add a date filter to check the
    /// entries up to a date.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when the measure is not a money measure the
    /// programme declares.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use eduaid::{Compliance, ComplianceOptions, Programme, report_csv};
    /// let csv = "id,date,project,area,measure,breakdown,value\n\
    ///            a,2019-03-01,pupil-health,fuping,funds,poor-pupil,80\n\
    ///            b,2019-03-02,pupil-health,fuping,funds,general,20\n";
    /// let p = Arc::new(Programme::canonical());
    /// let opts = ComplianceOptions::default();
    /// let streamed = report_csv(Arc::clone(&p), csv.as_bytes(), "l.csv", &opts.query(&p)?)?;
    /// assert!(Compliance::from_report(&streamed.report, &opts)?.passes());
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    pub fn query(&self, programme: &Programme) -> Result<Query, Error> {
        let m = programme.measure(self.measure.as_str()).ok_or_else(|| {
            Error::invalid(
                Subject::ComplianceMeasure,
                format!("{} is not declared by the programme", self.measure),
            )
        })?;
        if m.unit() != Unit::Yuan {
            return Err(Error::invalid(
                Subject::ComplianceMeasure,
                format!("{} is counted in {}, not money", m.code(), m.unit().code()),
            ));
        }
        let dims: &[Dim] = if self.by_area {
            &[Dim::Year, Dim::Area, Dim::Breakdown]
        } else {
            &[Dim::Year, Dim::Breakdown]
        };
        Ok(Query::by(dims)?.measure(self.measure.clone()))
    }
}

impl Compliance {
    /// The check over a report of [`ComplianceOptions::query`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when the report is not grouped as the query
    /// asks; [`Error::Overflow`] if the exact comparison does not fit 128
    /// bits.
    pub fn from_report(r: &Report, opts: &ComplianceOptions) -> Result<Compliance, Error> {
        let wanted: &[Dim] = if opts.by_area {
            &[Dim::Year, Dim::Area, Dim::Breakdown, Dim::Measure]
        } else {
            &[Dim::Year, Dim::Breakdown, Dim::Measure]
        };
        if r.columns() != wanted {
            return Err(Error::invalid(
                Subject::ComplianceReport,
                format!(
                    "grouped by {}, not by {}",
                    r.columns()
                        .iter()
                        .map(|d| d.name())
                        .collect::<Vec<_>>()
                        .join(","),
                    wanted
                        .iter()
                        .map(|d| d.name())
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            ));
        }
        compliance_of(r, opts)
    }
}

fn compliance_of(r: &Report, opts: &ComplianceOptions) -> Result<Compliance, Error> {
    let bcol = r.column(Dim::Breakdown).expect("grouped by breakdown");
    // (year, area) -> (targeted, total) in fen
    let mut sums: BTreeMap<(i32, Option<Code>), (i128, i128)> = BTreeMap::new();
    for row in r.rows() {
        let Key::Year(year) = *row.key(0) else {
            unreachable!("year is the first column")
        };
        let area = match (opts.by_area, row.key(1)) {
            (true, Key::Code(c)) => Some(c.clone()),
            _ => None,
        };
        let targeted = matches!(row.key(bcol), Key::Code(b) if opts.targeted.contains(b));
        let e = sums.entry((year, area)).or_insert((0, 0));
        if targeted {
            e.0 += row.value().base_units();
        }
        e.1 += row.value().base_units();
    }
    let t = opts.threshold;
    let (num, scale) = (t.mantissa(), 10i128.pow(t.scale()));
    let overflow = || Error::Overflow("the targeting comparison exceeds 128 bits".into());
    let mut rows = Vec::new();
    for ((year, area), (targeted, total)) in sums {
        if total <= 0 {
            continue;
        }
        // targeted / total >= num / scale  <=>  targeted * scale >= num * total
        let lhs = targeted.checked_mul(scale).ok_or_else(overflow)?;
        let rhs = num.checked_mul(total).ok_or_else(overflow)?;
        let passes = lhs >= rhs;
        // The least targeted amount that passes is ceil(num * total / scale).
        let needed = rhs.div_euclid(scale) + i128::from(rhs.rem_euclid(scale) != 0);
        let shortfall = if passes { 0 } else { needed - targeted };
        let share = crate::number::ratio(targeted, total, 4);
        rows.push(ComplianceRow {
            year,
            area,
            targeted: Total::new(targeted, Unit::Yuan),
            total: Total::new(total, Unit::Yuan),
            share,
            passes,
            shortfall: Total::new(shortfall, Unit::Yuan),
        });
    }
    let status = if rows.is_empty() {
        ComplianceStatus::NothingToCheck
    } else if rows.iter().all(|r| r.passes) {
        ComplianceStatus::Passes
    } else {
        ComplianceStatus::Fails
    };
    Ok(Compliance {
        threshold: t,
        status,
        rows,
    })
}
