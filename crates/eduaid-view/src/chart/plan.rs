//! Plan versus actual by statistics month, one chart per planned target,
//! grouped by project: the planned pace as bars (a twelfth of the year's
//! target a month, cumulated), the actual year to date as a line, the as-of
//! month marked.
//!
//! The actual of month `m` is the library's own ([`MonthlyProgress`]):
//! progress as of the month's cutoff (or the as-of date, for the month it
//! falls in), so stocks take their latest snapshot and flows their sum, as
//! the plan command does.

use chrono::NaiveDate;
use eduaid::{Lang, MonthlyProgress, StatMonth, TargetProgress, Total, Unit};

use super::bars::Bars;
use super::{Chart, Money, axis_number};
use crate::Error;
use crate::locale::{self, Names};
use crate::table::{Align, Cell, Table};

/// The planned pace after `months` of 12, in base units, rounded half away
/// from zero to the unit (whole persons, whole fen).
#[must_use]
pub fn planned_pace(planned: i128, months: u32) -> i128 {
    let n = planned * i128::from(months);
    let (q, r) = (n / 12, n % 12);
    q + i128::from(r * 2 >= 12)
}

/// One chart per target of the programme's plan, as of the date of `p`
/// ([`monthly_progress`] of a ledger, or [`MonthlyProgress::read_csv_with`]
/// of one read as a stream).
///
/// [`monthly_progress`]: eduaid::monthly_progress
///
/// # Errors
///
/// [`Error::Draw`] if a chart cannot be drawn.
pub fn plan(p: &MonthlyProgress, names: &Names) -> Result<Vec<Chart>, Error> {
    let as_of = p.progress.as_of;
    let cal = names.programme().calendar();
    let mut charts = Vec::new();
    for (i, (t, months)) in p.progress.targets.iter().zip(&p.actual).enumerate() {
        let year = t.target.year();
        let actual: Vec<Option<i128>> = months.iter().map(|a| a.map(Total::base_units)).collect();
        let marker = (cal.month_of(as_of).year() == year).then(|| cal.month_of(as_of).month());
        charts.push(chart(i, t, &actual, marker, as_of, names)?);
    }
    Ok(charts)
}

/// The chart of target `i`.
fn chart(
    i: usize,
    t: &TargetProgress,
    actual: &[Option<i128>],
    marker: Option<u32>,
    as_of: NaiveDate,
    names: &Names,
) -> Result<Chart, Error> {
    let lang = names.lang();
    let zh = lang == Lang::Zh;
    let unit = t.planned.unit();
    let mut what = names.measure(t.target.measure().as_str());
    if let Some(b) = t.target.breakdown() {
        what = if zh {
            format!("{what}（{}）", names.breakdown(b.as_str()))
        } else {
            format!("{what} ({})", names.breakdown(b.as_str()))
        };
    }
    if let Some(a) = t.target.area() {
        what = if zh {
            format!("{}{what}", names.area(a.as_str()))
        } else {
            format!("{what}, {}", names.area(a.as_str()))
        };
    }
    let project = names.project(t.target.project().as_str());
    let title = if zh {
        format!("{project}：{what}（{}年计划与实际）", t.target.year())
    } else {
        format!("{project}: {what}, plan and actual {}", t.target.year())
    };
    let planned = t.planned.base_units();
    let pace: Vec<i128> = (1..=12).map(|m| planned_pace(planned, m)).collect();
    let largest = planned.max(actual.iter().flatten().copied().max().unwrap_or(0));
    let money = Money::for_max(lang, largest);
    let (unit_suffix, axis_unit, scale) = match (unit.is_money(), lang) {
        (true, _) => (
            money.header().to_owned(),
            money.axis().0.to_owned(),
            money.axis().1,
        ),
        (false, Lang::Zh) => (
            format!("（{}）", locale::unit_name(unit, lang)),
            locale::unit_name(unit, lang).to_owned(),
            1.0,
        ),
        (false, Lang::En) => (
            format!(" ({})", locale::unit_name(unit, lang)),
            locale::unit_name(unit, lang).to_owned(),
            1.0,
        ),
    };
    let cell = |v: i128| {
        if unit.is_money() {
            money.cell(v)
        } else {
            Cell::valued(locale::group(v), &v)
        }
    };
    let (planned_name, actual_name) = if zh {
        ("计划进度（累计）", "实际（累计）")
    } else {
        ("planned pace, to date", "actual, to date")
    };
    let id = format!("plan-{}", i + 1);
    let mut table = Table::new(id.clone(), Vec::new())
        .column(if zh { "统计月" } else { "month" }, Align::Left)
        .column(format!("{planned_name}{unit_suffix}"), Align::Right)
        .column(format!("{actual_name}{unit_suffix}"), Align::Right);
    for (m, (p, a)) in pace.iter().zip(actual).enumerate() {
        let month = StatMonth::new(t.target.year(), u32::try_from(m + 1).unwrap_or(12))?;
        table.push(vec![
            Cell::valued(locale::month(month, lang), &month),
            cell(*p),
            a.map_or_else(|| Cell::text("–"), cell),
        ]);
    }
    #[allow(clippy::cast_precision_loss)] // heights of bars and points, not figures
    let scaled = |v: i128| v as f64 / scale;
    let svg = Bars {
        id: id.clone(),
        title: title.clone(),
        categories: (1..=12).map(|m: u32| m.to_string()).collect(),
        stacks: vec![(
            planned_name.to_owned(),
            pace.iter().map(|v| scaled(*v)).collect(),
        )],
        line: Some((
            actual_name.to_owned(),
            actual.iter().map(|a| a.map(scaled)).collect(),
        )),
        threshold: None,
        marker: marker.map(|m| {
            let label = if zh {
                format!("截至{}", as_of.format("%-m月%-d日"))
            } else {
                format!("as of {}", as_of.format("%-d %b"))
            };
            ((m - 1) as usize, label)
        }),
        alert: Vec::new(),
        alert_label: String::new(),
        unit: axis_unit,
        y_max: None,
        y_fmt: axis_number,
        x_caption: Some(if zh {
            format!("统计月（{}年）", t.target.year())
        } else {
            format!("statistics month, {}", t.target.year())
        }),
    }
    .draw()?;
    let show = |v: i128| match (unit, lang) {
        (Unit::Yuan, _) => format!(
            "{}{}",
            cell(v).text,
            money.header().trim().trim_matches(['（', '）', '(', ')'])
        ),
        // A bare number reads better than "5 count".
        (Unit::Count, Lang::En) => locale::group(v),
        _ => format!("{} {}", locale::group(v), locale::unit_name(unit, lang)),
    };
    let percent = t.percent.map(|p| format!("{p:.2}%")).unwrap_or_default();
    let note = Some(if zh {
        format!(
            "全年目标{}，截至{}完成{}（{}），{}",
            show(planned).replace(' ', ""),
            as_of.format("%Y年%-m月%-d日"),
            show(t.actual.base_units()).replace(' ', ""),
            percent,
            if t.on_pace {
                "进度达标"
            } else {
                "进度落后"
            }
        )
    } else {
        format!(
            "Target for the year {}; as of {as_of}, {} done ({percent}), {}.",
            show(planned),
            show(t.actual.base_units()),
            if t.on_pace { "on pace" } else { "behind pace" }
        )
    });
    Ok(Chart {
        title,
        svg,
        table,
        note,
    })
}
