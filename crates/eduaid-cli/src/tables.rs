//! Tables in the reader's language (`--lang zh|en`): names instead of codes,
//! units named, thousands separators, money in yuan, percentages with `%`,
//! `是/否` or `yes/no`. The same tables are printed aligned or written into
//! an HTML page; CSV and JSON keep the machine forms.

use std::io::{self, Write};

use eduaid::{Compliance, Dim, Lang, Progress, Report, Total};
use eduaid_view::locale::{self, Names};
use eduaid_view::{Align, Cell, Table};

/// Prints a table aligned by display width (the cells' display text).
pub fn write<W: Write>(w: &mut W, t: &Table) -> io::Result<()> {
    let header: Vec<&str> = t.columns.iter().map(|c| c.header.as_str()).collect();
    let align: Vec<Align> = t.columns.iter().map(|c| c.align).collect();
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.text.clone()).collect())
        .collect();
    crate::render::write_table(w, &header, &align, &rows)
}

/// Picks the Chinese or the English word.
fn word(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A total with separators, and its exact value.
fn amount(t: Total) -> Cell {
    Cell::valued(locale::amount(t.base_units(), t.unit()), &t)
}

/// A report: a column per grouping dimension (names for codes), then the
/// value, its unit and the number of entries.
#[must_use]
pub fn report(r: &Report, names: &Names) -> Table {
    let lang = names.lang();
    let mut t = Table::new("report", Vec::new());
    for d in r.columns() {
        t = t.column(locale::dim_header(*d, lang), Align::Left);
    }
    t = t
        .column(word(lang, "数值", "value"), Align::Right)
        .column(word(lang, "单位", "unit"), Align::Left)
        .column(word(lang, "条目数", "entries"), Align::Right);
    for row in r.rows() {
        let mut cells: Vec<Cell> = r
            .columns()
            .iter()
            .zip(row.keys())
            .map(|(d, k)| Cell {
                text: names.key(*d, k),
                value: Some(k.to_string()),
                alert: false,
            })
            .collect();
        cells.push(amount(row.value()));
        cells.push(Cell::text(locale::unit_name(row.value().unit(), lang)));
        cells.push(Cell::valued(
            locale::group(i128::from(row.entries())),
            &row.entries(),
        ));
        t.push(cells);
    }
    t
}

/// The compliance check: per year (and area), money in yuan, the share in
/// percent, the result in words.
#[must_use]
pub fn compliance(c: &Compliance, by_area: bool, names: &Names) -> Table {
    let lang = names.lang();
    let mut t = Table::new("compliance", Vec::new())
        .column(locale::dim_header(Dim::Year, lang), Align::Left);
    if by_area {
        t = t.column(locale::dim_header(Dim::Area, lang), Align::Left);
    }
    t = t
        .column(
            word(lang, "精准资金（元）", "targeted (yuan)"),
            Align::Right,
        )
        .column(word(lang, "资金合计（元）", "total (yuan)"), Align::Right)
        .column(word(lang, "占比", "share"), Align::Right)
        .column(word(lang, "结果", "result"), Align::Left)
        .column(word(lang, "差额（元）", "shortfall (yuan)"), Align::Right);
    for r in &c.rows {
        let mut cells = vec![Cell::valued(locale::year(r.year, lang), &r.year)];
        if by_area {
            let code = r.area.as_ref().map(ToString::to_string).unwrap_or_default();
            cells.push(Cell::valued(names.area(&code), &code));
        }
        cells.extend([
            amount(r.targeted),
            amount(r.total),
            Cell::valued(locale::percent(r.share), &r.share),
            Cell::valued(locale::pass_fail(r.passes, lang), &r.passes).alert(!r.passes),
            amount(r.shortfall),
        ]);
        t.push(cells);
    }
    t
}

/// The verdict under the compliance table.
#[must_use]
pub fn compliance_verdict(c: &Compliance, lang: Lang) -> String {
    let failed = c.failures().count();
    let threshold = locale::percent(c.threshold);
    match (lang, failed) {
        (Lang::Zh, 0) => format!("达标线{threshold}：全部达标"),
        (Lang::Zh, n) => format!("达标线{threshold}：{}项中{n}项未达标", c.rows.len()),
        (Lang::En, 0) => format!("threshold {threshold}: every year passes"),
        (Lang::En, n) => format!("threshold {threshold}: {n} of {} fail", c.rows.len()),
    }
}

/// Plan versus actual: each target with names, amounts with separators and
/// their unit, the percentage done and whether it is on pace.
#[must_use]
pub fn plan(p: &Progress, names: &Names) -> Table {
    let lang = names.lang();
    let mut t = Table::new("plan", Vec::new());
    for d in [
        Dim::Year,
        Dim::Project,
        Dim::Area,
        Dim::Measure,
        Dim::Breakdown,
    ] {
        t = t.column(locale::dim_header(d, lang), Align::Left);
    }
    t = t
        .column(word(lang, "计划", "planned"), Align::Right)
        .column(word(lang, "实际", "actual"), Align::Right)
        .column(word(lang, "尚差", "remaining"), Align::Right)
        .column(word(lang, "单位", "unit"), Align::Left)
        .column(word(lang, "完成率", "done"), Align::Right)
        .column(word(lang, "进度达标", "on pace"), Align::Left);
    for tp in &p.targets {
        // An optional code: its name, or an empty cell.
        let optional = |c: Option<&eduaid::Code>, name: &dyn Fn(&str) -> String| {
            c.map_or_else(Cell::default, |c| Cell::valued(name(c.as_str()), c))
        };
        let target = &tp.target;
        t.push(vec![
            Cell::valued(locale::year(target.year(), lang), &target.year()),
            Cell::valued(names.project(target.project().as_str()), &target.project()),
            optional(target.area(), &|c| names.area(c)),
            Cell::valued(names.measure(target.measure().as_str()), &target.measure()),
            optional(target.breakdown(), &|c| names.breakdown(c)),
            amount(tp.planned),
            amount(tp.actual),
            amount(tp.remaining),
            Cell::text(locale::unit_name(tp.planned.unit(), lang)),
            tp.percent
                .map_or_else(Cell::default, |x| Cell::valued(format!("{x:.2}%"), &x)),
            Cell::valued(locale::yes_no(tp.on_pace, lang), &tp.on_pace).alert(!tp.on_pace),
        ]);
    }
    t
}

/// The line above the plan table.
#[must_use]
pub fn plan_heading(p: &Progress, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("计划与实际（截至{}）", p.as_of.format("%Y年%-m月%-d日")),
        Lang::En => format!("plan versus actual as of {}", p.as_of),
    }
}

/// The overdue milestones, or `None` when none is overdue.
#[must_use]
pub fn overdue(p: &Progress, names: &Names) -> Option<Table> {
    if p.overdue.is_empty() {
        return None;
    }
    let lang = names.lang();
    let mut t = Table::new("overdue", Vec::new())
        .column(word(lang, "里程碑", "milestone"), Align::Left)
        .column(locale::dim_header(Dim::Project, lang), Align::Left)
        .column(word(lang, "截止日期", "due"), Align::Left)
        .column(word(lang, "责任单位", "owner"), Align::Left)
        .column(word(lang, "事项", "title"), Align::Left);
    for m in &p.overdue {
        t.push(vec![
            Cell::text(m.code().as_str()),
            Cell::valued(names.project(m.project().as_str()), &m.project()),
            Cell::valued(m.due().to_string(), &m.due()),
            Cell::text(m.owner()),
            Cell::text(m.title().get(lang)),
        ]);
    }
    Some(t)
}

/// The line above the overdue milestones (or saying there are none).
#[must_use]
pub fn overdue_heading(p: &Progress, lang: Lang) -> String {
    match (lang, p.overdue.len()) {
        (Lang::Zh, 0) => "无逾期里程碑".to_owned(),
        (Lang::Zh, n) => format!("逾期里程碑（{n}个）："),
        (Lang::En, 0) => "no milestone overdue".to_owned(),
        (Lang::En, n) => format!("overdue milestones ({n}):"),
    }
}
