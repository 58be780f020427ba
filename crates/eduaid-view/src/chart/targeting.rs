//! The targeting share per statistics year against the threshold (80% or
//! more of the funds to the poorest), failing years marked.

use eduaid::{Compliance, Decimal, Lang, Summary, Total};

use super::bars::Bars;
use super::{Chart, Money, percent_tick};
use crate::Error;
use crate::locale;
use crate::table::{Align, Cell, Table};

/// One year of the targeting check.
#[allow(clippy::struct_field_names)] // `year` is what the row is
struct Year {
    year: i32,
    targeted: Total,
    total: Total,
    share: Decimal,
    passes: bool,
}

/// The share of each year of a compliance check (its rows without an
/// area) as bars, the threshold as a dashed line, failing years in the
/// alert colour.
///
/// # Errors
///
/// [`Error::Draw`] if the chart cannot be drawn.
pub fn targeting(c: &Compliance, lang: Lang) -> Result<Chart, Error> {
    let rows = c.rows.iter().filter(|r| r.area.is_none()).map(|r| Year {
        year: r.year,
        targeted: r.targeted,
        total: r.total,
        share: r.share,
        passes: r.passes,
    });
    draw(c.threshold, &rows.collect::<Vec<_>>(), lang)
}

/// The same chart of a summary's targeting years.
///
/// # Errors
///
/// [`Error::Draw`] if the chart cannot be drawn.
pub fn targeting_of_summary(s: &Summary, lang: Lang) -> Result<Chart, Error> {
    let rows = s.targeting.iter().map(|r| Year {
        year: r.year,
        targeted: r.targeted,
        total: r.total,
        share: r.share,
        passes: r.passes,
    });
    draw(s.threshold, &rows.collect::<Vec<_>>(), lang)
}

fn draw(threshold_share: Decimal, rows: &[Year], lang: Lang) -> Result<Chart, Error> {
    let threshold = locale::percent_bound(threshold_share);
    let zh = lang == Lang::Zh;
    let title = if zh {
        format!("各年度精准使用比例（{threshold}以上达标）")
    } else {
        format!("Targeting share per year ({threshold} or more passes)")
    };
    let money = Money::for_max(
        lang,
        rows.iter().map(|r| r.total.base_units()).max().unwrap_or(0),
    );
    let unit = money.header();
    let mut table = Table::new("targeting", Vec::new())
        .column(if zh { "统计年度" } else { "year" }, Align::Left)
        .column(
            if zh {
                format!("精准资金{unit}")
            } else {
                format!("targeted{unit}")
            },
            Align::Right,
        )
        .column(
            if zh {
                format!("资金合计{unit}")
            } else {
                format!("total{unit}")
            },
            Align::Right,
        )
        .column(if zh { "占比" } else { "share" }, Align::Right)
        .column(if zh { "结果" } else { "result" }, Align::Left);
    for r in rows {
        table.push(vec![
            Cell::valued(locale::year(r.year, lang), &r.year),
            money.cell(r.targeted.base_units()),
            money.cell(r.total.base_units()),
            Cell::valued(locale::percent(r.share), &r.share),
            Cell::valued(locale::pass_fail(r.passes, lang), &r.passes).alert(!r.passes),
        ]);
    }
    let as_f64 = |d: Decimal| -> f64 { d.to_string().parse().unwrap_or(0.0) };
    let failing = rows.iter().filter(|r| !r.passes).count();
    let svg = Bars {
        id: "targeting".to_owned(),
        title: title.clone(),
        categories: rows.iter().map(|r| locale::year(r.year, lang)).collect(),
        stacks: vec![(
            if zh { "占比" } else { "share" }.to_owned(),
            rows.iter()
                .map(|r| as_f64(r.share * Decimal::ONE_HUNDRED))
                .collect(),
        )],
        line: None,
        threshold: Some((
            as_f64(threshold_share * Decimal::ONE_HUNDRED),
            if zh {
                format!("达标线 {threshold}")
            } else {
                format!("threshold {threshold}")
            },
        )),
        marker: None,
        alert: rows.iter().map(|r| !r.passes).collect(),
        alert_label: locale::pass_fail(false, lang).to_owned(),
        unit: "%".to_owned(),
        y_max: Some(100.0),
        y_fmt: percent_tick,
        x_caption: None,
    }
    .draw()?;
    let note = Some(match (zh, failing) {
        (true, 0) => "各年度均达标。".to_owned(),
        (true, n) => format!("{n}个年度未达标（红色）。"),
        (false, 0) => "Every year passes.".to_owned(),
        (false, n) => format!("{n} year(s) fail (in red)."),
    });
    Ok(Chart {
        title,
        svg,
        table,
        note,
    })
}
