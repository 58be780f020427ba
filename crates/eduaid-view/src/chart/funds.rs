//! Money per statistics year, stacked by funding source or by the targeting
//! category (the breakdown of the targeted money measure).

use std::collections::BTreeMap;

use eduaid::{Code, Dim, Key, Lang, Report};

use super::bars::Bars;
use super::{Chart, Money, axis_number};
use crate::Error;
use crate::locale::{self, Names};
use crate::table::{Align, Cell, Table};

/// Money per year and per key of one column, in fen, keys in first-seen order
/// per `order`.
struct Split {
    years: Vec<i32>,
    /// (key, its display name), in display order.
    keys: Vec<(Key, String)>,
    /// (year, key) -> fen.
    fen: BTreeMap<(i32, Key), i128>,
}

impl Split {
    /// Totals of money rows of a report grouped by year and `dim`.
    fn of(r: &Report, dim: Dim) -> BTreeMap<(i32, Key), i128> {
        let col = r.column(dim).expect("grouped by the split column");
        let mut fen = BTreeMap::new();
        for row in r.rows().filter(|r| r.value().unit().is_money()) {
            let Key::Year(y) = *row.key(0) else {
                unreachable!("year is the first column")
            };
            *fen.entry((y, row.key(col).clone())).or_insert(0) += row.value().base_units();
        }
        fen
    }

    /// Orders the keys: `order` first (those with money), then the others
    /// as they sort.
    fn new(fen: BTreeMap<(i32, Key), i128>, order: &[Key], name: impl Fn(&Key) -> String) -> Split {
        let mut years: Vec<i32> = fen.keys().map(|(y, _)| *y).collect();
        years.dedup();
        let present = |k: &Key| fen.keys().any(|(_, x)| x == k);
        let mut keys: Vec<Key> = order.iter().filter(|k| present(k)).cloned().collect();
        for (_, k) in fen.keys() {
            if !keys.contains(k) {
                keys.push(k.clone());
            }
        }
        let keys = keys
            .into_iter()
            .map(|k| {
                let n = name(&k);
                (k, n)
            })
            .collect();
        Split { years, keys, fen }
    }

    fn get(&self, year: i32, key: &Key) -> i128 {
        self.fen.get(&(year, key.clone())).copied().unwrap_or(0)
    }

    /// The stacked bar chart and its table: one row per year, one column
    /// per key, then the total; 万元 in Chinese, yuan in English.
    fn chart(&self, id: &str, title: String, lang: Lang) -> Result<Chart, Error> {
        let largest = self
            .years
            .iter()
            .map(|y| self.keys.iter().map(|(k, _)| self.get(*y, k)).sum::<i128>())
            .sum::<i128>();
        let money = Money::for_max(lang, largest);
        let (unit_axis, scale) = money.axis();
        let unit_table = money.header();
        let total_header = match lang {
            Lang::Zh => "合计",
            Lang::En => "total",
        };
        let zh = lang == Lang::Zh;
        // A row per series and a column per year keeps the table narrow
        // enough for A4 (a programme runs a few years, its sources and
        // categories are named at length); the last row is the bars' height.
        let mut table = Table::new(id, Vec::new()).column("", Align::Left);
        for y in &self.years {
            table = table.column(
                format!("{}{unit_table}", locale::year(*y, lang)),
                Align::Right,
            );
        }
        table = table.column(format!("{total_header}{unit_table}"), Align::Right);
        for (k, name) in &self.keys {
            let mut row = vec![Cell::valued(name.clone(), &k)];
            let values: Vec<i128> = self.years.iter().map(|y| self.get(*y, k)).collect();
            row.extend(values.iter().map(|v| money.cell(*v)));
            row.push(money.cell(values.iter().sum()));
            table.push(row);
        }
        let sums: Vec<i128> = self
            .years
            .iter()
            .map(|y| self.keys.iter().map(|(k, _)| self.get(*y, k)).sum())
            .collect();
        let mut row = vec![Cell::text(if zh { "合计" } else { "total" })];
        row.extend(sums.iter().map(|v| money.cell(*v)));
        row.push(money.cell(sums.iter().sum()));
        table.push(row);
        #[allow(clippy::cast_precision_loss)] // a bar's height, not a figure
        let stacks = self
            .keys
            .iter()
            .map(|(k, name)| {
                let values = self
                    .years
                    .iter()
                    .map(|y| self.get(*y, k) as f64 / scale)
                    .collect();
                (name.clone(), values)
            })
            .collect();
        let svg = Bars {
            id: id.to_owned(),
            title: title.clone(),
            categories: self.years.iter().map(|y| locale::year(*y, lang)).collect(),
            stacks,
            line: None,
            threshold: None,
            marker: None,
            alert: Vec::new(),
            alert_label: String::new(),
            unit: unit_axis.to_owned(),
            y_max: None,
            y_fmt: axis_number,
            x_caption: None,
        }
        .draw()?;
        Ok(Chart {
            title,
            svg,
            table,
            note: None,
        })
    }
}

/// Money of every money measure per statistics year, stacked by funding
/// source (programme order, then entries without a source), from a report
/// by [`Dim::Year`] and [`Dim::Source`] (of the entries up to the date
/// shown).
///
/// # Errors
///
/// [`Error::Draw`] if the chart cannot be drawn.
///
/// # Panics
///
/// If `by_source` is grouped otherwise.
pub fn funds_by_source(by_source: &Report, names: &Names) -> Result<Chart, Error> {
    let fen = Split::of(by_source, Dim::Source);
    let mut order: Vec<Key> = names
        .programme()
        .sources()
        .iter()
        .map(|s| Key::Code(s.code().clone()))
        .collect();
    order.push(Key::None);
    let split = Split::new(fen, &order, |k| match k {
        Key::Code(c) => names.source(Some(c.as_str())),
        _ => names.source(None),
    });
    let title = match names.lang() {
        Lang::Zh => "各年度资金投入（按资金来源）".to_owned(),
        Lang::En => "Funds per year, by source".to_owned(),
    };
    split.chart("funds-by-source", title, names.lang())
}

/// The money measure `measure` per statistics year, stacked by its
/// breakdown values (the targeting categories, in the measure's order, then
/// entries without one), from a report of `measure` by [`Dim::Year`] and
/// [`Dim::Breakdown`] (of the entries up to the date shown).
///
/// # Errors
///
/// [`Error::Draw`] if the chart cannot be drawn.
///
/// # Panics
///
/// If `by_breakdown` is grouped otherwise.
pub fn funds_by_category(
    by_breakdown: &Report,
    measure: &Code,
    names: &Names,
) -> Result<Chart, Error> {
    let fen = Split::of(by_breakdown, Dim::Breakdown);
    let mut order: Vec<Key> = names
        .programme()
        .measure(measure.as_str())
        .map(|m| m.breakdowns().iter().cloned().map(Key::Code).collect())
        .unwrap_or_default();
    order.push(Key::None);
    let lang = names.lang();
    let split = Split::new(fen, &order, |k| match (k, lang) {
        (Key::Code(c), _) => names.breakdown(c.as_str()),
        (_, Lang::Zh) => "未分类".to_owned(),
        (_, Lang::En) => "no category".to_owned(),
    });
    let m = names.measure(measure.as_str());
    let title = match lang {
        Lang::Zh => format!("各年度{m}（按精准使用分类）"),
        Lang::En => locale::capitalized(&format!("{m} per year, by targeting category")),
    };
    split.chart("funds-by-category", title, lang)
}
