//! The embedded Beijing-Baoding 2019 dataset: the programme and the item-level
//! ledger (2016 to 2019) behind the figures of the 2019 report on the "1215"
//! model.
//!
//! The data lives in `data/bj-bd-2019/` (`programme.json`, `ledger.csv`), built
//! by the committed `build.py` and documented in its `README.md`: every figure
//! the article states follows from the entries and the registry (79 Beijing
//! and 105 Baoding schools in pairings, 61 school pairings and 10 jointly run
//! schools, 5,758 teachers trained, 57,000 people out of poverty, ...); names
//! of schools, dates and the split of totals over counties and months are
//! illustrative.
//!
//! ```
//! use eduaid::{dataset, registry_facts};
//! let ledger = dataset::ledger();
//! assert_eq!(ledger.programme().framework().code(), "1215");
//! let facts = registry_facts(ledger.programme(), dataset::as_of());
//! assert_eq!(facts.supporting_schools.len(), 79);
//! assert_eq!(facts.supported_schools.len(), 105);
//! ```

use std::sync::Arc;

use chrono::NaiveDate;

use crate::zh_number::Approx;
use crate::{Ledger, Programme, SummaryOptions};

/// The programme JSON (`eduaid-programme/1`).
pub const PROGRAMME_JSON: &str = include_str!("../data/bj-bd-2019/programme.json");

/// The ledger CSV (the format of `docs/ledger-format.md`).
pub const LEDGER_CSV: &str = include_str!("../data/bj-bd-2019/ledger.csv");

/// The close log of the ledger: January to November 2019 sealed, one close
/// a month (`eduaid-closes/1`, written by `build.py` from the documented
/// canonical form).
pub const CLOSES_JSONL: &str = include_str!("../data/bj-bd-2019/ledger.csv.closes.jsonl");

/// The dataset's close log, its chain checked.
///
/// ```
/// use eduaid::dataset;
/// let log = dataset::closes();
/// assert_eq!(log.sealed_through().unwrap().to_string(), "2019-11");
/// assert!(log.check(&dataset::ledger(), "ledger.csv").is_empty());
/// ```
#[must_use]
pub fn closes() -> crate::CloseLog {
    crate::CloseLog::parse(CLOSES_JSONL, "bj-bd-2019/ledger.csv.closes.jsonl")
        .expect("the embedded close log is valid (tested)")
}

/// The dataset's programme: the canonical 1215 framework, projects, measures
/// and sources, with its areas, schools, pairings, 2019 plan and rules.
#[must_use]
pub fn programme() -> Programme {
    Programme::from_json(PROGRAMME_JSON, "bj-bd-2019/programme.json")
        .expect("the embedded dataset programme is valid (tested)")
}

/// The dataset's ledger, loaded against [`programme`]; every row is valid.
#[must_use]
pub fn ledger() -> Ledger {
    let loaded = Ledger::read_csv(
        Arc::new(programme()),
        LEDGER_CSV.as_bytes(),
        "bj-bd-2019/ledger.csv",
    )
    .expect("the embedded dataset ledger is readable (tested)");
    debug_assert!(loaded.violations.is_empty(), "{:?}", loaded.violations);
    loaded.ledger
}

/// The date the dataset stands at: the statistics cutoff of 25 November 2019,
/// on or before which every entry is dated.
#[must_use]
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 11, 25).expect("a valid date")
}

/// How the 2019 article prints its approximate figures: 4600余 trained by the
/// studios, 300余 student volunteers, 170余 schools equipped, 4000余万元 of
/// funds (in total and for school conditions), 近30 dockings. Every other
/// figure is printed exactly.
///
/// These are presentation choices (significant digits kept by a bound), not
/// values: the values always come from the ledger and the registry.
///
/// ```
/// use eduaid::{Lang, Summary, dataset};
/// let s = Summary::build(&dataset::ledger(), dataset::as_of(), &dataset::summary_options())?;
/// assert_eq!(s.figure("project/coordination/dockings").unwrap().render(Lang::Zh), "近30次");
/// # Ok::<(), eduaid::Error>(())
/// ```
#[must_use]
pub fn summary_options() -> SummaryOptions {
    let at_least = |digits| Approx::AtLeast { digits };
    SummaryOptions::default()
        .approx("project/principal-studios/people-trained", at_least(2))
        .approx("project/retired-principals/volunteers", at_least(1))
        .approx("project/school-conditions/schools-equipped", at_least(2))
        .approx("project/school-conditions/funds", at_least(1))
        .approx("funds/total", at_least(1))
        .approx(
            "project/coordination/dockings",
            Approx::Nearly { digits: 1 },
        )
}
