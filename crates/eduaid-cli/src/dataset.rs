//! A ledger given as a directory of Parquet files (`eduaid export`): read
//! with `eduaid-parquet` wherever a ledger CSV is read.

use std::path::Path;
use std::sync::Arc;

use eduaid::{Loaded, Programme, Query, Streamed};

use crate::fail::{Fail, library};

/// Whether the ledger path names a directory (an exported dataset).
pub fn is_dataset(path: &Path) -> bool {
    path.is_dir()
}

/// Missing, unreadable or foreign files are usage errors (status 2); what
/// the core library refuses maps as its errors do.
pub fn fail(e: eduaid_parquet::Error) -> Fail {
    match e {
        eduaid_parquet::Error::Ledger(e) => library(e),
        e => Fail::usage(e),
    }
}

/// Reads a dataset into one ledger, in ledger order.
pub fn load(path: &Path, programme: Arc<Programme>) -> Result<Loaded, Fail> {
    eduaid_parquet::read_ledger(path, programme).map_err(fail)
}

/// Totals a dataset file by file, merging the parts.
pub fn report(path: &Path, programme: &Arc<Programme>, q: &Query) -> Result<Streamed, Fail> {
    eduaid_parquet::report_dir(path, programme, q).map_err(|e| match e {
        // A filter naming a code the programme does not declare.
        eduaid_parquet::Error::Ledger(e @ eduaid::Error::InvalidValue { subject, .. })
            if subject.is_query() =>
        {
            Fail::usage(e)
        }
        e => fail(e),
    })
}
