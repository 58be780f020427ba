//! Entries: one tracked item of the ledger (a payment, a training session, a
//! placement), as given and as stored.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{NO_BREAKDOWN, day_to_date, some32};
use crate::{Code, Ledger, Unit};

/// An entry to append to a [`Ledger`], checked by [`Ledger::push`].
///
/// `value` is in the measure's unit: yuan (at most 2 fraction digits) for
/// money, a whole number otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEntry {
    /// Unique id in the ledger.
    pub id: Code,
    /// The day the item happened or was paid.
    pub date: NaiveDate,
    /// Project or line of work.
    pub project: Code,
    /// District or county.
    pub area: Code,
    /// School, if the item is a school's.
    pub school: Option<Code>,
    /// Pairing, if the item is done under one.
    pub pairing: Option<Code>,
    /// What is counted.
    pub measure: Code,
    /// The measure's disaggregation.
    pub breakdown: Option<Code>,
    /// How much.
    pub value: Decimal,
    /// Funding source, for money.
    pub source: Option<Code>,
    /// The id of an earlier entry that this one corrects.
    pub corrects: Option<Code>,
    /// The day the entry was entered in the ledger (录入日期), if known.
    pub recorded: Option<NaiveDate>,
}

impl NewEntry {
    /// An entry with the required fields and no optional ones.
    #[must_use]
    pub fn new(
        id: Code,
        date: NaiveDate,
        project: Code,
        area: Code,
        measure: Code,
        value: Decimal,
    ) -> NewEntry {
        NewEntry {
            id,
            date,
            project,
            area,
            school: None,
            pairing: None,
            measure,
            breakdown: None,
            value,
            source: None,
            corrects: None,
            recorded: None,
        }
    }
}

/// A stored entry, read from a [`Ledger`].
#[derive(Clone, Copy)]
pub struct Entry<'a> {
    pub(crate) ledger: &'a Ledger,
    pub(crate) index: usize,
}

impl<'a> Entry<'a> {
    /// Its position in the ledger (0-based, in order of appending).
    #[must_use]
    pub fn index(&self) -> usize {
        self.index
    }
    /// Its id.
    #[must_use]
    pub fn id(&self) -> &'a str {
        self.ledger.ids.get(self.index)
    }
    /// Its date.
    #[must_use]
    pub fn date(&self) -> NaiveDate {
        day_to_date(self.ledger.cols.date[self.index])
    }
    /// Its date as a day number, `NaiveDate::num_days_from_ce` of
    /// [`Entry::date`] (as the ledger stores it): for columnar writers that
    /// count days, without building a date.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use eduaid::{Ledger, Programme};
    /// let csv = "id,date,project,area,measure,breakdown,value\n\
    ///            a,2019-06-20,pupil-health,fuping,funds,poor-pupil,100\n\
    ///            b,2019-06-21,pupil-health,fuping,funds,poor-pupil,100\n";
    /// let ledger = Ledger::read_csv(Arc::new(Programme::canonical()), csv.as_bytes(), "l.csv")?.into_ledger()?;
    /// let day = |i| ledger.get(i).unwrap().day_from_ce();
    /// assert_eq!(day(0), 737_230); // 1 January of the year 1 is day 1
    /// assert_eq!(day(1) - day(0), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn day_from_ce(&self) -> i32 {
        self.ledger.cols.date[self.index]
    }
    /// Its project.
    #[must_use]
    pub fn project(&self) -> &'a Code {
        self.ledger
            .codes
            .projects
            .code(u32::from(self.ledger.cols.project[self.index]))
    }
    /// Its area.
    #[must_use]
    pub fn area(&self) -> &'a Code {
        self.ledger
            .codes
            .areas
            .code(u32::from(self.ledger.cols.area[self.index]))
    }
    /// Its school.
    #[must_use]
    pub fn school(&self) -> Option<&'a Code> {
        some32(self.ledger.cols.school[self.index]).map(|i| self.ledger.codes.schools.code(i))
    }
    /// Its pairing.
    #[must_use]
    pub fn pairing(&self) -> Option<&'a Code> {
        some32(self.ledger.cols.pairing[self.index]).map(|i| self.ledger.codes.pairings.code(i))
    }
    /// Its measure.
    #[must_use]
    pub fn measure(&self) -> &'a Code {
        self.ledger
            .codes
            .measures
            .code(u32::from(self.ledger.cols.measure[self.index]))
    }
    /// Its breakdown value.
    #[must_use]
    pub fn breakdown(&self) -> Option<&'a Code> {
        let b = self.ledger.cols.breakdown[self.index];
        (b != NO_BREAKDOWN).then(|| {
            let m = &self.ledger.codes.programme.measures()
                [self.ledger.cols.measure[self.index] as usize];
            &m.breakdowns()[b as usize]
        })
    }
    /// Its funding source.
    #[must_use]
    pub fn source(&self) -> Option<&'a Code> {
        let s = self.ledger.cols.source[self.index];
        (s != u16::MAX).then(|| self.ledger.codes.sources.code(u32::from(s)))
    }
    /// Its unit (that of its measure).
    #[must_use]
    pub fn unit(&self) -> Unit {
        self.ledger.unit_of(self.ledger.cols.measure[self.index])
    }
    /// Its value in base units: fen for money, whole units otherwise.
    #[must_use]
    pub fn raw_value(&self) -> i64 {
        self.ledger.cols.value.value(self.index)
    }
    /// Its value in the measure's unit, exactly (yuan with 2 fraction digits).
    #[must_use]
    pub fn value(&self) -> Decimal {
        Decimal::new(self.raw_value(), u32::from(self.unit().fraction_digits()))
    }
    /// The day it was entered in the ledger (录入日期), if the ledger says.
    #[must_use]
    pub fn recorded(&self) -> Option<NaiveDate> {
        let day = *self.ledger.cols.recorded.get(self.index)?;
        (day != i32::MIN).then(|| crate::ledger::day_to_date(day))
    }
    /// The entry it corrects.
    #[must_use]
    pub fn corrects(&self) -> Option<Entry<'a>> {
        self.ledger.corrected_by(self.index).map(|index| Entry {
            ledger: self.ledger,
            index,
        })
    }
}

impl std::fmt::Debug for Entry<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("id", &self.id())
            .field("date", &self.date())
            .field("project", self.project())
            .field("area", self.area())
            .field("school", &self.school())
            .field("pairing", &self.pairing())
            .field("measure", self.measure())
            .field("breakdown", &self.breakdown())
            .field("value", &self.value())
            .field("source", &self.source())
            .field("corrects", &self.corrects().map(|e| e.id()))
            .field("recorded", &self.recorded())
            .finish()
    }
}
