//! Any bytes read as a ledger CSV: errors and violations, never a panic, and
//! whatever rows are kept write and read back without an error.
#![no_main]

use std::sync::Arc;

use eduaid::Ledger;
use libfuzzer_sys::fuzz_target;

mod programmes;
use programmes::programmes;

fuzz_target!(|data: &[u8]| {
    for p in programmes() {
        if let Ok(loaded) = Ledger::read_csv(Arc::clone(p), data, "fuzz.csv") {
            let mut out = Vec::new();
            loaded
                .valid_rows()
                .write_csv(&mut out)
                .expect("writing to memory");
            let again = Ledger::read_csv(Arc::clone(p), out.as_slice(), "again.csv")
                .expect("a written ledger reads");
            assert_eq!(again.valid_rows().len(), loaded.valid_rows().len());
            assert!(!again.violations.has_errors(), "{}", again.violations);
        }
    }
});
