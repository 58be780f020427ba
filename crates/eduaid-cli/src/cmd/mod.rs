//! The commands, one per file; each returns its exit status or a [`Fail`].

mod close;
mod completeness;
mod compliance;
mod generate;
mod plan;
mod reopen;
mod report;
mod summary;
mod validate;

use std::process::ExitCode;

use crate::args::{Cli, Command};
use crate::fail::Fail;

/// Runs the command the arguments name.
pub fn run(cli: Cli) -> Result<ExitCode, Fail> {
    match cli.command {
        Command::Validate(a) => validate::run(&a),
        Command::Report(a) => report::run(&a),
        Command::Compliance(a) => compliance::run(&a),
        Command::Plan(a) => plan::run(&a),
        Command::Summary(a) => summary::run(&a),
        Command::Generate(a) => generate::run(&a),
        Command::Completeness(a) => completeness::run(&a),
        Command::Close(a) => close::run(&a),
        Command::Reopen(a) => reopen::run(&a),
    }
}
