//! Seeded synthetic programmes and ledgers, for tests, benchmarks and demos.
//!
//! The output depends only on the [`GenerateOptions`] (and, for the ledger,
//! on the programme): the pseudo-random numbers come from a small generator
//! written here ([`SplitMix64`], Steele, Lea and Flood 2014, as in Vigna's
//! reference C code), not from a dependency, so a dependency upgrade never
//! changes a generated file.
//!
//! The registry models the Beijing-Baoding cooperation: the region Beijing
//! with its 16 districts on the supporting side; Baoding (Hebei) with 5
//! districts and 19 counties, and Wutai and Fanshi (Shanxi), on the supported
//! side, 8 Baoding counties poor (Fuping and Laiyuan deeply poor); schools
//! with their stages; pairings of all three kinds; and an annual plan with
//! targets and milestones. How the entries are shaped (each project's share
//! and the units it reports for, value ranges, how often each breakdown
//! value and funding source comes up) is data, the profile in
//! `data/generator-1215.json`; a code it does not list takes its defaults.
//!
//! The ledger is streamed row by row ([`write_ledger_csv`] holds only a few
//! thousand recent entries, to correct some of them), so ten million rows
//! need no more memory than ten; sorted by date ([`IdStyle::DateSorted`]) it
//! holds at most half a million rows and makes one pass per such window.
//!
//! The knobs of [`GenerateOptions`] are the ways real ledgers differ, so a
//! benchmark can run over each shape: statistics years, areas, schools,
//! entries under measures their project does not declare, id style and
//! order, reversals, and a programme with or without a registry.

use std::borrow::Cow;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::Datelike;
use rust_decimal::Decimal;

use crate::{COLUMNS, Code, Error, Ledger, NewEntry, Programme};

mod options;
mod order;
mod profile;
mod registry;
mod returns;
mod rng;
mod stream;

pub use options::{GenerateOptions, IdStyle, ProgrammeKind};
use order::Rows;
use registry::{areas, code, name, pairings, plan, schools};
pub use rng::SplitMix64;

/// Generates a programme: the canonical framework, projects, measures and
/// funding sources, with a generated registry and plan (see the module docs).
///
/// The registry depends on the seed, the years, the areas and the school
/// count, not on the number of entries; the plan's targets scale with the
/// entries. With [`ProgrammeKind::Canonical`] it is
/// [`Programme::canonical`].
///
/// # Errors
///
/// [`Error::InvalidValue`] when an option is out of range (see the fields of
/// [`GenerateOptions`]).
///
/// ```
/// use eduaid::{GenerateOptions, generate_programme};
/// let p = generate_programme(&GenerateOptions::new(1000, 7))?;
/// assert_eq!(p.schools().len(), 800);
/// assert!(p.area("fuping").is_some());
/// let mut bad = GenerateOptions::new(1000, 7);
/// bad.years = 0;
/// assert!(generate_programme(&bad).is_err());
/// # Ok::<(), eduaid::Error>(())
/// ```
pub fn generate_programme(opts: &GenerateOptions) -> Result<Programme, Error> {
    opts.check()?;
    if opts.programme == ProgrammeKind::Canonical {
        return Ok(Programme::canonical());
    }
    let mut rng = SplitMix64::new(opts.seed ^ 0x5EED_5EED_0000_0001);
    let mut spec = Programme::canonical().spec().clone();
    spec.code = code("jing-bao-1215-synthetic");
    spec.name = name(
        "京保教育扶贫协作（合成数据）",
        "Beijing-Baoding education cooperation (synthetic)",
    );
    spec.areas = areas(opts.areas);
    spec.schools = schools(&spec.areas, opts.schools, &mut rng);
    spec.pairings = pairings(&spec.areas, &spec.schools, opts, &mut rng);
    // The plan's targets come from the expected totals of the ledger stream,
    // which needs the registry: build it once without a plan.
    let registry = Programme::new(spec.clone())?;
    spec.plan = plan(&registry, opts, &mut rng)?;
    if opts.recorded {
        spec.duties = returns::duties(&registry, opts.start_year)?;
    }
    Programme::new(spec)
}

/// The programme rows are drawn from: `programme`, or for a ledger of the
/// canonical programme the registry one generated from the same options.
fn drawing_programme<'p>(
    programme: &'p Programme,
    opts: &GenerateOptions,
) -> Result<Cow<'p, Programme>, Error> {
    if opts.programme == ProgrammeKind::Canonical {
        let with_registry = GenerateOptions {
            programme: ProgrammeKind::Registry,
            ..opts.clone()
        };
        Ok(Cow::Owned(generate_programme(&with_registry)?))
    } else {
        Ok(Cow::Borrowed(programme))
    }
}

/// Writes entry id `n` in the style asked: `e17`, or free text (a bijection
/// of `n`, so ids stay unique).
fn write_id(out: &mut Vec<u8>, n: u64, style: IdStyle) {
    if style == IdStyle::Text {
        let _ = write!(out, "jb-{:016x}", SplitMix64::new(n).next_u64());
    } else {
        let _ = write!(out, "e{n}");
    }
}

fn id_code(n: u64, style: IdStyle) -> Code {
    let mut text = Vec::with_capacity(20);
    write_id(&mut text, n, style);
    code(std::str::from_utf8(&text).expect("ids are ASCII"))
}

fn opt<'a>(v: Option<usize>, name: impl Fn(usize) -> &'a str) -> &'a str {
    v.map_or("", name)
}

fn write_units(out: &mut Vec<u8>, value: i64, money: bool) {
    if money {
        let sign = if value < 0 { "-" } else { "" };
        let a = value.unsigned_abs();
        let _ = write!(out, "{sign}{}.{:02}", a / 100, a % 100);
    } else {
        let _ = write!(out, "{value}");
    }
}

/// Streams a synthetic ledger for `programme` as CSV (`docs/ledger-format.md`,
/// all eleven columns, LF line ends) and returns the number of rows written.
///
/// Every row is valid against the programme: entries lie in supported
/// districts and counties, with schools in their own area and pairings in
/// force on the date; every measure a project reports is used, with its
/// breakdowns; funds carry a source, and about 88% of them go to targeted
/// breakdowns in most statistics years, about 70% in one (when there are
/// several: the year with index `seed % years`). Dates cluster on the two days either side of each
/// statistics month's cutoff. About `corrections_per_mille` rows in a
/// thousand correct a recent entry of the same measure, on or after its date,
/// never bringing its net value below zero; most are negative reversals.
/// About `reversals_per_mille` more reverse a recent entry's whole net value.
/// About `undeclared_per_mille` entries in a thousand name a measure their
/// project does not declare (each valid, with the warning W003).
///
/// With [`ProgrammeKind::Canonical`], `programme` should be the canonical
/// one: rows are drawn from the registry generated from the same options and
/// are valid against any programme that lists no area, school or pairing.
///
/// Memory stays constant however many rows are asked for (a window of half
/// a million rows when they are sorted by date).
///
/// # Errors
///
/// [`Error::InvalidValue`] when an option is out of range or the programme
/// lists no supported district or county; [`Error::Io`] when writing fails.
///
/// ```
/// use std::sync::Arc;
/// use eduaid::{GenerateOptions, Ledger, Programme, generate_programme, write_ledger_csv};
/// let opts = GenerateOptions::new(500, 42);
/// let programme = Arc::new(generate_programme(&opts)?);
/// let mut csv = Vec::new();
/// assert_eq!(write_ledger_csv(&programme, &opts, &mut csv)?, 500);
/// let loaded = Ledger::read_csv(programme, csv.as_slice(), "synthetic.csv")?;
/// assert_eq!((loaded.valid_rows().len(), loaded.violations.len()), (500, 0));
/// // The canonical programme has no registry to draw areas from, unless the
/// // options say the ledger is for it.
/// assert!(write_ledger_csv(&Programme::canonical(), &opts, Vec::new()).is_err());
/// let mut canonical = opts.clone();
/// canonical.programme = eduaid::ProgrammeKind::Canonical;
/// let mut csv = Vec::new();
/// write_ledger_csv(&Programme::canonical(), &canonical, &mut csv)?;
/// let loaded = Ledger::read_csv(Arc::new(Programme::canonical()), csv.as_slice(), "c.csv")?;
/// assert_eq!((loaded.valid_rows().len(), loaded.violations.len()), (500, 0));
/// # Ok::<(), eduaid::Error>(())
/// ```
pub fn write_ledger_csv<W: Write>(
    programme: &Programme,
    opts: &GenerateOptions,
    out: W,
) -> Result<u64, Error> {
    let p = &*drawing_programme(programme, opts)?;
    let rows_in_order = Rows::new(p, opts)?;
    let io = |source| Error::Io {
        path: PathBuf::from("generated ledger output"),
        source,
    };
    let mut w = std::io::BufWriter::with_capacity(1 << 16, out);
    let recorded = if opts.recorded { ",recorded" } else { "" };
    writeln!(w, "{}{recorded}", COLUMNS.join(",")).map_err(io)?;
    let mut line = Vec::with_capacity(256);
    let mut rows = 0;
    for (r, recorded) in returns::kept(p, opts, rows_in_order) {
        line.clear();
        let m = &p.measures()[r.measure];
        write_id(&mut line, r.id, opts.ids);
        let _ = write!(
            line,
            ",{:04}-{:02}-{:02},{},{},{},{},{},{},",
            r.date.year(),
            r.date.month(),
            r.date.day(),
            p.projects()[r.project].code(),
            p.areas()[r.area].code(),
            opt(r.school, |i| p.schools()[i].code().as_str()),
            opt(r.pairing, |i| p.pairings()[i].code().as_str()),
            m.code(),
            opt(r.breakdown, |i| m.breakdowns()[i].as_str()),
        );
        write_units(&mut line, r.value, m.unit().is_money());
        let _ = write!(
            line,
            ",{},",
            opt(r.source, |i| p.sources()[i].code().as_str())
        );
        if let Some(c) = r.corrects {
            write_id(&mut line, c, opts.ids);
        }
        if let Some(d) = recorded {
            let _ = write!(line, ",{d}");
        }
        line.push(b'\n');
        w.write_all(&line).map_err(io)?;
        rows += 1;
    }
    w.flush().map_err(io)?;
    Ok(rows)
}

/// Generates a programme ([`generate_programme`]) and its ledger in memory,
/// the same entries [`write_ledger_csv`] writes, appended with
/// [`Ledger::push`].
///
/// # Errors
///
/// As [`generate_programme`]; [`Error::Invalid`] if a generated entry were
/// refused (a bug in the generator, which the tests rule out).
///
/// ```
/// use eduaid::{GenerateOptions, generate_ledger};
/// let (programme, ledger) = generate_ledger(&GenerateOptions::new(2000, 1))?;
/// assert_eq!(ledger.len(), 2000);
/// assert!(programme.pairings().len() > 100);
/// # Ok::<(), eduaid::Error>(())
/// ```
pub fn generate_ledger(opts: &GenerateOptions) -> Result<(Arc<Programme>, Ledger), Error> {
    let programme = Arc::new(generate_programme(opts)?);
    let mut ledger = Ledger::new(Arc::clone(&programme));
    let p = &*drawing_programme(&programme, opts)?;
    for (r, recorded) in returns::kept(p, opts, Rows::new(p, opts)?) {
        let m = &p.measures()[r.measure];
        let e = NewEntry {
            id: id_code(r.id, opts.ids),
            date: r.date,
            project: p.projects()[r.project].code().clone(),
            area: p.areas()[r.area].code().clone(),
            school: r.school.map(|i| p.schools()[i].code().clone()),
            pairing: r.pairing.map(|i| p.pairings()[i].code().clone()),
            measure: m.code().clone(),
            breakdown: r.breakdown.map(|i| m.breakdowns()[i].clone()),
            value: Decimal::new(r.value, u32::from(m.unit().fraction_digits())),
            source: r.source.map(|i| p.sources()[i].code().clone()),
            corrects: r.corrects.map(|c| id_code(c, opts.ids)),
            recorded,
        };
        ledger.push(&e)?;
    }
    ledger.shrink_to_fit();
    Ok((programme, ledger))
}

#[cfg(test)]
mod tests;
