//! The numbers beside each chart, read back from the HTML page, against the
//! library's own results (report, compliance, progress, registry facts); and
//! the page is self-contained in both languages.

use std::collections::BTreeMap;
use std::sync::Arc;

use eduaid::{
    ComplianceOptions, Dim, GenerateOptions, Key, Lang, Ledger, Programme, Query, ReadOptions,
    Stage, StatMonth, Summary, SummaryOptions, SummarySeries, Total, Unit, completeness,
    compliance, dataset, generate_programme, progress, registry_facts, report, write_ledger_csv,
};
use eduaid_view::chart::planned_pace;
use eduaid_view::summary_page;

/// The cells of one table of a page: per row, each cell's `data-value` (or
/// `None` for a cell without one) and its text.
type Rows = Vec<Vec<(Option<String>, String)>>;

/// Undoes the page's escaping.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Reads the table `id` of an HTML page: its headers and rows.
fn table(html: &str, id: &str) -> (Vec<String>, Rows) {
    let open = format!("<table data-table=\"{id}\">");
    let start = html.find(&open).unwrap_or_else(|| panic!("no table {id}"));
    let body = &html[start..];
    let body = &body[..body.find("</table>").expect("a closed table")];
    let headers = body
        .split("</th>")
        .filter(|th| th.contains("<th"))
        .map(|th| unescape(&th[th.rfind('>').expect("a tag") + 1..]))
        .collect();
    let rows = body
        .split("<tr>")
        .skip(2)
        .map(|tr| {
            tr.split("<td")
                .skip(1)
                .map(|td| {
                    let tag = &td[..td.find('>').expect("a tag")];
                    let value = tag.find("data-value=\"").map(|i| {
                        let v = &tag[i + 12..];
                        unescape(&v[..v.find('"').expect("a quoted value")])
                    });
                    let text = &td[td.find('>').expect("a tag") + 1..];
                    (
                        value,
                        unescape(&text[..text.find("</td>").expect("a closed cell")]),
                    )
                })
                .collect()
        })
        .collect();
    (headers, rows)
}

/// The `data-value`s of a table's rows.
fn values(rows: &Rows) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|(v, _)| v.clone().unwrap_or_default())
                .collect()
        })
        .collect()
}

fn page(ledger: &Ledger, as_of: chrono::NaiveDate, lang: Lang) -> String {
    let options = SummaryOptions::default();
    let s = Summary::build(ledger, as_of, &options).expect("a summary");
    let series = SummarySeries::build(ledger, as_of, &options).expect("the series");
    summary_page(ledger.programme(), &s, &series, lang).expect("a page")
}

fn money(fen: i128) -> String {
    Total::new(fen, Unit::Yuan).to_string()
}

#[test]
fn funds_by_source_are_the_reports_money_by_year_and_source() {
    let ledger = dataset::ledger();
    let as_of = dataset::as_of();
    let html = page(&ledger, as_of, Lang::Zh);
    let (headers, rows) = table(&html, "funds-by-source");

    let r = report(
        &ledger,
        &Query::by(&[Dim::Year, Dim::Source]).unwrap().to(as_of),
    )
    .unwrap();
    let mut want: BTreeMap<i32, BTreeMap<String, i128>> = BTreeMap::new();
    for row in r.rows().filter(|r| r.value().unit().is_money()) {
        let Key::Year(y) = *row.key(0) else { panic!() };
        *want
            .entry(y)
            .or_default()
            .entry(row.key(1).to_string())
            .or_default() += row.value().base_units();
    }
    // Rows: the programme's sources that have money, in its order, then
    // the total; columns: the years, then the total.
    let programme = ledger.programme();
    let sources: Vec<String> = programme
        .sources()
        .iter()
        .map(|s| s.code().to_string())
        .filter(|c| want.values().any(|m| m.contains_key(c)))
        .collect();
    assert!(sources.len() >= 2, "the dataset has several sources");
    let years: Vec<i32> = want.keys().copied().collect();
    let year_headers: Vec<String> = years.iter().map(|y| format!("{y}年（万元）")).collect();
    assert_eq!(headers[1..=years.len()], year_headers[..]);
    let mut expected: Vec<Vec<String>> = sources
        .iter()
        .map(|c| {
            let v: Vec<i128> = years
                .iter()
                .map(|y| want[y].get(c).copied().unwrap_or(0))
                .collect();
            let mut row = vec![c.clone()];
            row.extend(v.iter().map(|f| money(*f)));
            row.push(money(v.iter().sum()));
            row
        })
        .collect();
    let per_year: Vec<i128> = years.iter().map(|y| want[y].values().sum()).collect();
    let mut total = vec![String::new()];
    total.extend(per_year.iter().map(|f| money(*f)));
    total.push(money(per_year.iter().sum()));
    expected.push(total);
    assert_eq!(values(&rows), expected);
    for (row, c) in rows.iter().zip(&sources) {
        assert_eq!(row[0].1, programme.source(c).unwrap().name().zh());
    }
    // The display text is the 万元 form of the same value.
    let grand = rows.last().unwrap().last().unwrap();
    assert_eq!(
        grand.1,
        eduaid_view::locale::wan_yuan(per_year.iter().sum())
    );
    // The summary's total of funds is the same money.
    let s = Summary::build(&ledger, as_of, &SummaryOptions::default()).unwrap();
    assert_eq!(
        s.figure("funds/total").unwrap().value().to_string(),
        *grand.0.as_ref().unwrap()
    );
}

#[test]
fn funds_by_category_are_the_reports_funds_by_year_and_breakdown() {
    let ledger = dataset::ledger();
    let as_of = dataset::as_of();
    let html = page(&ledger, as_of, Lang::En);
    let (headers, rows) = table(&html, "funds-by-category");
    let q = Query::by(&[Dim::Year, Dim::Breakdown])
        .unwrap()
        .measure(eduaid::Code::new("funds").unwrap())
        .to(as_of);
    let r = report(&ledger, &q).unwrap();
    let funds = ledger.programme().measure("funds").unwrap();
    let cats: Vec<String> = funds
        .breakdowns()
        .iter()
        .map(ToString::to_string)
        .filter(|b| r.total(&[(Dim::Breakdown, b)]).is_some())
        .collect();
    let years: Vec<i32> = r
        .rows()
        .map(|row| match row.key(0) {
            Key::Year(y) => *y,
            _ => panic!(),
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(headers.len(), years.len() + 2, "{headers:?}");
    assert_eq!(headers[1], format!("{} (yuan)", years[0]));
    let cell = |y: &i32, b: Option<&str>| {
        let ys = y.to_string();
        let mut f = vec![(Dim::Year, ys.as_str())];
        f.extend(b.map(|b| (Dim::Breakdown, b)));
        r.total(&f).map_or(0, Total::base_units)
    };
    let mut expected: Vec<Vec<String>> = cats
        .iter()
        .map(|b| {
            let mut row = vec![b.clone()];
            row.extend(years.iter().map(|y| money(cell(y, Some(b)))));
            row.push(money(years.iter().map(|y| cell(y, Some(b))).sum()));
            row
        })
        .collect();
    let mut total = vec![String::new()];
    total.extend(years.iter().map(|y| money(cell(y, None))));
    total.push(money(years.iter().map(|y| cell(y, None)).sum()));
    expected.push(total);
    assert_eq!(values(&rows), expected);
    assert_eq!(rows[0][0].1, "poor villages");
}

#[test]
fn targeting_shares_are_the_compliance_check() {
    let ledger = dataset::ledger();
    let html = page(&ledger, dataset::as_of(), Lang::Zh);
    let (_, rows) = table(&html, "targeting");
    let c = compliance(&ledger, &ComplianceOptions::default()).unwrap();
    let expected: Vec<Vec<String>> = c
        .rows
        .iter()
        .map(|r| {
            vec![
                r.year.to_string(),
                r.targeted.to_string(),
                r.total.to_string(),
                r.share.to_string(),
                r.passes.to_string(),
            ]
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(values(&rows), expected);
    for (row, r) in rows.iter().zip(&c.rows) {
        assert_eq!(
            row[3].1,
            format!("{:.2}%", r.share * eduaid::Decimal::ONE_HUNDRED)
        );
        assert_eq!(row[4].1, if r.passes { "达标" } else { "未达标" });
    }
}

/// The 2019 dataset declares monthly returns: the summary shows their
/// completeness and timeliness by month, the library's counts and rates.
#[test]
fn returns_by_month_are_the_completeness_check() {
    let ledger = dataset::ledger();
    let c = completeness(&ledger, dataset::as_of(), None);
    let row = |month: String, r: &eduaid::CompletenessRow| {
        let rate = |x: Option<eduaid::Decimal>| x.map_or_else(String::new, |p| p.to_string());
        let mut v = vec![month];
        v.extend(
            [
                r.due,
                r.received,
                r.on_time,
                r.late,
                r.unknown_time,
                r.missing,
            ]
            .map(|n| n.to_string()),
        );
        v.extend([rate(r.completeness()), rate(r.timeliness())]);
        v
    };
    let mut expected: Vec<Vec<String>> = c
        .rows
        .iter()
        .map(|r| row(r.month.expect("by month").to_string(), r))
        .collect();
    expected.push(row(String::new(), &c.total));
    assert!(
        expected.len() > 2 && c.total.due > 0,
        "the dataset has duties"
    );
    for lang in [Lang::Zh, Lang::En] {
        let html = page(&ledger, dataset::as_of(), lang);
        assert!(html.contains("<figure id=\"completeness\">"));
        let (headers, rows) = table(&html, "completeness");
        assert_eq!(headers.len(), 9);
        assert_eq!(values(&rows), expected, "{lang:?}");
    }
}

#[test]
fn a_failing_year_is_marked_in_the_table_and_the_chart() {
    let csv = "id,date,project,area,measure,breakdown,value\n\
               a,2019-03-01,pupil-health,fuping,funds,poor-pupil,80\n\
               b,2019-03-02,pupil-health,fuping,funds,general,20\n\
               c,2020-03-02,pupil-health,fuping,funds,general,20.01\n\
               d,2020-03-03,pupil-health,fuping,funds,poor-household,79.99\n";
    let ledger = Ledger::read_csv(Arc::new(Programme::canonical()), csv.as_bytes(), "l.csv")
        .unwrap()
        .accept_valid_rows();
    let c = compliance(&ledger, &ComplianceOptions::default()).unwrap();
    let chart = eduaid_view::chart::targeting(&c, Lang::En).unwrap();
    assert_eq!(chart.table.rows[0][4].text, "passes");
    assert!(!chart.table.rows[0][4].alert);
    assert_eq!(chart.table.rows[1][4].text, "fails");
    assert!(chart.table.rows[1][4].alert);
    // In the alert colour: the threshold's legend swatch and one bar, the
    // failing year's label above it.
    let alert_rects = chart
        .svg
        .lines()
        .filter(|l| l.starts_with("<rect") && l.contains("fill=\"#B00020\""))
        .count();
    assert_eq!(alert_rects, 2, "{}", chart.svg);
    assert!(
        chart.svg.contains("fill=\"#B00020\">\nfails\n</text>"),
        "{}",
        chart.svg
    );
    assert_eq!(chart.note.as_deref(), Some("1 year(s) fail (in red)."));
}

#[test]
fn stage_coverage_is_the_registry_facts() {
    let ledger = dataset::ledger();
    let as_of = dataset::as_of();
    let html = page(&ledger, as_of, Lang::Zh);
    let (headers, rows) = table(&html, "coverage");
    assert_eq!(
        headers[1..],
        ["学前", "小学", "初中", "高中", "职业教育", "特殊教育"]
    );
    let facts = registry_facts(ledger.programme(), as_of);
    let expected: Vec<Vec<String>> = facts
        .coverage
        .iter()
        .map(|c| {
            let mut row = vec![c.area.to_string()];
            row.extend(Stage::ALL.iter().map(|s| c.stages.contains(*s).to_string()));
            row
        })
        .collect();
    assert!(expected.len() >= 8, "the eight poor counties at least");
    assert_eq!(values(&rows), expected);
    for (row, c) in rows.iter().zip(&facts.coverage) {
        let name = ledger
            .programme()
            .area(c.area.as_str())
            .unwrap()
            .name()
            .zh();
        assert_eq!(row[0].1, name);
        assert!(row[1..].iter().all(|(_, t)| t == "是" || t == "否"));
    }
}

#[test]
fn plan_charts_are_the_progress_of_each_month() {
    let ledger = dataset::ledger();
    let as_of = dataset::as_of();
    let html = page(&ledger, as_of, Lang::En);
    let now = progress(&ledger, as_of).unwrap();
    assert!(now.targets.len() >= 5);
    let cal = ledger.programme().calendar();
    for (i, t) in now.targets.iter().enumerate() {
        let (_, rows) = table(&html, &format!("plan-{}", i + 1));
        assert_eq!(rows.len(), 12);
        let year = t.target.year();
        for (m, row) in (1..=12).zip(&rows) {
            let month = StatMonth::new(year, m).unwrap();
            assert_eq!(row[0].0.as_deref(), Some(month.to_string().as_str()));
            let pace = planned_pace(t.planned.base_units(), m);
            assert_eq!(
                row[1].0.as_deref(),
                Some(Total::new(pace, t.planned.unit()).to_string().as_str())
            );
            let (start, end) = cal.range(month);
            let actual = (start <= as_of).then(|| {
                progress(&ledger, end.min(as_of)).unwrap().targets[i]
                    .actual
                    .to_string()
            });
            assert_eq!(row[2].0, actual, "target {i}, month {m}");
        }
        // The as-of month ends the line at the plan command's actual.
        let last = rows.iter().rev().find_map(|r| r[2].0.clone());
        assert_eq!(last, Some(t.actual.to_string()));
        // December's pace is the whole target.
        assert_eq!(rows[11][1].0, Some(t.planned.to_string()));
    }
}

#[test]
fn pages_are_self_contained_and_carry_the_same_numbers_in_both_languages() {
    let ledger = dataset::ledger();
    let (as_of, options) = (dataset::as_of(), dataset::summary_options());
    let s = Summary::build(&ledger, as_of, &options).unwrap();
    let series = SummarySeries::build(&ledger, as_of, &options).unwrap();
    let zh = summary_page(ledger.programme(), &s, &series, Lang::Zh).unwrap();
    let en = summary_page(ledger.programme(), &s, &series, Lang::En).unwrap();
    for html in [&zh, &en] {
        let lower = html.to_lowercase();
        for banned in [
            "<script", "<link", "@import", "url(", "<img", "<iframe", "https:",
        ] {
            assert!(!lower.contains(banned), "{banned} in the page");
        }
        // The only address is the SVG namespace, which is never fetched.
        assert_eq!(
            lower.matches("http:").count(),
            lower
                .matches("xmlns=\"http://www.w3.org/2000/svg\"")
                .count()
        );
        assert!(html.matches("<svg").count() >= 4 + s.projects.len().min(1));
    }
    assert!(zh.contains("<html lang=\"zh-CN\">") && en.contains("<html lang=\"en\">"));
    assert!(zh.contains("各年度资金投入（按资金来源）"));
    assert!(en.contains("Funds per year, by source"));
    assert!(zh.contains("近30次"), "the summary's approximations");
    for id in [
        "funds-by-source",
        "funds-by-category",
        "targeting",
        "coverage",
        "plan-1",
    ] {
        assert_eq!(values(&table(&zh, id).1), values(&table(&en, id).1), "{id}");
        assert_ne!(
            table(&zh, id).0,
            table(&en, id).0,
            "{id} headers translated"
        );
    }
}

/// The bars of a figure's SVG (rectangles of the series' or the alert
/// colour, wider than a legend swatch): their heights in pixels, left to
/// right.
fn bar_heights(html: &str, id: &str) -> Vec<f64> {
    let start = html
        .find(&format!("<figure id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no figure {id}"));
    let svg = &html[start..start + html[start..].find("</svg>").expect("an svg")];
    let attr = |line: &str, name: &str| -> f64 {
        let key = format!(" {name}=\"");
        let v = &line[line.find(&key).expect("the attribute") + key.len()..];
        v[..v.find('"').expect("quoted")].parse().expect("a number")
    };
    let mut bars: Vec<(f64, f64)> = svg
        .lines()
        .filter(|l| l.starts_with("<rect") && (l.contains("#2B5797") || l.contains("#B00020")))
        .filter(|l| attr(l, "width") > 10.0)
        .map(|l| (attr(l, "x"), attr(l, "height")))
        .collect();
    bars.sort_by(|a, b| a.0.total_cmp(&b.0));
    bars.into_iter().map(|(_, h)| h).collect()
}

#[test]
fn the_bars_drawn_are_the_numbers_in_the_table() {
    let ledger = dataset::ledger();
    let html = page(&ledger, dataset::as_of(), Lang::Zh);
    // Targeting: one bar a year, its height the share (the axis runs 0 to
    // 100%), to the pixel.
    let c = compliance(&ledger, &ComplianceOptions::default()).unwrap();
    let heights = bar_heights(&html, "targeting");
    assert_eq!(heights.len(), c.rows.len());
    let full = heights[0] / c.rows[0].share.to_string().parse::<f64>().unwrap();
    for (h, r) in heights.iter().zip(&c.rows) {
        let share: f64 = r.share.to_string().parse().unwrap();
        assert!((h - share * full).abs() <= 1.0, "{h} vs {share}");
    }
    // Plan: twelve bars, the planned pace of each month.
    let t = &progress(&ledger, dataset::as_of()).unwrap().targets[0];
    let heights = bar_heights(&html, "plan-1");
    assert_eq!(heights.len(), 12);
    #[allow(clippy::cast_precision_loss)]
    let pace = |m: u32| planned_pace(t.planned.base_units(), m) as f64;
    let full = heights[11] / pace(12);
    for (m, h) in (1..=12).zip(&heights) {
        assert!((h - pace(m) * full).abs() <= 1.0, "month {m}: {h}");
    }
}

/// The page of a ledger read as a stream, and of it loaded, in both
/// languages, as of `as_of` (the latest entry's date without it).
fn same_page_both_ways(
    p: &Arc<Programme>,
    csv: &[u8],
    as_of: Option<chrono::NaiveDate>,
    options: &SummaryOptions,
) {
    let read = ReadOptions::default();
    let streamed =
        Summary::read_csv_with(Arc::clone(p), csv, "l.csv", as_of, options, &read, true).unwrap();
    assert!(streamed.is_valid());
    let (s, series) = streamed.report.expect("entries");
    let series = series.expect("asked for");
    let ledger = Ledger::read_csv(Arc::clone(p), csv, "l.csv")
        .unwrap()
        .into_ledger()
        .unwrap();
    let as_of = as_of
        .or_else(|| ledger.iter().map(|e| e.date()).max())
        .unwrap();
    let loaded = Summary::build(&ledger, as_of, options).unwrap();
    let loaded_series = SummarySeries::build(&ledger, as_of, options).unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let a = summary_page(p, &s, &series, lang).unwrap();
        let b = summary_page(p, &loaded, &loaded_series, lang).unwrap();
        assert!(a == b, "the pages differ ({lang:?}, as of {as_of})");
    }
}

#[test]
fn a_page_read_as_a_stream_is_the_page_of_the_loaded_ledger() {
    let ledger = dataset::ledger();
    let mut csv = Vec::new();
    ledger.write_csv(&mut csv).unwrap();
    let options = dataset::summary_options();
    for as_of in [
        Some(dataset::as_of()),
        Some(chrono::NaiveDate::from_ymd_opt(2019, 3, 31).unwrap()),
        None,
    ] {
        same_page_both_ways(ledger.programme(), &csv, as_of, &options);
    }
    // A generated programme, with stocks, corrections and reporting duties.
    let opts = GenerateOptions::new(20_000, 7);
    let p = Arc::new(generate_programme(&opts).unwrap());
    let mut csv = Vec::new();
    write_ledger_csv(&p, &opts, &mut csv).unwrap();
    same_page_both_ways(&p, &csv, None, &SummaryOptions::default());
}
