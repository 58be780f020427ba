//! The dataset's reporting duties, recorded dates and close log: the close
//! log `build.py` wrote from the documented canonical form (in Python)
//! matches what the library computes, and the returns' rates.

use eduaid::{CloseAction, ReturnStatus, completeness, dataset};

#[test]
fn the_close_log_built_in_python_matches_the_ledger() {
    let log = dataset::closes();
    let months: Vec<String> = log
        .records()
        .iter()
        .map(|r| r.month().to_string())
        .collect();
    let want: Vec<String> = (1..=11).map(|m| format!("2019-{m:02}")).collect();
    assert_eq!(months, want);
    assert!(
        log.records()
            .iter()
            .all(|r| r.action() == CloseAction::Close)
    );
    assert_eq!(log.records().last().unwrap().entries(), Some(1442));
    let ledger = dataset::ledger();
    assert!(log.check(&ledger, "ledger.csv").is_empty());
    assert!(log.audit(&ledger, "ledger.csv").is_empty());
    // The Rust close of November gives the same record content as Python's.
    let mut again = eduaid::CloseLog::new("again");
    let last = log.records().last().unwrap();
    let ours = again
        .close(&ledger, last.month(), last.by(), last.note(), last.date())
        .unwrap();
    assert_eq!(ours.digest(), last.digest());
    assert_eq!(ours.totals(), last.totals());
}

#[test]
fn returns_of_2019() {
    let ledger = dataset::ledger();
    assert_eq!(ledger.programme().duties().len(), 8);
    let c = completeness(&ledger, dataset::as_of(), None);
    let t = &c.total;
    assert_eq!(
        (
            t.due,
            t.received,
            t.on_time,
            t.late,
            t.unknown_time,
            t.missing
        ),
        (88, 64, 59, 5, 0, 24)
    );
    assert_eq!(t.completeness().unwrap().to_string(), "72.7");
    assert_eq!(t.timeliness().unwrap().to_string(), "67.0");
    // Entries before 2019 carry no recorded date; those of 2019 all do.
    let cal = ledger.programme().calendar();
    for e in ledger.iter() {
        assert_eq!(
            e.recorded().is_some(),
            cal.year_of(e.date()) == 2019,
            "{e:?}"
        );
    }
    assert!(c.returns.iter().any(|r| r.status == ReturnStatus::Late));
}
