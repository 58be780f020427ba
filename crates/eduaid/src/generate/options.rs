//! What to generate: the knobs of a synthetic ledger, each a way real
//! ledgers differ (statistics years, areas, schools, measures a project does
//! not declare, how ids are written and ordered, reversals, and whether the
//! programme has a registry).

use crate::Subject;
use std::fmt;
use std::str::FromStr;

use crate::Error;

/// How the ledger's entry ids are written and ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum IdStyle {
    /// `e1`, `e2`, … numbered in file order.
    #[default]
    Sequential,
    /// Free-text ids such as `jb-5d1c0e6a0f3b9c27`, unique but in no order,
    /// as offices that number entries their own way write them.
    Text,
    /// `e1`, `e2`, … numbered as generated, with the rows then sorted by
    /// date (stably), so the numbers run out of file order: a ledger
    /// re-sorted in a spreadsheet. A correction still follows the entry it
    /// corrects, as it is never dated before it.
    DateSorted,
}

impl IdStyle {
    /// Every style, in the order of the CLI's list.
    pub const ALL: [IdStyle; 3] = [IdStyle::Sequential, IdStyle::Text, IdStyle::DateSorted];

    /// The style's name: `sequential`, `text` or `date-sorted`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            IdStyle::Sequential => "sequential",
            IdStyle::Text => "text",
            IdStyle::DateSorted => "date-sorted",
        }
    }
}

impl fmt::Display for IdStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for IdStyle {
    type Err = Error;

    /// ```
    /// use eduaid::IdStyle;
    /// assert_eq!("date-sorted".parse::<IdStyle>()?, IdStyle::DateSorted);
    /// assert!("random".parse::<IdStyle>().is_err());
    /// # Ok::<(), eduaid::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<IdStyle, Error> {
        IdStyle::ALL
            .into_iter()
            .find(|style| style.as_str() == s)
            .ok_or_else(|| {
                Error::invalid(
                    Subject::IdStyle,
                    format!("{s:?} is not one of sequential, text, date-sorted"),
                )
            })
    }
}

/// Which programme the generated ledger is written for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ProgrammeKind {
    /// A generated programme with a registry of areas, schools and pairings
    /// and a plan: every area, school and pairing of the ledger is checked
    /// against it.
    #[default]
    Registry,
    /// The embedded canonical programme ([`Programme::canonical`](crate::Programme::canonical)),
    /// which lists no area, school or pairing: the ledger's are drawn from
    /// the registry [`Registry`](ProgrammeKind::Registry) would generate and
    /// are read as open lists.
    Canonical,
}

/// What to generate. Build with [`GenerateOptions::new`] and adjust fields;
/// the defaults of the fields added later ([`areas`](Self::areas) and after)
/// give the same bytes as before they existed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Ledger rows to write, corrections included.
    pub entries: u64,
    /// The seed: equal options give byte-identical output.
    pub seed: u64,
    /// The first statistics year (entries start the day after the cutoff of
    /// the December before).
    pub start_year: i32,
    /// How many statistics years the ledger spans (1 to 50).
    pub years: u32,
    /// Schools in the registry, both sides (100 to 200,000).
    pub schools: u32,
    /// Corrections per thousand rows (0 to 1000); about 10 is realistic.
    /// About 60% of them are negative (part reversals).
    pub corrections_per_mille: u32,
    /// Supported districts and counties that entries go to (10 to 300). The
    /// default 26 is Baoding's 24 and the 2 Shanxi counties; fewer takes
    /// the first of them (the poor counties come early), more adds
    /// synthetic Baoding counties (`county-027`, …), some of them poor.
    pub areas: u32,
    /// Entries per thousand under a measure their project does not declare
    /// (0 to 750): valid, each with the warning W003.
    pub undeclared_per_mille: u32,
    /// How ids are written and ordered.
    pub ids: IdStyle,
    /// Reversals per thousand rows (0 to 50), on top of the corrections: an
    /// entry carrying the negative of a recent entry's net value, which it
    /// corrects.
    pub reversals_per_mille: u32,
    /// The programme the ledger is for.
    pub programme: ProgrammeKind,
    /// Monthly returns: the programme declares reporting duties (every poor
    /// supported county owes `principal-studios` a return each month) and
    /// the ledger gets a `recorded` column, about 10% of returns late and 3%
    /// missing (their rows, and corrections of them, left out, so fewer rows
    /// than `entries` are written). Off, the files are as without it.
    pub recorded: bool,
}

impl GenerateOptions {
    /// `entries` rows from `seed`, over the statistics years 2016 to 2019, 26
    /// supported areas, 800 schools, about 1% corrections, every measure
    /// declared by its project, sequential ids, no extra reversals, a
    /// generated registry.
    #[must_use]
    pub fn new(entries: u64, seed: u64) -> GenerateOptions {
        GenerateOptions {
            entries,
            seed,
            start_year: 2016,
            years: 4,
            schools: 800,
            corrections_per_mille: 10,
            areas: 26,
            undeclared_per_mille: 0,
            ids: IdStyle::Sequential,
            reversals_per_mille: 0,
            programme: ProgrammeKind::Registry,
            recorded: false,
        }
    }

    /// Checks every option's range.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] naming the first option out of range.
    ///
    /// ```
    /// use eduaid::GenerateOptions;
    /// let mut o = GenerateOptions::new(10, 1);
    /// assert!(o.check().is_ok());
    /// o.undeclared_per_mille = 800;
    /// assert_eq!(
    ///     o.check().unwrap_err().to_string(),
    ///     "invalid generate options: 800 undeclared per thousand is outside 0 to 750"
    /// );
    /// ```
    pub fn check(&self) -> Result<(), Error> {
        let fail = |reason: String| Err(Error::invalid(Subject::GenerateOptions, reason));
        if !(1900..=2100).contains(&self.start_year) {
            return fail(format!(
                "start year {} is outside 1900 to 2100",
                self.start_year
            ));
        }
        let ranges = [
            (self.years, 1, 50, "years"),
            (self.schools, 100, 200_000, "schools"),
            (self.areas, 10, 300, "areas"),
            (
                self.corrections_per_mille,
                0,
                1000,
                "corrections per thousand",
            ),
            (self.undeclared_per_mille, 0, 750, "undeclared per thousand"),
            (self.reversals_per_mille, 0, 50, "reversals per thousand"),
        ];
        for (value, lo, hi, what) in ranges {
            if !(lo..=hi).contains(&value) {
                return fail(format!("{value} {what} is outside {lo} to {hi}"));
            }
        }
        if self.corrections_per_mille + self.reversals_per_mille > 1000 {
            return fail(format!(
                "{} corrections and {} reversals per thousand make more than 1000",
                self.corrections_per_mille, self.reversals_per_mille
            ));
        }
        Ok(())
    }
}
