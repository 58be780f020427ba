//! The summary as an HTML page: the sections of the text summary, with the
//! charts of plan versus actual, funds, targeting, stage coverage and the
//! completeness of the monthly returns, each with its numbers beside it.

use std::fmt::Write as _;

use eduaid::{Figure, Lang, Programme, Summary, SummarySeries};

use crate::Error;
use crate::chart::{self, Chart};
use crate::locale::Names;
use crate::page::Page;

/// Section numbers: 一、二、… in Chinese, 1. 2. … in English.
fn section(i: usize, title: &str, lang: Lang) -> String {
    const ZH: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    match lang {
        Lang::Zh => format!(
            "{}、{title}",
            ZH.get(i - 1)
                .map_or_else(|| i.to_string(), |s| (*s).to_owned())
        ),
        Lang::En => format!("{i}. {title}"),
    }
}

/// `label：value` or `label: value`.
fn line(label: &str, value: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{label}：{value}"),
        Lang::En => format!("{label}: {value}"),
    }
}

/// Figures as list lines: a measure's total, its breakdown parts after it.
fn figure_lines(figures: &[Figure], lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < figures.len() {
        let total = &figures[i];
        let prefix = format!("{}/", total.key());
        let parts: Vec<String> = figures[i + 1..]
            .iter()
            .take_while(|f| f.key().starts_with(&prefix))
            .map(|f| match lang {
                Lang::Zh => format!("{}{}", f.label().zh(), f.render(lang)),
                Lang::En => format!("{} {}", f.label().en(), f.render(lang)),
            })
            .collect();
        let mut s = line(total.label().get(lang), &total.render(lang), lang);
        if !parts.is_empty() {
            let _ = match lang {
                Lang::Zh => write!(s, "（其中{}）", parts.join("，")),
                Lang::En => write!(s, " ({})", parts.join(", ")),
            };
        }
        out.push(s);
        i += 1 + parts.len();
    }
    out
}

/// The charts of a summary: plan versus actual (one per target), funds by
/// source and by targeting category, the targeting share, stage coverage,
/// and the completeness of the monthly returns; drawn from the summary and
/// its series (of a loaded ledger, [`SummarySeries::build`]; of one read as
/// a stream, [`Summary::read_csv_with`]).
///
/// # Errors
///
/// As the charts' functions.
pub fn summary_charts(
    programme: &Programme,
    s: &Summary,
    series: &SummarySeries,
    lang: Lang,
) -> Result<SummaryCharts, Error> {
    let names = Names::new(programme, lang).learn(s);
    Ok(SummaryCharts {
        coverage: chart::coverage(programme, s.as_of, &names)?,
        plan: chart::plan(&series.plan, &names)?,
        funds_by_source: chart::funds_by_source(&series.by_source, &names)?,
        funds_by_category: (series.targeted.as_ref())
            .map(|(m, r)| chart::funds_by_category(r, m, &names))
            .transpose()?,
        targeting: (!s.targeting.is_empty())
            .then(|| chart::targeting_of_summary(s, lang))
            .transpose()?,
        completeness: (series.returns.as_ref())
            .map(|c| chart::completeness(c, lang))
            .transpose()?,
    })
}

/// The charts of a summary page.
#[derive(Clone, Debug)]
pub struct SummaryCharts {
    /// Stage coverage per county.
    pub coverage: Chart,
    /// Plan versus actual, one chart per target.
    pub plan: Vec<Chart>,
    /// Funds per year by source.
    pub funds_by_source: Chart,
    /// The targeted money measure per year by category, when the programme
    /// has it.
    pub funds_by_category: Option<Chart>,
    /// The targeting share per year, when the summary checks it.
    pub targeting: Option<Chart>,
    /// Completeness and timeliness of the monthly returns by statistics
    /// month, when the programme declares reporting duties.
    pub completeness: Option<Chart>,
}

/// The summary `s` of a ledger of `programme`, with the series its charts
/// draw, as a self-contained HTML page in `lang`.
///
/// ```
/// use eduaid::{Lang, Summary, SummarySeries, dataset};
/// let ledger = dataset::ledger();
/// let (as_of, options) = (dataset::as_of(), dataset::summary_options());
/// let s = Summary::build(&ledger, as_of, &options)?;
/// let series = SummarySeries::build(&ledger, as_of, &options)?;
/// let html = eduaid_view::summary_page(ledger.programme(), &s, &series, Lang::Zh)?;
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(html.contains("<html lang=\"zh-CN\">"));
/// assert!(html.contains("id=\"targeting\""));
/// # Ok::<(), eduaid_view::Error>(())
/// ```
///
/// # Errors
///
/// As [`summary_charts`].
pub fn summary_page(
    programme: &Programme,
    s: &Summary,
    series: &SummarySeries,
    lang: Lang,
) -> Result<String, Error> {
    let charts = summary_charts(programme, s, series, lang)?;
    let zh = lang == Lang::Zh;
    let title = if zh {
        format!("{}概况", s.programme.zh())
    } else {
        format!("{}: summary", s.programme.en())
    };
    let mut page = Page::new(&title, lang);
    page.meta(&if zh {
        format!("截至{}", s.as_of.format("%Y年%-m月%-d日"))
    } else {
        format!("as of {}", s.as_of)
    });
    let mut n = 0;
    let mut next = |t: &str| {
        n += 1;
        section(n, t, lang)
    };

    page.heading(2, &next(s.framework.name().get(lang)));
    let tiers: Vec<String> = s
        .framework
        .tiers()
        .iter()
        .map(|t| {
            let items: Vec<&str> = t.items().iter().map(|i| i.text().get(lang)).collect();
            match lang {
                Lang::Zh => format!(
                    "{}（{}项）：{}",
                    t.name().zh(),
                    items.len(),
                    items.join("；")
                ),
                Lang::En => format!("{} ({}): {}", t.name().en(), items.len(), items.join("; ")),
            }
        })
        .collect();
    page.list(&tiers);

    page.heading(
        2,
        &next(if zh {
            "结对帮扶与学段覆盖"
        } else {
            "Pairings and stage coverage"
        }),
    );
    let p = &s.pairings;
    let mut pairing_lines: Vec<String> = [
        &p.supporting_schools,
        &p.supported_schools,
        &p.joint_schools,
    ]
    .into_iter()
    .chain(&p.by_kind)
    .map(|f| line(f.label().get(lang), &f.render(lang), lang))
    .collect();
    pairing_lines.dedup();
    page.list(&pairing_lines);
    // A programme without supported counties in its registry has no grid.
    if !charts.coverage.table.rows.is_empty() {
        page.chart(&charts.coverage);
    }

    page.heading(
        2,
        &next(if zh {
            "各项工程与工作"
        } else {
            "Projects and lines of work"
        }),
    );
    for pr in &s.projects {
        page.heading(
            3,
            &if zh {
                format!("{}（责任单位：{}）", pr.name.zh(), pr.owner)
            } else {
                format!("{} (owner: {})", pr.name.en(), pr.owner)
            },
        );
        let lines = figure_lines(&pr.figures, lang);
        if lines.is_empty() {
            page.note(if zh {
                "暂无记录。"
            } else {
                "No entries yet."
            });
        } else {
            page.list(&lines);
        }
    }

    if !charts.plan.is_empty() {
        page.heading(
            2,
            &next(if zh {
                "计划与实际（按统计月）"
            } else {
                "Plan and actual by statistics month"
            }),
        );
        page.note(if zh {
            "柱：全年目标按月均摊的累计计划进度；折线：本统计年度累计实际；浅色背景：截至日期所在统计月。"
        } else {
            "Bars: the year's target spread evenly over its months, cumulated; line: the actual of the statistics year to date; shaded: the month of the as-of date."
        });
        for c in &charts.plan {
            page.chart(c);
        }
    }

    page.heading(2, &next(if zh { "资金投入" } else { "Funds" }));
    let fund_lines: Vec<String> = s
        .funds
        .iter()
        .map(|f| line(f.label().get(lang), &f.render(lang), lang))
        .collect();
    page.list(&fund_lines);
    // A ledger without money has nothing to stack (the table holds only its
    // total row).
    for c in std::iter::once(&charts.funds_by_source).chain(&charts.funds_by_category) {
        if c.table.rows.len() > 1 {
            page.chart(c);
        }
    }

    if let Some(c) = &charts.targeting {
        let names: Vec<&str> = s.targeted.iter().map(|n| n.get(lang)).collect();
        let share = crate::locale::percent_bound(s.threshold);
        page.heading(
            2,
            &next(&if zh {
                format!(
                    "精准使用（{}{share}以上用于{}）",
                    s.targeting_measure.zh(),
                    names.join("、")
                )
            } else {
                format!(
                    "Targeting: {share} or more of {} to {}",
                    s.targeting_measure.en(),
                    names.join(", ")
                )
            }),
        );
        page.chart(c);
    }

    if let Some(c) = &charts.completeness {
        page.heading(
            2,
            &next(if zh {
                "月报报送（报送率与及时率）"
            } else {
                "Monthly returns: completeness and timeliness"
            }),
        );
        page.chart(c);
    }
    Ok(page.finish())
}
