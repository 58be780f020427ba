//! Ledgers to export: generated ones with stock measures, and a small
//! programme-free helper to write CSV by hand.

use std::sync::Arc;

use eduaid::{
    GenerateOptions, Ledger, Measure, MeasureKind, Programme, generate_programme, write_ledger_csv,
};

/// Measures made stocks in the generated programme: one counted in
/// persons, one in schools, one with breakdowns.
pub const STOCKS: [&str; 3] = ["teachers-sent", "schools-equipped", "placements"];

/// The generated programme with [`STOCKS`] declared as stock measures.
pub fn stock_programme(opts: &GenerateOptions) -> Arc<Programme> {
    let p = generate_programme(opts).expect("valid options");
    let mut spec = p.spec().clone();
    for m in &mut spec.measures {
        if STOCKS.contains(&m.code().as_str()) {
            *m = Measure::new(
                m.code().clone(),
                m.name().clone(),
                m.unit(),
                MeasureKind::Stock,
                m.breakdowns().to_vec(),
            )
            .expect("the same breakdowns");
        }
    }
    Arc::new(Programme::new(spec).expect("a measure's kind changes no reference"))
}

/// A generated ledger read against [`stock_programme`]: every row valid.
pub fn stock_ledger(opts: &GenerateOptions) -> (Arc<Programme>, Ledger) {
    let p = stock_programme(opts);
    let mut csv = Vec::new();
    write_ledger_csv(&p, opts, &mut csv).expect("writing to a Vec");
    let loaded = Ledger::read_csv(Arc::clone(&p), csv.as_slice(), "generated.csv").expect("read");
    assert!(loaded.violations.is_empty(), "{:?}", loaded.violations);
    (p, loaded.accept_valid_rows())
}

/// A ledger of the canonical programme from CSV rows; every row must be
/// valid (warnings allowed).
pub fn canonical(csv: &str) -> (Arc<Programme>, Ledger) {
    let p = Arc::new(Programme::canonical());
    let loaded = Ledger::read_csv(Arc::clone(&p), csv.as_bytes(), "hand.csv").expect("read");
    assert!(!loaded.violations.has_errors(), "{:?}", loaded.violations);
    (p, loaded.accept_valid_rows())
}

/// Every entry's fields, for comparing ledgers.
pub fn entries(l: &Ledger) -> Vec<String> {
    l.iter().map(|e| format!("{e:?}")).collect()
}

/// The canonical programme with `schools-equipped` a stock (the canonical
/// measures are all flows), and a ledger of it from CSV rows, every row valid.
pub fn stock_canonical(csv: &str) -> (Arc<Programme>, Ledger) {
    let mut spec = Programme::canonical().spec().clone();
    for m in &mut spec.measures {
        if m.code().as_str() == "schools-equipped" {
            *m = Measure::new(
                m.code().clone(),
                m.name().clone(),
                m.unit(),
                MeasureKind::Stock,
                Vec::new(),
            )
            .expect("valid");
        }
    }
    let p = Arc::new(Programme::new(spec).expect("valid"));
    let loaded = Ledger::read_csv(Arc::clone(&p), csv.as_bytes(), "hand.csv").expect("read");
    assert!(!loaded.violations.has_errors(), "{:?}", loaded.violations);
    (p, loaded.accept_valid_rows())
}

/// The names in a directory.
pub fn names(dir: &std::path::Path) -> Vec<std::ffi::OsString> {
    std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect()
}
