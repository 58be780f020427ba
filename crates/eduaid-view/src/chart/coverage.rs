//! Stage coverage per supported county: a grid of county by stage, a filled
//! cell where a school of that stage in the county is in a pairing in force.

use chrono::NaiveDate;
use eduaid::{Lang, Programme, Stage, registry_facts};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{
    Chart, GRID, LABEL_PX, PALETTE, SMALL_PX, anchored, drawing, labelled, legend, px, text_width,
};
use crate::Error;
use crate::locale::{self, Names};
use crate::table::{Align, Cell, Table};

/// Height of a county's row, in CSS pixels.
const ROW: i32 = 24;

/// The grid of the registry as of `as_of`, and its table (`是`/`否` per stage).
///
/// # Errors
///
/// [`Error::Draw`] if the chart cannot be drawn.
pub fn coverage(programme: &Programme, as_of: NaiveDate, names: &Names) -> Result<Chart, Error> {
    let lang = names.lang();
    let zh = lang == Lang::Zh;
    let facts = registry_facts(programme, as_of);
    let title = if zh {
        "各县学段覆盖（结对学校所在学段）".to_owned()
    } else {
        "Stage coverage per county (stages of paired schools)".to_owned()
    };
    let counties: Vec<String> = facts
        .coverage
        .iter()
        .map(|c| names.area(c.area.as_str()))
        .collect();
    let stages: Vec<String> = Stage::ALL.iter().map(|s| locale::stage(*s, lang)).collect();

    let mut table = Table::new("coverage", Vec::new())
        .column(locale::dim_header(eduaid::Dim::Area, lang), Align::Left);
    for s in &stages {
        table = table.column(s.clone(), Align::Left);
    }
    for (c, name) in facts.coverage.iter().zip(&counties) {
        let mut row = vec![Cell::valued(name.clone(), &c.area)];
        for s in Stage::ALL {
            let yes = c.stages.contains(s);
            row.push(Cell::valued(locale::yes_no(yes, lang), &yes));
        }
        table.push(row);
    }

    let name_w = counties
        .iter()
        .map(|n| px(text_width(n, LABEL_PX)))
        .max()
        .unwrap_or(0)
        + 12;
    // Long English stage names ("special education") take two lines, so six
    // columns fit the width of an A4 page.
    let heads: Vec<Vec<&str>> = stages
        .iter()
        .map(|s| match s.split_once(' ') {
            Some((a, b)) if text_width(s, LABEL_PX) > 60.0 => vec![a, b],
            _ => vec![s.as_str()],
        })
        .collect();
    let col_w = heads
        .iter()
        .flatten()
        .map(|s| px(text_width(s, LABEL_PX)))
        .max()
        .unwrap_or(0)
        .max(36)
        + 12;
    let head_lines = heads.iter().map(Vec::len).max().unwrap_or(1);
    let line_h = px(LABEL_PX * 1.3);
    let head = line_h * i32::try_from(head_lines).unwrap_or(1) + 8;
    let rows = i32::try_from(counties.len()).unwrap_or(i32::MAX);
    let legend_h = px(SMALL_PX * 1.6) + 4;
    let width = name_w + 6 * col_w + 8;
    let height = head + rows.max(1) * ROW + legend_h + 8;
    let err = drawing("coverage");
    let covered = PALETTE[2];
    let mut svg = String::new();
    {
        let size = (
            u32::try_from(width).unwrap_or(600),
            u32::try_from(height).unwrap_or(400),
        );
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(&err)?;
        let items = [
            (
                if zh { "已覆盖" } else { "covered" }.to_owned(),
                covered.filled(),
            ),
            (
                if zh { "未覆盖" } else { "not covered" }.to_owned(),
                GRID.filled(),
            ),
        ];
        let bottom = root.margin(height - legend_h, 0, name_w, 0);
        legend(&bottom, &items, 6 * col_w).map_err(&err)?;
        for (j, lines) in heads.iter().enumerate() {
            let x = name_w + i32::try_from(j).unwrap_or(0) * col_w + col_w / 2;
            for (k, l) in lines.iter().rev().enumerate() {
                let y = head - 6 - i32::try_from(k).unwrap_or(0) * line_h;
                root.draw(&Text::new(
                    (*l).to_owned(),
                    (x, y),
                    anchored(LABEL_PX, HPos::Center, VPos::Bottom),
                ))
                .map_err(&err)?;
            }
        }
        for (i, (c, name)) in facts.coverage.iter().zip(&counties).enumerate() {
            let y = head + i32::try_from(i).unwrap_or(0) * ROW;
            root.draw(&Text::new(
                name.clone(),
                (name_w - 8, y + ROW / 2),
                anchored(LABEL_PX, HPos::Right, VPos::Center),
            ))
            .map_err(&err)?;
            for (j, s) in Stage::ALL.iter().enumerate() {
                let x = name_w + i32::try_from(j).unwrap_or(0) * col_w;
                let cell = [(x + 2, y + 2), (x + col_w - 2, y + ROW - 2)];
                if c.stages.contains(*s) {
                    root.draw(&Rectangle::new(cell, covered.filled()))
                } else {
                    root.draw(&Rectangle::new(cell, GRID.stroke_width(1)))
                }
                .map_err(&err)?;
            }
        }
        root.present().map_err(&err)?;
    }
    let missing: Vec<&str> = facts
        .coverage
        .iter()
        .zip(&counties)
        .filter(|(c, _)| !c.is_full())
        .map(|(_, n)| n.as_str())
        .collect();
    let note = Some(match (zh, missing.is_empty()) {
        (true, true) => "各县全学段覆盖。".to_owned(),
        (true, false) => format!("未全学段覆盖的县：{}。", missing.join("、")),
        (false, true) => "Every county has every stage covered.".to_owned(),
        (false, false) => format!("Counties without every stage: {}.", missing.join(", ")),
    });
    Ok(Chart {
        svg: labelled(&svg, &title),
        title,
        table,
        note,
    })
}
