//! The one integration-test binary of `eduaid` (one file per concept).

mod aggregate;
mod analysis;
mod analysis_props;
mod calendar;
mod code;
mod csv;
mod layers;
mod ledger;
mod money;
mod office;
mod open;
mod pairing;
mod parts;
mod programme;
mod properties;
mod public_docs;
mod returns;
mod robustness;
mod sealed;
mod send_sync;
mod strategies;
mod streamed;
mod support;
mod violation;
