//! The one integration-test binary of `eduaid` (one file per concept).

mod aggregate;
mod analysis;
