//! Presentation-grade charts: one house style, PNG (1600×900, for slides) and SVG (for documents).
//!
//! A [`Chart`] is plain data — titles, an x axis with labelled ticks, and one or more stacked
//! panels of marks — so callers build charts without touching plotters. Text is drawn with DejaVu
//! Sans, embedded in the binary, so a chart looks the same on every machine. The palette is
//! Okabe–Ito, which stays distinguishable for the common forms of colour blindness.

use super::output::write_atomically;
use crate::error::{Error, Result};
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
    /// drawing leaves them out, and its text is [`PAGE_TEXT`] times larger, so it reads at
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

/// Left (and right) margin of the header and footnote text, in pixels.
const MARGIN_LEFT: i32 = 48;
/// Title size in pixels, before shrinking to fit.
const TITLE_SIZE: u32 = 44;
/// Subtitle size in pixels.
const SUBTITLE_SIZE: u32 = 26;
/// Footnote size in pixels.
const FOOTNOTE_SIZE: u32 = 19;

/// The header and footnote of a chart, laid out.
struct Header {
    title_size: u32,
    subtitle_size: u32,
    footnote_size: u32,
    title: Vec<String>,
    subtitle: Vec<String>,
    footnote: Vec<String>,
    /// Pixels from the top to where the panels start.
    height: u32,
}

/// The width of `text` in pixels at `size`, as drawn.
fn text_width(text: &str, size: u32, bold: bool) -> u32 {
    let font = ("sans-serif", size).into_font();
    let font = if bold {
        font.style(FontStyle::Bold)
    } else {
        font
    };
    font.box_size(text).map_or(0, |(w, _)| w)
}

/// `text` broken at spaces into lines at most `room` pixels wide (a single longer word stays
/// whole, for [`Chart::overflowing_text`] to report).
fn wrap(text: &str, size: u32, bold: bool, room: u32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, size, bold) > room {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

static FONTS: Once = Once::new();

fn register_fonts() {
    FONTS.call_once(|| {
        // The bytes are DejaVu's own: registration cannot fail for them.
        let _ = register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular());
        let _ = register_font("sans-serif", FontStyle::Bold, dejavu::sans::bold());
    });
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

    /// The title, subtitle and footnote laid out for a canvas `width` pixels wide: a title too
    /// long for one line is set smaller (down to 32 px), then wrapped; the subtitle and footnote
    /// wrap at words. Nothing is clipped; [`Chart::overflowing_text`] reports what still would be.
    fn header(&self, width: u32, footer_room: u32, style: &Style) -> Header {
        register_fonts();
        let k = f64::from(width) / f64::from(CHART_SIZE.0);
        let px = |v: u32| (f64::from(v) * k).round() as u32;
        let fu = |v: u32| (f64::from(v) * k * style.text()).round() as u32;
        let room = width.saturating_sub(2 * px(MARGIN_LEFT as u32));
        let (subtitle_size, footnote_size) = (fu(SUBTITLE_SIZE), fu(FOOTNOTE_SIZE));
        let mut title_size = fu(TITLE_SIZE);
        while title_size > fu(32) && text_width(&self.title, title_size, true) > room {
            title_size -= 2;
        }
        // On the page the title and subtitle are the page's own heading and paragraph.
        let (title, subtitle) = if style.page {
            (Vec::new(), Vec::new())
        } else {
            (
                wrap(&self.title, title_size, true, room),
                wrap(&self.subtitle, subtitle_size, false, room),
            )
        };
        let footnote = wrap(
            &self.footnote,
            footnote_size,
            false,
            room.saturating_sub(footer_room),
        );
        let height = px(26)
            + title.len() as u32 * (title_size + px(8))
            + px(6)
            + subtitle.len() as u32 * (subtitle_size + px(8))
            + px(8);
        Header {
            title_size,
            subtitle_size,
            footnote_size,
            title,
            subtitle,
            footnote,
            height: if style.page {
                px(24)
            } else {
                height.max(px(124))
            },
        }
    }

    /// Lines of the title, subtitle or footnote that would run past the canvas even after
    /// wrapping (a single word wider than the chart): empty for a chart fit to show.
    pub fn overflowing_text(&self) -> Vec<String> {
        let (width, _) = CHART_SIZE;
        let room = width - 2 * MARGIN_LEFT as u32;
        let header = self.header(width, 0, &Style::default());
        let mut out = Vec::new();
        for (lines, size, bold) in [
            (&header.title, header.title_size, true),
            (&header.subtitle, SUBTITLE_SIZE, false),
            (&header.footnote, FOOTNOTE_SIZE, false),
        ] {
            out.extend(
                lines
                    .iter()
                    .filter(|l| text_width(l, size, bold) > room)
                    .cloned(),
            );
        }
        out
    }

    /// Draws the chart on `root`; returns, per panel, how many data points its legend covers
    /// (0 where it has none).
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        style: &Style,
    ) -> Result<Vec<usize>, String> {
        let mut clashes = Vec::with_capacity(self.panels.len());
        let e = |err: DrawingAreaErrorKind<DB::ErrorType>| err.to_string();
        let (width, height) = root.dim_in_pixel();
        let k = style.scale();
        let px = |v: i32| (f64::from(v) * k).round() as i32;
        let pu = |v: u32| (f64::from(v) * k).round() as u32;
        // Text sizes, and the room kept for text: larger on the page.
        let fu = |v: u32| (f64::from(v) * k * style.text()).round() as u32;
        let fx = |v: i32| (f64::from(v) * k * style.text()).round() as i32;
        let black = Colour::Black.rgb();
        let grey = Colour::Grey.rgb();
        root.fill(&WHITE).map_err(e)?;
        let footer_room = style.logo.as_ref().map_or(0, |l| l.width + pu(24));
        let header = self.header(width, footer_room, style);
        let margin_left = px(MARGIN_LEFT);
        let mut y = px(26);
        for line in &header.title {
            root.draw(&Text::new(
                line.clone(),
                (margin_left, y),
                ("sans-serif", header.title_size)
                    .into_font()
                    .style(FontStyle::Bold)
                    .color(&black),
            ))
            .map_err(e)?;
            y += header.title_size as i32 + px(8);
        }
        y += px(6);
        for line in &header.subtitle {
            root.draw(&Text::new(
                line.clone(),
                (margin_left, y),
                ("sans-serif", header.subtitle_size)
                    .into_font()
                    .color(&grey),
            ))
            .map_err(e)?;
            y += header.subtitle_size as i32 + px(8);
        }
        let line_gap = fx(24);
        let footnote_top = height as i32 - px(38) - (header.footnote.len() as i32 - 1) * line_gap;
        for (n, line) in header.footnote.iter().enumerate() {
            root.draw(&Text::new(
                line.clone(),
                (margin_left, footnote_top + n as i32 * line_gap),
                ("sans-serif", header.footnote_size)
                    .into_font()
                    .color(&grey),
            ))
            .map_err(e)?;
        }
        let mut bottom = pu(24) + (header.footnote.len() as u32 - 1) * line_gap as u32;
        if let Some(logo) = &style.logo {
            let at = (
                width as i32 - margin_left - logo.width as i32,
                height as i32 - px(12) - logo.height as i32,
            );
            if let Some(image) = BitMapElement::<_, plotters::backend::RGBPixel>::with_owned_buffer(
                at,
                (logo.width, logo.height),
                logo.rgb.clone(),
            ) {
                root.draw(&image).map_err(e)?;
            }
            bottom = bottom.max(logo.height + pu(12) - pu(14));
        }

        let body = root.margin(header.height, pu(56), bottom, pu(48));
        let areas = body.split_evenly((self.panels.len().max(1), 1));
        let tick_font = ("sans-serif", fu(20))
            .into_font()
            .color(&RGBColor(60, 60, 60))
            .pos(Pos::new(HPos::Center, VPos::Top));
        // Tick labels may run over two lines (a date and a special day's name).
        let tick_lines = self
            .x
            .ticks
            .iter()
            .map(|(_, label)| label.lines().count().max(1))
            .max()
            .unwrap_or(1) as i32;
        let tick_line_gap = fx(24);
        let extra_tick_room = (tick_lines - 1) * tick_line_gap;
        for (index, (area, panel)) in areas.iter().zip(&self.panels).enumerate() {
            let last = index + 1 == self.panels.len();
            let (x0, x1) = self.x.range;
            let x_label_room = if last {
                fu(76) + extra_tick_room as u32
            } else {
                pu(16)
            };
            // The plotting area in pixels: the panel less its margins and label areas.
            let (area_w, area_h) = area.dim_in_pixel();
            let plot_px = (
                f64::from(area_w) - f64::from(2 * pu(12) + fu(110)),
                f64::from(area_h) - f64::from(2 * pu(12) + x_label_room),
            );
            let legend_px = legend_size(panel, fu(20));
            let (legend_at, covered, spot) = legend_corner(panel, self.x.range, legend_px, plot_px);
            // No clear spot inside the data: room above it for the legend instead.
            let roomy = (covered > 0)
                .then(|| with_legend_room(panel, self.x.range, legend_px, plot_px))
                .flatten();
            let (panel, (legend_at, _, spot)) = match &roomy {
                Some(roomy) => (
                    roomy,
                    legend_corner(roomy, self.x.range, legend_px, plot_px),
                ),
                None => (panel, (legend_at, covered, spot)),
            };
            if has_legend(panel) {
                clashes.push(legend_clash(panel, self.x.range, legend_px, plot_px, spot));
            } else {
                clashes.push(0);
            }
            let (y0, y1) = panel.y_range;
            let mut chart = ChartBuilder::on(area)
                .margin(pu(12))
                .x_label_area_size(x_label_room)
                .y_label_area_size(fu(110))
                .build_cartesian_2d(x0..x1, y0..y1)
                .map_err(e)?;
            let y_format = panel.y_format;
            // Ticks in the legend's headroom are left unlabelled: the axis reads to the data's
            // own range (e.g. 100 %).
            let labelled_top = self.panels[index].y_range.1;
            let y_label = move |v: &f64| {
                if *v > labelled_top + 1e-9 * labelled_top.abs().max(1.0) {
                    return String::new();
                }
                match y_format {
                    YFormat::Percent => super::format::percent(*v, 0),
                    YFormat::Number => format_number(*v),
                    YFormat::Seconds => format!("{} s", format_number(*v)),
                    YFormat::Rows => String::new(),
                }
            };
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(0)
                .y_labels(6)
                .y_label_formatter(&y_label)
                .y_desc(panel.y_title.clone())
                .bold_line_style(RGBColor(226, 226, 226))
                .light_line_style(RGBColor(246, 246, 246))
                .axis_style(RGBColor(150, 150, 150))
                .axis_desc_style(("sans-serif", fu(24)).into_font().color(&black))
                .label_style(
                    ("sans-serif", fu(20))
                        .into_font()
                        .color(&RGBColor(60, 60, 60)),
                )
                .draw()
                .map_err(e)?;

            // The x axis is drawn by hand: ticks exactly where the caller wants them (clock
            // times, dates), not where a "nice number" algorithm would put them.
            for (x, _) in &self.x.ticks {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(*x, y0), (*x, y1)],
                        RGBColor(232, 232, 232),
                    )))
                    .map_err(e)?;
            }
            if last {
                let (left, py) = chart.backend_coord(&(x0, y0));
                let (right, _) = chart.backend_coord(&(x1, y0));
                let centres: Vec<i32> = self
                    .x
                    .ticks
                    .iter()
                    .map(|(x, _)| chart.backend_coord(&(*x, y0)).0)
                    .collect();
                let widths: Vec<i32> = self
                    .x
                    .ticks
                    .iter()
                    .map(|(_, label)| {
                        label
                            .lines()
                            .map(|l| text_width(l, fu(20), false) as i32)
                            .max()
                            .unwrap_or(0)
                    })
                    .collect();
                let bounds = (left - px(40), right + px(40));
                let placed = spread_labels(&centres, &widths, px(14), bounds);
                for ((_, label), at) in self.x.ticks.iter().zip(placed) {
                    for (n, line) in label.lines().enumerate() {
                        root.draw(&Text::new(
                            line.to_string(),
                            (at, py + px(10) + n as i32 * tick_line_gap),
                            tick_font.clone(),
                        ))
                        .map_err(e)?;
                    }
                }
            }
            for &x in &self.x.separators {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(x, y0), (x, y1)],
                        ShapeStyle::from(&RGBColor(185, 185, 185)).stroke_width(pu(1)),
                    )))
                    .map_err(e)?;
            }
            if last {
                let (left, bottom) = chart.backend_coord(&(x0, y0));
                let (right, _) = chart.backend_coord(&(x1, y0));
                root.draw(&Text::new(
                    self.x.title.clone(),
                    ((left + right) / 2, bottom + fx(44) + extra_tick_room),
                    ("sans-serif", fu(24))
                        .into_font()
                        .color(&black)
                        .pos(Pos::new(HPos::Center, VPos::Top)),
                ))
                .map_err(e)?;
            }
            let mut labelled = false;
            for mark in &panel.marks {
                labelled |= draw_mark(&mut chart, mark, (y0, y1), style).map_err(e)?;
            }
            if labelled {
                chart
                    .configure_series_labels()
                    .position(legend_at)
                    .background_style(WHITE.mix(0.88))
                    .border_style(RGBColor(210, 210, 210))
                    .label_font(("sans-serif", fu(20)).into_font().color(&black))
                    .margin(pu(12))
                    .draw()
                    .map_err(e)?;
            }
        }
        Ok(clashes)
    }
}

type Chart2d<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Draws one mark; returns whether it added a legend entry.
fn draw_mark<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart2d<'a, DB>,
    mark: &Mark,
    (y0, y1): (f64, f64),
    look: &Style,
) -> Result<bool, DrawingAreaErrorKind<DB::ErrorType>> {
    let clamp = |y: f64| y.clamp(y0, y1);
    let k = look.scale();
    let pu = |v: u32| ((f64::from(v) * k).round() as u32).max(1);
    let fu = |v: u32| ((f64::from(v) * k * look.text()).round() as u32).max(1);
    match mark {
        Mark::Line {
            label,
            points,
            colour,
            dashed,
        } => {
            // Thick polylines spike at sharp corners (miter joins): dense, jagged series are
            // drawn thin.
            let width = if points.len() > 600 { pu(1) } else { pu(3) };
            let style = ShapeStyle::from(&look.colour(*colour)).stroke_width(width);
            let legend_style = ShapeStyle::from(&look.colour(*colour)).stroke_width(pu(3));
            let dashed_legend = *dashed;
            let mut first = true;
            for segment in segments(points) {
                let segment: Vec<(f64, f64)> =
                    segment.into_iter().map(|(x, y)| (x, clamp(y))).collect();
                // A thick polyline is drawn as separate two-point strokes: plotters joins
                // polyline corners with miters, which spike past the data at steep turns (an
                // ASA curve "below 0 s", a dip in a monotone service level).
                let drawn = if *dashed {
                    chart.draw_series(DashedLineSeries::new(segment, 12, 8, style))?
                } else if width > 1 && segment.len() > 1 {
                    chart.draw_series(
                        segment
                            .windows(2)
                            .map(|pair| PathElement::new(vec![pair[0], pair[1]], style)),
                    )?
                } else {
                    chart.draw_series(LineSeries::new(segment, style))?
                };
                if first && !label.is_empty() {
                    drawn.label(label.clone()).legend(move |(x, y)| {
                        let [a, b] = swatch_strokes(dashed_legend);
                        EmptyElement::at((x, y))
                            + PathElement::new(a, legend_style)
                            + PathElement::new(b, legend_style)
                    });
                }
                first = false;
            }
            Ok(!label.is_empty())
        }
        Mark::Band {
            label,
            points,
            colour,
        } => {
            let fill = look.colour(*colour).mix(0.22);
            let mut first = true;
            for segment in band_segments(points) {
                let mut outline: Vec<(f64, f64)> =
                    segment.iter().map(|(x, lo, _)| (*x, clamp(*lo))).collect();
                outline.extend(segment.iter().rev().map(|(x, _, hi)| (*x, clamp(*hi))));
                let drawn =
                    chart.draw_series(std::iter::once(Polygon::new(outline, fill.filled())))?;
                if first && !label.is_empty() {
                    drawn.label(label.clone()).legend(move |(x, y)| {
                        Rectangle::new([(x, y - 8), (x + 22, y + 8)], fill.filled())
                    });
                }
                first = false;
            }
            Ok(!label.is_empty())
        }
        Mark::Rects {
            label,
            rects,
            colour,
        } => {
            let fill = look.colour(*colour).mix(0.28);
            let drawn = chart.draw_series(rects.iter().map(|&(x0, x1, ya, yb)| {
                Rectangle::new([(x0, clamp(ya)), (x1, clamp(yb))], fill.filled())
            }))?;
            if !label.is_empty() && !rects.is_empty() {
                drawn.label(label.clone()).legend(move |(x, y)| {
                    Rectangle::new([(x, y - 8), (x + 22, y + 8)], fill.filled())
                });
                return Ok(true);
            }
            Ok(false)
        }
        Mark::Bars {
            label,
            bars,
            colour,
        } => {
            let fill = look.colour(*colour).mix(0.9);
            let edge = ShapeStyle::from(&look.colour(*colour)).stroke_width(pu(2));
            let drawn = chart.draw_series(bars.iter().map(|&(x0, x1, ya, yb)| {
                Rectangle::new([(x0, clamp(ya)), (x1, clamp(yb))], fill.filled())
            }))?;
            if !label.is_empty() && !bars.is_empty() {
                drawn.label(label.clone()).legend(move |(x, y)| {
                    Rectangle::new([(x, y - 8), (x + 22, y + 8)], fill.filled())
                });
            }
            chart.draw_series(bars.iter().map(|&(x0, x1, ya, yb)| {
                Rectangle::new([(x0, clamp(ya)), (x1, clamp(yb))], edge)
            }))?;
            Ok(!label.is_empty() && !bars.is_empty())
        }
        Mark::Points {
            label,
            points,
            colour,
            size,
        } => {
            let style = look.colour(*colour).filled();
            let size = pu(*size) as i32;
            let drawn = chart.draw_series(
                points
                    .iter()
                    .map(|&(x, y)| Circle::new((x, clamp(y)), size, style)),
            )?;
            if !label.is_empty() && !points.is_empty() {
                drawn
                    .label(label.clone())
                    .legend(move |(x, y)| Circle::new((x + 11, y), size, style));
                return Ok(true);
            }
            Ok(false)
        }
        Mark::Labels { labels } => {
            let font = ("sans-serif", fu(20))
                .into_font()
                .style(FontStyle::Bold)
                .color(&RGBColor(30, 30, 30))
                .pos(Pos::new(HPos::Center, VPos::Bottom));
            chart.draw_series(labels.iter().map(|(x, y, text)| {
                EmptyElement::at((*x, clamp(*y)))
                    + Text::new(text.clone(), (0, -(pu(8) as i32)), font.clone())
            }))?;
            Ok(false)
        }
        Mark::Notes { notes } => {
            let x_range = chart.x_range();
            let right_third = x_range.start + (x_range.end - x_range.start) * 2.0 / 3.0;
            for (x, y, text) in notes {
                let left = *x > right_third;
                let font = ("sans-serif", fu(20))
                    .into_font()
                    .style(FontStyle::Bold)
                    .color(&RGBColor(30, 30, 30))
                    .pos(Pos::new(
                        if left { HPos::Right } else { HPos::Left },
                        VPos::Top,
                    ));
                let dx = if left {
                    -(pu(14) as i32)
                } else {
                    pu(14) as i32
                };
                chart.draw_series(std::iter::once(
                    EmptyElement::at((*x, clamp(*y)))
                        + Text::new(text.clone(), (dx, pu(10) as i32), font),
                ))?;
            }
            Ok(false)
        }
        Mark::HLine { label, y, colour } => {
            let style = ShapeStyle::from(&look.colour(*colour)).stroke_width(pu(2));
            let (x0, x1) = {
                let range = chart.x_range();
                (range.start, range.end)
            };
            let drawn = chart.draw_series(DashedLineSeries::new(
                vec![(x0, *y), (x1, *y)],
                14,
                10,
                style,
            ))?;
            if !label.is_empty() {
                drawn.label(label.clone()).legend(move |(x, y)| {
                    let [a, b] = swatch_strokes(true);
                    EmptyElement::at((x, y))
                        + PathElement::new(a, style)
                        + PathElement::new(b, style)
                });
            }
            Ok(!label.is_empty())
        }
    }
}

/// The two strokes of a legend swatch for a line, relative to its anchor: one 22-pixel stroke
/// (and an empty one) when solid, two dashes when dashed, so the legend shows the line as drawn.
fn swatch_strokes(dashed: bool) -> [Vec<(i32, i32)>; 2] {
    if dashed {
        [vec![(0, 0), (9, 0)], vec![(14, 0), (23, 0)]]
    } else {
        [vec![(0, 0), (23, 0)], vec![(23, 0), (23, 0)]]
    }
}

/// The corner of the panel whose legend box would cover the fewest data points: upper right,
/// then upper left, lower right, lower left on ties.
/// Centres for labels of `widths` pixels wanted at `centres` (in ascending order), moved apart
/// just enough that neighbours keep `gap` pixels between them and all stay within `bounds`:
/// a forward pass pushes crowded labels right, a backward pass pulls them back from the right
/// edge. Labels that fit where they are do not move.
fn spread_labels(centres: &[i32], widths: &[i32], gap: i32, (lo, hi): (i32, i32)) -> Vec<i32> {
    let mut at: Vec<i32> = centres.to_vec();
    let half = |k: usize| widths[k] / 2;
    for k in 0..at.len() {
        let floor = if k == 0 {
            lo + half(0)
        } else {
            at[k - 1] + half(k - 1) + gap + half(k)
        };
        at[k] = at[k].max(floor);
    }
    for k in (0..at.len()).rev() {
        let ceiling = if k + 1 == at.len() {
            hi - half(k)
        } else {
            at[k + 1] - half(k + 1) - gap - half(k)
        };
        at[k] = at[k].min(ceiling);
    }
    at
}

/// Where a panel's legend goes: the spot — a corner first, else an edge middle, the centre or
/// a quarter point — whose box covers the fewest drawn points. Lines are sampled along their segments,
/// not only at their vertices, so a line that dives through a corner between two points (a
/// collapse in service level) keeps the legend away. `legend_px` is the legend's estimated size
/// and `plot_px` the plotting area's, in pixels.
fn legend_corner(
    panel: &Panel,
    (x0, x1): (f64, f64),
    legend_px: (f64, f64),
    plot_px: (f64, f64),
) -> (SeriesLabelPosition, usize, (f64, f64)) {
    let (y0, y1) = panel.y_range;
    // The box in data units, with the 12-px margin plotters leaves around it.
    let w = (x1 - x0) * ((legend_px.0 + 24.0) / plot_px.0.max(1.0)).min(0.9);
    let h = (y1 - y0) * ((legend_px.1 + 24.0) / plot_px.1.max(1.0)).min(0.9);
    // Candidate spots as fractions of the free room (x from the left, y from the bottom):
    // the corners first, then the edge middles, the centre, and the quarter points.
    let mut spots: Vec<(f64, f64)> = vec![
        (1.0, 1.0),
        (0.0, 1.0),
        (1.0, 0.0),
        (0.0, 0.0),
        (0.5, 1.0),
        (0.5, 0.0),
        (1.0, 0.5),
        (0.0, 0.5),
        (0.5, 0.5),
    ];
    for fx in [0.25, 0.75] {
        for fy in [1.0, 0.0, 0.75, 0.25, 0.5] {
            spots.push((fx, fy));
        }
    }
    for fy in [0.75, 0.25] {
        for fx in [1.0, 0.0, 0.5] {
            spots.push((fx, fy));
        }
    }
    let points = drawn_points(panel, (x0, x1));
    let (covered, (fx, fy)) = spots
        .into_iter()
        .map(|(fx, fy)| {
            let xa = x0 + fx * (x1 - x0 - w);
            let ya = y0 + fy * (y1 - y0 - h);
            let covered = points
                .iter()
                .filter(|(x, y)| (xa..=xa + w).contains(x) && (ya..=ya + h).contains(y))
                .count();
            (covered, (fx, fy))
        })
        .min_by_key(|&(covered, _)| covered)
        .unwrap_or((0, (1.0, 1.0)));
    // plotters places the legend's top-left corner in pixels within the plotting area.
    let free = (
        (plot_px.0 - legend_px.0 - 10.0).max(0.0),
        (plot_px.1 - legend_px.1 - 10.0).max(0.0),
    );
    (
        SeriesLabelPosition::Coordinate(
            (5.0 + fx * free.0).round() as i32,
            (5.0 + (1.0 - fy) * free.1).round() as i32,
        ),
        covered,
        (fx, fy),
    )
}

/// How many of the points that `panel`'s data marks draw (backdrops left out) a legend at the
/// spot `(fx, fy)` would cover.
fn legend_clash(
    panel: &Panel,
    (x0, x1): (f64, f64),
    legend_px: (f64, f64),
    plot_px: (f64, f64),
    (fx, fy): (f64, f64),
) -> usize {
    let (y0, y1) = panel.y_range;
    let w = (x1 - x0) * ((legend_px.0 + 24.0) / plot_px.0.max(1.0)).min(0.9);
    let h = (y1 - y0) * ((legend_px.1 + 24.0) / plot_px.1.max(1.0)).min(0.9);
    let xa = x0 + fx * (x1 - x0 - w);
    let ya = y0 + fy * (y1 - y0 - h);
    let data = Panel {
        marks: panel
            .marks
            .iter()
            .filter(|m| !is_backdrop(m, (y0, y1)))
            .cloned()
            .collect(),
        ..panel.clone()
    };
    drawn_points(&data, (x0, x1))
        .iter()
        .filter(|(x, y)| (xa..=xa + w).contains(x) && (ya..=ya + h).contains(y))
        .count()
}

/// Whether a mark is a full-height background (a closed period's shading): the legend may lie
/// over it, and it reaches any headroom added above the data.
fn is_backdrop(mark: &Mark, (y0, y1): (f64, f64)) -> bool {
    match mark {
        Mark::Rects { rects, .. } => rects.iter().all(|r| r.2 <= y0 && r.3 >= y1),
        _ => false,
    }
}

/// `panel` with room above its data for a legend of `legend_px` in a plot of `plot_px` pixels,
/// when no spot inside the data leaves the legend clear of it: the y range grows upwards just
/// enough that the legend's box fits above the highest point drawn (backdrops reach the new
/// top), and its new top is returned with it. `None` when a clear spot exists or the room
/// would take more than half the panel.
fn with_legend_room(
    panel: &Panel,
    x_range: (f64, f64),
    legend_px: (f64, f64),
    plot_px: (f64, f64),
) -> Option<Panel> {
    let (y0, y1) = panel.y_range;
    let share = (legend_px.1 + 24.0) / plot_px.1.max(1.0);
    if share >= 0.5 || y1 <= y0 {
        return None;
    }
    let data = Panel {
        marks: panel
            .marks
            .iter()
            .filter(|m| !is_backdrop(m, (y0, y1)))
            .cloned()
            .collect(),
        ..panel.clone()
    };
    let top = drawn_points(&data, x_range)
        .into_iter()
        .map(|(_, y)| y.clamp(y0, y1))
        .fold(y0, f64::max);
    // The legend's share of the new range lies above `top`, with 2 % to spare.
    let new_top = (top - (share + 0.02) * y0) / (1.0 - share - 0.02);
    let mut roomy = panel.clone();
    roomy.y_range = (y0, new_top.max(y1));
    // A level above the old top was off the chart: it stays off.
    roomy
        .marks
        .retain(|m| !matches!(m, Mark::HLine { y, .. } if *y > y1));
    for mark in &mut roomy.marks {
        if is_backdrop(mark, (y0, y1))
            && let Mark::Rects { rects, .. } = mark
        {
            rects.iter_mut().for_each(|r| r.3 = new_top.max(y1));
        } else {
            // What ran off the old top stays cut there, out of the legend's room.
            mark.map_y(|y| y.min(y1));
        }
    }
    Some(roomy)
}

/// The points a panel's marks draw, in data units, with lines sampled along their segments.
fn drawn_points(panel: &Panel, (x0, x1): (f64, f64)) -> Vec<(f64, f64)> {
    let mut points: Vec<(f64, f64)> = Vec::new();
    let step = (x1 - x0) / 400.0;
    let along = |points: &mut Vec<(f64, f64)>, a: (f64, f64), b: (f64, f64)| {
        let n = (((b.0 - a.0).abs() / step).ceil() as usize).clamp(1, 400);
        for k in 0..=n {
            let t = k as f64 / n as f64;
            points.push((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t));
        }
    };
    for mark in &panel.marks {
        match mark {
            Mark::Line { points: p, .. } => {
                for segment in segments(p) {
                    for pair in segment.windows(2) {
                        along(&mut points, pair[0], pair[1]);
                    }
                    if let [only] = segment.as_slice() {
                        along(&mut points, *only, *only);
                    }
                }
            }
            Mark::Band { points: p, .. } => {
                for segment in band_segments(p) {
                    for pair in segment.windows(2) {
                        along(&mut points, (pair[0].0, pair[0].1), (pair[1].0, pair[1].1));
                        along(&mut points, (pair[0].0, pair[0].2), (pair[1].0, pair[1].2));
                    }
                }
            }
            Mark::Points { points: p, .. } => points.extend(p.iter().copied()),
            Mark::Labels { labels } | Mark::Notes { notes: labels } => {
                points.extend(labels.iter().map(|(x, y, _)| (*x, *y)))
            }
            Mark::HLine { y, .. } => along(&mut points, (x0, *y), (x1, *y)),
            Mark::Rects { rects, .. } | Mark::Bars { bars: rects, .. } => {
                for &(xa, xb, ya, yb) in rects {
                    for i in 0..=4 {
                        for j in 0..=4 {
                            let (fx, fy) = (f64::from(i) / 4.0, f64::from(j) / 4.0);
                            points.push((xa + (xb - xa) * fx, ya + (yb - ya) * fy));
                        }
                    }
                }
            }
        }
    }
    points
}

/// Whether any mark of `panel` is named in a legend.
fn has_legend(panel: &Panel) -> bool {
    panel.marks.iter().any(|m| match m {
        Mark::Line { label, .. }
        | Mark::Band { label, .. }
        | Mark::Rects { label, .. }
        | Mark::Bars { label, .. }
        | Mark::Points { label, .. }
        | Mark::HLine { label, .. } => !label.is_empty(),
        Mark::Labels { .. } | Mark::Notes { .. } => false,
    })
}

/// The legend's size in pixels for the labelled marks of `panel` at text `size`.
fn legend_size(panel: &Panel, size: u32) -> (f64, f64) {
    let labels: Vec<&str> = panel
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Line { label, .. }
            | Mark::Band { label, .. }
            | Mark::Rects { label, .. }
            | Mark::Bars { label, .. }
            | Mark::Points { label, .. }
            | Mark::HLine { label, .. } => (!label.is_empty()).then_some(label.as_str()),
            Mark::Labels { .. } | Mark::Notes { .. } => None,
        })
        .collect();
    let widest = labels
        .iter()
        .map(|l| text_width(l, size, false))
        .max()
        .unwrap_or(0);
    let line = f64::from(size) * 1.15;
    (
        f64::from(widest) + 2.2 * f64::from(size) + 24.0,
        labels.len() as f64 * line + 24.0,
    )
}

/// Splits points at gaps.
fn segments(points: &[(f64, Option<f64>)]) -> Vec<Vec<(f64, f64)>> {
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

fn band_segments(points: &[(f64, Option<(f64, f64)>)]) -> Vec<Vec<(f64, f64, f64)>> {
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

/// 1234.5 → "1,235"; 12.5 → "12.5"; 0.25 → "0.25".
fn format_number(v: f64) -> String {
    if v.abs() >= 1000.0 {
        super::format::thousands(v)
    } else if v.fract().abs() < 1e-9 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// Ticks at round steps between `lo` and `hi` (at most about 12), labelled by `format`.
pub fn numeric_ticks(lo: f64, hi: f64, format: impl Fn(f64) -> String) -> Vec<(f64, String)> {
    let span = (hi - lo).abs().max(f64::MIN_POSITIVE);
    let magnitude = 10f64.powf(span.log10().floor());
    let step = [0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| span / s <= 12.0)
        .unwrap_or(magnitude * 10.0);
    let first = (lo / step).ceil();
    (0..)
        .map(|k| (first + f64::from(k)) * step)
        .take_while(|x| *x <= hi + step * 1e-9)
        .map(|x| (x, format(x)))
        .collect()
}

/// Formats a number for an axis: thousands grouped, trailing zeros dropped.
pub fn axis_number(v: f64) -> String {
    format_number(v)
}

/// RGB pixels to PNG bytes.
fn encode_png(pixels: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(pixels).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(bytes)
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
