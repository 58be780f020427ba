//! Prints the summary of the embedded Beijing-Baoding 2019 dataset, in
//! Chinese (the default) or English: `cargo run --example summary -- en`.

use std::process::ExitCode;

use eduaid::{Lang, Summary, dataset};

fn main() -> ExitCode {
    let lang = match std::env::args().nth(1).as_deref() {
        None | Some("zh") => Lang::Zh,
        Some("en") => Lang::En,
        Some(other) => {
            eprintln!("unknown language {other:?}: use zh or en");
            return ExitCode::FAILURE;
        }
    };
    let ledger = dataset::ledger();
    match Summary::build(&ledger, dataset::as_of(), &dataset::summary_options()) {
        Ok(summary) => {
            print!("{}", summary.render(lang));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
