//! `eduaid validate`: every violation of a ledger, then a summary line.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use anyhow::anyhow;
use eduaid::{Code, Dim, Ledger};
use serde::Serialize;

use crate::args::{TextFormat, ValidateArgs};
use crate::cmd::lang_only_for;
use crate::fail::Fail;
use crate::input::{display_name, load_close_log, load_ledger_with, load_programme};
use crate::output::Sink;
use crate::render;
use crate::workbook;

/// Status 0 when every row is valid (warnings allowed), 1 otherwise.
pub fn run(a: &ValidateArgs) -> Result<ExitCode, Fail> {
    lang_only_for(
        a.lang,
        a.format == TextFormat::Xlsx,
        "--format xlsx (the workbook's headings)",
    )?;
    let programme = load_programme(a.input.program.as_deref())?;
    let log = load_close_log(&a.input.ledger, a.input.closes.as_deref())?;
    if a.audit && log.is_none() {
        return Err(Fail::usage(anyhow!(
            "--audit checks a close log, and {} has none: name one with --closes",
            display_name(&a.input.ledger)
        )));
    }
    let loaded = load_ledger_with(
        &a.input.ledger,
        programme,
        &a.input.read,
        log.as_ref(),
        a.audit,
    )?;
    let name = display_name(&a.input.ledger);
    let accepted = loaded.valid_rows().len() as u64;
    let unlisted = unlisted(loaded.valid_rows());
    let status = if loaded.is_valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    let mut out = Sink::open(a.output.output.as_deref(), a.output.bom)?;
    match a.format {
        TextFormat::Text => {
            for v in &loaded.violations {
                writeln!(out, "{}", render::violation_line(v, &name))?;
            }
            for u in &unlisted {
                let seen: Vec<String> = u
                    .codes
                    .iter()
                    .map(|(code, n)| format!("{code} ({n})"))
                    .collect();
                writeln!(
                    out,
                    "note: the programme lists no {}, so every {} code is accepted; the ledger's: {}",
                    u.kind,
                    u.column,
                    seen.join(", ")
                )?;
            }
            writeln!(
                out,
                "{}",
                render::counts(loaded.rows, accepted, &loaded.violations)
            )?;
        }
        TextFormat::Json => {
            #[derive(Serialize)]
            struct Json<'a> {
                #[serde(flatten)]
                validation: render::JsonValidation<'a>,
                unlisted: &'a [Unlisted],
            }
            let validation =
                render::validation_json((loaded.rows, accepted), &loaded.violations, &name);
            let json = Json {
                validation,
                unlisted: &unlisted,
            };
            render::write_json(&mut out, &json)?;
        }
        TextFormat::Xlsx => {
            let t = workbook::violations_table(
                &loaded.violations,
                &name,
                workbook::heading_lang(a.lang),
            );
            return workbook::write(a.output.output.as_deref(), &[t]).map(|()| status);
        }
    }
    out.finish()?;
    Ok(status)
}

/// The codes a ledger uses of a kind its programme does not list.
#[derive(Serialize)]
struct Unlisted {
    /// `areas`, `schools` or `pairings`.
    kind: &'static str,
    /// The ledger column.
    column: &'static str,
    /// Each distinct code with its count of accepted entries.
    codes: BTreeMap<Code, u64>,
}

/// For each of areas, schools and pairings that the programme does not
/// list, the distinct codes the accepted entries use, with their counts
/// (so a typo such as `fupin` beside `fuping` stands out).
fn unlisted(ledger: &Ledger) -> Vec<Unlisted> {
    let p = ledger.programme();
    [
        ("areas", "area", p.areas().is_empty(), Dim::Area),
        ("schools", "school", p.schools().is_empty(), Dim::School),
        ("pairings", "pairing", p.pairings().is_empty(), Dim::Pairing),
    ]
    .into_iter()
    .filter(|k| k.2)
    .filter_map(|(kind, column, _, dim)| {
        let codes = ledger.code_counts(dim).expect("a column of codes");
        (!codes.is_empty()).then_some(Unlisted {
            kind,
            column,
            codes,
        })
    })
    .collect()
}
