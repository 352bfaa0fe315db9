//! The chart model — plain data a builder fills and the renderer draws — and the house style,
//! with the drawing library's names every part of the renderer uses.

pub(super) use crate::error::Result;
pub(super) use plotters::coord::Shift;
pub(super) use plotters::prelude::*;
pub(super) use plotters::style::text_anchor::{HPos, Pos, VPos};
pub(super) use plotters::style::{FontStyle, register_font};
pub(super) use std::sync::Once;

/// Pixel size of every chart.
pub const CHART_SIZE: (u32, u32) = (1600, 900);

/// The house palette (Okabe–Ito), plus black and grey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    /// #0072B2 — the main simulated series.
    Blue,
    /// #E69F00 — the Erlang prediction.
    Orange,
    /// #56B4E9 — secondary series.
    Sky,
    /// #009E73 — healthy ranges, staffed agents.
    Green,
    /// #D55E00 — shortfalls and misses.
    Vermillion,
    /// #CC79A7 — a second comparison.
    Purple,
    /// Targets.
    Black,
    /// Context.
    Grey,
}

impl Colour {
    pub(super) fn rgb(self) -> RGBColor {
        match self {
            Colour::Blue => RGBColor(0, 114, 178),
            Colour::Orange => RGBColor(230, 159, 0),
            Colour::Sky => RGBColor(86, 180, 233),
            Colour::Green => RGBColor(0, 158, 115),
            Colour::Vermillion => RGBColor(213, 94, 0),
            Colour::Purple => RGBColor(204, 121, 167),
            Colour::Black => RGBColor(20, 20, 20),
            Colour::Grey => RGBColor(120, 120, 120),
        }
    }
}

/// How y values are labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YFormat {
    /// 0.8 → "80 %".
    Percent,
    /// Plain numbers.
    Number,
    /// Seconds: "20 s".
    Seconds,
    /// No tick labels: the y axis holds rows (a Gantt's), not a quantity.
    Rows,
}

/// The shared x axis: a range, labelled ticks (clock times and dates, or agent counts), and
/// light separators (e.g. midnight between days).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct XAxis {
    /// Axis title with its unit.
    pub title: String,
    /// Visible range.
    pub range: (f64, f64),
    /// Tick positions and their labels.
    pub ticks: Vec<(f64, String)>,
    /// Positions of light vertical separators.
    pub separators: Vec<f64>,
}

/// Something drawn in a panel. Points with `None` leave a gap.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// A line through points.
    Line {
        /// Legend entry ("" for none).
        label: String,
        /// (x, y) points.
        points: Vec<(f64, Option<f64>)>,
        /// Colour.
        colour: Colour,
        /// Dashed instead of solid.
        dashed: bool,
    },
    /// A shaded band between a lower and an upper line (a confidence interval).
    Band {
        /// Legend entry.
        label: String,
        /// (x, lower, upper).
        points: Vec<(f64, Option<(f64, f64)>)>,
        /// Colour (drawn translucent).
        colour: Colour,
    },
    /// Translucent rectangles `(x0, x1, y0, y1)`, e.g. a shortfall or a healthy range.
    Rects {
        /// Legend entry.
        label: String,
        /// Rectangles.
        rects: Vec<(f64, f64, f64, f64)>,
        /// Colour (drawn translucent).
        colour: Colour,
    },
    /// Solid bars `(x0, x1, y0, y1)` with a darker outline: quantities read off the bar
    /// (a price component, hires in a month), unlike the translucent [`Mark::Rects`].
    Bars {
        /// Legend entry ("" for none: bars named on the axis need none).
        label: String,
        /// Bars.
        bars: Vec<(f64, f64, f64, f64)>,
        /// Colour.
        colour: Colour,
    },
    /// Dots, e.g. the options of a sweep.
    Points {
        /// Legend entry.
        label: String,
        /// (x, y) points.
        points: Vec<(f64, f64)>,
        /// Colour.
        colour: Colour,
        /// Radius in pixels.
        size: u32,
    },
    /// A horizontal reference line across the panel (a target).
    HLine {
        /// Legend entry.
        label: String,
        /// Height.
        y: f64,
        /// Colour.
        colour: Colour,
    },
    /// Value labels: text centred just above each point (a bar's value).
    Labels {
        /// `(x, y, text)`.
        labels: Vec<(f64, f64, String)>,
    },
    /// Notes beside points on a rising line (a recommended option on a cost–service front):
    /// text below and to the right of each point, where a rising line leaves room (to the left
    /// when the point is in the right third of the axis).
    Notes {
        /// `(x, y, text)`.
        notes: Vec<(f64, f64, String)>,
    },
}

impl Mark {
    /// Multiplies every y value (and y extent) by `factor`: a change of unit.
    pub fn scale_y(&mut self, factor: f64) {
        self.map_y(|y| y * factor);
    }

    /// Replaces every y value (and y extent) `y` by `f(y)`.
    pub(super) fn map_y(&mut self, f: impl Fn(f64) -> f64) {
        match self {
            Mark::Line { points, .. } => points
                .iter_mut()
                .filter_map(|p| p.1.as_mut())
                .for_each(|y| *y = f(*y)),
            Mark::Band { points, .. } => {
                points
                    .iter_mut()
                    .filter_map(|p| p.1.as_mut())
                    .for_each(|(a, b)| {
                        *a = f(*a);
                        *b = f(*b);
                    })
            }
            Mark::Points { points, .. } => points.iter_mut().for_each(|p| p.1 = f(p.1)),
            Mark::HLine { y, .. } => *y = f(*y),
            Mark::Rects { rects, .. } | Mark::Bars { bars: rects, .. } => {
                rects.iter_mut().for_each(|r| {
                    r.2 = f(r.2);
                    r.3 = f(r.3);
                })
            }
            Mark::Labels { labels } | Mark::Notes { notes: labels } => {
                labels.iter_mut().for_each(|l| l.1 = f(l.1))
            }
        }
    }

    /// Every y value the mark draws (a band's both edges, a rectangle's bottom and top), for
    /// fitting an axis to what is shown.
    pub fn y_values(&self) -> Vec<f64> {
        match self {
            Mark::Line { points, .. } => points.iter().filter_map(|p| p.1).collect(),
            Mark::Band { points, .. } => points
                .iter()
                .filter_map(|p| p.1)
                .flat_map(|(a, b)| [a, b])
                .collect(),
            Mark::Points { points, .. } => points.iter().map(|p| p.1).collect(),
            Mark::HLine { y, .. } => vec![*y],
            Mark::Rects { rects, .. } | Mark::Bars { bars: rects, .. } => {
                rects.iter().flat_map(|r| [r.2, r.3]).collect()
            }
            Mark::Labels { labels } | Mark::Notes { notes: labels } => {
                labels.iter().map(|l| l.1).collect()
            }
        }
    }
}

/// One stacked panel: its own y axis and marks.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Axis title with its unit.
    pub y_title: String,
    /// Visible y range.
    pub y_range: (f64, f64),
    /// Label format.
    pub y_format: YFormat,
    /// What to draw, in order (later marks on top).
    pub marks: Vec<Mark>,
}

/// A complete chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Large title.
    pub title: String,
    /// One line under the title.
    pub subtitle: String,
    /// Small print at the bottom: scenario, model, dates.
    pub footnote: String,
    /// The shared x axis.
    pub x: XAxis,
    /// Panels, top to bottom.
    pub panels: Vec<Panel>,
}

/// How a report's charts are branded: the canvas size, one accent colour that replaces the
/// primary series colour (blue), and a logo in the footer. `Style::default()` is the house style
/// at 1600×900.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Style {
    /// Canvas size in pixels; every size, margin and line scales with the width (1600 = 1×).
    pub size: Option<(u32, u32)>,
    /// Replaces the primary series colour.
    pub accent: Option<[u8; 3]>,
    /// Drawn at the right of the footnote.
    pub logo: Option<Logo>,
    /// Drawn for `report.html`: the page prints the title and subtitle above the chart, so the
    /// drawing leaves them out, and its text is 1.4 times larger (`PAGE_TEXT`), so it reads at
    /// 12 px or more when the page shows the chart about 900 pixels wide.
    pub page: bool,
}

/// How much larger a chart's text is on the page than in the image files.
pub(super) const PAGE_TEXT: f64 = 1.4;

/// A logo as RGB pixels, already sized for the footer.
#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width × height` RGB triples, row by row.
    pub rgb: Vec<u8>,
}

impl Style {
    /// The canvas size.
    pub fn size(&self) -> (u32, u32) {
        self.size.unwrap_or(CHART_SIZE)
    }

    /// How much larger than the images' the text is.
    pub(super) fn text(&self) -> f64 {
        if self.page { PAGE_TEXT } else { 1.0 }
    }

    /// How much larger than the 1600-pixel house layout this canvas is.
    pub(super) fn scale(&self) -> f64 {
        f64::from(self.size().0) / f64::from(CHART_SIZE.0)
    }

    pub(super) fn colour(&self, colour: Colour) -> RGBColor {
        match (colour, self.accent) {
            (Colour::Blue, Some([r, g, b])) => RGBColor(r, g, b),
            _ => colour.rgb(),
        }
    }
}

/// Splits points at gaps.
pub(super) fn segments(points: &[(f64, Option<f64>)]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for &(x, y) in points {
        match y {
            Some(y) if y.is_finite() => out.last_mut().expect("never empty").push((x, y)),
            _ => out.push(Vec::new()),
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

pub(super) fn band_segments(points: &[(f64, Option<(f64, f64)>)]) -> Vec<Vec<(f64, f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64, f64)>> = vec![Vec::new()];
    for &(x, band) in points {
        match band {
            Some((lo, hi)) if lo.is_finite() && hi.is_finite() => {
                out.last_mut().expect("never empty").push((x, lo, hi))
            }
            _ => out.push(Vec::new()),
        }
    }
    out.retain(|s| s.len() > 1);
    out
}
