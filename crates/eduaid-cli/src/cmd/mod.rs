//! The commands, one per file; each returns its exit status or a [`Fail`].

mod close;
mod completeness;
mod compliance;
mod export;
mod generate;
mod plan;
mod reopen;
mod report;
mod summary;
mod template;
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
        Command::Template(a) => template::run(&a),
        Command::Export(a) => export::run(&a),
        Command::Completeness(a) => completeness::run(&a),
        Command::Close(a) => close::run(&a),
        Command::Reopen(a) => reopen::run(&a),
    }
}

/// `--lang` writes for a reader; a format without a reader's form (CSV and
/// JSON keep codes and plain numbers) refuses it as a usage error rather
/// than ignoring it. `applies`: whether the chosen format takes a language;
/// `which`: what does, for the message.
fn lang_only_for(
    lang: Option<crate::args::LangArg>,
    applies: bool,
    which: &str,
) -> Result<(), Fail> {
    if lang.is_some() && !applies {
        return Err(Fail::usage(anyhow::anyhow!("--lang is for {which}")));
    }
    Ok(())
}

/// The language of an HTML page: Chinese unless asked otherwise.
fn page_lang(lang: Option<crate::args::LangArg>) -> eduaid::Lang {
    lang.map_or(eduaid::Lang::Zh, Into::into)
}

/// A page's title: the programme's name and what the page shows.
fn page_title(programme: &eduaid::Programme, lang: eduaid::Lang, zh: &str, en: &str) -> String {
    match lang {
        eduaid::Lang::Zh => format!("{}：{zh}", programme.name().zh()),
        eduaid::Lang::En => format!("{}: {en}", programme.name().en()),
    }
}
