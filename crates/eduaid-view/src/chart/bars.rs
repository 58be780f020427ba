//! One drawing for every bar chart of the page: categories along the x axis
//! (months, years), stacked bars, an optional line, a threshold, a marked
//! category and failing categories.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{
    ALERT, GRID, INK, LABEL_PX, PALETTE, SMALL_PX, anchored, drawing, font, labelled, legend,
    nice_ceiling, px, text_width,
};
use crate::Error;

/// What a bar chart shows.
pub(super) struct Bars {
    /// The chart's id (for errors) and title (for assistive technology).
    pub id: String,
    pub title: String,
    /// One label per category, left to right.
    pub categories: Vec<String>,
    /// Stacked series: a name and one value per category.
    pub stacks: Vec<(String, Vec<f64>)>,
    /// A line over the categories: a name and a value per category (none
    /// where it has no point).
    pub line: Option<(String, Vec<Option<f64>>)>,
    /// A horizontal threshold and its label.
    pub threshold: Option<(f64, String)>,
    /// A category to mark (the as-of month) and its label.
    pub marker: Option<(usize, String)>,
    /// Categories that fail. A single stack is drawn in the alert colour,
    /// with the label above; stacked parts keep their colours (each tells
    /// something) and the rest of the bar, up to the top of the axis (what
    /// is missing of a whole), is outlined in the alert colour, the label
    /// naming the outline in the legend.
    pub alert: Vec<bool>,
    pub alert_label: String,
    /// The unit of the y axis, written above it.
    pub unit: String,
    /// The top of the y axis, or a round number above the largest value.
    pub y_max: Option<f64>,
    /// How a y tick is written.
    pub y_fmt: fn(f64) -> String,
    /// What the x axis counts, written under it.
    pub x_caption: Option<String>,
}

/// Size of every bar chart, in CSS pixels (scaled down on narrow pages).
const WIDTH: u32 = 480;
const HEIGHT: u32 = 300;

impl Bars {
    fn largest(&self) -> f64 {
        let n = self.categories.len();
        let stacked = (0..n).map(|i| {
            self.stacks
                .iter()
                .map(|(_, v)| v.get(i).copied().unwrap_or(0.0).max(0.0))
                .sum::<f64>()
        });
        let line = self
            .line
            .iter()
            .flat_map(|(_, v)| v.iter().flatten().copied());
        let threshold = self.threshold.iter().map(|(t, _)| *t);
        stacked.chain(line).chain(threshold).fold(0.0, f64::max)
    }

    /// Draws the chart as an `<svg>` element.
    pub fn draw(&self) -> Result<String, Error> {
        let err = drawing(&self.id);
        let n = self.categories.len().max(1);
        #[allow(clippy::cast_precision_loss)] // a handful of categories
        let nf = n as f64;
        let y_max = self.y_max.unwrap_or_else(|| nice_ceiling(self.largest()));
        let fmt = self.y_fmt;
        let y_area = (0..=5)
            .map(|k| px(text_width(&fmt(y_max * f64::from(k) / 5.0), LABEL_PX)))
            .max()
            .unwrap_or(0)
            + 12;
        let x_area = px(LABEL_PX * 1.8) + self.x_caption.as_ref().map_or(0, |_| px(SMALL_PX * 1.6));
        let single = self.stacks.len() == 1;
        let mut items: Vec<(String, ShapeStyle)> = self
            .stacks
            .iter()
            .zip(PALETTE.iter().cycle())
            .map(|((name, _), c)| (name.clone(), c.filled()))
            .collect();
        if let Some((name, _)) = &self.line {
            items.push((name.clone(), INK.filled()));
        }
        if let Some((_, label)) = &self.threshold {
            items.push((label.clone(), ALERT.filled()));
        }
        // Stacked bars show what fails as an outline: named in the legend
        // rather than above each bar (a label would cross the outline).
        if !single && self.alert.contains(&true) {
            items.push((self.alert_label.clone(), ALERT.stroke_width(1)));
        }
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
            root.fill(&WHITE).map_err(&err)?;
            let inner = root.margin(6, 4, 6, 12);
            let (w, _) = inner.dim_in_pixel();
            let legend_h =
                legend(&inner, &items, i32::try_from(w).unwrap_or(i32::MAX)).map_err(&err)?;
            let unit_h = px(SMALL_PX * 1.6);
            inner
                .draw(&Text::new(
                    self.unit.clone(),
                    (0, legend_h),
                    anchored(SMALL_PX, HPos::Left, VPos::Top),
                ))
                .map_err(&err)?;
            let plot_area = inner.margin(legend_h + unit_h, 0, 0, 0);
            let mut chart = ChartBuilder::on(&plot_area)
                .x_label_area_size(x_area)
                .y_label_area_size(y_area)
                .build_cartesian_2d(0f64..nf, 0f64..y_max)
                .map_err(&err)?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(0)
                .y_labels(6)
                .y_label_formatter(&|v| fmt(*v))
                .label_style(font(LABEL_PX))
                .bold_line_style(GRID)
                .light_line_style(TRANSPARENT)
                .axis_style(INK.mix(0.6))
                .draw()
                .map_err(&err)?;
            if let Some((i, label)) = &self.marker {
                #[allow(clippy::cast_precision_loss)]
                let x = *i as f64;
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x, 0.0), (x + 1.0, y_max)],
                        RGBColor(0xff, 0xf1, 0xc2).filled(),
                    )))
                    .map_err(&err)?;
                // Above the frame, in the line of the unit, so no bar hides it.
                let (cx, top) = chart.backend_coord(&(x + 0.5, y_max));
                let half = px(text_width(label, SMALL_PX) / 2.0);
                let (w, _) = root.dim_in_pixel();
                let cx = cx.min(i32::try_from(w).unwrap_or(i32::MAX) - half - 2);
                root.draw(&Text::new(
                    label.clone(),
                    (cx, top - 4),
                    anchored(SMALL_PX, HPos::Center, VPos::Bottom),
                ))
                .map_err(&err)?;
            }
            // Every category is labelled when the labels fit their segments,
            // else every second, third, ... so that none overlaps the next.
            let segment =
                f64::from(chart.backend_coord(&(1.0, 0.0)).0 - chart.backend_coord(&(0.0, 0.0)).0);
            let widest = self
                .categories
                .iter()
                .map(|c| text_width(c, LABEL_PX) + 6.0)
                .fold(0.0, f64::max);
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let label_step = (widest / segment.max(1.0)).ceil().max(1.0) as usize;
            for i in 0..self.categories.len() {
                #[allow(clippy::cast_precision_loss)]
                let x = i as f64;
                let fails = self.alert.get(i).copied().unwrap_or(false);
                let mut bottom = 0.0;
                for ((_, values), colour) in self.stacks.iter().zip(PALETTE.iter().cycle()) {
                    let v = values.get(i).copied().unwrap_or(0.0).max(0.0);
                    if v > 0.0 {
                        let c = if fails && single { ALERT } else { *colour };
                        chart
                            .draw_series(std::iter::once(Rectangle::new(
                                [(x + 0.2, bottom), (x + 0.8, bottom + v)],
                                c.filled(),
                            )))
                            .map_err(&err)?;
                    }
                    bottom += v;
                }
                if fails && !single && bottom < y_max {
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(x + 0.2, bottom), (x + 0.8, y_max)],
                            ALERT.stroke_width(1),
                        )))
                        .map_err(&err)?;
                }
                if fails && single {
                    let (cx, top) = chart.backend_coord(&(x + 0.5, bottom));
                    root.draw(&Text::new(
                        self.alert_label.clone(),
                        (cx, top - 3),
                        anchored(SMALL_PX, HPos::Center, VPos::Bottom).color(&ALERT),
                    ))
                    .map_err(&err)?;
                }
                if i % label_step == 0 {
                    let (cx, axis) = chart.backend_coord(&(x + 0.5, 0.0));
                    root.draw(&Text::new(
                        self.categories[i].clone(),
                        (cx, axis + 6),
                        anchored(LABEL_PX, HPos::Center, VPos::Top),
                    ))
                    .map_err(&err)?;
                }
            }
            if let Some((t, _)) = &self.threshold {
                chart
                    .draw_series(std::iter::once(DashedPathElement::new(
                        vec![(0.0, *t), (nf, *t)],
                        6,
                        4,
                        ALERT.stroke_width(2),
                    )))
                    .map_err(&err)?;
            }
            if let Some((_, values)) = &self.line {
                #[allow(clippy::cast_precision_loss)]
                let points: Vec<(f64, f64)> = values
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| v.map(|v| (i as f64 + 0.5, v)))
                    .collect();
                chart
                    .draw_series(LineSeries::new(points.clone(), INK.stroke_width(2)))
                    .map_err(&err)?;
                chart
                    .draw_series(points.into_iter().map(|p| Circle::new(p, 3, INK.filled())))
                    .map_err(&err)?;
            }
            if let Some(caption) = &self.x_caption {
                let (left, axis) = chart.backend_coord(&(0.0, 0.0));
                let (right, _) = chart.backend_coord(&(nf, 0.0));
                root.draw(&Text::new(
                    caption.clone(),
                    ((left + right) / 2, axis + px(LABEL_PX * 1.8)),
                    anchored(SMALL_PX, HPos::Center, VPos::Top),
                ))
                .map_err(&err)?;
            }
            root.present().map_err(&err)?;
        }
        Ok(labelled(&svg, &self.title))
    }
}
