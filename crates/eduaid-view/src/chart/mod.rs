//! Charts as inline SVG, drawn with `plotters`' SVG backend (no bitmap, no
//! font files: the browser draws the text with the reader's fonts).
//!
//! Without a font backend plotters can only guess a text's width (0.7 em a
//! byte, so a Chinese character counts as 2.1 em); every label area here is
//! sized by [`text_width`] instead, which counts a wide (CJK) character as
//! 1 em and any other as 0.6 em, so Chinese names get the room they need and
//! English ones are not squeezed.

mod bars;
mod completeness;
mod coverage;
mod funds;
mod plan;
mod targeting;

pub use completeness::{completeness, completeness_table};
pub use coverage::coverage;
pub use funds::{funds_by_category, funds_by_source};
pub use plan::{plan, planned_pace};
pub use targeting::{targeting, targeting_of_summary};

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use unicode_width::UnicodeWidthChar;

use eduaid::{Lang, Total, Unit};

use crate::Error;
use crate::locale;
use crate::table::{Cell, Table};

/// A chart: its title, the SVG, and its numbers as a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chart {
    /// The title, in the reader's language.
    pub title: String,
    /// The `<svg>` element.
    pub svg: String,
    /// The numbers drawn, with their exact values; its id names the chart.
    pub table: Table,
    /// A line of explanation under the chart, if any.
    pub note: Option<String>,
}

/// Font size of tick and category labels, in CSS pixels.
const LABEL_PX: f64 = 12.0;
/// Font size of legends and marks.
const SMALL_PX: f64 = 11.0;

/// Colours of series, in order (distinct in grey print too).
const PALETTE: [RGBColor; 6] = [
    RGBColor(0x2b, 0x57, 0x97),
    RGBColor(0xe8, 0xa3, 0x3d),
    RGBColor(0x5b, 0x9f, 0x49),
    RGBColor(0x8e, 0x5e, 0xa2),
    RGBColor(0x3b, 0xa3, 0xb8),
    RGBColor(0x9a, 0xa5, 0xb1),
];
/// A failing value.
const ALERT: RGBColor = RGBColor(0xb0, 0x00, 0x20);
/// Text.
const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
/// Grid lines.
const GRID: RGBColor = RGBColor(0xe3, 0xe3, 0xe3);

/// The width of `text` at `px` pixels: 1 em for a wide character, 0.6 em
/// for any other (a generous average for Latin sans-serif digits and letters).
#[must_use]
pub fn text_width(text: &str, px: f64) -> f64 {
    text.chars()
        .map(|c| if c.width() == Some(2) { px } else { 0.6 * px })
        .sum()
}

/// How a chart and its table show money: 万元 in Chinese (as the summary
/// prints money) once amounts reach 10万元, else yuan; English tables always
/// in yuan, English axes in million yuan once amounts reach a million.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Money {
    lang: Lang,
    wan: bool,
    million_axis: bool,
}

impl Money {
    /// The form for amounts up to `max_fen`.
    fn for_max(lang: Lang, max_fen: i128) -> Money {
        let max = max_fen.unsigned_abs();
        Money {
            lang,
            wan: lang == Lang::Zh && max >= 10_000_000,
            million_axis: lang == Lang::En && max >= 100_000_000,
        }
    }

    /// A table cell, the exact yuan as its value.
    fn cell(self, fen: i128) -> Cell {
        let text = if self.wan {
            locale::wan_yuan(fen)
        } else {
            locale::yuan(fen)
        };
        Cell::valued(text, &Total::new(fen, Unit::Yuan))
    }

    /// The unit after a column's header: `（万元）`, `（元）`, ` (yuan)`.
    fn header(self) -> &'static str {
        match (self.lang, self.wan) {
            (Lang::Zh, true) => "（万元）",
            (Lang::Zh, false) => "（元）",
            (Lang::En, _) => " (yuan)",
        }
    }

    /// The unit written above an axis, and fen per unit of the axis.
    fn axis(self) -> (&'static str, f64) {
        match (self.lang, self.wan, self.million_axis) {
            (Lang::Zh, true, _) => ("万元", 1e6),
            (Lang::Zh, false, _) => ("元", 1e2),
            (Lang::En, _, true) => ("million yuan", 1e8),
            (Lang::En, _, false) => ("yuan", 1e2),
        }
    }
}

/// Rounds a width in pixels up to whole pixels for a layout.
fn px(w: f64) -> i32 {
    // Widths are small positive numbers; the cast cannot truncate.
    #[allow(clippy::cast_possible_truncation)]
    let p = w.ceil() as i32;
    p
}

/// A text style of `size` CSS pixels (plotters writes `size / 1.24`).
fn font(size: f64) -> TextStyle<'static> {
    (FontFamily::SansSerif, size * 1.24).into_font().color(&INK)
}

/// A text style anchored at `h` and `v`.
fn anchored(size: f64, h: HPos, v: VPos) -> TextStyle<'static> {
    font(size).pos(Pos::new(h, v))
}

/// A plotters error as this crate's error, naming the chart.
fn drawing<E: std::fmt::Debug>(chart: &str) -> impl Fn(E) -> Error + '_ {
    move |e| Error::Draw {
        chart: chart.to_owned(),
        message: format!("{e:?}"),
    }
}

/// Labels the finished SVG for assistive technology: `role="img"` and the
/// chart's title.
fn labelled(svg: &str, title: &str) -> String {
    let title = crate::page::escape(title);
    let svg = svg.trim_end();
    match svg.strip_prefix("<svg ") {
        Some(rest) => {
            format!("<svg role=\"img\" aria-label=\"{title}\" {rest}\n")
        }
        None => format!("{svg}\n"),
    }
}

/// An axis tick of a percentage.
fn percent_tick(v: f64) -> String {
    format!("{v:.0}%")
}

/// An axis tick: whole numbers grouped, others with one decimal.
fn axis_number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        // Axis ticks are small whole numbers here.
        #[allow(clippy::cast_possible_truncation)]
        let n = v.round() as i128;
        locale::group(n)
    } else {
        format!("{v:.1}")
    }
}

/// A legend, left to right, wrapped to the width: a swatch and a name per
/// series. Returns the height used.
fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    items: &[(String, ShapeStyle)],
    width: i32,
) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    let line = px(SMALL_PX * 1.6);
    let (mut x, mut y) = (0, 0);
    for (name, style) in items {
        let w = 14 + px(text_width(name, SMALL_PX)) + 14;
        if x > 0 && x + w > width {
            x = 0;
            y += line;
        }
        area.draw(&Rectangle::new([(x, y + 3), (x + 10, y + 13)], *style))?;
        area.draw(&Text::new(
            name.clone(),
            (x + 14, y + 8),
            anchored(SMALL_PX, HPos::Left, VPos::Center),
        ))?;
        x += w;
    }
    Ok(y + line)
}

/// A round upper bound for an axis, a little above `max` so the highest
/// bar does not touch the frame (1 when everything is zero).
fn nice_ceiling(max: f64) -> f64 {
    if max.is_nan() || max <= 0.0 {
        return 1.0;
    }
    let max = max * 1.05;
    let p = 10f64.powf(max.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|v| *v >= max)
        .unwrap_or(10.0 * p)
}

#[cfg(test)]
mod tests {
    use super::bars::Bars;
    use super::{nice_ceiling, text_width};

    /// The category labels drawn by a bar chart of `n` years.
    fn labels_of_years(n: i32) -> usize {
        let years: Vec<String> = (0..n).map(|i| format!("{}年", 2000 + i)).collect();
        let svg = Bars {
            id: "t".into(),
            title: "t".into(),
            stacks: vec![("v".into(), vec![1.0; years.len()])],
            categories: years.clone(),
            line: None,
            threshold: None,
            marker: None,
            alert: Vec::new(),
            alert_label: String::new(),
            unit: String::new(),
            y_max: None,
            y_fmt: |v| format!("{v}"),
            x_caption: None,
        }
        .draw()
        .unwrap();
        years
            .iter()
            .filter(|y| svg.contains(&format!("\n{y}\n")))
            .count()
    }

    /// A chart of two categories, the first failing, with these stacks.
    fn failing_first(stacks: Vec<(String, Vec<f64>)>) -> String {
        Bars {
            id: "t".into(),
            title: "t".into(),
            stacks,
            categories: vec!["a".into(), "b".into()],
            line: None,
            threshold: None,
            marker: None,
            alert: vec![true, false],
            alert_label: "missing".into(),
            unit: "%".into(),
            y_max: Some(100.0),
            y_fmt: |v| format!("{v}"),
            x_caption: None,
        }
        .draw()
        .unwrap()
    }

    #[test]
    fn a_failing_stack_keeps_its_colours_and_outlines_what_is_missing() {
        let (blue, amber, alert) = ("#2B5797", "#E8A33D", "#B00020");
        let count = |svg: &str, colour: &str, what: &str| {
            svg.lines()
                .filter(|l| l.starts_with("<rect") && l.contains(&format!("{what}=\"{colour}\"")))
                .count()
        };
        // Stacked: the failing bar keeps blue and amber, the rest of it up
        // to 100% is one outline, named once, in the legend.
        let svg = failing_first(vec![
            ("on time".into(), vec![50.0, 80.0]),
            ("late".into(), vec![25.0, 20.0]),
        ]);
        assert_eq!(count(&svg, alert, "fill"), 0, "{svg}");
        // The bars, and the legend's swatches.
        assert_eq!(count(&svg, blue, "fill"), 3);
        assert_eq!(count(&svg, amber, "fill"), 3);
        // The bar's outline and the legend's swatch.
        assert_eq!(count(&svg, alert, "stroke"), 2);
        assert_eq!(svg.matches("\nmissing\n").count(), 1);
        // One stack: the failing bar is drawn in the alert colour, labelled.
        let svg = failing_first(vec![("share".into(), vec![70.0, 90.0])]);
        assert_eq!(count(&svg, alert, "fill"), 1);
        assert_eq!(count(&svg, alert, "stroke"), 0);
        assert_eq!(svg.matches("\nmissing\n").count(), 1);
    }

    #[test]
    fn category_labels_that_would_overlap_are_thinned() {
        assert_eq!(labels_of_years(4), 4);
        // 40 years in about 400 pixels: a label of 41 pixels every third
        // or fourth segment.
        let shown = labels_of_years(40);
        assert!((8..=14).contains(&shown), "{shown}");
    }

    #[test]
    fn chinese_characters_are_measured_one_em_wide() {
        assert!((text_width("阜平县", 12.0) - 36.0).abs() < 1e-9);
        assert!((text_width("Fuping", 10.0) - 36.0).abs() < 1e-9);
        assert!((text_width("11月", 10.0) - 22.0).abs() < 1e-9);
    }

    #[test]
    fn axis_ceilings_are_round() {
        assert!((nice_ceiling(0.0) - 1.0).abs() < 1e-9);
        assert!((nice_ceiling(1400.0) - 1500.0).abs() < 1e-9);
        assert!((nice_ceiling(2100.0) - 2500.0).abs() < 1e-9);
        assert!((nice_ceiling(5.0) - 6.0).abs() < 1e-9);
        assert!((nice_ceiling(100.0) - 120.0).abs() < 1e-9);
        assert!((nice_ceiling(0.07) - 0.08).abs() < 1e-9);
    }
}
