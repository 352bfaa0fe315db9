//! Presentation-grade charts: one house style, PNG (1600×900, for slides) and SVG (for documents).
//!
//! A [`Chart`] is plain data — titles, an x axis with labelled ticks, and one or more stacked
//! panels of marks — so callers build charts without touching plotters. Text is drawn with DejaVu
//! Sans, embedded in the binary, so a chart looks the same on every machine. The palette is
//! Okabe–Ito, which stays distinguishable for the common forms of colour blindness.

mod axes;
mod draw;
mod legend;
mod text;

use axes::*;
pub use axes::{axis_number, numeric_ticks};
use draw::*;
use legend::*;
use text::*;

use crate::error::{Error, Result};
use crate::report::output::write_atomically;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, register_font};
use std::path::Path;
use std::sync::Once;

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
    fn rgb(self) -> RGBColor {
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
    fn map_y(&mut self, f: impl Fn(f64) -> f64) {
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
const PAGE_TEXT: f64 = 1.4;

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
    fn text(&self) -> f64 {
        if self.page { PAGE_TEXT } else { 1.0 }
    }

    /// How much larger than the 1600-pixel house layout this canvas is.
    fn scale(&self) -> f64 {
        f64::from(self.size().0) / f64::from(CHART_SIZE.0)
    }

    fn colour(&self, colour: Colour) -> RGBColor {
        match (colour, self.accent) {
            (Colour::Blue, Some([r, g, b])) => RGBColor(r, g, b),
            _ => colour.rgb(),
        }
    }
}

impl Chart {
    /// The chart as an SVG document in the house style.
    pub fn svg(&self) -> Result<String, String> {
        self.svg_styled(&Style::default())
    }

    /// Per panel, how many drawn data points its legend covers in the house style: all zeros
    /// for a chart whose legends sit clear of the data (closed-period shading aside).
    pub fn legend_clashes(&self) -> Result<Vec<usize>, String> {
        register_fonts();
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, Style::default().size()).into_drawing_area();
        self.draw(&root, &Style::default())
    }

    /// The chart as an SVG document in `style` (for files, and inline in the HTML report).
    pub fn svg_styled(&self, style: &Style) -> Result<String, String> {
        register_fonts();
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, style.size()).into_drawing_area();
            self.draw(&root, style)?;
            root.present().map_err(|e| e.to_string())?;
        }
        Ok(svg)
    }

    /// Writes the chart as PNG or SVG in the house style; see [`Chart::save_styled`].
    pub fn save(&self, path: &Path) -> Result<()> {
        self.save_styled(path, &Style::default())
    }

    /// Writes the chart in `style` as PNG or SVG, chosen by the extension of `path`, atomically.
    pub fn save_styled(&self, path: &Path, style: &Style) -> Result<()> {
        register_fonts();
        let fail = |message: String| Error::Write {
            path: path.to_path_buf(),
            source: std::io::Error::other(message),
        };
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("png") => {
                let (w, h) = style.size();
                let mut pixels = vec![0u8; (w * h * 3) as usize];
                {
                    let root =
                        super::glyphs::GlyphFix(BitMapBackend::with_buffer(&mut pixels, (w, h)))
                            .into_drawing_area();
                    self.draw(&root, style).map_err(fail)?;
                    root.present().map_err(|e| fail(e.to_string()))?;
                }
                write_atomically(path, &encode_png(&pixels, w, h).map_err(fail)?)
            }
            Some("svg") => write_atomically(path, self.svg_styled(style).map_err(fail)?.as_bytes()),
            _ => Err(Error::invalid(
                "chart path",
                path.display(),
                "a file name ending in .png or .svg",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_moves_off_every_corner_a_line_passes_through() {
        // A service level that starts high, collapses through the lower left between two
        // points, stays low and recovers through the lower right, under a baseline along the
        // top: every corner holds data, the middle does not.
        let line = |points: &[(f64, f64)]| Mark::Line {
            label: "x".into(),
            points: points.iter().map(|&(x, y)| (x, Some(y))).collect(),
            colour: Colour::Blue,
            dashed: false,
        };
        let panel = Panel {
            y_title: String::new(),
            y_range: (0.0, 1.0),
            y_format: YFormat::Percent,
            marks: vec![
                line(&[(0.0, 0.98), (100.0, 0.98)]),
                line(&[(0.0, 0.95), (12.0, 0.02), (88.0, 0.05), (100.0, 0.9)]),
            ],
        };
        let (position, covered, _) =
            legend_corner(&panel, (0.0, 100.0), (300.0, 100.0), (1300.0, 500.0));
        assert_eq!(covered, 0);
        let SeriesLabelPosition::Coordinate(x, y) = position else {
            panic!("a computed spot");
        };
        // The chosen box (in pixels) lies between the two lines: below the baseline, above the
        // trough, clear of the dive and the recovery.
        assert!(x > 200 && x + 300 < 1150, "x {x}");
        assert!(y > 20 && y + 100 < 470, "y {y}");
    }

    #[test]
    fn crowded_axis_labels_are_spread_apart_and_labels_with_room_stay_put() {
        // Two 100-px labels wanted 60 px apart: the second moves right to keep a 10-px gap;
        // the third, far away, stays.
        let at = spread_labels(&[300, 360, 900], &[100, 100, 100], 10, (0, 1600));
        assert_eq!(at, [300, 410, 900]);
        // Near the right edge, the backward pass pulls them back inside.
        let at = spread_labels(&[1500, 1560], &[100, 100], 10, (0, 1600));
        assert_eq!(at, [1440, 1550]);
        assert!(at.windows(2).all(|p| p[1] - p[0] >= 110));
    }

    #[test]
    fn numbers_are_grouped_and_trimmed() {
        assert_eq!(format_number(1234.6), "1,235");
        assert_eq!(format_number(1_234_567.0), "1,234,567");
        assert_eq!(format_number(20.0), "20");
        assert_eq!(format_number(12.25), "12.2");
        assert_eq!(format_number(0.25), "0.25");
    }

    #[test]
    fn gaps_split_lines() {
        let s = segments(&[
            (0.0, Some(1.0)),
            (1.0, None),
            (2.0, Some(2.0)),
            (3.0, Some(3.0)),
        ]);
        assert_eq!(s, vec![vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0)]]);
    }
}
