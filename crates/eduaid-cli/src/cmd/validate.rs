//! `eduaid validate`: every violation of a ledger, then a summary line.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::process::ExitCode;

use anyhow::anyhow;
use eduaid::{Code, Ledger};
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

/// An entry's code of one kind, if it has one.
type CodeOf = for<'a> fn(&eduaid::Entry<'a>) -> Option<&'a Code>;

/// For each of areas, schools and pairings that the programme does not
/// list, the distinct codes the accepted entries use, with their counts
/// (so a typo such as `fupin` beside `fuping` stands out).
fn unlisted(ledger: &Ledger) -> Vec<Unlisted> {
    let p = ledger.programme();
    let kinds: [(&str, &str, bool, CodeOf); 3] = [
        ("areas", "area", p.areas().is_empty(), |e| Some(e.area())),
        ("schools", "school", p.schools().is_empty(), |e| e.school()),
        ("pairings", "pairing", p.pairings().is_empty(), |e| {
            e.pairing()
        }),
    ];
    kinds
        .into_iter()
        .filter(|k| k.2)
        .filter_map(|(kind, column, _, code)| {
            // Counted by the code's address first: the ledger hands out
            // one `Code` per distinct code, so this hashes a pointer, not a
            // text, ten million times; equal codes at two addresses (were
            // there any) add up when sorted below.
            let mut by_address: HashMap<*const Code, (&Code, u64)> = HashMap::new();
            for e in ledger.iter() {
                if let Some(c) = code(&e) {
                    by_address.entry(std::ptr::from_ref(c)).or_insert((c, 0)).1 += 1;
                }
            }
            let mut codes = BTreeMap::new();
            for (c, n) in by_address.into_values() {
                *codes.entry(c.clone()).or_insert(0) += n;
            }
            (!codes.is_empty()).then_some(Unlisted {
                kind,
                column,
                codes,
            })
        })
        .collect()
}
