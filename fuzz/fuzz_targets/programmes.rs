//! The programmes every ledger target reads against: the canonical 1215
//! programme (open lists of areas, schools and pairings) and the 2019
//! dataset's (everything listed).

use std::sync::{Arc, OnceLock};

use eduaid::Programme;

pub fn programmes() -> &'static [Arc<Programme>; 2] {
    static P: OnceLock<[Arc<Programme>; 2]> = OnceLock::new();
    P.get_or_init(|| {
        [
            Arc::new(Programme::canonical()),
            Arc::new(eduaid::dataset::programme()),
        ]
    })
}
