//! The Parquet ledger: export, read back, and the report of the files equal
//! to the report of the ledger, with corrections and stock series that span
//! files.

mod dictionaries;
mod errors;
mod parts;
mod support;
