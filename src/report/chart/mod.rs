//! Presentation-grade charts: one house style, PNG (1600×900, for slides) and SVG (for documents).
//!
//! A [`Chart`] is plain data — titles, an x axis with labelled ticks, and one or more stacked
//! panels of marks — so callers build charts without touching plotters. Text is drawn with DejaVu
//! Sans, embedded in the binary, so a chart looks the same on every machine. The palette is
//! Okabe–Ito, which stays distinguishable for the common forms of colour blindness.

mod axes;
mod draw;
mod legend;
mod model;
mod text;

pub use axes::{axis_number, numeric_ticks};
use draw::*;
use model::*;
pub use model::{CHART_SIZE, Chart, Colour, Logo, Mark, Panel, Style, XAxis, YFormat};
use text::*;

use crate::error::{Error, Result};
use crate::report::output::write_atomically;
use std::path::Path;

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
    use super::axes::{format_number, spread_labels};
    use super::legend::legend_corner;
    use super::model::segments;
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
