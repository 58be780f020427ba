//! Completeness and timeliness of the reporting duties' returns by
//! statistics month: the returns received on time, late and with no
//! recorded date, each as a share of those due, stacked (the stack's top is
//! completeness, its lowest part timeliness); months with a return missing
//! marked.

use std::collections::BTreeMap;

use eduaid::{Completeness, CompletenessRow, Decimal, Lang, StatMonth};

use super::bars::Bars;
use super::{Chart, percent_tick};
use crate::Error;
use crate::locale;
use crate::table::{Align, Cell, Table};

/// The chart of a completeness check, its months summed over the groups
/// when it was grouped by area or project.
///
/// # Errors
///
/// [`Error::Draw`] if the chart cannot be drawn.
pub fn completeness(c: &Completeness, lang: Lang) -> Result<Chart, Error> {
    let months = by_month(c);
    let rows: Vec<&CompletenessRow> = months.iter().collect();
    let zh = lang == Lang::Zh;
    let title = if zh {
        format!("各统计月报送率与及时率（截至{}）", c.as_of)
    } else {
        format!("Completeness and timeliness by month, as of {}", c.as_of)
    };
    let table = table_of(&months, &c.total, lang);
    // Shares of the due returns, in percent, for the bars.
    #[allow(clippy::cast_precision_loss)] // counts far below 2^52
    let share = |part: fn(&CompletenessRow) -> u64| -> Vec<f64> {
        rows.iter()
            .map(|r| match r.due {
                0 => 0.0,
                due => 100.0 * part(r) as f64 / due as f64,
            })
            .collect()
    };
    let names: [&str; 3] = if zh {
        ["按时", "迟报", "时间不详"]
    } else {
        ["on time", "late", "time unknown"]
    };
    let missing = rows.iter().filter(|r| r.missing > 0).count();
    let svg = Bars {
        id: "completeness".to_owned(),
        title: title.clone(),
        categories: rows
            .iter()
            .map(|r| locale::month(r.month.expect("a month"), lang))
            .collect(),
        stacks: vec![
            (names[0].to_owned(), share(|r| r.on_time)),
            (names[1].to_owned(), share(|r| r.late)),
            (names[2].to_owned(), share(|r| r.unknown_time)),
        ],
        line: None,
        threshold: None,
        marker: None,
        alert: rows.iter().map(|r| r.missing > 0).collect(),
        alert_label: if zh { "未报" } else { "missing" }.to_owned(),
        unit: "%".to_owned(),
        y_max: Some(100.0),
        y_fmt: percent_tick,
        x_caption: None,
    }
    .draw()?;
    let note = Some(match (zh, missing) {
        (true, 0) => "各月应报均已报送。".to_owned(),
        (true, n) => format!("{n}个统计月有未报（红框为未报部分）。"),
        (false, 0) => "Every due return of every month was received.".to_owned(),
        (false, n) => {
            format!("{n} month(s) with a return missing (outlined in red: the share missing).")
        }
    });
    Ok(Chart {
        title,
        svg,
        table,
        note,
    })
}

/// The rows of a completeness check per month, summed over its groups.
fn by_month(c: &Completeness) -> Vec<CompletenessRow> {
    let mut months: BTreeMap<StatMonth, CompletenessRow> = BTreeMap::new();
    for r in &c.rows {
        if let Some(m) = r.month {
            let sum = months.entry(m).or_default();
            sum.month = Some(m);
            sum.due += r.due;
            sum.received += r.received;
            sum.on_time += r.on_time;
            sum.late += r.late;
            sum.unknown_time += r.unknown_time;
            sum.missing += r.missing;
        }
    }
    months.into_values().collect()
}

/// The numbers of [`completeness`]: per statistics month, the returns due,
/// received (on time, late, time unknown), missing, and the two rates, in
/// the reader's language; then the total over every month.
#[must_use]
pub fn completeness_table(c: &Completeness, lang: Lang) -> Table {
    table_of(&by_month(c), &c.total, lang)
}

/// The table of rows by month and their total.
fn table_of(months: &[CompletenessRow], total: &CompletenessRow, lang: Lang) -> Table {
    let zh = lang == Lang::Zh;
    let heads: [&str; 9] = if zh {
        [
            "统计月",
            "应报",
            "已报",
            "按时",
            "迟报",
            "时间不详",
            "未报",
            "报送率",
            "及时率",
        ]
    } else {
        [
            "month",
            "due",
            "received",
            "on time",
            "late",
            "time unknown",
            "missing",
            "completeness",
            "timeliness",
        ]
    };
    let mut table = Table::new("completeness", Vec::new());
    for (i, h) in heads.iter().enumerate() {
        table = table.column(*h, if i == 0 { Align::Left } else { Align::Right });
    }
    let count = |n: u64| Cell::valued(locale::group(i128::from(n)), &n);
    // The library's rates are to one decimal: shown as they are.
    let rate = |x: Option<Decimal>| match x {
        Some(p) => Cell::valued(format!("{p}%"), &p),
        None => Cell::text(""),
    };
    let total_cell = Cell::text(if zh { "合计" } else { "total" });
    for r in months.iter().chain([total]) {
        let month = r.month.map_or_else(
            || total_cell.clone(),
            |m| Cell::valued(locale::month(m, lang), &m),
        );
        table.push(vec![
            month,
            count(r.due),
            count(r.received),
            count(r.on_time),
            count(r.late),
            count(r.unknown_time),
            count(r.missing).alert(r.missing > 0),
            rate(r.completeness()),
            rate(r.timeliness()),
        ]);
    }
    table
}
