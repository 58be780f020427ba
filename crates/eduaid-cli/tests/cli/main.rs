//! End-to-end tests of the `eduaid` binary, in one test binary (linking
//! several costs time on two cores).

mod cases;
mod files;
mod html;
mod sealed;
mod workbooks;
