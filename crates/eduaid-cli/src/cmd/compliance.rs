//! `eduaid compliance`: the targeting rule per statistics year (and area).

use std::process::ExitCode;

use std::io::Write;

use crate::args::{ComplianceArgs, TableFormat};
use crate::cmd::{lang_only_for, page_lang, page_title};
use crate::fail::{Fail, library};
use crate::input::{load_programme, total_ledger};
use crate::output::Sink;
use crate::{render, tables, workbook};
use eduaid::Compliance;
use eduaid_view::{Names, Page, chart};

/// Status 0 when every year (and area) passes, 1 when one fails.
pub fn run(a: &ComplianceArgs) -> Result<ExitCode, Fail> {
    lang_only_for(
        a.lang,
        a.format.takes_lang(),
        "--format table, html or xlsx: CSV and JSON keep codes and plain numbers",
    )?;
    let programme = load_programme(a.input.program.as_deref())?;
    let opts = a.threshold.clone().by_area(a.by_area);
    // Totals are taken as the file is read (see total_ledger).
    let check = |opts: &eduaid::ComplianceOptions| {
        let q = opts.query(&programme).map_err(library)?;
        let r = total_ledger(&a.input, &programme, &q)?;
        Compliance::from_report(&r, opts).map_err(library)
    };
    let c = check(&opts)?;
    let status = if c.passes() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    let mut out = Sink::open(a.output.output.as_deref(), a.output.bom)?;
    let programme = &programme;
    match (a.format, a.lang) {
        (TableFormat::Table, None) => render::compliance_table(&mut out, &c)?,
        (TableFormat::Table, Some(l)) => {
            let names = Names::new(programme, l.into());
            tables::write(&mut out, &tables::compliance(&c, a.by_area, &names))?;
            writeln!(out, "{}", tables::compliance_verdict(&c, l.into()))?;
        }
        (TableFormat::Csv, _) => render::compliance_csv(&mut out, &c)?,
        (TableFormat::Json, _) => render::write_json(&mut out, &c)?,
        (TableFormat::Html, l) => {
            let lang = page_lang(l);
            let names = Names::new(programme, lang);
            let title = page_title(programme, lang, "精准使用检查", "targeting check");
            let mut page = Page::new(&title, lang);
            page.table(&tables::compliance(&c, a.by_area, &names));
            page.paragraph(&tables::compliance_verdict(&c, lang));
            // The chart is per year; a check by area has no year rows.
            let per_year = if a.by_area {
                check(&a.threshold.clone().by_area(false))?
            } else {
                c.clone()
            };
            page.chart(&chart::targeting(&per_year, lang).map_err(Fail::data)?);
            out.write_all(page.finish().as_bytes())?;
        }
        (TableFormat::Xlsx, l) => {
            let t = workbook::compliance_table(&c, workbook::heading_lang(l));
            return workbook::write(a.output.output.as_deref(), &[t]).map(|()| status);
        }
    }
    out.finish()?;
    Ok(status)
}
