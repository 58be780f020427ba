//! Every figure of the 2019 article on the Beijing-Baoding "1215" model,
//! computed through the public API from the embedded dataset
//! (`eduaid::dataset`), never from a table of expected numbers in the library.
//!
//! One test per figure; the article's wording is quoted in each test's doc.

mod article;
mod data;
mod load;
mod returns;
mod summary;

use eduaid::{Code, Dim, Ledger, Query, Total, dataset, report};

/// The dataset's ledger.
fn ledger() -> Ledger {
    dataset::ledger()
}

/// A code from a literal.
fn code(s: &str) -> Code {
    s.parse().expect("a valid code")
}

/// The total of `measure` in `project` (one `breakdown` value, or all), as of
/// the dataset's date, in base units (fen for yuan).
fn total(ledger: &Ledger, project: &str, measure: &str, breakdown: Option<&str>) -> i128 {
    let q = Query::by(&[Dim::Breakdown])
        .unwrap()
        .project(code(project))
        .measure(code(measure))
        .to(dataset::as_of());
    let r = report(ledger, &q).unwrap();
    match breakdown {
        None => r.rows().map(|row| row.value().base_units()).sum(),
        Some(b) => r.total(&[(Dim::Breakdown, b)]).map_or(0, Total::base_units),
    }
}

/// The distinct codes of `dim` among the entries of `project` and `measure`.
fn distinct(ledger: &Ledger, project: &str, measure: &str, dim: Dim) -> Vec<String> {
    let q = Query::by(&[dim])
        .unwrap()
        .project(code(project))
        .measure(code(measure))
        .to(dataset::as_of());
    let r = report(ledger, &q).unwrap();
    let mut out: Vec<String> = r
        .rows()
        .map(|row| row.key(0).to_string())
        .filter(|k| !k.is_empty())
        .collect();
    out.dedup();
    out
}
