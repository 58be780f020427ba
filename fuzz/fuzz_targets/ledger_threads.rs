//! Differential: any bytes read on several threads in small blocks give
//! exactly what one thread gives (ledger, rows, every violation in order),
//! and totals taken while reading equal totals of the loaded ledger.
#![no_main]

use std::sync::Arc;

use eduaid::{Dim, Ledger, Programme, Query, fuzzing, report};
use libfuzzer_sys::fuzz_target;

mod programmes;
use programmes::programmes;

/// Everything a read gave, as text.
fn read(p: &Arc<Programme>, data: &[u8], threads: usize, block: usize) -> String {
    let mut ledger = Ledger::new(Arc::clone(p));
    match fuzzing::append_csv_in(&mut ledger, data, threads, block) {
        Err(e) => format!("error: {e}"),
        Ok((v, rows)) => {
            let mut out = Vec::new();
            ledger.write_csv(&mut out).expect("writing to memory");
            format!("{rows}\n{}\n{v}", String::from_utf8_lossy(&out))
        }
    }
}

fuzz_target!(|input: &[u8]| {
    // The first byte picks the block size (so blocks cut the text often).
    let Some((&b, data)) = input.split_first() else {
        return;
    };
    let block = 16 + usize::from(b) * 4;
    for p in programmes() {
        let one = read(p, data, 1, usize::MAX >> 1);
        assert_eq!(read(p, data, 2, block), one);
        assert_eq!(read(p, data, 3, block), one);
        for dims in [
            &[Dim::Project, Dim::Area, Dim::Month][..],
            &[Dim::School, Dim::Breakdown, Dim::Year],
        ] {
            let q = Query::by(dims).expect("a grouping");
            let streamed = fuzzing::report_csv_in(Arc::clone(p), data, &q, 2, block);
            let loaded = Ledger::read_csv(Arc::clone(p), data, "fuzz.csv");
            match (streamed, loaded) {
                (Ok(s), Ok(l)) => {
                    assert_eq!(s.report, report(l.valid_rows(), &q).expect("no filter"));
                    assert_eq!(s.violations, l.violations);
                    assert_eq!(s.rows, l.rows);
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                (a, b) => panic!("one read failed: {:?} / {:?}", a.err(), b.err()),
            }
        }
    }
});
