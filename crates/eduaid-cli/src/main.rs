//! `eduaid`: validate, total and check an education poverty-alleviation
//! cooperation ledger from the command line.
//!
//! `main` is thin: clap parses and validates the arguments into typed values
//! ([`args`]), a command runs ([`cmd`]), and every failure becomes one message
//! on standard error and an exit status ([`fail`]): 0 ok, 1 the data has
//! errors (or a compliance failure), 2 usage errors or unreadable files.

#![forbid(unsafe_code)]

mod args;
mod cmd;
mod dataset;
mod fail;
mod input;
mod output;
mod render;
mod tables;
mod workbook;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(fail) if fail.is_broken_pipe() => ExitCode::SUCCESS,
        Err(fail) => {
            // Messages are complete on their own (library errors already name
            // their cause), so the chain is not repeated. If standard error is
            // gone too there is nobody left to tell.
            let _ = writeln!(std::io::stderr().lock(), "error: {}", fail.error);
            ExitCode::from(fail.status as u8)
        }
    }
}
